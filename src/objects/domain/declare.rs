//! How `schema/*.sql` declares domains (see `objects::declaration`): `CREATE DOMAIN`, in the
//! types' round, before the YAML tables that use them.

use pg_query::protobuf::node::Node as N;

use super::Domain;
use crate::objects::declaration::{Declaration, Round};

pub const DECLARATION: Declaration = Declaration {
    round: |n| matches!(n, N::CreateDomainStmt(_)).then_some(Round::Types),
    misplaced: None,
    check: None,
    twice: Some(|schema, n, origin| {
        let N::CreateDomainStmt(s) = n else {
            return None;
        };
        crate::objects::declaration::type_declared_twice(
            schema,
            &Domain::from_statement(s, origin.clone()).ok()?.name,
        )
    }),
    renamed: Some(|schema, n, old| {
        if let (N::CreateDomainStmt(_), Some(d)) = (n, schema.domains.last_mut()) {
            d.renamed_from = crate::origin::Hint(Some(old));
        }
    }),
};
