//! What a statement rule sees: the statement's surroundings (the schema before it, the tables
//! that existed before the migration) and the facts the rules share about a statement (the
//! relation it touches, the commands of an ALTER TABLE, the constraints and columns it adds).
//! A leaf: the rules and the walk that runs them both import it.

use std::collections::HashSet;

use pg_query::protobuf::node::Node as N;

use crate::sql::replay::History;

/// What a rule sees of a statement's surroundings.
pub struct Context<'a> {
    /// The schema before this statement's piece of the file was replayed.
    pub history: &'a History,
    /// The tables that existed before the migration began (the others are new, so empty).
    pub existed: &'a HashSet<String>,
    /// Whether the migration runs in one transaction.
    pub transactional: bool,
}

impl Context<'_> {
    /// The table an index belongs to.
    pub fn index_table(&self, index: &str) -> Option<String> {
        self.history.table_of_index(index).map(str::to_string)
    }
}

/// One hazard a rule found: on which table, and what to do about it.
pub struct Detected {
    pub table: String,
    pub message: String,
}

/// Whether a statement runs on a table that existed before the migration: the name, if so.
pub fn existing_relation(
    rv: Option<&pg_query::protobuf::RangeVar>,
    ctx: &Context,
) -> Option<String> {
    let name = crate::sql::replay::loose_relation(rv?);
    ctx.existed.contains(&name).then_some(name)
}

/// The ALTER TABLE commands of `node` when it alters a table that existed before the migration.
pub fn alter_commands<'n>(
    node: &'n N,
    ctx: &Context,
) -> Option<(String, Vec<&'n pg_query::protobuf::AlterTableCmd>)> {
    let N::AlterTableStmt(s) = node else {
        return None;
    };
    let table = existing_relation(s.relation.as_ref(), ctx)?;
    let cmds = s
        .cmds
        .iter()
        .filter_map(|c| match c.node.as_ref() {
            Some(N::AlterTableCmd(c)) => Some(c.as_ref()),
            _ => None,
        })
        .collect();
    Some((table, cmds))
}

/// The commands of one subtype, with the table.
pub fn commands_of(
    node: &N,
    ctx: &Context,
    kind: pg_query::protobuf::AlterTableType,
) -> Vec<(String, pg_query::protobuf::AlterTableCmd)> {
    let Some((table, cmds)) = alter_commands(node, ctx) else {
        return Vec::new();
    };
    cmds.into_iter()
        .filter(|c| c.subtype == kind as i32)
        .map(|c| (table.clone(), c.clone()))
        .collect()
}

/// The constraints `node` adds to a table that existed before the migration — `ADD
/// CONSTRAINT`, and those written inline in an `ADD COLUMN` — as (table, what it is called in
/// a message, the constraint). `kind` names the constraint's type ("CHECK", "UNIQUE"...), or
/// None for the constraints the caller does not judge.
pub fn added_constraints(
    node: &N,
    ctx: &Context,
    kind: impl Fn(&pg_query::protobuf::Constraint) -> Option<&'static str>,
) -> Vec<(String, String)> {
    use pg_query::protobuf::AlterTableType;
    let mut out = Vec::new();
    for (table, c) in commands_of(node, ctx, AlterTableType::AtAddConstraint) {
        if let Some(N::Constraint(k)) = c.def.as_ref().and_then(|d| d.node.as_ref()) {
            if let Some(what) = kind(k) {
                out.push((
                    table,
                    format!("{what} {}", k.conname).trim_end().to_string(),
                ));
            }
        }
    }
    if let Some((table, columns)) = added_columns(node, ctx) {
        for c in columns {
            for k in &c.constraints {
                if let Some(what) = kind(k) {
                    out.push((
                        table.clone(),
                        format!("{what} on the new column {}", c.name),
                    ));
                }
            }
        }
    }
    out
}

/// What an `ADD COLUMN` declares, read from its definition and inline constraints.
pub struct ColumnFacts {
    pub name: String,
    pub not_null: bool,
    pub default: Option<pg_query::protobuf::Node>,
    /// Identity or `GENERATED ALWAYS AS (...) STORED`: every row gets a value computed now.
    pub generated: bool,
    /// `serial`/`bigserial`: a sequence default, computed for every row.
    pub serial: bool,
    pub constraints: Vec<pg_query::protobuf::Constraint>,
}

/// The columns `node` adds to a table that existed before the migration.
pub fn added_columns(node: &N, ctx: &Context) -> Option<(String, Vec<ColumnFacts>)> {
    use pg_query::protobuf::{AlterTableType, ConstrType};
    let (table, cmds) = alter_commands(node, ctx)?;
    let columns = cmds
        .into_iter()
        .filter(|c| c.subtype == AlterTableType::AtAddColumn as i32)
        .filter_map(|c| match c.def.as_ref()?.node.as_ref()? {
            N::ColumnDef(d) => Some(d.as_ref().clone()),
            _ => None,
        })
        .map(|d| {
            let constraints: Vec<pg_query::protobuf::Constraint> = d
                .constraints
                .iter()
                .filter_map(|c| match c.node.as_ref() {
                    Some(N::Constraint(c)) => Some(c.as_ref().clone()),
                    _ => None,
                })
                .collect();
            let has = |t: ConstrType| constraints.iter().any(|c| c.contype == t as i32);
            let default = constraints
                .iter()
                .find(|c| c.contype == ConstrType::ConstrDefault as i32)
                .and_then(|c| c.raw_expr.as_deref().cloned())
                .or_else(|| d.raw_default.as_deref().cloned());
            let type_name = d
                .type_name
                .as_ref()
                .and_then(|t| t.names.last())
                .and_then(|n| match n.node.as_ref() {
                    Some(N::String(s)) => Some(s.sval.to_lowercase()),
                    _ => None,
                })
                .unwrap_or_default();
            ColumnFacts {
                name: d.colname.clone(),
                not_null: d.is_not_null
                    || has(ConstrType::ConstrNotnull)
                    || has(ConstrType::ConstrPrimary),
                default,
                generated: has(ConstrType::ConstrIdentity) || has(ConstrType::ConstrGenerated),
                serial: matches!(
                    type_name.as_str(),
                    "serial" | "bigserial" | "smallserial" | "serial4" | "serial8" | "serial2"
                ),
                constraints,
            }
        })
        .collect();
    Some((table, columns))
}
