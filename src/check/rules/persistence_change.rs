//! `persistence-change` (warning): `ALTER TABLE t SET LOGGED` / `SET UNLOGGED` on a table that
//! already exists rewrites it whole under ACCESS EXCLUSIVE — every read and write waits for the
//! copy (and SET LOGGED writes the whole table to the WAL). There is no online form: do it in a
//! maintenance window, or build a new table and switch to it. (Squawk has no rule for it; its
//! test corpus reports the statement as a rewrite.)

use pg_query::protobuf::{node::Node as N, AlterTableType};

use super::statement::{commands_of, Context, Detected};
use super::Rule;
use crate::check::Severity;

pub const RULE: Rule = Rule {
    id: "persistence-change",
    default_severity: Severity::Warning,
    summary: "SET LOGGED / SET UNLOGGED rewrites an existing table under ACCESS EXCLUSIVE",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    let mut out = Vec::new();
    for (kind, what) in [
        (AlterTableType::AtSetLogged, "SET LOGGED"),
        (AlterTableType::AtSetUnLogged, "SET UNLOGGED"),
    ] {
        for (table, _) in commands_of(node, ctx, kind) {
            out.push(Detected {
                message: format!(
                    "{what} rewrites {table} whole under an ACCESS EXCLUSIVE lock: every read \
                     and write waits for the copy; there is no online form (a maintenance \
                     window, or a new table switched to)"
                ),
                table,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn changing_an_existing_tables_persistence_rewrites_it() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE log (id int);"),
            ("V0002__b.sql", "ALTER TABLE log SET UNLOGGED;"),
            // A table made in the same migration is empty: nothing to rewrite.
            (
                "V0003__c.sql",
                "CREATE TABLE scratch (id int);\nALTER TABLE scratch SET UNLOGGED;",
            ),
            ("V0004__d.sql", "ALTER TABLE log SET LOGGED;"),
        ]);
        let found: Vec<String> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.starts_with("SET "))
            .map(|(at, m)| format!("{at} {}", m.split(" rewrites").next().unwrap()))
            .collect();
        assert_eq!(
            found,
            ["V0002__b.sql:1 SET UNLOGGED", "V0004__d.sql:1 SET LOGGED"]
        );
    }
}
