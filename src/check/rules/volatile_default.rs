//! `volatile-default` (warning): a column added to an existing table with a default computed
//! per row (`gen_random_uuid()`, `clock_timestamp()`, a sequence, an identity, a generated
//! column) makes PostgreSQL rewrite the whole table under an ACCESS EXCLUSIVE lock. A constant
//! default, or one that is the same for every row (`now()`, `CURRENT_TIMESTAMP`), is stored
//! once in the catalog since PostgreSQL 11 and costs nothing.

use pg_query::protobuf::node::Node as N;

use super::statement::{added_columns, Context, Detected};
use super::Rule;
use crate::check::Severity;

pub const RULE: Rule = Rule {
    id: "volatile-default",
    default_severity: Severity::Warning,
    summary:
        "ADD COLUMN with a per-row default on an existing table rewrites it under an exclusive lock",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    let Some((table, columns)) = added_columns(node, ctx) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in columns {
        let why = if c.serial {
            Some("a serial column numbers every row".to_string())
        } else if c.generated {
            Some("an identity or generated column computes every row".to_string())
        } else {
            c.default
                .as_ref()
                .and_then(crate::sql::volatility::volatile_call)
                .map(|f| format!("its default calls {f}(), which may differ per row"))
        };
        if let Some(why) = why {
            out.push(Detected {
                table: table.clone(),
                message: format!(
                    "ADD COLUMN {} rewrites {table} under an ACCESS EXCLUSIVE lock: {why}; add \
                     the column without the default (or with a constant one), set the default \
                     for new rows with ALTER COLUMN ... SET DEFAULT, and backfill existing rows \
                     in batches",
                    c.name
                ),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn per_row_defaults_rewrite_the_table_and_constant_ones_do_not() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);"),
            (
                "V0002__b.sql",
                "ALTER TABLE a ADD COLUMN b uuid DEFAULT gen_random_uuid();\n\
                 ALTER TABLE a ADD COLUMN c timestamptz DEFAULT now();\n\
                 ALTER TABLE a ADD COLUMN d int DEFAULT 0;\n\
                 ALTER TABLE a ADD COLUMN e bigserial;\n\
                 ALTER TABLE a ADD COLUMN f timestamptz DEFAULT CURRENT_TIMESTAMP;",
            ),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("rewrites a"))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "V0002__b.sql:1");
        assert!(found[0].1.contains("calls gen_random_uuid()"), "{found:?}");
        assert_eq!(found[1].0, "V0002__b.sql:4");
        assert!(found[1].1.contains("serial"), "{found:?}");
    }
}
