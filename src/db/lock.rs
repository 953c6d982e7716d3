//! The advisory lock that makes migrate and rollback runs on one database take turns.
//! refinery has no lock of its own. The lock belongs to the session: PostgreSQL releases it when
//! the connection ends, even if the process was killed.

use sqlx::PgConnection;

/// "hotelsch" in ASCII: the key of hotelschema's advisory lock, the same for every run.
const KEY: i64 = 0x686f_7465_6c73_6368;

/// Gave up waiting for another run (exit code 3).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LockTimeout(pub String);

/// Takes the lock, saying so on stderr when another run holds it, and giving up after the
/// session's lock_timeout.
pub async fn acquire(conn: &mut PgConnection, lock_timeout: &str) -> anyhow::Result<()> {
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(KEY)
        .fetch_one(&mut *conn)
        .await?;
    if got {
        return Ok(());
    }
    let holder: Option<i32> = sqlx::query_scalar(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
           AND ((classid::bigint << 32) | objid::bigint) = $1 LIMIT 1",
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
    match sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(KEY)
        .execute(&mut *conn)
        .await
    {
        Ok(_) => Ok(()),
        // 55P03: lock_not_available, raised when lock_timeout expires.
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("55P03") => {
            Err(LockTimeout(format!(
                "gave up after --lock-timeout {lock_timeout}: another hotelschema run still holds \
                 this database's migration lock; nothing was changed. Retry later, or raise \
                 --lock-timeout."
            ))
            .into())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn release(conn: &mut PgConnection) -> anyhow::Result<()> {
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(KEY)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
