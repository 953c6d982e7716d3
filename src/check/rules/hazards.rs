//! The statement hazard rules: what each statement of each migration — generated or written by
//! hand — does to a table that already holds rows in production (the lock it takes, whether it
//! scans or rewrites the table, whether it breaks the application version still running).
//! Tables the same migration creates are empty: nothing said about them.
//!
//! Each rule is its own file with a `detect` function; the walk of the history
//! (`history::OpenStep`) runs them on each statement with the schema as it was before, and this
//! module turns what they found into findings. One hazard is accepted, with a reason, by a
//! comment line just before its statement:
//!
//! ```sql
//! -- hotelschema:allow set-not-null the table holds 200 rows
//! ALTER TABLE room ALTER COLUMN floor SET NOT NULL;
//! ```
//!
//! An `allow` whose statement no longer trips its rule is reported (`stale-allow`), as is one
//! that names no hazard rule or gives no reason.

use std::collections::HashSet;

use pg_query::protobuf::node::Node as N;

use super::history::Walk;
use super::Rule;
use super::{
    adding_required_column, blocking_maintenance, breaking_rename, concurrently_in_transaction,
    constraint_built_in_place, constraint_without_not_valid, exclusive_locks_on_several_tables,
    missing_timeout, non_concurrent_index, rewriting_type_change, set_not_null, volatile_default,
};
use crate::check::{Finding, Severity};
use crate::schema::model::Origin;
use crate::sql::replay::{History, Statement};

pub const STALE_ALLOW: Rule = Rule {
    id: "stale-allow",
    default_severity: Severity::Warning,
    summary: "a `-- hotelschema:allow` comment that accepts nothing, names no hazard rule or gives no reason",
};

/// The comment that accepts one hazard of the next statement.
pub const ALLOW_MARKER: &str = "-- hotelschema:allow ";

/// The rules a statement is judged by, in the order they report.
pub const RULES: &[&Rule] = &[
    &adding_required_column::RULE,
    &volatile_default::RULE,
    &set_not_null::RULE,
    &rewriting_type_change::RULE,
    &constraint_without_not_valid::RULE,
    &constraint_built_in_place::RULE,
    &non_concurrent_index::RULE,
    &concurrently_in_transaction::RULE,
    &breaking_rename::RULE,
    &blocking_maintenance::RULE,
    &exclusive_locks_on_several_tables::RULE,
    &missing_timeout::RULE,
];

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

/// A hazard at its statement, as a step of the walk keeps it.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug)]
pub struct Hazard {
    pub rule: String,
    pub origin: Origin,
    pub table: String,
    pub message: String,
}

/// One `-- hotelschema:allow <rule> <reason>` line.
#[derive(Clone, Debug)]
pub struct Allow {
    pub line: usize,
    pub rule: String,
    used: bool,
}

/// What the statement rules keep while one migration file is walked.
pub struct FileState {
    file: String,
    allows: Vec<Allow>,
    /// The allows before this index are attached to statements already judged.
    next_allow: usize,
    /// Existing tables already locked ACCESS EXCLUSIVE by this (transactional) file.
    pub exclusive: Vec<String>,
    /// Whether the file has set lock_timeout and statement_timeout, by line.
    timeouts: missing_timeout::Timeouts,
    pub hazards: Vec<Hazard>,
    /// Allow lines that are malformed or accept nothing: (where, why).
    pub problems: Vec<(Origin, String)>,
}

impl FileState {
    pub fn new(file: &str, sql: &str) -> FileState {
        let mut problems = Vec::new();
        let mut allows = Vec::new();
        // Most files have no marker: one substring search instead of trimming every line (on
        // the thread that replays the history, whose work is the critical path of `check`).
        let lines = if sql.contains(ALLOW_MARKER) {
            sql.lines()
        } else {
            "".lines()
        };
        for (i, line) in lines.enumerate() {
            let Some(rest) = line.trim_start().strip_prefix(ALLOW_MARKER) else {
                continue;
            };
            let origin = Origin::new(file, i + 1);
            let mut words = rest.split_whitespace();
            let rule = words.next().unwrap_or_default();
            if !RULES.iter().any(|r| r.id == rule) {
                let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
                problems.push((
                    origin,
                    format!(
                        "`-- hotelschema:allow {rule}` names no statement rule; write one of: {}",
                        ids.join(", ")
                    ),
                ));
                continue;
            }
            if words.next().is_none() {
                problems.push((
                    origin.clone(),
                    format!(
                        "`-- hotelschema:allow {rule}` gives no reason; say why the hazard is \
                         acceptable (`-- hotelschema:allow {rule} the table holds 200 rows`)"
                    ),
                ));
            }
            allows.push(Allow {
                line: i + 1,
                rule: rule.to_string(),
                used: false,
            });
        }
        FileState {
            file: file.to_string(),
            allows,
            next_allow: 0,
            exclusive: Vec::new(),
            timeouts: missing_timeout::Timeouts::read(sql),
            hazards: Vec::new(),
            problems,
        }
    }

    /// Runs every statement rule on `statements` (a piece of the file, in order), raw blocks'
    /// statements included.
    pub fn judge(&mut self, statements: &[Statement], ctx: &Context) {
        for st in statements.iter().flat_map(Statement::with_inner) {
            // The allow lines between the previous statement and this one belong to it.
            let first = self.next_allow;
            while self
                .allows
                .get(self.next_allow)
                .is_some_and(|a| a.line < st.origin.line)
            {
                self.next_allow += 1;
            }
            let found = detect(&st.node, st.origin.line, ctx, self);
            for (rule, d) in found {
                let allowed = self.allows[first..self.next_allow]
                    .iter_mut()
                    .find(|a| a.rule == rule.id);
                match allowed {
                    Some(a) => a.used = true,
                    None => self.hazards.push(Hazard {
                        rule: rule.id.to_string(),
                        origin: st.origin.clone(),
                        table: d.table,
                        message: d.message,
                    }),
                }
            }
        }
    }

    /// After the whole file: the allows that accepted nothing.
    pub fn finish(mut self) -> (Vec<Hazard>, Vec<(Origin, String)>) {
        for a in self.allows.iter().filter(|a| !a.used) {
            self.problems.push((
                Origin::new(&self.file, a.line),
                format!(
                    "`-- hotelschema:allow {}` accepts nothing: the statement after it does not \
                     trip `{}` (any more); remove the comment",
                    a.rule, a.rule
                ),
            ));
        }
        self.problems.sort_by_key(|(o, _)| o.line);
        (self.hazards, self.problems)
    }
}

/// Every rule's findings on one statement.
fn detect(
    node: &N,
    line: usize,
    ctx: &Context,
    state: &mut FileState,
) -> Vec<(&'static Rule, Detected)> {
    let mut out = Vec::new();
    let mut add = |rule: &'static Rule, found: Vec<Detected>| {
        out.extend(found.into_iter().map(|d| (rule, d)));
    };
    add(
        &adding_required_column::RULE,
        adding_required_column::detect(node, ctx),
    );
    add(&volatile_default::RULE, volatile_default::detect(node, ctx));
    add(&set_not_null::RULE, set_not_null::detect(node, ctx));
    add(
        &rewriting_type_change::RULE,
        rewriting_type_change::detect(node, ctx),
    );
    add(
        &constraint_without_not_valid::RULE,
        constraint_without_not_valid::detect(node, ctx),
    );
    add(
        &constraint_built_in_place::RULE,
        constraint_built_in_place::detect(node, ctx),
    );
    add(
        &non_concurrent_index::RULE,
        non_concurrent_index::detect(node, ctx),
    );
    add(
        &concurrently_in_transaction::RULE,
        concurrently_in_transaction::detect(node, ctx),
    );
    add(&breaking_rename::RULE, breaking_rename::detect(node, ctx));
    add(
        &blocking_maintenance::RULE,
        blocking_maintenance::detect(node, ctx),
    );
    add(
        &exclusive_locks_on_several_tables::RULE,
        exclusive_locks_on_several_tables::detect(node, ctx, &mut state.exclusive),
    );
    add(
        &missing_timeout::RULE,
        missing_timeout::detect(node, line, ctx, &mut state.timeouts),
    );
    out
}

/// The findings of the statement rules over the whole walk. `missing-timeout` reports only
/// when the configuration requires timeouts (`migrations: { require_timeouts: true }`).
pub fn check(walk: &Walk, require_timeouts: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for step in &walk.steps {
        for h in &step.hazards {
            if h.rule == missing_timeout::RULE.id && !require_timeouts {
                continue;
            }
            let Some(rule) = RULES.iter().find(|r| r.id == h.rule) else {
                continue;
            };
            out.push(
                Finding::new(rule, h.message.clone())
                    .table(&h.table)
                    .at(&h.origin),
            );
        }
        for (origin, why) in &step.allow_problems {
            out.push(Finding::new(&STALE_ALLOW, why.clone()).at(origin));
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::super::testing::{brief, walk_of};
    use super::*;

    #[test]
    fn an_allow_accepts_the_hazard_of_the_next_statement_and_is_reported_when_stale() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int, b int);"),
            (
                "V0002__b.sql",
                "-- hotelschema:allow set-not-null the table holds 20 rows\n\
                 ALTER TABLE a ALTER COLUMN b SET NOT NULL;\n\
                 -- hotelschema:allow set-not-null nothing to accept here\n\
                 ALTER TABLE a ADD COLUMN c int;\n\
                 -- hotelschema:allow breaking-rename\n\
                 ALTER TABLE a RENAME COLUMN c TO d;\n\
                 -- hotelschema:allow no-such-rule because\n",
            ),
        ]);
        let found = brief(&dir, check(&walk, false));
        assert_eq!(
            found,
            [
                (
                    "V0002__b.sql:3".to_string(),
                    "`-- hotelschema:allow set-not-null` accepts nothing: the statement after it \
                     does not trip `set-not-null` (any more); remove the comment"
                        .to_string()
                ),
                (
                    "V0002__b.sql:5".to_string(),
                    "`-- hotelschema:allow breaking-rename` gives no reason; say why the hazard \
                     is acceptable (`-- hotelschema:allow breaking-rename the table holds 200 \
                     rows`)"
                        .to_string()
                ),
                (
                    "V0002__b.sql:7".to_string(),
                    format!(
                        "`-- hotelschema:allow no-such-rule` names no statement rule; write one \
                         of: {}",
                        RULES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
                    )
                ),
            ]
        );
    }

    #[test]
    fn safe_statements_and_new_tables_get_nothing() {
        let (dir, walk) = walk_of(&[
            (
                "V0001__a.sql",
                "CREATE TABLE a (id int PRIMARY KEY, b int);",
            ),
            (
                "V0002__b.sql",
                "ALTER TABLE a ADD COLUMN c int;\n\
                 ALTER TABLE a ADD COLUMN d text NOT NULL DEFAULT 'x';\n\
                 ALTER TABLE a ADD COLUMN e timestamptz DEFAULT now();\n\
                 ALTER TABLE a ADD CONSTRAINT a_b_check CHECK (b > 0) NOT VALID;\n\
                 CREATE TABLE z (id int PRIMARY KEY, a_id int REFERENCES a (id));\n\
                 ALTER TABLE z ADD COLUMN n int NOT NULL;\n\
                 CREATE INDEX z_a_id_idx ON z (a_id);",
            ),
            (
                "V0003__c.sql",
                "ALTER TABLE a VALIDATE CONSTRAINT a_b_check;",
            ),
        ]);
        assert_eq!(brief(&dir, check(&walk, false)), []);
    }
}
