//! The reliability audit's fuzz family, kept runnable: random YAML schemas — columns of many
//! types with defaults, checks, indexes (methods, orderings), unique keys and comments drawn
//! from pools that hold both good values and the mistakes the audit found — each put through
//! `generate` and, when generate accepts it, proven on a real PostgreSQL: the migration
//! applies, a second version's migration applies, and rolling back to nothing succeeds.
//!
//! Every input must end one of two ways: refused at validation (exit 2 with a file:line error,
//! never "a bug in hotelschema"), or proven on the server. Anything else — a migration
//! PostgreSQL rejects, generate's self-proof refusing — fails the test with the input.
//!
//! `HOTELSCHEMA_FUZZ_DB_CASES` sets how many schemas are tried (default 24 in the suite;
//! `HOTELSCHEMA_FUZZ_DB_CASES=2000 cargo test --test fuzz -- fuzz_generate_db` for a long run).

use crate::common;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

use common::prove::{generate, write_schema};
use common::runs::run;
use common::TestDb;

const TYPES: &[&str] = &[
    "integer",
    "bigint",
    "text",
    "boolean",
    "jsonb",
    "json",
    "uuid",
    "numeric(8,2)",
    "varchar(12)",
    "timestamptz",
    "date",
    "text[]",
    "point",
    "inet",
    "mood",
];

const DEFAULTS: &[&str] = &[
    "0",
    "1.5",
    "-1",
    "99999999999999999999999",
    "'x'",
    "'{}'::jsonb",
    "'{}'::jaonb",
    "now()",
    "true",
    "gen_random_uuid()",
    "'a\\'; DROP TABLE victim; --'",
    "'{}'",
    "calm",
    "CURRENT_DATE",
    "'127.0.0.1'",
];

const CHECKS: &[&str] = &[
    "{c} IS NOT NULL",
    "-1",
    "true",
    "{c} <> {c}",
    "length({c}::text) < 100",
    "nope > 0",
    "{c}::text <> 'a\\'b'",
];

const METHODS: &[&str] = &["", "btree", "hash", "gin", "gist", "brin"];

const COMMENTS: &[&str] = &[
    "plain",
    "a\\\\'; DROP TABLE victim; --",
    "it's",
    "back\\\\slash",
];

#[derive(Clone, Debug)]
struct Col {
    /// A name of its own (the column the second version adds); else `c<position>`.
    name: Option<&'static str>,
    ty: usize,
    default: Option<usize>,
    nullable: bool,
    unique: bool,
    comment: Option<usize>,
}

#[derive(Clone, Debug)]
struct Tab {
    cols: Vec<Col>,
    check: Option<(usize, usize)>,
    index: Option<(usize, usize, bool)>,
}

fn col() -> impl Strategy<Value = Col> {
    (
        0..TYPES.len(),
        prop::option::weighted(0.3, 0..DEFAULTS.len()),
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.3, 0..COMMENTS.len()),
    )
        .prop_map(|(ty, default, nullable, unique, comment)| Col {
            name: None,
            ty,
            default,
            nullable,
            unique,
            comment,
        })
}

fn tab() -> impl Strategy<Value = Tab> {
    (
        prop::collection::vec(col(), 1..4),
        prop::option::weighted(0.3, (0..CHECKS.len(), 0usize..4)),
        prop::option::weighted(0.4, (0usize..4, 0..METHODS.len(), any::<bool>())),
    )
        .prop_map(|(cols, check, index)| Tab { cols, check, index })
}

/// Two versions: the second drops the last column of the first table and adds a column.
fn case() -> impl Strategy<Value = (Vec<Tab>, Col)> {
    (prop::collection::vec(tab(), 1..3), col())
}

fn yaml(tables: &[Tab]) -> String {
    let mut out = String::from("enums:\n  mood: { values: [calm, busy] }\ntables:\n");
    for (t, tab) in tables.iter().enumerate() {
        out.push_str(&format!("  t{t}:\n    global: fuzz\n    columns:\n      id: {{ type: integer, primary_key: true }}\n"));
        for (c, col) in tab.cols.iter().enumerate() {
            let mut props = vec![format!("type: \"{}\"", TYPES[col.ty])];
            if let Some(d) = col.default {
                props.push(format!(
                    "default: \"{}\"",
                    DEFAULTS[d].replace('\\', "\\\\")
                ));
            }
            if col.nullable {
                props.push("nullable: true".into());
            }
            if col.unique {
                props.push("unique: true".into());
            }
            if let Some(k) = col.comment {
                props.push(format!("comment: \"{}\"", COMMENTS[k]));
            }
            let name = col.name.map_or(format!("c{c}"), str::to_string);
            out.push_str(&format!("      {name}: {{ {} }}\n", props.join(", ")));
        }
        if let Some((k, c)) = tab.check {
            let column = format!("c{}", c % tab.cols.len());
            let expression = CHECKS[k].replace("{c}", &column).replace('\\', "\\\\");
            out.push_str(&format!(
                "    checks:\n      - {{ name: t{t}_check, expression: \"{expression}\" }}\n"
            ));
        }
        if let Some((c, m, desc)) = tab.index {
            let column = format!("c{}{}", c % tab.cols.len(), if desc { " desc" } else { "" });
            let using = if METHODS[m].is_empty() {
                String::new()
            } else {
                format!(", using: {}", METHODS[m])
            };
            out.push_str(&format!(
                "    indexes:\n      - {{ columns: [\"{column}\"], name: t{t}_fuzz_idx{using} }}\n"
            ));
        }
    }
    out
}

fn second(tables: &[Tab], added: &Col) -> Vec<Tab> {
    let mut next = tables.to_vec();
    let first = &mut next[0];
    if first.cols.len() > 1 {
        first.cols.pop();
        // What named the dropped column goes with it, as a user would edit the YAML.
        first.check = None;
        first.index = None;
    }
    let mut added = added.clone();
    added.name = Some("added");
    added.nullable = true; // a required column on a table with rows needs a backfill
    first.cols.push(added);
    next
}

/// How a case ended, when it did not fail.
enum Outcome {
    Proven,
    Refused,
    /// PostgreSQL refused what only it can judge: a constant of a type whose input syntax is
    /// the server's (dates: `'127.0.0.1'`; see `src/schema/validate/literals.rs`), an operator
    /// that does not exist for the argument types (`json <> json`). What the proof on a real
    /// server is for, not a gap of validation.
    Server,
}

/// The types whose constants validation reads as PostgreSQL does: a refusal of one of those
/// by the server is a failure.
const JUDGED: &[&str] = &[
    "integer", "bigint", "numeric", "boolean", "uuid", "json", "jsonb", "point", "inet", "mood",
];

fn left_to_the_server(stderr: &str) -> bool {
    // An operator or function that exists, but not for these argument types (`json <> json`):
    // resolving an expression's types is the server's (function names are checked offline).
    if stderr.contains("(SQLSTATE 42883)") {
        return true;
    }
    let Some(rest) = stderr.split("invalid input syntax for type ").nth(1) else {
        return stderr.contains("(SQLSTATE 22008)") || stderr.contains("(SQLSTATE 22007)");
    };
    let ty = rest.split(':').next().unwrap_or("");
    !JUDGED.contains(&ty)
}

/// Generate, then prove on a server; `Err` a failure to report.
async fn try_case(tables: &[Tab], added: &Col) -> Result<Outcome, String> {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let v1 = yaml(tables);
    write_schema(dir, &v1);
    let (code, out, err) = generate(dir, &["--name", "init"]);
    if err.contains("bug in hotelschema") || (code != 0 && code != 2) {
        return Err(format!("generate failed ({code}):\n{v1}\n{out}\n{err}"));
    }
    if code == 2 {
        if !err.contains(".yaml:") {
            return Err(format!("refused without a place:\n{v1}\n{err}"));
        }
        return Ok(Outcome::Refused);
    }
    let v2 = yaml(&second(tables, added));
    write_schema(dir, &v2);
    let (code, out, err) = generate(dir, &["--name", "change", "--allow-destructive"]);
    if err.contains("bug in hotelschema") || (code != 0 && code != 2) {
        return Err(format!(
            "generate of the change failed ({code}):\n{v1}\n---\n{v2}\n{out}\n{err}"
        ));
    }
    if code == 2 && !err.contains(".yaml:") {
        return Err(format!("the change refused without a place:\n{v2}\n{err}"));
    }
    let db = TestDb::new().await;
    db.run_script("CREATE TABLE victim (id int)").await.unwrap();
    let migrations = dir.join("migrations");
    let up = run(&migrations, &db, &["migrate"]);
    if up.code != 0 && left_to_the_server(&up.stderr) {
        return Ok(Outcome::Server);
    }
    if up.code != 0 {
        return Err(format!(
            "PostgreSQL refused what generate wrote:\n{v1}\n---\n{v2}\n{}\n{}",
            up.stdout, up.stderr
        ));
    }
    let down = run(&migrations, &db, &["migrate", "--rollback", "--to", "0"]);
    if down.code != 0 {
        return Err(format!(
            "rolling back failed:\n{v1}\n---\n{v2}\n{}\n{}",
            down.stdout, down.stderr
        ));
    }
    let mut conn = db.connect().await;
    let left: Vec<String> = sqlx::query_scalar(
        "SELECT relname::text FROM pg_class WHERE relnamespace = 'public'::regnamespace
            AND relkind IN ('r', 'v', 'S', 'p') AND relname NOT IN ('refinery_schema_history', 'victim')",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    if !left.is_empty() {
        return Err(format!(
            "rolled back to nothing, yet {left:?} remain:\n{v1}\n---\n{v2}"
        ));
    }
    let victim: bool = sqlx::query_scalar("SELECT to_regclass('public.victim') IS NOT NULL")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    if !victim {
        return Err(format!("a literal ran as SQL:\n{v1}\n---\n{v2}"));
    }
    Ok(Outcome::Proven)
}

#[tokio::test]
async fn generated_pairs_are_refused_at_validation_or_proven_on_postgresql() {
    let cases: u32 = std::env::var("HOTELSCHEMA_FUZZ_DB_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let mut runner = TestRunner::new(Config::default());
    let (mut proven, mut refused, mut server) = (0, 0, 0);
    for _ in 0..cases {
        let (tables, added) = case().new_tree(&mut runner).unwrap().current();
        match try_case(&tables, &added).await {
            Ok(Outcome::Proven) => proven += 1,
            Ok(Outcome::Refused) => refused += 1,
            Ok(Outcome::Server) => server += 1,
            Err(failure) => panic!("{failure}"),
        }
    }
    let line = format!(
        "fuzz generate-on-postgresql: {cases} schemas tried ({proven} proven on the server, \
         {refused} refused at validation, {server} refused by the server where only it can tell: \
         dates, operators' argument types), none failed"
    );
    eprintln!("{line}");
    let report = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-report.txt");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(report)
        .unwrap();
    std::io::Write::write_all(&mut file, format!("{line}\n").as_bytes()).unwrap();
    assert!(
        proven > 0,
        "no schema was proven: the pools refuse everything"
    );
}
