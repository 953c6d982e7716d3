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
pub async fn side_by_side<T>(
    db: &Database,
    main: &mut PgConnection,
    read: impl AsyncFnOnce(&mut PgConnection, &mut Readers) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let mut readers = Readers::open(db, main, 2).await;
    let result = read(&mut *main, &mut readers).await;
    let finished = readers.finish(main).await;
    let value = result?;
    finished?;
    Ok(value)
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
