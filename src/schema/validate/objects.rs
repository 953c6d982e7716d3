//! Validation of what spans kinds (names shared across pg_class and pg_type, grants) and of the
//! triggers and policies a table carries. The table checks call into these; they share the rest
//! of `validate`. A kind's own checks are in its folder (`objects/<kind>/validate.rs`).

use std::collections::HashMap;

use super::{check_name, check_sql, Checker};
use crate::schema::diagnostic::Diagnostics;
use crate::schema::model::*;
use crate::schema::suggest::did_you_mean;

/// The names PostgreSQL keeps in one namespace per schema, for the objects declared in SQL:
/// views and sequences are relations (pg_class) beside tables and indexes; domains and
/// composite types are types (pg_type) beside enums and the row type of every table and view.
/// (Tables against tables, indexes and enums, and views against tables, are judged elsewhere.)
pub(super) fn check_shared_names(schema: &Schema, diags: &mut Diagnostics) {
    let mut relations: HashMap<String, String> = HashMap::new();
    for t in &schema.tables {
        relations.insert(t.name.clone(), format!("table {} ({})", t.name, t.origin));
        for i in &t.indexes {
            relations.insert(
                sibling_name(&t.name, &i.name),
                format!("index {} ({})", i.name, i.origin),
            );
        }
    }
    let mut types: HashMap<String, String> = HashMap::new();
    for e in &schema.enums {
        types.insert(e.name.clone(), format!("enum {} ({})", e.name, e.origin));
    }
    for t in &schema.tables {
        types.insert(
            t.name.clone(),
            format!("the row type of table {} ({})", t.name, t.origin),
        );
    }
    let mut clash = |map: &mut HashMap<String, String>,
                     name: &'_ str,
                     what: String,
                     origin: &Origin,
                     space: &str,
                     skip_tables: bool| {
        match map.get(name) {
            Some(prev) if !(skip_tables && prev.starts_with("table ")) => diags.error_with_hint(
                origin,
                &what,
                format!("has the name of {prev}"),
                format!("{space} share one namespace: rename one of them"),
            ),
            _ => {}
        }
    };
    const RELATIONS: &str = "tables, views, sequences and indexes";
    const TYPES: &str = "enums, domains, composite types and the row types of tables and views";
    for v in &schema.views {
        let what = format!("view {}", v.name);
        clash(
            &mut relations,
            &v.name,
            what.clone(),
            &v.origin,
            RELATIONS,
            true,
        );
        clash(&mut types, &v.name, what.clone(), &v.origin, TYPES, true);
    }
    for v in &schema.views {
        relations.insert(v.name.clone(), format!("view {} ({})", v.name, v.origin));
        types.insert(
            v.name.clone(),
            format!("the row type of view {} ({})", v.name, v.origin),
        );
    }
    for q in &schema.sequences {
        let what = format!("sequence {}", q.name);
        clash(&mut relations, &q.name, what, &q.origin, RELATIONS, false);
        relations.insert(
            q.name.clone(),
            format!("sequence {} ({})", q.name, q.origin),
        );
    }
    for d in &schema.domains {
        let what = format!("domain {}", d.name);
        clash(&mut types, &d.name, what, &d.origin, TYPES, false);
        types.insert(d.name.clone(), format!("domain {} ({})", d.name, d.origin));
    }
    for c in &schema.composites {
        let what = format!("composite type {}", c.name);
        clash(&mut types, &c.name, what, &c.origin, TYPES, false);
        types.insert(
            c.name.clone(),
            format!("composite type {} ({})", c.name, c.origin),
        );
    }
}

/// GRANT ... WITH GRANT OPTION to PUBLIC: PostgreSQL refuses it ("grant options can only be
/// granted to roles"), wherever the grant is.
pub(super) fn check_grants(schema: &Schema, diags: &mut Diagnostics) {
    use crate::objects::privilege::Grant;
    let on = |grants: &[Grant]| grants.iter().any(|g| g.grantee == "public" && g.grantable);
    let mut held: Vec<(String, &Origin)> = Vec::new();
    for t in schema.tables.iter().filter(|t| on(&t.grants)) {
        held.push((format!("table {}", t.name), &t.origin));
    }
    for f in schema.functions.iter().filter(|f| on(&f.grants)) {
        held.push((format!("function {}", f.identity()), &f.origin));
    }
    for v in schema.views.iter().filter(|v| on(&v.grants)) {
        held.push((format!("view {}", v.name), &v.origin));
    }
    for q in schema.sequences.iter().filter(|q| on(&q.grants)) {
        held.push((format!("sequence {}", q.name), &q.origin));
    }
    for n in schema.schemas.iter().filter(|n| on(&n.grants)) {
        held.push((format!("schema {}", n.name), &n.origin));
    }
    for (object, origin) in held {
        diags.error_with_hint(
            origin,
            object,
            "a grant to PUBLIC WITH GRANT OPTION: PostgreSQL gives grant options to roles only",
            "grant to PUBLIC without WITH GRANT OPTION, or WITH GRANT OPTION to a named role",
        );
    }
}

impl Checker<'_> {
    /// Policies: on a table with row-level security, for declared roles, with expressions that
    /// parse and clauses their command allows; names unique per table.
    pub(super) fn policies(&mut self, table: &Table) {
        let mut seen: HashMap<&str, &Origin> = HashMap::new();
        for p in &table.policies {
            let object = format!("table {}, policy {}", table.name, p.name);
            check_name(&p.name, "policy name", &p.origin, &object, self.diags);
            if let Some(prev) = seen.insert(&p.name, &p.origin) {
                self.diags.error_with_hint(
                    &p.origin,
                    &object,
                    format!(
                        "two policies of {} are named `{}` (the other at {prev})",
                        table.name, p.name
                    ),
                    "give each policy its own name",
                );
            }
            if !table.rls {
                self.diags.error_with_hint(
                    &p.origin,
                    &object,
                    format!(
                        "{} has policies but row-level security is off: they would not apply",
                        table.name
                    ),
                    "add `rls: true` to the table (or to the column group that brings the policy)",
                );
            }
            for role in p.roles.iter().filter(|r| *r != "public") {
                if !self.schema.roles.iter().any(|x| &x.name == role) {
                    self.diags.error_with_hint(
                        &p.origin,
                        &object,
                        format!(
                            "is for role `{role}`, which is not declared{}",
                            did_you_mean(role, self.schema.roles.iter().map(|r| r.name.as_str()))
                        ),
                        format!("add `roles: [{role}]` to a schema file: roles are the database's, declared, never created"),
                    );
                }
            }
            for (clause, expr) in [("using", &p.using), ("with_check", &p.with_check)] {
                if let Some(e) = expr {
                    check_sql(e, Some(table), clause, &p.origin, &object, self.diags);
                }
            }
            let refused = match p.command.as_str() {
                "insert" if p.using.is_some() => Some("an insert policy takes only `with_check`"),
                "select" | "delete" if p.with_check.is_some() => {
                    Some("a select or delete policy takes only `using`")
                }
                _ => None,
            };
            if let Some(why) = refused {
                self.diags.error(&p.origin, &object, why);
            }
        }
    }

    /// A trigger calls a trigger function the schema declares (without arguments), or one of a
    /// schema the platform provides; its `UPDATE OF` columns exist; names are unique per table.
    pub(super) fn triggers(&mut self, table: &Table) {
        let mut seen: HashMap<&str, &Origin> = HashMap::new();
        for tr in &table.triggers {
            let object = format!("table {}, trigger {}", table.name, tr.name);
            check_name(&tr.name, "trigger name", &tr.origin, &object, self.diags);
            if let Some(prev) = seen.insert(&tr.name, &tr.origin) {
                self.diags.error_with_hint(
                    &tr.origin,
                    &object,
                    format!(
                        "two triggers of {} are named `{}` (the other at {prev})",
                        table.name, tr.name
                    ),
                    "give each trigger its own name",
                );
            }
            if !tr.update_of.is_empty() {
                self.columns_exist(
                    table,
                    &tr.update_of,
                    &format!("trigger {}", tr.name),
                    &tr.origin,
                );
            }
            if let Some(when) = &tr.when {
                check_sql(when, None, "when", &tr.origin, &object, self.diags);
            }
            let provided = namespace_of(&tr.function)
                .is_some_and(|ns| !self.schema.schemas.iter().any(|n| n.name == ns));
            let declared = self.schema.functions.iter().find(|f| f.name == tr.function);
            // PostgreSQL's own trigger functions (`tsvector_update_trigger`,
            // `suppress_redundant_updates_trigger`) exist in every database; with extensions
            // declared, so may theirs (`moddatetime`): only a near miss of a known name is
            // refused then.
            let local = crate::names::local_name(&tr.function);
            let built_in = matches!(namespace_of(&tr.function), None | Some("pg_catalog"))
                && super::functions_named::catalog().contains(local);
            let near = || {
                crate::schema::suggest::closest(
                    &tr.function,
                    self.schema.functions.iter().map(|f| f.name.as_str()),
                )
            };
            let an_extensions = declared.is_none()
                && !self.schema.extensions.is_empty()
                && namespace_of(&tr.function).is_none()
                && near().is_none();
            match declared {
                _ if provided || built_in || an_extensions => {}
                None => self.diags.error_with_hint(
                    &tr.origin,
                    &object,
                    format!(
                        "calls function `{}`, which no schema/*.sql file declares{}",
                        tr.function,
                        did_you_mean(&tr.function, self.schema.functions.iter().map(|f| f.name.as_str()))
                    ),
                    "declare it with CREATE FUNCTION ... RETURNS trigger in a schema/*.sql file",
                ),
                Some(f) if !f.args.is_empty() || !f.definition.contains("RETURNS trigger") => {
                    self.diags.error_with_hint(
                        &tr.origin,
                        &object,
                        format!("calls {}, which is not a trigger function", f.identity()),
                        "a trigger function takes no declared arguments and RETURNS trigger; pass values with `args:`",
                    )
                }
                Some(_) => {}
            }
        }
    }
}
