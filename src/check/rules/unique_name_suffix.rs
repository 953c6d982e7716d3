//! `unique-name-suffix`: unique constraints and unique indexes are named `..._uq`, so a name
//! alone says what it is.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "unique-name-suffix",
    default_severity: Severity::Error,
    summary: "a unique constraint or unique index whose name does not end in _uq",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let mut findings = Vec::new();
    for t in &ctx.schema.tables {
        for u in t.uniques.iter().filter(|u| !u.name.ends_with("_uq")) {
            let suggested = crate::schema::resolve::default_name(&t.name, &u.columns, "uq");
            findings.push(
                Finding::new(
                    &RULE,
                    format!(
                        "unique {} on {} does not end in _uq; name it `{suggested}` (or drop \
                         `name:` to get it)",
                        u.name, t.name
                    ),
                )
                .table(&t.name)
                .columns(&u.columns)
                .name(&u.name)
                .at(&u.origin),
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
    fn unique_names_end_in_uq() {
        let yaml = format!("{ORG}      slug: text\n    unique:\n      - {{ columns: [slug], name: organization_slug_key }}\n");
        assert_eq!(
            run(check, &yaml),
            [(
                "organization organization_slug_key (schema/test.yaml:8)".to_string(),
                "unique organization_slug_key on organization does not end in _uq; name it \
                 `organization_slug_uq` (or drop `name:` to get it)"
                    .to_string()
            )]
        );
        let yaml = format!("{ORG}      slug: {{ type: text, unique: true }}\n    unique:\n      - {{ columns: [id, slug], where: \"slug <> ''\" }}\n");
        assert_eq!(run(check, &yaml), []);
    }
}
