//! DDL → model: replays migration files, parsed by PostgreSQL's own parser (pg_query), onto a
//! `Schema`, offline. This is how `generate` learns what the existing migrations produce —
//! hand-edited ones included, with no snapshot file to fall out of date.
//!
//! Each kind of the registry replays its own statements (`objects/<kind>/replay.rs`, sharing
//! `objects/replaying/`); tables, their columns, constraints and indexes, schemas, renames, drops,
//! grants and comments are replayed here. Statements that touch nothing modelled (DML,
//! SET, BEGIN/COMMIT) are skipped. A statement that changes a modelled object in a way
//! the model cannot follow is an error naming file:line, never a silently wrong model.

use std::collections::HashSet;

use pg_query::protobuf::{self, node::Node as N, ObjectType};

use crate::names::default_name;
use crate::objects::privilege::{Grant, Target};
use crate::objects::replaying::{
    missing, model_name, relation_name, twice, Lookup, Replayer, Step,
};
use crate::objects::trigger::replay::trigger_mut;
use crate::schema::diagnostic::Diagnostic;
use crate::schema::model::*;
use crate::schema::types::ColumnType;

pub use crate::sql::normal::{
    expression_sql, normalize_expression, public_stripped, string_list, type_sql,
};
pub(crate) use crate::sql::normal::{string_of, strings};

mod duplicate_keys;
mod indexes;
mod names;
mod partitions;
mod privileges;
mod tables;
pub use crate::sql::statements::{bytes_scanned, parse_statements, LineIndex, Source, Statement};
pub use tables::{exclusion_of, rename_in_expression};
#[cfg(test)]
mod tests;

/// Replays `sql` (the text of `file`) onto `schema`. On error `schema` holds the statements
/// before the failing one.
pub fn replay_file(schema: &mut Schema, file: &str, sql: &str) -> Result<(), Diagnostic> {
    let mut history = History::new(std::mem::take(schema));
    let result = parse_statements(file, sql).and_then(|st| history.apply(&st));
    *schema = history.schema;
    result
}

/// The table a foreign key constraint points at.
fn fk_target(out: &mut HashSet<String>, c: &protobuf::Constraint) {
    if let Some(pk) = &c.pktable {
        out.insert(pk.relname.clone());
    }
}

/// The tables a column definition's inline REFERENCES point at.
fn column_fk_targets(out: &mut HashSet<String>, def: &protobuf::ColumnDef) {
    for c in &def.constraints {
        if let Some(N::Constraint(c)) = c.node.as_ref() {
            fk_target(out, c);
        }
    }
}

/// A schema being built by replaying statements, with the lookups that keep it fast.
pub struct History {
    pub schema: Schema,
    lookup: Lookup,
}

impl History {
    pub fn new(schema: Schema) -> History {
        let lookup = Lookup::of(&schema);
        History { schema, lookup }
    }

    /// A table of the schema, found by a hash lookup rather than a scan of every table.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.lookup
            .tables
            .get(name)
            .map(|&i| &self.schema.tables[i])
    }

    /// The table an index (or unique index) belongs to.
    pub fn table_of_index(&self, index: &str) -> Option<&str> {
        self.lookup.indexes.get(index).map(String::as_str)
    }

    /// The tables `statements` create, change, drop or point at (foreign keys), by name.
    pub fn tables_touched(&self, statements: &[Statement]) -> HashSet<String> {
        let mut out = HashSet::new();
        for st in statements {
            match &st.node {
                N::CreateStmt(s) => {
                    if let Some(r) = &s.relation {
                        out.insert(loose_relation(r));
                    }
                    // PARTITION OF its parent.
                    for parent in &s.inh_relations {
                        if let Some(N::RangeVar(r)) = parent.node.as_ref() {
                            out.insert(loose_relation(r));
                        }
                    }
                    for e in &s.table_elts {
                        match e.node.as_ref() {
                            Some(N::Constraint(c)) => fk_target(&mut out, c),
                            Some(N::ColumnDef(d)) => column_fk_targets(&mut out, d),
                            _ => {}
                        }
                    }
                }
                N::AlterTableStmt(s) => {
                    if let Some(r) = &s.relation {
                        let name = loose_relation(r);
                        if let Some(t) = self.table_of_index(&name) {
                            out.insert(t.to_string());
                        }
                        out.insert(name);
                    }
                    for cmd in &s.cmds {
                        if let Some(N::AlterTableCmd(c)) = cmd.node.as_ref() {
                            match c.def.as_ref().and_then(|d| d.node.as_ref()) {
                                Some(N::Constraint(c)) => fk_target(&mut out, c),
                                Some(N::ColumnDef(d)) => column_fk_targets(&mut out, d),
                                Some(N::PartitionCmd(p)) => {
                                    out.extend(p.name.as_ref().map(loose_relation))
                                }
                                _ => {}
                            }
                        }
                    }
                }
                N::IndexStmt(s) => out.extend(s.relation.as_ref().map(loose_relation)),
                N::SelectStmt(_) => out.extend(
                    crate::objects::distribution::call::call(&st.node).and_then(|c| c.table()),
                ),
                N::CreateTrigStmt(s) => out.extend(s.relation.as_ref().map(loose_relation)),
                N::CreatePolicyStmt(s) => out.extend(s.table.as_ref().map(loose_relation)),
                N::AlterPolicyStmt(s) => out.extend(s.table.as_ref().map(loose_relation)),
                N::DropStmt(s) => {
                    // DROP TRIGGER and DROP POLICY name [schema.]table, then the object.
                    let trigger = matches!(
                        ObjectType::try_from(s.remove_type),
                        Ok(ObjectType::ObjectTrigger | ObjectType::ObjectPolicy)
                    );
                    for o in &s.objects {
                        if let Some(N::List(l)) = o.node.as_ref() {
                            let names = strings(&l.items);
                            // DROP TRIGGER names [schema.]table then the trigger.
                            let names = if trigger {
                                &names[..names.len().saturating_sub(1)]
                            } else {
                                &names[..]
                            };
                            let name = loose_name(names);
                            if let Some(t) = self.table_of_index(&name) {
                                out.insert(t.to_string());
                            }
                            out.insert(name);
                        }
                    }
                }
                N::RenameStmt(s) => {
                    if let Some(r) = &s.relation {
                        let name = loose_relation(r);
                        if let Some(t) = self.table_of_index(&name) {
                            out.insert(t.to_string());
                        }
                        out.insert(sibling_name(&name, &s.newname));
                        out.insert(name);
                    }
                    out.insert(s.newname.clone());
                }
                N::CommentStmt(s) => {
                    if let Some(N::List(l)) = s.object.as_ref().and_then(|o| o.node.as_ref()) {
                        let names = strings(&l.items);
                        // COMMENT ON TABLE [s.]t / COLUMN [s.]t.c: every prefix may be the table.
                        for end in 1..=names.len() {
                            out.insert(loose_name(&names[..end]));
                        }
                    }
                }
                // Changes nothing, but the statement rules judge the lock it takes.
                N::LockStmt(s) => {
                    for r in &s.relations {
                        if let Some(N::RangeVar(r)) = r.node.as_ref() {
                            out.insert(loose_relation(r));
                        }
                    }
                }
                _ => {}
            }
        }
        // A partition stands for its parent, which holds it.
        if out.iter().any(|n| !self.lookup.tables.contains_key(n)) {
            let parents = self.lookup.partitioned.iter();
            for t in
                parents.filter_map(|p| self.lookup.tables.get(p).map(|&i| &self.schema.tables[i]))
            {
                if let Some(p) = &t.partitioning {
                    if p.partitions.iter().any(|p| out.contains(&p.name)) {
                        out.insert(t.name.clone());
                    }
                }
            }
        }
        out
    }

    /// Applies statements in order; stops at the first one the model cannot follow.
    pub fn apply(&mut self, statements: &[Statement]) -> Result<(), Diagnostic> {
        for st in statements {
            if let Some(op) = &st.raw {
                crate::objects::raw::replay(&mut self.schema.raw, op).map_err(|message| {
                    Diagnostic {
                        origin: st.origin.clone(),
                        object: String::new(),
                        message,
                        hint: Some(
                            "a raw block is created once and dropped by the name it was created \
                             with"
                                .into(),
                        ),
                    }
                })?;
                continue;
            }
            let mut replayer = Replayer {
                schema: &mut self.schema,
                lookup: &mut self.lookup,
                origin: &st.origin,
            };
            replayer.statement(&st.node).map_err(|e| Diagnostic {
                origin: st.origin.clone(),
                object: String::new(),
                message: e.to_string(),
                hint: Some(e.hint().into()),
            })?;
        }
        Ok(())
    }
}

pub use crate::sql::normal::{loose_name, loose_relation};

/// The target of a foreign key: a public table by its name, a table of another schema (which
/// the schema does not own, such as Supabase's `auth.users`) as `schema.table`.
fn fk_target_name(rv: Option<&protobuf::RangeVar>) -> Result<String, String> {
    let rv = rv.ok_or("a foreign key without its table")?;
    if rv.schemaname.is_empty() || rv.schemaname == "public" {
        Ok(rv.relname.clone())
    } else {
        Ok(format!("{}.{}", rv.schemaname, rv.relname))
    }
}

fn fk_action(code: &str) -> FkAction {
    match code {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    }
}

impl Replayer<'_> {
    fn statement(&mut self, node: &N) -> Step {
        // The kinds of the registry replay their own statements (and follow the tables').
        if let Some(step) = crate::objects::registry::replay(self, node) {
            return step;
        }
        if let Some(step) = self.privilege_statement(node) {
            return step;
        }
        match node {
            N::CreateSchemaStmt(s) => {
                if self.schema.schemas.iter().any(|n| n.name == s.schemaname) {
                    return if s.if_not_exists {
                        Ok(())
                    } else {
                        Err(twice("schema", &s.schemaname))
                    };
                }
                if !s.schema_elts.is_empty() {
                    return Err("CREATE SCHEMA with objects inside is not modelled: create them in statements of their own".into());
                }
                let grants = self.created_grants(Target::Schema, &s.schemaname);
                self.schema.schemas.push(Namespace {
                    name: s.schemaname.clone(),
                    grants,
                    origin: self.origin.clone(),
                });
                Ok(())
            }
            N::CreateStmt(s) => self.create_table(s),
            N::AlterTableStmt(s) => self.alter_table(s),
            N::IndexStmt(s) => self.create_index(s),
            N::DropStmt(s) => self.drop(s),
            N::RenameStmt(s) => self.rename(s),
            N::CommentStmt(s) => self.comment(s),
            N::CreateTableAsStmt(_) => Err(
                "CREATE TABLE ... AS creates a table whose columns the model cannot know".into(),
            ),
            N::AlterObjectSchemaStmt(s)
                if matches!(
                    ObjectType::try_from(s.object_type),
                    Ok(ObjectType::ObjectTable | ObjectType::ObjectType)
                ) =>
            {
                Err("moving a table or type to another schema is not modelled".into())
            }
            // What no kind claims and that touches nothing modelled (DML, SET, transactions...).
            _ => Ok(()),
        }
    }
}

/// Replays every migration file in order into one schema.
/// The schema after a prefix of the history is cached (see `crate::cache`): only the files
/// after the longest cached prefix are parsed and replayed.
pub fn replay_all(files: &[crate::migrations::LoadedMigration]) -> Result<Schema, Diagnostic> {
    let paths: Vec<String> = files
        .iter()
        .map(|f| f.file.up.display().to_string())
        .collect();
    let texts: Vec<[&str; 2]> = files
        .iter()
        .zip(&paths)
        .map(|(f, p)| [p.as_str(), f.sql.as_str()])
        .collect();
    let keys = crate::cache::prefix_keys("replay", texts.iter().map(|t| &t[..]));
    let (done, schema) = crate::cache::longest_prefix(&keys).unwrap_or_default();
    let mut history = History::new(schema);
    let sources: Vec<Source> = files
        .iter()
        .zip(&paths)
        .skip(done)
        .map(|(f, path)| Source {
            path,
            sql: &f.sql,
            down: None,
        })
        .collect();
    let mut failed = None;
    // Each piece is parsed on a second thread while the previous one is replayed.
    crate::sql::statements::parse_in_order(&sources, |_, parsed| {
        let crate::sql::statements::Parsed::Up(parsed) = parsed else {
            return true; // no down file was asked for
        };
        match parsed
            .as_ref()
            .map_err(Diagnostic::clone)
            .and_then(|statements| history.apply(statements))
        {
            Ok(()) => true,
            Err(d) => {
                failed = Some(d);
                false
            }
        }
    });
    if let Some(d) = failed {
        return Err(d);
    }
    if done < files.len() {
        crate::cache::put(&keys[files.len() - 1], &history.schema);
    }
    Ok(history.schema)
}
