//! `rewriting-type-change` (warning): `ALTER COLUMN ... TYPE` on an existing table rewrites it
//! (and rebuilds its indexes) under an ACCESS EXCLUSIVE lock — except the changes PostgreSQL
//! makes in the catalog alone: a varchar made longer or unbounded, varchar to text, a numeric
//! given more precision at the same scale.

use pg_query::protobuf::{node::Node as N, AlterTableType};

use super::statement::{commands_of, Context, Detected};
use super::Rule;
use crate::check::Severity;
use crate::schema::types::ColumnType;

pub const RULE: Rule = Rule {
    id: "rewriting-type-change",
    default_severity: Severity::Warning,
    summary: "a column type change that rewrites an existing table under an exclusive lock",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    let mut out = Vec::new();
    for (table, c) in commands_of(node, ctx, AlterTableType::AtAlterColumnType) {
        let Some(N::ColumnDef(def)) = c.def.as_ref().and_then(|d| d.node.as_ref()) else {
            continue;
        };
        let new = def
            .type_name
            .as_ref()
            .and_then(|t| crate::sql::replay::type_sql(t).ok())
            .unwrap_or_default();
        let old = ctx
            .history
            .table(&table)
            .and_then(|t| t.columns.iter().find(|col| col.name == c.name))
            .map(|col| col.column_type.clone());
        let using = def.raw_default.is_some();
        if let Some(old) = &old {
            let in_place =
                ColumnType::parse(&new, &[], &[]).is_ok_and(|n| old.changes_in_place(&n));
            if !using && in_place {
                continue;
            }
        }
        let from = old.map(|o| format!(" from {o}")).unwrap_or_default();
        out.push(Detected {
            message: format!(
                "changing {table}.{} to {new}{from} rewrites the table and its indexes under an \
                 ACCESS EXCLUSIVE lock; add a new column, backfill it in batches and switch \
                 over (expand/contract), or accept it for a small table",
                c.name
            ),
            table,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn only_type_changes_that_rewrite_are_reported() {
        let (dir, walk) = walk_of(&[
            (
                "V0001__a.sql",
                "CREATE TABLE a (id int, v varchar(10), w varchar(10), n numeric(10,2), i int);",
            ),
            (
                "V0002__b.sql",
                "ALTER TABLE a ALTER COLUMN v TYPE varchar(20);\n\
                 ALTER TABLE a ALTER COLUMN w TYPE text;\n\
                 ALTER TABLE a ALTER COLUMN n TYPE numeric(12,2);\n\
                 ALTER TABLE a ALTER COLUMN i TYPE bigint;\n\
                 ALTER TABLE a ALTER COLUMN v TYPE varchar(5);",
            ),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("rewrites the table"))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "V0002__b.sql:4");
        assert!(
            found[0]
                .1
                .starts_with("changing a.i to bigint from integer"),
            "{found:?}"
        );
        assert_eq!(found[1].0, "V0002__b.sql:5");
    }
}
