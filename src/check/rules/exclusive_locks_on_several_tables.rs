//! `exclusive-locks-on-several-tables` (warning): a migration that runs in one transaction
//! keeps every lock until it commits. Once it holds ACCESS EXCLUSIVE on one existing table,
//! taking it on a second makes both unavailable for as long as the second waits — and two
//! deploys (or a deploy and a query) that lock the same tables in another order deadlock.

use pg_query::protobuf::node::Node as N;

use super::statement::{Context, Detected};
use super::Rule;
use crate::check::Severity;
use crate::sql::locks::{locks, LockLevel};

pub const RULE: Rule = Rule {
    id: "exclusive-locks-on-several-tables",
    default_severity: Severity::Warning,
    summary: "one transaction taking ACCESS EXCLUSIVE on more than one existing table",
};

/// `locked`: the existing tables this file has already locked ACCESS EXCLUSIVE.
pub fn detect(node: &N, ctx: &Context, locked: &mut Vec<String>) -> Vec<Detected> {
    if !ctx.transactional {
        return Vec::new();
    }
    let existed = |t: &str| ctx.existed.contains(t);
    second_locks(node, |i| ctx.index_table(i), existed, locked)
        .into_iter()
        .map(|(first, table)| Detected {
            message: format!(
                "this transaction already holds ACCESS EXCLUSIVE on {first}, and now takes it \
                 on {table} too: both stay unavailable until it commits; split the migration, \
                 one table each"
            ),
            table,
        })
        .collect()
}

/// The tables that existed (`existed`) which `node` locks ACCESS EXCLUSIVE after the
/// transaction already holds `locked` (which grows): each with the first table it holds. Also
/// what `generate` accepts with an allow comment in the migrations it writes.
pub fn second_locks(
    node: &N,
    index_table: impl Fn(&str) -> Option<String>,
    existed: impl Fn(&str) -> bool,
    locked: &mut Vec<String>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (level, table) in locks(node, index_table) {
        if level != LockLevel::AccessExclusive || !existed(&table) || locked.contains(&table) {
            continue;
        }
        if let Some(first) = locked.first() {
            out.push((first.clone(), table.clone()));
        }
        locked.push(table);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn a_second_table_locked_exclusively_in_one_transaction_is_reported() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);"),
            ("V0002__b.sql", "ALTER TABLE a ADD COLUMN x int;\nALTER TABLE a ADD COLUMN y int;"),
            ("V0003__c.sql", "ALTER TABLE a ADD COLUMN z int;\nALTER TABLE b ADD COLUMN z int;"),
            (
                "V0004__d.sql",
                "-- hotelschema:no-transaction\nALTER TABLE a ADD COLUMN w int;\nALTER TABLE b ADD COLUMN w int;",
            ),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("already holds ACCESS EXCLUSIVE"))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "V0003__c.sql:2");
    }
}
