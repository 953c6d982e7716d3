//! A Citus coordinator's distribution, read from `pg_dist_partition` onto the tables read
//! before (nothing when the `citus` extension is not installed).
//!
//! Colocation is read back as the YAML says it: a table in the group Citus picks by default
//! for its column's type (the oldest group of that type, shard count and replication) has no
//! `colocate_with`; the first table of another group has `colocate_with: none`, the others that
//! table's name.

use sqlx::PgConnection;

use super::Distribution;
use crate::db::model_name;
use crate::schema::model::Schema;

/// Whether the database is a Citus node (the `citus` extension is installed).
pub async fn installed(conn: &mut PgConnection) -> sqlx::Result<bool> {
    let found: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus'")
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    if !installed(conn).await? {
        return Ok(());
    }
    // (table, method, column, replication model, in a default group, first of its group)
    type Row = (String, String, Option<String>, String, bool, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(concat!(
        "WITH dist AS (
           SELECT p.logicalrelid, p.partmethod::text AS method, p.repmodel::text AS repmodel,
                  p.colocationid, ",
        model_name!("n.nspname", "c.relname"),
        " AS name,
                  CASE WHEN p.partmethod = 'h'
                       THEN column_to_column_name(p.logicalrelid, p.partkey) END AS col
             FROM pg_dist_partition p
             JOIN pg_class c ON c.oid = p.logicalrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ANY($1)),
         default_groups AS (
           SELECT min(colocationid) AS colocationid
             FROM pg_dist_colocation
            GROUP BY shardcount, replicationfactor, distributioncolumntype,
                     distributioncolumncollation)
         SELECT d.name, d.method, d.col, d.repmodel,
                d.colocationid IN (SELECT colocationid FROM default_groups),
                (SELECT f.name FROM dist f WHERE f.colocationid = d.colocationid
                  ORDER BY f.logicalrelid LIMIT 1)
           FROM dist d
          ORDER BY d.name"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (name, method, column, repmodel, default_group, first) in rows {
        let distribution = match (method.as_str(), column) {
            ("n", _) if repmodel == "t" => Distribution::Reference,
            ("h", Some(column)) => Distribution::Hash {
                column,
                colocate_with: if default_group {
                    None
                } else if first.as_deref() == Some(name.as_str()) {
                    Some("none".into())
                } else {
                    first
                },
            },
            _ => {
                let what = if method == "n" {
                    "a Citus local table (added to the coordinator's metadata)"
                } else {
                    "a Citus table distributed other than by hash"
                };
                unsupported.push(format!("table {name}: {what}"));
                continue;
            }
        };
        if let Some(t) = schema.tables.iter_mut().find(|t| t.name == name) {
            t.distribution = Some(distribution);
        }
    }
    Ok(())
}
