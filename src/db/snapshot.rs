//! Helper connections that read the catalog beside the main one, in the main one's snapshot
//! (`pg_export_snapshot` / `SET TRANSACTION SNAPSHOT`, as `pg_dump -j` does): reads spread over
//! them see one and the same database, as if made on one connection at one instant.

use sqlx::PgConnection;

use super::connect::Database;

/// The helper connections, and whether the main connection holds the transaction that
/// exported their snapshot.
pub struct Readers {
    helpers: Vec<PgConnection>,
    in_transaction: bool,
}

impl Readers {
    /// No helpers: every read runs on the main connection.
    pub fn none() -> Readers {
        Readers {
            helpers: Vec::new(),
            in_transaction: false,
        }
    }

    /// Begins a read-only repeatable-read transaction on `main` and opens `n` connections that
    /// import its snapshot. When a helper cannot be had (the server refuses more connections,
    /// a role limited to one), there are none and the reads run one after another on `main`,
    /// still in one snapshot; when the snapshot cannot be exported either, outside a
    /// transaction, as each read alone would.
    pub async fn open(db: &Database, main: &mut PgConnection, n: usize) -> Readers {
        let mut readers = Readers::none();
        if begin(main).await.is_err() {
            return readers;
        }
        readers.in_transaction = true;
        let Ok(snapshot) = sqlx::query_scalar::<_, String>("SELECT pg_export_snapshot()")
            .fetch_one(&mut *main)
            .await
        else {
            return readers;
        };
        let mut helpers = Vec::with_capacity(n);
        for _ in 0..n {
            match helper(db, &snapshot).await {
                Ok(c) => helpers.push(c),
                Err(_) => return readers,
            }
        }
        readers.helpers = helpers;
        readers
    }

    pub fn helpers(&mut self) -> &mut [PgConnection] {
        &mut self.helpers
    }

    /// Ends the read: the helpers close, and the main connection's transaction ends.
    pub async fn finish(self, main: &mut PgConnection) -> anyhow::Result<()> {
        drop(self.helpers);
        if self.in_transaction {
            sqlx::query("COMMIT").execute(main).await?;
        }
        Ok(())
    }
}

/// Runs `read` on `main` with two helper connections in its snapshot ([`Readers::open`]), then
/// ends the read; an error of `read` wins over one of ending it.
///
/// The catalog's printing functions (`pg_get_indexdef`, `format_type`...) look at the catalog
/// as it is now, not as the snapshot saw it: DDL committed during the read makes them return
/// NULL or fail for an object the snapshot still lists. Such a read is made again, in a new
/// snapshot (three tries), and then said to be what it is.
pub async fn side_by_side<T>(
    db: &Database,
    main: &mut PgConnection,
    read: impl AsyncFn(&mut PgConnection, &mut Readers) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    const TRIES: usize = 3;
    for attempt in 1..=TRIES {
        let mut readers = Readers::open(db, main, 2).await;
        let result = read(&mut *main, &mut readers).await;
        let finished = readers.finish(main).await;
        match result {
            Err(e) if changed_meanwhile(&e) => {
                if attempt == TRIES {
                    return Err(e.context(format!(
                        "the catalog of {} changed while it was being read, {TRIES} times (DDL \
                         running at the same time?); run again once it is quiet",
                        db.display
                    )));
                }
                // A transaction left aborted by the failure must end before the next try.
                let _ = sqlx::query("ROLLBACK").execute(&mut *main).await;
            }
            result => {
                let value = result?;
                finished?;
                return Ok(value);
            }
        }
    }
    unreachable!("the last try returns")
}

/// Whether `e` is what a read of the catalog meets when DDL commits while it reads: a NULL
/// from a printing function (its object is gone), a cache lookup that fails, a relation or
/// type that no longer exists.
fn changed_meanwhile(e: &anyhow::Error) -> bool {
    e.chain()
        .any(|cause| match cause.downcast_ref::<sqlx::Error>() {
            Some(sqlx::Error::ColumnDecode { source, .. }) => {
                source.to_string().contains("unexpected null")
            }
            Some(sqlx::Error::Database(d)) => matches!(
                d.code().as_deref(),
                Some("XX000") | Some("42P01") | Some("42704") | Some("42883")
            ),
            _ => false,
        })
}

async fn begin(conn: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(conn)
        .await
        .map(|_| ())
}

/// A connection in the exported `snapshot` (`SET TRANSACTION SNAPSHOT` takes no parameter:
/// the id goes in as a quoted literal).
async fn helper(db: &Database, snapshot: &str) -> anyhow::Result<PgConnection> {
    let mut conn = db.connect().await?;
    begin(&mut conn).await?;
    let set = format!(
        "SET TRANSACTION SNAPSHOT {}",
        crate::sql::ident::literal(snapshot)
    );
    // Safe: the one value is quoted as a literal, and it is the server's own snapshot id.
    sqlx::query(sqlx::AssertSqlSafe(set))
        .execute(&mut conn)
        .await?;
    Ok(conn)
}
