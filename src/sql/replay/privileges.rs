//! Replay of GRANT / REVOKE, ALTER DEFAULT PRIVILEGES, and COMMENT ON the kinds beyond tables
//! (functions, views, triggers, policies, sequences, domains, composite types). The rules of
//! privileges live in `objects::privilege`; this file finds the objects a statement names.

use pg_query::protobuf::{self, node::Node as N, GrantTargetType, ObjectType};

use super::*;
use crate::objects::privilege::{self, Action};
use crate::objects::replaying::{missing, named_mut, ReplayError};

impl Replayer<'_> {
    /// Replays a statement about privileges or comments on these kinds; `None` when it is not
    /// one.
    pub(super) fn privilege_statement(&mut self, node: &N) -> Option<Step> {
        match node {
            N::GrantStmt(s) => Some(self.grant(s)),
            N::AlterDefaultPrivilegesStmt(s) => Some(
                privilege::alter_defaults(&mut self.schema.default_privileges, s)
                    .map_err(Into::into),
            ),
            N::GrantRoleStmt(_) => Some(Err(
                "GRANT role TO role changes the cluster, not the schema: create roles outside \
                 migrations and declare them under `roles:`"
                    .into(),
            )),
            N::CommentStmt(s) => self.comment_on_object(s),
            _ => None,
        }
    }

    fn grant(&mut self, s: &protobuf::GrantStmt) -> Step {
        let (target, actions) = privilege::actions(s)?;
        let all_in_schema =
            GrantTargetType::try_from(s.targtype) == Ok(GrantTargetType::AclTargetAllInSchema);
        if all_in_schema {
            for schema in strings(&s.objects) {
                let inside = |name: &str| namespace_of(name).unwrap_or("public") == schema;
                match target {
                    Target::Table => {
                        for t in self.schema.tables.iter_mut().filter(|t| inside(&t.name)) {
                            apply(&mut t.grants, target, &t.name, &actions);
                        }
                        for v in self.schema.views.iter_mut().filter(|v| inside(&v.name)) {
                            apply(&mut v.grants, target, &v.name, &actions);
                        }
                    }
                    Target::Sequence => {
                        for q in self.schema.sequences.iter_mut().filter(|q| inside(&q.name)) {
                            apply(&mut q.grants, target, &q.name, &actions);
                        }
                    }
                    Target::Function => {
                        for f in self.schema.functions.iter_mut().filter(|f| inside(&f.name)) {
                            apply(&mut f.grants, target, &f.name, &actions);
                        }
                    }
                    Target::Schema => {
                        return Err("ALL ... IN SCHEMA names tables, sequences or routines".into())
                    }
                }
            }
            return Ok(());
        }
        for object in &s.objects {
            let (name, grants) = self.grants_of(target, object)?;
            apply(grants, target, &name, &actions);
        }
        Ok(())
    }

    /// The object a GRANT names, and its list of grants.
    fn grants_of(
        &mut self,
        target: Target,
        object: &protobuf::Node,
    ) -> Result<(String, &mut Vec<Grant>), String> {
        let schemas = &self.schema.schemas;
        match (target, object.node.as_ref()) {
            (Target::Table, Some(N::RangeVar(r))) => {
                let name = relation_name(Some(r), schemas)?;
                if let Some(&i) = self.lookup.tables.get(&name) {
                    return Ok((name, &mut self.schema.tables[i].grants));
                }
                let v = self.view_mut(&name).map_err(|_| {
                    format!("table or view `{name}` does not exist at this point of the history")
                })?;
                Ok((name, &mut v.grants))
            }
            (Target::Sequence, Some(N::RangeVar(r))) => {
                let name = relation_name(Some(r), schemas)?;
                let q = self
                    .schema
                    .sequences
                    .iter_mut()
                    .find(|q| q.name == name)
                    .ok_or_else(|| {
                        format!(
                            "sequence `{name}` is not a standalone sequence of the model (the \
                             sequences behind serial and identity columns carry no grants here)"
                        )
                    })?;
                Ok((name, &mut q.grants))
            }
            (Target::Function, Some(N::ObjectWithArgs(o))) => {
                let i = crate::objects::function::find(&self.schema.functions, o)?;
                let f = &mut self.schema.functions[i];
                Ok((f.name.clone(), &mut f.grants))
            }
            (Target::Schema, Some(N::String(n))) if n.sval == "public" => {
                Ok(("public".into(), &mut self.schema.public_grants))
            }
            (Target::Schema, Some(N::String(n))) => {
                let ns = self
                    .schema
                    .schemas
                    .iter_mut()
                    .find(|x| x.name == n.sval)
                    .ok_or_else(|| {
                        format!(
                            "schema `{}` does not exist at this point of the history",
                            n.sval
                        )
                    })?;
                Ok((n.sval.clone(), &mut ns.grants))
            }
            _ => Err("a GRANT the model cannot read".into()),
        }
    }

    /// COMMENT ON FUNCTION / VIEW / TRIGGER / POLICY / SEQUENCE / DOMAIN / TYPE (composite);
    /// `None` for the kinds `names.rs` handles.
    fn comment_on_object(&mut self, s: &protobuf::CommentStmt) -> Option<Step> {
        let comment = (!s.comment.is_empty()).then(|| s.comment.clone());
        let object = s.object.as_ref().and_then(|o| o.node.as_ref());
        let kind = ObjectType::try_from(s.objtype).unwrap_or(ObjectType::Undefined);
        let schemas = self.schema.schemas.clone();
        let list = || match object {
            Some(N::List(l)) => Ok(strings(&l.items)),
            Some(N::TypeName(t)) => Ok(strings(&t.names)),
            _ => Err(ReplayError::from("COMMENT ON without a name")),
        };
        let set = |slot: &mut Option<String>| *slot = comment.clone();
        Some(match kind {
            ObjectType::ObjectFunction
            | ObjectType::ObjectProcedure
            | ObjectType::ObjectRoutine => {
                let Some(N::ObjectWithArgs(o)) = object else {
                    return Some(Err("COMMENT ON FUNCTION without a name".into()));
                };
                crate::objects::function::find(&self.schema.functions, o)
                    .map(|i| set(&mut self.schema.functions[i].comment))
                    .map_err(|e| String::from(e).into())
            }
            ObjectType::ObjectView | ObjectType::ObjectMatview => list()
                .and_then(|n| Ok(model_name(&n, &schemas)?))
                .and_then(|name| self.view_mut(&name).map(|v| set(&mut v.comment))),
            ObjectType::ObjectTrigger | ObjectType::ObjectPolicy => list().and_then(|n| {
                let (table, name) = crate::objects::trigger::table_and_name(&n)
                    .ok_or("COMMENT ON TRIGGER/POLICY names `name ON table`")?;
                let table = model_name(&table, &schemas)?;
                if kind == ObjectType::ObjectTrigger {
                    if let Some(v) = self.schema.views.iter_mut().find(|v| v.name == table) {
                        let tr = named_mut(&mut v.triggers, |t| &t.name, &name, "trigger", &table)?;
                        set(&mut tr.comment);
                        return Ok(());
                    }
                }
                let t = self.table_mut(&table)?;
                if kind == ObjectType::ObjectTrigger {
                    set(&mut trigger_mut(t, &name)?.comment);
                } else {
                    let p = named_mut(&mut t.policies, |p| &p.name, &name, "policy", &table)?;
                    set(&mut p.comment);
                }
                Ok(())
            }),
            ObjectType::ObjectSequence => list()
                .and_then(|n| Ok(model_name(&n, &schemas)?))
                .and_then(|name| {
                    let q = self
                        .schema
                        .sequences
                        .iter_mut()
                        .find(|q| q.name == name)
                        .ok_or_else(|| missing("sequence", &name))?;
                    set(&mut q.comment);
                    Ok(())
                }),
            ObjectType::ObjectDomain | ObjectType::ObjectType => {
                let Ok(name) = list().and_then(|n| Ok(model_name(&n, &schemas)?)) else {
                    return None;
                };
                if let Some(d) = self.schema.domains.iter_mut().find(|d| d.name == name) {
                    set(&mut d.comment);
                } else if let Some(c) = self.schema.composites.iter_mut().find(|c| c.name == name) {
                    set(&mut c.comment);
                } else {
                    return None; // an enum: names.rs
                }
                Ok(())
            }
            _ => return None,
        })
    }
}

fn apply(grants: &mut Vec<Grant>, target: Target, name: &str, actions: &[Action]) {
    for a in actions {
        privilege::apply(grants, privilege::builtin(target, name), a);
    }
}
