//! `organization-id-not-leading` (warning): tenant queries filter by the tenant column first,
//! so a tenant table wants an index whose first column is it.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};
use crate::schema::model::IndexKey;

pub const RULE: Rule = Rule {
    id: "organization-id-not-leading",
    default_severity: Severity::Warning,
    summary: "a tenant table with no index whose first column is the tenant column",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let col = &ctx.tenancy.column;
    let mut findings = Vec::new();
    for t in ctx.schema.tables.iter().filter(|t| t.column(col).is_some()) {
        let leads = t.indexes.iter().any(
            |i| matches!(i.elements.first().map(|e| &e.key), Some(IndexKey::Column(c)) if c == col),
        ) || t.uniques.iter().any(|u| u.columns.first() == Some(col))
            || t.primary_key
                .as_ref()
                .is_some_and(|p| p.columns.first() == Some(col));
        if !leads {
            findings.push(
                Finding::new(
                    &RULE,
                    format!(
                        "{} has no index whose first column is {col}; add one, e.g. `- {{ \
                         columns: [{col}, created_at] }}` for its most common listing",
                        t.name
                    ),
                )
                .table(&t.name)
                .column(col)
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

    #[test]
    fn tenant_tables_want_an_index_led_by_the_tenant_column() {
        let table = format!("{ORG}  room:\n    columns:\n      id: uuid\n      organization_id: {{ type: uuid, references: organization.id }}\n");
        assert_eq!(
            run(
                check,
                &format!("{table}    indexes:\n      - {{ columns: [id, organization_id] }}\n")
            ),
            [(
                "room.organization_id (schema/test.yaml:6)".to_string(),
                "room has no index whose first column is organization_id; add one, e.g. `- { \
                 columns: [organization_id, created_at] }` for its most common listing"
                    .to_string()
            )]
        );
        assert_eq!(
            run(
                check,
                &format!("{table}    unique:\n      - {{ columns: [organization_id, id] }}\n")
            ),
            []
        );
    }
}
