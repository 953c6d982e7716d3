//! Composite types replayed onto the model: CREATE TYPE ... AS (...), ALTER TYPE (attributes),
//! RENAME and DROP TYPE. DROP TYPE and ALTER TYPE ... RENAME of an enum are the enum's: a
//! statement is claimed here only when every type it names is a composite one.

use pg_query::protobuf::{node::Node as N, ObjectType};

use super::Composite;
use crate::objects::replaying::{drop_names, missing, Replayer, Step};

fn is_type(t: i32) -> bool {
    ObjectType::try_from(t) == Ok(ObjectType::ObjectType)
}

/// Replays `node` when it is a statement about composite types; `None` otherwise.
pub fn replay(r: &mut Replayer, node: &N) -> Option<Step> {
    match node {
        N::CompositeTypeStmt(s) => Some((|| -> Step {
            let c = Composite::from_statement(s, r.origin.clone())?;
            r.type_name_is_free(&c.name)?;
            r.schema.composites.push(c);
            Ok(())
        })()),
        N::AlterTableStmt(s) if is_type(s.objtype) => {
            Some(r.relation_name(s.relation.as_ref()).and_then(|name| {
                r.schema
                    .composites
                    .iter_mut()
                    .find(|c| c.name == name)
                    .ok_or_else(|| missing("composite type", &name))?
                    .alter(&s.cmds)
                    .map_err(Into::into)
            }))
        }
        N::DropStmt(s) if is_type(s.remove_type) => {
            let names = drop_names(s);
            let all_composite = !names.is_empty()
                && names.iter().all(|n| {
                    r.model_name(n)
                        .is_ok_and(|name| r.schema.composites.iter().any(|c| c.name == name))
                });
            all_composite.then(|| -> Step {
                names.iter().try_for_each(|n| {
                    let name = r.model_name(n)?;
                    r.refuse_if_used(&name)?;
                    r.schema.composites.retain(|c| c.name != name);
                    Ok(())
                })
            })
        }
        N::RenameStmt(s) if is_type(s.rename_type) => {
            // Not a composite type's (an enum's): the enum replay's.
            let (old, new) = r.renaming(s).ok()?;
            let i = r.schema.composites.iter().position(|c| c.name == old)?;
            Some(r.type_name_is_free(&new).map(|_| {
                r.schema.composites[i].name = new.clone();
                crate::objects::table::follow_type_rename(&mut r.schema.tables, &old, &new);
            }))
        }
        _ => None,
    }
}
