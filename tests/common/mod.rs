//! A fresh PostgreSQL database per test, on a real server.
//!
//! The server is the one `scripts/bootstrap` starts (unix socket in /var/run/postgresql), or
//! the one `HOTELSCHEMA_TEST_DATABASE_URL` names (any database the role can connect to; the role
//! must be allowed to create databases). A test never skips itself: without a server it fails
//! and says how to get one.
#![allow(dead_code)] // each test binary uses its own part of this module

#[allow(dead_code)]
pub mod citus;
#[allow(dead_code)]
pub mod clusters;
#[allow(dead_code)]
pub mod prove;
#[allow(dead_code)]
pub mod runs;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

/// A SQL fixture of `tests/fixtures/live`, written in the style of a real database.
pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/live")
            .join(name),
    )
    .unwrap()
}

/// The binary, cleared of the caller's environment that would change what it does:
/// `DATABASE_URL` would point a command at another database, `GITHUB_ACTIONS` changes
/// `check`'s default format, `NO_COLOR` / `CLICOLOR_FORCE` its colours. Scratch databases go
/// on the test's own server (`HOTELSCHEMA_DEV_DB=target`: each test's database is a throwaway
/// one); `tests/it/dev_db.rs` runs without it.
pub fn hotelschema() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("hotelschema"));
    cmd.env_remove("DATABASE_URL")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("HOTELSCHEMA_DEV_DB", "target");
    cmd
}

/// The same, as an `assert_cmd` command.
pub fn hotelschema_cmd() -> assert_cmd::Command {
    assert_cmd::Command::from_std(hotelschema())
}

/// The current OS user, the role `scripts/bootstrap` creates. (sqlx's own guess reads $USER,
/// which is often unset for root.)
pub fn os_user() -> String {
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

    /// A copy of `source` (CREATE DATABASE ... TEMPLATE): the same database, to take over in
    /// place without touching the original. Nobody may be connected to `source`.
    pub async fn copy_of(source: &TestDb) -> TestDb {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "hotelschema_copy_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let mut admin = admin_options()
            .connect()
            .await
            .expect("connect to the server");
        sqlx::raw_sql(AssertSqlSafe(format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{}\"",
            source.name
        )))
        .execute(&mut admin)
        .await
        .expect("copy the database");
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
            .args([
                "--schema-only",
                "--no-owner",
                "--exclude-table=refinery_schema_history",
                "--dbname",
            ])
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

    /// Creates the cluster role `name` unless it exists (roles are shared by every database
    /// of the server, and tests run in parallel).
    pub async fn ensure_role(&self, name: &str) {
        let sql = format!(
            "DO $$ BEGIN CREATE ROLE \"{name}\"; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;"
        );
        let mut conn = self.connect().await;
        sqlx::raw_sql(AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .expect("create a role");
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

/// Everything the model describes, read from the catalog (ACLs as they take effect: a NULL
/// ACL is PostgreSQL's default one, written out; entries sorted); column order is not part of it
/// (PostgreSQL appends added columns wherever the YAML puts them).
pub async fn catalog(db: &TestDb) -> BTreeSet<String> {
    let mut conn = db.connect().await;
    // Every user schema, each name qualified by its schema.
    let rows: Vec<(String,)> = sqlx::query_as(
        "WITH ns AS (SELECT oid, nspname FROM pg_namespace
                      WHERE nspname NOT IN ('pg_catalog', 'information_schema')
                        AND nspname NOT LIKE 'pg_toast%' AND nspname NOT LIKE 'pg_temp%')
         SELECT 'schema ' || nspname FROM ns
         UNION ALL
         SELECT 'extension ' || extname || ' in ' || extnamespace::regnamespace::text
           FROM pg_extension WHERE extname <> 'plpgsql'
         UNION ALL
         SELECT 'partitioned ' || c.oid::regclass::text || ' by ' || pg_get_partkeydef(c.oid)
           FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind = 'p'
         UNION ALL
         SELECT 'partition ' || c.oid::regclass::text || ' of ' || i.inhparent::regclass::text
           || ' ' || pg_get_expr(c.relpartbound, c.oid)
           FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid JOIN ns ON ns.oid = c.relnamespace
          WHERE c.relispartition AND c.relkind IN ('r', 'p')
         UNION ALL
         SELECT 'rule ' || r.rulename || ' ' || pg_get_ruledef(r.oid) FROM pg_rewrite r
           JOIN pg_class c ON c.oid = r.ev_class JOIN ns ON ns.oid = c.relnamespace
          WHERE r.rulename <> '_RETURN'
         UNION ALL
         SELECT 'event trigger ' || evtname || ' ' || evtevent || ' ' || evtfoid::regproc::text
           || ' ' || coalesce(array_to_string(evttags, ','), '-') || ' ' || evtenabled::text
           FROM pg_event_trigger
         UNION ALL
         SELECT 'range type ' || rngtypid::regtype::text || ' of ' || rngsubtype::regtype::text
           FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN ns ON ns.oid = t.typnamespace
         UNION ALL
         SELECT 'column collation ' || a.attrelid::regclass::text || '.' || a.attname || ' '
           || coll.collname || ' generated ' || a.attgenerated::text
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace
           JOIN pg_collation coll ON coll.oid = a.attcollation
          WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            AND c.relname NOT IN ('refinery_schema_history', 'hotelschema_baseline', 'hotelschema_attempts')
         UNION ALL
         SELECT 'enum ' || ns.nspname || '.' || t.typname || ' '
           || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
           || ' comment ' || coalesce(obj_description(t.oid, 'pg_type'), '-')
           FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN ns ON ns.oid = t.typnamespace
          GROUP BY t.oid, ns.nspname, t.typname
         UNION ALL
         SELECT 'table ' || ns.nspname || '.' || c.relname || ' comment '
           || coalesce(obj_description(c.oid, 'pg_class'), '-')
           FROM pg_class c JOIN ns ON ns.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')
            AND c.relname NOT IN ('refinery_schema_history', 'hotelschema_baseline', 'hotelschema_attempts')
         UNION ALL
         SELECT 'column ' || ns.nspname || '.' || c.relname || '.' || a.attname || ' '
           || format_type(a.atttypid, a.atttypmod)
           || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
           || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
           || coalesce(' comment ' || col_description(c.oid, a.attnum), '')
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           JOIN ns ON ns.oid = c.relnamespace
           LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE c.relkind IN ('r', 'p')
            AND c.relname NOT IN ('refinery_schema_history', 'hotelschema_baseline', 'hotelschema_attempts') AND a.attnum > 0 AND NOT a.attisdropped
         UNION ALL
         SELECT 'constraint ' || ns.nspname || '.' || c.relname || '.' || con.conname || ' '
           || pg_get_constraintdef(con.oid)
           FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
           JOIN ns ON ns.oid = c.relnamespace
          WHERE c.relname NOT IN ('refinery_schema_history', 'hotelschema_baseline', 'hotelschema_attempts')
         UNION ALL
         SELECT 'index ' || schemaname || '.' || indexname || ' ' || indexdef FROM pg_indexes
          WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
            AND tablename NOT IN ('refinery_schema_history', 'hotelschema_baseline', 'hotelschema_attempts')
         UNION ALL
         SELECT 'view ' || schemaname || '.' || viewname || ' ' || definition FROM pg_views
          WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
         UNION ALL
         SELECT 'row security ' || ns.nspname || '.' || c.relname || ' '
           || c.relrowsecurity::text || ' ' || c.relforcerowsecurity::text
           FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p') AND (c.relrowsecurity OR c.relforcerowsecurity)
         UNION ALL
         SELECT 'policy ' || schemaname || '.' || tablename || '.' || policyname || ' '
           || permissive || ' ' || array_to_string(roles, ',') || ' ' || cmd
           || ' using ' || coalesce(qual, '-') || ' check ' || coalesce(with_check, '-')
           FROM pg_policies
         UNION ALL
         SELECT 'trigger ' || ns.nspname || '.' || c.relname || ' ' || pg_get_triggerdef(tg.oid)
           || ' enabled=' || tg.tgenabled::text
           FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
           JOIN ns ON ns.oid = c.relnamespace WHERE NOT tg.tgisinternal
         UNION ALL
         SELECT 'function ' || p.oid::regprocedure::text || ' ' || pg_get_functiondef(p.oid)
           FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
          WHERE p.prokind IN ('f', 'p')
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                              AND d.objid = p.oid AND d.deptype = 'e')
         UNION ALL
         SELECT 'function comment ' || p.oid::regprocedure::text || ' '
           || coalesce(obj_description(p.oid, 'pg_proc'), '-') || ' acl '
           || (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(coalesce(p.proacl, acldefault('f', p.proowner))) a)
           FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.prokind IN ('f', 'p')
         UNION ALL
         SELECT 'relation ' || ns.nspname || '.' || c.relname || ' ' || c.relkind::text
           -- (grants on a partition are not modelled: queries through the parent are checked
           -- against the parent's; a partition takes the default privileges of its creation)
           || ' acl ' || CASE WHEN c.relispartition THEN '-' ELSE (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(coalesce(c.relacl, acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::\"char\", c.relowner))) a) END
           || ' comment ' || coalesce(obj_description(c.oid, 'pg_class'), '-')
           || CASE WHEN c.relkind = 'm' THEN ' ' || pg_get_viewdef(c.oid) ELSE '' END
           FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relname NOT IN ('refinery_schema_history', 'hotelschema_baseline', 'hotelschema_attempts')
         UNION ALL
         SELECT 'schema acl ' || nspname || ' ' || (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(coalesce(nspacl, acldefault('n', nspowner))) a) FROM pg_namespace
          WHERE oid IN (SELECT oid FROM ns)
         UNION ALL
         SELECT 'default acl ' || pg_get_userbyid(defaclrole) || ' '
           || coalesce(defaclnamespace::regnamespace::text, '-') || ' ' || defaclobjtype::text
           || ' ' || (SELECT string_agg(a::text, ',' ORDER BY a::text) FROM unnest(defaclacl) a)
           FROM pg_default_acl
         UNION ALL
         SELECT 'sequence ' || ns.nspname || '.' || c.relname || ' ' || format_type(s.seqtypid, NULL)
           || ' ' || s.seqincrement || ' ' || s.seqmin || ' ' || s.seqmax || ' ' || s.seqstart
           || ' ' || s.seqcache || ' ' || s.seqcycle || ' owned by '
           || coalesce((SELECT d.refobjid::regclass::text || '.' || a.attname FROM pg_depend d
                         JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                           AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')), '-')
           FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN ns ON ns.oid = c.relnamespace
         UNION ALL
         SELECT 'domain ' || ns.nspname || '.' || t.typname || ' ' || format_type(t.typbasetype, t.typtypmod)
           || ' not null ' || t.typnotnull || ' default ' || coalesce(t.typdefault, '-')
           || ' comment ' || coalesce(obj_description(t.oid, 'pg_type'), '-')
           FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype = 'd'
         UNION ALL
         SELECT 'domain constraint ' || ns.nspname || '.' || t.typname || '.' || con.conname || ' '
           || pg_get_constraintdef(con.oid)
           FROM pg_constraint con JOIN pg_type t ON t.oid = con.contypid
           JOIN ns ON ns.oid = t.typnamespace
         UNION ALL
         SELECT 'composite ' || ns.nspname || '.' || t.typname || ' '
           || (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                                 ORDER BY a.attnum)
                 FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0
                   AND NOT a.attisdropped)
           || ' comment ' || coalesce(obj_description(t.oid, 'pg_type'), '-')
           FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
           JOIN ns ON ns.oid = t.typnamespace
         UNION ALL
         SELECT 'trigger comment ' || tg.tgrelid::regclass::text || '.' || tg.tgname || ' '
           || obj_description(tg.oid, 'pg_trigger')
           FROM pg_trigger tg WHERE obj_description(tg.oid, 'pg_trigger') IS NOT NULL
         UNION ALL
         SELECT 'publication ' || p.pubname || ' all ' || p.puballtables::text || ' '
           || p.pubinsert::text || p.pubupdate::text || p.pubdelete::text || p.pubtruncate::text
           || ' root ' || p.pubviaroot::text || ' tables '
           || coalesce((SELECT string_agg(pr.prrelid::regclass::text, ',' ORDER BY 1)
                          FROM pg_publication_rel pr WHERE pr.prpubid = p.oid), '-')
           FROM pg_publication p
         UNION ALL
         SELECT 'replica identity ' || c.oid::regclass::text || ' ' || c.relreplident::text
           FROM pg_class c WHERE c.relkind IN ('r', 'p') AND c.relreplident <> 'd'
            AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
         UNION ALL
         SELECT 'policy comment ' || pol.polrelid::regclass::text || '.' || pol.polname || ' '
           || obj_description(pol.oid, 'pg_policy')
           FROM pg_policy pol WHERE obj_description(pol.oid, 'pg_policy') IS NOT NULL",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    rows.into_iter().map(|(r,)| r).collect()
}

pub fn assert_same_catalog(what: &str, actual: &BTreeSet<String>, expected: &BTreeSet<String>) {
    let missing: Vec<&String> = expected.difference(actual).collect();
    let unexpected: Vec<&String> = actual.difference(expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "{what}:\n  missing: {missing:#?}\n  unexpected: {unexpected:#?}"
    );
}
