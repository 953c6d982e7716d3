//! The columns a declared view reads exist in the declared tables it reads. A view over a
//! column the YAML drops or renames (`renamed_from:`) can no longer be built from the declared
//! schema: PostgreSQL refuses the DROP/RENAME under the view ("cannot drop column ... because
//! other objects depend on it"), and a view recreated later fails ("column t.title does not
//! exist"). Said here at the view's line, naming the new name when the column was renamed.
//!
//! Only what can be told offline is judged (`objects/view/columns.rs`): `alias.column` where
//! the alias is a declared table of the query, and a bare `column` when the query reads one
//! table and nothing else and no output column has that name.

use super::super::diagnostic::Diagnostics;
use super::super::model::*;
use crate::objects::view::columns::{column_refs, ColumnRef};
use crate::schema::suggest::did_you_mean;

/// The columns every table has besides its own.
const SYSTEM_COLUMNS: &[&str] = &["ctid", "xmin", "xmax", "cmin", "cmax", "tableoid"];

pub(super) fn check_view_columns(schema: &Schema, diags: &mut Diagnostics) {
    for v in &schema.views {
        let Some(refs) = column_refs(v) else { continue };
        let mut reported: Vec<(String, String)> = Vec::new();
        for r in refs {
            let ColumnRef::Resolved(relation, column) = r else {
                continue;
            };
            let Some(table) = schema.table(&relation) else {
                continue;
            };
            if table.external
                || SYSTEM_COLUMNS.contains(&column.as_str())
                || table.columns.iter().any(|c| c.name == column)
                || reported.contains(&(relation.clone(), column.clone()))
            {
                continue;
            }
            reported.push((relation.clone(), column.clone()));
            let renamed = table
                .columns
                .iter()
                .find(|c| c.renamed_from.0.as_deref() == Some(column.as_str()));
            let (message, hint) = match renamed {
                Some(c) => (
                    format!(
                        "reads {relation}.{column}, which the YAML renames to {} \
                         (`renamed_from: {column}`)",
                        c.name
                    ),
                    format!(
                        "write {} in the view's query: the view then follows the rename in the \
                         same migration",
                        c.name
                    ),
                ),
                None => (
                    format!(
                        "reads {relation}.{column}, which table {relation} does not have{}",
                        did_you_mean(&column, table.columns.iter().map(|c| c.name.as_str()))
                    ),
                    "fix the view's query, or keep the column: PostgreSQL does not drop a column \
                     a view reads"
                        .to_string(),
                ),
            };
            diags.error_with_hint(&v.origin, format!("view {}", v.name), message, hint);
        }
    }
}

#[cfg(test)]
mod tests {
    fn errors(yaml: &str, sql: &str) -> String {
        match crate::schema::load_sources(&[
            ("s.yaml".into(), yaml.into()),
            ("v.sql".into(), sql.into()),
        ]) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    const T: &str = "tables:\n  ticket:\n    global: x\n    columns:\n      id: { type: integer, primary_key: true }\n      headline: { type: text, renamed_from: title }\n      status: text\n";

    #[test]
    fn a_view_over_a_renamed_column_is_refused_at_its_line_with_the_new_name() {
        let e = errors(
            T,
            "\nCREATE VIEW open_tickets AS SELECT t.id, t.title FROM ticket t;\n",
        );
        assert!(
            e.contains("v.sql:2")
                && e.contains("reads ticket.title, which the YAML renames to headline"),
            "{e}"
        );
        let e = errors(
            T,
            "CREATE VIEW open_tickets AS SELECT id, title FROM ticket WHERE status = 'open';\n",
        );
        assert!(e.contains("renames to headline"), "{e}");
    }

    #[test]
    fn a_view_over_a_column_the_table_lacks_is_refused_with_the_closest_name() {
        let e = errors(T, "CREATE VIEW v AS SELECT ticket.statuss FROM ticket;\n");
        assert!(
            e.contains("reads ticket.statuss, which table ticket does not have")
                && e.contains("`status`"),
            "{e}"
        );
    }

    #[test]
    fn what_cannot_be_told_offline_is_left_alone() {
        for sql in [
            // Output aliases, whole-row references, system columns.
            "CREATE VIEW v AS SELECT count(*) AS n FROM ticket GROUP BY status ORDER BY n;",
            "CREATE VIEW v AS SELECT row_to_json(ticket) AS j, ctid FROM ticket;",
            // Columns a subquery, a function or a CTE may supply.
            "CREATE VIEW v AS SELECT x FROM ticket, LATERAL unnest(ARRAY[1]) x;",
            "CREATE VIEW v AS SELECT s.n FROM (SELECT count(*) AS n FROM ticket) s;",
            "CREATE VIEW v AS WITH c AS (SELECT id AS k FROM ticket) SELECT k FROM c;",
            "CREATE VIEW v AS SELECT a FROM ticket AS t(a, b, c);",
            "CREATE VIEW v AS SELECT t.id, t.headline FROM ticket t;",
        ] {
            assert_eq!(errors(T, sql), "", "{sql}");
        }
    }
}
