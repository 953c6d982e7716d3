//! Function calls in the YAML's SQL fragments — defaults, checks, policies, index expressions
//! and predicates — name a function that exists: PostgreSQL's own (`pg_catalog`), or one the
//! schema declares. Otherwise the migration fails on the server ("function nwo() does not
//! exist"); here it is an error at the fragment's line, with the closest name. A function an
//! extension may provide cannot be known offline: with extensions declared, only a near miss
//! of a known name (`nwo()`) is refused, and a call qualified by another schema is the server's.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::super::catalog_functions::CATALOG_FUNCTIONS;
use super::super::diagnostic::Diagnostics;
use super::super::model::*;
use crate::schema::suggest::closest;

/// PostgreSQL's own function names (`pg_catalog`).
pub(super) fn catalog() -> &'static HashSet<&'static str> {
    static NAMES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| CATALOG_FUNCTIONS.split_whitespace().collect())
}

/// The (possibly qualified) names of the functions `expr` calls.
fn calls(expr: &str) -> Vec<Vec<String>> {
    if !expr.contains('(') {
        return Vec::new();
    }
    super::sql_fragments::names_in(expr, "FuncCall", &["funcname"])
}

struct Known {
    declared: HashSet<String>,
    extensions: bool,
}

impl Known {
    /// `None` when the call names a function that exists; else the error's message.
    fn unknown(&self, name: &[String]) -> Option<String> {
        let (schema, function) = match name {
            [f] => (None, f.as_str()),
            [s, f] => (Some(s.as_str()), f.as_str()),
            _ => return None,
        };
        let ours = matches!(schema, None | Some("public"));
        if schema == Some("pg_catalog") || (ours && catalog().contains(function)) {
            return None;
        }
        let written = name.join(".");
        if self.declared.contains(&written) || (ours && self.declared.contains(function)) {
            return None;
        }
        if !ours {
            // Another schema: an extension's, or a platform's, which only the server knows.
            return None;
        }
        let candidates = catalog()
            .iter()
            .copied()
            .chain(self.declared.iter().map(String::as_str));
        let near = closest(function, candidates);
        if self.extensions && near.is_none() {
            return None;
        }
        Some(format!(
            "calls {written}(), which is neither PostgreSQL's nor declared in schema/*.sql{}",
            near.map(|n| format!(" (did you mean `{n}`?)"))
                .unwrap_or_default()
        ))
    }
}

const HINT: &str = "fix the name, or declare the function in schema/*.sql (an extension's \
                    function needs the extension under `extensions:`)";

pub(super) fn check_function_calls(schema: &Schema, diags: &mut Diagnostics) {
    let mut declared = HashSet::new();
    for f in &schema.functions {
        declared.insert(f.name.clone());
        declared.insert(local_name(&f.name).to_string());
    }
    let known = Known {
        declared,
        extensions: !schema.extensions.is_empty(),
    };
    let mut judge = |expr: &str, origin: &Origin, object: &dyn Fn() -> String| {
        for call in calls(expr) {
            if let Some(message) = known.unknown(&call) {
                diags.error_with_hint(origin, object(), message, HINT);
            }
        }
    };
    for t in &schema.tables {
        for c in &t.columns {
            if let Some(d) = &c.default {
                judge(d, &c.origin, &|| {
                    format!("table {}, column {}", t.name, c.name)
                });
            }
        }
        for k in &t.checks {
            judge(&k.expression, &k.origin, &|| {
                format!("table {}, check {}", t.name, k.name)
            });
        }
        for p in &t.policies {
            for e in [&p.using, &p.with_check].into_iter().flatten() {
                judge(e, &p.origin, &|| {
                    format!("table {}, policy {}", t.name, p.name)
                });
            }
        }
        for i in &t.indexes {
            let object = || format!("table {}, index {}", t.name, i.name);
            if let Some(w) = &i.predicate {
                judge(w, &i.origin, &object);
            }
            for e in &i.elements {
                if let IndexKey::Expression(x) = &e.key {
                    judge(x, &i.origin, &object);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn errors(yaml: &str) -> String {
        crate::schema::load_errors("s.yaml", yaml)
    }

    const T: &str = "roles: [app]\ntables:\n  t:\n    global: x\n    rls: true\n    columns:\n      id: { type: integer, primary_key: true }\n";

    #[test]
    fn calls_of_functions_nobody_declares_are_refused_at_their_line() {
        let e = errors(&format!(
            "{T}      a: {{ type: timestamptz, default: nwo() }}\n"
        ));
        assert!(
            e.contains("s.yaml:8") && e.contains("calls nwo()") && e.contains("`now`"),
            "{e}"
        );
        let e = errors(&format!(
            "{T}    policies:\n      - {{ name: p, roles: [app], using: \"id = no_such_function(1)\" }}\n"
        ));
        assert!(e.contains("calls no_such_function()"), "{e}");
    }

    #[test]
    fn postgresql_functions_and_qualified_calls_are_accepted() {
        assert_eq!(
            errors(&format!(
                "{T}      a: {{ type: timestamptz, default: now() }}\n      b: {{ type: uuid, default: gen_random_uuid() }}\n      c: {{ type: text, default: \"lower(upper('x'))\" }}\n    policies:\n      - {{ name: p, roles: [app], using: \"id = current_setting('app.id')::int AND auth.uid() IS NOT NULL\" }}\n"
            )),
            ""
        );
    }
}
