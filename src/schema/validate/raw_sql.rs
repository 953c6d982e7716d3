//! `raw:` is for what the model has no words for. Raw SQL that changes what the model does
//! describe (`up: DROP TABLE guest CASCADE`) would leave the model saying `guest` exists while
//! every database built from the migrations lacks it, and no comparison would see it (a raw
//! block is opaque to replay). So each raw `up` is replayed here, statement by statement, on
//! the declared model: a statement replay understands must leave the model as it was.
//! Statements replay does not follow (a rule, an operator) are what raw is for, and skipped.

use super::super::diagnostic::Diagnostics;
use super::super::model::Schema;

pub fn check_raw(schema: &Schema, diags: &mut Diagnostics) {
    if schema.raw.is_empty() {
        return;
    }
    for raw in &schema.raw {
        let Ok(statements) = crate::sql::statements::parse_statements(&raw.origin.file, &raw.up)
        else {
            continue; // loading reported it
        };
        let mut history = crate::sql::replay::History::new(schema.clone());
        for st in &statements {
            // One at a time: a statement replay cannot follow does not hide the next one.
            let _ = history.apply(std::slice::from_ref(st));
        }
        let changes = crate::diff::diff(schema, &history.schema, crate::diff::Options::plain());
        if changes.is_empty() {
            continue;
        }
        let what: Vec<&str> = changes.iter().map(|c| c.summary.as_str()).collect();
        diags.error_with_hint(
            &raw.origin,
            format!("raw {}", raw.name),
            format!(
                "its `up` changes what the model describes ({}): the YAML would still say the \
                 opposite, and no check would see it",
                what.join("; ")
            ),
            "declare the change in the YAML (generate writes it, with its inverse); keep `raw:` \
             for objects the model has no words for",
        );
    }
}

#[cfg(test)]
mod tests {
    const TABLE: &str = "tables:\n  guest:\n    global: test\n    columns:\n      id: { type: integer, primary_key: true }\n";

    fn errors(raw: &str) -> String {
        crate::schema::load_errors("s.yaml", &format!("{TABLE}raw:\n{raw}"))
    }

    #[test]
    fn raw_sql_that_drops_or_alters_a_declared_table_is_refused() {
        let e = errors("  - { name: oops, up: DROP TABLE guest CASCADE, down: SELECT 1 }\n");
        assert!(
            e.contains("raw oops") && e.contains("changes what the model describes"),
            "{e}"
        );
        assert!(e.contains("guest"), "{e}");
        let e = errors(
            "  - { name: col, up: \"CREATE RULE r AS ON DELETE TO guest DO INSTEAD NOTHING; ALTER TABLE guest ADD COLUMN x int\", down: DROP RULE r ON guest }\n",
        );
        assert!(e.contains("changes what the model describes"), "{e}");
    }

    #[test]
    fn raw_sql_for_what_the_model_lacks_is_accepted() {
        let e = errors(
            "  - { name: rule, up: CREATE RULE r AS ON DELETE TO guest DO INSTEAD NOTHING, down: DROP RULE r ON guest }\n",
        );
        assert_eq!(e, "");
    }
}
