//! `pull`'s `publications.sql`.

use crate::schema::model::Schema;

/// pull's file of publications, when the schema has any.
pub fn write(schema: &Schema) -> Option<(String, String)> {
    if schema.publications.is_empty() {
        return None;
    }
    let body: String = schema
        .publications
        .iter()
        .map(|p| format!("\n{}\n", p.create_sql()))
        .collect();
    Some(("publications.sql".into(), body))
}
