//! `unused-trigger-function` (warning): a trigger function that no trigger calls is dead code,
//! or a trigger someone forgot to declare.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "unused-trigger-function",
    default_severity: Severity::Warning,
    summary: "a trigger function that no trigger calls",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let used = |name: &str| {
        let on_tables = ctx.schema.tables.iter().flat_map(|t| &t.triggers);
        let on_views = ctx.schema.views.iter().flat_map(|v| &v.triggers);
        on_tables.chain(on_views).any(|tr| tr.function == name)
    };
    ctx.schema
        .functions
        .iter()
        .filter(|f| f.definition.contains("RETURNS trigger") && !used(&f.name))
        .map(|f| {
            Finding::new(
                &RULE,
                format!(
                    "trigger function {} is called by no trigger; declare the trigger \
                     (`triggers:` on the table or its column group) or remove the function",
                    f.identity()
                ),
            )
            .name(&f.identity())
            .at(&f.origin)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_with_sql;
    use super::*;

    #[test]
    fn a_trigger_function_must_be_called() {
        let sql = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;";
        let bare = "tables:\n  t:\n    columns:\n      id: integer\n";
        let found = run_with_sql(check, bare, sql);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0]
            .1
            .starts_with("trigger function touch() is called by no trigger"));
        let with = "tables:\n  t:\n    columns:\n      id: integer\n    triggers:\n      \
                    - { name: t_touch, timing: before, events: [update], function: touch }\n";
        assert!(run_with_sql(check, with, sql).is_empty());
    }
}
