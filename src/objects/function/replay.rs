//! Functions and procedures replayed onto a schema — `schema/*.sql` declarations and the
//! migration history alike: created, replaced, altered, renamed, dropped (the statements
//! themselves are read in `mod.rs`). A renamed function keeps its oid in PostgreSQL, so the
//! triggers that call it follow the new name.

use pg_query::protobuf::node::Node as N;

use crate::origin::Origin;
use crate::schema::model::Schema;

/// Replays `node` when it concerns functions or procedures (`None` otherwise).
pub fn replay(schema: &mut Schema, node: &N, origin: &Origin) -> Option<Result<(), String>> {
    let renamed = match node {
        N::RenameStmt(s) => match s.object.as_ref().and_then(|o| o.node.as_ref()) {
            Some(N::ObjectWithArgs(o)) => super::find(&schema.functions, o).ok(),
            _ => None,
        },
        _ => None,
    }
    .map(|i| (i, schema.functions[i].name.clone()));
    let step = super::replay_onto(
        &mut schema.functions,
        &schema.default_privileges,
        node,
        origin,
    );
    if let (Some((i, old)), Some(Ok(()))) = (renamed, &step) {
        let new = schema.functions[i].name.clone();
        crate::objects::table::follow_function_rename(&mut schema.tables, &old, &new);
    }
    step
}
