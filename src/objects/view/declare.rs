//! Views and materialized views declared in `schema/*.sql`, taken with the other objects, and
//! the indexes of materialized views after them (a table's indexes are its YAML's).

use pg_query::protobuf::node::Node as N;

use super::View;
use crate::objects::declaration::{Declaration, Round, Twice};

pub const DECLARATION: Declaration = Declaration {
    round: |n| match n {
        N::ViewStmt(_) | N::CreateTableAsStmt(_) => Some(Round::Objects),
        N::IndexStmt(_) => Some(Round::ViewIndexes),
        _ => None,
    },
    misplaced: Some(|schema, n| {
        let N::IndexStmt(s) = n else {
            return None;
        };
        let on_matview = s.relation.as_ref().is_some_and(|r| {
            let name = crate::sql::normal::public_stripped(&r.schemaname, &r.relname);
            schema
                .views
                .iter()
                .any(|v| v.materialized && v.name == name)
        });
        (!on_matview).then_some((
            "only indexes of materialized views are declared in schema/*.sql",
            "declare a table's indexes under `indexes:` in its YAML",
        ))
    }),
    check: None,
    twice: Some(|schema, n, origin| {
        let (v, what) = match n {
            N::ViewStmt(s) => (View::from_statement(s, origin.clone()).ok()?, "view"),
            N::CreateTableAsStmt(s) => (
                View::from_matview(s, origin.clone()).ok()?,
                "materialized view",
            ),
            _ => return None,
        };
        let first = schema.views.iter().find(|x| x.name == v.name)?;
        Some(Twice {
            object: format!("{what} {}", v.name),
            hint: "keep one definition",
            first: first.origin.clone(),
        })
    }),
    renamed: Some(|schema, n, old| {
        if matches!(n, N::ViewStmt(_) | N::CreateTableAsStmt(_)) {
            if let Some(v) = schema.views.last_mut() {
                v.renamed_from = crate::origin::Hint(Some(old));
            }
        }
    }),
};
