//! Enums of a live database. Every enum is read (they are few), those of extensions left out:
//! the enums of the schemas read are kept, and those of other schemas once a column is seen to
//! use them ([`Enums::keep`], after the tables). Read before the tables, whose column types
//! they tell.

use std::collections::{HashMap, HashSet};

use sqlx::PgConnection;

use super::EnumType;
use crate::db::model_name;
use crate::db::printed::origin;
use crate::names::namespace_of;
use crate::origin::Hint;
use crate::schema::model::{Namespace, Schema};

/// (oid, model name, in a schema read, values, comment)
type Row = (i64, String, bool, Vec<String>, Option<String>);

/// The database's enums, read but not yet kept.
pub struct Enums(Vec<Row>);

/// Reads every enum of the database; `schemas` are the schemas read.
pub async fn read(conn: &mut PgConnection, schemas: &[String]) -> anyhow::Result<Enums> {
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
    Ok(Enums(rows))
}

impl Enums {
    /// The model name of each enum, by oid: a column names its type by oid.
    pub fn by_oid(&self) -> HashMap<i64, String> {
        self.0
            .iter()
            .map(|(oid, name, ..)| (*oid, name.clone()))
            .collect()
    }

    /// Puts into `schema` the enums of the schemas read and those `used` (by oid) by a column
    /// read; an enum of a schema not read brings its schema along, so the model can create it.
    pub fn keep(self, schema: &mut Schema, used: &HashSet<i64>) {
        for (oid, name, in_read_schema, values, comment) in self.0 {
            if !in_read_schema && !used.contains(&oid) {
                continue;
            }
            if let Some(ns) = namespace_of(&name) {
                if !schema.schemas.iter().any(|n| n.name == ns) {
                    schema.schemas.push(Namespace {
                        name: ns.to_string(),
                        grants: Vec::new(),
                        origin: origin(),
                    });
                }
            }
            schema.enums.push(EnumType {
                name,
                values,
                comment,
                renamed_values: Hint(Vec::new()),
                origin: origin(),
            });
        }
    }
}
