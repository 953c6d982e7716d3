//! Partitioned tables read from a live database: each one's key (`pg_get_partkeydef`) and
//! its partitions with their bounds (`relpartbound`), normalised as the YAML's are (see
//! `objects::partition`).

use std::collections::HashMap;

use sqlx::PgConnection;

use crate::db::model_name;

use crate::schema::model::*;

fn origin() -> Origin {
    Origin::default()
}

/// `PARTITION BY` of the partitioned tables read, and their partitions with their bounds.
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    position: &HashMap<String, usize>,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    use crate::objects::partition::{normalise_bound, normalise_key, Partition, Partitioning};
    let keys: Vec<(String, String)> = sqlx::query_as(concat!(
        "SELECT ",
        model_name!("n.nspname", "c.relname"),
        ", pg_get_partkeydef(c.oid)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) AND c.relkind = 'p' AND NOT c.relispartition
          ORDER BY c.oid"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (table, key) in keys {
        let Some(&i) = position.get(&table) else {
            continue;
        };
        match normalise_key(&key) {
            Ok(by) => {
                schema.tables[i].partitioning = Some(Partitioning {
                    by,
                    partitions: Vec::new(),
                })
            }
            Err(e) => unsupported.push(format!("partition key of {table} ({e})")),
        }
    }
    // (parent, partition, bound, partitioned itself)
    let partitions: Vec<(String, String, String, bool)> = sqlx::query_as(concat!(
        "SELECT ",
        model_name!("pn.nspname", "p.relname"),
        ", ",
        model_name!("n.nspname", "c.relname"),
        ", pg_get_expr(c.relpartbound, c.oid), c.relkind = 'p'
           FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
          WHERE pn.nspname = ANY($1) AND c.relispartition AND p.relkind = 'p'
            AND NOT p.relispartition
          ORDER BY c.oid"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (parent, name, bound, partitioned) in partitions {
        let Some(p) = position
            .get(&parent)
            .and_then(|&i| schema.tables[i].partitioning.as_mut())
        else {
            continue;
        };
        if partitioned {
            unsupported.push(format!(
                "partition {name} of {parent} is partitioned itself (sub-partitioning is not \
                 modelled)"
            ));
        }
        match normalise_bound(&bound) {
            Ok(bound) => p.partitions.push(Partition {
                name,
                bound,
                origin: origin(),
            }),
            Err(e) => unsupported.push(format!("partition {name} of {parent} ({e})")),
        }
    }
    Ok(())
}
