//! `missing-organization-id`: every table belongs to a tenant — it has the tenant column
//! (NOT NULL, a foreign key to the tenant root) — unless it is the root itself, is declared
//! `global: <reason>`, or is declared `scoped_through: <column>`, in which case that column must
//! be NOT NULL and lead, through foreign keys, to a tenant table.

use std::collections::HashSet;

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};
use crate::schema::model::{Schema, Table};

pub const RULE: Rule = Rule {
    id: "missing-organization-id",
    default_severity: Severity::Error,
    summary: "a table without its tenant column (unless global or scoped through a parent)",
};

/// Whether `t` carries the tenant column properly; `Err` says what is wrong.
fn tenant_column(ctx: &SchemaContext, t: &Table) -> Result<(), String> {
    let col = &ctx.tenancy.column;
    let Some(c) = t.column(col) else {
        return Err(format!("has no {col} column"));
    };
    if c.nullable {
        return Err(format!("has a nullable {col}"));
    }
    let fk = t
        .foreign_keys
        .iter()
        .any(|f| f.columns == [col.clone()] && f.ref_table == ctx.tenancy.root);
    if !fk {
        return Err(format!(
            "has {col} without a foreign key to {}",
            ctx.tenancy.root
        ));
    }
    Ok(())
}

/// Whether `t` reaches a tenant: directly, or through its scoped_through chain.
fn reaches_tenant(
    ctx: &SchemaContext,
    schema: &Schema,
    t: &Table,
    seen: &mut HashSet<String>,
) -> Result<(), String> {
    if t.name == ctx.tenancy.root || tenant_column(ctx, t).is_ok() {
        return Ok(());
    }
    if !seen.insert(t.name.clone()) {
        return Err(format!("the scoped_through chain loops back to {}", t.name));
    }
    let Some(through) = &t.lint.0.scoped_through else {
        return Err(tenant_column(ctx, t).unwrap_err());
    };
    let Some(c) = t.column(through) else {
        return Err(format!(
            "is scoped through `{through}`, which is not one of its columns"
        ));
    };
    if c.nullable {
        return Err(format!(
            "is scoped through `{through}`, which is nullable: a row could belong to no tenant"
        ));
    }
    let Some(fk) = t
        .foreign_keys
        .iter()
        .find(|f| f.columns == [through.clone()])
    else {
        return Err(format!(
            "is scoped through `{through}`, which is not a foreign key"
        ));
    };
    let Some(parent) = schema.table(&fk.ref_table) else {
        return Err(format!(
            "is scoped through `{through}` to {}, which is not in the schema",
            fk.ref_table
        ));
    };
    reaches_tenant(ctx, schema, parent, seen).map_err(|why| {
        format!(
            "is scoped through `{through}` to {}, which {why}",
            parent.name
        )
    })
}

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let col = &ctx.tenancy.column;
    let mut findings = Vec::new();
    for t in &ctx.schema.tables {
        if t.name == ctx.tenancy.root || t.lint.0.global.is_some() {
            continue;
        }
        let result = if t.lint.0.scoped_through.is_some() {
            reaches_tenant(ctx, ctx.schema, t, &mut HashSet::new())
        } else {
            tenant_column(ctx, t)
        };
        if let Err(why) = result {
            findings.push(
                Finding::new(
                    &RULE,
                    format!(
                        "{} {why}; add `{col}: {{ type: uuid, references: {}.id, on_delete: \
                         cascade }}` (or include the tenant column group), or declare \
                         `scoped_through: <parent foreign key column>` or `global: <reason>`",
                        t.name, ctx.tenancy.root
                    ),
                )
                .table(&t.name)
                .at(&t.origin),
            );
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::super::testing::{run, ORG};
    use super::*;

    const TENANT: &str = "      organization_id: { type: uuid, references: organization.id }\n";

    #[test]
    fn tenant_tables_carry_the_tenant_column() {
        let yaml = format!("{ORG}  room:\n    columns:\n      id: uuid\n");
        assert_eq!(
            run(check, &yaml),
            [(
                "room (schema/test.yaml:6)".to_string(),
                "room has no organization_id column; add `organization_id: { type: uuid, \
                 references: organization.id, on_delete: cascade }` (or include the tenant column \
                 group), or declare `scoped_through: <parent foreign key column>` or `global: \
                 <reason>`"
                    .to_string()
            )]
        );
        let yaml = format!("{ORG}  room:\n    columns:\n      id: uuid\n{TENANT}  user:\n    global: Shared by all organizations\n    columns:\n      id: text\n");
        assert_eq!(run(check, &yaml), []);
    }

    #[test]
    fn scoped_tables_lead_to_a_tenant_through_not_null_keys() {
        let base = format!("{ORG}  conversation:\n    columns:\n      id: {{ type: uuid, primary_key: true }}\n{TENANT}");
        let ok = format!("{base}  message:\n    scoped_through: conversation_id\n    columns:\n      conversation_id: {{ type: uuid, references: conversation.id }}\n  part:\n    scoped_through: message_id\n    columns:\n      message_id: {{ type: uuid, references: message.conversation_id }}\n    unique:\n      - {{ columns: [message_id] }}\n");
        let ok = ok.replace(
            "      conversation_id: { type: uuid, references: conversation.id }\n",
            "      conversation_id: { type: uuid, references: conversation.id, unique: true }\n",
        );
        assert_eq!(run(check, &ok), []);
        let nullable = format!("{base}  message:\n    scoped_through: conversation_id\n    columns:\n      conversation_id: {{ type: uuid, nullable: true, references: conversation.id }}\n");
        let found = run(check, &nullable);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .1
                .starts_with("message is scoped through `conversation_id`, which is nullable"),
            "{found:?}"
        );
    }
}
