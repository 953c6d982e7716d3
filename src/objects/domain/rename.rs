//! A domain's declared rename: `ALTER DOMAIN old RENAME TO new`; the columns of the domain
//! follow it.

use crate::objects::renaming::{declared, rename_named, Rename};
use crate::objects::table::follow_type_rename;

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
            follow_type_rename(&mut from.tables, &old, &new);
        }
    },
};
