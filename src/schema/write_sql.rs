//! `pull`'s SQL files: what `schema/*.sql` declares (see `sql_files`), written from the model.
//! `types.sql` holds domains, composite types and sequences; `functions.sql` functions,
//! procedures, views and materialized views with their indexes, and the comments on them and on
//! triggers and policies; `privileges.sql` the default privileges and every grant that differs
//! from what those defaults give a declared object.

use super::model::Schema;
use crate::diff::annotations::{annotated, comment_sql, fresh, Annotated};
use crate::objects::privilege::changes;

const HEADER: &str = "-- Written by `hotelschema pull`.\n";

/// The `COMMENT ON` statements of the annotated objects whose id starts with one of `kinds`.
fn comments(annotated: &[Annotated], kinds: &[&str]) -> String {
    let mut out = String::new();
    for a in annotated {
        if let Some((on, Some(c))) = &a.comment {
            if kinds.iter().any(|k| a.id.starts_with(k)) {
                out.push_str(&format!("{}\n", comment_sql(on, Some(c))));
            }
        }
    }
    out
}

/// The SQL files of `schema` (only those with something in them), as (name, text). Comments
/// and grants come from the same list the planner diffs (`diff::annotations`).
pub fn sql_files(schema: &Schema) -> Vec<(String, String)> {
    let annotated = annotated(schema);
    let mut files = Vec::new();
    let mut types = String::new();
    for d in &schema.domains {
        types.push_str(&format!("\n{}\n", d.create_sql()));
    }
    for c in &schema.composites {
        types.push_str(&format!("\n{}\n", c.create_sql()));
    }
    for q in &schema.sequences {
        types.push_str(&format!("\n{}\n", q.create_sql()));
        if q.owned_by.is_some() {
            types.push_str(&format!("{}\n", q.owned_by_sql()));
        }
    }
    let type_comments = comments(&annotated, &["domain:", "composite:", "sequence:"]);
    if !type_comments.is_empty() {
        types.push_str(&format!("\n{type_comments}"));
    }
    if !types.is_empty() {
        files.push(("types.sql".to_string(), format!("{HEADER}{types}")));
    }

    let mut code = String::new();
    for f in &schema.functions {
        code.push_str(&format!("\n{};\n", f.definition));
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
    }
    let code_comments = comments(&annotated, &["function:", "view:", "trigger:", "policy:"]);
    if !code_comments.is_empty() {
        code.push_str(&format!("\n{code_comments}"));
    }
    if !code.is_empty() {
        files.push(("functions.sql".to_string(), format!("{HEADER}{code}")));
    }

    let privileges = privileges(schema, &annotated);
    if !privileges.is_empty() {
        files.push((
            "privileges.sql".to_string(),
            format!("{HEADER}{privileges}"),
        ));
    }
    for (name, text) in crate::objects::registry::write_all(schema) {
        files.push((name, format!("{HEADER}{text}")));
    }
    files
}

/// Default privileges first; then, per object, the GRANT / REVOKE statements that take it from
/// what the defaults give a declared object to what it holds.
fn privileges(schema: &Schema, annotated: &[Annotated]) -> String {
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
    let mut grants = String::new();
    for a in annotated {
        if let Some((target, name, on, held)) = &a.grants {
            let from = fresh(&schema.default_privileges, *target, name);
            for c in changes(on, &from, held) {
                grants.push_str(&format!("{}\n", c.up));
            }
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
