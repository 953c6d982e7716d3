//! The planner's generator for triggers, table by table (after renames, so a renamed table
//! keeps its triggers): created, dropped, recreated when their definition changes, enabled or
//! disabled in place. Drops come before functions are dropped; creations after functions and
//! tables exist.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::trigger::Trigger;
use crate::schema::model::{Schema, Table};

fn what(t: &Table, tr: &Trigger) -> String {
    format!("trigger {} on {}", tr.name, t.name)
}

fn create(t: &Table, tr: &Trigger) -> Change {
    Change::new(
        Kind::Trigger,
        what(t, tr),
        tr.create_sql(&t.name),
        tr.drop_sql(&t.name),
    )
}

fn drop(t: &Table, tr: &Trigger) -> Change {
    Change::new(
        Kind::Trigger,
        format!("drop {}", what(t, tr)),
        tr.drop_sql(&t.name),
        tr.create_sql(&t.name),
    )
}

pub(crate) fn triggers(from: &Schema, to: &Schema, plan: &mut Plan) {
    let (old_tables, new_tables) = (
        crate::diff::plan::tables_by_name(from),
        crate::diff::plan::tables_by_name(to),
    );
    for t in &to.tables {
        let old: &[Trigger] = old_tables.get(t.name.as_str()).map_or(&[], |o| &o.triggers);
        for tr in &t.triggers {
            match old.iter().find(|o| o.name == tr.name) {
                None => plan.push(Step::CreateTrigger, create(t, tr)),
                Some(o) if !o.same_definition(tr) => {
                    plan.rebuilt
                        .insert(format!("trigger:{}.{}", t.name, tr.name));
                    plan.push(Step::DropTrigger, drop(t, o));
                    plan.push(Step::CreateTrigger, create(t, tr));
                }
                Some(o) if o.enabled != tr.enabled => plan.push(
                    Step::CreateTrigger,
                    Change::new(
                        Kind::Trigger,
                        format!(
                            "{} {}",
                            if tr.enabled { "enable" } else { "disable" },
                            what(t, tr)
                        ),
                        tr.enable_sql(&t.name, tr.enabled),
                        tr.enable_sql(&t.name, o.enabled),
                    ),
                ),
                Some(_) => {}
            }
        }
        for o in old.iter().rev() {
            if !t.triggers.iter().any(|tr| tr.name == o.name) {
                plan.push(Step::DropTrigger, drop(t, o));
            }
        }
    }
    // A dropped table's triggers are dropped first, so rolling back recreates them after it.
    for t in from.tables.iter().rev() {
        if !new_tables.contains_key(t.name.as_str()) {
            for tr in t.triggers.iter().rev() {
                plan.push(Step::DropTrigger, drop(t, tr));
            }
        }
    }
}
