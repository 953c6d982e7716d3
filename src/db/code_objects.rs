//! Reading the code objects of a live database into the model: functions and procedures,
//! views, triggers, row-level security and policies (and the roles the policies name). PostgreSQL
//! prints each definition (`pg_get_functiondef`, `pg_get_triggerdef`, the policy catalog) and
//! the same readers as for the user's SQL turn it into the model, so a live database and a
//! scratch one built from the migrations are compared in PostgreSQL's own spelling. Four
//! set-based queries, whatever the number of objects.

use sqlx::PgConnection;

use crate::objects::function::Function;
use crate::objects::policy::Policy;
use crate::objects::trigger::Trigger;
use crate::objects::view::View;
use crate::schema::model::{ExternalRole, Origin, Schema};
use pg_query::protobuf::node::Node as N;

fn origin() -> Origin {
    Origin {
        file: "(database)".into(),
        line: 0,
    }
}

/// Parses one statement PostgreSQL printed.
pub(super) fn statement(sql: &str) -> Result<N, String> {
    let parsed = pg_query::parse(sql, 0).map_err(|e| format!("cannot parse {sql:?}: {e}"))?;
    parsed
        .protobuf
        .stmts
        .into_iter()
        .next()
        .and_then(|s| s.stmt)
        .and_then(|s| s.node)
        .ok_or_else(|| format!("no statement in {sql:?}"))
}

/// Reads the code objects of `schemas` into `schema`; returns the model identity of each
/// function by oid (for its grants).
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<std::collections::HashMap<i64, String>> {
    let mut function_by_oid = std::collections::HashMap::new();
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
                function_by_oid.insert(oid, f.identity());
                schema.functions.push(f)
            }
            Err(why) => unsupported.push(format!("a function ({why})")),
        }
    }

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
    Ok(function_by_oid)
}
