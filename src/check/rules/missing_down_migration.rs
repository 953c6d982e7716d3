//! `missing-down-migration`: every up file has its down file, or it cannot be rolled back.

use super::history::Walk;
use super::Rule;
use crate::check::{Finding, Severity};
use crate::migrations::file_names;
use crate::schema::model::Origin;

pub const RULE: Rule = Rule {
    id: "missing-down-migration",
    default_severity: Severity::Error,
    summary: "an up file without its .down.sql",
};

pub fn check(walk: &Walk) -> Vec<Finding> {
    walk.files
        .iter()
        .filter(|f| f.down.is_none())
        .map(|f| {
            let (_, down) = file_names(f.version, &f.name);
            Finding::new(
                &RULE,
                format!(
                    "{} has no down file; write {down}, the exact inverse of it",
                    f.up.display()
                ),
            )
            .at(&Origin {
                file: f.up.display().to_string().into(),
                line: 1,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{brief, walk_of};
    use super::*;

    #[test]
    fn every_up_file_has_a_down_file() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a ();"),
            ("V0001__a.down.sql", "DROP TABLE a;"),
            ("V0002__b.sql", "CREATE TABLE b ();"),
        ]);
        assert_eq!(
            brief(&dir, check(&walk)),
            [(
                "V0002__b.sql:1".to_string(),
                "V0002__b.sql has no down file; write V0002__b.down.sql, the exact inverse of it"
                    .to_string()
            )]
        );
        let (_, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a ();"),
            ("V0001__a.down.sql", "DROP TABLE a;"),
        ]);
        assert!(check(&walk).is_empty());
    }
}
