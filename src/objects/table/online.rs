//! The lock-safe forms of changes to tables that already exist (and so may hold rows): each
//! step in the migration where it belongs — the main one, the backfill, the concurrent index
//! builds, the validation — and each with its inverse. See docs/lock-safe.md.

use super::render;
use crate::diff::options::Options;
use crate::diff::plan::{tables_by_name, Change, Kind, Phase, Plan, Step};
use crate::schema::model::*;
use std::collections::{HashMap, HashSet};

/// `VALIDATE CONSTRAINT`, in the migration after the one that added it NOT VALID. PostgreSQL
/// cannot mark a constraint not valid again: its inverse drops it and adds it back `NOT
/// VALID` (`not_valid_sql`), instant, which is exactly the state before.
pub(super) fn validate(t: &str, name: &str, not_valid_sql: String) -> Change {
    Change::new(
        Kind::Constraint,
        format!("validate {name}"),
        render::validate_constraint(t, name),
        format!("{}\n{not_valid_sql}", render::drop_constraint(t, name)),
    )
    .in_phase(Phase::Validate)
}

/// An index whose definition changed, on a table that holds rows: the new definition is built
/// CONCURRENTLY under a temporary name, the old index dropped CONCURRENTLY, the new one renamed
/// — the table is never without an index, and never locked for a build.
pub(super) fn replace_index(t: &Table, old: &Index, new: &Index) -> Change {
    let temporary = temporary_name(&new.name);
    let built = Index {
        name: temporary.clone(),
        ..new.clone()
    };
    let up = [
        render::create_index_concurrently(t, &built),
        render::drop_index_concurrently(&t.name, &old.name),
        render::rename_index(&t.name, &temporary, &new.name),
    ];
    let down = [
        render::rename_index(&t.name, &new.name, &temporary),
        render::create_index_concurrently(t, old),
        render::drop_index_concurrently(&t.name, &temporary),
    ];
    Change::new(
        Kind::Index,
        format!("index {} (rebuilt concurrently)", new.name),
        up.join("\n"),
        down.join("\n"),
    )
    .in_phase(Phase::Concurrent)
}

/// `name` with a suffix that marks it as being built.
fn temporary_name(name: &str) -> String {
    fit(name, "_rebuilt")
}

/// `base` + `suffix`, `base` cut (at a character) so that the whole fits PostgreSQL's 63 bytes.
fn fit(base: &str, suffix: &str) -> String {
    let max = crate::schema::validate::MAX_IDENTIFIER_BYTES - suffix.len();
    format!("{}{suffix}", crate::sql::ident::cut_at_char(base, max))
}

/// A unique constraint or primary key on a table that holds rows: its index is built
/// CONCURRENTLY, then the constraint adopts it (`USING INDEX`) under a lock held for an
/// instant. Undone, the constraint goes and the index is built again as it was.
/// (`unique` carries the key's INCLUDE columns and NULLS NOT DISTINCT; a primary key has none.)
pub(super) fn adopt_index(t: &Table, unique: &Unique, primary_key: bool, plan: &mut Plan) {
    let what = if primary_key { "primary key" } else { "unique" };
    let name = unique.name.as_str();
    let as_index = Unique {
        predicate: None,
        as_index: true,
        ..unique.clone()
    };
    plan.push(
        Step::CreateIndex,
        Change::new(
            Kind::Index,
            format!("index for {what} {name} (concurrently)"),
            render::create_unique_index(t, &as_index).replacen(
                "INDEX",
                "INDEX CONCURRENTLY IF NOT EXISTS",
                1,
            ),
            render::drop_index_concurrently(&t.name, name),
        )
        .in_phase(Phase::Concurrent),
    );
    plan.push(
        Step::AddConstraint,
        Change::new(
            Kind::Constraint,
            format!("{what} {name} (using its index)"),
            render::add_constraint_using_index(&t.name, name, primary_key),
            format!(
                "{}\n{}",
                render::drop_constraint(&t.name, name),
                render::create_unique_index(t, &as_index)
            ),
        )
        .in_phase(Phase::Validate),
    );
}

/// A new column of a table that exists. NOT NULL without a default cannot be added to a table
/// with rows: with a declared `backfill`, existing rows get that value (a default set and
/// dropped at once: PostgreSQL stores a constant one in the catalog, no rewrite); without one,
/// the change is refused (under the lock-safe forms).
pub(super) fn add_column(t: &Table, c: &Column, safe: bool, plan: &mut Plan) {
    let name = t.name.as_str();
    let volatile = c
        .default
        .as_deref()
        .and_then(crate::sql::volatility::volatile_call_in);
    if let (true, Some(function)) = (safe, volatile) {
        return add_column_with_volatile_default(t, c, &function, plan);
    }
    let down = render::drop_column(name, &c.name);
    let losing = format!("drops column {name}.{} and its values", c.name);
    let required = !c.nullable && c.default.is_none() && c.identity.is_none();
    let backfill = t.migration.0.backfill.get(&c.name);
    let change = match (required, backfill) {
        (true, Some(value)) => {
            let filled = Column {
                default: Some(value.clone()),
                ..c.clone()
            };
            Change::new(
                Kind::Column,
                format!("add column {name}.{} (existing rows get {value})", c.name),
                format!(
                    "{}\n{}",
                    render::add_column(name, &filled),
                    render::set_default(name, &c.name, None)
                ),
                down,
            )
        }
        (true, None) if safe => Change::new(
            Kind::Column,
            format!("add column {name}.{}", c.name),
            render::add_column(name, c),
            down,
        )
        .refusing(format!(
            "{name}.{} is NOT NULL without a default, and {name} already exists: adding it fails \
             as soon as the table holds a row. Give it a `default:`, make it `nullable: true`, \
             or declare the value existing rows get with `backfill: <constant>` on the column",
            c.name
        )),
        _ => Change::new(
            Kind::Column,
            format!("add column {name}.{}", c.name),
            render::add_column(name, c),
            down,
        ),
    };
    let change = if c.identity.is_some() {
        change.rewriting(format!(
            "adds the identity column {name}.{}: every row is numbered",
            c.name
        ))
    } else if c.generated.is_some() {
        change.rewriting(format!(
            "adds the generated column {name}.{}: every row is computed",
            c.name
        ))
    } else {
        change
    };
    plan.push(Step::AlterColumn, change.down_losing(losing));
}

/// A column whose default differs per row (`gen_random_uuid()`), added to a table that holds
/// rows: added without it (no rewrite), the default set for new rows, the existing rows filled
/// in committed batches by a backfill migration, and NOT NULL, if declared, behind a validated
/// check — instead of one ALTER that rewrites the table under an exclusive lock.
fn add_column_with_volatile_default(t: &Table, c: &Column, function: &str, plan: &mut Plan) {
    let name = t.name.as_str();
    let bare = Column {
        nullable: true,
        default: None,
        ..c.clone()
    };
    plan.push(
        Step::AlterColumn,
        Change::new(
            Kind::Column,
            format!(
                "add column {name}.{} (its default {function}() set after)",
                c.name
            ),
            format!(
                "{}\n{}",
                render::add_column(name, &bare),
                render::set_default(name, &c.name, c.default.as_deref())
            ),
            render::drop_column(name, &c.name),
        )
        .down_losing(format!("drops column {name}.{} and its values", c.name)),
    );
    let column = crate::sql::ident::quote(&c.name);
    plan.push(
        Step::AlterColumn,
        Change::new(
            Kind::Column,
            format!("backfill {name}.{} with its default", c.name),
            render::in_batches(
                name,
                &format!("{column} = DEFAULT"),
                &format!("{column} IS NULL"),
            ),
            format!(
                "-- The backfill of {name}.{} has no inverse: the values go with the column \
                 when the migration that added it is undone.",
                c.name
            ),
        )
        .in_phase(Phase::Backfill),
    );
    if !c.nullable {
        set_not_null_safely(name, &c.name, plan);
    }
}

/// SET NOT NULL on a table that holds rows, without scanning it under an exclusive lock: a
/// `CHECK (col IS NOT NULL) NOT VALID` first (instant), then, in the validate migration,
/// VALIDATE (a scan that lets writes through), SET NOT NULL (PostgreSQL trusts the valid
/// check: no scan) and the check dropped.
pub(super) fn set_not_null_safely(t: &str, c: &str, plan: &mut Plan) {
    let check = Check {
        name: fit(&format!("{}_{c}", local_name(t)), "_not_null"),
        expression: format!("{} IS NOT NULL", crate::sql::ident::quote(c)),
        not_valid: false,
        origin: Origin::default(),
    };
    plan.push(
        Step::AlterColumn,
        Change::new(
            Kind::Constraint,
            format!("check {} (NOT VALID, for {t}.{c} NOT NULL)", check.name),
            render::not_valid(&render::add_check(t, &check)),
            render::drop_constraint(t, &check.name),
        ),
    );
    let up = [
        render::validate_constraint(t, &check.name),
        render::set_nullable(t, c, false),
        render::drop_constraint(t, &check.name),
    ];
    let down = [
        render::not_valid(&render::add_check(t, &check)),
        render::set_nullable(t, c, true),
    ];
    plan.push(
        Step::AlterColumn,
        Change::new(
            Kind::Column,
            format!("column {t}.{c}: NOT NULL (behind its validated check)"),
            up.join("\n"),
            down.join("\n"),
        )
        .in_phase(Phase::Validate),
    );
}

/// Expand/contract: each column that starts expanding another on a table that already holds
/// rows is filled from it by a batched backfill, in a migration of its own after the main one
/// (which adds the column and the trigger that keeps both in step).
pub(crate) fn backfills(from: &Schema, to: &Schema, plan: &mut Plan) {
    use crate::schema::expand::{backfill_sql, trigger_name};
    let from_tables = tables_by_name(from);
    // Only tables with an expand are looked up (a scan per table was quadratic).
    for t in to
        .tables
        .iter()
        .filter(|t| !t.migration.0.expands.is_empty())
    {
        let Some(old) = from_tables.get(t.name.as_str()) else {
            continue; // a new table has no rows to fill
        };
        for e in &t.migration.0.expands {
            let trigger = trigger_name(&t.name, &e.column);
            if old.triggers.iter().any(|x| x.name == trigger) {
                continue; // already expanding
            }
            plan.push(
                Step::AlterColumn,
                Change::new(
                    Kind::Column,
                    format!("backfill {}.{} from {}", t.name, e.column, e.from),
                    backfill_sql(&t.name, e),
                    format!(
                        "-- The backfill of {}.{} has no inverse: the values go with the column \
                         when the migration that added it is undone.",
                        t.name, e.column
                    ),
                )
                .in_phase(Phase::Backfill),
            );
        }
    }
}

/// The keys — (table, columns sorted) — whose unique index this plan builds CONCURRENTLY, after
/// the main migration: new unique constraints and primary keys of tables that already exist
/// (`adopt_index`), and new unique indexes of such tables. A foreign key referencing one cannot
/// be added before it exists (PostgreSQL: "there is no unique constraint matching given keys").
pub(super) fn keys_built_late(
    from_tables: &HashMap<&str, &Table>,
    to: &Schema,
    options: Options,
) -> HashSet<(String, Vec<String>)> {
    let sorted = |columns: &[String]| {
        let mut c = columns.to_vec();
        c.sort();
        c
    };
    let mut late = HashSet::new();
    for t in &to.tables {
        let Some(old) = from_tables.get(t.name.as_str()) else {
            continue;
        };
        if !options.safe_for(t) {
            continue;
        }
        for u in &t.uniques {
            let kept = old
                .uniques
                .iter()
                .any(|x| x.name == u.name && super::same::same_unique(x, u));
            if !kept && u.predicate.is_none() {
                late.insert((t.name.clone(), sorted(&u.columns)));
            }
        }
        if let Some(pk) = t
            .primary_key
            .as_ref()
            .filter(|pk| old.primary_key.as_ref() != Some(*pk))
        {
            late.insert((t.name.clone(), sorted(&pk.columns)));
        }
    }
    late
}

/// Whether `fk` references one of the keys `late` (see [`keys_built_late`]).
pub(super) fn references_late_key(fk: &ForeignKey, late: &HashSet<(String, Vec<String>)>) -> bool {
    let mut columns = fk.ref_columns.clone();
    columns.sort();
    late.contains(&(fk.ref_table.clone(), columns))
}
