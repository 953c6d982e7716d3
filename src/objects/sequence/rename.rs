//! A sequence's declared rename: `ALTER SEQUENCE old RENAME TO new`.

use crate::objects::renaming::{declared, rename_named, Rename};

pub const RENAME: Rename = Rename {
    asked: |to| to.sequences.iter().any(|q| declared(&q.renamed_from)),
    apply: |from, to, plan| {
        rename_named(
            &mut from.sequences,
            &to.sequences,
            |q| &q.name,
            |q| &mut q.name,
            |q| &q.renamed_from,
            ("sequence", "SEQUENCE"),
            plan,
        );
    },
};
