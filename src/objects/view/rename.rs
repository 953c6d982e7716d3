//! A view's (or materialized view's) declared rename: `ALTER [MATERIALIZED] VIEW old RENAME TO
//! new`. Its definition names it, so it is read back under the new name.

use crate::diff::plan::Step;
use crate::names::{local_name, sibling_name};
use crate::objects::renaming::{any_declared, rename_change, wanted, Rename};

pub const RENAME: Rename = Rename {
    asked: |to| any_declared(&to.views),
    apply: |from, to, plan| {
        for v in &to.views {
            let names: Vec<String> = from.views.iter().map(|x| x.name.clone()).collect();
            let Some(old) = wanted(&v.renamed_from, &v.name, |n| {
                names
                    .iter()
                    .any(|x| x == &sibling_name(&v.name, local_name(n)))
            }) else {
                continue;
            };
            let old = sibling_name(&v.name, local_name(old));
            let Some(i) = from.views.iter().position(|x| x.name == old) else {
                continue;
            };
            let was = from.views[i].clone();
            let Ok(renamed) = was.renamed(local_name(&v.name)) else {
                continue;
            };
            from.views[i] = renamed;
            plan.push(
                Step::Rename,
                rename_change(
                    &v.keyword().to_lowercase(),
                    &old,
                    &v.name,
                    was.rename_sql(local_name(&v.name)),
                    from.views[i].rename_sql(local_name(&old)),
                ),
            );
        }
    },
};
