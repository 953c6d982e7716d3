//! Many databases at once: `migrate`, `migrate --rollback`, `status`, `check --db` and `diff`
//! with `--targets FILE`. Each target is run by this same binary as a child process (the normal
//! single-database command, under its own advisory lock, its URL passed through the environment),
//! with at most `--parallel` at a time; a rerun simply resumes each target where it stopped,
//! because it is the normal `migrate`. This process reads each target's version before and
//! after, and prints one summary.

pub mod targets;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use serde::Serialize;

use crate::db::connect::Database;
use crate::format::Format;
use targets::Target;

/// What the fleet runs on each target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Migrate,
    Rollback,
    Status,
    Check,
    Diff,
}

impl Kind {
    /// Whether the command changes the databases: only those stop at a failure and use canaries.
    fn changes(self) -> bool {
        matches!(self, Kind::Migrate | Kind::Rollback)
    }

    fn verb(self) -> &'static str {
        match self {
            Kind::Migrate => "migrate",
            Kind::Rollback => "migrate --rollback",
            Kind::Status => "status",
            Kind::Check => "check --db",
            Kind::Diff => "diff",
        }
    }
}

/// One target's result.
#[derive(Serialize, Clone, Debug)]
pub struct Outcome {
    pub target: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// History version before the run (`None` when unreachable or not run).
    pub version_before: Option<i32>,
    pub version_after: Option<i32>,
    /// Migrations applied (negative: rolled back).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migrations: Option<i32>,
    /// Pending migrations (status).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<usize>,
    /// Error and warning findings (check --db), labelled in JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<Counts>,
    pub seconds: f64,
    /// done, up to date, failed, unreachable, skipped, drift, no drift, clean, findings, behind
    pub state: String,
    /// The error, for a target that failed or could not be reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// How many error and warning findings a target's check had.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Counts {
    pub errors: u64,
    pub warnings: u64,
}

impl Outcome {
    /// A target's outcome with nothing measured yet.
    fn new(target: &Target, state: &str) -> Outcome {
        Outcome {
            target: target.name.clone(),
            group: target.group.clone(),
            version_before: None,
            version_after: None,
            migrations: None,
            pending: None,
            findings: None,
            seconds: 0.0,
            state: state.to_string(),
            error: None,
        }
    }
}

/// At least one target failed, was unreachable, or (check, diff) had findings (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FleetFailed(pub String);

/// How to run the targets (`--targets`, `--group`, `--parallel`, `--canary`, `--keep-going`).
#[derive(Debug, Clone, Copy)]
pub struct Rollout<'a> {
    /// The targets file.
    pub targets: &'a std::path::Path,
    /// Only the targets of this group.
    pub group: Option<&'a str>,
    /// How many targets run at once.
    pub parallel: usize,
    /// Migrate the first N targets first; if one fails, start no other.
    pub canary: Option<usize>,
    /// Keep starting targets after one failed.
    pub keep_going: bool,
}

/// Runs the user's own command line ([`forwarded`]: without the fleet's options, and with
/// `--format json` where the fleet reads the child's JSON) on every target.
pub fn run(kind: Kind, opts: &Rollout, format: Format) -> anyhow::Result<()> {
    let child_args = forwarded(
        &own_arguments()?,
        matches!(kind, Kind::Check | Kind::Status),
    );
    let plan = targets::read(opts.targets)?;
    let mut all = plan.targets;
    if let Some((control, tenants)) = &plan.tenants {
        all.extend(block_on(list_tenants(control, tenants))?);
    }
    let chosen = targets::of_group(all, opts.group)?;
    if opts.parallel == 0 {
        return Err(
            crate::UsageError("--parallel 0 would run nothing; give at least 1".into()).into(),
        );
    }
    let outcomes = schedule(kind, &child_args, &chosen, opts);
    report(kind, &outcomes, format)
}

/// The fleet's own options, each with whether it takes a value: `--targets`, `--group`,
/// `--parallel`, `--canary`, `--keep-going` say how to run the targets; `--format` and
/// `--color` how to show the summary (each child's output is read, as JSON where the kind
/// has it, and formatted once).
const OWN_OPTIONS: &[(&str, bool)] = &[
    ("--targets", true),
    ("--group", true),
    ("--parallel", true),
    ("--canary", true),
    ("--keep-going", false),
    ("--format", true),
    ("--color", true),
];

/// The arguments of each target's run: the user's own (`raw`, without the program's name),
/// minus the fleet's options, so that every option of the command reaches the child as
/// written — a new one too. `--format json` is added where the fleet reads the child's JSON.
fn forwarded(raw: &[String], json: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = raw.iter();
    while let Some(a) = args.next() {
        if a == "--" {
            out.push(a.clone());
            out.extend(args.by_ref().cloned());
            break;
        }
        let name = a.split_once('=').map_or(a.as_str(), |(n, _)| n);
        match OWN_OPTIONS.iter().find(|(o, _)| *o == name) {
            Some((_, takes_value)) => {
                if *takes_value && !a.contains('=') {
                    args.next();
                }
            }
            None => out.push(a.clone()),
        }
    }
    if json {
        out.extend(["--format".to_string(), "json".to_string()]);
    }
    out
}

/// This process's arguments without its name, for [`forwarded`]; one that is not UTF-8 is
/// refused (a child's command line is rebuilt from text).
fn own_arguments() -> Result<Vec<String>, crate::UsageError> {
    std::env::args_os()
        .skip(1)
        .map(|a| {
            a.into_string().map_err(|a| {
                crate::UsageError(format!(
                    "--targets: the argument {} is not UTF-8; each target's run is given the \
                     same arguments as text",
                    a.to_string_lossy()
                ))
            })
        })
        .collect()
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(future)
}

/// The tenant databases a query on the control database lists (columns `name` and `url`).
async fn list_tenants(control: &str, tenants: &targets::Tenants) -> anyhow::Result<Vec<Target>> {
    let db = Database::from_url(control)?;
    let mut conn = db.connect().await?;
    // The query lists; it never writes: it runs in a read-only transaction, rolled back (a
    // `DELETE ... RETURNING` mistaken for a listing fails instead of deleting).
    sqlx::raw_sql("BEGIN READ ONLY").execute(&mut conn).await?;
    let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(tenants.query.clone()))
        .fetch_all(&mut conn)
        .await
        .map_err(|e| {
            crate::UsageError(format!(
                "the tenants query on {} failed: {}; it must be a read-only query returning the \
                 columns name and url",
                db.display,
                crate::db::sql_error::describe(&e)
            ))
        })?;
    sqlx::raw_sql("ROLLBACK").execute(&mut conn).await?;
    Ok(rows
        .into_iter()
        .map(|(name, url)| Target {
            // A name is shown in tables and summaries: a control character (an escape
            // sequence, a newline forging a row) is shown escaped, never acted on.
            name: crate::schema::diagnostic::escape_controls(&name),
            url,
            group: tenants.group.clone(),
        })
        .collect())
}

/// Runs the targets: canaries first (all of them, then stop if one failed), then the rest with
/// at most `parallel` at once; for commands that change the databases, the first failure stops
/// new starts unless --keep-going.
fn schedule(kind: Kind, args: &[String], targets: &[Target], opts: &Rollout) -> Vec<Outcome> {
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; targets.len()]);
    let stop = AtomicBool::new(false);
    let progress = Progress::new(targets.len(), kind);
    let canaries = if kind.changes() {
        opts.canary.unwrap_or(0).min(targets.len())
    } else {
        0
    };
    let stop_on_failure = kind.changes() && !opts.keep_going;
    let phases: Vec<(usize, usize, bool)> = if canaries > 0 {
        vec![
            (0, canaries, true),
            (canaries, targets.len(), stop_on_failure),
        ]
    } else {
        vec![(0, targets.len(), stop_on_failure)]
    };
    for (start, end, stops) in phases {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let next = AtomicUsize::new(start);
        std::thread::scope(|scope| {
            for _ in 0..opts.parallel.min(end - start) {
                scope.spawn(|| loop {
                    if stops && stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= end {
                        break;
                    }
                    progress.started();
                    let outcome = run_one(kind, args, &targets[i]);
                    let failed = outcome.state == "failed";
                    progress.finished(failed || outcome.state == "unreachable");
                    if failed {
                        stop.store(true, Ordering::SeqCst);
                    }
                    results.lock().unwrap()[i] = Some(outcome);
                });
            }
        });
    }
    progress.clear();
    results
        .into_inner()
        .unwrap()
        .into_iter()
        .zip(targets)
        .map(|(o, t)| {
            o.unwrap_or_else(|| {
                let mut skipped = Outcome::new(t, "skipped");
                skipped.error = Some(if canaries > 0 {
                    "not started: a canary or an earlier target failed".into()
                } else {
                    "not started: an earlier target failed (--keep-going runs the others)".into()
                });
                skipped
            })
        })
        .collect()
}

/// The history version of a target (0 without history), or why it cannot be read.
async fn version_of(url: &str) -> Result<i32, String> {
    let db = Database::from_url(url).map_err(|e| e.0)?;
    let mut conn = tokio::time::timeout(Duration::from_secs(10), db.connect())
        .await
        .map_err(|_| format!("no answer from {} within 10 s", db.display))?
        .map_err(|e| e.to_string())?;
    let applied = crate::db::history::read(&mut conn)
        .await
        .map_err(|e| crate::db::sql_error::describe_chain(&e))?;
    Ok(applied.last().map_or(0, |a| a.version))
}

fn run_one(kind: Kind, args: &[String], target: &Target) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome::new(target, "");
    match block_on(version_of(&target.url)) {
        Err(why) => {
            outcome.state = "unreachable".into();
            outcome.error = Some(why);
            outcome.seconds = started.elapsed().as_secs_f64();
            return outcome;
        }
        Ok(version) => outcome.version_before = Some(version),
    }
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("hotelschema"));
    let mut command = std::process::Command::new(exe);
    command.args(args);
    if kind == Kind::Check {
        // `check` judges a database only when asked: `--db` alone reads DATABASE_URL (the URL
        // goes by the environment, never the process list).
        command.arg("--db");
    }
    let child = command
        .env("DATABASE_URL", &target.url)
        .env_remove("GITHUB_ACTIONS")
        .output();
    outcome.seconds = started.elapsed().as_secs_f64();
    let out = match child {
        Ok(out) => out,
        Err(e) => {
            outcome.state = "failed".into();
            outcome.error = Some(format!("cannot start hotelschema: {e}"));
            return outcome;
        }
    };
    outcome.version_after = block_on(version_of(&target.url)).ok();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
    let code = out.status.code().unwrap_or(-1);
    let error = || {
        Some(
            stderr
                .strip_prefix("error: ")
                .unwrap_or(&stderr)
                .to_string(),
        )
    };
    match kind {
        Kind::Migrate | Kind::Rollback => {
            // What this run did, from its own account (one line per migration): the
            // history's count would also show what a concurrent run did.
            let verb = if kind == Kind::Rollback {
                "rolled back V"
            } else {
                "applied V"
            };
            let done = stdout.lines().filter(|l| l.starts_with(verb)).count() as i32;
            outcome.migrations = Some(if kind == Kind::Rollback { -done } else { done });
            outcome.state = match code {
                0 if outcome.migrations.unwrap_or(0) == 0 => "up to date".into(),
                0 => "done".into(),
                _ => {
                    outcome.error = error();
                    "failed".into()
                }
            };
        }
        Kind::Status => match serde_json::from_str::<serde_json::Value>(&stdout) {
            Ok(json) if code == 0 => {
                let pending = json["migrations"]
                    .as_array()
                    .map(|rows| rows.iter().filter(|r| r["state"] != "applied").count())
                    .unwrap_or(0);
                outcome.pending = Some(pending);
                outcome.state = if pending == 0 { "up to date" } else { "behind" }.into();
            }
            _ => {
                outcome.state = "failed".into();
                outcome.error = error();
            }
        },
        Kind::Check => match serde_json::from_str::<serde_json::Value>(&stdout) {
            Ok(json) if code == 0 || code == 1 => {
                let errors = json["summary"]["errors"].as_u64().unwrap_or(0);
                let warnings = json["summary"]["warnings"].as_u64().unwrap_or(0);
                outcome.findings = Some(Counts { errors, warnings });
                outcome.state = if errors > 0 { "findings" } else { "clean" }.into();
                if errors > 0 {
                    // The errors themselves, below the summary (rule: message).
                    let listed: Vec<String> = json["findings"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|f| f["severity"] == "error")
                        .map(|f| {
                            format!(
                                "{}: {}",
                                f["rule"].as_str().unwrap_or(""),
                                f["message"].as_str().unwrap_or("")
                            )
                        })
                        .collect();
                    outcome.error = Some(listed.join("\n"));
                }
            }
            _ => {
                outcome.state = "failed".into();
                outcome.error = error();
            }
        },
        Kind::Diff => {
            outcome.state = match code {
                0 => "no drift".into(),
                1 => "drift".into(),
                _ => {
                    outcome.error = error();
                    "failed".into()
                }
            };
            if code == 1 {
                outcome.error = Some(stdout.trim().to_string());
            }
        }
    }
    outcome
}

/// The summary: a table (with each failure's message below it) or JSON, then the version skew.
fn report(kind: Kind, outcomes: &[Outcome], format: Format) -> anyhow::Result<()> {
    let newest = outcomes
        .iter()
        .filter_map(|o| o.version_after.or(o.version_before))
        .max();
    let behind: Vec<(&str, i32)> = outcomes
        .iter()
        .filter_map(|o| {
            let v = o.version_after.or(o.version_before)?;
            (Some(v) < newest).then_some((o.target.as_str(), v))
        })
        .collect();
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "command": kind.verb(),
                "targets": outcomes,
                "newest_version": newest,
                "behind": behind.iter().map(|(t, v)| serde_json::json!({"target": t, "version": v})).collect::<Vec<_>>(),
            }))?
        ),
        Format::Table => {
            let mut table = Table::new();
            table.load_preset(UTF8_FULL_CONDENSED);
            let version = |v: Option<i32>| v.map_or("-".to_string(), |v| v.to_string());
            match kind {
                Kind::Migrate | Kind::Rollback => {
                    table.set_header([
                        "target",
                        "group",
                        "before",
                        "after",
                        "migrations",
                        "time",
                        "state",
                    ]);
                    for o in outcomes {
                        table.add_row([
                            o.target.clone(),
                            o.group.clone().unwrap_or_default(),
                            version(o.version_before),
                            version(o.version_after),
                            o.migrations.map_or("-".into(), |m| m.abs().to_string()),
                            format!("{:.1} s", o.seconds),
                            o.state.clone(),
                        ]);
                    }
                }
                Kind::Status => {
                    table.set_header(["target", "group", "version", "pending", "state"]);
                    for o in outcomes {
                        table.add_row([
                            o.target.clone(),
                            o.group.clone().unwrap_or_default(),
                            version(o.version_before),
                            o.pending.map_or("-".into(), |p| p.to_string()),
                            o.state.clone(),
                        ]);
                    }
                }
                Kind::Check | Kind::Diff => {
                    table.set_header(["target", "group", "version", "errors", "warnings", "state"]);
                    for o in outcomes {
                        table.add_row([
                            o.target.clone(),
                            o.group.clone().unwrap_or_default(),
                            version(o.version_before),
                            o.findings.map_or("-".into(), |f| f.errors.to_string()),
                            o.findings.map_or("-".into(), |f| f.warnings.to_string()),
                            o.state.clone(),
                        ]);
                    }
                }
            }
            println!("{table}");
            for o in outcomes.iter().filter(|o| o.error.is_some()) {
                println!(
                    "\n{} ({}):\n{}",
                    o.target,
                    o.state,
                    indent(o.error.as_deref().unwrap_or(""))
                );
            }
            if !behind.is_empty() {
                println!(
                    "\nVersion skew: the newest target is at version {}; behind it: {}",
                    newest.unwrap_or(0),
                    behind
                        .iter()
                        .map(|(t, v)| format!("{t} ({v})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }
    let count = |state: &str| outcomes.iter().filter(|o| o.state == state).count();
    let bad = ["failed", "unreachable", "skipped", "drift", "findings"]
        .iter()
        .map(|s| (*s, count(s)))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect::<Vec<_>>();
    // check --db reports skew as a problem: one tenant left behind is what it is for.
    let skew = kind == Kind::Check && !behind.is_empty();
    if bad.is_empty() && !skew {
        return Ok(());
    }
    let mut what = bad;
    if skew {
        what.push(format!("{} behind the newest version", behind.len()));
    }
    Err(FleetFailed(format!(
        "{} on {} target(s): {}",
        kind.verb(),
        outcomes.len(),
        what.join(", ")
    ))
    .into())
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// On a terminal, one stderr line: how many targets are done, running, failed.
struct Progress {
    total: usize,
    running: AtomicUsize,
    done: AtomicUsize,
    failed: AtomicUsize,
    verb: &'static str,
    shown: bool,
    lock: Mutex<()>,
}

impl Progress {
    fn new(total: usize, kind: Kind) -> Progress {
        Progress {
            total,
            running: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            verb: kind.verb(),
            shown: std::io::stderr().is_terminal(),
            lock: Mutex::new(()),
        }
    }

    fn started(&self) {
        self.running.fetch_add(1, Ordering::SeqCst);
        self.show();
    }

    fn finished(&self, failed: bool) {
        self.running.fetch_sub(1, Ordering::SeqCst);
        self.done.fetch_add(1, Ordering::SeqCst);
        if failed {
            self.failed.fetch_add(1, Ordering::SeqCst);
        }
        self.show();
    }

    fn show(&self) {
        if !self.shown {
            return;
        }
        let _guard = self.lock.lock().unwrap();
        eprint!(
            "\r\x1b[2K{}: {}/{} targets done, {} running, {} failed",
            self.verb,
            self.done.load(Ordering::SeqCst),
            self.total,
            self.running.load(Ordering::SeqCst),
            self.failed.load(Ordering::SeqCst)
        );
    }

    fn clear(&self) {
        if self.shown {
            eprint!("\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn every_option_but_the_fleets_own_reaches_each_target() {
        assert_eq!(
            super::forwarded(
                &args("--no-cache migrate --targets t.yaml --group=prod --parallel 8 --lock-timeout 2s --lock-retries 3 --canary 2 --keep-going --format json --color always --migrations-dir m"),
                false
            ),
            args("--no-cache migrate --lock-timeout 2s --lock-retries 3 --migrations-dir m")
        );
        assert_eq!(
            super::forwarded(
                &args("check --targets t.yaml --config c.yaml --schema billing"),
                true
            ),
            args("check --config c.yaml --schema billing --format json")
        );
    }
}
