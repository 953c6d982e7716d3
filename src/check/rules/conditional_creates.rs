//! What a down file may drop that its up file did not create. `CREATE EXTENSION IF NOT EXISTS x`
//! does nothing on a database that had `x` before; a down file that then runs `DROP EXTENSION x`
//! removes an extension the project never installed (and with it whatever else used it). The
//! offline replay cannot see this — on paper the up created `x` — so it is judged here from the
//! two files' statements, and reported by `irreversible-migration`.
//!
//! Only extensions: a concurrent index written `IF NOT EXISTS` (so that a retried
//! no-transaction file is harmless) was created by that same migration's earlier attempt, and
//! its down is right to drop it.

use std::collections::BTreeSet;

use pg_query::protobuf::node::Node as N;
use pg_query::protobuf::ObjectType;

use crate::sql::normal::string_of;
use crate::sql::statements::Statement;

/// The extensions `statements` create with `IF NOT EXISTS`.
pub fn created_if_missing(statements: &[Statement]) -> BTreeSet<String> {
    statements
        .iter()
        .filter_map(|st| match &st.node {
            N::CreateExtensionStmt(s) if s.if_not_exists => Some(s.extname.clone()),
            _ => None,
        })
        .collect()
}

/// Why the down file may remove what the up file did not create, if it may.
pub fn problem(created_if_missing: &BTreeSet<String>, down: &[Statement]) -> Option<String> {
    let dropped: Vec<&str> = down
        .iter()
        .filter_map(|st| match &st.node {
            N::DropStmt(s) if s.remove_type == ObjectType::ObjectExtension as i32 => Some(s),
            _ => None,
        })
        .flat_map(|s| s.objects.iter().filter_map(string_of))
        .filter(|name| created_if_missing.contains(*name))
        .collect();
    let first = dropped.first()?;
    Some(format!(
        "its down file drops extension {} that its up file creates only `IF NOT EXISTS`: on a \
         database that had {first} before, rolling back removes what this migration never \
         installed. Write `CREATE EXTENSION {first}` (the up then fails, changing nothing, where \
         it exists; declare such an extension in migrations/platform.sql), or leave it out of \
         the down file",
        dropped.join(", ")
    ))
}
