//! Views and materialized views of a live database: `pg_get_viewdef` (with the storage
//! options) and the indexes of each, read by the same reader as the user's SQL.

use sqlx::PgConnection;

use crate::db::printed::{origin, statement};
use crate::objects::view::View;
use crate::schema::model::Schema;
use pg_query::protobuf::node::Node as N;

/// Reads the views of `schemas` into `schema` (what cannot be read, into `unsupported`).
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    let views: Vec<(String, Option<String>, Vec<String>)> = sqlx::query_as(
        "SELECT CASE c.relkind WHEN 'm' THEN 'CREATE MATERIALIZED VIEW ' ELSE 'CREATE VIEW ' END
                || CASE WHEN n.nspname = 'public' THEN quote_ident(c.relname)
                        ELSE quote_ident(n.nspname) || '.' || quote_ident(c.relname) END
                || coalesce(' WITH (' || array_to_string(c.reloptions, ', ') || ')', '')
                || ' AS ' || pg_get_viewdef(c.oid),
                obj_description(c.oid, 'pg_class'),
                ARRAY(SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                       WHERE i.indrelid = c.oid ORDER BY i.indexrelid)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1)
            AND c.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e'
                                AND classid = 'pg_class'::regclass)
          ORDER BY c.oid",
    )
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (def, comment, indexes) in views {
        match statement(&def).and_then(|node| {
            let mut v = match node {
                N::ViewStmt(s) => View::from_statement(&s, origin()),
                N::CreateTableAsStmt(s) => View::from_matview(&s, origin()),
                _ => Err("not a view".into()),
            }?;
            v.comment = comment;
            for index in &indexes {
                match statement(index)? {
                    N::IndexStmt(s) => v.add_index(&s)?,
                    _ => return Err("not an index".into()),
                }
            }
            Ok(v)
        }) {
            Ok(v) => schema.views.push(v),
            Err(why) => unsupported.push(format!("a view ({why})")),
        }
    }
    Ok(())
}
