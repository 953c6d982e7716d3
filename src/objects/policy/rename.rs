//! A policy's declared rename: `ALTER POLICY old ON table RENAME TO new`.

use crate::objects::renaming::{declared, rename_on_tables, Rename};

pub const RENAME: Rename = Rename {
    asked: |to| (to.tables.iter()).any(|t| t.policies.iter().any(|x| declared(&x.renamed_from))),
    apply: |from, to, plan| {
        rename_on_tables(
            from,
            to,
            |t| &t.policies,
            |t| &mut t.policies,
            |x| &x.name,
            |x| &mut x.name,
            |x| &x.renamed_from,
            ("policy", "POLICY"),
            plan,
        )
    },
};
