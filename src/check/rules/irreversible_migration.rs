//! `irreversible-migration`: replaying an up file then its down file must give back the schema
//! before it — checked offline, on the replayed model.

use super::history::Walk;
use super::Rule;
use crate::check::{Finding, Severity};
use crate::schema::model::Origin;

pub const RULE: Rule = Rule {
    id: "irreversible-migration",
    default_severity: Severity::Error,
    summary: "up then down does not give back the schema before the migration",
};

pub fn check(walk: &Walk) -> Vec<Finding> {
    walk.steps
        .iter()
        .filter_map(|s| {
            let why = s.irreversible.as_ref()?;
            let down = s.file.down.as_ref()?;
            Some(
                Finding::new(
                    &RULE,
                    format!(
                        "{} does not undo {}: {why}; fix the down file",
                        down.display(),
                        s.file.up.display()
                    ),
                )
                .at(&Origin {
                    file: down.display().to_string().into(),
                    line: 1,
                }),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{brief, walk_of};
    use super::*;

    #[test]
    fn down_files_undo_their_up_file() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);"),
            ("V0001__a.down.sql", "DROP TABLE a;"),
            (
                "V0002__b.sql",
                "ALTER TABLE a ADD COLUMN b text;\nCREATE INDEX a_b_idx ON a (b);",
            ),
            ("V0002__b.down.sql", "DROP INDEX a_b_idx;"),
        ]);
        assert_eq!(
            brief(&dir, check(&walk)),
            [(
                "V0002__b.down.sql:1".to_string(),
                "V0002__b.down.sql does not undo V0002__b.sql: after up then down, the schema \
                 still differs from before it; the down file lacks: drop column a.b; fix the down \
                 file"
                    .to_string()
            )]
        );
        let (_, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);"),
            ("V0001__a.down.sql", "DROP TABLE a;"),
        ]);
        assert!(check(&walk).is_empty());
    }

    #[test]
    fn a_down_file_that_does_not_parse_is_named_with_its_step() {
        // Down files are parsed on the parsing threads, apart from their up file: the error
        // still goes to its own step, and the steps around it are still proven.
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);"),
            ("V0001__a.down.sql", "DROP TABLE a;"),
            ("V0002__b.sql", "CREATE TABLE b (id int);"),
            ("V0002__b.down.sql", "DROP TABLE b"),
            ("V0003__c.sql", "CREATE TABLE c (id int);"),
            ("V0003__c.down.sql", "DROP TABEL c;"),
            ("V0004__d.sql", "CREATE TABLE d (id int);"),
            ("V0004__d.down.sql", "SELECT 1;"),
        ]);
        let found = brief(&dir, check(&walk));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "V0003__c.down.sql:1");
        assert!(
            found[0].1.contains("its down file cannot be parsed"),
            "{found:?}"
        );
        assert_eq!(found[1].0, "V0004__d.down.sql:1");
        assert!(
            found[1].1.contains("the down file lacks: drop table d"),
            "{found:?}"
        );
    }

    #[test]
    fn a_down_file_never_drops_an_extension_its_up_file_may_have_found_installed() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE EXTENSION IF NOT EXISTS pgcrypto;"),
            ("V0001__a.down.sql", "DROP EXTENSION pgcrypto;"),
        ]);
        let found = brief(&dir, check(&walk));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .1
                .contains("drops extension pgcrypto that its up file creates only `IF NOT EXISTS`"),
            "{found:?}"
        );
        // Created for sure (the up fails where it exists), or not dropped: nothing to say.
        for (up, down) in [
            ("CREATE EXTENSION pgcrypto;", "DROP EXTENSION pgcrypto;"),
            ("CREATE EXTENSION IF NOT EXISTS pgcrypto;", "SELECT 1;"),
        ] {
            let (_, walk) = walk_of(&[("V0001__a.sql", up), ("V0001__a.down.sql", down)]);
            let found = check(&walk);
            assert!(
                found.iter().all(|f| !f.message.contains("IF NOT EXISTS")),
                "{up} / {down}"
            );
        }
    }
}
