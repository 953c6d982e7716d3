//! Views replayed onto the model: CREATE [OR REPLACE] VIEW, CREATE MATERIALIZED VIEW (and the
//! indexes on one), RENAME and DROP of both.

use pg_query::protobuf::{self, node::Node as N, ObjectType};

use super::View;
use crate::names::{local_name, namespace_of};
use crate::objects::privilege::Target;
use crate::objects::replaying::{drop_names, twice, Replayer, Step};

fn kind(t: i32) -> ObjectType {
    ObjectType::try_from(t).unwrap_or(ObjectType::Undefined)
}

/// Replays `node` when it is a statement about views; `None` otherwise.
pub fn replay(r: &mut Replayer, node: &N) -> Option<Step> {
    Some(match node {
        N::ViewStmt(s) => create(r, s),
        N::DropStmt(s) if kind(s.remove_type) == ObjectType::ObjectView => drop(r, s),
        N::RenameStmt(s) if kind(s.rename_type) == ObjectType::ObjectView => (|| -> Step {
            let old = r.relation_name(s.relation.as_ref())?;
            let v = r.view_mut(&old)?;
            // The definition names the view: read back under its new name.
            *v = v.renamed(&s.newname)?;
            Ok(())
        })(),
        N::CreateTableAsStmt(s) if kind(s.objtype) == ObjectType::ObjectMatview => {
            create_matview(r, s)
        }
        N::IndexStmt(s) if is_matview(r, s.relation.as_ref()) => {
            let name = r.relation_name(s.relation.as_ref());
            name.and_then(|n| Ok(r.view_mut(&n)?.add_index(s)?))
        }
        N::DropStmt(s) if kind(s.remove_type) == ObjectType::ObjectMatview => {
            r.drop_each(s, "materialized view", |r, name| {
                let before = r.schema.views.len();
                r.schema
                    .views
                    .retain(|v| !(v.materialized && v.name == name));
                Ok(before != r.schema.views.len())
            })
        }
        N::DropStmt(s) if kind(s.remove_type) == ObjectType::ObjectIndex => {
            return drop_matview_indexes(r, s)
        }
        N::RenameStmt(s) if kind(s.rename_type) == ObjectType::ObjectMatview => (|| -> Step {
            let (old, new) = r.renaming(s)?;
            r.name_is_free(&new)?;
            let v = r.view_mut(&old)?;
            *v = v.renamed(&s.newname)?;
            Ok(())
        })(),
        _ => return None,
    })
}

fn create(r: &mut Replayer, s: &protobuf::ViewStmt) -> Step {
    let mut view = View::from_statement(s, r.origin.clone())?;
    match r.schema.views.iter().position(|v| v.name == view.name) {
        Some(i) if s.replace && !r.schema.views[i].materialized => {
            // CREATE OR REPLACE keeps the grants and the comment.
            let old = &mut r.schema.views[i];
            view.grants = std::mem::take(&mut old.grants);
            view.comment = old.comment.take();
            *old = view;
        }
        Some(_) => return Err(twice("view", view.name)),
        None => {
            if r.has_table(&view.name) {
                return Err(format!("`{}` is already a table", view.name).into());
            }
            view.grants = r.created_grants(Target::Table, &view.name);
            r.schema.views.push(view)
        }
    }
    Ok(())
}

fn drop(r: &mut Replayer, s: &protobuf::DropStmt) -> Step {
    r.drop_each(s, "view", |r, name| {
        let before = r.schema.views.len();
        r.schema.views.retain(|v| v.materialized || v.name != name);
        Ok(before != r.schema.views.len())
    })
}

fn is_matview(r: &Replayer, rv: Option<&protobuf::RangeVar>) -> bool {
    r.relation_name(rv)
        .is_ok_and(|n| r.schema.views.iter().any(|v| v.materialized && v.name == n))
}

fn create_matview(r: &mut Replayer, s: &protobuf::CreateTableAsStmt) -> Step {
    let mut view = View::from_matview(s, r.origin.clone())?;
    if s.if_not_exists && r.schema.views.iter().any(|v| v.name == view.name) {
        return Ok(());
    }
    r.name_is_free(&view.name)?;
    view.grants = r.created_grants(Target::Table, &view.name);
    r.schema.views.push(view);
    Ok(())
}

/// DROP INDEX of materialized views' indexes (`[schema.]index`); `None` when one of the
/// indexes is not a materialized view's (a table's index: the table replay's).
fn drop_matview_indexes(r: &mut Replayer, s: &protobuf::DropStmt) -> Option<Step> {
    let mut found = Vec::new();
    for n in &drop_names(s) {
        let Ok(name) = r.model_name(n) else {
            return None;
        };
        let local = local_name(&name).to_string();
        let owner = r.schema.views.iter().position(|v| {
            namespace_of(&v.name) == namespace_of(&name)
                && v.indexes.iter().any(|(i, _)| *i == local)
        })?;
        found.push((owner, local));
    }
    for (owner, local) in found {
        r.schema.views[owner].indexes.retain(|(i, _)| *i != local);
    }
    Some(Ok(()))
}
