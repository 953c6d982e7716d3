//! The planner's generator for functions and procedures: created, replaced (`CREATE OR
//! REPLACE` when PostgreSQL allows it, else dropped and created again), dropped — each with its
//! exact inverse. Drops come before tables are dropped (a function may return a table's rows);
//! creations after tables and columns exist, before the constraints that may call them — except
//! for the functions a column default or a domain calls, which must exist before the table or
//! domain is created, and go only once it is gone.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::function::Function;
use crate::objects::keyed::keyed_diff;
use crate::schema::model::Schema;

fn what(f: &Function) -> String {
    format!(
        "{} {}",
        if f.procedure { "procedure" } else { "function" },
        f.identity()
    )
}

/// Whether a column default, a check or a domain of `schema` calls the function named `name`
/// (read from the expressions' text: `name(` or `schema.name(`).
fn called_by_defaults(schema: &Schema, name: &str) -> bool {
    let local = crate::schema::model::local_name(name);
    let calls = |expr: &str| {
        let e = expr.to_lowercase();
        e.contains(&format!("{}(", name.to_lowercase()))
            || (local == name && e.contains(&format!("{}(", local.to_lowercase())))
    };
    schema.tables.iter().any(|t| {
        t.columns
            .iter()
            .any(|c| c.default.as_deref().is_some_and(calls))
            || t.checks.iter().any(|c| calls(&c.expression))
    }) || schema.domains.iter().any(|d| {
        d.default.as_deref().is_some_and(calls) || d.checks.iter().any(|c| calls(&c.expression))
    })
}

pub(crate) fn functions(from: &Schema, to: &Schema, plan: &mut Plan) {
    // Functions that defaults call are created early and dropped late.
    let early = |f: &Function| called_by_defaults(to, &f.name) || called_by_defaults(from, &f.name);
    let create_step = |f: &Function| {
        if early(f) {
            Step::CreateEarlyFunction
        } else {
            Step::CreateFunction
        }
    };
    let drop_step = |f: &Function| {
        if early(f) {
            Step::DropLateFunction
        } else {
            Step::DropFunction
        }
    };
    let (added, changed, removed) = keyed_diff(&from.functions, &to.functions, Function::identity);
    for f in added {
        plan.push(
            create_step(f),
            Change::new(Kind::Function, what(f), f.create_sql(), f.drop_sql()),
        );
    }
    for (old, new) in changed {
        if old.replaceable_by(new) {
            plan.push(
                create_step(new),
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
                drop_step(old),
                Change::new(
                    Kind::Function,
                    format!("drop {} (its parameters or return type change)", what(old)),
                    old.drop_sql(),
                    old.create_sql(),
                ),
            );
            plan.push(
                create_step(new),
                Change::new(Kind::Function, what(new), new.create_sql(), new.drop_sql()),
            );
        }
    }
    for f in removed.into_iter().rev() {
        plan.push(
            drop_step(f),
            Change::new(
                Kind::Function,
                format!("drop {}", what(f)),
                f.drop_sql(),
                f.create_sql(),
            ),
        );
    }
}
