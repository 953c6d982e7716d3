//! The advisory lock that makes migrate and rollback runs on one database take turns.
//! refinery has no lock of its own. The lock belongs to the session: PostgreSQL releases it when
//! the connection ends, even if the process was killed.

use std::time::{Duration, Instant};

use sqlx::PgConnection;

/// "hotelsch" in ASCII: the key of hotelschema's advisory lock, the same for every run.
const KEY: i64 = 0x686f_7465_6c73_6368;

/// Gave up waiting for another run (exit code 3).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LockTimeout(pub String);

/// Takes the lock, saying so on stderr when another run holds it, and giving up after the
/// session's lock_timeout.
///
/// The wait is a poll of `pg_try_advisory_lock`, never a blocking `pg_advisory_lock`: a
/// blocked statement keeps a snapshot open, and `CREATE INDEX CONCURRENTLY` run by the holder
/// waits for every such snapshot to end — the holder would wait for the waiters, which wait for
/// the holder (a deadlock PostgreSQL resolves by killing one of them, mid-build). Between polls
/// this connection is idle, outside any transaction.
pub async fn acquire(conn: &mut PgConnection, lock_timeout: &str) -> anyhow::Result<()> {
    if try_lock(conn).await? {
        return Ok(());
    }
    let holder: Option<i32> = sqlx::query_scalar(
        "SELECT pid FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND granted
           AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = $1 LIMIT 1",
    )
    .bind(KEY)
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    eprintln!(
        "waiting for another hotelschema run on this database to finish (PostgreSQL backend \
         pid {}); giving up after --lock-timeout {lock_timeout}",
        holder.map_or("unknown".to_string(), |p| p.to_string())
    );
    // lock_timeout in milliseconds, as the session has it (0: wait as long as it takes).
    let limit_ms: i64 = sqlx::query_scalar(
        "SELECT setting::bigint FROM pg_catalog.pg_settings WHERE name = 'lock_timeout'",
    )
    .fetch_one(&mut *conn)
    .await?;
    let started = Instant::now();
    let mut pause = Duration::from_millis(20);
    loop {
        tokio::time::sleep(pause).await;
        if try_lock(conn).await? {
            return Ok(());
        }
        if limit_ms > 0 && started.elapsed() >= Duration::from_millis(limit_ms as u64) {
            return Err(LockTimeout(format!(
                "gave up after --lock-timeout {lock_timeout}: another hotelschema run still \
                 holds this database's migration lock; nothing was changed. Retry later, or \
                 raise --lock-timeout."
            ))
            .into());
        }
        pause = (pause * 2).min(Duration::from_millis(250));
    }
}

async fn try_lock(conn: &mut PgConnection) -> anyhow::Result<bool> {
    Ok(
        sqlx::query_scalar("SELECT pg_catalog.pg_try_advisory_lock($1)")
            .bind(KEY)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Gives the lock back at the end of a run. It cannot fail in a way that matters: the lock
/// belongs to the session, so if the connection is already gone (terminated after the last
/// commit) PostgreSQL has released it — and the run's work, all committed, stands. A run must
/// not report success and then exit with an error over this.
pub async fn release(conn: &mut PgConnection) {
    let _ = sqlx::query("SELECT pg_catalog.pg_advisory_unlock($1)")
        .bind(KEY)
        .execute(&mut *conn)
        .await;
}
