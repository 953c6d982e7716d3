//! `not-modelled`: something of the live database the model cannot represent yet (a column of a
//! type it does not know, a unique index on an expression...). `check --db` judges everything
//! else, and names these, rather than refusing the whole database. (Needs `--db`.)

use super::Rule;
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "not-modelled",
    default_severity: Severity::Warning,
    summary:
        "an object of the database the model cannot represent, left out of the other rules (--db)",
};

pub fn findings(left_out: &[String]) -> Vec<Finding> {
    left_out
        .iter()
        .map(|what| {
            Finding::new(
                &RULE,
                format!(
                    "{what}: hotelschema does not model this yet, so no rule judged it; it stays \
                     in the database as it is (keep it under `raw:` in the YAML — `pull` writes \
                     it there when PostgreSQL can print it — or in hand-written migrations)"
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_object_left_out() {
        let found = findings(&["t.c has type int4range".into()]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "not-modelled");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.starts_with("t.c has type int4range"));
        assert!(findings(&[]).is_empty());
    }
}
