//! The planner's generator for domains and composite types: created before the tables that use
//! them and dropped after; a domain's default, NOT NULL and constraints altered in place; a
//! composite type's attributes added at the end or retyped in place. A change PostgreSQL cannot
//! make in place (a domain's base type, a composite type losing or reordering attributes) drops
//! and creates the type, which PostgreSQL refuses while columns use it: the message says so.

use super::{Change, Kind, Plan, Step};
use crate::objects::composite::Composite;
use crate::objects::domain::Domain;
use crate::objects::keyed_diff;
use crate::schema::model::Schema;

fn change(summary: String, up: String, down: String) -> Change {
    Change::new(Kind::Type, summary, up, down)
}

/// Drop and create again, in one step each way (PostgreSQL refuses while columns use the type:
/// the summary says why it is rebuilt).
fn rebuild(
    summary: String,
    old_drop: String,
    old_create: String,
    new_drop: String,
    new_create: String,
) -> Change {
    change(
        format!("rebuild {summary}"),
        format!("{old_drop}\n{new_create}"),
        format!("{new_drop}\n{old_create}"),
    )
}

pub(super) fn types(from: &Schema, to: &Schema, plan: &mut Plan) {
    let bare_d = |d: &Domain| Domain {
        comment: None,
        ..d.clone()
    };
    let (fd, td): (Vec<Domain>, Vec<Domain>) = (
        from.domains.iter().map(bare_d).collect(),
        to.domains.iter().map(bare_d).collect(),
    );
    let (added, changed, removed) = keyed_diff(&fd, &td, |d| d.name.clone());
    for d in added {
        plan.push(
            Step::CreateType,
            change(format!("domain {}", d.name), d.create_sql(), d.drop_sql()),
        );
    }
    for (old, new) in changed {
        alter_domain(old, new, plan);
    }
    for d in removed.into_iter().rev() {
        plan.push(
            Step::DropType,
            change(
                format!("drop domain {}", d.name),
                d.drop_sql(),
                d.create_sql(),
            ),
        );
    }

    let bare_c = |c: &Composite| Composite {
        comment: None,
        ..c.clone()
    };
    let (fc, tc): (Vec<Composite>, Vec<Composite>) = (
        from.composites.iter().map(bare_c).collect(),
        to.composites.iter().map(bare_c).collect(),
    );
    let (added, changed, removed) = keyed_diff(&fc, &tc, |c| c.name.clone());
    for c in added {
        plan.push(
            Step::CreateType,
            change(format!("type {}", c.name), c.create_sql(), c.drop_sql()),
        );
    }
    for (old, new) in changed {
        alter_composite(old, new, plan);
    }
    for c in removed.into_iter().rev() {
        plan.push(
            Step::DropType,
            change(
                format!("drop type {}", c.name),
                c.drop_sql(),
                c.create_sql(),
            ),
        );
    }
}

fn alter_domain(old: &Domain, new: &Domain, plan: &mut Plan) {
    let name = &new.name;
    if old.base != new.base {
        plan.push(
            Step::CreateType,
            rebuild(
                format!("domain {name} (its base type changes)"),
                old.drop_sql(),
                old.create_sql(),
                new.drop_sql(),
                new.create_sql(),
            ),
        );
        return;
    }
    if old.default != new.default {
        plan.push(
            Step::CreateType,
            change(
                format!("default of domain {name}"),
                new.default_sql(),
                old.default_sql(),
            ),
        );
    }
    if old.not_null != new.not_null {
        plan.push(
            Step::CreateType,
            change(
                format!("not null on domain {name}"),
                new.not_null_sql(),
                old.not_null_sql(),
            ),
        );
    }
    for c in &old.checks {
        if !new.checks.contains(c) {
            plan.push(
                Step::CreateType,
                change(
                    format!("drop constraint {} of domain {name}", c.name),
                    old.drop_check_sql(c),
                    old.add_check_sql(c),
                ),
            );
        }
    }
    for c in &new.checks {
        if !old.checks.contains(c) {
            plan.push(
                Step::CreateType,
                change(
                    format!("constraint {} on domain {name}", c.name),
                    new.add_check_sql(c),
                    new.drop_check_sql(c),
                ),
            );
        }
    }
}

fn alter_composite(old: &Composite, new: &Composite, plan: &mut Plan) {
    let name = &new.name;
    let kept = old.attributes.len() <= new.attributes.len()
        && old
            .attributes
            .iter()
            .zip(&new.attributes)
            .all(|(a, b)| a.0 == b.0);
    if !kept {
        plan.push(
            Step::CreateType,
            rebuild(
                format!("type {name} (attributes removed or reordered)"),
                old.drop_sql(),
                old.create_sql(),
                new.drop_sql(),
                new.create_sql(),
            ),
        );
        return;
    }
    for (a, b) in old.attributes.iter().zip(&new.attributes) {
        if a.1 != b.1 {
            plan.push(
                Step::CreateType,
                change(
                    format!(
                        "attribute {} of type {name} (PostgreSQL refuses while a column uses the type)",
                        b.0
                    ),
                    new.retype_sql(b),
                    old.retype_sql(a),
                ),
            );
        }
    }
    for b in &new.attributes[old.attributes.len()..] {
        plan.push(
            Step::CreateType,
            change(
                format!("attribute {} on type {name}", b.0),
                new.add_sql(b),
                new.drop_attribute_sql(&b.0),
            ),
        );
    }
}
