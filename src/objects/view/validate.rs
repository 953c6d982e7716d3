//! Views judged before any SQL runs: a view's name, that it does not take a table's, and that
//! what it reads of the schema exists.

use crate::names::{local_name, namespace_of};
use crate::schema::diagnostic::Diagnostics;
use crate::schema::model::Schema;
use crate::schema::suggest::did_you_mean;
use crate::schema::validate::identifier::check_name;

/// Views: names (shared with tables), and what they read exists — a table or view of the
/// schema, or a relation of a schema the platform provides.
pub fn check(schema: &Schema, diags: &mut Diagnostics) {
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
