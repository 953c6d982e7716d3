//! `rls-required` (only with `tenant: { rls: required }` in checks/config.yaml): every tenant
//! table has row-level security on, with at least one policy — the database, not only the
//! application, keeps organizations apart.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "rls-required",
    default_severity: Severity::Error,
    summary: "(with `tenant: { rls: required }`) a tenant table without row-level security",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    if !ctx.tenancy.rls_required {
        return Vec::new();
    }
    let col = &ctx.tenancy.column;
    ctx.schema
        .tables
        .iter()
        .filter(|t| t.column(col).is_some() && (!t.rls || t.policies.is_empty()))
        .map(|t| {
            let what = if t.rls {
                "has no policy"
            } else {
                "has row-level security off"
            };
            Finding::new(
                &RULE,
                format!(
                    "tenant table {} {what}; add `rls: true` and a policy on {col} — once, on \
                     the column group that brings {col} (see docs/language/row-level-security.md)",
                    t.name
                ),
            )
            .table(&t.name)
            .at(&t.origin)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{messages_with, ORG};
    use super::*;

    fn run(yaml: &str, on: bool) -> Vec<String> {
        messages_with(check, yaml, |t| t.rls_required = on)
    }

    #[test]
    fn tenant_tables_need_row_level_security_when_required() {
        let off = format!(
            "{ORG}  room:\n    columns:\n      id: uuid\n      organization_id: {{ type: uuid, references: organization.id }}\n"
        );
        assert!(run(&off, true)[0].starts_with("tenant table room has row-level security off"));
        assert!(run(&off, false).is_empty());
        let on = off.replace(
            "  room:\n",
            "  room:\n    rls: true\n    policies:\n      - { name: p, using: organization_id IS NOT NULL }\n",
        );
        assert!(run(&on, true).is_empty());
    }
}
