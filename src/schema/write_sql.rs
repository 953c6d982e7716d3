//! `pull`'s SQL files: what `schema/*.sql` declares (see `sql_files`), written from the model.
//! `types.sql` holds domains, composite types and sequences; `functions.sql` functions,
//! procedures, views and materialized views with their indexes, and the comments on them and on
//! triggers and policies; `privileges.sql` the default privileges and every grant that differs
//! from what those defaults give a declared object.

use super::model::{namespace_of, Schema};
use crate::objects::privilege::{changes, defaults_for, Grant, Target};
use crate::sql::ident::{literal, quote, quote_qualified};

const HEADER: &str = "-- Written by `hotelschema pull`.\n";

fn comment(on: &str, c: &Option<String>, out: &mut String) {
    if let Some(c) = c {
        out.push_str(&format!("COMMENT ON {on} IS {};\n", literal(c)));
    }
}

/// The SQL files of `schema` (only those with something in them), as (name, text).
pub fn sql_files(schema: &Schema) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut types = String::new();
    for d in &schema.domains {
        types.push_str(&format!("\n{}\n", d.create_sql()));
        comment(
            &format!("DOMAIN {}", quote_qualified(&d.name)),
            &d.comment,
            &mut types,
        );
    }
    for c in &schema.composites {
        types.push_str(&format!("\n{}\n", c.create_sql()));
        comment(
            &format!("TYPE {}", quote_qualified(&c.name)),
            &c.comment,
            &mut types,
        );
    }
    for q in &schema.sequences {
        types.push_str(&format!("\n{}\n", q.create_sql()));
        if q.owned_by.is_some() {
            types.push_str(&format!("{}\n", q.owned_by_sql()));
        }
        comment(
            &format!("SEQUENCE {}", quote_qualified(&q.name)),
            &q.comment,
            &mut types,
        );
    }
    if !types.is_empty() {
        files.push(("types.sql".to_string(), format!("{HEADER}{types}")));
    }

    let mut code = String::new();
    for f in &schema.functions {
        code.push_str(&format!("\n{};\n", f.definition));
        let on = format!(
            "{} {}({})",
            if f.procedure { "PROCEDURE" } else { "FUNCTION" },
            quote_qualified(&f.name),
            f.args.join(", ")
        );
        comment(&on, &f.comment, &mut code);
    }
    let views: Vec<&crate::objects::view::View> = schema.views.iter().collect();
    for v in crate::objects::view::in_dependency_order(&views) {
        code.push_str(&format!("\n{}\n", v.create_sql()));
        for (_, index) in &v.indexes {
            code.push_str(&format!("{index};\n"));
        }
        for t in &v.triggers {
            code.push_str(&format!("{}\n", t.create_sql(&v.name)));
        }
        comment(
            &format!("{} {}", v.keyword(), quote_qualified(&v.name)),
            &v.comment,
            &mut code,
        );
    }
    let mut annotations = String::new();
    for v in &schema.views {
        for tr in &v.triggers {
            let on = format!(
                "TRIGGER {} ON {}",
                quote(&tr.name),
                quote_qualified(&v.name)
            );
            comment(&on, &tr.comment, &mut annotations);
        }
    }
    for t in &schema.tables {
        for tr in &t.triggers {
            let on = format!(
                "TRIGGER {} ON {}",
                quote(&tr.name),
                quote_qualified(&t.name)
            );
            comment(&on, &tr.comment, &mut annotations);
        }
        for p in &t.policies {
            let on = format!("POLICY {} ON {}", quote(&p.name), quote_qualified(&t.name));
            comment(&on, &p.comment, &mut annotations);
        }
    }
    if !annotations.is_empty() {
        code.push_str(&format!("\n{annotations}"));
    }
    if !code.is_empty() {
        files.push(("functions.sql".to_string(), format!("{HEADER}{code}")));
    }

    let privileges = privileges(schema);
    if !privileges.is_empty() {
        files.push((
            "privileges.sql".to_string(),
            format!("{HEADER}{privileges}"),
        ));
    }
    files
}

/// Default privileges first; then, per object, the GRANT / REVOKE statements that take it from
/// what the defaults give a declared object to what it holds.
fn privileges(schema: &Schema) -> String {
    let mut out = String::new();
    // One statement per role, schema, kind and grantee: `GRANT SELECT, INSERT ON TABLES TO x`.
    let mut groups: Vec<Vec<&crate::objects::privilege::DefaultPrivilege>> = Vec::new();
    for d in &schema.default_privileges {
        let same = |x: &&crate::objects::privilege::DefaultPrivilege| {
            x.for_role == d.for_role
                && x.schema == d.schema
                && x.on == d.on
                && x.grant.grantee == d.grant.grantee
                && x.grant.grantable == d.grant.grantable
                && x.grant.revoked == d.grant.revoked
        };
        match groups.iter_mut().find(|g| same(&g[0])) {
            Some(g) => g.push(d),
            None => groups.push(vec![d]),
        }
    }
    for g in groups {
        let privileges: Vec<&str> = g.iter().map(|d| d.grant.privilege.as_str()).collect();
        let sql = g[0].create_sql().replacen(
            &format!(" {} ON ", g[0].grant.privilege),
            &format!(" {} ON ", privileges.join(", ")),
            1,
        );
        out.push_str(&format!("{sql}\n"));
    }
    let fresh = |target: Target, name: &str| {
        let namespace = if target == Target::Schema {
            None
        } else {
            namespace_of(name)
        };
        defaults_for(&schema.default_privileges, target, namespace, name)
    };
    let mut objects: Vec<(String, Vec<Grant>, Vec<Grant>)> = Vec::new();
    let name = |target: Target, n: &str| format!("{} {}", target.keyword(), quote_qualified(n));
    for n in &schema.schemas {
        objects.push((
            name(Target::Schema, &n.name),
            fresh(Target::Schema, &n.name),
            n.grants.clone(),
        ));
    }
    objects.push((
        name(Target::Schema, "public"),
        Vec::new(),
        schema.public_grants.clone(),
    ));
    for t in &schema.tables {
        objects.push((
            name(Target::Table, &t.name),
            fresh(Target::Table, &t.name),
            t.grants.clone(),
        ));
    }
    for v in &schema.views {
        objects.push((
            name(Target::Table, &v.name),
            fresh(Target::Table, &v.name),
            v.grants.clone(),
        ));
    }
    for q in &schema.sequences {
        objects.push((
            name(Target::Sequence, &q.name),
            fresh(Target::Sequence, &q.name),
            q.grants.clone(),
        ));
    }
    for f in &schema.functions {
        let on = format!(
            "{} {}({})",
            if f.procedure { "PROCEDURE" } else { "FUNCTION" },
            quote_qualified(&f.name),
            f.args.join(", ")
        );
        objects.push((on, fresh(Target::Function, &f.name), f.grants.clone()));
    }
    let mut grants = String::new();
    for (on, from, to) in objects {
        for c in changes(&on, &from, &to) {
            grants.push_str(&format!("{}\n", c.up));
        }
    }
    if !grants.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&grants);
    }
    if out.is_empty() {
        out
    } else {
        format!("\n{out}")
    }
}
