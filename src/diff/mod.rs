//! Schema × Schema → ordered changes, each carrying its exact inverse.
//!
//! `diff(from, to)` first applies the renames `to` declares (`renamed_from`, enum `renamed`),
//! and renames indexes and constraints whose definition is unchanged but whose name is not (a
//! renamed table renames its derived index names). Then every remaining difference becomes a
//! `Change`, in an order where each statement's dependencies already exist: creations of
//! extensions and types first, drops of foreign keys and indexes before their tables and
//! columns, foreign keys and indexes after everything they point at. The down script is the
//! inverses in reverse order, so it undoes the up script step by step.

pub(crate) mod annotations;
pub mod casts;
mod enums;
mod lossy;
mod online;
pub mod options;
pub mod plan;
mod renames;
mod tables;

use crate::schema::model::*;
use crate::schema::types::BaseType;
use crate::sql::render::{self, EnumUse};

use plan::{table_positions, tables_by_name, Plan, Step};
pub use options::Options;
use options::{same_expr, same_opt_expr};
pub use plan::{Change, Kind, Phase};

/// The changes that build `schema` from an empty database.
pub fn create_all(schema: &Schema) -> Vec<Change> {
    diff(&Schema::default(), schema, Options::default())
}

pub fn diff(from: &Schema, to: &Schema, options: Options) -> Vec<Change> {
    let mut plan = Plan::default();
    let original = from;
    let from = renames::apply_renames(from, to, &mut plan);
    namespaces(&from, to, &mut plan);
    extensions(&from, to, &mut plan);
    enums::enums(original, &from, to, &mut plan);
    // Platform tables are not the project's to create, alter or drop.
    if from.tables.iter().chain(&to.tables).any(|t| t.external) {
        let own = |s: &Schema| {
            let mut own = s.clone();
            own.tables.retain(|t| !t.external);
            own
        };
        tables::tables(&own(&from), &own(to), options, &mut plan);
    } else {
        tables::tables(&from, to, options, &mut plan);
    }
    online::backfills(&from, to, &mut plan);
    for kind in crate::objects::registry::KINDS {
        (kind.diff)(&from, to, &mut plan);
    }
    annotations::annotations(&from, to, &mut plan);
    // A stable sort keeps each step's changes in the order they were planned.
    plan.steps.sort_by_key(|(step, c)| (c.phase, *step));
    plan.steps.into_iter().map(|(_, c)| c).collect()
}

/// Objects known by name alone (schemas, extensions): those only in `to` are created, in
/// order; those only in `from` dropped, last first.
fn by_name<T>(
    from: &[T],
    to: &[T],
    name: fn(&T) -> &str,
    create: impl Fn(&T) -> (Step, Change),
    drop: impl Fn(&T) -> (Step, Change),
    plan: &mut Plan,
) {
    for x in to {
        if !from.iter().any(|f| name(f) == name(x)) {
            let (step, change) = create(x);
            plan.push(step, change);
        }
    }
    for x in from.iter().rev() {
        if !to.iter().any(|t| name(t) == name(x)) {
            let (step, change) = drop(x);
            plan.push(step, change);
        }
    }
}

/// Schemas are created before anything that lives in them and dropped after; `DROP SCHEMA`
/// without CASCADE refuses a schema that still holds objects, so it loses nothing by itself.
fn namespaces(from: &Schema, to: &Schema, plan: &mut Plan) {
    by_name(
        &from.schemas,
        &to.schemas,
        |n| &n.name,
        |n| {
            let sql = (render::create_schema(n), render::drop_schema(n));
            let summary = format!("schema {}", n.name);
            (
                Step::CreateSchema,
                Change::new(Kind::Schema, summary, sql.0, sql.1),
            )
        },
        |n| {
            let sql = (render::drop_schema(n), render::create_schema(n));
            let summary = format!("drop schema {}", n.name);
            (
                Step::DropSchema,
                Change::new(Kind::Schema, summary, sql.0, sql.1),
            )
        },
        plan,
    );
}

fn extensions(from: &Schema, to: &Schema, plan: &mut Plan) {
    by_name(
        &from.extensions,
        &to.extensions,
        |e| &e.name,
        |e| {
            let sql = (render::create_extension(e), render::drop_extension(e));
            let summary = format!("extension {}", e.name);
            (
                Step::CreateExtension,
                Change::new(Kind::Extension, summary, sql.0, sql.1),
            )
        },
        |e| {
            let sql = (render::drop_extension(e), render::create_extension(e));
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
                    render::set_extension_schema(&e.name, e.schema.as_deref()),
                    render::set_extension_schema(&e.name, before.schema.as_deref()),
                ),
            );
        }
    }
}

/// The SQL the pending `changes` need, as the next migration would hold it: each change's
/// summary as a comment, then its statements (the up side only).
pub fn pending_sql(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| format!("-- {}\n{}\n", c.summary, c.up.trim_end()))
        .collect::<Vec<_>>()
        .join("")
}

/// A unified diff of the two schemas' DDL (`-` what `from` has, `+` what `to` has), coloured
/// for a terminal when asked.
pub fn readable(from: &Schema, to: &Schema, colour: bool) -> String {
    let before = render::schema_ddl(from);
    let after = render::schema_ddl(to);
    let text = similar::TextDiff::from_lines(&before, &after);
    let mut out = String::new();
    for hunk in text.unified_diff().context_radius(2).iter_hunks() {
        out.push_str(&format!("{}\n", hunk.header()));
        for change in hunk.iter_changes() {
            let (sign, style) = match change.tag() {
                similar::ChangeTag::Delete => ("-", Some(crate::colour::RED)),
                similar::ChangeTag::Insert => ("+", Some(crate::colour::GREEN)),
                similar::ChangeTag::Equal => (" ", None),
            };
            let line = change.to_string_lossy();
            let line = format!("{sign}{}", line.trim_end_matches('\n'));
            match style {
                Some(style) => out.push_str(&crate::colour::paint(&line, style, colour)),
                None => out.push_str(&line),
            }
            out.push('\n');
        }
    }
    out
}

/// Whether two schemas describe the same database (names, types, constraints, with
/// expressions compared in PostgreSQL's canonical form; column order does not matter, as
/// PostgreSQL appends added columns).
pub fn equivalent(a: &Schema, b: &Schema) -> bool {
    diff(a, b, Options::default()).is_empty()
}
