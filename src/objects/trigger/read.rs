//! Triggers of a live database: `pg_get_triggerdef` of each (not the clones a partitioned
//! table's trigger has on its partitions), on tables and views of the schemas read, and the
//! project's triggers on a platform's tables (Supabase's `auth.users`).

use sqlx::PgConnection;

use crate::db::model_name;
use crate::db::printed::{origin, statement};
use crate::objects::trigger::Trigger;
use crate::schema::model::Schema;
use pg_query::protobuf::node::Node as N;

/// Reads the triggers of `schemas` into `schema`, onto their tables and views (read first);
/// what cannot be read, into `unsupported`.
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    let triggers: Vec<(String, String, String, Option<String>, bool)> = sqlx::query_as(concat!(
        "SELECT ",
        model_name!("n.nspname", "c.relname"),
        ", pg_get_triggerdef(t.oid), t.tgenabled::text, obj_description(t.oid, 'pg_trigger'),
                n.nspname = ANY($1)
           FROM pg_trigger t
           JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace
          WHERE NOT t.tgisinternal
            -- the clones of a partitioned table's trigger on its partitions come with it
            AND t.tgparentid = 0
            -- and the project's triggers on the platform's tables (Supabase's auth.users)
            AND (n.nspname = ANY($1) OR (pn.nspname = ANY($1) AND n.nspname <> 'pg_catalog'))
          ORDER BY c.oid, t.tgname"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (table, def, enabled, comment, ours) in triggers {
        let read = statement(&def).and_then(|node| match node {
            N::CreateTrigStmt(s) => Trigger::from_statement(&s, origin()),
            _ => Err("not a trigger".into()),
        });
        if let Some(v) = schema.views.iter_mut().find(|v| v.name == table) {
            match read {
                Ok(mut tr) => {
                    tr.enabled = enabled != "D";
                    tr.comment = comment;
                    v.triggers.push(tr);
                }
                Err(why) => unsupported.push(format!("a trigger on view {table} ({why})")),
            }
            continue;
        }
        if !ours && !schema.tables.iter().any(|t| t.name == table) {
            let mut platform = crate::schema::model::Table::empty(&table, origin());
            platform.external = true;
            schema.tables.push(platform);
        }
        let Some(t) = schema.tables.iter_mut().find(|t| t.name == table) else {
            continue;
        };
        match (read, enabled.as_str()) {
            (Ok(mut tr), "O" | "D") => {
                tr.enabled = enabled == "O";
                tr.comment = comment;
                t.triggers.push(tr);
            }
            (Ok(tr), _) => unsupported.push(format!(
                "trigger {} on {table} is enabled ALWAYS or REPLICA",
                tr.name
            )),
            (Err(why), _) => unsupported.push(format!("a trigger on {table} ({why})")),
        }
    }
    Ok(())
}
