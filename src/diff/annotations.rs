//! The planner's generator for what objects carry besides their definition: grants (tables,
//! views, sequences, functions, schemas) and comments (functions, views, triggers, policies,
//! sequences, domains, composite types), plus `ALTER DEFAULT PRIVILEGES`.
//!
//! Default privileges change first, so what the migration creates gets the new ones, as a
//! declared schema does. An object that does not exist on one side — or that is dropped and
//! created again (a replaced view, a function whose signature changes) — has, on that side,
//! what a fresh object gets: the `to` schema's default privileges and no comment, since those
//! are what PostgreSQL gives it when the up file (or the down file, which reverts the default
//! privileges last) creates it. So each step is exact in both directions: before an object
//! goes, its grants and comment are brought back to that fresh state (early, while it exists);
//! after it is created, they are brought from it to what they should be (late).

use std::collections::HashMap;

use super::plan::{Change, Kind, Plan, Step};
pub(crate) use crate::objects::annotated::Annotated;
use crate::objects::privilege::{self, defaults_for, DefaultPrivilege, Grant, Target};
use crate::schema::model::{namespace_of, Schema};

/// The grants a fresh object of `target` named `name` gets from `defaults` — what a declared
/// object holds before its own GRANTs. Schema `public` is not created, so gets none.
pub(crate) fn fresh(defaults: &[DefaultPrivilege], target: Target, name: &str) -> Vec<Grant> {
    match target {
        Target::Schema if name == "public" => Vec::new(),
        Target::Schema => defaults_for(defaults, target, None, name),
        _ => defaults_for(defaults, target, namespace_of(name), name),
    }
}

/// Every object of `schema` that carries grants or a comment planned here, each kind's listed
/// by the kind (`objects/<kind>/annotated.rs`).
pub(crate) fn annotated(schema: &Schema) -> Vec<Annotated> {
    crate::objects::registry::annotated(schema)
}

/// The grants and comments of the objects `ids` of `schema` (`view:v`, `trigger:v.t`), as
/// SQL that gives them to the objects freshly created: for an object dropped and created again
/// inside one change (a view around a type change), which no other planner sees.
pub(crate) fn restore_sql(schema: &Schema, ids: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for a in annotated(schema).iter().filter(|a| ids.contains(&a.id)) {
        if let Some((target, name, sql, grants)) = &a.grants {
            let fresh = fresh(&schema.default_privileges, *target, name);
            out.extend(
                privilege::changes(sql, &fresh, grants)
                    .into_iter()
                    .map(|c| c.up),
            );
        }
        if let Some((on, Some(c))) = &a.comment {
            out.push(comment_sql(on, Some(c)));
        }
    }
    out
}

/// `COMMENT ON ... IS '...';` (or `IS NULL`) from the `COMMENT ON ...` part of an annotation.
pub(crate) fn comment_sql(on: &str, comment: Option<&String>) -> String {
    format!(
        "{on} IS {};",
        crate::objects::table::render::comment_text(comment)
    )
}

pub(super) fn annotations(from: &Schema, to: &Schema, plan: &mut Plan) {
    default_privileges(from, to, plan);
    let old = annotated(from);
    let new = annotated(to);
    let new_by_id: HashMap<&str, &Annotated> = new.iter().map(|a| (a.id.as_str(), a)).collect();
    let old_by_id: HashMap<&str, &Annotated> = old.iter().map(|a| (a.id.as_str(), a)).collect();
    // What a fresh object of this kind gets (the down file reverts default privileges last,
    // so objects it recreates get `to`'s too).
    let fresh = |target: Target, name: &str| fresh(&to.default_privileges, target, name);
    // Early: objects that go (or are rebuilt) are brought to the fresh state while they exist.
    for a in old.iter().rev() {
        let stays = new_by_id.contains_key(a.id.as_str()) && !plan.rebuilt.contains(&a.id);
        if stays {
            continue;
        }
        if let Some((target, name, sql, grants)) = &a.grants {
            grant_changes(plan, Step::Unannotate, sql, grants, &fresh(*target, name));
        }
        if let Some((on, Some(c))) = &a.comment {
            plan.push(
                Step::Unannotate,
                Change::new(
                    Kind::Comment,
                    format!("{} removed (before its object goes)", on.to_lowercase()),
                    comment_sql(on, None),
                    comment_sql(on, Some(c)),
                ),
            );
        }
    }
    // Late: objects that stay change in place; new (or rebuilt) ones go from the fresh state.
    for a in &new {
        let before = old_by_id
            .get(a.id.as_str())
            .filter(|_| !plan.rebuilt.contains(&a.id));
        if let Some((target, name, sql, grants)) = &a.grants {
            let was = match before.and_then(|b| b.grants.as_ref()) {
                Some((.., g)) => g.clone(),
                None => fresh(*target, name),
            };
            grant_changes(plan, Step::Annotate, sql, &was, grants);
        }
        if let Some((on, comment)) = &a.comment {
            let was = before
                .and_then(|b| b.comment.as_ref())
                .and_then(|(_, c)| c.clone());
            if was != *comment {
                plan.push(
                    Step::Annotate,
                    Change::new(
                        Kind::Comment,
                        on.to_lowercase(),
                        comment_sql(on, comment.as_ref()),
                        comment_sql(on, was.as_ref()),
                    ),
                );
            }
        }
    }
}

fn grant_changes(plan: &mut Plan, step: Step, object: &str, old: &[Grant], new: &[Grant]) {
    for c in privilege::changes(object, old, new) {
        plan.push(step, Change::new(Kind::Privilege, c.summary, c.up, c.down));
    }
}

fn default_privileges(from: &Schema, to: &Schema, plan: &mut Plan) {
    for d in &from.default_privileges {
        if !to.default_privileges.contains(d) {
            plan.push(
                Step::DefaultPrivileges,
                Change::new(
                    Kind::Privilege,
                    format!("drop {}", d.summary()),
                    d.drop_sql(),
                    d.create_sql(),
                ),
            );
        }
    }
    for d in &to.default_privileges {
        if !from.default_privileges.contains(d) {
            plan.push(
                Step::DefaultPrivileges,
                Change::new(Kind::Privilege, d.summary(), d.create_sql(), d.drop_sql()),
            );
        }
    }
}
