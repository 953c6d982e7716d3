//! Composite types as changes: created before the tables that use them and dropped after;
//! attributes added at the end or retyped in place. A change PostgreSQL cannot make in place
//! (attributes lost or reordered) drops and creates the type, which PostgreSQL refuses while
//! columns use it: the message says so.

use crate::diff::plan::{Plan, Step};
use crate::objects::composite::Composite;
use crate::objects::domain::diff::{change, rebuild};
use crate::objects::keyed::keyed_diff;
use crate::schema::model::Schema;

pub(crate) fn composites(from: &Schema, to: &Schema, plan: &mut Plan) {
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
