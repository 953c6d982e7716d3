//! Partitions of a table present on both sides: added (`CREATE TABLE ... PARTITION OF`),
//! dropped, or given a new bound (dropped and created again: its rows go). A changed
//! `PARTITION BY` is refused: PostgreSQL cannot change how a table is partitioned in place.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::keyed::keyed_diff;
use crate::schema::model::Table;

pub(crate) fn partitions(old: &Table, new: &Table, plan: &mut Plan) {
    let t = new.name.as_str();
    let (by_old, by_new) = (
        old.partitioning.as_ref().map(|p| p.by.as_str()),
        new.partitioning.as_ref().map(|p| p.by.as_str()),
    );
    if by_old != by_new {
        let what = |by: Option<&str>| {
            by.map_or("not partitioned".to_string(), |b| {
                format!("PARTITION BY {b}")
            })
        };
        plan.push(
            Step::CreateTable,
            Change::new(
                Kind::Table,
                format!("table {t}: partitioning"),
                format!("-- {t}: {} → {}", what(by_old), what(by_new)),
                String::new(),
            )
            .refusing(format!(
                "{t} changes how it is partitioned ({} → {}): PostgreSQL cannot change that in \
                 place; create a new table with the new `partition_by:`, copy the rows, and drop \
                 the old one",
                what(by_old),
                what(by_new)
            )),
        );
        return;
    }
    let (added, changed, removed) =
        keyed_diff(partitions_of(old), partitions_of(new), |p| p.name.clone());
    for p in removed {
        plan.push(Step::DropTable, drop(t, p));
    }
    for (was, now) in changed {
        plan.push(Step::DropTable, drop(t, was));
        plan.push(Step::CreateTable, create(t, now));
    }
    for p in added {
        plan.push(Step::CreateTable, create(t, p));
    }
}

fn create(t: &str, p: &crate::objects::partition::Partition) -> Change {
    Change::new(
        Kind::Table,
        format!("partition {} of {t}", p.name),
        p.create_sql(t),
        p.drop_sql(),
    )
    .down_losing(format!("drops partition {} and every row in it", p.name))
}

fn drop(t: &str, p: &crate::objects::partition::Partition) -> Change {
    Change::new(
        Kind::Table,
        format!("drop partition {} of {t}", p.name),
        p.drop_sql(),
        p.create_sql(t),
    )
    .losing(format!("drops partition {} and every row in it", p.name))
}

fn partitions_of(t: &Table) -> &[crate::objects::partition::Partition] {
    t.partitioning.as_ref().map_or(&[], |p| &p.partitions)
}
