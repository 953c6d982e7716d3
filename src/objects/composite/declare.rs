//! How `schema/*.sql` declares composite types (see `objects::declaration`).

/// Composite types declared in `schema/*.sql` (`CREATE TYPE ... AS (...)`), before the YAML tables that use them.
pub const DECLARATION: crate::objects::declaration::Declaration =
    crate::objects::declaration::Declaration::plain(|n| {
        use pg_query::protobuf::node::Node as N;
        matches!(n, N::CompositeTypeStmt(_)).then_some(crate::objects::declaration::Round::Types)
    });
