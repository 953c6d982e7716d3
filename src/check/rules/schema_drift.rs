//! `schema-drift`: the live database differs from what its applied migrations create — an
//! index added by hand in production, a column dropped outside a migration. (Needs `--db`.)

use super::Rule;
use crate::check::{Finding, Severity};
use crate::diff::Change;

pub const RULE: Rule = Rule {
    id: "schema-drift",
    default_severity: Severity::Error,
    summary: "the database differs from what its applied migrations create (--db)",
};

/// One finding per change that would turn the expected schema into the live one.
pub fn findings(drift: &[Change]) -> Vec<Finding> {
    drift
        .iter()
        .map(|c| {
            let what = match c.summary.strip_prefix("drop ") {
                Some(missing) => {
                    format!("the migrations create {missing}, which the database lacks")
                }
                None => format!(
                    "the database has {}, which no applied migration creates",
                    c.summary
                ),
            };
            Finding::new(
                &RULE,
                format!(
                    "{what}; put the change in a migration (or undo it by hand). To bring the \
                     database back: {}",
                    c.down.replace('\n', " ")
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff;
    use crate::sql::replay::replay_file;

    #[test]
    fn drift_reads_from_the_database_side() {
        let mut expected = crate::schema::model::Schema::default();
        replay_file(&mut expected, "x", "CREATE TABLE t (a int, b int);").unwrap();
        let mut live = crate::schema::model::Schema::default();
        replay_file(
            &mut live,
            "x",
            "CREATE TABLE t (a int); CREATE INDEX t_a_idx ON t (a);",
        )
        .unwrap();
        let found: Vec<String> = findings(&diff(&expected, &live, crate::diff::Options::plain()))
            .into_iter()
            .map(|f| f.message)
            .collect();
        assert_eq!(
            found,
            [
                "the migrations create column t.b, which the database lacks; put the change in a \
                 migration (or undo it by hand). To bring the database back: ALTER TABLE t ADD \
                 COLUMN b integer;",
                "the database has index t_a_idx, which no applied migration creates; put the \
                 change in a migration (or undo it by hand). To bring the database back: DROP \
                 INDEX t_a_idx;",
            ]
        );
        assert!(findings(&diff(&live, &live, Default::default())).is_empty());
    }
}
