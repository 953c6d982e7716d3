//! Drift: what a live database holds that its applied migrations do not create, and the
//! reverse. The expected schema is built for real — the applied up files run in a scratch
//! database on the same server, which is then introspected and dropped — so both sides come
//! back in PostgreSQL's own spelling (`status IN (...)` is stored as `= ANY (ARRAY[...])`), and
//! only true differences remain.

use sqlx::{AssertSqlSafe, Connection, PgConnection};

use super::connect::Database;
use super::history::Applied;
use super::introspect::introspect;
use super::snapshot::Readers;
use super::sql_error::{describe, run_file, Bookkeeping, FileFailure, LockRetries};
use crate::diff::{diff, Change, Options};
use crate::migrations::LoadedMigration;
use crate::schema::model::Schema;

/// The schema the applied migrations produce (files of versions not applied are left out),
/// built on the platform stand-in of `migrations_dir` (what the platform provides, run
/// first), when there is one.
pub async fn expected_schema(
    db: &Database,
    admin: &mut PgConnection,
    files: &[LoadedMigration],
    applied: &[Applied],
    schemas: &[String],
    migrations_dir: &std::path::Path,
) -> anyhow::Result<Schema> {
    let platform = crate::migrations::platform_sql(migrations_dir)?;
    let platform = platform.as_deref();
    let scratch = format!("hotelschema_expected_{}", std::process::id());
    sqlx::raw_sql(AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS \"{scratch}\""
    )))
    .execute(&mut *admin)
    .await?;
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE \"{scratch}\"")))
        .execute(&mut *admin)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot create the scratch database {scratch} that drift detection builds the \
                 migrations in ({}); the role needs CREATEDB",
                describe(&e)
            )
        })?;
    let scratch_db = Database {
        options: db.options.clone().database(&scratch),
        display: format!("{} (scratch copy)", db.display),
    };
    let result = async {
        let mut conn = scratch_db.connect().await?;
        if let Some(sql) = platform {
            sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
                .execute(&mut conn)
                .await
                .map_err(|e| {
                    anyhow::anyhow!(
                        "{}: the platform stand-in failed in the scratch database: {}",
                        crate::migrations::PLATFORM_FILE,
                        describe(&e)
                    )
                })?;
        }
        for f in files {
            if !applied.iter().any(|a| a.version == f.file.version as i32) {
                continue;
            }
            let path = f.file.up.display().to_string();
            match run_file(&mut conn, &f.sql, Bookkeeping::None, &LockRetries::none()).await {
                Ok(()) => {}
                Err(FileFailure::RolledBack(failure) | FileFailure::Partial { failure, .. }) => {
                    let hint = if platform.is_none() {
                        format!(
                            "\n(This ran in a scratch database built from the migrations alone. If \
                             they use what a platform provides — Supabase's `auth` schema, its \
                             roles — put a stand-in in {}; `hotelschema adopt --platform \
                             supabase` writes one.)",
                            crate::migrations::PLATFORM_FILE
                        )
                    } else {
                        String::new()
                    };
                    anyhow::bail!("{}{hint}", failure.render(&path))
                }
                Err(
                    FileFailure::Begin(e)
                    | FileFailure::Commit(e)
                    | FileFailure::Bookkeeping { error: e, .. },
                ) => anyhow::bail!("{path}: {}", describe(&e)),
            }
        }
        // A schema the live database has but the migrations never create is drift to show, not
        // an error about the scratch database: read the scratch copy's schemas of the list.
        let present: Vec<(String,)> =
            sqlx::query_as("SELECT nspname::text FROM pg_namespace WHERE nspname = ANY($1)")
                .bind(schemas)
                .fetch_all(&mut conn)
                .await?;
        let present: Vec<String> = schemas
            .iter()
            .filter(|s| present.iter().any(|(p,)| p == *s))
            .cloned()
            .collect();
        let schema = introspect(&mut conn, &mut Readers::none(), &present).await;
        conn.close().await?;
        schema
    }
    .await;
    sqlx::raw_sql(AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS \"{scratch}\" WITH (FORCE)"
    )))
    .execute(&mut *admin)
    .await?;
    result
}

/// The changes that would turn the expected schema into the live one: the drift.
pub fn drift(expected: &Schema, live: &Schema) -> Vec<Change> {
    diff(expected, live, Options::plain())
}
