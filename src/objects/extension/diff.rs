//! The planner for extensions: created early, dropped late, moved with `SET SCHEMA`.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::keyed::by_name;
use crate::schema::model::Schema;

pub(crate) fn extensions(from: &Schema, to: &Schema, plan: &mut Plan) {
    by_name(
        &from.extensions,
        &to.extensions,
        |e| &e.name,
        |e| {
            let sql = (super::create_extension(e), super::drop_extension(e));
            let summary = format!("extension {}", e.name);
            (
                Step::CreateExtension,
                Change::new(Kind::Extension, summary, sql.0, sql.1),
            )
        },
        |e| {
            let sql = (super::drop_extension(e), super::create_extension(e));
            let summary = format!("drop extension {}", e.name);
            let loses = format!("drops extension {} and anything of it still in use", e.name);
            let change = Change::new(Kind::Extension, summary, sql.0, sql.1).losing(loses);
            (Step::DropExtension, change)
        },
        plan,
    );
    for e in &to.extensions {
        let Some(before) = from.extensions.iter().find(|f| f.name == e.name) else {
            continue;
        };
        if before.schema != e.schema {
            plan.push(
                Step::CreateExtension,
                Change::new(
                    Kind::Extension,
                    format!("extension {}: schema", e.name),
                    super::set_extension_schema(&e.name, e.schema.as_deref()),
                    super::set_extension_schema(&e.name, before.schema.as_deref()),
                ),
            );
        }
    }
}
