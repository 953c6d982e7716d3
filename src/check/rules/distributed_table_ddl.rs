//! `distributed-table-ddl` (error): a statement on a Citus distributed table that Citus
//! refuses, said before the migration meets the cluster. A distributed table's rows are
//! placed by the hash of its distribution column, and Citus checks a key only within one
//! shard, so it refuses: changing the type of that column or dropping it, a primary key or
//! unique constraint that leaves it out, and `ON DELETE SET NULL` / `SET DEFAULT`
//! on a foreign key that holds it. What the history distributed is known offline (replay reads
//! `create_distributed_table`), so hand-written migrations are judged as generated ones are.
//!
//! Not flagged, because Citus runs it: `ADD COLUMN`, indexes (`CONCURRENTLY` too), policies,
//! triggers with `citus.enable_unsafe_triggers`. Such DDL runs on every shard, so a rewrite is
//! as many rewrites as shards; `rewriting-type-change` and the other hazard rules already
//! flag it.

use pg_query::protobuf::{node::Node as N, AlterTableType, ConstrType};

use super::statement::{Context, Detected};
use super::Rule;
use crate::check::Severity;
use crate::objects::distribution::Distribution;
use crate::sql::normal::strings;

pub const RULE: Rule = Rule {
    id: "distributed-table-ddl",
    default_severity: Severity::Error,
    summary: "a statement on a Citus distributed table that Citus refuses",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    let N::AlterTableStmt(s) = node else {
        return Vec::new();
    };
    let Some(rv) = s.relation.as_ref() else {
        return Vec::new();
    };
    let table = crate::sql::replay::loose_relation(rv);
    let Some(Distribution::Hash { column, .. }) = ctx
        .history
        .table(&table)
        .and_then(|t| t.distribution.as_ref())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut refuse = |what: String, fix: &str| {
        out.push(Detected {
            table: table.clone(),
            message: format!(
                "{what}: Citus refuses it on {table}, which is distributed by {column}; {fix}"
            ),
        })
    };
    for cmd in s.cmds.iter().filter_map(|c| match c.node.as_ref() {
        Some(N::AlterTableCmd(c)) => Some(c),
        _ => None,
    }) {
        let subtype = AlterTableType::try_from(cmd.subtype).ok();
        match subtype {
            Some(AlterTableType::AtAlterColumnType) if &cmd.name == column => refuse(
                format!("changing the type of {column}"),
                "keep the distribution column's type, or undistribute the table first",
            ),
            Some(AlterTableType::AtDropColumn) if &cmd.name == column => refuse(
                format!("dropping {column}"),
                "undistribute the table first (`distribution: local`)",
            ),
            Some(AlterTableType::AtAddConstraint) => {
                let Some(N::Constraint(c)) = cmd.def.as_ref().and_then(|d| d.node.as_ref()) else {
                    continue;
                };
                let mut keys = strings(&c.keys);
                keys.extend(strings(&c.fk_attrs));
                let holds = keys.iter().any(|k| k == column);
                match ConstrType::try_from(c.contype).ok() {
                    Some(ConstrType::ConstrPrimary | ConstrType::ConstrUnique)
                        if !holds && c.indexname.is_empty() =>
                    {
                        refuse(
                            format!("a key ({}) without {column}", keys.join(", ")),
                            &format!("make it ({column}, {})", keys.join(", ")),
                        )
                    }
                    Some(ConstrType::ConstrForeign)
                        if holds && matches!(c.fk_del_action.as_str(), "n" | "d") =>
                    {
                        refuse(
                            format!(
                                "foreign key {} with ON DELETE SET NULL/SET DEFAULT",
                                c.conname
                            ),
                            "use ON DELETE RESTRICT or CASCADE",
                        )
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn what_citus_refuses_on_a_distributed_table_is_found_in_hand_written_migrations() {
        let (dir, walk) = walk_of(&[
            (
                "V0001__a.sql",
                "CREATE TABLE org (id uuid PRIMARY KEY);\n\
                 CREATE TABLE room (org_id uuid NOT NULL, id uuid NOT NULL, code text, \
                 PRIMARY KEY (org_id, id));\n\
                 SELECT create_distributed_table('room', 'org_id');\n\
                 CREATE TABLE note (id uuid PRIMARY KEY, code text);",
            ),
            (
                "V0002__b.sql",
                "ALTER TABLE room ADD CONSTRAINT room_code_uq UNIQUE (code);\n\
                 ALTER TABLE room ALTER COLUMN org_id TYPE text;\n\
                 ALTER TABLE room ADD CONSTRAINT room_ok_uq UNIQUE (org_id, code);\n\
                 ALTER TABLE note ADD CONSTRAINT note_code_uq UNIQUE (code);\n\
                 ALTER TABLE room DROP COLUMN org_id;",
            ),
        ]);
        let found: Vec<String> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("Citus refuses"))
            .map(|(at, m)| format!("{at} {}", m.split(':').next().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                "V0002__b.sql:1 a key (code) without org_id",
                "V0002__b.sql:2 changing the type of org_id",
                "V0002__b.sql:5 dropping org_id",
            ]
        );
    }
}
