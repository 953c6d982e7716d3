//! Extensions: the model, the SQL that creates, moves and drops one, and its planner
//! (`diff.rs`).

pub mod diff;
pub mod read;
pub mod replay;
pub mod write;

use crate::origin::{Hint, Origin};
use crate::sql::ident::{quote, quote_qualified};

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    pub name: String,
    /// `WITH SCHEMA`: the schema its objects live in, when not `public` (Supabase installs
    /// them in `extensions`).
    pub schema: Option<String>,
    /// Types it declares that columns use (`geometry`), for validation before any database is
    /// near: what `CREATE EXTENSION` declares is the extension's business, so never compared.
    pub types: Hint<Vec<String>>,
    pub origin: Origin,
}

/// Without `IF NOT EXISTS`, on purpose: the inverse is `DROP EXTENSION`, which must only ever
/// drop what this statement created. On a database that already has the extension the up
/// fails, changing nothing (its transaction rolls back), and says so (`db::sql_error`); an
/// extension the platform installs belongs in `migrations/platform.sql`, and is then never
/// created nor dropped.
pub fn create_extension(e: &Extension) -> String {
    match &e.schema {
        Some(schema) => format!(
            "CREATE EXTENSION {} WITH SCHEMA {};",
            quote_qualified(&e.name),
            quote(schema)
        ),
        None => format!("CREATE EXTENSION {};", quote_qualified(&e.name)),
    }
}

pub fn set_extension_schema(name: &str, schema: Option<&str>) -> String {
    format!(
        "ALTER EXTENSION {} SET SCHEMA {};",
        quote_qualified(name),
        quote(schema.unwrap_or("public"))
    )
}

pub fn drop_extension(e: &Extension) -> String {
    format!("DROP EXTENSION {};", quote_qualified(&e.name))
}
