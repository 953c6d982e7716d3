//! `policy-without-tenant` (warning): a policy on a tenant table whose conditions never name the
//! tenant column lets one organization's rows through to another's users — the opposite of
//! what row-level security on a multi-tenant table is for. A restrictive policy is judged the
//! same way only when it is the table's sole policy.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "policy-without-tenant",
    default_severity: Severity::Warning,
    summary: "a permissive policy on a tenant table that never names the tenant column",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let col = &ctx.tenancy.column;
    let mut findings = Vec::new();
    for t in ctx.schema.tables.iter().filter(|t| t.column(col).is_some()) {
        for p in t.policies.iter().filter(|p| p.permissive) {
            let names = |e: &Option<String>| {
                e.as_deref().is_some_and(|e| {
                    e.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .any(|w| w == col)
                })
            };
            if !names(&p.using) && !names(&p.with_check) {
                findings.push(
                    Finding::new(
                        &RULE,
                        format!(
                            "policy {} on {} never names {col}: it lets rows of every tenant \
                             through; scope it (`using: {col} = ...`), or declare the exemption \
                             with its reason",
                            p.name, t.name
                        ),
                    )
                    .table(&t.name)
                    .name(&p.name)
                    .at(&p.origin),
                );
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::super::testing::{run, ORG};
    use super::*;

    #[test]
    fn tenant_policies_must_name_the_tenant_column() {
        let table = |using: &str| {
            format!(
                "{ORG}  room:\n    rls: true\n    columns:\n      id: uuid\n      \
                 organization_id: {{ type: uuid, references: organization.id }}\n    \
                 policies:\n      - {{ name: p, using: \"{using}\" }}\n"
            )
        };
        let found = run(check, &table("true"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0]
            .1
            .starts_with("policy p on room never names organization_id"));
        assert!(run(
            check,
            &table("organization_id = current_setting('app.org')::uuid")
        )
        .is_empty());
    }
}
