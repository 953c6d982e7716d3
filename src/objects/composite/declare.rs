//! How `schema/*.sql` declares composite types (see `objects::declaration`): `CREATE TYPE ...
//! AS (...)`, in the types' round, before the YAML tables that use them.

use pg_query::protobuf::node::Node as N;

use super::Composite;
use crate::objects::declaration::{Declaration, Round};

pub const DECLARATION: Declaration = Declaration {
    round: |n| matches!(n, N::CompositeTypeStmt(_)).then_some(Round::Types),
    misplaced: None,
    check: None,
    twice: Some(|schema, n, origin| {
        let N::CompositeTypeStmt(s) = n else {
            return None;
        };
        crate::objects::declaration::type_declared_twice(
            schema,
            &Composite::from_statement(s, origin.clone()).ok()?.name,
        )
    }),
    renamed: Some(|schema, n, old| {
        if let (N::CompositeTypeStmt(_), Some(c)) = (n, schema.composites.last_mut()) {
            c.renamed_from = crate::origin::Hint(Some(old));
        }
    }),
};
