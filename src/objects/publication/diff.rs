//! Publications as changes: created after the tables and views they publish, dropped before
//! them; tables added and dropped, and options set, in place; `FOR ALL TABLES` turned on or off
//! drops and creates the publication again.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::keyed::keyed_diff;
use crate::schema::model::Schema;

use super::Publication;

fn change(summary: String, up: String, down: String) -> Change {
    Change::new(Kind::Publication, summary, up, down)
}

pub(crate) fn publications(from: &Schema, to: &Schema, plan: &mut Plan) {
    let (added, changed, removed) =
        keyed_diff(&from.publications, &to.publications, |p| p.name.clone());
    // The platform's publication exists before any migration: only its tables come and go.
    let none = |p: &Publication| Publication {
        tables: Vec::new(),
        ..p.clone()
    };
    for p in removed {
        if p.external.0 {
            alter(p, &none(p), plan);
            continue;
        }
        plan.push(
            Step::DropPublication,
            change(
                format!("drop publication {}", p.name),
                p.drop_sql(),
                p.create_sql(),
            ),
        );
    }
    for (old, new) in changed {
        alter(old, new, plan);
    }
    for p in added {
        if p.external.0 {
            alter(&none(p), p, plan);
            continue;
        }
        plan.push(
            Step::CreatePublication,
            change(
                format!("publication {}", p.name),
                p.create_sql(),
                p.drop_sql(),
            ),
        );
    }
}

fn alter(old: &Publication, new: &Publication, plan: &mut Plan) {
    if old.all_tables != new.all_tables {
        plan.push(
            Step::DropPublication,
            change(
                format!("drop publication {} (to publish other tables)", old.name),
                old.drop_sql(),
                old.create_sql(),
            ),
        );
        plan.push(
            Step::CreatePublication,
            change(
                format!("publication {}", new.name),
                new.create_sql(),
                new.drop_sql(),
            ),
        );
        return;
    }
    // A table leaves before it may be dropped; one joins once it exists.
    for t in old.tables.iter().filter(|t| !new.tables.contains(t)) {
        plan.push(
            Step::DropPublication,
            change(
                format!("publication {}: drop table {t}", old.name),
                old.table_sql(false, t),
                old.table_sql(true, t),
            ),
        );
    }
    for t in new.tables.iter().filter(|t| !old.tables.contains(t)) {
        plan.push(
            Step::CreatePublication,
            change(
                format!("publication {}: add table {t}", new.name),
                new.table_sql(true, t),
                new.table_sql(false, t),
            ),
        );
    }
    if !new.external.0 && (old.publish != new.publish || old.via_root != new.via_root) {
        plan.push(
            Step::CreatePublication,
            change(
                format!("publication {}: options", new.name),
                new.set_options_sql(),
                old.set_options_sql(),
            ),
        );
    }
}
