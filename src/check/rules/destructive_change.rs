//! `destructive-change`: a migration that drops a table, column, type or enum value, or
//! truncates a table (TRUNCATE ... CASCADE empties the tables that reference it too), must say
//! so — the line `-- hotelschema:allow-destructive` that `generate --allow-destructive` writes —
//! so that losing data is always a decision, never an accident of a hand edit.

use super::history::Walk;
use super::Rule;
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "destructive-change",
    default_severity: Severity::Error,
    summary: "a DROP of a table, column, type or enum value without the acknowledgement",
};

pub fn check(walk: &Walk) -> Vec<Finding> {
    walk.steps
        .iter()
        .filter(|s| !s.acknowledged)
        .flat_map(|s| s.destructive.iter())
        .map(|(origin, what)| {
            Finding::new(
                &RULE,
                format!(
                    "{what} loses data, and the migration does not acknowledge it; if intended, \
                     add the line `-- hotelschema:allow-destructive` to its header (as `generate \
                     --allow-destructive` does)"
                ),
            )
            .at(origin)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{brief, walk_of};
    use super::*;

    #[test]
    fn drops_need_the_acknowledgement() {
        let (dir, walk) = walk_of(&[
            (
                "V0001__a.sql",
                "CREATE TYPE mood AS ENUM ('a', 'b');\nCREATE TABLE a (id int, m mood, x int);",
            ),
            ("V0002__b.sql", "ALTER TABLE a DROP COLUMN x;"),
            (
                "V0003__c.sql",
                "-- hotelschema:allow-destructive\nDROP TABLE a;",
            ),
        ]);
        assert_eq!(
            brief(&dir, check(&walk)),
            [(
                "V0002__b.sql:1".to_string(),
                "DROP COLUMN x loses data, and the migration does not acknowledge it; if intended, \
                 add the line `-- hotelschema:allow-destructive` to its header (as `generate \
                 --allow-destructive` does)"
                    .to_string()
            )]
        );
    }

    #[test]
    fn removing_an_enum_value_is_a_drop_too() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TYPE mood AS ENUM ('a', 'b');"),
            ("V0002__b.sql", "ALTER TYPE mood RENAME TO mood__old;\nCREATE TYPE mood AS ENUM ('a');\nDROP TYPE mood__old;"),
        ]);
        let found = brief(&dir, check(&walk));
        assert!(
            found
                .iter()
                .any(|(_, m)| m.starts_with("removes value(s) b from enum mood loses data")),
            "{found:?}"
        );
    }

    #[test]
    fn a_drop_inside_a_raw_block_is_a_drop_too() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE guest (id int);"),
            (
                "V0002__b.sql",
                "-- hotelschema:raw begin oops\n-- hotelschema:raw down SELECT 1;\n\
                 DROP TABLE guest CASCADE;\n-- hotelschema:raw end oops",
            ),
        ]);
        assert_eq!(
            brief(&dir, check(&walk))
                .iter()
                .map(|(at, m)| format!("{at} {}", &m[..10]))
                .collect::<Vec<_>>(),
            ["V0002__b.sql:3 DROP TABLE"]
        );
    }

    #[test]
    fn a_truncate_loses_every_row() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);"),
            ("V0002__b.sql", "TRUNCATE a CASCADE;"),
            (
                "V0003__c.sql",
                "-- hotelschema:allow-destructive\nTRUNCATE a;",
            ),
        ]);
        let found: Vec<String> = brief(&dir, check(&walk))
            .into_iter()
            .map(|(at, m)| format!("{at} {}", m.split(" loses").next().unwrap()))
            .collect();
        assert_eq!(found, ["V0002__b.sql:1 TRUNCATE ... CASCADE"]);
    }
}
