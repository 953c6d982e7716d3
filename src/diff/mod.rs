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
pub(crate) mod lossy;
pub mod options;
pub mod plan;
mod renames;

use crate::schema::model::*;
use crate::sql::render;

use options::same_expr;
pub use options::Options;
use plan::{table_positions, tables_by_name, Plan, Step};
pub use plan::{Change, Kind, Phase};

/// The changes that build `schema` from an empty database.
pub fn create_all(schema: &Schema) -> Vec<Change> {
    diff(&Schema::default(), schema, Options::default())
}

pub fn diff(from: &Schema, to: &Schema, options: Options) -> Vec<Change> {
    let mut plan = Plan::default();
    let original = from;
    let from = renames::apply_renames(from, to, &mut plan);
    crate::objects::enum_type::diff::enums(original, &from, to, &mut plan);
    // Platform tables are not the project's to create, alter or drop.
    if from.tables.iter().chain(&to.tables).any(|t| t.external) {
        let own = |s: &Schema| {
            let mut own = s.clone();
            own.tables.retain(|t| !t.external);
            own
        };
        crate::objects::table::diff::tables(&own(&from), &own(to), options, &mut plan);
    } else {
        crate::objects::table::diff::tables(&from, to, options, &mut plan);
    }
    crate::objects::table::online::backfills(&from, to, &mut plan);
    for kind in crate::objects::registry::KINDS {
        (kind.diff)(&from, to, &mut plan);
    }
    annotations::annotations(&from, to, &mut plan);
    // A stable sort keeps each step's changes in the order they were planned.
    plan.steps.sort_by_key(|(step, c)| (c.phase, *step));
    let mut changes: Vec<Change> = plan.steps.into_iter().map(|(_, c)| c).collect();
    crate::objects::distribution::diff::session_settings(&from, to, &mut changes);
    changes
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
