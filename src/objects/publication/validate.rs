//! Publications judged before any SQL runs: a publication's name, and that every table it
//! publishes is a table of the schema (PostgreSQL refuses the statement otherwise), named at
//! the publication's line.

use crate::schema::diagnostic::Diagnostics;
use crate::schema::model::Schema;
use crate::schema::suggest::did_you_mean;
use crate::schema::validate::identifier::check_name;

pub fn check(schema: &Schema, diags: &mut Diagnostics) {
    for p in &schema.publications {
        let object = format!("publication {}", p.name);
        check_name(&p.name, "publication name", &p.origin, &object, diags);
        for t in p.tables.iter().filter(|t| schema.table(t).is_none()) {
            diags.error_with_hint(
                &p.origin,
                &object,
                format!(
                    "publishes `{t}`, which is not a table of the schema{}",
                    did_you_mean(t, schema.tables.iter().map(|t| t.name.as_str()))
                ),
                "declare the table, or fix the name",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_publication_of_a_table_the_schema_lacks_is_refused_at_its_line() {
        let sources = |sql: &str| {
            [
                (
                    "a.yaml".to_string(),
                    "tables:\n  room:\n    columns:\n      id: integer\n".to_string(),
                ),
                ("p.sql".to_string(), sql.to_string()),
            ]
        };
        let e =
            crate::schema::load_sources(&sources("\nCREATE PUBLICATION feed FOR TABLE rooms;\n"))
                .unwrap_err()
                .to_string();
        assert!(
            e.contains(
                "p.sql:2: publication feed: publishes `rooms`, which is not a table of the schema"
            ) && e.contains("`room`"),
            "{e}"
        );
        assert!(
            crate::schema::load_sources(&sources("CREATE PUBLICATION feed FOR TABLE room;\n"))
                .is_ok()
        );
    }
}
