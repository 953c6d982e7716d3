//! `non-concurrent-detach` (warning): `ALTER TABLE t DETACH PARTITION p` takes ACCESS EXCLUSIVE
//! on the partitioned table — every read and write of every partition waits, and the statement
//! itself waits behind any long query on any of them. `DETACH PARTITION ... CONCURRENTLY`
//! (PostgreSQL 14+) takes SHARE UPDATE EXCLUSIVE instead; it cannot run in a transaction, so it
//! goes in a migration of its own with `-- hotelschema:no-transaction`. (Squawk's
//! `require-concurrent-detach-partition` judges the same.)

use pg_query::protobuf::{node::Node as N, AlterTableType};

use super::statement::{commands_of, Context, Detected};
use super::Rule;
use crate::check::Severity;

pub const RULE: Rule = Rule {
    id: "non-concurrent-detach",
    default_severity: Severity::Warning,
    summary: "DETACH PARTITION without CONCURRENTLY on an existing partitioned table",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    commands_of(node, ctx, AlterTableType::AtDetachPartition)
        .into_iter()
        .filter_map(|(table, cmd)| {
            let Some(N::PartitionCmd(p)) = cmd.def.as_ref().and_then(|d| d.node.as_ref()) else {
                return None;
            };
            if p.concurrent {
                return None;
            }
            let partition = p
                .name
                .as_ref()
                .map(crate::sql::replay::loose_relation)
                .unwrap_or_default();
            Some(Detected {
                message: format!(
                    "DETACH PARTITION {partition} takes an ACCESS EXCLUSIVE lock on {table}: every \
                     read and write of its partitions waits; use DETACH PARTITION ... CONCURRENTLY \
                     in a migration of its own (`-- hotelschema:no-transaction`)"
                ),
                table,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn detaching_a_partition_without_concurrently_blocks_the_table() {
        let (dir, walk) = walk_of(&[
            (
                "V0001__a.sql",
                "CREATE TABLE e (id int, at date) PARTITION BY RANGE (at);\n\
                 CREATE TABLE e_2024 PARTITION OF e FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n\
                 CREATE TABLE e_2025 PARTITION OF e FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');",
            ),
            ("V0002__b.sql", "ALTER TABLE e DETACH PARTITION e_2024;"),
            (
                "V0003__c.sql",
                "-- hotelschema:no-transaction\nALTER TABLE e DETACH PARTITION e_2025 CONCURRENTLY;",
            ),
        ]);
        let found: Vec<String> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.starts_with("DETACH PARTITION"))
            .map(|(at, m)| format!("{at} {}", m.split(" takes").next().unwrap()))
            .collect();
        assert_eq!(found, ["V0002__b.sql:1 DETACH PARTITION e_2024"]);
    }
}
