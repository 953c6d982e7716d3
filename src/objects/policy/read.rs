//! Row-level security of a live database: each table's switches and its policies (with the
//! roles they name, kept as roles the platform provides).

use sqlx::PgConnection;

use crate::db::model_name;
use crate::db::printed::origin;
use crate::objects::policy::Policy;
use crate::schema::model::{ExternalRole, Schema};

/// Reads row security and the policies of `schemas` onto the tables of `schema` (read first);
/// what cannot be read, into `unsupported`.
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    let switches: Vec<(String, bool, bool)> = sqlx::query_as(concat!(
        "SELECT ",
        model_name!("n.nspname", "c.relname"),
        ", c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
            AND (c.relrowsecurity OR c.relforcerowsecurity)"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (table, rls, force) in switches {
        if let Some(t) = schema.tables.iter_mut().find(|t| t.name == table) {
            t.rls = rls;
            t.force_rls = force;
        }
    }

    type PolicyRow = (
        String,
        String,
        String,
        bool,
        Vec<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let policies: Vec<PolicyRow> = sqlx::query_as(concat!(
        "SELECT ",
        model_name!("n.nspname", "c.relname"),
        ", pol.polname::text, pol.polcmd::text, pol.polpermissive,
                ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END
                        FROM unnest(pol.polroles) r),
                pg_get_expr(pol.polqual, pol.polrelid), pg_get_expr(pol.polwithcheck, pol.polrelid),
                obj_description(pol.oid, 'pg_policy')
           FROM pg_policy pol
           JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) ORDER BY c.oid, pol.polname"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (table, name, cmd, permissive, roles, using, with_check, comment) in policies {
        let command = match cmd.as_str() {
            "r" => "select",
            "a" => "insert",
            "w" => "update",
            "d" => "delete",
            _ => "all",
        };
        // regrole prints a name needing quotes with its quotes.
        let roles: Vec<String> = roles
            .into_iter()
            .map(|r| r.trim_matches('"').replace("\"\"", "\""))
            .collect();
        for role in roles.iter().filter(|r| *r != "public") {
            if !schema.roles.iter().any(|x| &x.name == role) {
                schema.roles.push(ExternalRole {
                    name: role.clone(),
                    origin: origin(),
                });
            }
        }
        let Some(t) = schema.tables.iter_mut().find(|t| t.name == table) else {
            continue;
        };
        match Policy::declared(
            name.clone(),
            command,
            permissive,
            roles,
            using.as_deref(),
            with_check.as_deref(),
            origin(),
        ) {
            Ok(p) => t.policies.push(Policy { comment, ..p }),
            Err(why) => unsupported.push(format!("policy {name} on {table} ({why})")),
        }
    }
    schema.roles.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(())
}
