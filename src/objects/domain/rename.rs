//! A domain's declared rename: `ALTER DOMAIN old RENAME TO new`; the columns of the domain
//! follow it.

use crate::objects::renaming::{declared, follow_type_rename, rename_named, Rename};

pub const RENAME: Rename = Rename {
    asked: |to| to.domains.iter().any(|d| declared(&d.renamed_from)),
    apply: |from, to, plan| {
        let done = rename_named(
            &mut from.domains,
            &to.domains,
            |d| &d.name,
            |d| &mut d.name,
            |d| &d.renamed_from,
            ("domain", "DOMAIN"),
            plan,
        );
        for (old, new) in done {
            follow_type_rename(from, &old, &new);
        }
    },
};
