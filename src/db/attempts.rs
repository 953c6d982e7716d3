//! Non-transactional migrations that started and did not finish.
//!
//! A migration marked `-- hotelschema:no-transaction` runs statement by statement, so a failure
//! or a killed run (SIGKILL, `pg_terminate_backend`) leaves part of it done — for `CREATE INDEX
//! CONCURRENTLY`, an INVALID index that a rerun's `IF NOT EXISTS` would skip. Before such a
//! migration runs, a row goes into `hotelschema_attempts`; it is removed when the migration is
//! recorded as applied, and says how it ended otherwise (`status` shows it). The table exists
//! only while an attempt is unfinished, so a healthy database holds nothing of ours but
//! refinery's history.

use sqlx::{AssertSqlSafe, PgConnection};

use crate::sql::ident::quote;

pub const TABLE: &str = "hotelschema_attempts";

/// A non-transactional migration that started and is not recorded as applied.
#[derive(Clone, Debug)]
pub struct Attempt {
    pub version: i32,
    pub started_at: String,
    /// PostgreSQL's error, when the run saw the failure; `None` when it was killed.
    pub error: Option<String>,
}

/// Records that `version` is about to run outside a transaction.
pub async fn start(conn: &mut PgConnection, version: i32, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS public.hotelschema_attempts (
           version int PRIMARY KEY, name text NOT NULL,
           started_at timestamptz NOT NULL DEFAULT now(), error text)",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO public.hotelschema_attempts (version, name) VALUES ($1, $2)
         ON CONFLICT (version) DO UPDATE SET started_at = now(), error = NULL",
    )
    .bind(version)
    .bind(name)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records how the attempt at `version` failed.
pub async fn failed(conn: &mut PgConnection, version: i32, error: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE public.hotelschema_attempts SET error = $2 WHERE version = $1")
        .bind(version)
        .bind(error)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The attempt at `version` ended well (it is in the history now): forget it, and the table
/// with it when it holds nothing else.
pub async fn finished(conn: &mut PgConnection, version: i32) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM public.hotelschema_attempts WHERE version = $1")
        .bind(version)
        .execute(&mut *conn)
        .await?;
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM public.hotelschema_attempts")
        .fetch_one(&mut *conn)
        .await?;
    if left == 0 {
        sqlx::query("DROP TABLE public.hotelschema_attempts")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Every unfinished attempt; none when the table does not exist (reading creates nothing).
pub async fn read(conn: &mut PgConnection) -> anyhow::Result<Vec<Attempt>> {
    let exists: bool =
        sqlx::query_scalar("SELECT to_regclass('public.hotelschema_attempts') IS NOT NULL")
            .fetch_one(&mut *conn)
            .await?;
    if !exists {
        return Ok(Vec::new());
    }
    let rows: Vec<(i32, String, Option<String>)> = sqlx::query_as(
        "SELECT version, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS TZ'), error
           FROM public.hotelschema_attempts ORDER BY version",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(version, started_at, error)| Attempt {
            version,
            started_at,
            error,
        })
        .collect())
}

/// An index left INVALID by a concurrent build that failed or was interrupted.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct InvalidIndex {
    /// `schema.index`, quoted as needed.
    pub index: String,
    pub table: String,
}

impl InvalidIndex {
    /// What it is and how to fix it, in the words `status`, `diff` and `check --db` share.
    pub fn advice(&self) -> String {
        format!(
            "INVALID index {} on {}: a concurrent build failed or was interrupted, so PostgreSQL \
             maintains it but never uses it; run `hotelschema migrate` if a pending migration \
             builds it (it drops and rebuilds it), or drop it: DROP INDEX CONCURRENTLY {};",
            self.index, self.table, self.index
        )
    }
}

/// Every INVALID index of the database (any schema but PostgreSQL's own).
pub async fn invalid_indexes(conn: &mut PgConnection) -> anyhow::Result<Vec<InvalidIndex>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT ix.indexrelid::regclass::text, ix.indrelid::regclass::text
           FROM pg_catalog.pg_index ix
           JOIN pg_catalog.pg_class c ON c.oid = ix.indexrelid
           JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE NOT ix.indisvalid
            AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg_toast%'
          ORDER BY 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(index, table)| InvalidIndex { index, table })
        .collect())
}

/// Before a non-transactional migration runs (again): drops each index that its `CREATE INDEX
/// CONCURRENTLY` statements build and that the database holds INVALID — the remains of a build
/// that failed or was killed, which `IF NOT EXISTS` would otherwise take for done. Returns the
/// indexes dropped.
pub async fn repair(conn: &mut PgConnection, sql: &str) -> anyhow::Result<Vec<String>> {
    use pg_query::protobuf::node::Node as N;
    let Ok(parsed) = pg_query::parse(sql, 0) else {
        return Ok(Vec::new()); // the run itself reports the syntax error, at its line
    };
    let mut dropped = Vec::new();
    for raw in &parsed.protobuf.stmts {
        let Some(N::IndexStmt(stmt)) = raw.stmt.as_ref().and_then(|s| s.node.as_ref()) else {
            continue;
        };
        let Some(relation) = stmt.relation.as_ref().filter(|_| stmt.concurrent) else {
            continue;
        };
        if stmt.idxname.is_empty() {
            continue;
        }
        let schema = if relation.schemaname.is_empty() {
            "public"
        } else {
            relation.schemaname.as_str()
        };
        let invalid: Option<bool> = sqlx::query_scalar(
            "SELECT NOT ix.indisvalid FROM pg_catalog.pg_index ix
               JOIN pg_catalog.pg_class c ON c.oid = ix.indexrelid
               JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relname = $1 AND n.nspname = $2",
        )
        .bind(&stmt.idxname)
        .bind(schema)
        .fetch_optional(&mut *conn)
        .await?;
        if invalid == Some(true) {
            let name = format!("{}.{}", quote(schema), quote(&stmt.idxname));
            sqlx::raw_sql(AssertSqlSafe(format!(
                "DROP INDEX CONCURRENTLY IF EXISTS {name}"
            )))
            .execute(&mut *conn)
            .await?;
            dropped.push(name);
        }
    }
    Ok(dropped)
}
