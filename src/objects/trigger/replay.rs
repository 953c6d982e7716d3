//! Triggers replayed onto the model: CREATE [OR REPLACE], RENAME and DROP TRIGGER, on a table
//! (of the history or the platform's) or on a view (INSTEAD OF).

use pg_query::protobuf::{self, node::Node as N, ObjectType};

use super::{table_and_name, Trigger};
use crate::objects::replaying::{named_mut, twice_on, ReplayError, Replayer, Step};
use crate::schema::model::Table;
use crate::sql::normal::{loose_name, strings};

fn is_trigger(t: i32) -> bool {
    ObjectType::try_from(t) == Ok(ObjectType::ObjectTrigger)
}

/// Replays `node` when it is a statement about triggers; `None` otherwise.
pub fn replay(r: &mut Replayer, node: &N) -> Option<Step> {
    Some(match node {
        N::CreateTrigStmt(s) => create(r, s),
        N::DropStmt(s) if is_trigger(s.remove_type) => drop(r, s),
        N::RenameStmt(s) if is_trigger(s.rename_type) => rename(r, s),
        _ => return None,
    })
}

/// The trigger `name` of `table`.
pub fn trigger_mut<'t>(table: &'t mut Table, name: &str) -> Result<&'t mut Trigger, ReplayError> {
    named_mut(
        &mut table.triggers,
        |t| &t.name,
        name,
        "trigger",
        &table.name,
    )
}

fn rename(r: &mut Replayer, s: &protobuf::RenameStmt) -> Step {
    let table = r.relation_name(s.relation.as_ref())?;
    // On a view (INSTEAD OF) or on a table.
    let triggers = match r.schema.views.iter().position(|v| v.name == table) {
        Some(i) => &mut r.schema.views[i].triggers,
        None => &mut r.table_mut(&table)?.triggers,
    };
    named_mut(triggers, |t| &t.name, &s.subname, "trigger", &table)?.name = s.newname.clone();
    Ok(())
}

fn create(r: &mut Replayer, s: &protobuf::CreateTrigStmt) -> Step {
    let table_name = r.table_name_or_platform(s.relation.as_ref())?;
    let trigger = Trigger::from_statement(s, r.origin.clone())?;
    if let Some(v) = r.schema.views.iter_mut().find(|v| v.name == table_name) {
        return match v.triggers.iter().position(|t| t.name == trigger.name) {
            Some(i) if s.replace => {
                v.triggers[i] = trigger;
                Ok(())
            }
            Some(_) => Err(twice_on("trigger", trigger.name, &table_name)),
            None => {
                v.triggers.push(trigger);
                Ok(())
            }
        };
    }
    let table = r.table_or_platform_mut(&table_name)?;
    match table.triggers.iter().position(|t| t.name == trigger.name) {
        Some(i) if s.replace => {
            let comment = table.triggers[i].comment.take();
            table.triggers[i] = Trigger { comment, ..trigger };
        }
        Some(_) => return Err(twice_on("trigger", trigger.name, &table_name)),
        None => table.triggers.push(trigger),
    }
    Ok(())
}

fn drop(r: &mut Replayer, s: &protobuf::DropStmt) -> Step {
    // Triggers on views first: `[schema.]view, trigger`.
    let mut rest = s.clone();
    rest.objects.retain(|object| {
        let Some(N::List(l)) = object.node.as_ref() else {
            return true;
        };
        let Some((relation, name)) = table_and_name(&strings(&l.items)) else {
            return true;
        };
        let relation = loose_name(&relation);
        match r.schema.views.iter_mut().find(|v| v.name == relation) {
            Some(v) => {
                v.triggers.retain(|t| t.name != name);
                false
            }
            None => true,
        }
    });
    r.drop_table_objects(&rest, "trigger", |t, name| {
        let before = t.triggers.len();
        t.triggers.retain(|x| x.name != name);
        t.triggers.len() != before
    })
}
