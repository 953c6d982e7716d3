//! `citus-distribution` (only with `distribution: citus` in checks/config.yaml): proves the
//! schema can be distributed by the tenant column with Citus. Citus shards a distributed table
//! by one column and enforces a primary key, a unique constraint or a foreign key only when it
//! includes that column (so each can be checked inside one shard); a table without the column
//! must be a reference table, copied to every node — declared here with `global: <reason>`.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};
use crate::schema::model::Table;

pub const RULE: Rule = Rule {
    id: "citus-distribution",
    default_severity: Severity::Error,
    summary: "(with `distribution: citus`) a table Citus could not distribute by the tenant column",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    if !ctx.tenancy.citus {
        return Vec::new();
    }
    let col = &ctx.tenancy.column;
    let distributed = |t: &Table| t.column(col).is_some();
    let mut findings = Vec::new();
    let mut finding = |t: &Table, message: String| {
        findings.push(Finding::new(&RULE, message).table(&t.name).at(&t.origin));
    };
    for t in &ctx.schema.tables {
        if !distributed(t) {
            let reference = t.lint.0.global.is_some() || t.name == ctx.tenancy.root;
            if !reference {
                finding(
                    t,
                    format!(
                        "{} has no {col}: Citus can only copy it to every node as a reference \
                         table; add {col}, or declare it `global: <reason>` (a reference table)",
                        t.name
                    ),
                );
            }
            continue;
        }
        if let Some(pk) = &t.primary_key {
            if !pk.columns.contains(col) {
                finding(
                    t,
                    format!(
                        "the primary key of {} ({}) does not include {col}: Citus cannot enforce \
                         it across shards; make it ({col}, {})",
                        t.name,
                        pk.columns.join(", "),
                        pk.columns.join(", ")
                    ),
                );
            }
        }
        for u in t.uniques.iter().filter(|u| !u.columns.contains(col)) {
            finding(
                t,
                format!(
                    "unique {} on {} ({}) does not include {col}: Citus cannot enforce it across \
                     shards; add {col} to it",
                    u.name,
                    t.name,
                    u.columns.join(", ")
                ),
            );
        }
        for fk in &t.foreign_keys {
            let Some(target) = ctx.schema.table(&fk.ref_table) else {
                continue;
            };
            if !distributed(target) {
                continue; // to a reference table: allowed from any shard
            }
            let joined = fk
                .columns
                .iter()
                .zip(&fk.ref_columns)
                .any(|(c, r)| c == col && r == col);
            if !joined {
                finding(
                    t,
                    format!(
                        "foreign key {} from {} to {} does not pair {col} with {col}: both \
                         tables are distributed by it, so Citus needs the key to include it \
                         on both sides ({col}, ...) → ({col}, ...)",
                        fk.name, t.name, target.name
                    ),
                );
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::super::testing::{messages_with, ORG};
    use super::*;

    fn run(yaml: &str, on: bool) -> Vec<String> {
        messages_with(check, yaml, |t| t.citus = on)
    }

    #[test]
    fn keys_must_include_the_tenant_column_and_other_tables_be_reference_tables() {
        let bad = format!(
            "{ORG}  room:\n    columns:\n      id: {{ type: uuid, primary_key: true }}\n      \
             organization_id: {{ type: uuid, references: organization.id }}\n      \
             number: {{ type: text, unique: true }}\n  \
             booking:\n    columns:\n      id: uuid\n      organization_id: {{ type: uuid, references: organization.id }}\n      \
             room_id: {{ type: uuid, references: room.id }}\n    primary_key: [organization_id, id]\n  \
             country:\n    columns:\n      code: {{ type: text, primary_key: true }}\n"
        );
        let found = run(&bad, true);
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0].contains("the primary key of room (id) does not include organization_id"));
        assert!(found[1].contains("unique room_number_uq on room (number)"));
        assert!(found[2].contains("foreign key booking_room_id_fkey from booking to room"));
        assert!(found[3].contains("country has no organization_id"));
        // Off unless the config asks for it.
        assert!(run(&bad, false).is_empty());

        let good = format!(
            "{ORG}  room:\n    columns:\n      id: uuid\n      \
             organization_id: {{ type: uuid, references: organization.id }}\n      number: text\n    \
             primary_key: [organization_id, id]\n    unique:\n      - {{ columns: [organization_id, number] }}\n  \
             booking:\n    columns:\n      id: uuid\n      organization_id: {{ type: uuid, references: organization.id }}\n      \
             room_id: uuid\n    primary_key: [organization_id, id]\n    foreign_keys:\n      \
             - {{ columns: [organization_id, room_id], references: {{ table: room, columns: [organization_id, id] }} }}\n  \
             country:\n    global: the same for every organization\n    columns:\n      code: {{ type: text, primary_key: true }}\n"
        );
        assert_eq!(run(&good, true), Vec::<String>::new());
    }
}
