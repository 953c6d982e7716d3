//! `unused-enum`: an enum no column uses is dead weight, or a column that forgot its type.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "unused-enum",
    default_severity: Severity::Error,
    summary: "an enum that no column uses",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let used = |name: &str| crate::objects::table::uses_type(&ctx.schema.tables, name);
    ctx.schema
        .enums
        .iter()
        .filter(|e| !used(&e.name))
        .map(|e| {
            Finding::new(
                &RULE,
                format!(
                    "enum {} is used by no column; use it (`type: {}`) or remove it",
                    e.name, e.name
                ),
            )
            .enum_name(&e.name)
            .at(&e.origin)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{run, ORG};
    use super::*;

    #[test]
    fn every_enum_must_be_used() {
        let yaml = format!("enums:\n  mood: [a]\n  used: [b]\n{ORG}      u: used\n");
        assert_eq!(
            run(check, &yaml),
            [(
                "enum mood (schema/test.yaml:2)".to_string(),
                "enum mood is used by no column; use it (`type: mood`) or remove it".to_string()
            )]
        );
        assert_eq!(
            run(check, &format!("enums:\n  used: [b]\n{ORG}      u: used\n")),
            []
        );
    }
}
