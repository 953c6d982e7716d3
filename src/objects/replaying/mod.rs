//! What every kind's replay works with: the schema being built, the lookups that keep it fast,
//! and where the statement was written. The kinds' replays (`objects/<kind>/replay.rs`) and the
//! table replay (`sql/replay/`) share it, so a kind finds a table, checks a name across kinds or
//! gives a new object its default grants the same way wherever its statement is replayed.

use pg_query::protobuf;

use crate::names::namespace_of;
use crate::objects::privilege::{Grant, Target};
use crate::objects::view::View;
use crate::origin::Origin;
use crate::schema::model::{Namespace, Schema, Table};
use crate::sql::normal::{loose_name, loose_relation, model_name_in, strings};

mod lookup;
pub use lookup::Lookup;

/// The outcome of replaying one statement.
pub type Step = Result<(), ReplayError>;

/// Why the model cannot follow a statement. `sql/replay.rs` places it at the statement's
/// file:line, with the fix its kind calls for ([`ReplayError::hint`]).
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// The statement names an object the history has not created by then (or has dropped).
    /// `on`: the table of a trigger or policy, written ` on `table``, or empty.
    #[error("{what} `{name}`{on} does not exist at this point of the history")]
    Missing {
        what: &'static str,
        name: String,
        on: String,
    },
    /// The statement creates an object whose name is taken by then.
    #[error("{what} `{name}` already exists at this point of the history")]
    Exists { what: &'static str, name: String },
    /// The statement creates an object the history holds already.
    /// `on`: the table of a trigger or policy, written ` on `table``, or empty.
    #[error("{what} `{name}`{on} is created twice")]
    Twice {
        what: &'static str,
        name: String,
        on: String,
    },
    /// What the statement does is valid SQL the model does not represent, or does not hold
    /// together (a sentence saying which).
    #[error("{0}")]
    NotFollowed(String),
}

impl ReplayError {
    /// How to fix the statement.
    pub fn hint(&self) -> &'static str {
        match self {
            ReplayError::Missing { .. } => {
                "an earlier migration must create it: check the files' versions (they run in \
                 order) and that no earlier one drops or renames it"
            }
            ReplayError::Exists { .. } | ReplayError::Twice { .. } => {
                "an earlier migration creates it already: drop or rename that one first, or \
                 write IF NOT EXISTS / OR REPLACE where PostgreSQL allows it"
            }
            ReplayError::NotFollowed(_) => {
                "write this change in a form hotelschema models (see docs/replay.md), or \
                 express it in the YAML and let `generate` write it"
            }
        }
    }
}

impl From<String> for ReplayError {
    fn from(s: String) -> ReplayError {
        ReplayError::NotFollowed(s)
    }
}

impl From<&str> for ReplayError {
    fn from(s: &str) -> ReplayError {
        ReplayError::NotFollowed(s.to_string())
    }
}

/// A statement being replayed onto `schema`.
pub struct Replayer<'a> {
    pub schema: &'a mut Schema,
    pub lookup: &'a mut Lookup,
    pub origin: &'a Origin,
}

/// `name` (a `what`: a kind's name) does not exist at this point of the history.
pub fn missing(what: &'static str, name: &str) -> ReplayError {
    ReplayError::Missing {
        what,
        name: name.to_string(),
        on: String::new(),
    }
}

/// `name` (a `what`) on table `table` does not exist at this point of the history.
pub fn missing_on(what: &'static str, name: &str, table: &str) -> ReplayError {
    ReplayError::Missing {
        what,
        name: name.to_string(),
        on: format!(" on `{table}`"),
    }
}

/// `name` (a `what`) is created a second time.
pub fn twice(what: &'static str, name: impl Into<String>) -> ReplayError {
    ReplayError::Twice {
        what,
        name: name.into(),
        on: String::new(),
    }
}

/// `name` (a `what`) on table `table` is created a second time.
pub fn twice_on(what: &'static str, name: impl Into<String>, table: &str) -> ReplayError {
    ReplayError::Twice {
        what,
        name: name.into(),
        on: format!(" on `{table}`"),
    }
}

/// The object called `name` among one table's `items` (its triggers, its policies).
pub fn named_mut<'t, T>(
    items: &'t mut [T],
    name_of: fn(&T) -> &str,
    name: &str,
    what: &'static str,
    table: &str,
) -> Result<&'t mut T, ReplayError> {
    items
        .iter_mut()
        .find(|x| name_of(x) == name)
        .ok_or_else(|| missing_on(what, name, table))
}

/// The model's name for a (possibly schema-qualified) object name list (see
/// `sql::normal::model_name_in`), the schemas being those the history created.
pub fn model_name(names: &[String], schemas: &[Namespace]) -> Result<String, String> {
    model_name_in(names, |s| schemas.iter().any(|n| n.name == s))
}

/// The model's name for the relation a statement names, its schema one the history created.
pub fn relation_name(
    rv: Option<&protobuf::RangeVar>,
    schemas: &[Namespace],
) -> Result<String, String> {
    let rv = rv.ok_or("a statement without its table")?;
    if rv.schemaname.is_empty() {
        return Ok(rv.relname.clone());
    }
    model_name(&[rv.schemaname.clone(), rv.relname.clone()], schemas)
}

/// The `[schema.]name` lists a DROP statement names.
pub fn drop_names(s: &protobuf::DropStmt) -> Vec<Vec<String>> {
    use protobuf::node::Node as N;
    s.objects
        .iter()
        .filter_map(|o| match o.node.as_ref() {
            Some(N::List(l)) => Some(strings(&l.items)),
            Some(N::TypeName(t)) => Some(strings(&t.names)),
            _ => None,
        })
        .collect()
}

impl Replayer<'_> {
    /// The grants a new object gets from the migrating role's default privileges.
    pub fn created_grants(&self, target: Target, name: &str) -> Vec<Grant> {
        let namespace = match target {
            Target::Schema => None,
            _ => namespace_of(name),
        };
        crate::objects::privilege::defaults_for(
            &self.schema.default_privileges,
            target,
            namespace,
            name,
        )
    }

    /// The model name of `names` among the schemas the history created.
    pub fn model_name(&self, names: &[String]) -> Result<String, ReplayError> {
        Ok(model_name(names, &self.schema.schemas)?)
    }

    /// The model name of the relation a statement names.
    pub fn relation_name(&self, rv: Option<&protobuf::RangeVar>) -> Result<String, ReplayError> {
        Ok(relation_name(rv, &self.schema.schemas)?)
    }

    /// The table `name`; a table of a schema the history never created (`auth.users`) is the
    /// platform's: it is added as an external table the first time a trigger, policy or grant
    /// names it.
    pub fn table_or_platform_mut(&mut self, name: &str) -> Result<&mut Table, ReplayError> {
        let platform =
            namespace_of(name).is_some_and(|ns| !self.schema.schemas.iter().any(|n| n.name == ns));
        if !self.has_table(name) && platform {
            let mut t = Table::empty(name, self.origin.clone());
            t.external = true;
            self.lookup.table_added(&t, self.schema.tables.len());
            self.schema.tables.push(t);
        }
        self.table_mut(name)
    }

    /// The object an `ALTER ... RENAME TO` names (a `[schema.]name` list, a type name or a
    /// relation) and its new name, in the object's schema: (old, new).
    pub fn renaming(&self, s: &protobuf::RenameStmt) -> Result<(String, String), ReplayError> {
        use protobuf::node::Node as N;
        let old = match s.object.as_ref().and_then(|o| o.node.as_ref()) {
            Some(N::List(l)) => self.model_name(&strings(&l.items))?,
            Some(N::TypeName(t)) => self.model_name(&strings(&t.names))?,
            _ => self.relation_name(s.relation.as_ref())?,
        };
        let new = crate::names::sibling_name(&old, &s.newname);
        Ok((old, new))
    }

    /// The model name of a relation a trigger or policy is on: a table of the schemas the
    /// history created, or of the platform's (`auth.users`).
    pub fn table_name_or_platform(
        &self,
        rv: Option<&protobuf::RangeVar>,
    ) -> Result<String, ReplayError> {
        self.relation_name(rv)
            .or_else(|e| match rv.map(loose_relation) {
                Some(name) if namespace_of(&name).is_some() => Ok(name),
                _ => Err(e),
            })
    }

    pub fn has_table(&self, name: &str) -> bool {
        self.lookup.tables.contains_key(name)
    }

    pub fn table_mut(&mut self, name: &str) -> Result<&mut Table, ReplayError> {
        match self.lookup.tables.get(name) {
            Some(&i) => Ok(&mut self.schema.tables[i]),
            None => Err(missing("table", name)),
        }
    }

    pub fn view_mut(&mut self, name: &str) -> Result<&mut View, ReplayError> {
        self.schema
            .views
            .iter_mut()
            .find(|v| v.name == name)
            .ok_or_else(|| missing("view", name))
    }

    /// Tables, views and sequences share one namespace (pg_class): `name` must be free in it.
    pub fn name_is_free(&self, name: &str) -> Step {
        let taken = self.has_table(name)
            || self.schema.views.iter().any(|v| v.name == name)
            || self.schema.sequences.iter().any(|q| q.name == name);
        if taken {
            Err(ReplayError::Exists {
                what: "relation",
                name: name.to_string(),
            })
        } else {
            Ok(())
        }
    }

    /// Types (enums, domains, composite types) share pg_type with tables' row types.
    pub fn type_name_is_free(&self, name: &str) -> Step {
        if self.schema.type_names().contains(&name) || self.has_table(name) {
            Err(ReplayError::Exists {
                what: "type",
                name: name.to_string(),
            })
        } else {
            Ok(())
        }
    }

    /// A type dropped while a column still uses it is refused, as PostgreSQL refuses it.
    pub fn refuse_if_used(&self, type_name: &str) -> Step {
        if crate::objects::table::uses_type(&self.schema.tables, type_name) {
            Err(format!("type `{type_name}` is dropped while columns still use it").into())
        } else {
            Ok(())
        }
    }

    /// DROP of objects known by their name (`[schema.]name`): `remove` takes each one out of
    /// the schema and says whether it was there; one that was not is an error unless the
    /// statement said IF EXISTS.
    pub fn drop_each(
        &mut self,
        s: &protobuf::DropStmt,
        what: &'static str,
        remove: impl Fn(&mut Replayer, &str) -> Result<bool, ReplayError>,
    ) -> Step {
        for n in drop_names(s) {
            let name = self.model_name(&n)?;
            if !remove(self, &name)? && !s.missing_ok {
                return Err(missing(what, &name));
            }
        }
        Ok(())
    }

    /// DROP TRIGGER / DROP POLICY: each object names `[schema.]table` then the object;
    /// `remove` takes it off its table and says whether it was there.
    pub fn drop_table_objects(
        &mut self,
        s: &protobuf::DropStmt,
        what: &'static str,
        remove: impl Fn(&mut Table, &str) -> bool,
    ) -> Step {
        use protobuf::node::Node as N;
        for object in &s.objects {
            let Some(N::List(l)) = object.node.as_ref() else {
                continue;
            };
            let Some((table, name)) = crate::objects::trigger::table_and_name(&strings(&l.items))
            else {
                continue;
            };
            // A table of the history's schemas, or the platform's (`auth.users`).
            let table = self.model_name(&table).or_else(|e| {
                let loose = loose_name(&table);
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
                return Err(missing_on(what, &name, &table));
            }
        }
        Ok(())
    }
}
