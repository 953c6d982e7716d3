//! Custom rules: `checks/*.sql`, each a query that must return no rows; each row it returns is
//! a finding (its `message` column, and `table`/`column` when present). They run with `--db`,
//! inside a transaction that is rolled back, so a rule can never change the database.

use std::path::Path;

use sqlx::{AssertSqlSafe, Connection, PgConnection, Row};

use super::Finding;
use crate::db::sql_error::StatementFailure;
use crate::schema::model::Origin;
use crate::UsageError;

pub async fn run(dir: &Path, conn: &mut PgConnection) -> anyhow::Result<Vec<Finding>> {
    let mut files: Vec<_> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "sql"))
            .collect(),
        Err(_) => return Ok(Vec::new()),
    };
    files.sort();
    let mut findings = Vec::new();
    for path in files {
        let sql = crate::text_file::read(&path)?;
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let shown = path.display().to_string();
        let mut tx = conn.begin().await?;
        let rows = sqlx::query(AssertSqlSafe(sql.clone()))
            .fetch_all(&mut *tx)
            .await;
        tx.rollback().await?;
        let rows = rows.map_err(|e| {
            UsageError(format!(
                "custom rule {}\n    fix the query; it must return no rows when all is well, and a \
                 `message` column per problem otherwise",
                StatementFailure::new(&sql, 0, e).render(&shown)
            ))
        })?;
        for row in rows {
            let message: String = row.try_get("message").map_err(|_| {
                UsageError(format!(
                    "custom rule {shown} returned a row without a `message` column; select one \
                     (e.g. `SELECT 'why' AS message, ...`)"
                ))
            })?;
            let mut f = Finding::custom(&name, message).at(&Origin {
                file: shown.clone().into(),
                line: 1,
            });
            if let Ok(Some(t)) = row.try_get::<Option<String>, _>("table") {
                f = f.table(&t);
            }
            if let Ok(Some(c)) = row.try_get::<Option<String>, _>("column") {
                f = f.column(&c);
            }
            findings.push(f);
        }
    }
    Ok(findings)
}
