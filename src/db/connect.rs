//! Connecting to PostgreSQL: URL parsing, session settings, and errors that name the server
//! without ever showing a password.

use super::sql_error::describe;
use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::ConnectOptions;

use crate::UsageError;

/// A database to connect to, and how to name it in messages.
#[derive(Clone, Debug)]
pub struct Database {
    pub options: PgConnectOptions,
    /// `user@host:port/database`, never with the password.
    pub display: String,
}

/// The URL with its password replaced, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "(an unparseable URL)".to_string(),
    }
}

/// The operating system user, used as the role when the URL names none (as psql does).
/// sqlx would fall back to `$USER`, which is often unset for root.
fn os_user() -> Option<String> {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|u| u.name)
}

impl Database {
    pub fn from_url(url: &str) -> Result<Database, UsageError> {
        let invalid = |why: String| {
            UsageError(format!(
                "invalid database URL {}: {why}; expected postgres://user:password@host:port/dbname",
                redact(url)
            ))
        };
        let parsed = url::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
        // sqlx would try any scheme as PostgreSQL's: `mysql://` must be said, not dialled.
        if !matches!(parsed.scheme(), "postgres" | "postgresql") {
            return Err(invalid(format!(
                "the scheme `{}` is not PostgreSQL's (postgres:// or postgresql://)",
                parsed.scheme()
            )));
        }
        let mut options = PgConnectOptions::from_str(url).map_err(|e| invalid(e.to_string()))?;
        if parsed.username().is_empty() && std::env::var_os("PGUSER").is_none() {
            if let Some(user) = os_user() {
                options = options.username(&user);
            }
        }
        let display = format!(
            "{}@{}:{}/{}",
            options.get_username(),
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or(options.get_username())
        );
        Ok(Database { options, display })
    }

    /// Connects, with one clear line on failure: the server, the database and the cause. The
    /// session is pinned to the settings hotelschema's SQL is written for ([`PINNED_SETTINGS`]).
    pub async fn connect(&self) -> anyhow::Result<PgConnection> {
        let mut conn = self.options.connect().await.map_err(|e| {
            anyhow::Error::new(ConnectError(format!(
                "cannot connect to PostgreSQL as {}: {}",
                self.display,
                describe(&e)
            )))
        })?;
        sqlx::raw_sql(PINNED_SETTINGS)
            .execute(&mut conn)
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "{}: cannot pin the session's settings ({}): {}",
                    self.display,
                    PINNED_SETTINGS.trim(),
                    describe(&e)
                )
            })?;
        Ok(conn)
    }
}

/// The session settings every connection is pinned to, whatever the server, database, role or
/// connection pooler set (`ALTER ROLE ... SET`, `ALTER DATABASE ... SET`, `PGOPTIONS`): what
/// hotelschema writes, runs and reads must mean the same thing everywhere.
///
/// - `standard_conforming_strings`: off, a backslash in `'...'` escapes the next quote, so text
///   in a literal could end it and run as SQL;
/// - `search_path`: migrations are written for `public` (an unqualified name is `public`'s in
///   the model); the default `"$user", public` sends every CREATE to a schema named like the
///   role when one exists, and a path naming `pg_catalog` late lets a schema shadow built-in
///   functions. `pg_catalog` is searched first when it is not listed;
/// - `check_function_bodies`: off, a function whose body cannot work is created anyway;
/// - `client_encoding`, `DateStyle`, `IntervalStyle`: how text is sent and how the catalog's
///   dates and intervals are printed back (introspection compares them as text).
///
/// Sent as one simple-query message: statements, not functions, so nothing on a hostile path
/// is called before the path is pinned.
pub const PINNED_SETTINGS: &str = "SET standard_conforming_strings = on; \
     SET search_path = public; \
     SET check_function_bodies = on; \
     SET client_encoding = 'UTF8'; \
     SET DateStyle = 'ISO, MDY'; \
     SET IntervalStyle = postgres;";

/// Whether the server is a standby in recovery (read-only): what each command that writes
/// refuses before it writes anything, with its own words.
pub async fn is_standby(conn: &mut PgConnection) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT pg_catalog.pg_is_in_recovery()")
        .fetch_one(conn)
        .await
}

/// The database could not be reached (exit code 3).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConnectError(pub String);

/// Session settings every run uses: timeouts so a migration never waits forever behind a
/// production query, and dead-client detection so a killed run releases its locks promptly.
pub async fn configure_session(
    conn: &mut PgConnection,
    lock_timeout: &str,
    statement_timeout: &str,
) -> anyhow::Result<()> {
    for (name, value) in [
        ("lock_timeout", lock_timeout),
        ("statement_timeout", statement_timeout),
    ] {
        sqlx::query("SELECT set_config($1, $2, false)")
            .bind(name)
            .bind(value)
            .execute(&mut *conn)
            .await
            .map_err(|e| {
                UsageError(format!(
                    "--{} {value:?} is not a valid duration: {}; write e.g. 30s, 5min or 0 (no limit)",
                    name.replace('_', "-"),
                    describe(&e)
                ))
            })?;
    }
    let version: i32 = sqlx::query_scalar("SELECT current_setting('server_version_num')::int")
        .fetch_one(&mut *conn)
        .await?;
    if version >= 140000 {
        sqlx::query("SET client_connection_check_interval = '1s'")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_appear_in_messages() {
        let url = "postgres://app:s3cret@db.example.com:6543/hotel?sslmode=require";
        assert!(!redact(url).contains("s3cret"));
        let db = Database::from_url(url).unwrap();
        assert_eq!(db.display, "app@db.example.com:6543/hotel");
        let err =
            Database::from_url("postgres://app:s3cret@db.example.com:notaport/x").unwrap_err();
        assert!(!err.to_string().contains("s3cret"), "{err}");
        assert!(err.to_string().contains("invalid database URL"), "{err}");
    }

    #[test]
    fn only_postgresql_urls_are_taken() {
        let err = Database::from_url("mysql://app:s3cret@db/hotel")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`mysql` is not PostgreSQL's") && !err.contains("s3cret"),
            "{err}"
        );
        assert!(Database::from_url("postgresql://app@db/hotel").is_ok());
    }
}
