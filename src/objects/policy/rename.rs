//! A policy's declared rename: `ALTER POLICY old ON table RENAME TO new`.

use crate::objects::renaming::{any_declared, rename_on_tables, Rename};

pub const RENAME: Rename = Rename {
    asked: |to| to.tables.iter().any(|t| any_declared(&t.policies)),
    apply: |from, to, plan| {
        rename_on_tables(
            from,
            to,
            |t| &t.policies,
            |t| &mut t.policies,
            ("policy", "POLICY"),
            plan,
        )
    },
};
