//! How `schema/*.sql` declares privileges (see `objects::declaration`).

/// Privileges declared in `schema/*.sql`: `ALTER DEFAULT PRIVILEGES` first (every declared
/// object then gets them), `GRANT` / `REVOKE` once the objects exist.
pub const DECLARATION: crate::objects::declaration::Declaration =
    crate::objects::declaration::Declaration::plain(|n| {
        use crate::objects::declaration::Round;
        use pg_query::protobuf::node::Node as N;
        match n {
            N::AlterDefaultPrivilegesStmt(_) => Some(Round::Defaults),
            N::GrantStmt(_) => Some(Round::Refinements),
            _ => None,
        }
    });
