//! `citus-distribution` (only with `distribution: citus` in checks/config.yaml): proves the
//! schema can be distributed by the tenant column with Citus. Citus shards a distributed table
//! by one column and enforces a primary key, a unique constraint or a foreign key only when it
//! includes that column (so each can be checked inside one shard); a table without the column
//! must be a reference table, copied to every node — declared here with `global: <reason>`.
//! The checks are the ones a declared `distribution:` gets when the schema is loaded
//! (`objects::distribution::validate`), run on the distribution the tenant column would give.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};
use crate::objects::distribution::project::by_default;
use crate::objects::distribution::validate::check_table;
use crate::objects::distribution::{Distribution, ProjectDefault};
use crate::schema::diagnostic::Diagnostics;

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
    // The distribution the tenant column gives (what the schema does not declare itself):
    // judged by the same checks as a declared one (`objects::distribution::validate`).
    let default = ProjectDefault { by: col.clone() };
    let mut schema = ctx.schema.clone();
    for t in schema
        .tables
        .iter_mut()
        .filter(|t| t.distribution.is_none())
    {
        t.distribution = by_default(&default, t);
    }
    let mut findings = Vec::new();
    for t in schema.tables.iter().filter(|t| !t.external) {
        let reference = matches!(t.distribution, Some(Distribution::Reference));
        if reference && t.lint.0.global.is_none() && t.name != ctx.tenancy.root {
            findings.push(
                Finding::new(
                    &RULE,
                    format!(
                        "{} has no {col}: Citus can only copy it to every node as a reference \
                         table; add {col}, or declare it `global: <reason>` (a reference table)",
                        t.name
                    ),
                )
                .table(&t.name)
                .at(&t.origin),
            );
        }
        let mut diags = Diagnostics::default();
        check_table(&schema, t, &mut diags);
        for d in diags.0 {
            let message = match &d.hint {
                Some(hint) => format!("{}; {hint}", d.message),
                None => d.message,
            };
            findings.push(Finding::new(&RULE, message).table(&t.name).at(&d.origin));
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
