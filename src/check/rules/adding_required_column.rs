//! `adding-required-column` (error): `ADD COLUMN ... NOT NULL` without a default on a table that
//! already existed fails on the first row ("contains null values") — after `generate` and
//! `check` passed, in the middle of a deploy.

use pg_query::protobuf::node::Node as N;

use super::statement::{added_columns, ColumnFacts, Context, Detected};
use super::Rule;
use crate::check::Severity;

pub const RULE: Rule = Rule {
    id: "adding-required-column",
    default_severity: Severity::Error,
    summary: "ADD COLUMN NOT NULL without a default on a table that already has rows",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    let Some((table, columns)) = added_columns(node, ctx) else {
        return Vec::new();
    };
    columns
        .into_iter()
        .filter(|c: &ColumnFacts| c.not_null && c.default.is_none() && !c.generated)
        .map(|c| Detected {
            table: table.clone(),
            message: format!(
                "ADD COLUMN {} NOT NULL without a default fails on {table}, which existed before \
                 this migration, as soon as it holds a row; give it a DEFAULT, or add it nullable, \
                 backfill, then SET NOT NULL",
                c.name
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn a_required_column_needs_a_default_on_an_existing_table() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);"),
            (
                "V0002__b.sql",
                "ALTER TABLE a ADD COLUMN b int NOT NULL;\n\
                 ALTER TABLE a ADD COLUMN c int NOT NULL DEFAULT 0;\n\
                 ALTER TABLE a ADD COLUMN d int;\n\
                 ALTER TABLE a ADD COLUMN e int GENERATED ALWAYS AS IDENTITY;",
            ),
        ]);
        let found = brief(&dir, check(&walk, false));
        let mine: Vec<_> = found
            .iter()
            .filter(|(_, m)| m.contains("without a default"))
            .collect();
        assert_eq!(mine.len(), 1, "{found:?}");
        assert_eq!(mine[0].0, "V0002__b.sql:1");
        assert!(mine[0].1.starts_with("ADD COLUMN b NOT NULL"), "{found:?}");
    }
}
