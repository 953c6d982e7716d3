//! Replay of standalone sequences, domains, composite types and materialized views (with their
//! indexes): created, altered, renamed, dropped. Each kind's reading lives in `objects::<kind>`;
//! this file finds the object a statement names and hands it the statement.

use pg_query::protobuf::{self, node::Node as N, ObjectType};

use super::*;
use crate::objects::composite::Composite;
use crate::objects::domain::Domain;
use crate::objects::sequence::Sequence;
use crate::objects::view::View;

fn kind(t: i32) -> ObjectType {
    ObjectType::try_from(t).unwrap_or(ObjectType::Undefined)
}

/// The `[schema.]name` lists a DROP statement names.
fn drop_names(s: &protobuf::DropStmt) -> Vec<Vec<String>> {
    s.objects
        .iter()
        .filter_map(|o| match o.node.as_ref() {
            Some(N::List(l)) => Some(strings(&l.items)),
            Some(N::TypeName(t)) => Some(strings(&t.names)),
            _ => None,
        })
        .collect()
}

fn missing(what: &str, name: &str) -> String {
    format!("{what} `{name}` does not exist at this point of the history")
}

impl Replayer<'_> {
    /// Replays a statement about these kinds; `None` when it is not one.
    pub(super) fn type_statement(&mut self, node: &N) -> Option<Step> {
        Some(match node {
            N::CreateSeqStmt(s) => self.create_sequence(s),
            N::AlterSeqStmt(s) => self.alter_sequence(s),
            N::CreateDomainStmt(s) => self.create_domain(s),
            N::AlterDomainStmt(s) => model_name(&strings(&s.type_name), &self.schema.schemas)
                .and_then(|name| {
                    let d = self
                        .schema
                        .domains
                        .iter_mut()
                        .find(|d| d.name == name)
                        .ok_or_else(|| missing("domain", &name))?;
                    d.alter(s)
                }),
            N::CompositeTypeStmt(s) => self.create_composite(s),
            N::AlterTableStmt(s) if kind(s.objtype) == ObjectType::ObjectType => {
                relation_name(s.relation.as_ref(), &self.schema.schemas).and_then(|name| {
                    self.schema
                        .composites
                        .iter_mut()
                        .find(|c| c.name == name)
                        .ok_or_else(|| missing("composite type", &name))?
                        .alter(&s.cmds)
                })
            }
            N::CreateTableAsStmt(s) if kind(s.objtype) == ObjectType::ObjectMatview => {
                self.create_matview(s)
            }
            N::IndexStmt(s) if self.is_matview(s.relation.as_ref()) => {
                let name = relation_name(s.relation.as_ref(), &self.schema.schemas);
                name.and_then(|n| self.view_mut(&n)?.add_index(s))
            }
            N::DropStmt(s) => return self.drop_type_objects(s),
            N::RenameStmt(s) => return self.rename_type_object(s),
            _ => return None,
        })
    }

    fn is_matview(&self, rv: Option<&protobuf::RangeVar>) -> bool {
        relation_name(rv, &self.schema.schemas).is_ok_and(|n| {
            self.schema
                .views
                .iter()
                .any(|v| v.materialized && v.name == n)
        })
    }

    pub(super) fn view_mut(&mut self, name: &str) -> Result<&mut View, String> {
        self.schema
            .views
            .iter_mut()
            .find(|v| v.name == name)
            .ok_or_else(|| missing("view", name))
    }

    fn name_is_free(&self, name: &str) -> Result<(), String> {
        let taken = self.has_table(name)
            || self.schema.views.iter().any(|v| v.name == name)
            || self.schema.sequences.iter().any(|q| q.name == name);
        if taken {
            Err(format!(
                "`{name}` already exists at this point of the history"
            ))
        } else {
            Ok(())
        }
    }

    fn type_name_is_free(&self, name: &str) -> Result<(), String> {
        if self.schema.type_names().contains(&name) || self.has_table(name) {
            Err(format!(
                "type `{name}` already exists at this point of the history"
            ))
        } else {
            Ok(())
        }
    }

    fn create_sequence(&mut self, s: &protobuf::CreateSeqStmt) -> Step {
        let mut seq = Sequence::from_statement(s, self.origin.clone())?;
        if s.if_not_exists && self.schema.sequences.iter().any(|q| q.name == seq.name) {
            return Ok(());
        }
        self.name_is_free(&seq.name)?;
        self.check_owner(&seq)?;
        seq.grants = self.created_grants(Target::Sequence, &seq.name);
        self.schema.sequences.push(seq);
        Ok(())
    }

    fn check_owner(&self, seq: &Sequence) -> Step {
        if let Some((t, c)) = &seq.owned_by {
            let table = self
                .schema
                .table(t)
                .ok_or_else(|| format!("OWNED BY names table `{t}`, which does not exist"))?;
            if table.column(c).is_none() {
                return Err(format!(
                    "OWNED BY names column `{t}.{c}`, which does not exist"
                ));
            }
            if namespace_of(t) != namespace_of(&seq.name) {
                return Err(format!(
                    "sequence `{}` cannot be owned by `{t}.{c}`: a sequence must be in the schema \
                     of the table that owns it",
                    seq.name
                ));
            }
        }
        Ok(())
    }

    fn alter_sequence(&mut self, s: &protobuf::AlterSeqStmt) -> Step {
        let name = relation_name(s.sequence.as_ref(), &self.schema.schemas)?;
        let Some(i) = self.schema.sequences.iter().position(|q| q.name == name) else {
            return if s.missing_ok {
                Ok(())
            } else {
                Err(missing("sequence", &name))
            };
        };
        let mut seq = self.schema.sequences[i].clone();
        seq.apply_options(&s.options, false)?;
        self.check_owner(&seq)?;
        self.schema.sequences[i] = seq;
        Ok(())
    }

    fn create_domain(&mut self, s: &protobuf::CreateDomainStmt) -> Step {
        let d = Domain::from_statement(s, self.origin.clone())?;
        self.type_name_is_free(&d.name)?;
        self.schema.domains.push(d);
        Ok(())
    }

    fn create_composite(&mut self, s: &protobuf::CompositeTypeStmt) -> Step {
        let c = Composite::from_statement(s, self.origin.clone())?;
        self.type_name_is_free(&c.name)?;
        self.schema.composites.push(c);
        Ok(())
    }

    fn create_matview(&mut self, s: &protobuf::CreateTableAsStmt) -> Step {
        let mut view = View::from_matview(s, self.origin.clone())?;
        if s.if_not_exists && self.schema.views.iter().any(|v| v.name == view.name) {
            return Ok(());
        }
        self.name_is_free(&view.name)?;
        view.grants = self.created_grants(Target::Table, &view.name);
        self.schema.views.push(view);
        Ok(())
    }

    /// DROP SEQUENCE / DOMAIN / MATERIALIZED VIEW, DROP TYPE of composite types, DROP INDEX of
    /// a materialized view's index; `None` for other drops.
    fn drop_type_objects(&mut self, s: &protobuf::DropStmt) -> Option<Step> {
        let names = drop_names(s);
        let schemas = self.schema.schemas.clone();
        let model = |n: &Vec<String>| model_name(n, &schemas);
        let removed = |what: &str, name: &str, gone: bool| -> Step {
            if gone || s.missing_ok {
                Ok(())
            } else {
                Err(missing(what, name))
            }
        };
        match kind(s.remove_type) {
            ObjectType::ObjectSequence => Some(names.iter().try_for_each(|n| {
                let name = model(n)?;
                let before = self.schema.sequences.len();
                self.schema.sequences.retain(|q| q.name != name);
                removed("sequence", &name, before != self.schema.sequences.len())
            })),
            ObjectType::ObjectDomain => Some(names.iter().try_for_each(|n| {
                let name = model(n)?;
                self.refuse_if_used(&name)?;
                let before = self.schema.domains.len();
                self.schema.domains.retain(|d| d.name != name);
                removed("domain", &name, before != self.schema.domains.len())
            })),
            ObjectType::ObjectMatview => Some(names.iter().try_for_each(|n| {
                let name = model(n)?;
                let before = self.schema.views.len();
                self.schema
                    .views
                    .retain(|v| !(v.materialized && v.name == name));
                removed(
                    "materialized view",
                    &name,
                    before != self.schema.views.len(),
                )
            })),
            ObjectType::ObjectType => {
                let all_composite = !names.is_empty()
                    && names.iter().all(|n| {
                        model(n)
                            .is_ok_and(|name| self.schema.composites.iter().any(|c| c.name == name))
                    });
                all_composite.then(|| {
                    names.iter().try_for_each(|n| {
                        let name = model(n)?;
                        self.refuse_if_used(&name)?;
                        self.schema.composites.retain(|c| c.name != name);
                        Ok(())
                    })
                })
            }
            ObjectType::ObjectIndex => {
                // An index of a materialized view: `[schema.]index`.
                let mut found = Vec::new();
                for n in &names {
                    let Ok(name) = model(n) else { return None };
                    let local = local_name(&name).to_string();
                    let owner = self.schema.views.iter().position(|v| {
                        namespace_of(&v.name) == namespace_of(&name)
                            && v.indexes.iter().any(|(i, _)| *i == local)
                    })?;
                    found.push((owner, local));
                }
                for (owner, local) in found {
                    self.schema.views[owner]
                        .indexes
                        .retain(|(i, _)| *i != local);
                }
                Some(Ok(()))
            }
            _ => None,
        }
    }

    fn refuse_if_used(&self, type_name: &str) -> Step {
        let used = self.schema.tables.iter().any(|t| {
            t.columns.iter().any(|c| {
                matches!(&c.column_type.base, crate::schema::types::BaseType::Named(e) if e == type_name)
            })
        });
        if used {
            Err(format!(
                "type `{type_name}` is dropped while columns still use it"
            ))
        } else {
            Ok(())
        }
    }

    /// ALTER SEQUENCE / DOMAIN / MATERIALIZED VIEW / TYPE (composite) ... RENAME TO.
    fn rename_type_object(&mut self, s: &protobuf::RenameStmt) -> Option<Step> {
        let schemas = self.schema.schemas.clone();
        let object_name = || -> Result<String, String> {
            match s.object.as_ref().and_then(|o| o.node.as_ref()) {
                Some(N::List(l)) => model_name(&strings(&l.items), &schemas),
                Some(N::TypeName(t)) => model_name(&strings(&t.names), &schemas),
                _ => relation_name(s.relation.as_ref(), &schemas),
            }
        };
        match kind(s.rename_type) {
            ObjectType::ObjectSequence => Some(object_name().and_then(|old| {
                let new = sibling_name(&old, &s.newname);
                self.name_is_free(&new)?;
                let q = self
                    .schema
                    .sequences
                    .iter_mut()
                    .find(|q| q.name == old)
                    .ok_or_else(|| missing("sequence", &old))?;
                q.name = new;
                Ok(())
            })),
            ObjectType::ObjectDomain => Some(object_name().and_then(|old| {
                let new = sibling_name(&old, &s.newname);
                self.type_name_is_free(&new)?;
                let d = self
                    .schema
                    .domains
                    .iter_mut()
                    .find(|d| d.name == old)
                    .ok_or_else(|| missing("domain", &old))?;
                d.name = new.clone();
                self.rename_type_uses(&old, &new);
                Ok(())
            })),
            ObjectType::ObjectType => {
                let old = object_name().ok()?;
                let i = self.schema.composites.iter().position(|c| c.name == old)?;
                let new = sibling_name(&old, &s.newname);
                Some(self.type_name_is_free(&new).map(|_| {
                    self.schema.composites[i].name = new.clone();
                    self.rename_type_uses(&old, &new);
                }))
            }
            ObjectType::ObjectMatview => Some(object_name().and_then(|old| {
                let new = sibling_name(&old, &s.newname);
                self.name_is_free(&new)?;
                let v = self.view_mut(&old)?;
                *v = v.renamed(&s.newname)?;
                Ok(())
            })),
            _ => None,
        }
    }

    /// Columns of type `old` now have type `new`.
    fn rename_type_uses(&mut self, old: &str, new: &str) {
        for t in &mut self.schema.tables {
            for c in &mut t.columns {
                if let crate::schema::types::BaseType::Named(e) = &mut c.column_type.base {
                    if e == old {
                        *e = new.to_string();
                    }
                }
            }
        }
    }
}
