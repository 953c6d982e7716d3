//! Every object kind beyond tables, registered once. Tables, their columns, constraints and
//! indexes, and enums are planned by `diff/` itself (renames and the lock-safe forms touch them
//! all); grants and comments of every kind by `diff/annotations.rs`. A new kind is a folder
//! beside the others and one line below.

use crate::diff::plan::Plan;
use crate::schema::model::Schema;

use super::{composite, domain, function, policy, raw, sequence, trigger, view};

/// One kind of object and what the generic machinery asks of it.
pub struct ObjectKind {
    /// Its name, as in `objects/<name>/`.
    pub name: &'static str,
    /// Plans the changes that turn one schema's objects of this kind into another's, each with
    /// its inverse, at the steps that order them among the other kinds' changes.
    pub diff: fn(&Schema, &Schema, &mut Plan),
}

/// The kinds, in the order their changes are planned (within one step, changes keep it).
pub const KINDS: &[ObjectKind] = &[
    ObjectKind {
        name: "function",
        diff: function::diff::functions,
    },
    ObjectKind {
        name: "trigger",
        diff: trigger::diff::triggers,
    },
    ObjectKind {
        name: "policy",
        diff: policy::diff::policies,
    },
    ObjectKind {
        name: "view",
        diff: view::diff::views,
    },
    ObjectKind {
        name: "sequence",
        diff: sequence::diff::sequences,
    },
    ObjectKind {
        name: "domain",
        diff: domain::diff::domains,
    },
    ObjectKind {
        name: "composite",
        diff: composite::diff::composites,
    },
    ObjectKind {
        name: "raw",
        diff: raw::diff::raw,
    },
];
