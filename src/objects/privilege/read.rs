//! Reading privileges of a live database into the model: the ACLs of tables, views,
//! sequences, functions and schemas (`aclexplode`), and `pg_default_acl`. What an ACL holds
//! beyond the owner's rights and PostgreSQL's built-in ones becomes grants; a built-in right
//! missing from a set ACL becomes a `revoked` entry (see `objects::privilege`). Two set-based
//! queries.

use std::collections::{BTreeMap, HashMap};

use sqlx::PgConnection;

use crate::objects::privilege::{builtin, DefaultPrivilege, Grant, Target};
use crate::schema::model::{ExternalRole, Origin, Schema};

/// An ACL's entries: (grantee, privilege, grantable).
type Entries = Vec<(String, String, bool)>;

/// Grants of one object: what its ACL holds (`None`: the ACL is NULL, PostgreSQL's defaults).
fn grants_of(target: Target, name: &str, entries: &[(String, String, bool)]) -> Vec<Grant> {
    let mut out: Vec<Grant> = Vec::new();
    for (grantee, privilege, grantable) in entries {
        if let Some(g) = out
            .iter_mut()
            .find(|g| g.grantee == *grantee && g.privilege == *privilege)
        {
            g.grantable |= grantable;
            continue;
        }
        let by_default = builtin(target, name)
            .iter()
            .any(|(g, p)| g == grantee && p == privilege);
        if by_default && !grantable {
            continue;
        }
        out.push(Grant {
            grantee: grantee.clone(),
            privilege: privilege.clone(),
            grantable: *grantable,
            revoked: false,
        });
    }
    for (grantee, privilege) in builtin(target, name) {
        if !entries
            .iter()
            .any(|(g, p, _)| g == grantee && p == privilege)
        {
            out.push(Grant {
                grantee: grantee.to_string(),
                privilege: privilege.to_string(),
                grantable: false,
                revoked: true,
            });
        }
    }
    out.sort();
    out
}

fn note_roles(schema: &mut Schema, grants: &[Grant]) {
    for g in grants {
        if g.grantee != "public" && !schema.roles.iter().any(|r| r.name == g.grantee) {
            schema.roles.push(ExternalRole {
                name: g.grantee.clone(),
                origin: Origin {
                    file: "(database)".into(),
                    line: 0,
                },
            });
        }
    }
}

pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    // The functions read, by oid (their grants are read by oid).
    let functions: HashMap<i64, usize> = schema
        .functions
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.oid.0.map(|oid| (oid, i)))
        .collect();
    // (kind, model name or function oid, grantee, privilege, grantable); a row with no grantee
    // marks an object whose ACL is set (so a built-in right it lacks was revoked).
    type Row = (String, String, Option<String>, Option<String>, bool);
    let rows: Vec<Row> = sqlx::query_as(
        "WITH o AS (
           SELECT CASE c.relkind WHEN 'S' THEN 'sequence' ELSE 'table' END AS kind,
                  CASE WHEN n.nspname = 'public' THEN c.relname::text
                       ELSE n.nspname || '.' || c.relname END AS name,
                  c.relowner AS owner, c.relacl AS acl
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
              AND c.relacl IS NOT NULL
           UNION ALL
           SELECT 'function', p.oid::text, p.proowner, p.proacl
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = ANY($1) AND p.proacl IS NOT NULL
           UNION ALL
           SELECT 'schema', n.nspname::text, n.nspowner, n.nspacl
             FROM pg_namespace n WHERE n.nspname = ANY($1) AND n.nspacl IS NOT NULL
         )
         SELECT o.kind, o.name, NULL, NULL, false FROM o
         UNION ALL
         SELECT o.kind, o.name,
                CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END,
                a.privilege_type, a.is_grantable
           FROM o, LATERAL aclexplode(o.acl) a
          WHERE a.grantee <> o.owner
            -- schema public belongs to pg_database_owner, whose rights are the owner's
            AND NOT (o.kind = 'schema' AND a.grantee = 'pg_database_owner'::regrole)",
    )
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    let mut acls: BTreeMap<(String, String), Entries> = BTreeMap::new();
    for (kind, name, grantee, privilege, grantable) in rows {
        let entries = acls.entry((kind, name)).or_default();
        if let (Some(g), Some(p)) = (grantee, privilege) {
            entries.push((g, p, grantable));
        }
    }
    for ((kind, name), entries) in acls {
        match kind.as_str() {
            "table" => {
                let grants = grants_of(Target::Table, &name, &entries);
                note_roles(schema, &grants);
                if let Some(t) = schema.tables.iter_mut().find(|t| t.name == name) {
                    t.grants = grants;
                } else if let Some(v) = schema.views.iter_mut().find(|v| v.name == name) {
                    v.grants = grants;
                }
            }
            "sequence" => {
                let grants = grants_of(Target::Sequence, &name, &entries);
                if let Some(q) = schema.sequences.iter_mut().find(|q| q.name == name) {
                    q.grants = grants.clone();
                    note_roles(schema, &grants);
                }
            }
            "function" => {
                let Some(&i) = name.parse().ok().and_then(|oid: i64| functions.get(&oid)) else {
                    continue; // an extension's function, or one the model could not read
                };
                let f = &mut schema.functions[i];
                let grants = grants_of(Target::Function, &f.name, &entries);
                f.grants = grants.clone();
                note_roles(schema, &grants);
            }
            _ => {
                let grants = grants_of(Target::Schema, &name, &entries);
                note_roles(schema, &grants);
                if name == "public" {
                    schema.public_grants = grants;
                } else if let Some(n) = schema.schemas.iter_mut().find(|n| n.name == name) {
                    n.grants = grants;
                }
            }
        }
    }
    read_defaults(conn, schema, unsupported).await?;
    schema.roles.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(())
}

/// `pg_default_acl`: per role, per schema (or every schema), per kind of object.
async fn read_defaults(
    conn: &mut PgConnection,
    schema: &mut Schema,
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    type Row = (
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        bool,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT CASE WHEN d.defaclrole = current_user::regrole THEN NULL
                     ELSE pg_get_userbyid(d.defaclrole)::text END,
                n.nspname::text, d.defaclobjtype::text,
                CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee)::text END,
                a.privilege_type, coalesce(a.is_grantable, false)
           FROM pg_default_acl d
           LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
           LEFT JOIN LATERAL aclexplode(d.defaclacl) a ON a.grantee <> d.defaclrole
          ORDER BY d.oid",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut entries: BTreeMap<(Option<String>, Option<String>, String), Entries> = BTreeMap::new();
    for (role, namespace, kind, grantee, privilege, grantable) in rows {
        let e = entries.entry((role, namespace, kind)).or_default();
        if let (Some(g), Some(p)) = (grantee, privilege) {
            e.push((g, p, grantable));
        }
    }
    for ((for_role, namespace, kind), list) in entries {
        let target = match kind.as_str() {
            "r" => Target::Table,
            "S" => Target::Sequence,
            "f" => Target::Function,
            "n" => Target::Schema,
            _ => {
                unsupported.push("default privileges on types".into());
                continue;
            }
        };
        // A global entry replaces PostgreSQL's built-in rights; a per-schema one adds to them.
        let grants = if namespace.is_none() {
            grants_of(target, "", &list)
        } else {
            grants_of(Target::Table, "", &list)
        };
        note_roles(schema, &grants);
        for grant in grants {
            schema.default_privileges.push(DefaultPrivilege {
                for_role: for_role.clone(),
                schema: namespace.clone(),
                on: target,
                grant,
            });
        }
    }
    schema.default_privileges.sort();
    Ok(())
}
