//! Replay of DROP, RENAME and COMMENT ON for the modelled kinds that live in tables.

use pg_query::protobuf::{self, node::Node as N, ObjectType};

use super::tables::*;
use super::*;

impl Replayer<'_> {
    pub(super) fn drop(&mut self, s: &protobuf::DropStmt) -> Step {
        let kind = ObjectType::try_from(s.remove_type).unwrap_or(ObjectType::Undefined);
        let cascade = s.behavior == protobuf::DropBehavior::DropCascade as i32;
        // Dropped tables and indexes leave the lookup as they go; a schema dropped with its
        // tables is rare enough to rebuild it whole.
        let mut rebuild = false;
        for object in &s.objects {
            match kind {
                ObjectType::ObjectTable => {
                    let Some(N::List(l)) = object.node.as_ref() else {
                        continue;
                    };
                    let name = model_name(&strings(&l.items), &self.schema.schemas)?;
                    let Some(&i) = self.lookup.tables.get(&name) else {
                        if s.missing_ok || self.drop_partition(&name) {
                            continue;
                        }
                        return Err(missing("table", &name));
                    };
                    let removed = self.schema.tables.remove(i);
                    self.lookup.table_removed(&removed, i, &self.schema.tables);
                    // Sequences it owns go with it.
                    self.schema
                        .sequences
                        .retain(|q| q.owned_by.as_ref().is_none_or(|(t, _)| *t != name));
                    if cascade {
                        for t in &mut self.schema.tables {
                            t.foreign_keys.retain(|f| f.ref_table != name);
                        }
                    }
                }
                ObjectType::ObjectIndex => {
                    let Some(N::List(l)) = object.node.as_ref() else {
                        continue;
                    };
                    let name = model_name(&strings(&l.items), &self.schema.schemas)?;
                    let mut found = false;
                    // Index names are unique per schema: the lookup knows the one table.
                    let table = self.lookup.indexes.get(&name).cloned();
                    let at = table.and_then(|t| self.lookup.tables.get(&t).copied());
                    if let Some(t) = at.map(|i| &mut self.schema.tables[i]) {
                        // `name` is qualified like its table: compare in the table's schema.
                        let here = |n: &str| sibling_name(&t.name, n) == name;
                        let before = t.indexes.len() + t.uniques.len();
                        t.indexes.retain(|i| !here(&i.name));
                        if t.uniques.iter().any(|u| here(&u.name) && !u.is_index()) {
                            return Err(format!(
                                "`{name}` is the index of a unique constraint: drop the constraint instead"
                            ).into());
                        }
                        t.uniques.retain(|u| !here(&u.name));
                        found = t.indexes.len() + t.uniques.len() != before;
                        self.lookup.indexes.remove(&name);
                    }
                    if !found && !s.missing_ok {
                        return Err(missing("index", &name));
                    }
                }
                ObjectType::ObjectType => {
                    let Some(N::TypeName(tn)) = object.node.as_ref() else {
                        continue;
                    };
                    let name = model_name(&strings(&tn.names), &self.schema.schemas)?;
                    self.refuse_if_used(&name)?;
                    remove_named(
                        &mut self.schema.enums,
                        |e| &e.name,
                        &name,
                        "type",
                        s.missing_ok,
                    )?;
                }
                ObjectType::ObjectSchema => {
                    let Some(name) = string_of(object) else {
                        continue;
                    };
                    let inside = |n: &str| namespace_of(n) == Some(name);
                    let held = self
                        .schema
                        .tables
                        .iter()
                        .map(|t| &t.name)
                        .chain(self.schema.enums.iter().map(|e| &e.name))
                        .find(|n| inside(n));
                    match (held, cascade) {
                        (Some(n), false) => {
                            return Err(format!(
                                "schema `{name}` is dropped while it still holds `{n}`"
                            )
                            .into())
                        }
                        (Some(_), true) => {
                            rebuild = true;
                            self.schema.tables.retain(|t| !inside(&t.name));
                            self.schema.enums.retain(|e| !inside(&e.name));
                            for t in &mut self.schema.tables {
                                t.foreign_keys.retain(|f| !inside(&f.ref_table));
                            }
                        }
                        (None, _) => {}
                    }
                    remove_named(
                        &mut self.schema.schemas,
                        |n| &n.name,
                        name,
                        "schema",
                        s.missing_ok,
                    )?;
                }
                // Functions, triggers, views, sequences, policies...: not modelled.
                _ => {}
            }
        }
        if rebuild {
            *self.lookup = Lookup::of(self.schema);
        }
        Ok(())
    }

    pub(super) fn rename(&mut self, s: &protobuf::RenameStmt) -> Step {
        let kind = ObjectType::try_from(s.rename_type).unwrap_or(ObjectType::Undefined);
        let new = s.newname.clone();
        match kind {
            ObjectType::ObjectTable => {
                let old = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
                // A rename stays in its schema.
                let new = sibling_name(&old, &new);
                self.table_mut(&old)?.name = new.clone();
                for q in &mut self.schema.sequences {
                    if let Some((t, _)) = q.owned_by.as_mut().filter(|(t, _)| *t == old) {
                        *t = new.clone();
                    }
                }
                for t in &mut self.schema.tables {
                    for f in &mut t.foreign_keys {
                        if f.ref_table == old {
                            f.ref_table = new.clone();
                        }
                    }
                }
            }
            ObjectType::ObjectColumn => {
                let table_name = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
                let old = s.subname.clone();
                let table = self.table_mut(&table_name)?;
                column_mut(table, &old)?.name = new.clone();
                rename_column_references(table, &old, &new);
                for q in &mut self.schema.sequences {
                    if let Some((_, c)) = q
                        .owned_by
                        .as_mut()
                        .filter(|(t, c)| *t == table_name && *c == old)
                    {
                        *c = new.clone();
                    }
                }
                for t in &mut self.schema.tables {
                    for f in &mut t.foreign_keys {
                        if f.ref_table == table_name {
                            for c in &mut f.ref_columns {
                                if *c == old {
                                    *c = new.clone();
                                }
                            }
                        }
                    }
                }
            }
            ObjectType::ObjectIndex => {
                let old = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
                let mut found = false;
                for t in &mut self.schema.tables {
                    let here = |n: &str| sibling_name(&t.name, n) == old;
                    for i in &mut t.indexes {
                        if here(&i.name) {
                            i.name = new.clone();
                            found = true;
                        }
                    }
                    for u in &mut t.uniques {
                        if here(&u.name) {
                            u.name = new.clone();
                            found = true;
                        }
                    }
                    if let Some(p) = &mut t.primary_key {
                        if here(&p.name) {
                            p.name = new.clone();
                            found = true;
                        }
                    }
                }
                if !found {
                    return Err(missing("index", &old));
                }
            }
            ObjectType::ObjectTabconstraint => {
                let table_name = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
                let old = s.subname.clone();
                let table = self.table_mut(&table_name)?;
                let mut found = false;
                if let Some(p) = &mut table.primary_key {
                    if p.name == old {
                        p.name = new.clone();
                        found = true;
                    }
                }
                for f in &mut table.foreign_keys {
                    if f.name == old {
                        f.name = new.clone();
                        found = true;
                    }
                }
                for u in &mut table.uniques {
                    if u.name == old {
                        u.name = new.clone();
                        found = true;
                    }
                }
                for c in &mut table.checks {
                    if c.name == old {
                        c.name = new.clone();
                        found = true;
                    }
                }
                for e in &mut table.exclusions {
                    if e.name == old {
                        e.name = new.clone();
                        found = true;
                    }
                }
                if !found {
                    return Err(format!("table `{table_name}` has no constraint `{old}`").into());
                }
            }
            ObjectType::ObjectSchema => {
                return Err(
                    "renaming a schema is not modelled: every name in it would change".into(),
                )
            }
            ObjectType::ObjectType => {
                let names = match s.object.as_ref().and_then(|o| o.node.as_ref()) {
                    Some(N::List(l)) => strings(&l.items),
                    Some(N::TypeName(tn)) => strings(&tn.names),
                    _ => return Err("ALTER TYPE RENAME without a type".into()),
                };
                let old = model_name(&names, &self.schema.schemas)?;
                let new = sibling_name(&old, &new);
                let e = self
                    .schema
                    .enums
                    .iter_mut()
                    .find(|e| e.name == old)
                    .ok_or_else(|| missing("type", &old))?;
                e.name = new.clone();
                crate::objects::table::follow_type_rename(&mut self.schema.tables, &old, &new);
            }
            _ => {}
        }
        *self.lookup = Lookup::of(self.schema);
        Ok(())
    }

    pub(super) fn comment(&mut self, s: &protobuf::CommentStmt) -> Step {
        let comment = (!s.comment.is_empty()).then(|| s.comment.clone());
        let object = s.object.as_ref().and_then(|o| o.node.as_ref());
        match (ObjectType::try_from(s.objtype), object) {
            (Ok(ObjectType::ObjectTable), Some(N::List(l))) => {
                let name = model_name(&strings(&l.items), &self.schema.schemas)?;
                self.table_mut(&name)?.comment = comment;
            }
            (Ok(ObjectType::ObjectColumn), Some(N::List(l))) => {
                let mut names = strings(&l.items);
                let column = names.pop().ok_or("COMMENT ON COLUMN without a column")?;
                let table = model_name(&names, &self.schema.schemas)?;
                column_mut(self.table_mut(&table)?, &column)?.comment = comment;
            }
            (Ok(ObjectType::ObjectType), Some(N::TypeName(tn))) => {
                let name = model_name(&strings(&tn.names), &self.schema.schemas)?;
                if let Some(e) = self.schema.enums.iter_mut().find(|e| e.name == name) {
                    e.comment = comment;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
