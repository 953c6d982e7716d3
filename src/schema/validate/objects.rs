//! Validation of the objects beyond tables: functions, views, and the triggers and policies a
//! table carries. The table checks call into these; they share the rest of `validate`.

use std::collections::HashMap;

use super::{check_name, check_sql, Checker};
use crate::schema::diagnostic::Diagnostics;
use crate::schema::model::*;
use crate::schema::suggest::did_you_mean;

/// Views: names (shared with tables), one per name, and what they read exists — a table or view
/// of the schema, or a relation of a schema the platform provides.
pub(super) fn check_views(schema: &Schema, diags: &mut Diagnostics) {
    for v in &schema.views {
        let object = format!("view {}", v.name);
        check_name(local_name(&v.name), "view name", &v.origin, &object, diags);
        if schema.table(&v.name).is_some() {
            diags.error_with_hint(
                &v.origin,
                &object,
                "has the name of a table",
                "tables and views share one namespace: rename one of them",
            );
        }
        for r in &v.reads {
            let ours = namespace_of(r).is_none_or(|ns| schema.schemas.iter().any(|n| n.name == ns));
            let known = schema.table(r).is_some() || schema.views.iter().any(|x| &x.name == r);
            if ours && !known {
                diags.error_with_hint(
                    &v.origin,
                    &object,
                    format!(
                        "reads `{r}`, which is neither a table nor a view of the schema{}",
                        did_you_mean(r, schema.tables.iter().map(|t| t.name.as_str()))
                    ),
                    "declare it, or fix the name in the query",
                );
            }
        }
    }
}

/// Functions: names, the schema they live in, and one declaration per identity (an overload
/// differs in its argument types; `sql_files` refuses two with the same types).
pub(super) fn check_functions(schema: &Schema, diags: &mut Diagnostics) {
    for f in &schema.functions {
        let object = format!("function {}", f.identity());
        check_name(
            local_name(&f.name),
            "function name",
            &f.origin,
            &object,
            diags,
        );
        if let Some(ns) = namespace_of(&f.name) {
            if !schema.schemas.iter().any(|n| n.name == ns) {
                diags.error_with_hint(
                    &f.origin,
                    &object,
                    format!("lives in schema `{ns}`, which is not declared"),
                    format!("add `schemas: [{ns}]` to a schema file, so migrations create it"),
                );
            }
        }
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
            match declared {
                _ if provided => {}
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
