//! `migrations-out-of-sync`: the YAML and the schema the migrations produce must agree — what
//! `generate --check` sees — or a YAML edit was merged without its migration.

use super::history::Walk;
use super::Rule;
use crate::check::{Finding, Severity};
use crate::diff::{diff, pending_sql, Options};
use crate::schema::model::Schema;

pub const RULE: Rule = Rule {
    id: "migrations-out-of-sync",
    default_severity: Severity::Error,
    summary: "the YAML and the replayed migrations differ",
};

pub fn check(walk: &Walk, declared: &Schema) -> Vec<Finding> {
    let Some(replayed) = &walk.schema else {
        return Vec::new(); // reported as unparseable-migration
    };
    let pending = diff(replayed, declared, Options::default());
    if pending.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        &RULE,
        format!(
            "the YAML declares {} change(s) that no migration holds; run `hotelschema generate` \
             and commit the migration. It would hold:\n{}",
            pending.len(),
            pending_sql(&pending).trim_end()
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::testing::walk_of;
    use super::*;

    #[test]
    fn the_yaml_and_the_migrations_agree() {
        let declared = super::super::testing::schema(
            "tables:\n  a:\n    columns:\n      id: { type: integer, nullable: true }\n      b: { type: text, nullable: true }\n",
        );
        let (_, walk) = walk_of(&[("V0001__a.sql", "CREATE TABLE a (id int);")]);
        let found = check(&walk, &declared);
        assert_eq!(found.len(), 1);
        // One added column is one statement, not a re-padded table.
        assert_eq!(
            found[0].message,
            "the YAML declares 1 change(s) that no migration holds; run `hotelschema generate` \
             and commit the migration. It would hold:\n-- add column a.b\nALTER TABLE a ADD COLUMN b text;"
        );
        let (_, walk) = walk_of(&[("V0001__a.sql", "CREATE TABLE a (id int, b text);")]);
        assert!(check(&walk, &declared).is_empty());
    }
}
