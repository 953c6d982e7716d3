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
        .filter_map(|p| p.declaration())
        .map(|sql| format!("\n{sql}\n"))
        .collect();
    (!body.is_empty()).then(|| ("publications.sql".into(), body))
}
