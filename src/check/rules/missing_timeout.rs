//! `missing-timeout` (warning; on when `checks/config.yaml` says `migrations: {
//! require_timeouts: true }`): a migration that locks an existing table must first set
//! `lock_timeout` (so that waiting behind a long query does not queue every other session
//! behind it) and `statement_timeout` (so that a scan cannot hold its lock for an hour).
//! `hotelschema migrate` sets both for its session (`--lock-timeout`, `--statement-timeout`);
//! the rule is for migrations that other tools may apply.
//!
//! Where this differs from Squawk on purpose: only statements that lock a table that existed
//! before the migration need the timeouts (`COMMENT ON COLUMN` and `LOCK TABLE` do: they wait
//! like any lock). `CREATE TYPE ... AS ENUM`, a new table or function locks nothing anyone
//! waits on, so Squawk's "every DDL file" would only teach users to ignore the rule.

use pg_query::protobuf::node::Node as N;

use super::statement::{Context, Detected};
use super::Rule;
use crate::check::Severity;
use crate::sql::locks::{locks, LockLevel};

pub const RULE: Rule = Rule {
    id: "missing-timeout",
    default_severity: Severity::Warning,
    summary: "a migration locks an existing table before setting lock_timeout and statement_timeout (when required)",
};

/// The lines where a file sets each timeout, and whether it has been reported already.
pub struct Timeouts {
    lock: Option<usize>,
    statement: Option<usize>,
    reported: bool,
}

impl Timeouts {
    /// Reads `SET [LOCAL] lock_timeout` / `statement_timeout` lines (SET statements are not
    /// kept by the parser's pass: they never change the schema).
    pub fn read(sql: &str) -> Timeouts {
        let first = |name: &str| {
            sql.lines()
                .position(|l| {
                    let l = l.trim_start();
                    // Most lines are not SET: judged without allocating.
                    if !l.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("set ")) {
                        return false;
                    }
                    let rest = l[4..].trim_start().to_lowercase();
                    let rest = rest.strip_prefix("local ").unwrap_or(&rest).trim_start();
                    rest.starts_with(name)
                })
                .map(|i| i + 1)
        };
        Timeouts {
            lock: first("lock_timeout"),
            statement: first("statement_timeout"),
            reported: false,
        }
    }
}

pub fn detect(node: &N, line: usize, ctx: &Context, timeouts: &mut Timeouts) -> Vec<Detected> {
    if timeouts.reported {
        return Vec::new();
    }
    let Some((level, table)) = locks(node, |i| ctx.index_table(i))
        .into_iter()
        .find(|(level, t)| *level >= LockLevel::ShareUpdateExclusive && ctx.existed.contains(t))
    else {
        return Vec::new();
    };
    let missing: Vec<&str> = [
        ("lock_timeout", timeouts.lock),
        ("statement_timeout", timeouts.statement),
    ]
    .into_iter()
    .filter(|(_, at)| at.is_none_or(|at| at > line))
    .map(|(name, _)| name)
    .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    timeouts.reported = true;
    vec![Detected {
        message: format!(
            "this statement takes {} on {table} before the migration sets {}; start the file \
             with `SET lock_timeout = '2s'; SET statement_timeout = '5min';` (the config \
             requires them)",
            level.name(),
            missing.join(" and ")
        ),
        table,
    }]
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn timeouts_are_set_before_the_first_lock_when_required() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);"),
            ("V0002__b.sql", "ALTER TABLE a ADD COLUMN x int;\nALTER TABLE a ADD COLUMN y int;"),
            (
                "V0003__c.sql",
                "SET lock_timeout = '2s';\nSET LOCAL statement_timeout = '5min';\nALTER TABLE a ADD COLUMN z int;",
            ),
            ("V0004__d.sql", "SET lock_timeout = '2s';\nALTER TABLE a ADD COLUMN w int;"),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, true))
            .into_iter()
            .filter(|(_, m)| m.contains("before the migration sets"))
            .map(|(at, m)| format!("{at} {}", m.split("; start").next().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                "V0002__b.sql:1 this statement takes ACCESS EXCLUSIVE on a before the migration sets lock_timeout and statement_timeout",
                "V0004__d.sql:2 this statement takes ACCESS EXCLUSIVE on a before the migration sets statement_timeout",
            ]
        );
        // Not required by the configuration: nothing.
        assert!(!brief(&dir, check(&walk, false))
            .iter()
            .any(|(_, m)| m.contains("before the migration sets")));
    }

    #[test]
    fn a_comment_and_a_lock_table_wait_like_any_lock() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int);"),
            ("V0002__b.sql", "COMMENT ON COLUMN a.id IS 'the key';"),
            ("V0003__c.sql", "LOCK TABLE a IN SHARE MODE;"),
            (
                "V0004__d.sql",
                "SET lock_timeout = '2s';\nSET statement_timeout = '5min';\nCOMMENT ON TABLE a IS 'x';\nLOCK TABLE a;",
            ),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, true))
            .into_iter()
            .filter(|(_, m)| m.contains("before the migration sets"))
            .map(|(at, m)| format!("{at} {}", m.split(" before").next().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                "V0002__b.sql:1 this statement takes SHARE UPDATE EXCLUSIVE on a",
                "V0003__c.sql:1 this statement takes SHARE on a",
            ]
        );
    }
}
