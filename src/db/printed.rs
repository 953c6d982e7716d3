//! Definitions PostgreSQL prints (`pg_get_functiondef`, `pg_get_viewdef`...), parsed back into
//! statements for the same readers as the user's SQL; what a live database's objects say
//! they come from.

use crate::schema::model::Origin;
use pg_query::protobuf::node::Node as N;

/// Where an object read from a live database comes from, for messages.
pub fn origin() -> Origin {
    Origin {
        file: "(database)".into(),
        line: 0,
    }
}

/// Parses one statement PostgreSQL printed.
pub fn statement(sql: &str) -> Result<N, String> {
    let parsed = pg_query::parse(sql, 0).map_err(|e| format!("cannot parse {sql:?}: {e}"))?;
    parsed
        .protobuf
        .stmts
        .into_iter()
        .next()
        .and_then(|s| s.stmt)
        .and_then(|s| s.node)
        .ok_or_else(|| format!("no statement in {sql:?}"))
}
