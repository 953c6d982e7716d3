//! A sequence's declared rename: `ALTER SEQUENCE old RENAME TO new`.

use crate::objects::renaming::{any_declared, rename_named, Rename};

pub const RENAME: Rename = Rename {
    asked: |to| any_declared(&to.sequences),
    apply: |from, to, plan| {
        rename_named(
            &mut from.sequences,
            &to.sequences,
            ("sequence", "SEQUENCE"),
            plan,
        );
    },
};
