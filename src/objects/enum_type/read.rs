//! Enums of a live database. Every enum is read (they are few), those of extensions left out:
//! the enums of the schemas read are kept, and those of other schemas once a column is seen to
//! use them ([`keep_used`], after the tables). Read before the tables, whose column types they
//! tell (the registry's types phase).

use std::collections::HashSet;

use sqlx::PgConnection;

use super::EnumType;
use crate::db::model_name;
use crate::db::printed::origin;
use crate::names::namespace_of;
use crate::objects::column_types::ColumnTypes;
use crate::origin::Hint;
use crate::schema::model::{Namespace, Schema};

/// (oid, model name, in a schema read, values, comment)
type Row = (i64, String, bool, Vec<String>, Option<String>);

/// Reads every enum of the database into `schema`, each into `types`; those of schemas not
/// read stay only if a column uses them ([`keep_used`], after the tables).
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    _unsupported: &mut Vec<String>,
    types: &mut ColumnTypes,
) -> anyhow::Result<()> {
    let rows: Vec<Row> = sqlx::query_as(concat!(
        "SELECT t.oid::int8, ",
        model_name!("n.nspname", "t.typname"),
        ", n.nspname = ANY($1),
                array_agg(e.enumlabel::text ORDER BY e.enumsortorder), d.description
           FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
           JOIN pg_namespace n ON n.oid = t.typnamespace
           LEFT JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_type'::regclass
          WHERE NOT EXISTS (SELECT 1 FROM pg_depend dep
                             WHERE dep.classid = 'pg_type'::regclass AND dep.objid = t.oid
                               AND dep.deptype = 'e')
          GROUP BY t.oid, t.typname, n.nspname, d.description ORDER BY t.oid"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (oid, name, in_read_schema, values, comment) in rows {
        types.by_oid.insert(oid, name.clone());
        if !in_read_schema {
            types.outside.insert(oid);
        }
        schema.enums.push(EnumType {
            name,
            values,
            comment,
            renamed_values: Hint(Vec::new()),
            origin: origin(),
        });
    }
    Ok(())
}

/// Keeps the enums of the schemas read and those a column read uses (`used`, by oid); an enum
/// of a schema not read that is kept brings its schema along, so the model can create it.
pub fn keep_used(schema: &mut Schema, types: &ColumnTypes, used: &HashSet<i64>) {
    let dropped: HashSet<&str> = (types.outside.iter())
        .filter(|oid| !used.contains(oid))
        .filter_map(|oid| types.by_oid.get(oid).map(String::as_str))
        .collect();
    schema.enums.retain(|e| !dropped.contains(e.name.as_str()));
    for e in &schema.enums {
        if let Some(ns) = namespace_of(&e.name) {
            if !schema.schemas.iter().any(|n| n.name == ns) {
                schema.schemas.push(Namespace {
                    name: ns.to_string(),
                    grants: Vec::new(),
                    origin: origin(),
                });
            }
        }
    }
}
