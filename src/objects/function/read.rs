//! Functions and procedures of a live database: `pg_get_functiondef` of each (not an
//! extension's, not a range type's constructors), read by the same reader as the user's SQL.

use sqlx::PgConnection;

use crate::db::printed::{origin, statement};
use crate::objects::function::Function;
use crate::schema::model::Schema;
use pg_query::protobuf::node::Node as N;

/// Reads the functions of `schemas` into `schema` (what cannot be read, into `unsupported`);
/// returns the model identity of each by oid (for its grants).
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    let functions: Vec<(String, i64, Option<String>)> = sqlx::query_as(
        "SELECT pg_get_functiondef(p.oid), p.oid::int8, obj_description(p.oid, 'pg_proc')
           FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = ANY($1) AND p.prokind IN ('f', 'p')
            -- an extension's, or made with a type (a range type's constructors)
            AND p.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype IN ('e', 'i')
                                AND classid = 'pg_proc'::regclass)
          ORDER BY p.oid",
    )
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (def, oid, comment) in functions {
        match statement(&def).and_then(|node| match node {
            N::CreateFunctionStmt(s) => Function::from_statement(&s, origin()),
            _ => Err("not a function".into()),
        }) {
            Ok(mut f) => {
                f.comment = comment;
                f.oid = crate::origin::Hint(Some(oid));
                schema.functions.push(f)
            }
            Err(why) => unsupported.push(format!("a function ({why})")),
        }
    }
    Ok(())
}
