//! Type names written in SQL — a domain's base type, a composite type's attributes, a
//! function's arguments, a cast in a default or a check — are checked as column types are:
//! a name that is neither PostgreSQL's (`pg_catalog`), nor the schema's own (enums, domains,
//! composite types, tables and views), nor an extension's is an error at its line, where
//! PostgreSQL would refuse the migration. A type an extension may declare cannot be known
//! offline: with extensions declared, only a near miss of a known name (`jaonb`) is refused.
//!
//! And a CHECK that is a number rather than a condition (`-1`); defaults of the wrong kind are
//! judged in `literals.rs`.

use std::collections::HashSet;

use super::super::catalog_types::CATALOG_TYPES;
use super::super::diagnostic::Diagnostics;
use super::super::model::*;
use super::super::types::{BaseType, ColumnType, TypeError};
use crate::schema::suggest::closest;

/// The type names a schema knows besides PostgreSQL's own.
struct Known<'a> {
    declared: HashSet<String>,
    extension_types: Vec<&'a str>,
    /// Whether an extension is declared: its types are not all listed.
    extensions: bool,
}

impl Known<'_> {
    fn of(schema: &Schema) -> Known<'_> {
        let mut declared = HashSet::new();
        let names = (schema.enums.iter().map(|e| e.name.as_str()))
            .chain(schema.domains.iter().map(|d| d.name.as_str()))
            .chain(schema.composites.iter().map(|c| c.name.as_str()))
            .chain(schema.tables.iter().map(|t| t.name.as_str()))
            .chain(schema.views.iter().map(|v| v.name.as_str()));
        for n in names {
            declared.insert(n.to_lowercase());
        }
        Known {
            declared,
            extension_types: schema
                .extensions
                .iter()
                .flat_map(|e| e.types.0.iter().map(String::as_str))
                .collect(),
            extensions: !schema.extensions.is_empty(),
        }
    }

    /// `None` when `written` names a type that exists; else the error's message.
    fn unknown(&self, written: &str) -> Option<String> {
        let mut name = written.trim();
        while let Some(stripped) = name.strip_suffix("[]") {
            name = stripped.trim_end();
        }
        if let Some(open) = name.find('(') {
            // `varchar(10)`, `timestamp(3) with time zone`: the words without the modifiers.
            let close = name.rfind(')').unwrap_or(name.len() - 1);
            let words = format!("{} {}", &name[..open], &name[close + 1..]);
            return self.unknown(words.trim());
        }
        let unquoted = name.replace('"', "");
        let lowered = unquoted.to_lowercase();
        let bare = lowered
            .strip_prefix("pg_catalog.")
            .or_else(|| lowered.strip_prefix("public."))
            .unwrap_or(&lowered);
        if bare.contains('.') {
            return None; // another schema: an extension's, which only the server knows
        }
        let known = CATALOG_TYPES.contains(&bare)
            || self.declared.contains(bare)
            || self
                .extension_types
                .iter()
                .any(|t| t.eq_ignore_ascii_case(bare))
            || !matches!(
                ColumnType::parse(bare, &[], &[]),
                Err(TypeError::Unknown { .. })
            );
        if known {
            return None;
        }
        let candidates = CATALOG_TYPES
            .iter()
            .copied()
            .chain(self.declared.iter().map(String::as_str));
        let near = closest(bare, candidates);
        if self.extensions && near.is_none() {
            return None;
        }
        Some(format!(
            "unknown type `{written}`{}",
            near.map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default()
        ))
    }
}

const HINT: &str = "use a PostgreSQL type, or one the schema declares (an enum, a domain, a \
                    composite type); an extension's type needs the extension under `extensions:`";

pub(super) fn check_type_names(schema: &Schema, diags: &mut Diagnostics) {
    let known = Known::of(schema);
    for d in &schema.domains {
        if let Some(message) = known.unknown(&d.base) {
            diags.error_with_hint(&d.origin, format!("domain {}", d.name), message, HINT);
        }
    }
    for c in &schema.composites {
        for (attribute, t) in &c.attributes {
            if let Some(message) = known.unknown(t) {
                let object = format!("composite type {}, attribute {attribute}", c.name);
                diags.error_with_hint(&c.origin, object, message, HINT);
            }
        }
    }
    for f in &schema.functions {
        for t in &f.args {
            if let Some(message) = known.unknown(t) {
                diags.error_with_hint(
                    &f.origin,
                    format!("function {}", f.identity()),
                    message,
                    HINT,
                );
            }
        }
    }
    for t in &schema.tables {
        for c in &t.columns {
            let object = || format!("table {}, column {}", t.name, c.name);
            if let Some(default) = &c.default {
                for cast in casts(default) {
                    if let Some(message) = known.unknown(&cast) {
                        diags.error_with_hint(&c.origin, object(), message, HINT);
                    }
                }
                let values = match &c.column_type.base {
                    BaseType::Named(n) => schema
                        .enums
                        .iter()
                        .find(|e| &e.name == n)
                        .map(|e| e.values.as_slice()),
                    _ => None,
                };
                if let Some(why) = super::literals::default_refused(default, &c.column_type, values)
                {
                    diags.error_with_hint(
                        &c.origin,
                        object(),
                        why,
                        "write a value of the column's type (`'{}'::jsonb`, `false`, `'...'`)",
                    );
                }
            }
        }
        for check in &t.checks {
            let object = || format!("table {}, check {}", t.name, check.name);
            for cast in casts(&check.expression) {
                if let Some(message) = known.unknown(&cast) {
                    diags.error_with_hint(&check.origin, object(), message, HINT);
                }
            }
            if super::literals::number_literal(&check.expression).is_some() {
                diags.error_with_hint(
                    &check.origin,
                    object(),
                    format!(
                        "`{}` is a number, not a condition: a CHECK must be true or false",
                        check.expression
                    ),
                    "write a condition on the row, e.g. `amount >= 0`",
                );
            }
        }
    }
}

/// The type names `expr` casts to (`'x'::jaonb`, `CAST(a AS int)`), as written.
fn casts(expr: &str) -> Vec<String> {
    if !expr.contains("::") && !expr.to_lowercase().contains("cast") {
        return Vec::new();
    }
    super::sql_fragments::names_in(expr, "TypeCast", &["type_name", "names"])
        .into_iter()
        .filter(|parts| !parts.is_empty())
        .map(|parts| parts.join("."))
        .collect()
}

#[cfg(test)]
mod tests {
    fn errors(yaml: &str) -> String {
        crate::schema::load_errors("s.yaml", yaml)
    }

    const T: &str = "tables:\n  t:\n    global: x\n    columns:\n      id: { type: integer, primary_key: true }\n";

    #[test]
    fn numbers_where_postgresql_takes_no_number_are_refused() {
        let e = errors(&format!("{T}      a: {{ type: jsonb, default: '1.5' }}\n"));
        assert!(e.contains("s.yaml:6") && e.contains("default `1.5`"), "{e}");
        let e = errors(&format!(
            "{T}      a: {{ type: boolean, default: '99999999999999999999999' }}\n"
        ));
        assert!(e.contains("does not convert it"), "{e}");
        let e = errors(&format!(
            "{T}    checks:\n      - {{ name: c, expression: '-1' }}\n"
        ));
        assert!(
            e.contains("s.yaml:7") && e.contains("not a condition"),
            "{e}"
        );
        // Numbers where they convert: fine.
        assert_eq!(errors(&format!("{T}      a: {{ type: numeric, default: '1.5' }}\n      b: {{ type: text, default: '1' }}\n")), "");
    }

    #[test]
    fn casts_to_types_that_do_not_exist_are_refused() {
        let e = errors(&format!(
            "{T}      a: {{ type: jsonb, default: \"'{{}}'::jaonb\" }}\n"
        ));
        assert!(
            e.contains("unknown type `jaonb` (did you mean `jsonb`?)"),
            "{e}"
        );
        assert_eq!(
            errors(&format!("{T}      a: {{ type: jsonb, default: \"'{{}}'::jsonb\" }}\n      b: {{ type: text, default: \"'x'::character varying\" }}\n")),
            ""
        );
    }
}
