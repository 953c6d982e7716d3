//! `unparseable-migration`: an up file PostgreSQL's parser rejects, or that changes the schema
//! in a way the model cannot follow. Nothing after it can be judged; the run exits 2.

use super::history::Walk;
use super::Rule;
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "unparseable-migration",
    default_severity: Severity::Error,
    summary: "a migration pg_query cannot parse (or the replay cannot follow)",
};

pub fn check(walk: &Walk) -> Vec<Finding> {
    walk.unreadable
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(hint) = &d.hint {
                message.push_str(&format!("; {hint}"));
            }
            Finding::new(
                &RULE,
                format!("{message} (later migrations were not checked)"),
            )
            .at(&d.origin)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{brief, walk_of};
    use super::*;

    #[test]
    fn unparseable_files_are_reported_at_their_line() {
        let (dir, walk) = walk_of(&[
            (
                "V0001__a.sql",
                "CREATE TABLE a (id int);\n\nCREAT INDEX a_id_idx ON a (id);\n",
            ),
            ("V0001__a.down.sql", "DROP TABLE a;"),
        ]);
        let found = brief(&dir, check(&walk));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "V0001__a.sql:3");
        assert!(
            found[0].1.starts_with("cannot parse this SQL: "),
            "{found:?}"
        );
        assert!(
            found[0].1.contains("syntax error at or near \"CREAT\""),
            "{found:?}"
        );
        let (_, walk) = walk_of(&[("V0001__a.sql", "CREATE TABLE a (id int);")]);
        assert!(check(&walk).is_empty());
    }
}
