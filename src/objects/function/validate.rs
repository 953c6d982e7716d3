//! Functions judged before any SQL runs: a function's name, its language, and the schema it
//! lives in.

use crate::names::{local_name, namespace_of};
use crate::schema::diagnostic::Diagnostics;
use crate::schema::model::Schema;
use crate::schema::suggest::did_you_mean;
use crate::schema::validate::identifier::check_name;

/// Languages every database has (`c` and `internal` need a superuser, but exist).
const BUILT_IN_LANGUAGES: &[&str] = &["sql", "plpgsql", "c", "internal"];

/// Names, languages and schemas; one declaration per identity is `sql_files`' to say (an
/// overload differs in its argument types).
pub fn check(schema: &Schema, diags: &mut Diagnostics) {
    for f in &schema.functions {
        let object = format!("function {}", f.identity());
        if let Some(language) = f.language() {
            let declared = schema.extensions.iter().any(|e| e.name == language);
            if !BUILT_IN_LANGUAGES.contains(&language.as_str()) && !declared {
                diags.error_with_hint(
                    &f.origin,
                    &object,
                    format!(
                        "is written in LANGUAGE {language}, which the database does not have{}",
                        did_you_mean(&language, BUILT_IN_LANGUAGES.iter().copied())
                    ),
                    format!(
                        "use sql or plpgsql, or add the extension that provides it \
                         (`extensions: [{language}]`)"
                    ),
                );
            }
        }
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
