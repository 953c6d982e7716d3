//! Tables, their columns, constraints, foreign keys and indexes.

use super::online::{
    add_column, adopt_index, keys_built_late, references_late_key, replace_index,
    set_not_null_safely, validate,
};
use super::render;
use super::same::{same_fk, same_index, same_unique};
use crate::diff::options::{same_expr, same_opt_expr, Options};
use crate::diff::plan::{Change, Kind, Phase, Plan, Step};
use crate::schema::model::*;
use std::collections::HashMap;

pub(crate) fn tables(from: &Schema, to: &Schema, options: Options, plan: &mut Plan) {
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
            // Checks left NOT VALID: CREATE TABLE would validate them, so they come after.
            for c in t.checks.iter().filter(|c| c.not_valid) {
                plan.push(
                    Step::AddConstraint,
                    Change::new(
                        Kind::Constraint,
                        format!("check {} (NOT VALID)", c.name),
                        render::add_check(&t.name, c),
                        render::drop_constraint(&t.name, &c.name),
                    ),
                );
            }
        }
    }
    let late = keys_built_late(&from_tables, to, options);
    for t in &to.tables {
        let old = from_tables.get(t.name.as_str()).copied();
        let safe = old.is_some() && options.safe_for(t);
        for fk in &t.foreign_keys {
            if !old.is_some_and(|o| {
                o.foreign_keys
                    .iter()
                    .any(|x| x.name == fk.name && same_fk(x, fk))
            }) {
                if references_late_key(fk, &late) {
                    // The key it references is built after the main migration: the foreign key
                    // comes after it, in the validation migration. A new table is empty, so
                    // adding the key there checks nothing; a table that holds rows would be
                    // checked under a lock in that one transaction: refused, with the way out.
                    let change = add_fk(t, fk).in_phase(Phase::Validate);
                    let change = if safe {
                        change.refusing(format!(
                            "foreign key {} of {} references {}({}), whose unique key this same \
                             change builds CONCURRENTLY after the main migration: PostgreSQL \
                             needs the key first, and validating the foreign key in the same \
                             migration would lock {} for its whole scan. Generate the unique \
                             key first, then the foreign key in the next `generate`",
                            fk.name,
                            t.name,
                            fk.ref_table,
                            fk.ref_columns.join(", "),
                            t.name
                        ))
                    } else {
                        change
                    };
                    plan.push(Step::AddForeignKey, change);
                } else if safe && !fk.not_valid {
                    // Checked for new rows at once; the existing rows later, without blocking
                    // writes.
                    plan.push(
                        Step::AddForeignKey,
                        Change::new(
                            Kind::ForeignKey,
                            format!("foreign key {} (NOT VALID)", fk.name),
                            render::not_valid(&render::add_foreign_key(t, fk)),
                            render::drop_foreign_key(t, fk),
                        ),
                    );
                    plan.push(
                        Step::AddForeignKey,
                        validate(
                            &t.name,
                            &fk.name,
                            render::not_valid(&render::add_foreign_key(t, fk)),
                        ),
                    );
                } else {
                    plan.push(Step::AddForeignKey, add_fk(t, fk));
                }
            }
        }
    }
    for t in &to.tables {
        let old = from_tables.get(t.name.as_str()).copied();
        let safe = old.is_some() && options.safe_for(t);
        for u in t.uniques.iter().filter(|u| u.is_index()) {
            if !old.is_some_and(|o| {
                o.uniques
                    .iter()
                    .any(|x| x.name == u.name && same_unique(x, u))
            }) {
                let change = if safe {
                    Change::new(
                        Kind::Index,
                        format!("unique index {} (concurrently)", u.name),
                        render::create_unique_index(t, u).replacen(
                            "INDEX",
                            "INDEX CONCURRENTLY IF NOT EXISTS",
                            1,
                        ),
                        render::drop_index_concurrently(&t.name, &u.name),
                    )
                    .in_phase(Phase::Concurrent)
                } else {
                    Change::new(
                        Kind::Index,
                        format!("unique index {}", u.name),
                        render::create_unique_index(t, u),
                        render::drop_index(&t.name, &u.name),
                    )
                };
                // A foreign key may reference a unique index (no constraint): then it is
                // built with the constraints, before the keys (PostgreSQL: "there is no unique
                // constraint matching given keys" otherwise).
                let referenced = !safe
                    && u.predicate.is_none()
                    && to.tables.iter().any(|x| {
                        x.foreign_keys.iter().any(|fk| {
                            fk.ref_table == t.name && {
                                let (mut a, mut b) = (fk.ref_columns.clone(), u.columns.clone());
                                a.sort();
                                b.sort();
                                a == b
                            }
                        })
                    });
                let step = if referenced {
                    Step::AddConstraint
                } else {
                    Step::CreateIndex
                };
                plan.push(step, change);
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
            // A changed index on an existing table: the new one is built beside it.
            let changed = old.and_then(|o| o.indexes.iter().find(|x| x.name == i.name));
            if let (true, Some(before)) = (safe, changed) {
                plan.push(Step::CreateIndex, replace_index(t, before, i));
                continue;
            }
            // CONCURRENTLY matters only for a table that already holds rows.
            // Never on a partitioned table: PostgreSQL refuses CONCURRENTLY there.
            let concurrently = safe || options.concurrently || i.concurrently.0;
            if old.is_some() && concurrently && t.partitioning.is_none() {
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
            alter_table(old, t, options, plan);
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
    replica_identities(&from_tables, to, plan);
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
fn alter_table(old: &Table, new: &Table, options: Options, plan: &mut Plan) {
    let t = new.name.as_str();
    let safe = options.safe_for(new);
    crate::objects::partition::diff::partitions(old, new, plan);
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
        if new
            .indexes
            .iter()
            .any(|x| x.name == i.name && same_index(x, i))
        {
            continue;
        }
        if safe && new.indexes.iter().any(|x| x.name == i.name) {
            continue; // rebuilt beside the old one: `replace_index`
        }
        // Dropped CONCURRENTLY after the main migration — unless something it depends on may
        // go away in it: a column it uses (which drops the index with it), the extension of its
        // operator class, a function of its expression.
        let survives = i.elements.iter().all(|e| {
            matches!(&e.key, IndexKey::Column(c) if new.column(c).is_some() && old.column(c).is_some())
                && e.opclass.is_none()
                && e.collation.is_none()
        });
        if safe && survives {
            plan.push(
                Step::DropIndex,
                Change::new(
                    Kind::Index,
                    format!("drop index {} (concurrently)", i.name),
                    render::drop_index_concurrently(t, &i.name),
                    render::create_index_concurrently(old, i),
                )
                .in_phase(Phase::Concurrent),
            );
        } else {
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
        if !new.checks.iter().any(|x| {
            x.name == c.name
                && x.not_valid == c.not_valid
                && same_expr(&x.expression, &c.expression)
        }) {
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
    for e in &old.exclusions {
        if !new.exclusions.iter().any(|x| same_exclusion(x, e)) {
            plan.push(
                Step::DropConstraint,
                Change::new(
                    Kind::Constraint,
                    format!("drop exclusion {}", e.name),
                    render::drop_constraint(t, &e.name),
                    render::add_exclusion(t, e),
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
            None => add_column(new, c, safe, plan),
            Some(o) => alter_column(t, o, c, safe, plan),
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
        if safe {
            let key = Unique {
                name: pk.name.clone(),
                columns: pk.columns.clone(),
                predicate: None,
                as_index: false,
                include: Vec::new(),
                nulls_not_distinct: false,
                origin: pk.origin.clone(),
            };
            adopt_index(new, &key, true, plan);
        } else {
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
    }
    for u in new.uniques.iter().filter(|u| !u.is_index()) {
        if old
            .uniques
            .iter()
            .any(|x| x.name == u.name && same_unique(x, u))
        {
            continue;
        }
        if safe {
            adopt_index(new, u, false, plan);
        } else {
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
        if old.checks.iter().any(|x| {
            x.name == c.name
                && x.not_valid == c.not_valid
                && same_expr(&x.expression, &c.expression)
        }) {
            continue;
        }
        if safe && !c.not_valid {
            plan.push(
                Step::AddConstraint,
                Change::new(
                    Kind::Constraint,
                    format!("check {} (NOT VALID)", c.name),
                    render::not_valid(&render::add_check(t, c)),
                    render::drop_constraint(t, &c.name),
                ),
            );
            plan.push(
                Step::AddConstraint,
                validate(t, &c.name, render::not_valid(&render::add_check(t, c))),
            );
        } else {
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
    // An exclusion builds its index under the lock: PostgreSQL has no concurrent form of it.
    for e in &new.exclusions {
        if !old.exclusions.iter().any(|x| same_exclusion(x, e)) {
            plan.push(
                Step::AddConstraint,
                Change::new(
                    Kind::Constraint,
                    format!("exclusion {}", e.name),
                    render::add_exclusion(t, e),
                    render::drop_constraint(t, &e.name),
                ),
            );
        }
    }
}

/// Same name, method, elements (expressions as PostgreSQL reads them) and predicate.
fn same_exclusion(a: &Exclusion, b: &Exclusion) -> bool {
    a.name == b.name
        && a.method == b.method
        && same_opt_expr(a.predicate.as_ref(), b.predicate.as_ref())
        && a.elements.len() == b.elements.len()
        && a.elements.iter().zip(&b.elements).all(|((k, o), (l, p))| {
            o == p
                && match (k, l) {
                    (IndexKey::Column(x), IndexKey::Column(y)) => x == y,
                    (IndexKey::Expression(x), IndexKey::Expression(y)) => same_expr(x, y),
                    _ => false,
                }
        })
}

fn alter_column(t: &str, old: &Column, new: &Column, safe: bool, plan: &mut Plan) {
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
        // A type change resets the collation to the new type's: say it again.
        if new.collation.is_some() {
            up.push(collate(t, new));
        }
        if new.default.is_some() {
            up.push(render::set_default(t, c, new.default.as_deref()));
        }
        if new.default.is_some() {
            down.push(render::set_default(t, c, None));
        }
        down.push(render::alter_column_type(t, c, &old.column_type));
        if old.collation.is_some() {
            down.push(collate(t, old));
        }
        if old.default.is_some() {
            down.push(render::set_default(t, c, old.default.as_deref()));
        }
        let mut change = Change::new(
            Kind::Column,
            format!("column {t}.{c}: {} → {}", old.column_type, new.column_type),
            up.join("\n"),
            down.join("\n"),
        );
        if crate::diff::lossy::may_lose_data(&old.column_type, &new.column_type) {
            change = change.losing(format!(
                "narrows {t}.{c} from {} to {}: values may be cut or the cast may fail",
                old.column_type, new.column_type
            ));
        }
        if crate::diff::lossy::may_lose_data(&new.column_type, &old.column_type) {
            change = change.down_losing(format!(
                "narrows {t}.{c} back from {} to {}",
                new.column_type, old.column_type
            ));
        }
        // Both ways: the down casts back.
        let (from, to) = (&old.column_type, &new.column_type);
        let missing = [(from, to), (to, from)]
            .into_iter()
            .find(|(a, b)| crate::diff::casts::castable(a, b) == Some(false));
        if let Some((a, b)) = missing {
            let way = if a == from {
                ""
            } else {
                " (the down file casts back)"
            };
            change = change.refusing(format!(
                "{t}.{c} from {from} to {to}: PostgreSQL has no cast from {a} to {b}{way}, so \
                 `ALTER COLUMN ... TYPE {b} USING {c}::{b}` fails on every server; add a new \
                 column of the new type, fill it (`backfill:`), and drop the old one in a later \
                 migration"
            ));
        }
        if !old.column_type.changes_in_place(&new.column_type) {
            change = change.rewriting(format!(
                "{t}.{c} from {} to {}: the table and its indexes are rewritten",
                old.column_type, new.column_type
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
    if old.collation != new.collation && old.column_type == new.column_type {
        plan.push(
            Step::AlterColumn,
            Change::new(
                Kind::Column,
                format!("column {t}.{c}: collation"),
                collate(t, new),
                collate(t, old),
            ),
        );
    }
    if !same_opt_expr(old.generated.as_ref(), new.generated.as_ref()) {
        plan.push(
            Step::AlterColumn,
            Change::new(
                Kind::Column,
                format!("column {t}.{c}: generated"),
                format!("-- {t}.{c}: how it is generated changed"),
                String::new(),
            )
            .refusing(format!(
                "{t}.{c} changes whether or how it is generated: PostgreSQL cannot alter that in \
                 place; add a new column with the new `generated:` and drop the old one"
            )),
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
    if safe && old.nullable && !new.nullable {
        set_not_null_safely(t, c, plan);
    } else if old.nullable != new.nullable {
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

/// `ALTER COLUMN ... TYPE <its type> COLLATE <its collation>` (`"default"` when it has none).
fn collate(t: &str, c: &Column) -> String {
    format!(
        "ALTER TABLE {} ALTER COLUMN {} TYPE {} COLLATE {};",
        crate::sql::ident::quote_qualified(t),
        crate::sql::ident::quote(&c.name),
        c.column_type,
        crate::sql::ident::quote_qualified(c.collation.as_deref().unwrap_or("default"))
    )
}

/// Replica identities that change. One that leaves a `USING INDEX` goes early (before that
/// index may be dropped), one that takes a `USING INDEX` late (after it is built): so the up and
/// the down each name only an index that exists.
fn replica_identities(from_tables: &HashMap<&str, &Table>, to: &Schema, plan: &mut Plan) {
    for t in to.tables.iter().filter(|t| !t.external) {
        let old = from_tables
            .get(t.name.as_str())
            .and_then(|o| o.replica_identity.as_ref());
        let new = t.replica_identity.as_ref();
        if old == new {
            continue;
        }
        let change = |from: Option<&ReplicaIdentity>, to: Option<&ReplicaIdentity>| {
            Change::new(
                Kind::Table,
                format!(
                    "replica identity of {}: {}",
                    t.name,
                    to.map_or("default".to_string(), ReplicaIdentity::yaml)
                ),
                render::set_replica_identity(&t.name, to),
                render::set_replica_identity(&t.name, from),
            )
        };
        let leaves_index = matches!(old, Some(ReplicaIdentity::Index(_)));
        let takes_index = matches!(new, Some(ReplicaIdentity::Index(_)));
        match (leaves_index, takes_index) {
            (true, true) => {
                plan.push(Step::Unannotate, change(old, None));
                plan.push(Step::Annotate, change(None, new));
            }
            (true, false) => plan.push(Step::Unannotate, change(old, new)),
            _ => plan.push(Step::Annotate, change(old, new)),
        }
    }
}
