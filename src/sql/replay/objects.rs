//! Replay of the objects that live on or beside tables — policies, views, triggers — kept out
//! of the table replay so each stays readable. (Functions replay in `objects::function`.)

use pg_query::protobuf::{self, node::Node as N, ObjectType};

use super::{model_name, named_mut, relation_name, strings, trigger_mut, Replayer, Step, Target};
use crate::objects::policy::Policy;
use crate::objects::trigger::Trigger;
use crate::objects::view::View;
use crate::schema::model::*;

fn is_kind(t: i32, kinds: &[ObjectType]) -> bool {
    ObjectType::try_from(t).is_ok_and(|k| kinds.contains(&k))
}

const KINDS: &[ObjectType] = &[
    ObjectType::ObjectPolicy,
    ObjectType::ObjectView,
    ObjectType::ObjectTrigger,
];

impl Replayer<'_> {
    /// Replays a statement about policies, views or triggers; `None` when it is not one.
    pub(super) fn object_statement(&mut self, node: &N) -> Option<Step> {
        let mine = match node {
            N::CreatePolicyStmt(_)
            | N::AlterPolicyStmt(_)
            | N::ViewStmt(_)
            | N::CreateTrigStmt(_) => true,
            N::DropStmt(s) => is_kind(s.remove_type, KINDS),
            N::RenameStmt(s) => is_kind(s.rename_type, KINDS),
            _ => false,
        };
        mine.then(|| self.apply_object_statement(node))
    }

    fn apply_object_statement(&mut self, node: &N) -> Step {
        match node {
            N::CreatePolicyStmt(s) => {
                let table = self.table_name_or_platform(s.table.as_ref())?;
                let policy = Policy::from_statement(s, self.origin.clone())?;
                let t = self.table_or_platform_mut(&table)?;
                if t.policies.iter().any(|p| p.name == policy.name) {
                    return Err(format!(
                        "policy `{}` on `{table}` is created twice",
                        policy.name
                    ));
                }
                t.policies.push(policy);
                Ok(())
            }
            N::AlterPolicyStmt(s) => {
                let table = relation_name(s.table.as_ref(), &self.schema.schemas)?;
                policy_mut(self.table_mut(&table)?, &s.policy_name)?.alter(s)
            }
            N::DropStmt(s)
                if ObjectType::try_from(s.remove_type) == Ok(ObjectType::ObjectPolicy) =>
            {
                self.drop_table_objects(s, "policy", |t, name| {
                    let before = t.policies.len();
                    t.policies.retain(|p| p.name != name);
                    t.policies.len() != before
                })
            }
            N::RenameStmt(s)
                if ObjectType::try_from(s.rename_type) == Ok(ObjectType::ObjectPolicy) =>
            {
                let table = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
                policy_mut(self.table_mut(&table)?, &s.subname)?.name = s.newname.clone();
                Ok(())
            }
            N::ViewStmt(s) => {
                let mut view = View::from_statement(s, self.origin.clone())?;
                match self.schema.views.iter().position(|v| v.name == view.name) {
                    Some(i) if s.replace && !self.schema.views[i].materialized => {
                        // CREATE OR REPLACE keeps the grants and the comment.
                        let old = &mut self.schema.views[i];
                        view.grants = std::mem::take(&mut old.grants);
                        view.comment = old.comment.take();
                        *old = view;
                    }
                    Some(_) => return Err(format!("view `{}` is created twice", view.name)),
                    None => {
                        if self.has_table(&view.name) {
                            return Err(format!("`{}` is already a table", view.name));
                        }
                        view.grants = self.created_grants(Target::Table, &view.name);
                        self.schema.views.push(view)
                    }
                }
                Ok(())
            }
            N::DropStmt(s) if ObjectType::try_from(s.remove_type) == Ok(ObjectType::ObjectView) => {
                for object in &s.objects {
                    let Some(N::List(l)) = object.node.as_ref() else {
                        continue;
                    };
                    let name = model_name(&strings(&l.items), &self.schema.schemas)?;
                    let before = self.schema.views.len();
                    self.schema
                        .views
                        .retain(|v| v.materialized || v.name != name);
                    if self.schema.views.len() == before && !s.missing_ok {
                        return Err(format!(
                            "view `{name}` does not exist at this point of the history"
                        ));
                    }
                }
                Ok(())
            }
            N::RenameStmt(s)
                if ObjectType::try_from(s.rename_type) == Ok(ObjectType::ObjectView) =>
            {
                let old = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
                let Some(v) = self.schema.views.iter_mut().find(|v| v.name == old) else {
                    return Err(format!(
                        "view `{old}` does not exist at this point of the history"
                    ));
                };
                // The definition names the view: read back under its new name.
                *v = v.renamed(&s.newname)?;
                Ok(())
            }
            N::CreateTrigStmt(s) => self.create_trigger(s),
            N::DropStmt(s)
                if ObjectType::try_from(s.remove_type) == Ok(ObjectType::ObjectTrigger) =>
            {
                self.drop_triggers(s)
            }
            N::RenameStmt(s)
                if ObjectType::try_from(s.rename_type) == Ok(ObjectType::ObjectTrigger) =>
            {
                let table = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
                if let Some(v) = self.schema.views.iter_mut().find(|v| v.name == table) {
                    let t = v
                        .triggers
                        .iter_mut()
                        .find(|t| t.name == s.subname)
                        .ok_or_else(|| {
                            format!("trigger `{}` on `{table}` does not exist", s.subname)
                        })?;
                    t.name = s.newname.clone();
                    return Ok(());
                }
                let trigger = trigger_mut(self.table_mut(&table)?, &s.subname)?;
                trigger.name = s.newname.clone();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn create_trigger(&mut self, s: &protobuf::CreateTrigStmt) -> Step {
        let table_name = self.table_name_or_platform(s.relation.as_ref())?;
        let trigger = Trigger::from_statement(s, self.origin.clone())?;
        if let Some(v) = self.schema.views.iter_mut().find(|v| v.name == table_name) {
            return match v.triggers.iter().position(|t| t.name == trigger.name) {
                Some(i) if s.replace => {
                    v.triggers[i] = trigger;
                    Ok(())
                }
                Some(_) => Err(format!(
                    "trigger `{}` on `{table_name}` is created twice",
                    trigger.name
                )),
                None => {
                    v.triggers.push(trigger);
                    Ok(())
                }
            };
        }
        let table = self.table_or_platform_mut(&table_name)?;
        match table.triggers.iter().position(|t| t.name == trigger.name) {
            Some(i) if s.replace => {
                let comment = table.triggers[i].comment.take();
                table.triggers[i] = Trigger { comment, ..trigger };
            }
            Some(_) => {
                return Err(format!(
                    "trigger `{}` on `{table_name}` is created twice",
                    trigger.name
                ))
            }
            None => table.triggers.push(trigger),
        }
        Ok(())
    }

    fn drop_triggers(&mut self, s: &protobuf::DropStmt) -> Step {
        // Triggers on views first: `[schema.]view, trigger`.
        let mut rest = s.clone();
        rest.objects.retain(|object| {
            let Some(N::List(l)) = object.node.as_ref() else {
                return true;
            };
            let Some((relation, name)) =
                crate::objects::trigger::table_and_name(&strings(&l.items))
            else {
                return true;
            };
            let relation = super::loose_name(&relation);
            match self.schema.views.iter_mut().find(|v| v.name == relation) {
                Some(v) => {
                    v.triggers.retain(|t| t.name != name);
                    false
                }
                None => true,
            }
        });
        let s = &rest;
        self.drop_table_objects(s, "trigger", |t, name| {
            let before = t.triggers.len();
            t.triggers.retain(|x| x.name != name);
            t.triggers.len() != before
        })
    }

    /// DROP TRIGGER / DROP POLICY: each object names `[schema.]table` then the object;
    /// `remove` takes it off its table and says whether it was there.
    fn drop_table_objects(
        &mut self,
        s: &protobuf::DropStmt,
        what: &str,
        remove: impl Fn(&mut Table, &str) -> bool,
    ) -> Step {
        for object in &s.objects {
            let Some(N::List(l)) = object.node.as_ref() else {
                continue;
            };
            let Some((table, name)) = crate::objects::trigger::table_and_name(&strings(&l.items))
            else {
                continue;
            };
            // A table of the history's schemas, or the platform's (`auth.users`).
            let table = model_name(&table, &self.schema.schemas).or_else(|e| {
                let loose = super::loose_name(&table);
                if self.has_table(&loose) {
                    Ok(loose)
                } else {
                    Err(e)
                }
            })?;
            if !self.has_table(&table) && s.missing_ok {
                continue;
            }
            if !remove(self.table_mut(&table)?, &name) && !s.missing_ok {
                return Err(format!(
                    "{what} `{name}` on `{table}` does not exist at this point of the history"
                ));
            }
        }
        Ok(())
    }
}

fn policy_mut<'t>(table: &'t mut Table, name: &str) -> Result<&'t mut Policy, String> {
    named_mut(
        &mut table.policies,
        |p| &p.name,
        name,
        "policy",
        &table.name,
    )
}
