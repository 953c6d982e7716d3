//! Raw SQL objects (see `objects::raw`): created after everything the model creates, removed
//! before anything is dropped — or, `early`, with the functions (an aggregate a view uses) —
//! and replaced (removed, then created) when their SQL changed.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::keyed::keyed_diff;
use crate::objects::raw::RawSql;
use crate::schema::model::Schema;

pub(crate) fn raw(from: &Schema, to: &Schema, plan: &mut Plan) {
    let (added, changed, removed) = keyed_diff(&from.raw, &to.raw, |r| r.name.clone());
    // An early one sits among the functions: after the views and triggers that may use it
    // are dropped, before they are created.
    let dropped = |r: &RawSql| {
        if r.early {
            Step::DropRawEarly
        } else {
            Step::DropRaw
        }
    };
    let created = |r: &RawSql| {
        if r.early {
            Step::CreateRawEarly
        } else {
            Step::CreateRaw
        }
    };
    for r in removed {
        plan.push(dropped(r), drop(r));
    }
    for (was, now) in changed {
        plan.push(dropped(was), drop(was));
        plan.push(created(now), create(now));
    }
    for r in added {
        plan.push(created(r), create(r));
    }
}

fn create(r: &RawSql) -> Change {
    Change::new(
        Kind::Raw,
        format!("raw {}", r.name),
        r.create_block(),
        r.drop_block(),
    )
}

fn drop(r: &RawSql) -> Change {
    Change::new(
        Kind::Raw,
        format!("drop raw {}", r.name),
        r.drop_block(),
        r.create_block(),
    )
}
