//! The statement hazard rules: what each statement of each migration — generated or written by
//! hand — does to a table that already holds rows in production (the lock it takes, whether it
//! scans or rewrites the table, whether it breaks the application version still running).
//! Tables the same migration creates are empty: nothing said about them.
//!
//! Each rule is its own file with a `detect` function over a statement and its context
//! (`statement.rs`); the walk of the history (`history::OpenStep`) runs them here on each
//! statement with the schema as it was before, and `rules::hazard_findings` turns what they
//! found into findings. One hazard is accepted, with a reason, by a
//! comment line just before its statement:
//!
//! ```sql
//! -- hotelschema:allow set-not-null the table holds 200 rows
//! ALTER TABLE room ALTER COLUMN floor SET NOT NULL;
//! ```
//!
//! An `allow` whose statement no longer trips its rule is reported (`stale-allow`), as is one
//! that names no hazard rule or gives no reason.
//!
//! Not judged, on purpose: `ALTER COLUMN ... DROP NOT NULL` (Squawk's corpus has it): it
//! changes the catalog only, under a lock held for an instant, and relaxing a constraint never
//! makes a running application's writes fail — reading code that assumed non-NULL values is a
//! contract `breaking-rename`-style review catches, not a lock hazard. `TRUNCATE` is
//! `destructive-change`'s.

use pg_query::protobuf::node::Node as N;

use super::statement::{Context, Detected};
use super::Rule;
use super::{
    adding_required_column, blocking_maintenance, breaking_rename, concurrently_in_transaction,
    constraint_built_in_place, constraint_without_not_valid, distributed_table_ddl,
    exclusive_locks_on_several_tables, missing_timeout, non_concurrent_detach,
    non_concurrent_index, persistence_change, rewriting_type_change, set_not_null,
    volatile_default,
};
use crate::check::Severity;
use crate::schema::model::Origin;
use crate::sql::replay::Statement;

pub const STALE_ALLOW: Rule = Rule {
    id: "stale-allow",
    default_severity: Severity::Warning,
    summary: "a `-- hotelschema:allow` comment that accepts nothing, names no hazard rule or gives no reason",
};

/// The comment that accepts one hazard of the next statement.
pub const ALLOW_MARKER: &str = "-- hotelschema:allow ";

/// The rules a statement is judged by (in the order `--list-rules` shows them).
pub const RULES: &[&Rule] = &[
    &non_concurrent_index::RULE,
    &adding_required_column::RULE,
    &volatile_default::RULE,
    &set_not_null::RULE,
    &rewriting_type_change::RULE,
    &constraint_without_not_valid::RULE,
    &constraint_built_in_place::RULE,
    &concurrently_in_transaction::RULE,
    &breaking_rename::RULE,
    &blocking_maintenance::RULE,
    &exclusive_locks_on_several_tables::RULE,
    &missing_timeout::RULE,
    &non_concurrent_detach::RULE,
    &persistence_change::RULE,
    &distributed_table_ddl::RULE,
];

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
    /// Constraints this (transactional) file added NOT VALID.
    pub not_valid: constraint_without_not_valid::NotValidAdded,
    /// The `CHECK (col IS NOT NULL)` this file added and validated.
    pub not_null_checks: set_not_null::FileChecks,
    /// Whether the file has set lock_timeout and statement_timeout, by line.
    timeouts: missing_timeout::Timeouts,
    /// Inside an explicit `BEGIN ... COMMIT` of a file that runs without a transaction: its
    /// statements share one transaction all the same.
    in_block: bool,
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
            not_valid: Vec::new(),
            not_null_checks: Default::default(),
            timeouts: missing_timeout::Timeouts::read(sql),
            in_block: false,
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
            // An explicit transaction block of a no-transaction file is a transaction: what
            // the rules say of transactional files holds inside it.
            if let pg_query::protobuf::node::Node::TransactionStmt(t) = &st.node {
                use pg_query::protobuf::TransactionStmtKind as K;
                match K::try_from(t.kind) {
                    Ok(K::TransStmtBegin | K::TransStmtStart) => self.in_block = true,
                    Ok(K::TransStmtCommit | K::TransStmtRollback) if !ctx.transactional => {
                        self.in_block = false;
                        self.not_valid.clear();
                        self.exclusive.clear();
                    }
                    _ => {}
                }
            }
            let block = Context {
                history: ctx.history,
                existed: ctx.existed,
                transactional: ctx.transactional || self.in_block,
            };
            let found = detect(&st.node, st.origin.line, &block, self);
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
    add(
        &set_not_null::RULE,
        set_not_null::detect(node, ctx, &mut state.not_null_checks),
    );
    add(
        &rewriting_type_change::RULE,
        rewriting_type_change::detect(node, ctx),
    );
    add(
        &constraint_without_not_valid::RULE,
        constraint_without_not_valid::detect(node, ctx, &mut state.not_valid),
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
    add(
        &non_concurrent_detach::RULE,
        non_concurrent_detach::detect(node, ctx),
    );
    add(
        &persistence_change::RULE,
        persistence_change::detect(node, ctx),
    );
    add(
        &distributed_table_ddl::RULE,
        distributed_table_ddl::detect(node, ctx),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
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
