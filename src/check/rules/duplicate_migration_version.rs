//! `duplicate-migration-version`: two files with one version (typically two branches that
//! both added "the next" migration): which runs first would be an accident.

use super::history::Walk;
use super::Rule;
use crate::check::{Finding, Severity};
use crate::schema::model::Origin;

pub const RULE: Rule = Rule {
    id: "duplicate-migration-version",
    default_severity: Severity::Error,
    summary: "two migration files with the same version",
};

pub fn check(walk: &Walk) -> Vec<Finding> {
    let next = walk.files.iter().map(|f| f.version).max().unwrap_or(0) + 1;
    walk.duplicates
        .iter()
        .map(|(first, second)| {
            Finding::new(
                &RULE,
                format!(
                    "{} has the same version {} as {}; renumber it V{next:04} (after the newest): \
                     `hotelschema renumber {}`",
                    second.up.display(),
                    second.version,
                    first.up.display(),
                    second
                        .up
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default()
                ),
            )
            .at(&Origin {
                file: second.up.display().to_string().into(),
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
    fn versions_are_unique() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a ();"),
            ("V0001__a.down.sql", "DROP TABLE a;"),
            ("V0001__b.sql", "CREATE TABLE b ();"),
            ("V0001__b.down.sql", "DROP TABLE b;"),
        ]);
        assert_eq!(
            brief(&dir, check(&walk)),
            [(
                "V0001__b.sql:1".to_string(),
                "V0001__b.sql has the same version 1 as V0001__a.sql; renumber it V0002 (after the newest): `hotelschema renumber V0001__b`".to_string()
            )]
        );
        let (_, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a ();"),
            ("V0002__b.sql", "CREATE TABLE b ();"),
        ]);
        assert!(check(&walk).is_empty());
    }
}
