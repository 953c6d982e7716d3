//! Distribution as changes. Citus distributes a table that exists and is not yet tied by a
//! foreign key (a distributed table cannot reference a local one, nor be referenced by one), so
//! the calls come after the tables are created and before their foreign keys are added
//! (`Step::Distribute`); the reference tables first, then the distributed ones, each after the
//! table it is colocated with. The down of a new table's call is nothing (dropping the table
//! drops its shards); an existing table is taken back with `undistribute_table`, after the
//! foreign keys that tie it are dropped, and distributed again in the down.
//!
//! The settings a migration's transaction needs on a Citus cluster are written first in its
//! files by `session_settings` (below).

use super::{undistribute_sql, Distribution};
use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::schema::model::{Schema, Table};

pub(crate) fn distributions(from: &Schema, to: &Schema, plan: &mut Plan) {
    let old_of = |t: &Table| {
        from.table(&t.name)
            .or_else(|| t.renamed_from.0.as_deref().and_then(|old| from.table(old)))
    };
    // (table, its distribution, the table as it was when it existed before)
    let mut created: Vec<(&Table, &Distribution, Option<&Table>)> = Vec::new();
    // Tables that existed and whose distribution changes.
    let mut moved: Vec<&str> = Vec::new();
    for t in to.tables.iter().filter(|t| !t.external) {
        let old = old_of(t);
        let before = old.and_then(|o| o.distribution.as_ref());
        let after = t.distribution.as_ref();
        if before == after {
            continue;
        }
        if old.is_some() {
            moved.push(&t.name);
        }
        if let (Some(b), Some(o)) = (before, old) {
            plan.push(
                Step::Distribute,
                Change::new(
                    Kind::Distribution,
                    format!("table {}: no longer {}", t.name, b.describe()),
                    undistribute_keeping_comments(o, &t.name),
                    b.create_sql(&t.name),
                ),
            );
        }
        if let Some(a) = after {
            created.push((t, a, old));
        }
    }
    tie_again(from, to, &moved, plan);
    // Reference tables, then tables in Citus's default groups or groups of their own, then
    // each colocated table after the table it names.
    let mut done: Vec<&str> = Vec::new();
    let mut left = created;
    while !left.is_empty() {
        // The tables this change distributes and has not yet: one colocated with such a table
        // waits for it (one colocated with a table distributed already goes now).
        let pending: Vec<String> = left.iter().map(|(t, _, _)| t.name.clone()).collect();
        let (ready, waiting): (Vec<_>, Vec<_>) = left.into_iter().partition(|(t, d, _)| match d {
            Distribution::Hash {
                colocate_with: Some(with),
                ..
            } if with != "none" && with != &t.name => !pending.contains(with),
            _ => true,
        });
        if ready.is_empty() {
            // A cycle of colocate_with (validation reports it): written in declaration order.
            push_all(waiting, plan, &mut done);
            break;
        }
        let (reference, hash): (Vec<_>, Vec<_>) = ready
            .into_iter()
            .partition(|(_, d, _)| matches!(d, Distribution::Reference));
        push_all(reference, plan, &mut done);
        push_all(hash, plan, &mut done);
        left = waiting;
    }
}

fn push_all<'a>(
    tables: Vec<(&'a Table, &Distribution, Option<&Table>)>,
    plan: &mut Plan,
    done: &mut Vec<&'a str>,
) {
    for (t, d, old) in tables {
        let down = match old {
            Some(o) => undistribute_keeping_comments(o, &t.name),
            None => format!("-- {}: its shards go with the table", t.name),
        };
        plan.push(
            Step::Distribute,
            Change::new(
                Kind::Distribution,
                format!("table {}: {}", t.name, d.describe()),
                d.create_sql(&t.name),
                down,
            ),
        );
        done.push(&t.name);
    }
}

/// Citus distributes a table, or takes it back, only when no foreign key ties it to a table
/// placed otherwise: the foreign keys to and from a table that existed and moves are dropped
/// before the calls and added again after them (those the table planner drops or adds
/// anyway are left to it).
fn tie_again(from: &Schema, to: &Schema, moved: &[&str], plan: &mut Plan) {
    use crate::objects::table::render::{add_foreign_key, drop_foreign_key};
    if moved.is_empty() {
        return;
    }
    for t in &to.tables {
        let Some(old) = from.table(&t.name) else {
            continue;
        };
        for fk in &t.foreign_keys {
            let touches =
                moved.contains(&t.name.as_str()) || moved.contains(&fk.ref_table.as_str());
            // Unchanged by the table planner: the same key before and after.
            let kept = old
                .foreign_keys
                .iter()
                .any(|o| o.name == fk.name && crate::objects::table::same::same_fk(o, fk));
            if !touches || !kept {
                continue;
            }
            let summary = format!(
                "foreign key {} of {} (while the tables it ties are placed anew)",
                fk.name, t.name
            );
            plan.push(
                Step::DropForeignKey,
                Change::new(
                    Kind::ForeignKey,
                    format!("drop {summary}"),
                    drop_foreign_key(t, fk),
                    add_foreign_key(old, fk),
                ),
            );
            plan.push(
                Step::AddForeignKey,
                Change::new(
                    Kind::ForeignKey,
                    format!("add {summary}"),
                    add_foreign_key(t, fk),
                    drop_foreign_key(t, fk),
                ),
            );
        }
    }
}

/// `undistribute_table`, then the comments it loses. Citus rebuilds the table on the
/// coordinator without its table and column comments (seen on Citus 13.2); `old` is the table
/// as the migration found it, whose comments are in place when the call runs (in the up, before
/// the comment changes; in the down, after they are undone).
fn undistribute_keeping_comments(old: &Table, name: &str) -> String {
    use crate::objects::table::render::{comment_on_column, comment_on_table};
    let mut sql = undistribute_sql(name);
    if old.comment.is_some() {
        sql.push('\n');
        sql.push_str(&comment_on_table(name, old.comment.as_ref()));
    }
    for c in old.columns.iter().filter(|c| c.comment.is_some()) {
        sql.push('\n');
        sql.push_str(&comment_on_column(name, &c.name, c.comment.as_ref()));
    }
    sql
}

/// Citus runs DDL on a distributed table's shards over several connections per node, and then
/// refuses, in the same transaction, what needs a single one (a function created, a table
/// distributed after another): "there was a parallel operation on a distributed table in the
/// transaction". A migration's transaction on a Citus cluster therefore runs in sequential mode.
pub const SEQUENTIAL_SETTING: &str = "SET LOCAL citus.multi_shard_modify_mode TO 'sequential';";

/// The setting that lets Citus distribute a table with triggers, and create or drop a trigger
/// on a distributed table (it runs them on the shards, and calls them unsafe because it cannot
/// see what they do).
pub const TRIGGERS_SETTING: &str = "SET LOCAL citus.enable_unsafe_triggers = on;";

/// What a migration's transactions need on a Citus cluster, written first in each
/// transactional file (up and down): above the first change of each of those phases, and above
/// the down of its last change (the down runs the inverses in reverse order). Nothing when
/// neither schema distributes a table.
pub fn session_settings(
    from: &crate::schema::model::Schema,
    to: &crate::schema::model::Schema,
    changes: &mut [crate::diff::plan::Change],
) {
    use crate::diff::plan::Phase;
    if !super::project::uses_citus(from) && !super::project::uses_citus(to) {
        return;
    }
    let triggers = [from, to].iter().any(|s| {
        s.tables
            .iter()
            .any(|t| t.distribution.is_some() && !t.triggers.is_empty())
    });
    let mut settings = SEQUENTIAL_SETTING.to_string();
    if triggers {
        settings = format!("{settings}\n{TRIGGERS_SETTING}");
    }
    for phase in [Phase::Main, Phase::Validate] {
        let mut of_phase = changes.iter_mut().filter(|c| c.phase == phase);
        let Some(first) = of_phase.next() else {
            continue;
        };
        first.up = format!("{settings}\n{}", first.up);
        let last = of_phase.last().unwrap_or(first);
        last.down = format!("{settings}\n{}", last.down);
    }
}
