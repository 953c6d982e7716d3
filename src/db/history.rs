//! refinery's history table (`refinery_schema_history`): which migrations a database has had.
//!
//! refinery stores `applied_on` as RFC 3339 text and the checksum as a decimal string; we read
//! rows back into refinery's own `Migration` so both sides compare the same values.

use refinery_core::Migration;
use sqlx::PgConnection;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub const TABLE: &str = "refinery_schema_history";

/// One applied migration, as the history table records it.
#[derive(Clone, Debug)]
pub struct Applied {
    pub version: i32,
    pub name: String,
    pub applied_on: String,
    pub checksum: String,
}

impl Applied {
    pub fn to_refinery(&self) -> anyhow::Result<Migration> {
        let applied_on = OffsetDateTime::parse(&self.applied_on, &Rfc3339).map_err(|e| {
            anyhow::anyhow!(
                "{TABLE}: version {} has applied_on {:?}, which is not an RFC 3339 date: {e}",
                self.version,
                self.applied_on
            )
        })?;
        let checksum = self.checksum.parse::<u64>().map_err(|e| {
            anyhow::anyhow!(
                "{TABLE}: version {} has checksum {:?}, which is not a number: {e}",
                self.version,
                self.checksum
            )
        })?;
        Ok(Migration::applied(
            self.version,
            self.name.clone(),
            applied_on,
            checksum,
        ))
    }
}

/// Every applied migration, by version; empty when the history table does not exist yet (so
/// reading never creates anything — `--dry-run` and `status` rely on that).
pub async fn read(conn: &mut PgConnection) -> anyhow::Result<Vec<Applied>> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
        .bind(TABLE)
        .fetch_one(&mut *conn)
        .await?;
    if !exists {
        return Ok(Vec::new());
    }
    // The columns are nullable in refinery's table; read NULL as empty.
    #[derive(sqlx::FromRow)]
    struct Row {
        version: i32,
        name: Option<String>,
        applied_on: Option<String>,
        checksum: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT version, name, applied_on, checksum FROM refinery_schema_history ORDER BY version",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Applied {
            version: r.version,
            name: r.name.unwrap_or_default(),
            applied_on: r.applied_on.unwrap_or_default(),
            checksum: r.checksum.unwrap_or_default(),
        })
        .collect())
}

/// The applied migrations whose file changed since the database ran it (its checksum differs
/// from the history's): each file and its history row.
pub fn edited_since<'a>(
    files: &'a [crate::migrations::LoadedMigration],
    applied: &'a [Applied],
) -> Vec<(&'a crate::migrations::LoadedMigration, &'a Applied)> {
    applied
        .iter()
        .filter_map(|a| {
            let f = files.iter().find(|f| f.file.version as i32 == a.version)?;
            (f.checksum() != a.checksum).then_some((f, a))
        })
        .collect()
}
