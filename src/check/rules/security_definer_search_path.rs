//! `security-definer-search-path`: a `SECURITY DEFINER` function runs with its owner's rights;
//! without a fixed `search_path`, a caller who can create objects in a schema on the path can
//! make it call theirs instead (a known privilege escalation, CVE-2018-1058's family).

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "security-definer-search-path",
    default_severity: Severity::Error,
    summary: "a SECURITY DEFINER function without `SET search_path`",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    ctx.schema
        .functions
        .iter()
        .filter(|f| {
            f.definition.contains("SECURITY DEFINER") && !f.definition.contains("SET search_path")
        })
        .map(|f| {
            Finding::new(
                &RULE,
                format!(
                    "{} is SECURITY DEFINER without a fixed search_path: a caller could make it \
                     run their own functions with its owner's rights; add `SET search_path = \
                     pg_catalog, public` (or `= ''` with every name qualified)",
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
    fn security_definer_needs_a_fixed_search_path() {
        let yaml = "tables:\n  t:\n    columns:\n      id: integer\n";
        let bad =
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER AS $$ SELECT 1 $$;";
        let found = run_with_sql(check, yaml, bad);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "f() (schema/test.sql:1)");
        assert!(found[0]
            .1
            .starts_with("f() is SECURITY DEFINER without a fixed search_path"));
        let good = "CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER \
                    SET search_path = pg_catalog, public AS $$ SELECT 1 $$;\n\
                    CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;";
        assert!(run_with_sql(check, yaml, good).is_empty());
    }
}
