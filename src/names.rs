//! Qualified names as the model writes them (`schema.name`, a name without a dot lives in
//! `public`): a leaf, used by the model, the SQL writer and every object kind.

/// The schema part of a table or enum name: `Some("auth")` for `auth.users`, `None` (public)
/// for `users`.
pub fn namespace_of(name: &str) -> Option<&str> {
    name.split_once('.').map(|(schema, _)| schema)
}

/// A table or enum name without its schema: `users` for `auth.users`. Default constraint and
/// index names are built from it, as PostgreSQL's are.
pub fn local_name(name: &str) -> &str {
    name.split_once('.').map_or(name, |(_, local)| local)
}

/// `local` in the schema of `qualified`: the name an index, or a renamed table, gets.
pub fn sibling_name(qualified: &str, local: &str) -> String {
    match namespace_of(qualified) {
        Some(schema) => format!("{schema}.{local}"),
        None => local.to_string(),
    }
}

/// PostgreSQL truncates longer names (NAMEDATALEN - 1).
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// The name the YAML gives a constraint or index it does not name: `<table>_<columns>_<suffix>`
/// (`room_guest_id_idx`).
pub fn default_name(table: &str, columns: &[String], suffix: &str) -> String {
    format!("{table}_{}_{suffix}", columns.join("_"))
}
