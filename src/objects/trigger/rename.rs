//! A trigger's declared rename: `ALTER TRIGGER old ON table RENAME TO new`.

use crate::objects::renaming::{any_declared, rename_on_tables, Rename};

pub const RENAME: Rename = Rename {
    asked: |to| to.tables.iter().any(|t| any_declared(&t.triggers)),
    apply: |from, to, plan| {
        rename_on_tables(
            from,
            to,
            |t| &t.triggers,
            |t| &mut t.triggers,
            ("trigger", "TRIGGER"),
            plan,
        )
    },
};
