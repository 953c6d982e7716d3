//! The planner's generator for row-level security, table by table (after renames): the
//! ENABLE/FORCE switches, and policies created, recreated when they change, dropped. Drops come
//! before functions are dropped (a policy may call one); creations after functions and tables.
//! A dropped table's policies and switches are undone first, so rolling back restores them.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::policy::{switch_sql, Policy};
use crate::schema::model::{Schema, Table};

fn what(t: &Table, p: &Policy) -> String {
    format!("policy {} on {}", p.name, t.name)
}

fn create(t: &Table, p: &Policy) -> Change {
    Change::new(
        Kind::Policy,
        what(t, p),
        p.create_sql(&t.name),
        p.drop_sql(&t.name),
    )
}

fn drop(t: &Table, p: &Policy) -> Change {
    Change::new(
        Kind::Policy,
        format!("drop {}", what(t, p)),
        p.drop_sql(&t.name),
        p.create_sql(&t.name),
    )
}

fn switch(t: &Table, was: (bool, bool), now: (bool, bool)) -> Option<Change> {
    let up = switch_sql(&t.name, was, now);
    if up.is_empty() {
        return None;
    }
    let down = switch_sql(&t.name, now, was);
    Some(Change::new(
        Kind::Policy,
        format!("row level security on {}", t.name),
        up.join("\n"),
        down.join("\n"),
    ))
}

pub(crate) fn policies(from: &Schema, to: &Schema, plan: &mut Plan) {
    let (old_tables, new_tables) = (
        crate::diff::plan::tables_by_name(from),
        crate::diff::plan::tables_by_name(to),
    );
    for t in &to.tables {
        let old = old_tables.get(t.name.as_str()).copied();
        let was = old.map_or((false, false), |o| (o.rls, o.force_rls));
        if let Some(c) = switch(t, was, (t.rls, t.force_rls)) {
            plan.push(Step::RowSecurity, c);
        }
        let old_policies: &[Policy] = old.map_or(&[], |o| &o.policies);
        for p in &t.policies {
            match old_policies.iter().find(|o| o.name == p.name) {
                None => plan.push(Step::CreatePolicy, create(t, p)),
                Some(o) if !o.same_definition(p) => {
                    plan.rebuilt.insert(format!("policy:{}.{}", t.name, p.name));
                    plan.push(Step::DropPolicy, drop(t, o));
                    plan.push(Step::CreatePolicy, create(t, p));
                }
                Some(_) => {}
            }
        }
        for o in old_policies.iter().rev() {
            if !t.policies.iter().any(|p| p.name == o.name) {
                plan.push(Step::DropPolicy, drop(t, o));
            }
        }
    }
    for t in from.tables.iter().rev() {
        if !new_tables.contains_key(t.name.as_str()) {
            for p in t.policies.iter().rev() {
                plan.push(Step::DropPolicy, drop(t, p));
            }
            if let Some(c) = switch(t, (t.rls, t.force_rls), (false, false)) {
                plan.push(Step::DropPolicy, c);
            }
        }
    }
}
