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
use crate::objects::privilege::{self, defaults_for, DefaultPrivilege, Grant, Target};
use crate::schema::model::{namespace_of, Schema};
use crate::sql::ident::{quote, quote_qualified};

/// What one object carries, keyed by an id the other planners use to mark rebuilt objects
/// (`view:name`, `function:identity`, ...). `pull` writes the same list (`schema::write_sql`).
pub(crate) struct Annotated {
    pub(crate) id: String,
    /// (kind, name, `TABLE room`-style SQL name, grants) for kinds that hold grants.
    pub(crate) grants: Option<(Target, String, String, Vec<Grant>)>,
    /// (`COMMENT ON ...` without `IS`, comment) for kinds whose comments are planned here.
    pub(crate) comment: Option<(String, Option<String>)>,
}

/// The grants a fresh object of `target` named `name` gets from `defaults` — what a declared
/// object holds before its own GRANTs. Schema `public` is not created, so gets none.
pub(crate) fn fresh(defaults: &[DefaultPrivilege], target: Target, name: &str) -> Vec<Grant> {
    match target {
        Target::Schema if name == "public" => Vec::new(),
        Target::Schema => defaults_for(defaults, target, None, name),
        _ => defaults_for(defaults, target, namespace_of(name), name),
    }
}

fn sql_name(target: Target, name: &str) -> String {
    format!("{} {}", target.keyword(), quote_qualified(name))
}

fn function_sql_name(f: &crate::objects::function::Function) -> String {
    format!("{}({})", quote_qualified(&f.name), f.args.join(", "))
}

/// Every object of `schema` that carries grants or a comment planned here.
pub(crate) fn annotated(schema: &Schema) -> Vec<Annotated> {
    let mut out = Vec::new();
    let with_grants = |id: String, target: Target, name: &str, grants: &[Grant]| Annotated {
        id,
        grants: Some((
            target,
            name.to_string(),
            sql_name(target, name),
            grants.to_vec(),
        )),
        comment: None,
    };
    for n in &schema.schemas {
        out.push(with_grants(
            format!("schema:{}", n.name),
            Target::Schema,
            &n.name,
            &n.grants,
        ));
    }
    out.push(with_grants(
        "schema:public".into(),
        Target::Schema,
        "public",
        &schema.public_grants,
    ));
    for t in &schema.tables {
        out.push(with_grants(
            format!("table:{}", t.name),
            Target::Table,
            &t.name,
            &t.grants,
        ));
        for tr in &t.triggers {
            out.push(Annotated {
                id: format!("trigger:{}.{}", t.name, tr.name),
                grants: None,
                comment: Some((
                    format!(
                        "COMMENT ON TRIGGER {} ON {}",
                        quote(&tr.name),
                        quote_qualified(&t.name)
                    ),
                    tr.comment.clone(),
                )),
            });
        }
        for p in &t.policies {
            out.push(Annotated {
                id: format!("policy:{}.{}", t.name, p.name),
                grants: None,
                comment: Some((
                    format!(
                        "COMMENT ON POLICY {} ON {}",
                        quote(&p.name),
                        quote_qualified(&t.name)
                    ),
                    p.comment.clone(),
                )),
            });
        }
    }
    for v in &schema.views {
        for tr in &v.triggers {
            out.push(Annotated {
                id: format!("trigger:{}.{}", v.name, tr.name),
                grants: None,
                comment: Some((
                    format!(
                        "COMMENT ON TRIGGER {} ON {}",
                        quote(&tr.name),
                        quote_qualified(&v.name)
                    ),
                    tr.comment.clone(),
                )),
            });
        }
        let mut a = with_grants(
            format!("view:{}", v.name),
            Target::Table,
            &v.name,
            &v.grants,
        );
        a.comment = Some((
            format!("COMMENT ON {} {}", v.keyword(), quote_qualified(&v.name)),
            v.comment.clone(),
        ));
        out.push(a);
    }
    for q in &schema.sequences {
        let mut a = with_grants(
            format!("sequence:{}", q.name),
            Target::Sequence,
            &q.name,
            &q.grants,
        );
        a.comment = Some((
            format!("COMMENT ON SEQUENCE {}", quote_qualified(&q.name)),
            q.comment.clone(),
        ));
        out.push(a);
    }
    for f in &schema.functions {
        let name = function_sql_name(f);
        out.push(Annotated {
            id: format!("function:{}", f.identity()),
            grants: Some((
                Target::Function,
                f.name.clone(),
                format!(
                    "{} {name}",
                    if f.procedure { "PROCEDURE" } else { "FUNCTION" }
                ),
                f.grants.clone(),
            )),
            comment: Some((
                format!(
                    "COMMENT ON {} {name}",
                    if f.procedure { "PROCEDURE" } else { "FUNCTION" }
                ),
                f.comment.clone(),
            )),
        });
    }
    for d in &schema.domains {
        out.push(Annotated {
            id: format!("domain:{}", d.name),
            grants: None,
            comment: Some((
                format!("COMMENT ON DOMAIN {}", quote_qualified(&d.name)),
                d.comment.clone(),
            )),
        });
    }
    for c in &schema.composites {
        out.push(Annotated {
            id: format!("composite:{}", c.name),
            grants: None,
            comment: Some((
                format!("COMMENT ON TYPE {}", quote_qualified(&c.name)),
                c.comment.clone(),
            )),
        });
    }
    out
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
