//! `hotelschema migrate`: apply pending up files with refinery, under the run lock.

use std::collections::HashMap;

use anyhow::bail;
use refinery_core::{Runner, Target};
use sqlx::PgConnection;

use crate::cli::{DbOpts, MigrationsOpts, SessionOpts};
use crate::db::attempts;
use crate::db::connect::configure_session;
use crate::db::driver::{Driver, MigrationFailed};
use crate::db::history::{self, Applied};
use crate::db::lock;
use crate::migrations::{self, LoadedMigration};
use crate::UsageError;

/// Connects, configures the session and takes the run lock: what migrate and rollback share.
pub async fn open(db: &DbOpts, session: &SessionOpts) -> anyhow::Result<PgConnection> {
    let database = db.database()?;
    let mut conn = database.connect().await?;
    if crate::db::connect::is_standby(&mut conn).await? {
        return Err(UsageError(format!(
            "{} is a read-only standby (in recovery): migrations run on its primary and reach \
             it by replication; nothing was changed. `hotelschema status` can read it.",
            database.display
        ))
        .into());
    }
    configure_session(&mut conn, &session.lock_timeout, &session.statement_timeout).await?;
    lock::acquire(&mut conn, &session.lock_timeout).await?;
    Ok(conn)
}

/// `--format json`: what ran and how long each took, the version the database is at, and the
/// error when one stopped the run. Shared with rollback.
pub fn print_json(
    done: &[(String, f64)],
    version: i32,
    error: Option<String>,
) -> anyhow::Result<()> {
    let steps: Vec<serde_json::Value> = done
        .iter()
        .map(|(m, s)| serde_json::json!({ "migration": m, "seconds": s }))
        .collect();
    let mut report = serde_json::json!({ "ran": steps, "version": version });
    if let Some(e) = error {
        report["error"] = e.into();
    }
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// Problems that make the history and the files disagree, each with what to do.
pub fn history_problems(applied: &[Applied], files: &[LoadedMigration]) -> Vec<String> {
    let by_version: HashMap<u32, &LoadedMigration> =
        files.iter().map(|m| (m.file.version, m)).collect();
    let mut problems = Vec::new();
    for a in applied {
        let Some(file) = u32::try_from(a.version)
            .ok()
            .and_then(|v| by_version.get(&v))
        else {
            problems.push(format!(
                "version {} ({}) is applied but its file is missing from the migrations \
                 directory; restore it from version control",
                a.version, a.name
            ));
            continue;
        };
        if file.checksum() != a.checksum {
            problems.push(format!(
                "{} was edited after it was applied (its checksum differs from the one recorded \
                 on {}); restore the applied version and put the change in a new migration",
                file.file.up.display(),
                a.applied_on
            ));
        }
    }
    problems
}

/// The files not yet applied, in order, up to `target`. A file older than the newest applied
/// migration but never applied is refused: applying it now would run history out of order.
fn pending<'f>(
    applied: &[Applied],
    files: &'f [LoadedMigration],
    target: Option<u32>,
) -> anyhow::Result<Vec<&'f LoadedMigration>> {
    if let Some(t) = target {
        if !files.iter().any(|f| f.file.version == t) {
            let last = files.last().map_or(0, |f| f.file.version);
            bail!(UsageError(format!(
                "--target {t}: there is no migration of that version (the newest is {last}); \
                 nothing was changed"
            )));
        }
    }
    let newest = applied.iter().map(|a| a.version).max();
    let mut pending = Vec::new();
    for file in files {
        let version = file.file.version as i32;
        if applied.iter().any(|a| a.version == version) {
            continue;
        }
        if newest.is_some_and(|n| version < n) {
            bail!(UsageError(format!(
                "{} is not applied, but newer migrations are (up to version {}); it was probably \
                 added with an old number: renumber it after the newest migration",
                file.file.up.display(),
                newest.unwrap_or_default()
            )));
        }
        if target.is_some_and(|t| file.file.version > t) {
            break;
        }
        pending.push(file);
    }
    Ok(pending)
}

pub async fn run(
    migrations_opts: &MigrationsOpts,
    db: &DbOpts,
    session: &SessionOpts,
    target: Option<u32>,
    dry_run: bool,
    format: crate::cli::Format,
) -> anyhow::Result<()> {
    let json = format == crate::cli::Format::Json;
    let files = migrations::load_all(&migrations_opts.migrations_dir)?;
    let mut conn = open(db, session).await?;
    let applied = history::read(&mut conn).await?;
    // An attempt whose migration is in the history finished; only forgetting it did not.
    for a in attempts::read(&mut conn).await? {
        if applied.iter().any(|h| h.version == a.version) {
            attempts::finished(&mut conn, a.version).await?;
        }
    }
    let problems = history_problems(&applied, &files);
    if !problems.is_empty() {
        bail!(UsageError(format!(
            "refusing to migrate; nothing was changed:\n  - {}",
            problems.join("\n  - ")
        )));
    }
    let pending = pending(&applied, &files, target)?;
    let current = applied.last().map_or(0, |a| a.version);
    // Expand/contract spans two releases: never both in one run on a table that exists (and
    // so may be used by the application version still running).
    for same in crate::check::rules::contract_in_expand_release::in_pending(&pending) {
        let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
            .bind(crate::sql::ident::quote_qualified(&same.table))
            .fetch_one(&mut conn)
            .await?;
        if exists {
            bail!(UsageError(format!(
                "refusing to migrate; nothing was changed: {}",
                same.message()
            )));
        }
    }
    if pending.is_empty() {
        if json {
            print_json(&[], current, None)?;
        } else {
            println!("The database is up to date (version {current}).");
        }
        return Ok(());
    }
    if dry_run {
        println!(
            "Dry run: {} migration(s) would be applied to the database (now at version \
             {current}); nothing was changed.",
            pending.len()
        );
        let live = crate::db::lock_plan::LiveTables::read(&mut conn).await?;
        for m in &pending {
            let mode = if migrations::is_transactional(&m.sql) {
                "in one transaction"
            } else {
                "statement by statement, outside a transaction"
            };
            let path = m.file.up.display().to_string();
            println!("\n==> {path} ({mode})\nLocks (tables as they are now):");
            for line in crate::db::lock_plan::describe(&path, &m.sql, &live) {
                println!("  {line}");
            }
            println!("SQL:\n{}", m.sql.trim_end());
        }
        return Ok(());
    }

    let all: Vec<refinery_core::Migration> = files.iter().map(|m| m.migration()).collect();
    let runner = Runner::new(&all)
        .set_abort_divergent(true)
        .set_abort_missing(true)
        .set_target(target.map_or(Target::Latest, |t| Target::Version(t as i32)));
    let planned: Vec<LoadedMigration> = pending.into_iter().cloned().collect();
    let total = planned.len();
    let mut driver = Driver::new(&mut conn, planned);
    driver.lock_retries = session.lock_retries;
    if json {
        driver.progress = crate::db::progress::Progress::new(total, "applied").quiet();
    }
    let result = runner.run_async(&mut driver).await;
    let failure = driver.failure.take();
    match result {
        Ok(report) => {
            let n = report.applied_migrations().len();
            let now = report
                .applied_migrations()
                .last()
                .map_or(current, |m| m.version());
            if json {
                print_json(&driver.progress.finished(), now, None)?;
            } else {
                println!("Applied {n} migration(s); the database is at version {now}.");
            }
            lock::release(&mut conn).await;
            Ok(())
        }
        Err(e) => {
            let done: Vec<String> = e
                .report()
                .map(|r| {
                    r.applied_migrations()
                        .iter()
                        .map(|m| m.to_string())
                        .collect()
                })
                .unwrap_or_default();
            let before = if done.is_empty() {
                "No migration of this run was applied.".to_string()
            } else {
                format!(
                    "Applied before the failure, and kept: {} ({} of {total}).",
                    done.join(", "),
                    done.len()
                )
            };
            if json {
                let now = e
                    .report()
                    .and_then(|r| r.applied_migrations().last().map(|m| m.version()))
                    .unwrap_or(current);
                print_json(
                    &driver.progress.finished(),
                    now,
                    Some(failure.as_ref().map_or(e.to_string(), |f| f.0.clone())),
                )?;
            }
            match failure {
                Some(f) => Err(MigrationFailed(format!("{}\n{before}", f.0)).into()),
                None => Err(anyhow::anyhow!("refinery: {e}\n{before}")),
            }
        }
    }
}
