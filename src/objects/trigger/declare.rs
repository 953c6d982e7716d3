//! Triggers declared in `schema/*.sql`: only `INSTEAD OF` triggers on views, after the views (a
//! table's triggers are its YAML's).

use pg_query::protobuf::node::Node as N;

use crate::objects::declaration::{Declaration, Round};

pub const DECLARATION: Declaration = Declaration {
    round: |n| matches!(n, N::CreateTrigStmt(_)).then_some(Round::ViewTriggers),
    misplaced: Some(|schema, n| {
        let N::CreateTrigStmt(s) = n else {
            return None;
        };
        let on_view = s.relation.as_ref().is_some_and(|r| {
            let name = crate::sql::normal::public_stripped(&r.schemaname, &r.relname);
            schema.views.iter().any(|v| v.name == name)
        });
        (!on_view).then_some((
            "only triggers on views are declared in schema/*.sql",
            "declare a table's triggers under `triggers:` in its YAML",
        ))
    }),
    check: None,
    twice: None,
    renamed: None,
};
