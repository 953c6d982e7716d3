//! How `schema/*.sql` declares domains (see `objects::declaration`).

/// Domains declared in `schema/*.sql` (`CREATE DOMAIN`), before the YAML tables that use them.
pub const DECLARATION: crate::objects::declaration::Declaration =
    crate::objects::declaration::Declaration::plain(|n| {
        use pg_query::protobuf::node::Node as N;
        matches!(n, N::CreateDomainStmt(_)).then_some(crate::objects::declaration::Round::Types)
    });
