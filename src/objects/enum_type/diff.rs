//! Enums: created, dropped, values added (in a migration of their own), renamed or removed
//! (by rebuilding the type under its columns).

use super::sql::{self as render, EnumUse};
use crate::diff::plan::{Change, Kind, Phase, Plan, Step};
use crate::schema::model::*;
use crate::schema::types::BaseType;

/// The columns of `schema` whose type is enum `name` (or an array of it).
fn enum_uses<'s>(schema: &'s Schema, name: &str) -> Vec<EnumUse<'s>> {
    let mut uses = Vec::new();
    for t in &schema.tables {
        for c in &t.columns {
            if matches!(&c.column_type.base, BaseType::Named(e) if e == name) {
                uses.push(EnumUse {
                    table: &t.name,
                    column: &c.name,
                    array_dims: c.column_type.array_dims,
                    default: c.default.as_deref(),
                });
            }
        }
    }
    uses
}

/// Whether `small` is `big` with some values taken out, order kept.
fn is_subsequence(small: &[String], big: &[String]) -> bool {
    let mut it = big.iter();
    small.iter().all(|s| it.any(|b| b == s))
}

/// `original` is `from` before renames: the inverse of an added enum value runs once the main
/// migration is undone, renames included.
pub(crate) fn enums(original: &Schema, from: &Schema, to: &Schema, plan: &mut Plan) {
    for e in &to.enums {
        let Some(f) = from.enum_type(&e.name) else {
            plan.push(
                Step::CreateEnum,
                Change::new(
                    Kind::Enum,
                    format!("enum {}", e.name),
                    render::create_enum(e),
                    render::drop_enum(e),
                ),
            );
            continue;
        };
        if f.values != e.values {
            if is_subsequence(&f.values, &e.values) {
                // Only additions: ALTER TYPE ... ADD VALUE, in a migration of its own. Each
                // addition's inverse rebuilds the type as it was just before it.
                let mut current = f.values.clone();
                for (i, v) in e.values.iter().enumerate() {
                    if f.values.contains(v) {
                        continue;
                    }
                    // Left to right, so the previous value always exists by now (old, or
                    // added just before); the first value goes before the first old one.
                    let after = i.checked_sub(1).map(|p| e.values[p].as_str());
                    let before = f.values.first().map(String::as_str);
                    let previous = current.clone();
                    let at = after
                        .and_then(|a| current.iter().position(|x| x == a))
                        .map_or(0, |p| p + 1);
                    current.insert(at, v.clone());
                    // Its inverse runs after the main migration's, when the columns are
                    // back as they were before it.
                    // (With the views over those columns dropped around it: PostgreSQL
                    // will not retype a column a view reads.)
                    let uses = enum_uses(original, &e.name);
                    let columns: Vec<(&str, &str)> =
                        uses.iter().map(|u| (u.table, u.column)).collect();
                    plan.push(
                        Step::CreateEnum,
                        Change::new(
                            Kind::Enum,
                            format!("enum {}: add value {v}", e.name),
                            render::add_enum_value(&e.name, v, before, after),
                            crate::objects::view::diff::around(
                                original,
                                &columns,
                                render::rebuild_enum(&e.name, &previous, &uses),
                            ),
                        )
                        .down_losing(format!(
                            "removes value {v} from enum {} (fails if a row holds it)",
                            e.name
                        ))
                        .in_phase(Phase::EnumValues),
                    );
                }
            } else {
                let removed: Vec<&String> =
                    f.values.iter().filter(|v| !e.values.contains(v)).collect();
                let uses = enum_uses(to, &e.name);
                // Rebuilt after the views are created, and undone before they are dropped:
                // the views over its columns are `to`'s both ways.
                let columns: Vec<(&str, &str)> = uses.iter().map(|u| (u.table, u.column)).collect();
                let around = |sql| crate::objects::view::diff::around(to, &columns, sql);
                let mut change = Change::new(
                    Kind::Enum,
                    format!("enum {}: values {:?} → {:?}", e.name, f.values, e.values),
                    around(render::rebuild_enum(&e.name, &e.values, &uses)),
                    around(render::rebuild_enum(&e.name, &f.values, &uses)),
                );
                let added: Vec<&str> = e
                    .values
                    .iter()
                    .filter(|v| !f.values.contains(v))
                    .map(String::as_str)
                    .collect();
                if !added.is_empty() {
                    change = change.down_losing(format!(
                        "removes value(s) {} from enum {} (fails if a row holds one)",
                        added.join(", "),
                        e.name
                    ));
                }
                if !removed.is_empty() {
                    let list: Vec<&str> = removed.iter().map(|s| s.as_str()).collect();
                    change = change.losing(format!(
                        "removes value(s) {} from enum {} (fails if a row still holds one)",
                        list.join(", "),
                        e.name
                    ));
                }
                plan.push(Step::RebuildEnum, change);
            }
        }
        if f.comment != e.comment {
            plan.push(
                Step::CreateEnum,
                Change::new(
                    Kind::Comment,
                    format!("comment on enum {}", e.name),
                    render::comment_on_type(&e.name, e.comment.as_ref()),
                    render::comment_on_type(&e.name, f.comment.as_ref()),
                ),
            );
        }
    }
    for f in from.enums.iter().rev() {
        if to.enum_type(&f.name).is_none() {
            plan.push(
                Step::DropEnum,
                Change::new(
                    Kind::Enum,
                    format!("drop enum {}", f.name),
                    render::drop_enum(f),
                    render::create_enum(f),
                )
                .losing(format!("drops type {}", f.name)),
            );
        }
    }
}
