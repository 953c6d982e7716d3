//! Schema × Schema → ordered changes, each carrying its exact inverse.
//!
//! `diff(from, to)` first applies the renames `to` declares (`renamed_from`, enum `renamed`),
//! and renames indexes and constraints whose definition is unchanged but whose name is not (a
//! renamed table renames its derived index names). Then every remaining difference becomes a
//! `Change`, in an order where each statement's dependencies already exist: creations of
//! extensions and types first, drops of foreign keys and indexes before their tables and
//! columns, foreign keys and indexes after everything they point at. The down script is the
//! inverses in reverse order, so it undoes the up script step by step.

mod functions;
mod lossy;
mod policies;
mod triggers;
mod views;

use std::collections::HashMap;

use crate::schema::model::*;
use crate::schema::types::BaseType;
use crate::sql::render::{self, EnumUse};
use crate::sql::replay::normalize_expression;

/// What a change does to the database, for headers and summaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Schema,
    Extension,
    Enum,
    Rename,
    Table,
    Column,
    Constraint,
    ForeignKey,
    Index,
    Comment,
    Function,
    Trigger,
    Policy,
    View,
}

impl Kind {
    pub fn noun(self, count: usize) -> &'static str {
        let (one, many) = match self {
            Kind::Schema => ("schema", "schemas"),
            Kind::Extension => ("extension", "extensions"),
            Kind::Enum => ("enum", "enums"),
            Kind::Rename => ("rename", "renames"),
            Kind::Table => ("table", "tables"),
            Kind::Column => ("column change", "column changes"),
            Kind::Constraint => ("constraint", "constraints"),
            Kind::ForeignKey => ("foreign key", "foreign keys"),
            Kind::Index => ("index", "indexes"),
            Kind::Comment => ("comment", "comments"),
            Kind::Function => ("function", "functions"),
            Kind::Trigger => ("trigger", "triggers"),
            Kind::Policy => ("row security change", "row security changes"),
            Kind::View => ("view", "views"),
        };
        if count == 1 {
            one
        } else {
            many
        }
    }
}

/// Which migration file a change belongs in. PostgreSQL cannot use a new enum value in the
/// transaction that adds it, nor build an index CONCURRENTLY inside a transaction: such
/// statements go in migrations of their own, before and after the main one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    EnumValues,
    Main,
    Concurrent,
}

/// One step of a migration: SQL forward, and the SQL that exactly undoes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    /// e.g. `table room`, written as a comment above the SQL.
    pub summary: String,
    pub up: String,
    pub down: String,
    /// Set when the up statement loses data: what is lost.
    pub loses_data: Option<String>,
    /// Set when the down statement loses data (the up created something that holds rows).
    pub down_loses_data: Option<String>,
    pub phase: Phase,
}

impl Change {
    fn new(kind: Kind, summary: String, up: String, down: String) -> Change {
        Change {
            kind,
            summary,
            up,
            down,
            loses_data: None,
            down_loses_data: None,
            phase: Phase::Main,
        }
    }

    fn losing(mut self, what: String) -> Change {
        self.loses_data = Some(what);
        self
    }

    fn down_losing(mut self, what: String) -> Change {
        self.down_loses_data = Some(what);
        self
    }

    fn in_phase(mut self, phase: Phase) -> Change {
        self.phase = phase;
        self
    }
}

/// How a diff may build new indexes on existing tables.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Build every new index on an existing table CONCURRENTLY.
    pub concurrently: bool,
}

/// The changes that build `schema` from an empty database.
pub fn create_all(schema: &Schema) -> Vec<Change> {
    diff(&Schema::default(), schema, Options::default())
}

/// Ordered steps, see the module comment; `Step::*` values order the changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    CreateSchema,
    CreateExtension,
    CreateEnum,
    Rename,
    DropView,
    DropPolicy,
    DropTrigger,
    DropFunction,
    DropForeignKey,
    DropIndex,
    DropConstraint,
    DropTable,
    CreateTable,
    AlterColumn,
    CreateFunction,
    CreateTrigger,
    RowSecurity,
    CreatePolicy,
    CreateView,
    RebuildEnum,
    AddConstraint,
    AddForeignKey,
    CreateIndex,
    DropEnum,
    DropExtension,
    DropSchema,
}

struct Plan(Vec<(Step, Change)>);

impl Plan {
    fn push(&mut self, step: Step, change: Change) {
        self.0.push((step, change));
    }
}

pub fn diff(from: &Schema, to: &Schema, options: Options) -> Vec<Change> {
    let mut plan = Plan(Vec::new());
    let original = from;
    let from = apply_renames(from, to, &mut plan);
    namespaces(&from, to, &mut plan);
    extensions(&from, to, &mut plan);
    enums(original, &from, to, &mut plan);
    tables(&from, to, options, &mut plan);
    functions::functions(&from, to, &mut plan);
    triggers::triggers(&from, to, &mut plan);
    policies::policies(&from, to, &mut plan);
    views::views(&from, to, &mut plan);
    // A stable sort keeps each step's changes in the order they were planned.
    plan.0.sort_by_key(|(step, c)| (c.phase, *step));
    plan.0.into_iter().map(|(_, c)| c).collect()
}

fn same_expr(a: &str, b: &str) -> bool {
    a == b || normalize_expression(a) == normalize_expression(b)
}

fn same_opt_expr(a: Option<&String>, b: Option<&String>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same_expr(a, b),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Renames

/// `from` with the renames `to` declares applied, each emitted as a change.
fn apply_renames(from: &Schema, to: &Schema, plan: &mut Plan) -> Schema {
    let mut from = from.clone();
    for e in &to.enums {
        let Some(old_enum) = from.enums.iter_mut().find(|f| f.name == e.name) else {
            continue;
        };
        for (new, old) in &e.renamed_values.0 {
            if old_enum.values.contains(old) && !old_enum.values.contains(new) {
                for v in old_enum.values.iter_mut().filter(|v| *v == old) {
                    *v = new.clone();
                }
                plan.push(
                    Step::Rename,
                    Change::new(
                        Kind::Rename,
                        format!("enum {}: value {old} renamed to {new}", e.name),
                        render::rename_enum_value(&e.name, old, new),
                        render::rename_enum_value(&e.name, new, old),
                    ),
                );
            }
        }
    }
    for t in &to.tables {
        let Some(old) = &t.renamed_from.0 else {
            continue;
        };
        if from.table(&t.name).is_some() || from.table(old).is_none() || to.table(old).is_some() {
            continue; // already renamed, or nothing to rename
        }
        for ft in &mut from.tables {
            if &ft.name == old {
                ft.name = t.name.clone();
            }
            for fk in &mut ft.foreign_keys {
                if &fk.ref_table == old {
                    fk.ref_table = t.name.clone();
                }
            }
        }
        plan.push(
            Step::Rename,
            Change::new(
                Kind::Rename,
                format!("table {old} renamed to {}", t.name),
                render::rename_table(old, &t.name),
                render::rename_table(&t.name, old),
            ),
        );
    }
    for t in &to.tables {
        for c in &t.columns {
            let Some(old) = &c.renamed_from.0 else {
                continue;
            };
            let Some(ft) = from.tables.iter_mut().find(|f| f.name == t.name) else {
                continue;
            };
            if ft.column(&c.name).is_some() || ft.column(old).is_none() || t.column(old).is_some() {
                continue;
            }
            rename_column(&mut from, &t.name, old, &c.name);
            plan.push(
                Step::Rename,
                Change::new(
                    Kind::Rename,
                    format!("column {}.{old} renamed to {}", t.name, c.name),
                    render::rename_column(&t.name, old, &c.name),
                    render::rename_column(&t.name, &c.name, old),
                ),
            );
        }
    }
    rename_same_definitions(&mut from, to, plan);
    from
}

fn rename_column(schema: &mut Schema, table: &str, old: &str, new: &str) {
    let rename = |cols: &mut Vec<String>| {
        for c in cols.iter_mut().filter(|c| *c == old) {
            *c = new.to_string();
        }
    };
    for t in &mut schema.tables {
        for fk in &mut t.foreign_keys {
            if fk.ref_table == table {
                rename(&mut fk.ref_columns);
            }
        }
        if t.name != table {
            continue;
        }
        for c in t.columns.iter_mut().filter(|c| c.name == old) {
            c.name = new.to_string();
        }
        if let Some(pk) = &mut t.primary_key {
            rename(&mut pk.columns);
        }
        for fk in &mut t.foreign_keys {
            rename(&mut fk.columns);
        }
        for u in &mut t.uniques {
            rename(&mut u.columns);
            if let Some(p) = &mut u.predicate {
                *p = crate::sql::replay::rename_in_expression(p, old, new);
            }
        }
        for ch in &mut t.checks {
            ch.expression = crate::sql::replay::rename_in_expression(&ch.expression, old, new);
        }
        for i in &mut t.indexes {
            for e in &mut i.elements {
                match &mut e.key {
                    IndexKey::Column(c) if c == old => *c = new.to_string(),
                    IndexKey::Expression(x) => {
                        *x = crate::sql::replay::rename_in_expression(x, old, new)
                    }
                    _ => {}
                }
            }
            if let Some(p) = &mut i.predicate {
                *p = crate::sql::replay::rename_in_expression(p, old, new);
            }
        }
    }
}

fn same_index(a: &Index, b: &Index) -> bool {
    a.method == b.method
        && same_opt_expr(a.predicate.as_ref(), b.predicate.as_ref())
        && a.elements.len() == b.elements.len()
        && a.elements.iter().zip(&b.elements).all(|(x, y)| {
            x.descending == y.descending
                && x.nulls_first == y.nulls_first
                && match (&x.key, &y.key) {
                    (IndexKey::Column(p), IndexKey::Column(q)) => p == q,
                    (IndexKey::Expression(p), IndexKey::Expression(q)) => same_expr(p, q),
                    _ => false,
                }
        })
}

fn same_unique(a: &Unique, b: &Unique) -> bool {
    a.columns == b.columns
        && a.is_index() == b.is_index()
        && same_opt_expr(a.predicate.as_ref(), b.predicate.as_ref())
}

fn same_fk(a: &ForeignKey, b: &ForeignKey) -> bool {
    a.columns == b.columns
        && a.ref_table == b.ref_table
        && a.ref_columns == b.ref_columns
        && a.on_delete == b.on_delete
        && a.on_update == b.on_update
}

/// Indexes and constraints that kept their definition but changed name (typically after a
/// table rename changed their derived names) are renamed, not dropped and rebuilt.
fn rename_same_definitions(from: &mut Schema, to: &Schema, plan: &mut Plan) {
    for t in &to.tables {
        let Some(ft) = from.tables.iter_mut().find(|f| f.name == t.name) else {
            continue;
        };
        let tn = t.name.as_str();
        let index = |old: &str, new: &str| render::rename_index(tn, old, new);
        let constraint = |old: &str, new: &str| render::rename_constraint(tn, old, new);
        let mut renames: Vec<Change> = Vec::new();
        for (old, i) in same_definitions(&mut ft.indexes, &t.indexes, same_index) {
            renames.push(rename("index", &old, &i.name, index));
        }
        for (old, u) in same_definitions(&mut ft.uniques, &t.uniques, same_unique) {
            // A partial unique is an index; the others are constraints.
            let sql: &dyn Fn(&str, &str) -> String =
                if u.is_index() { &index } else { &constraint };
            renames.push(rename("unique", &old, &u.name, sql));
        }
        for (old, f) in same_definitions(&mut ft.foreign_keys, &t.foreign_keys, same_fk) {
            renames.push(rename("foreign key", &old, &f.name, constraint));
        }
        let same_check = |a: &Check, b: &Check| same_expr(&a.expression, &b.expression);
        for (old, c) in same_definitions(&mut ft.checks, &t.checks, same_check) {
            renames.push(rename("check", &old, &c.name, constraint));
        }
        if let (Some(pk), Some(fpk)) = (&t.primary_key, &mut ft.primary_key) {
            if pk.name != fpk.name && pk.columns == fpk.columns {
                renames.push(rename("primary key", &fpk.name, &pk.name, constraint));
                fpk.name = pk.name.clone();
            }
        }
        for r in renames {
            plan.push(Step::Rename, r);
        }
    }
}

/// A rename and its inverse, from `sql(old, new)`.
fn rename(what: &str, old: &str, new: &str, sql: impl Fn(&str, &str) -> String) -> Change {
    Change::new(
        Kind::Rename,
        format!("{what} {old} renamed to {new}"),
        sql(old, new),
        sql(new, old),
    )
}

/// Indexes and constraints, which `same_definitions` pairs by definition.
trait Named {
    fn name_mut(&mut self) -> &mut String;
    fn name(&self) -> &str;
}

macro_rules! named {
    ($($t:ty),*) => {$(
        impl Named for $t {
            fn name_mut(&mut self) -> &mut String {
                &mut self.name
            }
            fn name(&self) -> &str {
                &self.name
            }
        }
    )*};
}
named!(Index, Unique, ForeignKey, Check);

/// Each object of `new` whose name `old` lacks, paired with an object of `old` that has the
/// same definition and whose name `new` lacks; that old object takes the new name (so the rest
/// of the diff sees no change) and its former name is returned with the new object.
fn same_definitions<'n, T: Named>(
    old: &mut [T],
    new: &'n [T],
    same: impl Fn(&T, &T) -> bool,
) -> Vec<(String, &'n T)> {
    let mut pairs = Vec::new();
    for n in new {
        if old.iter().any(|x| x.name() == n.name()) {
            continue;
        }
        let unclaimed = |x: &&mut T| new.iter().all(|y| y.name() != x.name());
        if let Some(o) = old.iter_mut().filter(unclaimed).find(|x| same(x, n)) {
            pairs.push((std::mem::replace(o.name_mut(), n.name().to_string()), n));
        }
    }
    pairs
}

// ---------------------------------------------------------------------------------------------
// Extensions and enums

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
}

/// The columns of `schema` whose type is enum `name` (or an array of it).
fn enum_uses<'s>(schema: &'s Schema, name: &str) -> Vec<EnumUse<'s>> {
    let mut uses = Vec::new();
    for t in &schema.tables {
        for c in &t.columns {
            if matches!(&c.column_type.base, BaseType::Enum(e) if e == name) {
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
fn enums(original: &Schema, from: &Schema, to: &Schema, plan: &mut Plan) {
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
                    let uses = enum_uses(original, &e.name);
                    plan.push(
                        Step::CreateEnum,
                        Change::new(
                            Kind::Enum,
                            format!("enum {}: add value {v}", e.name),
                            render::add_enum_value(&e.name, v, before, after),
                            render::rebuild_enum(&e.name, &previous, &uses),
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
                let mut change = Change::new(
                    Kind::Enum,
                    format!("enum {}: values {:?} → {:?}", e.name, f.values, e.values),
                    render::rebuild_enum(&e.name, &e.values, &uses),
                    render::rebuild_enum(&e.name, &f.values, &uses),
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

// ---------------------------------------------------------------------------------------------
// Tables

fn tables(from: &Schema, to: &Schema, options: Options, plan: &mut Plan) {
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
            let (sign, start) = match change.tag() {
                similar::ChangeTag::Delete => ("-", "\x1b[31m"),
                similar::ChangeTag::Insert => ("+", "\x1b[32m"),
                similar::ChangeTag::Equal => (" ", ""),
            };
            let line = change.to_string_lossy();
            let line = line.trim_end_matches('\n');
            if colour && !start.is_empty() {
                out.push_str(&format!("{start}{sign}{line}\x1b[0m\n"));
            } else {
                out.push_str(&format!("{sign}{line}\n"));
            }
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
