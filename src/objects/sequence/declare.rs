//! Standalone sequences declared in `schema/*.sql`: `CREATE SEQUENCE` with the other objects,
//! `ALTER SEQUENCE ... OWNED BY` once the tables exist.

use pg_query::protobuf::node::Node as N;

use super::Sequence;
use crate::objects::declaration::{Declaration, Round, Twice};

pub const DECLARATION: Declaration = Declaration {
    round: |n| match n {
        N::CreateSeqStmt(_) => Some(Round::Objects),
        N::AlterSeqStmt(_) => Some(Round::Refinements),
        _ => None,
    },
    misplaced: None,
    check: None,
    twice: Some(|schema, n, origin| {
        let N::CreateSeqStmt(s) = n else {
            return None;
        };
        let q = Sequence::from_statement(s, origin.clone()).ok()?;
        let first = schema.sequences.iter().find(|x| x.name == q.name)?;
        Some(Twice {
            object: format!("sequence {}", q.name),
            hint: "keep one definition",
            first: first.origin.clone(),
        })
    }),
    renamed: Some(|schema, n, old| {
        if matches!(n, N::CreateSeqStmt(_)) {
            if let Some(q) = schema.sequences.last_mut() {
                q.renamed_from = crate::origin::Hint(Some(old));
            }
        }
    }),
};
