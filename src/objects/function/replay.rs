//! Functions and procedures replayed onto a schema — `schema/*.sql` declarations and the
//! migration history alike: created, replaced, altered, renamed, dropped (the statements
//! themselves are read in `mod.rs`). A renamed function keeps its oid in PostgreSQL, so the
//! triggers that call it follow the new name.

use pg_query::protobuf::{self, node::Node as N};

use super::{find, Function, Lookup};
use crate::objects::replaying::{missing, twice, ReplayError, Step};
use crate::origin::Origin;
use crate::schema::model::Schema;

/// Replays `node` when it concerns functions or procedures (`None` otherwise).
pub fn replay(schema: &mut Schema, node: &N, origin: &Origin) -> Option<Step> {
    let renamed = match node {
        N::RenameStmt(s) => match s.object.as_ref().and_then(|o| o.node.as_ref()) {
            Some(N::ObjectWithArgs(o)) => super::find(&schema.functions, o).ok(),
            _ => None,
        },
        _ => None,
    }
    .map(|i| (i, schema.functions[i].name.clone()));
    let step = replay_onto(
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

/// Replays a statement that concerns functions and procedures onto `functions`; `None` when
/// the statement is not theirs (`replay.rs` replays it onto a whole schema).
fn replay_onto(
    functions: &mut Vec<Function>,
    defaults: &[crate::objects::privilege::DefaultPrivilege],
    node: &N,
    origin: &Origin,
) -> Option<Step> {
    use protobuf::ObjectType as O;
    let routine = |t: i32| {
        matches!(
            O::try_from(t),
            Ok(O::ObjectFunction | O::ObjectProcedure | O::ObjectRoutine)
        )
    };
    Some(match node {
        N::CreateFunctionStmt(s) => (|| -> Step {
            let mut f = Function::from_statement(s, origin.clone())?;
            match functions.iter().position(|x| x.identity() == f.identity()) {
                Some(i) if s.replace => {
                    if !functions[i].replaceable_by(&f) {
                        return Err(format!(
                            "CREATE OR REPLACE cannot change the parameters or return type of \
                             {}; drop it first",
                            f.identity()
                        )
                        .into());
                    }
                    // CREATE OR REPLACE keeps the grants and the comment.
                    f.grants = std::mem::take(&mut functions[i].grants);
                    f.comment = functions[i].comment.take();
                    functions[i] = f;
                }
                Some(_) => return Err(twice("function", f.identity())),
                None => {
                    f.grants = crate::objects::privilege::defaults_for(
                        defaults,
                        crate::objects::privilege::Target::Function,
                        crate::names::namespace_of(&f.name),
                        &f.name,
                    );
                    functions.push(f);
                }
            }
            Ok(())
        })(),
        N::DropStmt(s) if routine(s.remove_type) => {
            for object in &s.objects {
                let Some(N::ObjectWithArgs(o)) = object.node.as_ref() else {
                    continue;
                };
                match find(functions, o) {
                    Ok(i) => {
                        functions.remove(i);
                    }
                    Err(Lookup::Missing(_)) if s.missing_ok => {}
                    Err(why) => return Some(Err(why.into())),
                }
            }
            Ok(())
        }
        N::RenameStmt(s) if routine(s.rename_type) => {
            let Some(N::ObjectWithArgs(o)) = s.object.as_ref().and_then(|o| o.node.as_ref()) else {
                return Some(Err("RENAME of a function without its name".into()));
            };
            find(functions, o)
                .map(|i| functions[i] = functions[i].renamed(&s.newname))
                .map_err(ReplayError::from)
        }
        N::AlterFunctionStmt(s) => (|| -> Step {
            let o = s.func.as_ref().ok_or("ALTER FUNCTION without a function")?;
            let i = find(functions, o)?;
            Ok(functions[i].alter(&s.actions)?)
        })(),
        N::AlterObjectSchemaStmt(s) if routine(s.object_type) => {
            Err("moving a function to another schema is not modelled".into())
        }
        _ => return None,
    })
}

impl From<Lookup> for ReplayError {
    fn from(l: Lookup) -> ReplayError {
        match l {
            Lookup::Missing(name) => missing("function", &name),
            other => ReplayError::NotFollowed(other.to_string()),
        }
    }
}
