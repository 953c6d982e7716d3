//! A trigger's declared rename: `ALTER TRIGGER old ON table RENAME TO new`.

use crate::objects::renaming::{declared, rename_on_tables, Rename};

pub const RENAME: Rename = Rename {
    asked: |to| (to.tables.iter()).any(|t| t.triggers.iter().any(|x| declared(&x.renamed_from))),
    apply: |from, to, plan| {
        rename_on_tables(
            from,
            to,
            |t| &t.triggers,
            |t| &mut t.triggers,
            |x| &x.name,
            |x| &mut x.name,
            |x| &x.renamed_from,
            ("trigger", "TRIGGER"),
            plan,
        )
    },
};
