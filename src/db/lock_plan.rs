//! `migrate --dry-run`: the lock each statement of a pending migration would take, on which
//! table, and how big that table is in the live database — a lock on an empty table is
//! harmless, the same lock on a table of ten million rows is an outage.

use std::collections::HashMap;

use sqlx::PgConnection;

use crate::sql::locks::{locks, LockLevel};

/// The live database's tables (rows estimated by the planner, bytes on disk) and which table
/// each index belongs to, under the model's names (`name` in public, `schema.name` elsewhere).
pub struct LiveTables {
    sizes: HashMap<String, (i64, i64)>,
    index_tables: HashMap<String, String>,
}

impl LiveTables {
    /// Every table's size, and every index's table (`migrate --dry-run`).
    pub async fn read(conn: &mut PgConnection) -> anyhow::Result<LiveTables> {
        let sizes = sizes(conn, None).await?;
        let indexes: Vec<(String, String)> = sqlx::query_as(concat!(
            "SELECT ",
            model_name!("n.nspname", "i.relname"),
            ", ",
            model_name!("n.nspname", "c.relname"),
            " FROM pg_catalog.pg_index x \
             JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid \
             JOIN pg_catalog.pg_class c ON c.oid = x.indrelid \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') \
               AND n.nspname NOT LIKE 'pg_toast%'"
        ))
        .fetch_all(&mut *conn)
        .await?;
        Ok(LiveTables {
            sizes,
            index_tables: indexes.into_iter().collect(),
        })
    }

    /// The sizes of `tables` alone (`check --db`, for the tables its hazards name): the size
    /// of a table is a walk of its files on disk, and of every table of a 2,000-table
    /// database it was a third of `check --db`'s time.
    pub async fn read_tables(
        conn: &mut PgConnection,
        tables: &[String],
    ) -> anyhow::Result<LiveTables> {
        let sizes = if tables.is_empty() {
            HashMap::new()
        } else {
            sizes(conn, Some(tables)).await?
        };
        Ok(LiveTables {
            sizes,
            index_tables: HashMap::new(),
        })
    }

    /// What `check --db` adds to a statement hazard on `table`: how big the table is, and so
    /// whether the lock matters (below 10,000 rows and 10 MB it lasts milliseconds).
    pub fn hazard_note(&self, table: &str) -> Option<String> {
        let (rows, bytes) = *self.sizes.get(table)?;
        let size = size_text(rows, bytes);
        // (A table never analysed has no row estimate: its size on disk decides.)
        Some(if rows < 10_000 && bytes < 10 * 1024 * 1024 {
            format!(" [in the database, {table} is small ({size}): the lock is brief]")
        } else {
            format!(" [in the database, {table} holds {size}: the lock stops it for as long as it lasts]")
        })
    }

    /// "about 1,200 rows, 2 MB", or "new" for a table the database does not have yet.
    fn size_of(&self, table: &str) -> String {
        match self.sizes.get(table) {
            None => "not in the database yet".to_string(),
            Some((rows, bytes)) => size_text(*rows, *bytes),
        }
    }
}

/// "about 1,200 rows, 2 MB"; "not analysed, 34 MB" when PostgreSQL has no estimate yet (its
/// `reltuples` is -1 until the first VACUUM or ANALYZE: "about 0 rows" would be a guess).
fn size_text(rows: i64, bytes: i64) -> String {
    if rows < 0 {
        format!("not analysed, {}", human(bytes))
    } else {
        format!("about {} rows, {}", thousands(rows), human(bytes))
    }
}

/// table → (estimated rows, bytes on disk) of every table, or of the tables `only` names.
async fn sizes(
    conn: &mut PgConnection,
    only: Option<&[String]>,
) -> anyhow::Result<HashMap<String, (i64, i64)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(concat!(
        "SELECT name, rows, pg_catalog.pg_total_relation_size(oid) FROM (SELECT ",
        model_name!("n.nspname", "c.relname"),
        " AS name, GREATEST(c.reltuples, -1)::bigint AS rows, c.oid \
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p', 'm') \
           AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
           AND n.nspname NOT LIKE 'pg_toast%') t \
         WHERE $1::text[] IS NULL OR name = ANY($1)"
    ))
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(t, r, b)| (t, (r, b))).collect())
}

/// One line per statement that locks a table (`line N: LEVEL on table (size) — blocks ...`),
/// then how many lock none.
pub fn describe(file: &str, sql: &str, live: &LiveTables) -> Vec<String> {
    let Ok(statements) = crate::sql::replay::parse_statements(file, sql) else {
        return vec!["(the file cannot be parsed: `hotelschema check` says why)".to_string()];
    };
    let mut out = Vec::new();
    let mut quiet = 0;
    for st in &statements {
        let first_line = sql
            .lines()
            .nth(st.origin.line.saturating_sub(1))
            .unwrap_or_default()
            .trim();
        let shown: String = first_line.chars().take(72).collect();
        let held = locks(&st.node, |i| live.index_tables.get(i).cloned());
        if held.is_empty() {
            quiet += 1;
        }
        for (level, table) in held {
            let blocks = if level >= LockLevel::Share {
                format!(" — blocks {}", level.blocks())
            } else {
                String::new()
            };
            out.push(format!(
                "line {:>4}: {} on {table} ({}){blocks}   {shown}",
                st.origin.line,
                level.name(),
                live.size_of(&table)
            ));
        }
    }
    if quiet > 0 {
        out.push(format!(
            "{quiet} other statement(s) lock no table (new objects, functions, comments...)"
        ));
    }
    out
}

fn thousands(n: i64) -> String {
    let digits = n.to_string();
    let groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|g| std::str::from_utf8(g).unwrap_or_default())
        .collect();
    groups.join(",")
}

fn human(bytes: i64) -> String {
    const MB: i64 = 1024 * 1024;
    if bytes >= 1024 * MB {
        format!("{:.1} GB", bytes as f64 / (1024 * MB) as f64)
    } else if bytes >= MB {
        format!("{} MB", bytes / MB)
    } else {
        format!("{} kB", bytes / 1024)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_table_never_analysed_says_so() {
        assert_eq!(
            super::size_text(-1, 34 * 1024 * 1024),
            "not analysed, 34 MB"
        );
        assert_eq!(
            super::size_text(1200, 2 * 1024 * 1024),
            "about 1,200 rows, 2 MB"
        );
    }

    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
        assert_eq!(human(8192), "8 kB");
        assert_eq!(human(5 * 1024 * 1024), "5 MB");
    }
}
