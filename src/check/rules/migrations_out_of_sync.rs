//! `migrations-out-of-sync`: the YAML and the schema the migrations produce must agree — what
//! `generate --check` sees — or a YAML edit was merged without its migration.

use super::history::Walk;
use super::Rule;
use crate::check::{Finding, Severity};
use crate::diff::{diff, readable, Options};
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
    let list: Vec<String> = pending.iter().map(|c| format!("  {}", c.summary)).collect();
    vec![Finding::new(
        &RULE,
        format!(
            "the YAML declares {} change(s) that no migration holds; run `hotelschema generate` \
             and commit the migration:\n{}\n{}",
            pending.len(),
            list.join("\n"),
            readable(replayed, declared, false).trim_end()
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
        assert!(
            found[0].message.starts_with(
                "the YAML declares 1 change(s) that no migration holds; run `hotelschema generate` \
                 and commit the migration:\n  add column a.b\n@@"
            ),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("+    b  text"),
            "{}",
            found[0].message
        );
        let (_, walk) = walk_of(&[("V0001__a.sql", "CREATE TABLE a (id int, b text);")]);
        assert!(check(&walk, &declared).is_empty());
    }
}
