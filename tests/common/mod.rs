//! A fresh PostgreSQL database per test, on a real server.
//!
//! The server is the one `scripts/bootstrap` starts (unix socket in /var/run/postgresql), or
//! the one `HOTELSCHEMA_TEST_DATABASE_URL` names (any database the role can connect to; the role
//! must be allowed to create databases). A test never skips itself: without a server it fails
//! and says how to get one.
#![allow(dead_code)] // each test binary uses its own part of this module

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

/// The current OS user, the role `scripts/bootstrap` creates. (sqlx's own guess reads $USER,
/// which is often unset for root.)
fn os_user() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("run `id -un`");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn admin_url() -> String {
    std::env::var("HOTELSCHEMA_TEST_DATABASE_URL").unwrap_or_else(|_| {
        format!(
            "postgres://{}@%2Fvar%2Frun%2Fpostgresql/postgres",
            os_user()
        )
    })
}

fn admin_options() -> PgConnectOptions {
    let url = admin_url();
    url.parse()
        .unwrap_or_else(|e| panic!("the test database URL {url:?} is not valid: {e}"))
}

pub struct TestDb {
    pub name: String,
    pub options: PgConnectOptions,
}

impl TestDb {
    /// Creates an empty database with a unique name; it is dropped when the value is.
    pub async fn new() -> TestDb {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "hotelschema_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = admin_options().connect().await.unwrap_or_else(|e| {
            panic!(
                "cannot reach the test PostgreSQL server ({e}).\n\
                 Run `scripts/bootstrap` (installs and starts PostgreSQL and creates a superuser \
                 role for the current user), or set HOTELSCHEMA_TEST_DATABASE_URL to a server \
                 where this role may create databases."
            )
        });
        sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut admin)
            .await
            .expect("create the test database");
        let options = admin_options().database(&name);
        TestDb { name, options }
    }

    /// The URL of this database, for the CLI's `--db` and for pg_dump.
    pub fn url(&self) -> String {
        let mut url = url::Url::parse(&admin_url()).expect("the admin URL parses");
        url.set_path(&format!("/{}", self.name));
        url.to_string()
    }

    /// `pg_dump --schema-only` of this database: the catalog, to compare states.
    pub fn schema_dump(&self) -> String {
        let out = std::process::Command::new("pg_dump")
            .args(["--schema-only", "--no-owner", "--dbname"])
            .arg(self.url())
            .output()
            .expect("run pg_dump (Debian: postgresql-client)");
        assert!(
            out.status.success(),
            "pg_dump failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Drop pg_dump's comments and its per-run random \restrict keys.
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| {
                !l.starts_with("--")
                    && !l.starts_with("\\restrict")
                    && !l.starts_with("\\unrestrict")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    pub async fn connect(&self) -> PgConnection {
        self.options
            .connect()
            .await
            .expect("connect to the test database")
    }

    /// Runs a whole SQL script in one transaction, as `psql -1` would.
    pub async fn run_script(&self, sql: &str) -> Result<(), sqlx::Error> {
        let mut conn = self.connect().await;
        let mut tx = conn.begin().await?;
        sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop can't be async; use a runtime of our own on another thread.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("tokio runtime");
            runtime.block_on(async {
                if let Ok(mut admin) = admin_options().connect().await {
                    let _ = sqlx::raw_sql(AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                    )))
                    .execute(&mut admin)
                    .await;
                }
            });
        })
        .join();
    }
}
