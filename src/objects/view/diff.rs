//! The planner's generator for views: created after everything they may read, dropped before
//! it; a changed view is dropped and created again (CREATE OR REPLACE cannot drop or retype a
//! column); and a view over a column that changes type, is dropped or renamed — or over a view
//! rebuilt for that reason — is dropped before the change and created again after it, in both
//! directions, since PostgreSQL refuses to alter a column a view reads.

use std::collections::HashSet;

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::keyed::keyed_diff;
use crate::objects::view::{in_dependency_order, View};
use crate::schema::model::Schema;

/// The view, the indexes of a materialized view, and the triggers on it.
fn create_sql(v: &View) -> String {
    let mut sql = v.create_sql();
    for (_, index) in &v.indexes {
        sql.push_str(&format!("\n{index};"));
    }
    for t in &v.triggers {
        sql.push_str(&format!("\n{}", t.create_sql(&v.name)));
    }
    sql
}

/// Triggers added to, changed on or dropped from a view that stays.
fn triggers(old: &View, new: &View, plan: &mut Plan) {
    for t in &old.triggers {
        if !new.triggers.iter().any(|n| n.name == t.name && n == t) {
            plan.push(
                Step::DropView,
                Change::new(
                    Kind::Trigger,
                    format!("drop trigger {} on {}", t.name, old.name),
                    t.drop_sql(&old.name),
                    t.create_sql(&old.name),
                ),
            );
        }
    }
    for t in &new.triggers {
        if !old.triggers.iter().any(|o| o.name == t.name && o == t) {
            if old.triggers.iter().any(|o| o.name == t.name) {
                plan.rebuilt
                    .insert(format!("trigger:{}.{}", new.name, t.name));
            }
            plan.push(
                Step::CreateView,
                Change::new(
                    Kind::Trigger,
                    format!("trigger {} on {}", t.name, new.name),
                    t.create_sql(&new.name),
                    t.drop_sql(&new.name),
                ),
            );
        }
    }
}

fn create(v: &View) -> Change {
    Change::new(
        Kind::View,
        format!("{} {}", v.keyword().to_lowercase(), v.name),
        create_sql(v),
        v.drop_sql(),
    )
}

fn drop(v: &View, why: &str) -> Change {
    Change::new(
        Kind::View,
        format!("drop {} {}{why}", v.keyword().to_lowercase(), v.name),
        v.drop_sql(),
        create_sql(v),
    )
}

/// Indexes added to or dropped from a materialized view that stays.
fn indexes(old: &View, new: &View, plan: &mut Plan) {
    for (name, index) in &old.indexes {
        if !new.indexes.iter().any(|(n, i)| n == name && i == index) {
            plan.push(
                Step::DropView,
                Change::new(
                    Kind::Index,
                    format!("drop index {name} of {}", old.name),
                    old.index_drop_sql(name),
                    format!("{index};"),
                ),
            );
        }
    }
    for (name, index) in &new.indexes {
        if !old.indexes.iter().any(|(n, i)| n == name && i == index) {
            plan.push(
                Step::CreateView,
                Change::new(
                    Kind::Index,
                    format!("index {name} on {}", new.name),
                    format!("{index};"),
                    new.index_drop_sql(name),
                ),
            );
        }
    }
}

pub(crate) fn views(from: &Schema, to: &Schema, plan: &mut Plan) {
    if from.views.is_empty() && to.views.is_empty() {
        return; // (what follows looks at every table's columns)
    }
    let old_tables = crate::diff::plan::tables_by_name(from);
    // Columns that change in a way no view may stay over (dropped, or of another type): only
    // the views that read one are rebuilt, not every view of the table.
    let shaken: Vec<(&str, &str)> = to
        .tables
        .iter()
        .filter_map(|t| old_tables.get(t.name.as_str()).map(|o| (t, o)))
        .flat_map(|(t, o)| {
            o.columns
                .iter()
                .filter(|c| {
                    t.column(&c.name)
                        .is_none_or(|n| n.column_type.storage() != c.column_type.storage())
                })
                .map(|c| (t.name.as_str(), c.name.as_str()))
        })
        .collect();
    let (added, changed, removed) = keyed_diff(&from.views, &to.views, |v| v.name.clone());
    // Unchanged views over a shaken table or over a view dropped here (changed or rebuilt),
    // transitively: PostgreSQL will not drop a view another one reads.
    let replaced: HashSet<&str> = changed.iter().map(|(old, _)| old.name.as_str()).collect();
    let mut rebuilt: HashSet<&str> = HashSet::new();
    loop {
        let before = rebuilt.len();
        for v in &from.views {
            let unchanged = to.views.iter().any(|n| n == v);
            let over = shaken
                .iter()
                .any(|(t, c)| super::columns::may_read(v, t, c))
                || v.reads.iter().any(|r| {
                    let r = r.as_str();
                    rebuilt.contains(r) || replaced.contains(r)
                });
            if unchanged && over {
                rebuilt.insert(v.name.as_str());
            }
        }
        if rebuilt.len() == before {
            break;
        }
    }
    let mut dropped: Vec<(&View, &str)> = Vec::new();
    dropped.extend(removed.iter().map(|v| (*v, "")));
    dropped.extend(
        changed
            .iter()
            .map(|(old, _)| (*old, " (its query changes)")),
    );
    dropped.extend(
        from.views
            .iter()
            .filter(|v| rebuilt.contains(v.name.as_str()))
            .map(|v| (v, " (a column under it changes; created again after)")),
    );
    let order = in_dependency_order(&dropped.iter().map(|(v, _)| *v).collect::<Vec<_>>());
    for v in order.into_iter().rev() {
        let why = dropped
            .iter()
            .find(|(d, _)| d.name == v.name)
            .map_or("", |(_, w)| w);
        plan.push(Step::DropView, drop(v, why));
    }
    let mut created: Vec<&View> = Vec::new();
    created.extend(added);
    created.extend(changed.iter().map(|(_, new)| *new));
    created.extend(
        to.views
            .iter()
            .filter(|v| rebuilt.contains(v.name.as_str())),
    );
    for v in in_dependency_order(&created) {
        plan.push(Step::CreateView, create(v));
    }
    for v in &to.views {
        if let Some(old) = from.views.iter().find(|o| o.name == v.name) {
            if old == v && !rebuilt.contains(v.name.as_str()) {
                indexes(old, v, plan);
                triggers(old, v, plan);
            }
        }
    }
    for (v, _) in &dropped {
        if to.views.iter().any(|n| n.name == v.name) {
            plan.rebuilt.insert(format!("view:{}", v.name));
            for t in &v.triggers {
                plan.rebuilt
                    .insert(format!("trigger:{}.{}", v.name, t.name));
            }
        }
    }
}

/// `sql` (a change to columns, such as rebuilding an enum under them) with the views of
/// `schema` that may read one of `columns` — and the views over those — dropped before and
/// created again after, with their grants and comments: PostgreSQL refuses to alter the type
/// of a column a view reads. Unchanged when no view reads them.
pub(crate) fn around(schema: &Schema, columns: &[(&str, &str)], sql: String) -> String {
    let mut over: Vec<&View> = schema
        .views
        .iter()
        .filter(|v| {
            columns
                .iter()
                .any(|(t, c)| super::columns::may_read(v, t, c))
        })
        .collect();
    loop {
        let more: Vec<&View> = schema
            .views
            .iter()
            .filter(|v| !over.iter().any(|o| o.name == v.name))
            .filter(|v| v.reads.iter().any(|r| over.iter().any(|o| &o.name == r)))
            .collect();
        if more.is_empty() {
            break;
        }
        over.extend(more);
    }
    if over.is_empty() {
        return sql;
    }
    let order = in_dependency_order(&over);
    let mut out: Vec<String> = order.iter().rev().map(|v| v.drop_sql()).collect();
    out.push(sql);
    for v in &order {
        out.push(create_sql(v));
        let mut ids = vec![format!("view:{}", v.name)];
        ids.extend(
            v.triggers
                .iter()
                .map(|t| format!("trigger:{}.{}", v.name, t.name)),
        );
        out.extend(crate::diff::annotations::restore_sql(schema, &ids));
    }
    out.join("\n")
}
