//! Reading `raw:` (SQL the model does not represent, kept verbatim; see `objects::raw`).

use marked_yaml::Node;
use serde::Deserialize;

use super::*;

/// One entry of `raw:` — SQL the model does not represent, kept verbatim: `generate` writes
/// `up` after everything else it creates, and `down` to remove it.
#[derive(Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSpec {
    /// One word naming it in the migrations (`no_delete_on_activity_log`).
    pub name: String,
    /// Why it is raw (what the model lacks): for the reader.
    pub why: Option<String>,
    /// The SQL that creates it.
    pub up: String,
    /// The SQL that removes it, so the migration that creates it can be rolled back.
    pub down: String,
    /// Created with the functions, before views and triggers (and removed after them): an
    /// aggregate or an operator that a view or an index uses. Otherwise raw SQL comes last.
    #[serde(default)]
    pub early: bool,
}

pub(super) fn read_raw(file: &str, node: &Node, decls: &mut Declarations, diags: &mut Diagnostics) {
    let Some(list) = node.as_sequence() else {
        diags.error_with_hint(
            &origin_of(file, node),
            "raw",
            "must be a list",
            "write `raw:` as a list of `{ name, up, down }`",
        );
        return;
    };
    for item in list.iter() {
        let origin = origin_of(file, item);
        let Some(spec) = leaf::<RawSpec>(file, item, "raw", diags) else {
            continue;
        };
        let object = format!("raw {}", spec.name);
        if !crate::objects::raw::valid_name(&spec.name) {
            diags.error_with_hint(
                &origin,
                object,
                "the name must be one word",
                "use letters, digits, `_`, `-` or `.`",
            );
            continue;
        }
        if let Some(prev) = decls.raw.iter().find(|r| r.name == spec.name) {
            diags.error_with_hint(
                &origin,
                object,
                format!("declared twice (also at {})", prev.origin),
                "give each raw object its own name",
            );
            continue;
        }
        let mut ok = true;
        for (what, sql) in [("up", &spec.up), ("down", &spec.down)] {
            let problem = if sql.trim().is_empty() {
                Some("is empty".to_string())
            } else if sql.contains(crate::objects::raw::MARKER.trim_end()) {
                Some("holds a raw block marker".to_string())
            } else {
                pg_query::parse(sql, 0)
                    .err()
                    .map(|e| format!("is not SQL PostgreSQL can parse: {e}"))
            };
            if let Some(problem) = problem {
                diags.error_with_hint(
                    &origin,
                    format!("{object}, {what}"),
                    problem,
                    format!(
                        "write the SQL that {} it, as you would run it in psql",
                        if what == "up" { "creates" } else { "removes" }
                    ),
                );
                ok = false;
            }
        }
        if ok {
            decls.raw.push(crate::objects::raw::RawSql {
                name: spec.name,
                up: spec.up.trim().to_string(),
                down: spec.down.trim().to_string(),
                why: crate::schema::model::Hint(spec.why),
                early: spec.early,
                origin,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    fn errors(yaml: &str) -> String {
        crate::schema::load_errors("raw.yaml", yaml)
    }

    #[test]
    fn raw_objects_need_a_name_sql_that_parses_and_a_way_back() {
        let ok = "raw:\n  - { name: r, up: \"CREATE TYPE r AS RANGE (subtype = int4);\", down: \"DROP TYPE r;\" }\n";
        assert_eq!(errors(ok), "");
        let bad = errors(
            "raw:\n  - { name: a, up: \"CREATE RULE oops\", down: \"DROP RULE a ON t;\" }\n  - { name: b, up: \"SELECT 1;\", down: \"\" }\n  - { name: two words, up: \"SELECT 1;\", down: \"SELECT 1;\" }\n  - { name: r, up: \"SELECT 1;\" }\n",
        );
        assert!(
            bad.contains("raw.yaml:2: raw a, up: is not SQL PostgreSQL can parse"),
            "{bad}"
        );
        assert!(bad.contains("raw.yaml:3: raw b, down: is empty"), "{bad}");
        assert!(
            bad.contains("raw.yaml:4: raw two words: the name must be one word"),
            "{bad}"
        );
        assert!(bad.contains("raw.yaml:5") && bad.contains("down"), "{bad}");
        let twice = errors(&format!("{ok}{}", &ok["raw:\n".len()..]));
        assert!(twice.contains("declared twice"), "{twice}");
    }
}
