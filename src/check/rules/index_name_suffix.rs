//! `index-name-suffix`: plain (non-unique) indexes are named `..._idx`.

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
        for i in t.indexes.iter().filter(|i| !i.name.ends_with("_idx")) {
            findings.push(
                Finding::new(
                    &RULE,
                    format!(
                        "index {} on {} does not end in _idx; rename it (`name: {}_idx`)",
                        i.name,
                        t.name,
                        i.name.trim_end_matches("_index").trim_end_matches("_ix")
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
}
