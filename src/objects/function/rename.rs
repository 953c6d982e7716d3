//! A function's declared rename: `ALTER FUNCTION old(args) RENAME TO new`, same arguments. The
//! triggers that call it follow it (they call it by its oid).

use crate::diff::plan::Step;
use crate::names::{local_name, sibling_name};
use crate::objects::renaming::{any_declared, rename_change, Rename};

pub const RENAME: Rename = Rename {
    asked: |to| any_declared(&to.functions),
    apply: |from, to, plan| {
        for f in &to.functions {
            let Some(old) = f.renamed_from.0.as_deref() else {
                continue;
            };
            let old_name = sibling_name(&f.name, local_name(old));
            let old_identity = format!("{old_name}({})", f.args.join(", "));
            let taken = from.functions.iter().any(|x| x.identity() == f.identity());
            let Some(i) = from
                .functions
                .iter()
                .position(|x| x.identity() == old_identity)
            else {
                continue;
            };
            if taken || old_name == f.name {
                continue;
            }
            let was = from.functions[i].clone();
            from.functions[i] = was.renamed(local_name(&f.name));
            crate::schema::model::follow_function_rename(&mut from.tables, &was.name, &f.name);
            plan.push(
                Step::Rename,
                rename_change(
                    "function",
                    &was.identity(),
                    &f.identity(),
                    was.rename_sql(local_name(&f.name)),
                    from.functions[i].rename_sql(local_name(old)),
                ),
            );
        }
    },
};
