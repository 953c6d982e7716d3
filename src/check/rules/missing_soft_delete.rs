//! `missing-soft-delete`: a table declared `critical: true` keeps its rows: deleting sets a
//! nullable timestamptz `deleted_at` instead.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};
use crate::schema::types::BaseType;

pub const RULE: Rule = Rule {
    id: "missing-soft-delete",
    default_severity: Severity::Error,
    summary: "a table marked critical without a nullable timestamptz deleted_at",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let mut findings = Vec::new();
    for t in ctx.schema.tables.iter().filter(|t| t.lint.0.critical) {
        let ok = t.column("deleted_at").is_some_and(|c| {
            c.nullable
                && c.column_type.array_dims == 0
                && matches!(
                    c.column_type.base,
                    BaseType::Builtin {
                        name: "timestamptz",
                        ..
                    }
                )
        });
        if !ok {
            findings.push(
                Finding::new(
                    &RULE,
                    format!(
                        "{} is critical but has no nullable timestamptz deleted_at; add \
                         `deleted_at: {{ type: timestamptz, nullable: true }}` (or include the \
                         soft_delete column group)",
                        t.name
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

    #[test]
    fn critical_tables_soft_delete() {
        let yaml = format!("{ORG}  booking:\n    critical: true\n    columns:\n      id: uuid\n      deleted_at: timestamptz\n");
        assert_eq!(
            run(check, &yaml),
            [(
                "booking (schema/test.yaml:6)".to_string(),
                "booking is critical but has no nullable timestamptz deleted_at; add \
                 `deleted_at: { type: timestamptz, nullable: true }` (or include the soft_delete \
                 column group)"
                    .to_string()
            )]
        );
        let yaml = format!("{ORG}  booking:\n    critical: true\n    columns:\n      id: uuid\n      deleted_at: {{ type: timestamptz, nullable: true }}\n");
        assert_eq!(run(check, &yaml), []);
    }
}
