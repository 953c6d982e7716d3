//! What every kind's declared rename (`-- renamed from:` in schema/*.sql) shares: whether the
//! rename is wanted, the change it makes, and the plain `ALTER <kind> ... RENAME TO` of kinds
//! whose name is all there is to rename. Each kind gives its [`Rename`] in the registry;
//! `diff/renames.rs` applies them to the old schema before the rest of the diff, so the diff
//! sees the object unchanged under its new name.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::names::{local_name, sibling_name};
use crate::objects::composite::Composite;
use crate::objects::domain::Domain;
use crate::objects::function::Function;
use crate::objects::policy::Policy;
use crate::objects::sequence::Sequence;
use crate::objects::trigger::Trigger;
use crate::objects::view::View;
use crate::origin::Hint;
use crate::schema::model::{Check, ForeignKey, Index, Schema, Table, Unique};
use crate::sql::ident::{quote, quote_qualified};

/// An object known by its name, which a rename changes in place.
pub trait Named {
    fn name(&self) -> &str;
    fn name_mut(&mut self) -> &mut String;
}

/// A named object whose declaration may say what it was called (`-- renamed from:`).
pub trait Renamable: Named {
    fn renamed_from(&self) -> &Hint<Option<String>>;
}

macro_rules! named {
    ($($t:ty),*) => {$(
        impl Named for $t {
            fn name(&self) -> &str {
                &self.name
            }
            fn name_mut(&mut self) -> &mut String {
                &mut self.name
            }
        }
    )*};
}
named!(
    Index, Unique, ForeignKey, Check, Function, View, Sequence, Domain, Composite, Trigger, Policy
);

macro_rules! renamable {
    ($($t:ty),*) => {$(
        impl Renamable for $t {
            fn renamed_from(&self) -> &Hint<Option<String>> {
                &self.renamed_from
            }
        }
    )*};
}
renamable!(Function, View, Sequence, Domain, Composite, Trigger, Policy);

/// What a kind gives for its declared renames.
pub struct Rename {
    /// Whether the new schema declares a rename of this kind (so the old schema is copied to
    /// be renamed only when one does).
    pub asked: fn(&Schema) -> bool,
    /// Renames in `from` what `to` declares renamed, each pushed as a change with its inverse.
    pub apply: fn(&mut Schema, &Schema, &mut Plan),
}

/// Whether one of `objects` declares what it was called.
pub fn any_declared<T: Renamable>(objects: &[T]) -> bool {
    objects.iter().any(|x| x.renamed_from().0.is_some())
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
pub fn rename_named<T: Renamable>(
    old_list: &mut [T],
    new_list: &[T],
    (what, keyword): (&str, &str),
    plan: &mut Plan,
) -> Vec<(String, String)> {
    let mut done = Vec::new();
    for n in new_list {
        let new = n.name();
        let Some(old) = wanted(n.renamed_from(), new, |x| {
            let x = sibling_name(new, local_name(x));
            old_list.iter().any(|y| y.name() == x)
        }) else {
            continue;
        };
        let old = sibling_name(new, local_name(old));
        for x in old_list.iter_mut().filter(|x| x.name() == old) {
            *x.name_mut() = new.to_string();
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
        done.push((old, new.to_string()));
    }
    done
}

/// The declared renames of an object that lives on a table (triggers, policies):
/// `ALTER <keyword> old ON table RENAME TO new`.
pub fn rename_on_tables<T: Renamable>(
    from: &mut Schema,
    to: &Schema,
    items: fn(&Table) -> &[T],
    items_mut: fn(&mut Table) -> &mut [T],
    (what, keyword): (&str, &str),
    plan: &mut Plan,
) {
    let positions = crate::diff::plan::table_positions(from);
    for t in &to.tables {
        if !any_declared(items(t)) {
            continue;
        }
        let Some(&i) = positions.get(&t.name) else {
            continue;
        };
        let ft = &mut from.tables[i];
        for x in items(t) {
            let new = x.name();
            let names: Vec<String> = items(ft).iter().map(|y| y.name().to_string()).collect();
            let Some(old) = wanted(x.renamed_from(), new, |n| names.iter().any(|y| y == n)) else {
                continue;
            };
            let old = old.to_string();
            for y in items_mut(ft).iter_mut().filter(|y| y.name() == old) {
                *y.name_mut() = new.to_string();
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
