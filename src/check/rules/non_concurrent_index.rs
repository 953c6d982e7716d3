//! `non-concurrent-index` (warning): CREATE INDEX on a table that already holds rows blocks its
//! writes for the whole build, and DROP INDEX blocks its reads and writes while it waits for
//! running queries; CONCURRENTLY does neither.

use pg_query::protobuf::{node::Node as N, ObjectType};

use super::statement::{existing_relation, Context, Detected};
use super::Rule;
use crate::check::Severity;

pub const RULE: Rule = Rule {
    id: "non-concurrent-index",
    default_severity: Severity::Warning,
    summary:
        "CREATE or DROP INDEX without CONCURRENTLY on a table that existed before the migration",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    match node {
        // `ON ONLY` a partitioned table builds nothing (an invalid index until each partition's
        // is attached): instant.
        N::IndexStmt(s) if !s.concurrent && s.relation.as_ref().is_none_or(|r| r.inh) => {
            existing_relation(s.relation.as_ref(), ctx)
                .map(|table| Detected {
                    message: if ctx
                        .history
                        .table(&table)
                        .is_some_and(|t| t.partitioning.is_some())
                    {
                        format!(
                        "CREATE INDEX {} on {table}, a partitioned table that existed before this \
                         migration, blocks writes to every partition while it builds, and \
                         PostgreSQL cannot build it CONCURRENTLY: by hand, create it ON ONLY \
                         {table}, build each partition's CONCURRENTLY and ALTER INDEX ... ATTACH \
                         PARTITION each; or accept the lock with `-- hotelschema:allow \
                         non-concurrent-index <reason>`",
                        s.idxname
                    )
                    } else {
                        format!(
                        "CREATE INDEX {} on {table}, which existed before this migration, blocks \
                         writes while it builds; generate it with `--concurrently` (or \
                         `concurrently: true` on the index)",
                        s.idxname
                    )
                    },
                    table,
                })
                .into_iter()
                .collect()
        }
        N::DropStmt(s) if !s.concurrent && s.remove_type == ObjectType::ObjectIndex as i32 => s
            .objects
            .iter()
            .filter_map(|o| match o.node.as_ref() {
                Some(N::List(l)) => Some(crate::sql::replay::loose_name(
                    &crate::sql::replay::strings(&l.items),
                )),
                _ => None,
            })
            .filter_map(|index| {
                let table = ctx.index_table(&index)?;
                ctx.existed.contains(&table).then(|| Detected {
                    message: format!(
                        "DROP INDEX {index} on {table}, which existed before this \
                             migration, blocks reads and writes until running queries finish; \
                             drop it with DROP INDEX CONCURRENTLY in a migration marked \
                             `-- hotelschema:no-transaction`"
                    ),
                    table,
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as hazards;
    use super::super::testing::{brief, walk_of};

    fn check(walk: &super::super::history::Walk) -> Vec<crate::check::Finding> {
        let mut found = hazards(walk, false);
        found.retain(|f| f.rule == super::RULE.id);
        found
    }

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

    #[test]
    fn indexes_of_existing_tables_are_dropped_concurrently() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);\nCREATE INDEX a_id_idx ON a (id);\nCREATE INDEX a_x_idx ON a (id);"),
            ("V0002__b.sql", "DROP INDEX a_id_idx;"),
            ("V0003__c.sql", "-- hotelschema:no-transaction\nDROP INDEX CONCURRENTLY a_x_idx;"),
        ]);
        let found = brief(&dir, check(&walk));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "V0002__b.sql:1");
        assert!(
            found[0].1.starts_with("DROP INDEX a_id_idx on a"),
            "{found:?}"
        );
    }
}
