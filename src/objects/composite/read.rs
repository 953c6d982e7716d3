//! Composite types of a live database, printed as the `CREATE TYPE ... AS (...)` PostgreSQL
//! would accept and read back by the same reader as the user's SQL.

use pg_query::protobuf::node::Node as N;
use sqlx::PgConnection;

use crate::db::model_name;
use crate::db::printed::{origin, statement};
use crate::objects::column_types::ColumnTypes;
use crate::objects::composite::Composite;
use crate::schema::model::Schema;
use crate::sql::ident::{quote, quote_qualified};

/// Reads the composite types of `schemas` into `schema`, each into `types`; what cannot
/// be read, into `unsupported`.
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
    types: &mut ColumnTypes,
) -> anyhow::Result<()> {
    type CompositeRow = (i64, String, Vec<String>, Vec<String>, Option<String>);
    let composites: Vec<CompositeRow> = sqlx::query_as(concat!(
        "SELECT t.oid::int8, ",
        model_name!("n.nspname", "t.typname"),
        ", array_agg(a.attname::text ORDER BY a.attnum),
                array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum),
                obj_description(t.oid, 'pg_type')
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          WHERE t.typtype = 'c' AND n.nspname = ANY($1)
            AND t.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e'
                                AND classid = 'pg_type'::regclass)
          GROUP BY t.oid, n.nspname ORDER BY t.oid"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (oid, name, attributes, attribute_types, comment) in composites {
        let list: Vec<String> = attributes
            .iter()
            .zip(&attribute_types)
            .map(|(a, t)| format!("{} {t}", quote(a)))
            .collect();
        let sql = format!(
            "CREATE TYPE {} AS ({})",
            quote_qualified(&name),
            list.join(", ")
        );
        match statement(&sql).and_then(|node| match node {
            N::CompositeTypeStmt(s) => Composite::from_statement(&s, origin()),
            _ => Err("not a composite type".into()),
        }) {
            Ok(mut c) => {
                c.comment = comment;
                types.by_oid.insert(oid, c.name.clone());
                schema.composites.push(c);
            }
            Err(why) => unsupported.push(format!("type {name} ({why})")),
        }
    }
    Ok(())
}
