//! A composite type's declared rename: `ALTER TYPE old RENAME TO new`; the columns of the type
//! follow it.

use crate::objects::renaming::{any_declared, rename_named, Rename};
use crate::objects::table::follow_type_rename;

pub const RENAME: Rename = Rename {
    asked: |to| any_declared(&to.composites),
    apply: |from, to, plan| {
        let done = rename_named(&mut from.composites, &to.composites, ("type", "TYPE"), plan);
        for (old, new) in done {
            follow_type_rename(&mut from.tables, &old, &new);
        }
    },
};
