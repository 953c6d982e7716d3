//! `set-not-null` (warning): `ALTER COLUMN ... SET NOT NULL` on an existing table scans every
//! row under an ACCESS EXCLUSIVE lock — unless a validated `CHECK (col IS NOT NULL)` already
//! proves it, which PostgreSQL (12+) then trusts without a scan.

use pg_query::protobuf::{node::Node as N, AlterTableType};

use super::statement::{commands_of, Context, Detected};
use super::Rule;
use crate::check::Severity;

pub const RULE: Rule = Rule {
    id: "set-not-null",
    default_severity: Severity::Warning,
    summary: "SET NOT NULL scans an existing table under an exclusive lock",
};

/// What this file did with `CHECK (col IS NOT NULL)` constraints so far: those it added
/// (table, name, column), and those it validated (table, name). A SET NOT NULL after both, in
/// the same file, is proven as one after an earlier migration's is.
#[derive(Default)]
pub struct FileChecks {
    added: Vec<(String, String, String)>,
    validated: Vec<(String, String)>,
}

pub fn detect(node: &N, ctx: &Context, file: &mut FileChecks) -> Vec<Detected> {
    for (table, cmd) in commands_of(node, ctx, AlterTableType::AtAddConstraint) {
        if let Some(N::Constraint(k)) = cmd.def.as_ref().and_then(|d| d.node.as_ref()) {
            if let Some(column) = k.raw_expr.as_deref().and_then(not_null_test) {
                file.added.push((table, k.conname.clone(), column));
            }
        }
    }
    for (table, cmd) in commands_of(node, ctx, AlterTableType::AtValidateConstraint) {
        file.validated.push((table, cmd.name.clone()));
    }
    let proven_here = |table: &str, column: &str| {
        file.added.iter().any(|(t, name, c)| {
            t == table
                && c.eq_ignore_ascii_case(column)
                && file
                    .validated
                    .iter()
                    .any(|(vt, vn)| vt == table && vn == name)
        })
    };
    commands_of(node, ctx, AlterTableType::AtSetNotNull)
        .into_iter()
        .filter(|(table, c)| {
            !proven_by_a_check(ctx, table, &c.name) && !proven_here(table, &c.name)
        })
        .map(|(table, c)| Detected {
            message: format!(
                "SET NOT NULL on {table}.{} scans the whole table under an ACCESS EXCLUSIVE \
                 lock; add `CHECK ({} IS NOT NULL) NOT VALID`, VALIDATE it in a later \
                 migration, then SET NOT NULL (no scan) and drop the check",
                c.name, c.name
            ),
            table,
        })
        .collect()
}

/// The column `expr` tests for NOT NULL, when it is exactly `column IS NOT NULL`.
fn not_null_test(expr: &pg_query::protobuf::Node) -> Option<String> {
    let Some(N::NullTest(t)) = expr.node.as_ref() else {
        return None;
    };
    if t.nulltesttype != pg_query::protobuf::NullTestType::IsNotNull as i32 {
        return None;
    }
    match t.arg.as_deref().and_then(|a| a.node.as_ref()) {
        Some(N::ColumnRef(c)) => match c.fields.last().and_then(|f| f.node.as_ref()) {
            Some(N::String(s)) => Some(s.sval.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the table has a CHECK that is exactly `column IS NOT NULL`.
fn proven_by_a_check(ctx: &Context, table: &str, column: &str) -> bool {
    let wanted = format!("{} is not null", column.to_lowercase());
    ctx.history.table(table).is_some_and(|t| {
        t.checks.iter().any(|c| {
            c.expression
                .to_lowercase()
                .trim_matches(|ch: char| ch == '(' || ch == ')' || ch.is_whitespace())
                .replace('"', "")
                == wanted
        })
    })
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn set_not_null_is_safe_only_behind_a_validated_check() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int, b int, c int);"),
            ("V0002__b.sql", "ALTER TABLE a ALTER COLUMN b SET NOT NULL;"),
            (
                "V0003__c.sql",
                "ALTER TABLE a ADD CONSTRAINT a_c_not_null CHECK (c IS NOT NULL) NOT VALID;",
            ),
            (
                "V0004__d.sql",
                "ALTER TABLE a VALIDATE CONSTRAINT a_c_not_null;",
            ),
            ("V0005__e.sql", "ALTER TABLE a ALTER COLUMN c SET NOT NULL;"),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("SET NOT NULL on"))
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "V0002__b.sql:1");
    }

    #[test]
    fn the_whole_pattern_in_one_file_is_safe() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int, b int, c int);"),
            (
                "V0002__b.sql",
                "-- hotelschema:no-transaction\n\
                 ALTER TABLE a ADD CONSTRAINT a_c_not_null CHECK (c IS NOT NULL) NOT VALID;\n\
                 ALTER TABLE a VALIDATE CONSTRAINT a_c_not_null;\n\
                 ALTER TABLE a ALTER COLUMN c SET NOT NULL;\n\
                 ALTER TABLE a ADD CONSTRAINT a_b_not_null CHECK (b IS NOT NULL) NOT VALID;\n\
                 ALTER TABLE a ALTER COLUMN b SET NOT NULL;",
            ),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("SET NOT NULL on"))
            .map(|(at, _)| at)
            .collect();
        // c: added and validated before, no scan; b: never validated, scanned.
        assert_eq!(found, ["V0002__b.sql:6"]);
    }
}
