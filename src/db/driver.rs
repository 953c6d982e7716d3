//! refinery's async driver for a sqlx connection (refinery has none).
//!
//! refinery decides *what* to apply (pending migrations, checksum verification, targets); this
//! driver decides *how*: refinery calls `execute([migration_sql, history_insert])` once per
//! migration, and we run both in one transaction — or, for a migration whose header marks it
//! non-transactional, each statement on its own, recording exactly how far it got.

use std::time::Instant;

use refinery_core::traits::r#async::{AsyncQuery, AsyncTransaction};
use refinery_core::{AsyncMigrate, Migration};
use sqlx::{AssertSqlSafe, PgConnection};

use super::attempts;
use super::history::Applied;
use super::progress::Progress;
use super::sql_error::{commit_failure, describe, run_file, Bookkeeping, FileFailure, LockRetries};
use crate::migrations::LoadedMigration;

/// Why a migration failed, with what the user needs to act on it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MigrationFailed(pub String);

pub struct Driver<'c> {
    conn: &'c mut PgConnection,
    /// The migrations refinery will apply, in order, so each `execute` can name its file.
    pending: Vec<LoadedMigration>,
    next: usize,
    pub progress: Progress,
    /// Set when a migration fails; refinery's own error only carries text.
    pub failure: Option<MigrationFailed>,
    /// `--lock-retries`.
    pub lock_retries: u32,
}

impl<'c> Driver<'c> {
    pub fn new(conn: &'c mut PgConnection, pending: Vec<LoadedMigration>) -> Self {
        let progress = Progress::new(pending.len(), "applied");
        Driver {
            conn,
            pending,
            next: 0,
            progress,
            failure: None,
            lock_retries: 0,
        }
    }

    async fn apply(&mut self, sql: &str, history_insert: &str) -> Result<(), MigrationFailed> {
        let Some(migration) = self.pending.get(self.next) else {
            return Err(MigrationFailed(
                "refinery asked to apply a migration that was not planned; nothing was changed"
                    .into(),
            ));
        };
        let migration = migration.clone();
        self.next += 1;
        self.progress.start(self.next, &migration.file.label());
        let started = Instant::now();
        let path = migration.file.up.display().to_string();
        let retries = LockRetries {
            retries: self.lock_retries,
            label: path.clone(),
        };
        let result = if crate::migrations::is_transactional(sql) {
            run_file(self.conn, sql, Bookkeeping::Sql(history_insert), &retries)
                .await
                .map_err(|f| MigrationFailed(wording(&f, &path)))
        } else {
            self.apply_outside_transaction(&migration, sql, history_insert, &path)
                .await
        };
        self.progress
            .finish(&migration.file.label(), started.elapsed(), result.is_ok());
        result
    }
}

impl Driver<'_> {
    /// A migration marked non-transactional: what an earlier attempt left (an INVALID index) is
    /// dropped first, the attempt is recorded before the first statement runs, and how it
    /// ended after the last — so a failure or a killed run is never taken for success.
    async fn apply_outside_transaction(
        &mut self,
        migration: &LoadedMigration,
        sql: &str,
        history_insert: &str,
        path: &str,
    ) -> Result<(), MigrationFailed> {
        let version = migration.file.version as i32;
        let bookkeeping = |e: anyhow::Error| {
            MigrationFailed(format!(
                "{path}: cannot prepare the run: {}; nothing of it ran",
                super::sql_error::describe_chain(&e)
            ))
        };
        for index in attempts::repair(self.conn, sql)
            .await
            .map_err(bookkeeping)?
        {
            eprintln!(
                "{}: dropped the INVALID index {index} an earlier, unfinished run of it left; \
                 it is built again now",
                migration.file.label()
            );
        }
        attempts::start(self.conn, version, &migration.file.name)
            .await
            .map_err(|e| bookkeeping(e.into()))?;
        let retries = LockRetries {
            retries: self.lock_retries,
            label: path.to_string(),
        };
        match run_file(self.conn, sql, Bookkeeping::Sql(history_insert), &retries).await {
            Ok(()) => {
                // Applied and recorded; if forgetting the attempt fails, the next run does it.
                let _ = attempts::finished(self.conn, version).await;
                Ok(())
            }
            Err(failure) => {
                let message = wording(&failure, path);
                let _ = attempts::failed(self.conn, version, &message).await;
                Err(MigrationFailed(message))
            }
        }
    }
}

/// What a failed up file left behind, and what to do.
fn wording(failure: &FileFailure, path: &str) -> String {
    match failure {
        FileFailure::Begin(e) => format!("{path}: cannot start a transaction: {}", describe(e)),
        FileFailure::RolledBack(f) => format!(
            "{}\nThe migration was rolled back: nothing of it was applied.",
            f.render(path)
        ),
        FileFailure::Partial { failure, ran } => format!(
            "{}\nThis migration is marked non-transactional, so it ran statement by \
             statement: {ran} of its statements ran and stay applied; statement {} failed and \
             the rest did not run. It is not recorded as applied: fix the database or the \
             file, then run migrate again (statements that already ran must be idempotent, \
             e.g. CREATE INDEX CONCURRENTLY IF NOT EXISTS).",
            failure.render(path),
            ran + 1
        ),
        FileFailure::Bookkeeping {
            error,
            transactional: true,
        } => format!(
            "{path}: cannot record it in the history table: {}; it was rolled back",
            describe(error)
        ),
        FileFailure::Bookkeeping {
            error,
            transactional: false,
        } => format!(
            "{path}: every statement ran, but recording it in the history table failed: {}",
            describe(error)
        ),
        FileFailure::Commit(e) => format!("{path}: {}", commit_failure(e)),
    }
}

impl AsyncTransaction for Driver<'_> {
    type Error = MigrationFailed;

    async fn execute<'a, T: Iterator<Item = &'a str> + Send + 'a>(
        &'a mut self,
        queries: T,
    ) -> Result<usize, Self::Error> {
        let queries: Vec<&str> = queries.collect();
        let result = match queries.as_slice() {
            // refinery's own bookkeeping, such as creating the history table.
            [single] => sqlx::raw_sql(AssertSqlSafe(single.to_string()))
                .execute(&mut *self.conn)
                .await
                .map(|_| ())
                .map_err(|e| {
                    MigrationFailed(format!("refinery's bookkeeping failed: {}", describe(&e)))
                }),
            [sql, history_insert] => self.apply(sql, history_insert).await,
            _ => Err(MigrationFailed(
                "refinery sent an unexpected batch of queries (grouped mode is not used)".into(),
            )),
        };
        match result {
            Ok(()) => Ok(queries.len()),
            Err(e) => {
                self.failure = Some(MigrationFailed(e.0.clone()));
                Err(e)
            }
        }
    }
}

impl AsyncQuery<Vec<Migration>> for Driver<'_> {
    async fn query<'a>(&'a mut self, query: &'a str) -> Result<Vec<Migration>, Self::Error> {
        // refinery only asks for its history rows; read them our way (which also copes with
        // the table not existing yet) and hand them back as refinery's type.
        let _ = query;
        let rows = super::history::read(self.conn)
            .await
            .map_err(|e| MigrationFailed(format!("cannot read the history table: {e}")))?;
        rows.iter()
            .map(Applied::to_refinery)
            .collect::<anyhow::Result<Vec<_>>>()
            .map_err(|e| MigrationFailed(e.to_string()))
    }
}

impl AsyncMigrate for Driver<'_> {}
