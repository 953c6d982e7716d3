//! `index-name-suffix`: plain (non-unique) indexes are named `..._idx`; unique indexes over
//! expressions `..._uq`, like unique constraints.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "index-name-suffix",
    default_severity: Severity::Error,
    summary: "a non-unique index whose name does not end in _idx",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let mut findings = Vec::new();
    for t in &ctx.schema.tables {
        // A unique index (over expressions) follows the unique convention, `_uq`.
        let suffix = |i: &&crate::schema::model::Index| if i.unique { "_uq" } else { "_idx" };
        for i in t.indexes.iter().filter(|i| !i.name.ends_with(suffix(i))) {
            findings.push(
                Finding::new(
                    &RULE,
                    format!(
                        "index {} on {} does not end in {}; rename it (`name: {}{}`)",
                        i.name,
                        t.name,
                        suffix(&i),
                        i.name.trim_end_matches("_index").trim_end_matches("_ix"),
                        suffix(&i)
                    ),
                )
                .table(&t.name)
                .name(&i.name)
                .at(&i.origin),
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
    fn index_names_end_in_idx() {
        let yaml = format!("{ORG}      name: text\n    indexes:\n      - {{ columns: [name], name: by_name }}\n      - {{ columns: [id, name] }}\n");
        assert_eq!(
            run(check, &yaml),
            [(
                "organization by_name (schema/test.yaml:8)".to_string(),
                "index by_name on organization does not end in _idx; rename it (`name: by_name_idx`)".to_string()
            )]
        );
        let yaml = format!("{ORG}      name: {{ type: text, index: true }}\n");
        assert_eq!(run(check, &yaml), []);
    }

    #[test]
    fn unique_indexes_on_expressions_end_in_uq() {
        let yaml = format!(
            "{ORG}      name: text\n    indexes:\n      - {{ columns: [lower(name)], unique: true, name: org_name_lower_uq }}\n      - {{ columns: [upper(name)], unique: true, name: org_name_upper_idx }}\n"
        );
        let found = run(check, &yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .1
                .contains("org_name_upper_idx on organization does not end in _uq"),
            "{found:?}"
        );
    }
}
