//! Running SQL files and reporting PostgreSQL's errors at their place in the file.

use sqlx::postgres::{PgDatabaseError, PgErrorPosition};
use sqlx::{AssertSqlSafe, PgConnection};

/// sqlx's error, reduced to the words a user needs. PostgreSQL's own source location (sqlx's
/// Display appends "at line 1147", a line of PostgreSQL's C code) is left out: next to a
/// migration it reads as a line of the migration.
pub fn describe(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => match db.code() {
            Some(code) => format!("{} (SQLSTATE {code})", db.message()),
            None => db.message().to_string(),
        },
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::Tls(tls) => format!("TLS: {tls}"),
        other => other.to_string(),
    }
}

/// What a failed COMMIT means. PostgreSQL refusing it (a deferred constraint) rolled the
/// transaction back; a connection lost while committing leaves it unknown whether the commit
/// happened, and saying "rolled back" then could be a lie.
pub fn commit_failure(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(_) => format!("commit failed: {}; it was rolled back", describe(e)),
        _ => format!(
            "the connection was lost while committing ({}): whether this migration took effect \
             is unknown; run `hotelschema status` to see",
            describe(e)
        ),
    }
}

/// An error and its causes as one line each joined by ": ", as anyhow's `{:#}` prints them,
/// with every sqlx error [`describe`]d.
///
/// A sqlx error ends the line: its own source is the server's error again, whose Display
/// repeats the message with PostgreSQL's C source line ("at line 3655").
pub fn describe_chain(e: &anyhow::Error) -> String {
    let mut parts = Vec::new();
    for cause in e.chain() {
        match cause.downcast_ref::<sqlx::Error>() {
            Some(sqlx) => {
                parts.push(describe(sqlx));
                break;
            }
            None => parts.push(cause.to_string()),
        }
    }
    parts.join(": ")
}

/// A failed statement: PostgreSQL's error, placed in the file it came from.
pub struct StatementFailure {
    /// (line, column), 1-based, in the file.
    pub place: Option<(usize, usize)>,
    pub message: String,
    /// The file's line at `place`, to show under the message.
    pub source_line: Option<String>,
    /// PostgreSQL's SQLSTATE, when the server answered.
    pub code: Option<String>,
}

impl StatementFailure {
    /// `error` came from running `file_sql[offset..]`'s statement(s); PostgreSQL's position is
    /// counted in characters from the start of what was sent.
    pub fn new(file_sql: &str, offset: usize, error: sqlx::Error) -> Self {
        let Some(db) = error
            .as_database_error()
            .and_then(|d| d.try_downcast_ref::<PgDatabaseError>())
        else {
            return StatementFailure {
                place: None,
                message: error.to_string(),
                source_line: None,
                code: None,
            };
        };
        let mut message = format!("{} (SQLSTATE {})", db.message(), db.code());
        if let Some(detail) = db.detail() {
            message.push_str(&format!("\n    detail: {detail}"));
        }
        if let Some(hint) = db.hint() {
            message.push_str(&format!("\n    hint: {hint}"));
        }
        // The lock table is full: a migration that creates or alters thousands of tables
        // (the first migration of a large database) holds a lock on each until it commits.
        if db.code() == "53200" && db.message().contains("shared memory") {
            message.push_str(
                "\n    hotelschema: this migration locks more tables (and their indexes) in one \
                 transaction than the server's lock table holds, max_locks_per_transaction × \
                 (max_connections + max_prepared_transactions). Raise it (`ALTER SYSTEM SET \
                 max_locks_per_transaction = 1024;` then restart PostgreSQL), or split the \
                 migration into several files",
            );
        }
        // An extension installed before the migration that creates it (hotelschema writes
        // `CREATE EXTENSION` without `IF NOT EXISTS`, so that its down never drops what it did
        // not create).
        if db.code() == "42710" && db.message().starts_with("extension ") {
            message.push_str(
                "\n    hotelschema: this database had the extension before this migration, which \
                 creates it (and whose down file would drop it). If the server or your platform provides it, declare it in migrations/platform.sql and \
                 regenerate, so that no migration creates or drops it",
            );
        }
        let place = match db.position() {
            Some(PgErrorPosition::Original(position)) => {
                let start_chars = file_sql[..offset].chars().count();
                Some(line_and_column(file_sql, start_chars + position))
            }
            _ => None,
        };
        let source_line =
            place.and_then(|(line, _)| file_sql.lines().nth(line - 1).map(String::from));
        StatementFailure {
            place,
            message,
            source_line,
            code: Some(db.code().to_string()),
        }
    }

    /// `path:line:column: message`, with the offending line and a caret under the column.
    pub fn render(&self, path: &str) -> String {
        match (self.place, &self.source_line) {
            (Some((line, column)), Some(text)) => format!(
                "{path}:{line}:{column}: {}\n    {text}\n    {}^",
                self.message,
                " ".repeat(column.saturating_sub(1))
            ),
            _ => format!("{path}: {}", self.message),
        }
    }
}

/// 1-based (line, column) of the `position`-th character (1-based) of `text`.
fn line_and_column(text: &str, position: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for c in text.chars().take(position.saturating_sub(1)) {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// Runs each statement of `sql` on its own (outside any transaction, for statements such as
/// CREATE INDEX CONCURRENTLY). On failure, returns it with how many statements had succeeded.
pub async fn run_statements(
    conn: &mut PgConnection,
    sql: &str,
    retries: &LockRetries,
) -> Result<(), (StatementFailure, usize)> {
    let statements = pg_query::split_with_parser(sql).map_err(|e| {
        (
            StatementFailure {
                place: None,
                message: format!("cannot split the file into statements: {e}"),
                source_line: None,
                code: None,
            },
            0,
        )
    })?;
    for (done, statement) in statements.iter().enumerate() {
        // The statements are slices of `sql`; their offset places errors in the file.
        let offset = statement.as_ptr() as usize - sql.as_ptr() as usize;
        let mut attempt = 0;
        loop {
            let Err(e) = sqlx::raw_sql(AssertSqlSafe(statement.to_string()))
                .execute(&mut *conn)
                .await
            else {
                break;
            };
            let failure = StatementFailure::new(sql, offset, e);
            // Outside a transaction, the statements before this one stay done: only this one
            // is tried again.
            if !retries.again(&failure, &mut attempt).await {
                return Err((failure, done));
            }
        }
    }
    Ok(())
}

/// `--lock-retries`: how often a statement (or a transactional file) that gave up waiting for a
/// lock (`lock_timeout`, SQLSTATE 55P03) is tried again, after a pause that doubles each time
/// (1 s, 2 s, 4 s... at most 30 s). Giving up and retrying, instead of waiting as long as it
/// takes, is what keeps the sessions that queue behind a waiting ALTER from piling up.
pub struct LockRetries {
    pub retries: u32,
    /// What is being run, for the messages (a file's path).
    pub label: String,
}

/// SQLSTATE lock_not_available: lock_timeout expired.
const LOCK_NOT_AVAILABLE: &str = "55P03";

impl LockRetries {
    /// No retry: a lock timeout fails the run (scratch builds, where nothing else runs).
    pub fn none() -> LockRetries {
        LockRetries {
            retries: 0,
            label: String::new(),
        }
    }

    /// Whether to try `failure` again (then after sleeping); counts the attempt.
    async fn again(&self, failure: &StatementFailure, attempt: &mut u32) -> bool {
        if failure.code.as_deref() != Some(LOCK_NOT_AVAILABLE) || *attempt >= self.retries {
            return false;
        }
        *attempt += 1;
        let pause = std::time::Duration::from_secs((1u64 << (*attempt - 1).min(5)).min(30));
        let at = failure
            .place
            .map(|(line, _)| format!(":{line}"))
            .unwrap_or_default();
        eprintln!(
            "{}{at}: gave up waiting for a lock (lock_timeout): another session holds the table; \
             retry {attempt} of {} in {} s",
            self.label,
            self.retries,
            pause.as_secs()
        );
        tokio::time::sleep(pause).await;
        true
    }
}

/// What a migration file's run records besides its own statements, in the same transaction
/// when the file has one.
pub enum Bookkeeping<'a> {
    /// Nothing (a scratch build).
    None,
    /// A statement to run as is (refinery's INSERT into its history table).
    Sql(&'a str),
    /// Remove the history row of this version (a rollback).
    ForgetVersion(i32),
}

impl Bookkeeping<'_> {
    async fn run(&self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        match self {
            Bookkeeping::None => Ok(()),
            Bookkeeping::Sql(sql) => sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
                .execute(conn)
                .await
                .map(|_| ()),
            Bookkeeping::ForgetVersion(version) => {
                sqlx::query("DELETE FROM refinery_schema_history WHERE version = $1")
                    .bind(version)
                    .execute(&mut *conn)
                    .await?;
                // A baselined version is forgotten there too.
                let baselined: bool = sqlx::query_scalar(
                    "SELECT to_regclass('public.hotelschema_baseline') IS NOT NULL",
                )
                .fetch_one(&mut *conn)
                .await?;
                if baselined {
                    sqlx::query("DELETE FROM public.hotelschema_baseline WHERE version = $1")
                        .bind(version)
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            }
        }
    }
}

/// How running a migration file failed, for the caller to word.
pub enum FileFailure {
    /// The transaction could not start: nothing ran.
    Begin(sqlx::Error),
    /// A statement failed inside the file's transaction: nothing of it stays.
    RolledBack(StatementFailure),
    /// A statement of a non-transactional file failed: the `ran` statements before it stay.
    Partial {
        failure: StatementFailure,
        ran: usize,
    },
    /// The statements ran but the bookkeeping failed; in a transaction, nothing stays.
    Bookkeeping {
        error: sqlx::Error,
        transactional: bool,
    },
    /// The commit failed: nothing stays.
    Commit(sqlx::Error),
}

impl FileFailure {
    /// Whether a statement of the file failed (rather than its transaction or bookkeeping).
    pub fn in_a_statement(&self) -> bool {
        matches!(
            self,
            FileFailure::RolledBack(_) | FileFailure::Partial { .. }
        )
    }

    /// What went wrong with `path`, run without bookkeeping in a scratch database: the failed
    /// statement at its file:line:column, or the transaction's error.
    pub fn scratch_message(&self, path: &str) -> String {
        match self {
            FileFailure::RolledBack(failure) | FileFailure::Partial { failure, .. } => {
                failure.render(path)
            }
            FileFailure::Begin(e)
            | FileFailure::Commit(e)
            | FileFailure::Bookkeeping { error: e, .. } => format!("{path}: {}", describe(e)),
        }
    }
}

/// Runs a migration file and its bookkeeping: both in one transaction, or, for a file marked
/// `-- hotelschema:no-transaction`, statement by statement and then the bookkeeping.
pub async fn run_file(
    conn: &mut PgConnection,
    sql: &str,
    bookkeeping: Bookkeeping<'_>,
    retries: &LockRetries,
) -> Result<(), FileFailure> {
    if !crate::migrations::is_transactional(sql) {
        run_statements(conn, sql, retries)
            .await
            .map_err(|(failure, ran)| FileFailure::Partial { failure, ran })?;
        return bookkeeping
            .run(conn)
            .await
            .map_err(|error| FileFailure::Bookkeeping {
                error,
                transactional: false,
            });
    }
    let mut attempt = 0;
    loop {
        match run_in_transaction(conn, sql, &bookkeeping).await {
            // Rolled back whole: the file is tried again from its start.
            Err(FileFailure::RolledBack(f)) if retries.again(&f, &mut attempt).await => continue,
            done => return done,
        }
    }
}

async fn run_in_transaction(
    conn: &mut PgConnection,
    sql: &str,
    bookkeeping: &Bookkeeping<'_>,
) -> Result<(), FileFailure> {
    use sqlx::Connection;
    let mut tx = conn.begin().await.map_err(FileFailure::Begin)?;
    if crate::objects::distribution::read::installed(&mut tx)
        .await
        .map_err(FileFailure::Begin)?
    {
        // Citus sends a DDL statement's text on to the workers, and a text of several
        // statements is refused there ("cannot insert multiple commands into a prepared
        // statement"): one statement at a time, in the one transaction.
        let statements = pg_query::split_with_parser(sql).map_err(|e| {
            FileFailure::RolledBack(StatementFailure {
                place: None,
                message: format!("cannot split the file into statements: {e}"),
                source_line: None,
                code: None,
            })
        })?;
        for statement in statements {
            let offset = statement.as_ptr() as usize - sql.as_ptr() as usize;
            if let Err(e) = sqlx::raw_sql(AssertSqlSafe(statement.to_string()))
                .execute(&mut *tx)
                .await
            {
                return Err(FileFailure::RolledBack(StatementFailure::new(
                    sql, offset, e,
                )));
            }
        }
    } else if let Err(e) = sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
        .execute(&mut *tx)
        .await
    {
        return Err(FileFailure::RolledBack(StatementFailure::new(sql, 0, e)));
    }
    bookkeeping
        .run(&mut tx)
        .await
        .map_err(|error| FileFailure::Bookkeeping {
            error,
            transactional: true,
        })?;
    tx.commit().await.map_err(FileFailure::Commit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_become_lines_and_columns() {
        let text = "-- header\nCREATE TABLE t (\n  id int,\n  bad tipe\n);";
        let position = text.find("tipe").unwrap() + 1;
        assert_eq!(line_and_column(text, position), (4, 7));
        assert_eq!(line_and_column(text, 1), (1, 1));
    }
}
