//! How `schema/*.sql` declares publications (see `objects::declaration`).

/// Publications declared in `schema/*.sql`, once the tables they publish exist.
pub const DECLARATION: crate::objects::declaration::Declaration =
    crate::objects::declaration::Declaration::plain(|n| {
        use pg_query::protobuf::node::Node as N;
        matches!(n, N::CreatePublicationStmt(_) | N::AlterPublicationStmt(_))
            .then_some(crate::objects::declaration::Round::Registered)
    });
