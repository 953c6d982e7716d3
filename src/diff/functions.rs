//! The planner's generator for functions and procedures: created, replaced (`CREATE OR
//! REPLACE` when PostgreSQL allows it, else dropped and created again), dropped — each with its
//! exact inverse. Drops come before tables are dropped (a function may return a table's rows);
//! creations after tables and columns exist, before the constraints that may call them.

use super::{Change, Kind, Plan, Step};
use crate::objects::function::Function;
use crate::objects::keyed_diff;
use crate::schema::model::Schema;

fn what(f: &Function) -> String {
    format!(
        "{} {}",
        if f.procedure { "procedure" } else { "function" },
        f.identity()
    )
}

pub(super) fn functions(from: &Schema, to: &Schema, plan: &mut Plan) {
    let (added, changed, removed) = keyed_diff(&from.functions, &to.functions, Function::identity);
    for f in added {
        plan.push(
            Step::CreateFunction,
            Change::new(Kind::Function, what(f), f.create_sql(), f.drop_sql()),
        );
    }
    for (old, new) in changed {
        if old.replaceable_by(new) {
            plan.push(
                Step::CreateFunction,
                Change::new(
                    Kind::Function,
                    format!("replace {}", what(new)),
                    new.replace_sql(),
                    old.replace_sql(),
                ),
            );
        } else {
            plan.rebuilt.insert(format!("function:{}", new.identity()));
            plan.push(
                Step::DropFunction,
                Change::new(
                    Kind::Function,
                    format!("drop {} (its parameters or return type change)", what(old)),
                    old.drop_sql(),
                    old.create_sql(),
                ),
            );
            plan.push(
                Step::CreateFunction,
                Change::new(Kind::Function, what(new), new.create_sql(), new.drop_sql()),
            );
        }
    }
    for f in removed.into_iter().rev() {
        plan.push(
            Step::DropFunction,
            Change::new(
                Kind::Function,
                format!("drop {}", what(f)),
                f.drop_sql(),
                f.create_sql(),
            ),
        );
    }
}
