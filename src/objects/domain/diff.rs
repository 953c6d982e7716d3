//! Domains as changes: created before the tables that use them and dropped after; a domain's
//! default, NOT NULL and constraints altered in place. A change PostgreSQL cannot make in place
//! (its base type) drops and creates the domain, which PostgreSQL refuses while columns use it:
//! the message says so. (`change` and `rebuild` serve composite types too.)

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::domain::Domain;
use crate::objects::keyed::keyed_diff;
use crate::schema::model::Schema;

pub(crate) fn change(summary: String, up: String, down: String) -> Change {
    Change::new(Kind::Type, summary, up, down)
}

/// Drop and create again, in one step each way (PostgreSQL refuses while columns use the type:
/// the summary says why it is rebuilt).
pub(crate) fn rebuild(
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

pub(crate) fn domains(from: &Schema, to: &Schema, plan: &mut Plan) {
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
