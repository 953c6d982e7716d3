//! `breaking-rename` (warning): renaming a column or a table that existed before the migration
//! breaks the application version still running during the deploy, which queries the old name.
//! The seed's double migration avoids it: add the new name, deploy, copy, then remove the old.

use pg_query::protobuf::{node::Node as N, ObjectType};

use super::statement::{existing_relation, Context, Detected};
use super::Rule;
use crate::check::Severity;

pub const RULE: Rule = Rule {
    id: "breaking-rename",
    default_severity: Severity::Warning,
    summary: "RENAME of a column or table the running application still uses",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    let N::RenameStmt(s) = node else {
        return Vec::new();
    };
    let Some(table) = existing_relation(s.relation.as_ref(), ctx) else {
        return Vec::new();
    };
    let what = match ObjectType::try_from(s.rename_type) {
        Ok(ObjectType::ObjectColumn) => format!("column {table}.{}", s.subname),
        Ok(ObjectType::ObjectTable) => format!("table {table}"),
        _ => return Vec::new(),
    };
    vec![Detected {
        message: format!(
            "renaming {what} to {} breaks the application version still running, which uses \
             the old name; add the new one and keep both in step until the old version is gone \
             (expand/contract), or accept it when the application is stopped for the deploy",
            s.newname
        ),
        table,
    }]
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn renames_of_existing_columns_and_tables_are_reported() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int, b int);\nCREATE INDEX a_b_idx ON a (b);"),
            (
                "V0002__b.sql",
                "ALTER TABLE a RENAME COLUMN b TO c;\nALTER INDEX a_b_idx RENAME TO a_c_idx;\nALTER TABLE a RENAME TO z;",
            ),
            ("V0003__c.sql", "CREATE TABLE n (id int);\nALTER TABLE n RENAME COLUMN id TO key;"),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.starts_with("renaming"))
            .map(|(at, m)| format!("{at} {}", m.split(" breaks").next().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                "V0002__b.sql:1 renaming column a.b to c",
                "V0002__b.sql:3 renaming table a to z"
            ]
        );
    }
}
