//! The planner's generator for standalone sequences: created before the tables whose defaults
//! call them, owned (`OWNED BY`) once their table exists, altered in place (every option
//! explicit, so the inverse is exact), disowned before their table may go and dropped after
//! the columns that used them changed.

use crate::diff::plan::{Change, Kind, Plan, Step};
use crate::objects::keyed::keyed_diff;
use crate::objects::sequence::Sequence;
use crate::schema::model::Schema;

fn own(plan: &mut Plan, q: &Sequence) {
    if let Some((t, c)) = &q.owned_by {
        let none = Sequence {
            owned_by: None,
            ..q.clone()
        };
        plan.push(
            Step::OwnSequence,
            Change::new(
                Kind::Sequence,
                format!("sequence {} owned by {t}.{c}", q.name),
                q.owned_by_sql(),
                none.owned_by_sql(),
            ),
        );
    }
}

fn disown(plan: &mut Plan, q: &Sequence) {
    if let Some((t, c)) = &q.owned_by {
        let none = Sequence {
            owned_by: None,
            ..q.clone()
        };
        plan.push(
            Step::DisownSequence,
            Change::new(
                Kind::Sequence,
                format!("sequence {} no longer owned by {t}.{c}", q.name),
                none.owned_by_sql(),
                q.owned_by_sql(),
            ),
        );
    }
}

pub(crate) fn sequences(from: &Schema, to: &Schema, plan: &mut Plan) {
    // Compared on everything but grants and comments (planned with the other annotations).
    let bare = |q: &Sequence| Sequence {
        grants: Vec::new(),
        comment: None,
        ..q.clone()
    };
    let from_bare: Vec<Sequence> = from.sequences.iter().map(bare).collect();
    let to_bare: Vec<Sequence> = to.sequences.iter().map(bare).collect();
    let (added, changed, removed) = keyed_diff(&from_bare, &to_bare, |q| q.name.clone());
    for q in added {
        plan.push(
            Step::CreateSequence,
            Change::new(
                Kind::Sequence,
                format!("sequence {}", q.name),
                q.create_sql(),
                q.drop_sql(),
            ),
        );
        own(plan, q);
    }
    for (old, new) in changed {
        if !old.same_options(new) {
            plan.push(
                Step::CreateSequence,
                Change::new(
                    Kind::Sequence,
                    format!("alter sequence {}", new.name),
                    new.alter_sql(),
                    old.alter_sql(),
                ),
            );
        }
        if old.owned_by != new.owned_by {
            disown(plan, old);
            own(plan, new);
        }
    }
    for q in removed.into_iter().rev() {
        disown(plan, q);
        plan.push(
            Step::DropSequence,
            Change::new(
                Kind::Sequence,
                format!("drop sequence {}", q.name),
                q.drop_sql(),
                q.create_sql(),
            ),
        );
    }
}
