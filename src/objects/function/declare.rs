//! Functions and procedures declared in `schema/*.sql`: one `CREATE FUNCTION` / `CREATE
//! PROCEDURE` each, taken with the other objects; an overload needs different argument types.

use pg_query::protobuf::node::Node as N;

use super::Function;
use crate::objects::declaration::{Declaration, Round, Twice};

pub const DECLARATION: Declaration = Declaration {
    round: |n| matches!(n, N::CreateFunctionStmt(_)).then_some(Round::Objects),
    misplaced: None,
    check: Some(|n, origin| {
        let N::CreateFunctionStmt(s) = n else {
            return None;
        };
        let f = Function::from_statement(s, origin.clone()).ok()?;
        let why = super::check_body(&f.definition, s).err()?;
        Some((
            format!("function {}", f.identity()),
            why,
            "fix the body; PostgreSQL would reject it when the migration runs",
        ))
    }),
    twice: Some(|schema, n, origin| {
        let N::CreateFunctionStmt(s) = n else {
            return None;
        };
        let f = Function::from_statement(s, origin.clone()).ok()?;
        let first = schema
            .functions
            .iter()
            .find(|x| x.identity() == f.identity())?;
        Some(Twice {
            object: format!("function {}", f.identity()),
            hint: "keep one definition; an overload needs different argument types",
            first: first.origin.clone(),
        })
    }),
    renamed: Some(|schema, _, old| {
        if let Some(f) = schema.functions.last_mut() {
            f.renamed_from = crate::origin::Hint(Some(old));
        }
    }),
};
