//! Publications of a live database: those that publish a table of the schemas read, or all
//! tables. One with a row filter, a column list or `TABLES IN SCHEMA` is not modelled: named in
//! what cannot be read, never read halfway.

use sqlx::PgConnection;

use super::{Publication, ALL_ACTIONS};
use crate::db::model_name;
use crate::db::printed::origin;
use crate::schema::model::Schema;

type Row = (String, bool, Vec<bool>, bool, Vec<String>, bool, bool);

/// Reads the publications of `schemas` into `schema`; what cannot be read, into `unsupported`.
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    let rows: Vec<Row> = sqlx::query_as(concat!(
        "SELECT p.pubname::text, p.puballtables,
                ARRAY[p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate], p.pubviaroot,
                ARRAY(SELECT ",
        model_name!("n.nspname", "c.relname"),
        " FROM pg_publication_rel pr JOIN pg_class c ON c.oid = pr.prrelid
                       JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE pr.prpubid = p.oid AND n.nspname = ANY($1) ORDER BY 1),
                EXISTS (SELECT 1 FROM pg_publication_rel pr WHERE pr.prpubid = p.oid
                          AND (pr.prqual IS NOT NULL OR pr.prattrs IS NOT NULL)),
                EXISTS (SELECT 1 FROM pg_publication_namespace pn WHERE pn.pnpubid = p.oid)
           FROM pg_publication p
          WHERE p.puballtables
             OR EXISTS (SELECT 1 FROM pg_publication_rel pr JOIN pg_class c ON c.oid = pr.prrelid
                          JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE pr.prpubid = p.oid AND n.nspname = ANY($1))
          ORDER BY p.oid"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (name, all_tables, actions, via_root, tables, filtered, by_schema) in rows {
        if filtered || by_schema {
            unsupported.push(format!(
                "publication {name} (a row filter, a column list or TABLES IN SCHEMA)"
            ));
            continue;
        }
        schema.publications.push(Publication {
            name,
            all_tables,
            tables: if all_tables { Vec::new() } else { tables },
            publish: ALL_ACTIONS
                .iter()
                .zip(actions)
                .filter(|(_, on)| *on)
                .map(|(a, _)| a.to_string())
                .collect(),
            via_root,
            external: crate::origin::Hint(false),
            origin: origin(),
        });
    }
    Ok(())
}
