//! Declared renames (`renamed_from`, enum `renamed`) and names that changed under an unchanged
//! definition, applied to `from` first so the rest of the diff sees no change there.

use super::*;
use crate::objects::renaming::{rename_change, Named};
use crate::objects::table::render as table_sql;
use crate::objects::table::same::{same_fk, same_index, same_unique};

/// `from` with the renames `to` declares applied, each emitted as a change; `from` itself
/// (not a copy: a copy of 2,000 tables was a third of the diff) when `to` asks for none.
pub(super) fn apply_renames<'a>(
    from: &'a Schema,
    to: &Schema,
    plan: &mut Plan,
) -> std::borrow::Cow<'a, Schema> {
    if !may_rename(from, to) {
        return std::borrow::Cow::Borrowed(from);
    }
    std::borrow::Cow::Owned(renamed(from.clone(), to, plan))
}

/// Whether `to` may ask for a rename of something in `from`: it declares one (`renamed_from`,
/// `renamed:` enum values), or one of its tables names an index or constraint that the same
/// table in `from` does not (a rename under an unchanged definition). Errs on the side of yes:
/// `renamed` then finds there is nothing to do.
fn may_rename(from: &Schema, to: &Schema) -> bool {
    let declared = |r: &Hint<Option<String>>| r.0.is_some();
    if to.enums.iter().any(|e| !e.renamed_values.0.is_empty())
        || crate::objects::registry::renames().any(|r| (r.asked)(to))
    {
        return true;
    }
    fn lacks<T: Named>(old: &[T], new: &[T]) -> bool {
        new.iter().any(|n| old.iter().all(|o| o.name() != n.name()))
    }
    let old_tables = super::tables_by_name(from);
    to.tables.iter().any(|t| {
        declared(&t.renamed_from)
            || t.columns.iter().any(|c| declared(&c.renamed_from))
            || old_tables.get(t.name.as_str()).is_some_and(|o| {
                lacks(&o.indexes, &t.indexes)
                    || lacks(&o.uniques, &t.uniques)
                    || lacks(&o.foreign_keys, &t.foreign_keys)
                    || lacks(&o.checks, &t.checks)
                    || matches!((&o.primary_key, &t.primary_key), (Some(a), Some(b)) if a.name != b.name)
            })
    })
}

fn renamed(mut from: Schema, to: &Schema, plan: &mut Plan) -> Schema {
    for e in &to.enums {
        let Some(old_enum) = from.enums.iter_mut().find(|f| f.name == e.name) else {
            continue;
        };
        for (new, old) in &e.renamed_values.0 {
            if old_enum.values.contains(old) && !old_enum.values.contains(new) {
                for v in old_enum.values.iter_mut().filter(|v| *v == old) {
                    *v = new.clone();
                }
                let sql = |a: &str, b: &str| {
                    crate::objects::enum_type::sql::rename_enum_value(&e.name, a, b)
                };
                plan.push(
                    Step::Rename,
                    rename(&format!("enum {}: value", e.name), old, new, sql),
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
            rename("table", old, &t.name, table_sql::rename_table),
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
            let sql = |a: &str, b: &str| table_sql::rename_column(&t.name, a, b);
            let change = rename_change(
                "column",
                &format!("{}.{old}", t.name),
                &c.name,
                sql(old, &c.name),
                sql(&c.name, old),
            );
            plan.push(Step::Rename, change);
        }
    }
    // A renamed table's sequences follow it (OWNED BY names the table).
    for q in &mut from.sequences {
        if let Some((t, _)) = &mut q.owned_by {
            if let Some(new) = to
                .tables
                .iter()
                .find(|n| n.renamed_from.0.as_deref() == Some(t.as_str()))
            {
                if from_has_no(&to.tables, t) {
                    *t = new.name.clone();
                }
            }
        }
    }
    // Every other kind's declared renames (objects/<kind>/rename.rs).
    for r in crate::objects::registry::renames() {
        (r.apply)(&mut from, to, plan);
    }
    rename_same_definitions(&mut from, to, plan);
    from
}

fn from_has_no(tables: &[Table], name: &str) -> bool {
    !tables.iter().any(|t| t.name == name)
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

/// Indexes and constraints that kept their definition but changed name (typically after a
/// table rename changed their derived names) are renamed, not dropped and rebuilt.
fn rename_same_definitions(from: &mut Schema, to: &Schema, plan: &mut Plan) {
    let positions = super::table_positions(from);
    for t in &to.tables {
        let Some(ft) = positions.get(&t.name).map(|&i| &mut from.tables[i]) else {
            continue;
        };
        let tn = t.name.as_str();
        let index = |old: &str, new: &str| table_sql::rename_index(tn, old, new);
        let constraint = |old: &str, new: &str| table_sql::rename_constraint(tn, old, new);
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
    rename_change(what, old, new, sql(old, new), sql(new, old))
}

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
