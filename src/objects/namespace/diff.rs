//! The planner for schemas: created before anything that lives in them, dropped after.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::keyed::by_name;
use crate::schema::model::Schema;

/// Schemas are created before anything that lives in them and dropped after; `DROP SCHEMA`
/// without CASCADE refuses a schema that still holds objects, so it loses nothing by itself.
pub(crate) fn namespaces(from: &Schema, to: &Schema, plan: &mut Plan) {
    by_name(
        &from.schemas,
        &to.schemas,
        |n| &n.name,
        |n| {
            let sql = (super::create_schema(n), super::drop_schema(n));
            let summary = format!("schema {}", n.name);
            (
                Step::CreateSchema,
                Change::new(Kind::Schema, summary, sql.0, sql.1),
            )
        },
        |n| {
            let sql = (super::drop_schema(n), super::create_schema(n));
            let summary = format!("drop schema {}", n.name);
            (
                Step::DropSchema,
                Change::new(Kind::Schema, summary, sql.0, sql.1),
            )
        },
        plan,
    );
}
