//! `hotelschema migrate --rollback`: run down files, newest first. refinery has no rollback;
//! this is ours. Every check happens before anything changes.

use std::time::Instant;

use anyhow::bail;
use sqlx::PgConnection;

use crate::cli::{DbOpts, MigrationsOpts, SessionOpts};
use crate::commands::migrate::{history_problems, open};
use crate::db::driver::MigrationFailed;
use crate::db::history::{self, Applied};
use crate::db::lock;
use crate::db::progress::Progress;
use crate::db::sql_error::{
    commit_failure, describe, run_file, Bookkeeping, FileFailure, LockRetries,
};
use crate::migrations::{self, LoadedMigration};
use crate::UsageError;

/// What to undo: `--steps N` (default 1) or `--to VERSION`.
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    Steps(u32),
    To(i64),
}

/// One migration to undo, with its down file read.
struct Undo<'f> {
    file: &'f LoadedMigration,
    down_path: String,
    down_sql: String,
}

fn select(applied: &[Applied], scope: Scope) -> anyhow::Result<Vec<&Applied>> {
    let newest_first = applied.iter().rev();
    match scope {
        Scope::Steps(0) => bail!(UsageError(
            "--steps 0 would undo nothing; give at least 1".into()
        )),
        Scope::Steps(n) if n as usize > applied.len() => bail!(UsageError(format!(
            "--steps {n} would go below version 0: only {} migration(s) are applied; nothing was \
             changed",
            applied.len()
        ))),
        Scope::Steps(n) => Ok(newest_first.take(n as usize).collect()),
        Scope::To(v) if v < 0 => bail!(UsageError(format!(
            "--to {v} is below version 0; `--to 0` undoes every migration"
        ))),
        Scope::To(v) => Ok(newest_first.filter(|a| i64::from(a.version) > v).collect()),
    }
}

pub async fn run(
    migrations_opts: &MigrationsOpts,
    db: &DbOpts,
    session: &SessionOpts,
    scope: Scope,
    dry_run: bool,
    format: crate::cli::Format,
) -> anyhow::Result<()> {
    let json = format == crate::cli::Format::Json;
    let files = migrations::load_all(&migrations_opts.migrations_dir)?;
    let mut conn = open(db, session).await?;
    let applied = history::read(&mut conn).await?;
    let chosen = select(&applied, scope)?;
    if chosen.is_empty() {
        let at = applied.last().map_or(0, |a| a.version);
        if json {
            crate::commands::migrate::print_json(&[], at, None)?;
        } else {
            println!("Nothing to roll back (the database is at version {at}).");
        }
        return Ok(());
    }

    // Check everything before changing anything.
    let chosen_applied: Vec<Applied> = chosen.iter().map(|a| (*a).clone()).collect();
    let mut problems = history_problems(&chosen_applied, &files);
    let mut undo = Vec::new();
    for a in &chosen {
        let Some(file) = files.iter().find(|f| f.file.version as i32 == a.version) else {
            continue; // reported by history_problems
        };
        match &file.file.down {
            None => problems.push(format!(
                "{} has no down file ({}); write it, or restore it from version control",
                file.file.up.display(),
                migrations::file_names(file.file.version, &file.file.name).1
            )),
            Some(path) => match crate::text_file::read(path) {
                Ok(down_sql) => undo.push(Undo {
                    file,
                    down_path: path.display().to_string(),
                    down_sql,
                }),
                Err(e) => problems.push(format!("cannot read {}: {e}", path.display())),
            },
        }
    }
    if !problems.is_empty() {
        bail!(UsageError(format!(
            "refusing to roll back; nothing was changed:\n  - {}",
            problems.join("\n  - ")
        )));
    }

    let to_version = applied
        .iter()
        .rev()
        .nth(undo.len())
        .map_or(0, |a| a.version);
    if dry_run {
        println!(
            "Dry run: {} migration(s) would be rolled back, newest first, leaving the database \
             at version {to_version}; nothing was changed.",
            undo.len()
        );
        for u in &undo {
            println!("\n==> {}\n{}", u.down_path, u.down_sql.trim_end());
        }
        return Ok(());
    }

    let progress = Progress::new(undo.len(), "rolled back");
    let progress = if json { progress.quiet() } else { progress };
    let mut done: Vec<String> = Vec::new();
    for (i, u) in undo.iter().enumerate() {
        let label = u.file.file.label();
        progress.start(i + 1, &label);
        let started = Instant::now();
        let result = undo_one(&mut conn, u, session.lock_retries).await;
        progress.finish(&label, started.elapsed(), result.is_ok());
        if let Err(e) = result {
            if json {
                let at = applied
                    .iter()
                    .rev()
                    .nth(done.len())
                    .map_or(0, |a| a.version);
                crate::commands::migrate::print_json(&progress.finished(), at, Some(e.0.clone()))?;
            }
            let before = if done.is_empty() {
                "No migration of this run was rolled back.".to_string()
            } else {
                format!("Rolled back before the failure: {}.", done.join(", "))
            };
            return Err(MigrationFailed(format!("{}\n{before}", e.0)).into());
        }
        done.push(label);
    }
    if json {
        crate::commands::migrate::print_json(&progress.finished(), to_version, None)?;
    } else {
        println!(
            "Rolled back {} migration(s); the database is at version {to_version}.",
            done.len()
        );
    }
    lock::release(&mut conn).await;
    Ok(())
}

/// Runs one down file and removes its history row: together in one transaction, or, for a
/// non-transactional down file, statement by statement and then the row.
async fn undo_one(
    conn: &mut PgConnection,
    u: &Undo<'_>,
    lock_retries: u32,
) -> Result<(), MigrationFailed> {
    let version = u.file.file.version as i32;
    let label = u.file.file.label();
    let path = &u.down_path;
    let retries = LockRetries {
        retries: lock_retries,
        label: path.to_string(),
    };
    run_file(
        conn,
        &u.down_sql,
        Bookkeeping::ForgetVersion(version),
        &retries,
    )
    .await
        .map_err(|failure| {
            MigrationFailed(match failure {
                FileFailure::Begin(e) => format!("{path}: cannot start a transaction: {}", describe(&e)),
                FileFailure::RolledBack(f) => format!(
                    "{}\nThis rollback was undone: {label} is still applied.",
                    f.render(path)
                ),
                FileFailure::Partial { failure, ran } => format!(
                    "{}\nThis down file is marked non-transactional: {ran} of its statements ran \
                     and stay done; the rest did not run, and {label} is still recorded as applied.",
                    failure.render(path)
                ),
                FileFailure::Bookkeeping { error, .. } => {
                    format!("cannot update the history table: {}", describe(&error))
                }
                FileFailure::Commit(e) => format!("{path}: {}", commit_failure(&e)),
            })
        })
}
