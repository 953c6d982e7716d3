//! Tables, their columns, constraints, foreign keys and indexes.

use super::renames::{same_fk, same_index, same_unique};
use super::*;

pub(super) fn tables(from: &Schema, to: &Schema, options: Options, plan: &mut Plan) {
    let from_tables: HashMap<&str, &Table> =
        from.tables.iter().map(|t| (t.name.as_str(), t)).collect();
    // Creations, in `to` order; their foreign keys and indexes come after all tables.
    for t in &to.tables {
        if !from_tables.contains_key(t.name.as_str()) {
            plan.push(
                Step::CreateTable,
                Change::new(
                    Kind::Table,
                    format!("table {}", t.name),
                    render::create_table(t),
                    render::drop_table(t),
                )
                .down_losing(format!("drops table {} and every row in it", t.name)),
            );
        }
    }
    for t in &to.tables {
        let old = from_tables.get(t.name.as_str()).copied();
        for fk in &t.foreign_keys {
            if !old.is_some_and(|o| {
                o.foreign_keys
                    .iter()
                    .any(|x| x.name == fk.name && same_fk(x, fk))
            }) {
                plan.push(Step::AddForeignKey, add_fk(t, fk));
            }
        }
    }
    for t in &to.tables {
        let old = from_tables.get(t.name.as_str()).copied();
        for u in t.uniques.iter().filter(|u| u.is_index()) {
            if !old.is_some_and(|o| {
                o.uniques
                    .iter()
                    .any(|x| x.name == u.name && same_unique(x, u))
            }) {
                plan.push(
                    Step::CreateIndex,
                    Change::new(
                        Kind::Index,
                        format!("unique index {}", u.name),
                        render::create_unique_index(t, u),
                        render::drop_index(&t.name, &u.name),
                    ),
                );
            }
        }
        for i in &t.indexes {
            if old.is_some_and(|o| {
                o.indexes
                    .iter()
                    .any(|x| x.name == i.name && same_index(x, i))
            }) {
                continue;
            }
            // CONCURRENTLY matters only for a table that already holds rows.
            if old.is_some() && (options.concurrently || i.concurrently.0) {
                plan.push(
                    Step::CreateIndex,
                    Change::new(
                        Kind::Index,
                        format!("index {} (concurrently)", i.name),
                        render::create_index_concurrently(t, i),
                        render::drop_index_concurrently(&t.name, &i.name),
                    )
                    .in_phase(Phase::Concurrent),
                );
            } else {
                plan.push(
                    Step::CreateIndex,
                    Change::new(
                        Kind::Index,
                        format!("index {}", i.name),
                        render::create_index(t, i),
                        render::drop_index(&t.name, &i.name),
                    ),
                );
            }
        }
    }
    // Tables in both: constraints, columns, comments.
    for t in &to.tables {
        if let Some(old) = from_tables.get(t.name.as_str()) {
            alter_table(old, t, plan);
        }
    }
    // Drops, newest table first; their foreign keys and indexes go before them.
    let to_names: std::collections::HashSet<&str> =
        to.tables.iter().map(|t| t.name.as_str()).collect();
    for f in from.tables.iter().rev() {
        if to_names.contains(f.name.as_str()) {
            continue;
        }
        for fk in &f.foreign_keys {
            plan.push(Step::DropForeignKey, drop_fk(f, fk));
        }
        for i in &f.indexes {
            plan.push(Step::DropIndex, drop_index(f, i));
        }
        for u in f.uniques.iter().filter(|u| u.is_index()) {
            plan.push(Step::DropIndex, drop_partial_unique(f, u));
        }
        plan.push(
            Step::DropTable,
            Change::new(
                Kind::Table,
                format!("drop table {}", f.name),
                render::drop_table(f),
                render::create_table(f),
            )
            .losing(format!("drops table {} and every row in it", f.name)),
        );
    }
}

fn add_fk(t: &Table, fk: &ForeignKey) -> Change {
    Change::new(
        Kind::ForeignKey,
        format!("foreign key {}", fk.name),
        render::add_foreign_key(t, fk),
        render::drop_foreign_key(t, fk),
    )
}

fn drop_fk(t: &Table, fk: &ForeignKey) -> Change {
    Change::new(
        Kind::ForeignKey,
        format!("drop foreign key {}", fk.name),
        render::drop_foreign_key(t, fk),
        render::add_foreign_key(t, fk),
    )
}

fn drop_index(t: &Table, i: &Index) -> Change {
    Change::new(
        Kind::Index,
        format!("drop index {}", i.name),
        render::drop_index(&t.name, &i.name),
        render::create_index(t, i),
    )
}

fn drop_partial_unique(t: &Table, u: &Unique) -> Change {
    Change::new(
        Kind::Index,
        format!("drop unique index {}", u.name),
        render::drop_index(&t.name, &u.name),
        render::create_unique_index(t, u),
    )
}

/// Changes within a table present on both sides.
fn alter_table(old: &Table, new: &Table, plan: &mut Plan) {
    let t = new.name.as_str();
    // Foreign keys, indexes and constraints that went away or changed: dropped first.
    for fk in &old.foreign_keys {
        if !new
            .foreign_keys
            .iter()
            .any(|x| x.name == fk.name && same_fk(x, fk))
        {
            plan.push(Step::DropForeignKey, drop_fk(old, fk));
        }
    }
    for i in &old.indexes {
        if !new
            .indexes
            .iter()
            .any(|x| x.name == i.name && same_index(x, i))
        {
            plan.push(Step::DropIndex, drop_index(old, i));
        }
    }
    for u in &old.uniques {
        if new
            .uniques
            .iter()
            .any(|x| x.name == u.name && same_unique(x, u))
        {
            continue;
        }
        if u.is_index() {
            plan.push(Step::DropIndex, drop_partial_unique(old, u));
        } else {
            plan.push(
                Step::DropConstraint,
                Change::new(
                    Kind::Constraint,
                    format!("drop unique {}", u.name),
                    render::drop_constraint(t, &u.name),
                    render::add_unique(t, u),
                ),
            );
        }
    }
    for c in &old.checks {
        if !new
            .checks
            .iter()
            .any(|x| x.name == c.name && same_expr(&x.expression, &c.expression))
        {
            plan.push(
                Step::DropConstraint,
                Change::new(
                    Kind::Constraint,
                    format!("drop check {}", c.name),
                    render::drop_constraint(t, &c.name),
                    render::add_check(t, c),
                ),
            );
        }
    }
    let pk_changed = old.primary_key != new.primary_key;
    if let (true, Some(pk)) = (pk_changed, &old.primary_key) {
        plan.push(
            Step::DropConstraint,
            Change::new(
                Kind::Constraint,
                format!("drop primary key {}", pk.name),
                render::drop_constraint(t, &pk.name),
                render::add_primary_key(t, pk),
            ),
        );
    }

    // Columns.
    for c in &new.columns {
        match old.column(&c.name) {
            None => plan.push(
                Step::AlterColumn,
                Change::new(
                    Kind::Column,
                    format!("add column {t}.{}", c.name),
                    render::add_column(t, c),
                    render::drop_column(t, &c.name),
                )
                .down_losing(format!("drops column {t}.{} and its values", c.name)),
            ),
            Some(o) => alter_column(t, o, c, plan),
        }
    }
    for c in old.columns.iter().rev() {
        if new.column(&c.name).is_none() {
            plan.push(
                Step::AlterColumn,
                Change::new(
                    Kind::Column,
                    format!("drop column {t}.{}", c.name),
                    render::drop_column(t, &c.name),
                    render::add_column(t, c),
                )
                .losing(format!("drops column {t}.{} and its values", c.name)),
            );
        }
    }
    if old.comment != new.comment {
        plan.push(
            Step::AlterColumn,
            Change::new(
                Kind::Comment,
                format!("comment on table {t}"),
                render::comment_on_table(t, new.comment.as_ref()),
                render::comment_on_table(t, old.comment.as_ref()),
            ),
        );
    }

    // New or changed constraints, after the columns they use.
    if let (true, Some(pk)) = (pk_changed, &new.primary_key) {
        plan.push(
            Step::AddConstraint,
            Change::new(
                Kind::Constraint,
                format!("primary key {}", pk.name),
                render::add_primary_key(t, pk),
                render::drop_constraint(t, &pk.name),
            ),
        );
    }
    for u in new.uniques.iter().filter(|u| !u.is_index()) {
        if !old
            .uniques
            .iter()
            .any(|x| x.name == u.name && same_unique(x, u))
        {
            plan.push(
                Step::AddConstraint,
                Change::new(
                    Kind::Constraint,
                    format!("unique {}", u.name),
                    render::add_unique(t, u),
                    render::drop_constraint(t, &u.name),
                ),
            );
        }
    }
    for c in &new.checks {
        if !old
            .checks
            .iter()
            .any(|x| x.name == c.name && same_expr(&x.expression, &c.expression))
        {
            plan.push(
                Step::AddConstraint,
                Change::new(
                    Kind::Constraint,
                    format!("check {}", c.name),
                    render::add_check(t, c),
                    render::drop_constraint(t, &c.name),
                ),
            );
        }
    }
}

fn alter_column(t: &str, old: &Column, new: &Column, plan: &mut Plan) {
    let c = new.name.as_str();
    let default_changed = !same_opt_expr(old.default.as_ref(), new.default.as_ref());
    if old.column_type != new.column_type {
        // The default may not survive the cast: drop it around the type change.
        let mut up = Vec::new();
        let mut down = Vec::new();
        if old.default.is_some() {
            up.push(render::set_default(t, c, None));
        }
        up.push(render::alter_column_type(t, c, &new.column_type));
        if new.default.is_some() {
            up.push(render::set_default(t, c, new.default.as_deref()));
        }
        if new.default.is_some() {
            down.push(render::set_default(t, c, None));
        }
        down.push(render::alter_column_type(t, c, &old.column_type));
        if old.default.is_some() {
            down.push(render::set_default(t, c, old.default.as_deref()));
        }
        let mut change = Change::new(
            Kind::Column,
            format!("column {t}.{c}: {} → {}", old.column_type, new.column_type),
            up.join("\n"),
            down.join("\n"),
        );
        if lossy::may_lose_data(&old.column_type, &new.column_type) {
            change = change.losing(format!(
                "narrows {t}.{c} from {} to {}: values may be cut or the cast may fail",
                old.column_type, new.column_type
            ));
        }
        if lossy::may_lose_data(&new.column_type, &old.column_type) {
            change = change.down_losing(format!(
                "narrows {t}.{c} back from {} to {}",
                new.column_type, old.column_type
            ));
        }
        plan.push(Step::AlterColumn, change);
    } else if default_changed {
        plan.push(
            Step::AlterColumn,
            Change::new(
                Kind::Column,
                format!("column {t}.{c}: default"),
                render::set_default(t, c, new.default.as_deref()),
                render::set_default(t, c, old.default.as_deref()),
            ),
        );
    }
    if old.identity != new.identity {
        plan.push(
            Step::AlterColumn,
            Change::new(
                Kind::Column,
                format!("column {t}.{c}: identity"),
                render::set_identity(t, c, new.identity),
                render::set_identity(t, c, old.identity),
            ),
        );
    }
    if old.nullable != new.nullable {
        plan.push(
            Step::AlterColumn,
            Change::new(
                Kind::Column,
                format!(
                    "column {t}.{c}: {}",
                    if new.nullable { "nullable" } else { "NOT NULL" }
                ),
                render::set_nullable(t, c, new.nullable),
                render::set_nullable(t, c, old.nullable),
            ),
        );
    }
    if old.comment != new.comment {
        plan.push(
            Step::AlterColumn,
            Change::new(
                Kind::Comment,
                format!("comment on column {t}.{c}"),
                render::comment_on_column(t, c, new.comment.as_ref()),
                render::comment_on_column(t, c, old.comment.as_ref()),
            ),
        );
    }
}
