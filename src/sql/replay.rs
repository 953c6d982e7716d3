//! DDL → model: replays migration files, parsed by PostgreSQL's own parser (pg_query), onto a
//! `Schema`, offline. This is how `generate` learns what the existing migrations produce —
//! hand-edited ones included, with no snapshot file to fall out of date.
//!
//! Statements that do not touch modelled objects (functions, triggers, policies, grants, DML,
//! SET, BEGIN/COMMIT) are skipped as opaque. A statement that changes a modelled object in a way
//! the model cannot follow is an error naming file:line, never a silently wrong model.

use std::collections::{HashMap, HashSet};

use pg_query::protobuf::{self, node::Node as N, AlterTableType, ConstrType, ObjectType};

use crate::objects::trigger::Trigger;
use crate::schema::diagnostic::Diagnostic;
use crate::schema::model::*;
use crate::schema::resolve::default_name;
use crate::schema::types::ColumnType;

mod objects;

/// Name → position lookups over the schema being replayed, so a history of thousands of
/// tables is replayed in linear time, not quadratic.
#[derive(Default)]
struct Lookup {
    tables: HashMap<String, usize>,
    /// Index and unique names (they share a namespace), with their table.
    indexes: HashMap<String, String>,
}

impl Lookup {
    fn of(schema: &Schema) -> Lookup {
        let mut l = Lookup::default();
        for (i, t) in schema.tables.iter().enumerate() {
            l.tables.insert(t.name.clone(), i);
            l.add_indexes_of(t);
        }
        l
    }

    fn add_indexes_of(&mut self, t: &Table) {
        for name in t
            .indexes
            .iter()
            .map(|i| &i.name)
            .chain(t.uniques.iter().map(|u| &u.name))
        {
            // Index names are unique per schema: keyed as `schema.index` outside public.
            self.indexes
                .insert(sibling_name(&t.name, name), t.name.clone());
        }
    }

    /// After a table changed in place: forget its index names and read them again.
    fn refresh_table(&mut self, t: &Table) {
        self.indexes.retain(|_, owner| *owner != t.name);
        self.add_indexes_of(t);
    }
}

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

/// One parsed statement of a migration file, with the line it starts on.
pub struct Statement {
    pub origin: Origin,
    pub node: N,
}

/// Parses a migration file into its statements (an unparseable file is an error at the line
/// of the statement PostgreSQL rejects).
///
/// A large file is parsed in pieces of about [`CHUNK_BYTES`], cut between statements by
/// PostgreSQL's scanner: one parse tree of a 50 MB file (millions of statements) costs
/// gigabytes and has crashed the parser; pieces keep memory flat and the work linear.
pub fn parse_statements(file: &str, sql: &str) -> Result<Vec<Statement>, Diagnostic> {
    let lines = LineIndex::new(sql);
    let mut out = Vec::new();
    for (start, end) in chunks(sql).map_err(|e| parse_error(file, sql, e))? {
        let parsed = pg_query::parse(&sql[start..end], 0).map_err(|e| parse_error(file, sql, e))?;
        out.extend(parsed.protobuf.stmts.into_iter().filter_map(|raw| {
            let offset = start + raw.stmt_location.max(0) as usize;
            let node = raw.stmt.and_then(|s| s.node)?;
            // Data statements never change the schema and no rule reads them: not kept, so a
            // file of millions of them holds no memory once parsed.
            if is_data_statement(&node) {
                return None;
            }
            Some(node).map(|node| Statement {
                origin: Origin {
                    file: file.to_string(),
                    line: lines.line_of(sql, offset),
                },
                node,
            })
        }));
    }
    Ok(out)
}

fn is_data_statement(node: &N) -> bool {
    matches!(
        node,
        N::SelectStmt(_)
            | N::InsertStmt(_)
            | N::UpdateStmt(_)
            | N::DeleteStmt(_)
            | N::MergeStmt(_)
            | N::CopyStmt(_)
            | N::TransactionStmt(_)
            | N::VariableSetStmt(_)
            | N::NotifyStmt(_)
    )
}

/// Files up to this size are parsed whole; larger ones in pieces of about this size.
const CHUNK_BYTES: usize = 1 << 20;

/// Byte ranges of `sql` that each end between two statements.
fn chunks(sql: &str) -> Result<Vec<(usize, usize)>, pg_query::Error> {
    if sql.len() <= CHUNK_BYTES {
        return Ok(vec![(0, sql.len())]);
    }
    let mut ranges = Vec::new();
    let mut start = 0;
    for statement in pg_query::split_with_scanner(sql)? {
        let end = statement.as_ptr() as usize - sql.as_ptr() as usize + statement.len();
        if end - start >= CHUNK_BYTES {
            ranges.push((start, end));
            start = end;
        }
    }
    if start < sql.len() {
        ranges.push((start, sql.len()));
    }
    Ok(ranges)
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
                                _ => {}
                            }
                        }
                    }
                }
                N::IndexStmt(s) => out.extend(s.relation.as_ref().map(loose_relation)),
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
                _ => {}
            }
        }
        out
    }

    /// Applies statements in order; stops at the first one the model cannot follow.
    pub fn apply(&mut self, statements: &[Statement]) -> Result<(), Diagnostic> {
        for st in statements {
            let mut replayer = Replayer {
                schema: &mut self.schema,
                lookup: &mut self.lookup,
                origin: &st.origin,
            };
            replayer.statement(&st.node).map_err(|message| {
                Diagnostic {
                origin: st.origin.clone(),
                object: String::new(),
                message,
                hint: Some(
                    "write this change in a form hotelschema models (see the README's \"Replay\"), \
                     or express it in the YAML and let `generate` write it"
                        .into(),
                ),
            }
            })?;
        }
        Ok(())
    }
}

/// pg_query does not say where a syntax error is: find the failing statement by parsing them
/// one by one, so the error still names its line.
fn parse_error(file: &str, sql: &str, e: pg_query::Error) -> Diagnostic {
    let mut line = 1;
    if let Ok(statements) = pg_query::split_with_scanner(sql) {
        for statement in statements {
            if pg_query::parse(statement, 0).is_err() {
                let offset = statement.as_ptr() as usize - sql.as_ptr() as usize;
                let skipped = statement.len() - statement.trim_start().len();
                line = line_of(sql, offset + skipped);
                break;
            }
        }
    }
    Diagnostic {
        origin: Origin {
            file: file.to_string(),
            line,
        },
        object: String::new(),
        message: format!("cannot parse this SQL: {e}"),
        hint: Some("fix the statement; PostgreSQL would reject it too".into()),
    }
}

fn line_of(sql: &str, byte_offset: usize) -> usize {
    LineIndex::new(sql).line_of(sql, byte_offset)
}

/// Where each line of a file starts, built once per file, so placing each of its statements
/// costs a binary search instead of a count from the start of the file (which made a
/// 36,000-line migration quadratic).
pub struct LineIndex {
    newlines: Vec<usize>,
}

impl LineIndex {
    pub fn new(sql: &str) -> LineIndex {
        LineIndex {
            newlines: sql
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The 1-based line of the statement at `byte_offset`: its first token's, past the blank
    /// and comment lines the statement's location includes.
    pub fn line_of(&self, sql: &str, byte_offset: usize) -> usize {
        let end = byte_offset.min(sql.len());
        let mut line = self.newlines.partition_point(|&n| n < end) + 1;
        for l in sql[end..].lines() {
            let t = l.trim();
            if t.is_empty() || t.starts_with("--") {
                line += 1;
            } else {
                break;
            }
        }
        line
    }
}

/// A SQL expression node, written back as SQL by PostgreSQL's deparser.
pub fn expression_sql(node: &protobuf::Node) -> Result<String, String> {
    // Borrow a well-formed `SELECT 1` from the parser (every enum field set as the C library
    // expects) and put the expression in place of the 1.
    thread_local! {
        static TEMPLATE: protobuf::ParseResult =
            pg_query::parse("SELECT 1", 0).expect("SELECT 1 parses").protobuf;
    }
    let mut template = TEMPLATE.with(|t| t.clone());
    let stmt = template.stmts[0]
        .stmt
        .as_mut()
        .and_then(|s| s.node.as_mut());
    let Some(N::SelectStmt(select)) = stmt else {
        return Err("unexpected parse of SELECT 1".into());
    };
    let Some(N::ResTarget(target)) = select.target_list[0].node.as_mut() else {
        return Err("unexpected parse of SELECT 1".into());
    };
    target.val = Some(Box::new(node.clone()));
    let sql = pg_query::deparse(&template, Default::default())
        .map_err(|e| format!("cannot write back an expression: {e}"))?;
    Ok(sql.trim_start_matches("SELECT ").to_string())
}

/// The canonical text of an expression written by hand, so `now()` and `NOW( )` compare equal.
pub fn normalize_expression(expr: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static CACHE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        if let Some(n) = cache.borrow().get(expr) {
            return n.clone();
        }
        let normal = pg_query::parse(&format!("SELECT {expr}"), 0)
            .ok()
            .and_then(|p| p.deparse(Default::default()).ok())
            .map(|s| s.trim_start_matches("SELECT ").to_string())
            .unwrap_or_else(|| expr.to_string());
        cache.borrow_mut().insert(expr.to_string(), normal.clone());
        normal
    })
}

fn string_of(node: &protobuf::Node) -> Option<&str> {
    match node.node.as_ref()? {
        N::String(s) => Some(&s.sval),
        _ => None,
    }
}

/// The object called `name` among one table's `items` (its triggers, its policies).
fn named_mut<'t, T>(
    items: &'t mut [T],
    name_of: fn(&T) -> &str,
    name: &str,
    what: &str,
    table: &str,
) -> Result<&'t mut T, String> {
    items
        .iter_mut()
        .find(|x| name_of(x) == name)
        .ok_or_else(|| {
            format!("{what} `{name}` on `{table}` does not exist at this point of the history")
        })
}

fn trigger_mut<'t>(table: &'t mut Table, name: &str) -> Result<&'t mut Trigger, String> {
    named_mut(
        &mut table.triggers,
        |t| &t.name,
        name,
        "trigger",
        &table.name,
    )
}

fn strings(nodes: &[protobuf::Node]) -> Vec<String> {
    nodes
        .iter()
        .filter_map(|n| string_of(n).map(String::from))
        .collect()
}

/// The model's name for a (possibly schema-qualified) object name list: `name` in `public`
/// (or `pg_catalog`, for built-in types), `schema.name` in a schema the history created.
fn model_name(names: &[String], schemas: &[Namespace]) -> Result<String, String> {
    match names {
        [name] => Ok(name.clone()),
        [schema, name] if schema == "public" || schema == "pg_catalog" => Ok(name.clone()),
        [schema, name] if schemas.iter().any(|n| &n.name == schema) => {
            Ok(format!("{schema}.{name}"))
        }
        [schema, _] => Err(format!(
            "`{}`: schema `{schema}` is not created by the migrations (CREATE SCHEMA {schema}), \
             so its objects are not modelled",
            names.join(".")
        )),
        _ => Err(format!(
            "`{}`: names of three parts are not modelled",
            names.join(".")
        )),
    }
}

fn relation_name(rv: Option<&protobuf::RangeVar>, schemas: &[Namespace]) -> Result<String, String> {
    let rv = rv.ok_or("a statement without its table")?;
    if rv.schemaname.is_empty() {
        return Ok(rv.relname.clone());
    }
    model_name(&[rv.schemaname.clone(), rv.relname.clone()], schemas)
}

/// The model's name for `names` without judging it, for `tables_touched`'s rough account.
fn loose_name(names: &[String]) -> String {
    match names {
        [schema, rest @ ..] if schema == "public" && !rest.is_empty() => rest.join("."),
        _ => names.join("."),
    }
}

/// The model's name for a table as a statement writes it (`billing.invoice`, or `room` for
/// `room` and `public.room`), without judging whether the schema is known.
pub fn loose_relation(rv: &protobuf::RangeVar) -> String {
    if rv.schemaname.is_empty() {
        rv.relname.clone()
    } else {
        loose_name(&[rv.schemaname.clone(), rv.relname.clone()])
    }
}

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

struct Replayer<'a> {
    schema: &'a mut Schema,
    lookup: &'a mut Lookup,
    origin: &'a Origin,
}

type Step = Result<(), String>;

impl Replayer<'_> {
    fn has_table(&self, name: &str) -> bool {
        self.lookup.tables.contains_key(name)
    }

    fn table_mut(&mut self, name: &str) -> Result<&mut Table, String> {
        match self.lookup.tables.get(name) {
            Some(&i) => Ok(&mut self.schema.tables[i]),
            None => Err(format!(
                "table `{name}` does not exist at this point of the history"
            )),
        }
    }

    fn statement(&mut self, node: &N) -> Step {
        if let Some(step) =
            crate::objects::function::replay(&mut self.schema.functions, node, self.origin)
        {
            return step;
        }
        if let Some(step) = self.object_statement(node) {
            return step;
        }
        match node {
            N::CreateExtensionStmt(s) => {
                if self.schema.extensions.iter().any(|e| e.name == s.extname) {
                    return if s.if_not_exists {
                        Ok(())
                    } else {
                        Err(format!("extension `{}` is created twice", s.extname))
                    };
                }
                self.schema.extensions.push(Extension {
                    name: s.extname.clone(),
                    origin: self.origin.clone(),
                });
                Ok(())
            }
            N::CreateEnumStmt(s) => {
                let name = model_name(&strings(&s.type_name), &self.schema.schemas)?;
                if self.schema.enum_type(&name).is_some() {
                    return Err(format!("type `{name}` is created twice"));
                }
                self.schema.enums.push(EnumType {
                    name,
                    values: strings(&s.vals),
                    comment: None,
                    renamed_values: Hint(Vec::new()),
                    origin: self.origin.clone(),
                });
                Ok(())
            }
            N::CreateSchemaStmt(s) => {
                if self.schema.schemas.iter().any(|n| n.name == s.schemaname) {
                    return if s.if_not_exists {
                        Ok(())
                    } else {
                        Err(format!("schema `{}` is created twice", s.schemaname))
                    };
                }
                if !s.schema_elts.is_empty() {
                    return Err("CREATE SCHEMA with objects inside is not modelled: create them in statements of their own".into());
                }
                self.schema.schemas.push(Namespace {
                    name: s.schemaname.clone(),
                    origin: self.origin.clone(),
                });
                Ok(())
            }
            N::AlterEnumStmt(s) => self.alter_enum(s),
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
            // Functions, triggers, policies, grants, views, DML, SET, transactions...: opaque.
            _ => Ok(()),
        }
    }

    fn alter_enum(&mut self, s: &protobuf::AlterEnumStmt) -> Step {
        let name = model_name(&strings(&s.type_name), &self.schema.schemas)?;
        let e = self
            .schema
            .enums
            .iter_mut()
            .find(|e| e.name == name)
            .ok_or_else(|| format!("enum `{name}` does not exist at this point of the history"))?;
        if !s.old_val.is_empty() {
            let v = e
                .values
                .iter_mut()
                .find(|v| **v == s.old_val)
                .ok_or_else(|| format!("enum `{name}` has no value `{}`", s.old_val))?;
            *v = s.new_val.clone();
            return Ok(());
        }
        if e.values.contains(&s.new_val) {
            return if s.skip_if_new_val_exists {
                Ok(())
            } else {
                Err(format!("enum `{name}` already has value `{}`", s.new_val))
            };
        }
        let at = if s.new_val_neighbor.is_empty() {
            e.values.len()
        } else {
            let i = e
                .values
                .iter()
                .position(|v| *v == s.new_val_neighbor)
                .ok_or_else(|| format!("enum `{name}` has no value `{}`", s.new_val_neighbor))?;
            if s.new_val_is_after {
                i + 1
            } else {
                i
            }
        };
        e.values.insert(at, s.new_val.clone());
        Ok(())
    }

    fn column_type(&self, tn: &protobuf::TypeName) -> Result<ColumnType, String> {
        let names = strings(&tn.names);
        let base = model_name(&names, &self.schema.schemas)?;
        // PostgreSQL's internal spelling of `char(n)`.
        let base = if base == "bpchar" {
            "char".to_string()
        } else {
            base
        };
        let mut modifiers = Vec::new();
        for m in &tn.typmods {
            match m.node.as_ref() {
                Some(N::AConst(c)) => match &c.val {
                    Some(protobuf::a_const::Val::Ival(i)) => modifiers.push(i.ival.to_string()),
                    _ => {
                        return Err(format!(
                            "type `{base}` has a modifier the model cannot read"
                        ))
                    }
                },
                _ => {
                    return Err(format!(
                        "type `{base}` has a modifier the model cannot read"
                    ))
                }
            }
        }
        let mut written = base.clone();
        if !modifiers.is_empty() {
            written.push_str(&format!("({})", modifiers.join(",")));
        }
        for _ in &tn.array_bounds {
            written.push_str("[]");
        }
        let enums: Vec<&str> = self.schema.enums.iter().map(|e| e.name.as_str()).collect();
        let extensions: Vec<&str> = self
            .schema
            .extensions
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        ColumnType::parse(&written, &enums, &extensions)
            .map_err(|e| format!("type `{written}` is not one the model knows ({e:?})"))
    }

    /// Applies a column definition's inline constraints to the table being built.
    fn column(&self, table: &mut Table, def: &protobuf::ColumnDef) -> Step {
        let tn = def
            .type_name
            .as_ref()
            .ok_or_else(|| format!("column `{}` has no type", def.colname))?;
        let mut column = Column {
            name: def.colname.clone(),
            column_type: self.column_type(tn)?,
            nullable: !def.is_not_null,
            default: None,
            identity: None,
            comment: None,
            renamed_from: Hint(None),
            origin: self.origin.clone(),
        };
        if let Some(d) = &def.raw_default {
            column.default = Some(expression_sql(d)?);
        }
        if table.column(&column.name).is_some() {
            return Err(format!(
                "table `{}` already has a column `{}`",
                table.name, column.name
            ));
        }
        let name = column.name.clone();
        table.columns.push(column);
        for c in &def.constraints {
            if let Some(N::Constraint(c)) = c.node.as_ref() {
                self.constraint(table, c, Some(&name))?;
            }
        }
        Ok(())
    }

    /// A table or column constraint. `column` is set for a column constraint.
    fn constraint(
        &self,
        table: &mut Table,
        c: &protobuf::Constraint,
        column: Option<&str>,
    ) -> Step {
        let keys = |nodes: &[protobuf::Node]| -> Vec<String> {
            let k = strings(nodes);
            if k.is_empty() {
                column.map(|c| vec![c.to_string()]).unwrap_or_default()
            } else {
                k
            }
        };
        // Default names are built from the name without its schema, as PostgreSQL's are.
        let t = local_name(&table.name).to_string();
        let named = |default: String| {
            if c.conname.is_empty() {
                default
            } else {
                c.conname.clone()
            }
        };
        match ConstrType::try_from(c.contype).unwrap_or(ConstrType::Undefined) {
            ConstrType::ConstrNotnull => {
                set_nullable(table, column, false)?;
            }
            ConstrType::ConstrNull => {
                set_nullable(table, column, true)?;
            }
            ConstrType::ConstrDefault => {
                let col = column.ok_or("DEFAULT without a column")?;
                let expr = c.raw_expr.as_ref().ok_or("DEFAULT without a value")?;
                let sql = expression_sql(expr)?;
                column_mut(table, col)?.default = Some(sql);
            }
            ConstrType::ConstrPrimary => {
                if table.primary_key.is_some() {
                    return Err(format!("table `{t}` gets a second primary key"));
                }
                let columns = keys(&c.keys);
                for col in &columns {
                    column_mut(table, col)?.nullable = false;
                }
                table.primary_key = Some(PrimaryKey {
                    name: named(format!("{t}_pkey")),
                    columns,
                    origin: self.origin.clone(),
                });
            }
            ConstrType::ConstrUnique => {
                let columns = keys(&c.keys);
                table.uniques.push(Unique {
                    name: named(default_name(&t, &columns, "key")),
                    columns,
                    predicate: None,
                    as_index: false,
                    origin: self.origin.clone(),
                });
            }
            ConstrType::ConstrCheck => {
                let expr = c.raw_expr.as_ref().ok_or("CHECK without an expression")?;
                let name = match (c.conname.is_empty(), column) {
                    (false, _) => c.conname.clone(),
                    (true, Some(col)) => format!("{t}_{col}_check"),
                    (true, None) => format!("{t}_check"),
                };
                table.checks.push(Check {
                    name,
                    expression: expression_sql(expr)?,
                    origin: self.origin.clone(),
                });
            }
            ConstrType::ConstrForeign => {
                let columns = keys(&c.fk_attrs);
                let ref_table = fk_target_name(c.pktable.as_ref())?;
                let mut ref_columns = strings(&c.pk_attrs);
                if ref_columns.is_empty() {
                    ref_columns = if ref_table == t {
                        table.primary_key.as_ref().map(|p| p.columns.clone())
                    } else {
                        self.schema
                            .table(&ref_table)
                            .and_then(|r| r.primary_key.as_ref())
                            .map(|p| p.columns.clone())
                    }
                    .ok_or_else(|| {
                        format!("REFERENCES {ref_table} without columns, and it has no primary key")
                    })?;
                }
                table.foreign_keys.push(ForeignKey {
                    name: named(default_name(&t, &columns, "fkey")),
                    columns,
                    ref_table,
                    ref_columns,
                    on_delete: fk_action(&c.fk_del_action),
                    on_update: fk_action(&c.fk_upd_action),
                    origin: self.origin.clone(),
                });
            }
            ConstrType::ConstrIdentity => {
                let col = column_mut(table, column.ok_or("IDENTITY without a column")?)?;
                col.identity = Some(if c.generated_when == "a" {
                    Identity::Always
                } else {
                    Identity::ByDefault
                });
                col.nullable = false;
            }
            // DEFERRABLE and friends attach to the previous constraint; not modelled.
            ConstrType::ConstrAttrDeferrable
            | ConstrType::ConstrAttrNotDeferrable
            | ConstrType::ConstrAttrDeferred
            | ConstrType::ConstrAttrImmediate => {}
            other => return Err(format!("{other:?} constraints are not modelled")),
        }
        Ok(())
    }

    fn create_table(&mut self, s: &protobuf::CreateStmt) -> Step {
        let name = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
        if self.has_table(&name) {
            return if s.if_not_exists {
                Ok(())
            } else {
                Err(format!("table `{name}` is created twice"))
            };
        }
        if !s.inh_relations.is_empty() || s.partspec.is_some() || s.partbound.is_some() {
            return Err("inheritance and partitioning are not modelled".into());
        }
        let mut table = Table::empty(&name, self.origin.clone());
        for element in &s.table_elts {
            match element.node.as_ref() {
                Some(N::ColumnDef(def)) => self.column(&mut table, def)?,
                Some(N::Constraint(c)) => self.constraint(&mut table, c, None)?,
                _ => {
                    return Err(format!(
                        "table `{name}` has an element the model cannot read"
                    ))
                }
            }
        }
        self.lookup
            .tables
            .insert(table.name.clone(), self.schema.tables.len());
        self.lookup.add_indexes_of(&table);
        self.schema.tables.push(table);
        Ok(())
    }

    fn alter_table(&mut self, s: &protobuf::AlterTableStmt) -> Step {
        if ObjectType::try_from(s.objtype) == Ok(ObjectType::ObjectIndex) {
            return Ok(()); // ALTER INDEX ... SET (...): storage only
        }
        if ObjectType::try_from(s.objtype) != Ok(ObjectType::ObjectTable) {
            return Ok(()); // sequences, views: not modelled
        }
        let name = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
        if !self.has_table(&name) && s.missing_ok {
            return Ok(());
        }
        // Work on a copy so a failing command leaves the model untouched.
        let mut table = self.table_mut(&name)?.clone();
        for cmd in &s.cmds {
            let Some(N::AlterTableCmd(cmd)) = cmd.node.as_ref() else {
                continue;
            };
            self.alter_table_cmd(&mut table, cmd)?;
        }
        self.lookup.refresh_table(&table);
        *self.table_mut(&name)? = table;
        Ok(())
    }

    fn alter_table_cmd(&self, table: &mut Table, cmd: &protobuf::AlterTableCmd) -> Step {
        use AlterTableType as A;
        let subtype = A::try_from(cmd.subtype).unwrap_or(A::Undefined);
        let def = cmd.def.as_ref().and_then(|d| d.node.as_ref());
        match subtype {
            A::AtAddColumn => match def {
                Some(N::ColumnDef(c)) => {
                    if cmd.missing_ok && table.column(&c.colname).is_some() {
                        return Ok(());
                    }
                    self.column(table, c)
                }
                _ => Err("ADD COLUMN without a column".into()),
            },
            A::AtDropColumn => {
                if table.column(&cmd.name).is_none() && cmd.missing_ok {
                    return Ok(());
                }
                column_mut(table, &cmd.name)?;
                drop_column(table, &cmd.name);
                Ok(())
            }
            A::AtAlterColumnType => match def {
                Some(N::ColumnDef(c)) => {
                    let tn = c.type_name.as_ref().ok_or("ALTER TYPE without a type")?;
                    let new_type = self.column_type(tn)?;
                    column_mut(table, &cmd.name)?.column_type = new_type;
                    Ok(())
                }
                _ => Err("ALTER COLUMN TYPE without a type".into()),
            },
            A::AtSetNotNull => set_nullable(table, Some(&cmd.name), false),
            A::AtAddIdentity => match def {
                Some(N::Constraint(c)) => self.constraint(table, c, Some(&cmd.name)),
                _ => Err("ADD GENERATED AS IDENTITY without its definition".into()),
            },
            A::AtDropIdentity => {
                column_mut(table, &cmd.name)?.identity = None;
                Ok(())
            }
            A::AtDropNotNull => set_nullable(table, Some(&cmd.name), true),
            A::AtColumnDefault => {
                let default = match cmd.def.as_ref() {
                    Some(expr) => Some(expression_sql(expr)?),
                    None => None,
                };
                column_mut(table, &cmd.name)?.default = default;
                Ok(())
            }
            A::AtAddConstraint => match def {
                Some(N::Constraint(c)) => self.constraint(table, c, None),
                _ => Err("ADD CONSTRAINT without a constraint".into()),
            },
            A::AtDropConstraint => {
                let name = &cmd.name;
                let before = constraint_count(table);
                if table.primary_key.as_ref().is_some_and(|p| &p.name == name) {
                    table.primary_key = None;
                }
                table.foreign_keys.retain(|f| &f.name != name);
                table.uniques.retain(|u| u.is_index() || &u.name != name);
                table.checks.retain(|c| &c.name != name);
                if constraint_count(table) == before && !cmd.missing_ok {
                    return Err(format!(
                        "table `{}` has no constraint `{name}` at this point of the history",
                        table.name
                    ));
                }
                Ok(())
            }
            // Storage, statistics, ownership, triggers, row security, replica identity,
            // validation: none of them is modelled or changes what is.
            A::AtSetStatistics
            | A::AtSetOptions
            | A::AtResetOptions
            | A::AtSetStorage
            | A::AtSetCompression
            | A::AtChangeOwner
            | A::AtClusterOn
            | A::AtDropCluster
            | A::AtSetRelOptions
            | A::AtResetRelOptions
            | A::AtReplaceRelOptions
            | A::AtEnableRule
            | A::AtEnableAlwaysRule
            | A::AtEnableReplicaRule
            | A::AtDisableRule
            | A::AtReplicaIdentity
            | A::AtValidateConstraint => Ok(()),
            A::AtEnableRowSecurity | A::AtDisableRowSecurity => {
                table.rls = subtype == A::AtEnableRowSecurity;
                Ok(())
            }
            A::AtForceRowSecurity | A::AtNoForceRowSecurity => {
                table.force_rls = subtype == A::AtForceRowSecurity;
                Ok(())
            }
            A::AtEnableTrig | A::AtDisableTrig => {
                trigger_mut(table, &cmd.name)?.enabled = subtype == A::AtEnableTrig;
                Ok(())
            }
            A::AtEnableAlwaysTrig | A::AtEnableReplicaTrig => Err(
                "ENABLE ALWAYS / REPLICA TRIGGER is not modelled: triggers are enabled or disabled"
                    .into(),
            ),
            A::AtEnableTrigAll
            | A::AtDisableTrigAll
            | A::AtEnableTrigUser
            | A::AtDisableTrigUser => {
                Err("ENABLE/DISABLE TRIGGER ALL or USER is not modelled: name each trigger".into())
            }
            other => Err(format!("ALTER TABLE {other:?} is not modelled")),
        }
    }

    fn create_index(&mut self, s: &protobuf::IndexStmt) -> Step {
        let table_name = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
        let mut elements = Vec::new();
        for p in &s.index_params {
            let Some(N::IndexElem(e)) = p.node.as_ref() else {
                continue;
            };
            if !e.opclass.is_empty() || !e.collation.is_empty() {
                return Err("index operator classes and collations are not modelled".into());
            }
            let key = match &e.expr {
                Some(expr) => IndexKey::Expression(expression_sql(expr)?),
                None => IndexKey::Column(e.name.clone()),
            };
            elements.push(IndexElement {
                key,
                descending: e.ordering == protobuf::SortByDir::SortbyDesc as i32,
                nulls_first: match protobuf::SortByNulls::try_from(e.nulls_ordering) {
                    Ok(protobuf::SortByNulls::SortbyNullsFirst) => Some(true),
                    Ok(protobuf::SortByNulls::SortbyNullsLast) => Some(false),
                    _ => None,
                },
            });
        }
        let predicate = match &s.where_clause {
            Some(w) => Some(expression_sql(w)?),
            None => None,
        };
        let column_names: Vec<String> = elements
            .iter()
            .map(|e| match &e.key {
                IndexKey::Column(c) => c.clone(),
                IndexKey::Expression(_) => "expr".to_string(),
            })
            .collect();
        let name = if s.idxname.is_empty() {
            default_name(local_name(&table_name), &column_names, "idx")
        } else {
            s.idxname.clone()
        };
        let key = sibling_name(&table_name, &name);
        let exists = self.lookup.indexes.contains_key(&key);
        if exists {
            return if s.if_not_exists {
                Ok(())
            } else {
                Err(format!("index `{name}` is created twice"))
            };
        }
        let origin = self.origin.clone();
        self.lookup.indexes.insert(key, table_name.clone());
        let table = self.table_mut(&table_name)?;
        if s.unique {
            let plain = elements.iter().all(|e| {
                matches!(e.key, IndexKey::Column(_)) && !e.descending && e.nulls_first.is_none()
            });
            if !plain || s.access_method != "btree" {
                return Err(
                    "unique indexes on expressions or with ordering are not modelled".into(),
                );
            }
            table.uniques.push(Unique {
                name,
                columns: column_names,
                predicate,
                as_index: true,
                origin,
            });
        } else {
            table.indexes.push(Index {
                name,
                elements,
                method: (s.access_method != "btree").then(|| s.access_method.clone()),
                predicate,
                concurrently: Hint(false),
                origin,
            });
        }
        Ok(())
    }

    fn drop(&mut self, s: &protobuf::DropStmt) -> Step {
        let kind = ObjectType::try_from(s.remove_type).unwrap_or(ObjectType::Undefined);
        let cascade = s.behavior == protobuf::DropBehavior::DropCascade as i32;
        for object in &s.objects {
            match kind {
                ObjectType::ObjectTable => {
                    let Some(N::List(l)) = object.node.as_ref() else {
                        continue;
                    };
                    let name = model_name(&strings(&l.items), &self.schema.schemas)?;
                    let Some(i) = self.schema.tables.iter().position(|t| t.name == name) else {
                        if s.missing_ok {
                            continue;
                        }
                        return Err(format!(
                            "table `{name}` does not exist at this point of the history"
                        ));
                    };
                    self.schema.tables.remove(i);
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
                    for t in &mut self.schema.tables {
                        // `name` is qualified like its table: compare in the table's schema.
                        let here = |n: &str| sibling_name(&t.name, n) == name;
                        let before = t.indexes.len() + t.uniques.len();
                        t.indexes.retain(|i| !here(&i.name));
                        if t.uniques.iter().any(|u| here(&u.name) && !u.is_index()) {
                            return Err(format!(
                                "`{name}` is the index of a unique constraint: drop the constraint instead"
                            ));
                        }
                        t.uniques.retain(|u| !here(&u.name));
                        found |= t.indexes.len() + t.uniques.len() != before;
                    }
                    if !found && !s.missing_ok {
                        return Err(format!(
                            "index `{name}` does not exist at this point of the history"
                        ));
                    }
                }
                ObjectType::ObjectType => {
                    let Some(N::TypeName(tn)) = object.node.as_ref() else {
                        continue;
                    };
                    let name = model_name(&strings(&tn.names), &self.schema.schemas)?;
                    let used = self.schema.tables.iter().any(|t| {
                        t.columns.iter().any(|c| {
                            matches!(&c.column_type.base, crate::schema::types::BaseType::Enum(e) if *e == name)
                        })
                    });
                    if used {
                        return Err(format!(
                            "type `{name}` is dropped while columns still use it"
                        ));
                    }
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
                            ))
                        }
                        (Some(_), true) => {
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
                ObjectType::ObjectExtension => {
                    let Some(name) = string_of(object) else {
                        continue;
                    };
                    remove_named(
                        &mut self.schema.extensions,
                        |e| &e.name,
                        name,
                        "extension",
                        s.missing_ok,
                    )?;
                }
                // Functions, triggers, views, sequences, policies...: not modelled.
                _ => {}
            }
        }
        *self.lookup = Lookup::of(self.schema);
        Ok(())
    }

    fn rename(&mut self, s: &protobuf::RenameStmt) -> Step {
        let kind = ObjectType::try_from(s.rename_type).unwrap_or(ObjectType::Undefined);
        let new = s.newname.clone();
        match kind {
            ObjectType::ObjectTable => {
                let old = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
                // A rename stays in its schema.
                let new = sibling_name(&old, &new);
                self.table_mut(&old)?.name = new.clone();
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
                    return Err(format!(
                        "index `{old}` does not exist at this point of the history"
                    ));
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
                if !found {
                    return Err(format!("table `{table_name}` has no constraint `{old}`"));
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
                    .ok_or_else(|| {
                        format!("type `{old}` does not exist at this point of the history")
                    })?;
                e.name = new.clone();
                for t in &mut self.schema.tables {
                    for c in &mut t.columns {
                        if let crate::schema::types::BaseType::Enum(e) = &mut c.column_type.base {
                            if *e == old {
                                *e = new.clone();
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        *self.lookup = Lookup::of(self.schema);
        Ok(())
    }

    fn comment(&mut self, s: &protobuf::CommentStmt) -> Step {
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

/// Removes the `what` named `target` from `list`; a name not there is an error unless the
/// statement said IF EXISTS (`missing_ok`).
fn remove_named<T>(
    list: &mut Vec<T>,
    name: impl Fn(&T) -> &str,
    target: &str,
    what: &str,
    missing_ok: bool,
) -> Step {
    let before = list.len();
    list.retain(|x| name(x) != target);
    if list.len() == before && !missing_ok {
        return Err(format!(
            "{what} `{target}` does not exist at this point of the history"
        ));
    }
    Ok(())
}

fn column_mut<'t>(table: &'t mut Table, name: &str) -> Result<&'t mut Column, String> {
    let t = table.name.clone();
    table
        .columns
        .iter_mut()
        .find(|c| c.name == name)
        .ok_or_else(|| format!("table `{t}` has no column `{name}` at this point of the history"))
}

fn set_nullable(table: &mut Table, column: Option<&str>, nullable: bool) -> Step {
    let column = column.ok_or("NULL/NOT NULL without a column")?;
    column_mut(table, column)?.nullable = nullable;
    Ok(())
}

fn constraint_count(t: &Table) -> usize {
    t.primary_key.iter().count() + t.foreign_keys.len() + t.uniques.len() + t.checks.len()
}

/// What PostgreSQL drops with a column: indexes and constraints that use it.
fn drop_column(table: &mut Table, name: &str) {
    let uses = |cols: &[String]| cols.iter().any(|c| c == name);
    table.columns.retain(|c| c.name != name);
    if table.primary_key.as_ref().is_some_and(|p| uses(&p.columns)) {
        table.primary_key = None;
    }
    table.foreign_keys.retain(|f| !uses(&f.columns));
    table.uniques.retain(|u| !uses(&u.columns));
    table.indexes.retain(|i| {
        !i.elements
            .iter()
            .any(|e| matches!(&e.key, IndexKey::Column(c) if c == name))
    });
    let mentions = |expr: &str| {
        pg_query::scan_tokens(expr)
            .map(|tokens| {
                tokens
                    .iter()
                    .any(|t| expr[t.start as usize..t.end as usize].trim_matches('"') == name)
            })
            .unwrap_or(false)
    };
    table.checks.retain(|c| !mentions(&c.expression));
}

/// `expr` with every identifier token `old` replaced by `new` (PostgreSQL rewrites stored
/// expressions when a column is renamed; our text must follow).
pub fn rename_in_expression(expr: &str, old: &str, new: &str) -> String {
    let Ok(tokens) = pg_query::scan_tokens(expr) else {
        return expr.to_string();
    };
    let mut out = String::new();
    let mut last = 0;
    for t in tokens {
        let (start, end) = (t.start as usize, t.end as usize);
        let word = &expr[start..end];
        if word == old || word.trim_matches('"') == old && word.starts_with('"') {
            out.push_str(&expr[last..start]);
            out.push_str(&crate::sql::ident::quote(new));
            last = end;
        }
    }
    out.push_str(&expr[last..]);
    out
}

fn rename_column_references(table: &mut Table, old: &str, new: &str) {
    for c in &mut table.checks {
        c.expression = rename_in_expression(&c.expression, old, new);
    }
    for u in &mut table.uniques {
        if let Some(p) = &mut u.predicate {
            *p = rename_in_expression(p, old, new);
        }
    }
    for i in &mut table.indexes {
        if let Some(p) = &mut i.predicate {
            *p = rename_in_expression(p, old, new);
        }
        for e in &mut i.elements {
            if let IndexKey::Expression(x) = &mut e.key {
                *x = rename_in_expression(x, old, new);
            }
        }
    }
    let rename = |cols: &mut Vec<String>| {
        for c in cols.iter_mut() {
            if c == old {
                *c = new.to_string();
            }
        }
    };
    if let Some(p) = &mut table.primary_key {
        rename(&mut p.columns);
    }
    for f in &mut table.foreign_keys {
        rename(&mut f.columns);
        if f.ref_table == table.name {
            rename(&mut f.ref_columns);
        }
    }
    for u in &mut table.uniques {
        rename(&mut u.columns);
    }
    for i in &mut table.indexes {
        for e in &mut i.elements {
            if let IndexKey::Column(c) = &mut e.key {
                if c == old {
                    *c = new.to_string();
                }
            }
        }
    }
}

/// Replays every migration file in order into one schema.
pub fn replay_all(files: &[crate::migrations::LoadedMigration]) -> Result<Schema, Diagnostic> {
    let mut history = History::new(Schema::default());
    for f in files {
        history.apply(&parse_statements(&f.file.up.display().to_string(), &f.sql)?)?;
    }
    Ok(history.schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replay(sql: &str) -> Result<Schema, Diagnostic> {
        let mut s = Schema::default();
        replay_file(&mut s, "V1__t.sql", sql)?;
        Ok(s)
    }

    #[test]
    fn replays_tables_constraints_and_indexes() {
        let s = replay(
            "CREATE TYPE mood AS ENUM ('a', 'b');
             CREATE TABLE t (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'a', n numeric(10,2),
                             u text UNIQUE, CONSTRAINT t_n_check CHECK (n > 0));
             CREATE TABLE c (id bigint NOT NULL, t_id int REFERENCES t ON DELETE CASCADE);
             CREATE INDEX c_t_id_idx ON c (t_id DESC NULLS LAST) WHERE t_id IS NOT NULL;
             CREATE UNIQUE INDEX c_id_uq ON c (id);
             COMMENT ON TABLE t IS 'hi';
             ALTER TYPE mood ADD VALUE 'z' BEFORE 'b';
             SELECT 1; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
        )
        .unwrap();
        let t = s.table("t").unwrap();
        assert_eq!(t.primary_key.as_ref().unwrap().name, "t_pkey");
        assert_eq!(t.column("m").unwrap().default.as_deref(), Some("'a'"));
        assert!(!t.column("m").unwrap().nullable);
        assert!(
            !t.column("id").unwrap().nullable,
            "primary key columns are NOT NULL"
        );
        assert_eq!(
            t.column("n").unwrap().column_type.to_string(),
            "numeric(10,2)"
        );
        assert_eq!(t.uniques[0].name, "t_u_key");
        assert_eq!(t.checks[0].expression, "n > 0");
        assert_eq!(t.comment.as_deref(), Some("hi"));
        let c = s.table("c").unwrap();
        assert_eq!(c.foreign_keys[0].ref_columns, ["id"]);
        assert_eq!(c.foreign_keys[0].on_delete, FkAction::Cascade);
        assert!(c.indexes[0].elements[0].descending);
        assert_eq!(c.indexes[0].predicate.as_deref(), Some("t_id IS NOT NULL"));
        assert_eq!(s.enum_type("mood").unwrap().values, ["a", "z", "b"]);
    }

    #[test]
    fn foreign_keys_may_point_at_tables_of_other_schemas() {
        let s = replay(
            "CREATE TABLE p (id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE);",
        )
        .unwrap();
        let fk = &s.table("p").unwrap().foreign_keys[0];
        assert_eq!(fk.ref_table, "auth.users");
        assert_eq!(
            crate::sql::render::add_foreign_key(s.table("p").unwrap(), fk),
            "ALTER TABLE p ADD CONSTRAINT p_id_fkey FOREIGN KEY (id) REFERENCES auth.users (id) ON DELETE CASCADE;"
        );
    }

    #[test]
    fn replays_alter_rename_and_drop() {
        let s = replay(
            "CREATE TABLE t (id int PRIMARY KEY, a text, b text);
             CREATE INDEX t_a_idx ON t (a);
             ALTER TABLE t ADD CONSTRAINT t_b_check CHECK (b <> '');
             ALTER TABLE t RENAME COLUMN b TO bee;
             ALTER TABLE t ALTER COLUMN a TYPE varchar(10), ALTER COLUMN a SET NOT NULL;
             ALTER TABLE t ALTER COLUMN bee SET DEFAULT 'x';
             ALTER TABLE t RENAME TO tt;
             ALTER INDEX t_a_idx RENAME TO tt_a_idx;
             ALTER TABLE tt DROP COLUMN a;
             ALTER TABLE tt ENABLE ROW LEVEL SECURITY;",
        )
        .unwrap();
        let t = s.table("tt").unwrap();
        assert_eq!(
            t.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["id", "bee"]
        );
        assert_eq!(t.checks[0].expression, "bee <> ''");
        assert_eq!(t.column("bee").unwrap().default.as_deref(), Some("'x'"));
        assert!(t.indexes.is_empty(), "the index went with its column");
    }

    #[test]
    fn errors_name_the_line_and_what_cannot_be_followed() {
        let e = replay("CREATE TABLE t (id int);\n\nALTER TABLE t ALTER COLUMN nope SET NOT NULL;")
            .unwrap_err();
        assert_eq!(e.origin.line, 3);
        assert!(e.message.contains("no column `nope`"), "{e}");
        let e = replay("CREATE TABLE t (id int);\nCREATE TABLE u AS SELECT * FROM t;").unwrap_err();
        assert_eq!(e.origin.line, 2);
        let e = replay("CREATE TABLE t (id int);\n\nCREAT TABLE u ();").unwrap_err();
        assert_eq!(e.origin.line, 3);
        assert!(e.message.contains("cannot parse"), "{e}");
    }

    #[test]
    fn schemas_the_history_creates_hold_tables_enums_and_indexes() {
        let s = replay(
            "CREATE SCHEMA billing;
             CREATE TYPE billing.state AS ENUM ('draft');
             CREATE TABLE billing.invoice (id int PRIMARY KEY, state billing.state, n int UNIQUE);
             CREATE INDEX invoice_state_idx ON billing.invoice (state);
             CREATE INDEX ON billing.invoice (n);
             CREATE TABLE payment (invoice_id int REFERENCES billing.invoice);
             CREATE INDEX invoice_state_idx ON payment (invoice_id);
             ALTER INDEX billing.invoice_state_idx RENAME TO by_state;
             ALTER TABLE billing.invoice RENAME TO bill;
             ALTER TYPE billing.state RENAME TO status;
             DROP INDEX billing.invoice_n_idx;",
        )
        .unwrap();
        assert_eq!(s.schemas[0].name, "billing");
        let t = s.table("billing.bill").expect("renamed within its schema");
        assert_eq!(t.primary_key.as_ref().unwrap().name, "invoice_pkey");
        assert_eq!(t.uniques[0].name, "invoice_n_key");
        let indexes: Vec<&str> = t.indexes.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(indexes, ["by_state"]);
        assert_eq!(t.columns[1].column_type.to_string(), "billing.status");
        assert_eq!(s.enums[0].name, "billing.status");
        let p = s.table("payment").unwrap();
        assert_eq!(p.indexes[0].name, "invoice_state_idx", "public's own index");
        assert_eq!(p.foreign_keys[0].ref_table, "billing.bill");

        let e = replay("CREATE TABLE billing.t (id int);").unwrap_err();
        assert!(
            e.message
                .contains("schema `billing` is not created by the migrations"),
            "{e}"
        );
        let e = replay("CREATE SCHEMA a;\nCREATE TABLE a.t (id int);\nDROP SCHEMA a;").unwrap_err();
        assert_eq!(e.origin.line, 3);
        assert!(e.message.contains("still holds `a.t`"), "{e}");
        let s =
            replay("CREATE SCHEMA a;\nCREATE TABLE a.t (id int);\nDROP SCHEMA a CASCADE;").unwrap();
        assert!(s.is_empty());
    }

    #[test]
    fn expressions_normalise() {
        assert_eq!(
            normalize_expression("NOW( )"),
            normalize_expression("now()")
        );
        assert_eq!(
            normalize_expression("status in ('a','b')"),
            normalize_expression("status IN ('a', 'b')")
        );
    }
}

#[cfg(test)]
mod chunk_tests {
    use super::*;

    #[test]
    fn a_large_file_is_parsed_in_pieces_with_the_same_statements_and_lines() {
        // 1.5 MB: long literals keep the statement count small; a function body with `;`
        // inside dollar quotes must not be cut.
        let filler = "x".repeat(10_000);
        let mut sql = String::from("-- header\n");
        for i in 0..150 {
            sql.push_str(&format!(
                "SELECT '{filler}';\nCREATE TABLE t{i} (id int);\n"
            ));
            if i == 100 {
                sql.push_str(
                    "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql;\n",
                );
            }
        }
        assert!(sql.len() > CHUNK_BYTES);
        let pieces = chunks(&sql).unwrap();
        assert!(pieces.len() > 1, "{pieces:?}");
        let statements = parse_statements("big.sql", &sql).unwrap();
        // 150 tables and the function; the SELECTs are data statements, not kept.
        assert_eq!(statements.len(), 151);
        let line_of_t149 = sql
            .lines()
            .position(|l| l == "CREATE TABLE t149 (id int);")
            .unwrap()
            + 1;
        assert_eq!(statements.last().unwrap().origin.line, line_of_t149);
        let mut schema = Schema::default();
        replay_file(&mut schema, "big.sql", &sql).unwrap();
        assert_eq!(schema.tables.len(), 150);
    }
}
