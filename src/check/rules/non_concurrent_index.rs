//! `non-concurrent-index` (warning): CREATE INDEX on a table that already holds rows blocks its
//! writes for the whole build; CONCURRENTLY does not.

use super::history::Walk;
use super::Rule;
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "non-concurrent-index",
    default_severity: Severity::Warning,
    summary: "CREATE INDEX without CONCURRENTLY on a table that existed before the migration",
};

pub fn check(walk: &Walk) -> Vec<Finding> {
    walk.steps
        .iter()
        .flat_map(|s| s.blocking_indexes.iter())
        .map(|(origin, table, index)| {
            Finding::new(
                &RULE,
                format!(
                    "CREATE INDEX {index} on {table}, which existed before this migration, blocks \
                     writes while it builds; generate it with `--concurrently` (or \
                     `concurrently: true` on the index)"
                ),
            )
            .table(table)
            .name(index)
            .at(origin)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{brief, walk_of};
    use super::*;

    #[test]
    fn indexes_on_existing_tables_are_built_concurrently() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);\nCREATE INDEX a_id_idx ON a (id);"),
            ("V0002__b.sql", "-- hotelschema:no-transaction\nCREATE INDEX CONCURRENTLY a_id2_idx ON a (id);\nCREATE INDEX a_id3_idx ON a (id);"),
        ]);
        assert_eq!(
            brief(&dir, check(&walk)),
            [(
                "V0002__b.sql:3".to_string(),
                "CREATE INDEX a_id3_idx on a, which existed before this migration, blocks writes \
                 while it builds; generate it with `--concurrently` (or `concurrently: true` on the \
                 index)"
                    .to_string()
            )]
        );
    }

    #[test]
    fn tables_of_other_schemas_count_too() {
        let (dir, walk) = walk_of(&[
            (
                "V0001__a.sql",
                "CREATE SCHEMA s;\nCREATE TABLE s.a (id int);",
            ),
            ("V0002__b.sql", "CREATE INDEX a_id_idx ON s.a (id);"),
        ]);
        let found = brief(&dir, check(&walk));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.starts_with("CREATE INDEX a_id_idx on s.a"),
            "{found:?}"
        );
    }
}
