//! What every kind's declared rename (`-- renamed from:` in schema/*.sql) shares: whether the
//! rename is wanted, the change it makes, and the plain `ALTER <kind> ... RENAME TO` of kinds
//! whose name is all there is to rename. Each kind gives its [`Rename`] in the registry;
//! `diff/renames.rs` applies them to the old schema before the rest of the diff, so the diff
//! sees the object unchanged under its new name.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::names::{local_name, sibling_name};
use crate::origin::Hint;
use crate::schema::model::Schema;
use crate::sql::ident::{quote, quote_qualified};

/// What a kind gives for its declared renames.
pub struct Rename {
    /// Whether the new schema declares a rename of this kind (so the old schema is copied to
    /// be renamed only when one does).
    pub asked: fn(&Schema) -> bool,
    /// Renames in `from` what `to` declares renamed, each pushed as a change with its inverse.
    pub apply: fn(&mut Schema, &Schema, &mut Plan),
}

/// Whether a `renamed_from` is declared.
pub fn declared(renamed_from: &Hint<Option<String>>) -> bool {
    renamed_from.0.is_some()
}

/// A declared rename of one object: `old` in `from`, `new` wanted, and nothing in the way.
pub fn wanted<'a>(
    renamed_from: &'a Hint<Option<String>>,
    new: &str,
    exists: impl Fn(&str) -> bool,
) -> Option<&'a str> {
    let old = renamed_from.0.as_deref()?;
    (local_name(old) != local_name(new) && exists(old) && !exists(new)).then_some(old)
}

/// The change of a rename, `what` naming the kind in the migration's comments.
pub fn rename_change(what: &str, old: &str, new: &str, up: String, down: String) -> Change {
    Change::new(
        Kind::Rename,
        format!("{what} {old} renamed to {new}"),
        up,
        down,
    )
}

/// The declared renames of a kind known by its name alone (sequences, domains, composite
/// types): `ALTER <keyword> old RENAME TO new`, within the object's schema. Returns the
/// renames made, (old, new), for what follows them (the columns of a renamed type).
pub fn rename_named<T>(
    old_list: &mut [T],
    new_list: &[T],
    name: fn(&T) -> &String,
    name_mut: fn(&mut T) -> &mut String,
    renamed_from: fn(&T) -> &Hint<Option<String>>,
    (what, keyword): (&str, &str),
    plan: &mut Plan,
) -> Vec<(String, String)> {
    let mut done = Vec::new();
    for n in new_list {
        let new = name(n);
        let Some(old) = wanted(renamed_from(n), new, |x| {
            let x = sibling_name(new, local_name(x));
            old_list.iter().any(|y| *name(y) == x)
        }) else {
            continue;
        };
        let old = sibling_name(new, local_name(old));
        for x in old_list.iter_mut().filter(|x| *name(x) == old) {
            *name_mut(x) = new.clone();
        }
        let sql = |from: &str, to: &str| {
            format!(
                "ALTER {keyword} {} RENAME TO {};",
                quote_qualified(from),
                quote(local_name(to))
            )
        };
        plan.push(
            Step::Rename,
            rename_change(what, &old, new, sql(&old, new), sql(new, &old)),
        );
        done.push((old, new.clone()));
    }
    done
}

/// The declared renames of an object that lives on a table (triggers, policies):
/// `ALTER <keyword> old ON table RENAME TO new`.
#[allow(clippy::too_many_arguments)]
pub fn rename_on_tables<T>(
    from: &mut Schema,
    to: &Schema,
    items: fn(&crate::schema::model::Table) -> &[T],
    items_mut: fn(&mut crate::schema::model::Table) -> &mut [T],
    name: fn(&T) -> &String,
    name_mut: fn(&mut T) -> &mut String,
    renamed_from: fn(&T) -> &Hint<Option<String>>,
    (what, keyword): (&str, &str),
    plan: &mut Plan,
) {
    let positions = crate::diff::plan::table_positions(from);
    for t in &to.tables {
        if !items(t).iter().any(|x| declared(renamed_from(x))) {
            continue;
        }
        let Some(&i) = positions.get(&t.name) else {
            continue;
        };
        let ft = &mut from.tables[i];
        for x in items(t) {
            let new = name(x);
            let names: Vec<String> = items(ft).iter().map(|y| name(y).clone()).collect();
            let Some(old) = wanted(renamed_from(x), new, |n| names.iter().any(|y| y == n)) else {
                continue;
            };
            let old = old.to_string();
            for y in items_mut(ft).iter_mut().filter(|y| *name(y) == old) {
                *name_mut(y) = new.clone();
            }
            let table = quote_qualified(&t.name);
            let sql = |a: &str, b: &str| {
                format!(
                    "ALTER {keyword} {} ON {table} RENAME TO {};",
                    quote(a),
                    quote(b)
                )
            };
            plan.push(
                Step::Rename,
                rename_change(
                    &format!("{what} on {}:", t.name),
                    &old,
                    new,
                    sql(&old, new),
                    sql(new, &old),
                ),
            );
        }
    }
}
