//! New migration pairs proven on a real server before `generate` writes them: the offline
//! replay is only as good as the model, and PostgreSQL is the judge (a view over a column
//! whose type a down file changes passes on paper and fails here).
//!
//! In one scratch database of the `--dev-db` server: the history is applied, then the new up
//! files, then their down files, newest first — each must run, and the database must then
//! print (`catalog_print`) exactly what it printed before the up files. The scratch database
//! is made again and the declared schema built from nothing: the database the up files gave
//! must print exactly what that one prints.

use std::collections::BTreeSet;

use sqlx::{AssertSqlSafe, Connection, PgConnection};

use super::connect::Database;
use super::sql_error::{describe, run_file, run_statements, Bookkeeping, LockRetries};
use crate::diff::Change;
use crate::migrations::LoadedMigration;

/// One file to run: its name (for messages) and its SQL.
pub struct File<'a> {
    pub name: String,
    pub sql: &'a str,
}

/// Runs `sql` (a whole migration file) on `conn`, or says which file failed and why.
async fn run(conn: &mut PgConnection, name: &str, sql: &str) -> anyhow::Result<()> {
    run_file(conn, sql, Bookkeeping::None, &LockRetries::none())
        .await
        .map_err(|f| anyhow::anyhow!(f.scratch_message(name)))
}

/// What differs between two prints, as `-`/`+` lines (at most a screenful).
fn differences(what: &str, a: &BTreeSet<String>, b: &BTreeSet<String>) -> Option<String> {
    let (missing, extra) = super::catalog_print::differences(a, b);
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    let lines: Vec<String> = missing
        .iter()
        .map(|l| format!("  - {l}"))
        .chain(extra.iter().map(|l| format!("  + {l}")))
        .take(40)
        .map(|l| crate::schema::diagnostic::escape_controls(&l))
        .collect();
    Some(format!("{what}:\n{}", lines.join("\n")))
}

/// A scratch database on `dev`, and its connection.
async fn scratch(dev: &Database, admin: &mut PgConnection) -> anyhow::Result<PgConnection> {
    let name = super::scratch::name();
    super::scratch::create(admin, dev, &name, None).await?;
    super::scratch::database(dev, &name).connect().await
}

/// The declared schema built from nothing (`fresh`: its changes from an empty database) in a
/// scratch database of `dev`, and what PostgreSQL prints for it.
async fn built_from_nothing(
    dev: &Database,
    admin: &mut PgConnection,
    platform: Option<&str>,
    fresh: &[Change],
    schemas: &[String],
) -> anyhow::Result<BTreeSet<String>> {
    let name = super::scratch::name();
    let built = async {
        let mut conn = scratch(dev, admin).await?;
        super::scratch::stand_in(&mut conn, platform).await?;
        // From nothing every change is of the main file: run as that file runs, in one
        // transaction (its `SET LOCAL`s hold for the changes after them) and a statement at a
        // time (Citus refuses a text of several statements).
        let one_file = fresh.iter().all(|c| c.phase == crate::diff::Phase::Main);
        if one_file {
            sqlx::raw_sql("BEGIN").execute(&mut conn).await?;
        }
        for c in fresh {
            let ran = if one_file {
                run_statements(&mut conn, &c.up, &LockRetries::none())
                    .await
                    .map_err(|(failure, _)| failure.message)
            } else {
                sqlx::raw_sql(AssertSqlSafe(c.up.clone()))
                    .execute(&mut conn)
                    .await
                    .map(|_| ())
                    .map_err(|e| describe(&e))
            };
            ran.map_err(|why| {
                anyhow::anyhow!(
                    "building the declared schema from nothing ({}): {why}",
                    c.summary
                )
            })?;
        }
        if one_file {
            sqlx::raw_sql("COMMIT").execute(&mut conn).await?;
        }
        let built = super::catalog_print::print(&mut conn, schemas).await?;
        conn.close().await?;
        Ok::<_, anyhow::Error>(built)
    }
    .await;
    super::scratch::finish(admin, &name).await?;
    built
}

/// The proof (see the module's comment); `Err` says what PostgreSQL refused or what differs.
pub async fn prove(
    dev: &Database,
    platform: Option<&str>,
    history: &[LoadedMigration],
    ups: &[File<'_>],
    downs: &[File<'_>],
    fresh: &[Change],
    schemas: &[String],
) -> anyhow::Result<()> {
    let mut admin = dev.connect().await?;
    let name = super::scratch::name();
    let outcome = async {
        let mut conn = scratch(dev, &mut admin).await?;
        super::scratch::stand_in(&mut conn, platform).await?;
        for f in history {
            run(&mut conn, &f.file.up.display().to_string(), &f.sql).await?;
        }
        let before = super::catalog_print::print(&mut conn, schemas).await?;
        for f in ups {
            run(&mut conn, &f.name, f.sql).await?;
        }
        let after_up = super::catalog_print::print(&mut conn, schemas).await?;
        for f in downs {
            run(&mut conn, &f.name, f.sql).await?;
        }
        let after_down = super::catalog_print::print(&mut conn, schemas).await?;
        conn.close().await?;
        if let Some(d) = differences(
            "the down files do not bring the database back to what it was (`-` before the up \
             files, `+` after the down files)",
            &before,
            &after_down,
        ) {
            anyhow::bail!(d);
        }
        Ok::<_, anyhow::Error>(after_up)
    }
    .await;
    super::scratch::finish(&mut admin, &name).await?;
    let after_up = outcome?;
    // The declared schema from nothing, on a clean scratch database.
    let built = built_from_nothing(dev, &mut admin, platform, fresh, schemas).await?;
    if let Some(d) = differences(
        "the up files do not give the declared schema (`-` after the up files, `+` the declared \
         schema built from nothing)",
        &after_up,
        &built,
    ) {
        anyhow::bail!(d);
    }
    Ok(())
}

/// What went wrong with one file of the history on the server: (file, message).
pub type Refusal = (String, String);

/// Every pair of the history proven on `dev` (`check --dev-db`): the up files applied one by
/// one, then the down files newest first — each must run, and each down must bring the
/// database back to exactly what it printed before its up file. Then, when `declared` is given,
/// the database all the up files give must print what the declared schema built from nothing
/// prints. Returns what failed (the walk stops at a file PostgreSQL refuses).
pub async fn prove_history(
    dev: &Database,
    platform: Option<&str>,
    history: &[LoadedMigration],
    declared: Option<&[Change]>,
    schemas: &[String],
) -> anyhow::Result<Vec<Refusal>> {
    let mut admin = dev.connect().await?;
    let name = super::scratch::name();
    let mut refusals = Vec::new();
    let walked = async {
        let mut conn = scratch(dev, &mut admin).await?;
        super::scratch::stand_in(&mut conn, platform).await?;
        let mut prints = vec![super::catalog_print::print(&mut conn, schemas).await?];
        for f in history {
            let up = f.file.up.display().to_string();
            if let Err(e) = run(&mut conn, &up, &f.sql).await {
                refusals.push((up, format!("PostgreSQL refuses it: {e:#}")));
                conn.close().await?;
                return Ok(None);
            }
            prints.push(super::catalog_print::print(&mut conn, schemas).await?);
        }
        let last = prints.last().cloned().unwrap_or_default();
        for (i, f) in history.iter().enumerate().rev() {
            // A missing down file is `missing-down-migration`'s to say.
            let Some(down) = &f.file.down else { break };
            let shown = down.display().to_string();
            let sql = crate::text_file::read(down)?;
            if let Err(e) = run(&mut conn, &shown, &sql).await {
                refusals.push((shown, format!("PostgreSQL refuses it: {e:#}")));
                break;
            }
            let now = super::catalog_print::print(&mut conn, schemas).await?;
            if let Some(d) = differences(
                "it does not bring the database back to what it was before its up file (`-` \
                 before, `+` after the down file)",
                &prints[i],
                &now,
            ) {
                refusals.push((shown, d));
                break;
            }
        }
        conn.close().await?;
        Ok::<_, anyhow::Error>(Some(last))
    }
    .await;
    super::scratch::finish(&mut admin, &name).await?;
    let (Some(last), Some(fresh)) = (walked?, declared) else {
        return Ok(refusals);
    };
    let built = built_from_nothing(dev, &mut admin, platform, fresh, schemas).await;
    if let Some(d) = differences(
        "the migrations do not give the declared schema on the server (`-` after every up \
         file, `+` the declared schema built from nothing)",
        &last,
        &built?,
    ) {
        let at = history
            .last()
            .map_or_else(String::new, |f| f.file.up.display().to_string());
        refusals.push((at, d));
    }
    Ok(refusals)
}
