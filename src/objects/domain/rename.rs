//! A domain's declared rename: `ALTER DOMAIN old RENAME TO new`; the columns of the domain
//! follow it.

use crate::objects::renaming::{any_declared, rename_named, Rename};
use crate::objects::table::follow_type_rename;

pub const RENAME: Rename = Rename {
    asked: |to| any_declared(&to.domains),
    apply: |from, to, plan| {
        let done = rename_named(&mut from.domains, &to.domains, ("domain", "DOMAIN"), plan);
        for (old, new) in done {
            follow_type_rename(&mut from.tables, &old, &new);
        }
    },
};
