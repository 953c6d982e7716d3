//! `blocking-maintenance` (warning): `VACUUM FULL`, `CLUSTER` and `REINDEX` without
//! CONCURRENTLY rewrite or rebuild a table while reads and writes wait — maintenance that has
//! no place in a deploy.

use pg_query::protobuf::node::Node as N;

use super::statement::{Context, Detected};
use super::Rule;
use crate::check::Severity;
use crate::sql::locks::{has_option, locks};

pub const RULE: Rule = Rule {
    id: "blocking-maintenance",
    default_severity: Severity::Warning,
    summary: "VACUUM FULL, CLUSTER or a REINDEX without CONCURRENTLY in a migration",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    let (what, instead) = match node {
        N::VacuumStmt(s) if s.is_vacuumcmd && has_option(&s.options, "full") => {
            ("VACUUM FULL", "pg_repack, outside the deploy")
        }
        N::ClusterStmt(_) => ("CLUSTER", "pg_repack, outside the deploy"),
        N::ReindexStmt(s) if !has_option(&s.params, "concurrently") => (
            "REINDEX",
            "REINDEX ... CONCURRENTLY, in a migration outside a transaction",
        ),
        _ => return Vec::new(),
    };
    let tables: Vec<String> = locks(node, |i| ctx.index_table(i))
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let on = if tables.is_empty() {
        String::new()
    } else {
        format!(" on {}", tables.join(", "))
    };
    vec![Detected {
        table: tables.first().cloned().unwrap_or_default(),
        message: format!(
            "{what}{on} holds an ACCESS EXCLUSIVE lock while it rebuilds, blocking reads and \
             writes; use {instead}"
        ),
    }]
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn blocking_maintenance_is_reported() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);\nCREATE INDEX a_id_idx ON a (id);"),
            (
                "V0002__b.sql",
                "-- hotelschema:no-transaction\nVACUUM FULL a;\nVACUUM a;\nCLUSTER a USING a_id_idx;\nREINDEX INDEX a_id_idx;\nREINDEX (CONCURRENTLY) TABLE a;",
            ),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("while it rebuilds"))
            .map(|(at, m)| format!("{at} {}", m.split(" holds").next().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                "V0002__b.sql:2 VACUUM FULL on a",
                "V0002__b.sql:4 CLUSTER on a",
                "V0002__b.sql:5 REINDEX on a"
            ]
        );
    }

    #[test]
    fn an_option_given_false_is_an_option_left_off() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);\nCREATE INDEX a_id_idx ON a (id);"),
            (
                "V0002__b.sql",
                "-- hotelschema:no-transaction\nVACUUM (FULL false) a;\nREINDEX (CONCURRENTLY false) INDEX a_id_idx;\nVACUUM (FULL true) a;\nREINDEX (CONCURRENTLY on) TABLE a;",
            ),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .map(|(at, m)| format!("{at} {}", m.split(" holds").next().unwrap()))
            .collect();
        // `FULL false` is a plain VACUUM; `CONCURRENTLY false` a plain, blocking REINDEX.
        assert_eq!(
            found,
            [
                "V0002__b.sql:3 REINDEX on a",
                "V0002__b.sql:4 VACUUM FULL on a"
            ],
            "{found:?}"
        );
    }
}
