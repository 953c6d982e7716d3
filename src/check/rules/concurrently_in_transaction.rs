//! `concurrently-in-transaction` (error): `CREATE INDEX CONCURRENTLY`, `DROP INDEX
//! CONCURRENTLY` and `REINDEX ... CONCURRENTLY` cannot run inside a transaction block, so a
//! migration that holds one must run outside a transaction: the header line
//! `-- hotelschema:no-transaction` (which `generate --concurrently` writes).
//!
//! Where this differs from Squawk on purpose: Squawk judges a file as a bare script (no
//! transaction unless it says BEGIN), so `CREATE INDEX CONCURRENTLY` alone passes there; here a
//! migration runs in one transaction unless its header says otherwise — as `migrate` runs it —
//! so the same file is an error until it has the header. A `BEGIN ... COMMIT` inside a
//! no-transaction file is a transaction block again, for this rule and the others.

use pg_query::protobuf::node::Node as N;

use super::statement::{Context, Detected};
use super::Rule;
use crate::check::Severity;
use crate::sql::locks::has_option;

pub const RULE: Rule = Rule {
    id: "concurrently-in-transaction",
    default_severity: Severity::Error,
    summary: "CONCURRENTLY in a migration that runs in one transaction (PostgreSQL refuses it)",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    if !ctx.transactional {
        return Vec::new();
    }
    let (what, table) = match node {
        N::IndexStmt(s) if s.concurrent => (
            format!("CREATE INDEX CONCURRENTLY {}", s.idxname),
            s.relation.as_ref().map(crate::sql::replay::loose_relation),
        ),
        N::DropStmt(s) if s.concurrent => ("DROP INDEX CONCURRENTLY".to_string(), None),
        N::ReindexStmt(s) if has_option(&s.params, "concurrently") => (
            "REINDEX CONCURRENTLY".to_string(),
            s.relation.as_ref().map(crate::sql::replay::loose_relation),
        ),
        _ => return Vec::new(),
    };
    vec![Detected {
        table: table.unwrap_or_default(),
        message: format!(
            "{what} cannot run inside a transaction block, and this migration runs in one; add \
             the line `-- hotelschema:no-transaction` to its header (and keep the concurrent \
             statements in a migration of their own)"
        ),
    }]
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn concurrent_statements_need_a_migration_outside_a_transaction() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);"),
            (
                "V0002__b.sql",
                "CREATE INDEX CONCURRENTLY a_id_idx ON a (id);",
            ),
            (
                "V0003__c.sql",
                "-- hotelschema:no-transaction\nCREATE INDEX CONCURRENTLY a_id2_idx ON a (id);",
            ),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("transaction block"))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "V0002__b.sql:1");
    }

    #[test]
    fn concurrently_false_is_not_concurrent() {
        let (dir, walk) = walk_of(&[
            (
                "V0001__a.sql",
                "CREATE TABLE a (id int);\nCREATE INDEX a_id_idx ON a (id);",
            ),
            (
                "V0002__b.sql",
                "REINDEX (CONCURRENTLY false) INDEX a_id_idx;",
            ),
            ("V0003__c.sql", "REINDEX (CONCURRENTLY) INDEX a_id_idx;"),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("transaction block"))
            .map(|(at, _)| at)
            .collect();
        assert_eq!(found, ["V0003__c.sql:1"]);
    }
}
