//! Fuzzing, bounded in time, of what reads untrusted text: the YAML loader (arbitrary bytes, and
//! arbitrary YAML trees made of the schema language's own words and of hostile names) and the
//! migration replay (arbitrary text and SQL-like token soup). Properties:
//! - nothing panics: every input ends in a schema or in diagnostics;
//! - every schema the loader accepts renders to SQL that replays to the very same schema (no
//!   name or fragment can change what the SQL means — the injection class of bugs).
//!
//! The budget is `HOTELSCHEMA_FUZZ_SECONDS` (default 15) split over the targets; each prints
//! how many inputs it tried (`cargo test --test fuzz -- fuzz_inputs --nocapture`).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use hotelschema::diff;
use hotelschema::schema::{load_sources, Schema};
use hotelschema::sql::replay::replay_file;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

fn budget() -> Duration {
    let seconds: f64 = std::env::var("HOTELSCHEMA_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15.0);
    Duration::from_secs_f64(seconds / 3.0)
}

/// Runs `check` on values of `strategy` until the budget is spent; a panic fails the test with
/// the input that caused it.
fn fuzz<T: std::fmt::Debug>(
    name: &str,
    strategy: impl Strategy<Value = T>,
    check: impl Fn(&T) -> bool,
) {
    let mut runner = TestRunner::new(Config::default());
    let deadline = Instant::now() + budget();
    let (mut tried, mut accepted) = (0u64, 0u64);
    while Instant::now() < deadline {
        let input = strategy.new_tree(&mut runner).unwrap().current();
        match catch_unwind(AssertUnwindSafe(|| check(&input))) {
            Ok(ok) => accepted += u64::from(ok),
            Err(_) => panic!("{name}: input {tried} failed:\n{input:?}"),
        }
        tried += 1;
    }
    let line =
        format!("fuzz {name}: {tried} inputs tried ({accepted} accepted as valid), none failed");
    eprintln!("{line}");
    // scripts/test prints this file after the suite, so CI's log says how much was tried.
    let report = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-report.txt");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(report)
        .unwrap();
    std::io::Write::write_all(&mut file, format!("{line}\n").as_bytes()).unwrap();
    assert!(tried > 0);
}

/// A schema the loader accepted must come back unchanged from its own SQL. True when the
/// input was accepted.
fn load_and_round_trip(yaml: &str) -> bool {
    let Ok(schema) = load_sources(&[("fuzz.yaml".to_string(), yaml.to_string())]) else {
        return false;
    };
    let sql: String = diff::create_all(&schema)
        .iter()
        .map(|c| format!("{}\n", c.up))
        .collect();
    let mut replayed = Schema::default();
    if let Err(d) = replay_file(&mut replayed, "fuzz.sql", &sql) {
        panic!("the SQL of an accepted schema does not replay: {d}\n{sql}");
    }
    let left = diff::diff(&replayed, &schema, Default::default());
    assert!(
        left.is_empty(),
        "the SQL of an accepted schema replays to another schema: {:?}\n{sql}",
        left.iter().map(|c| &c.summary).collect::<Vec<_>>()
    );
    true
}

/// Names, hostile ones included.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        30 => "[a-z_][a-z0-9_]{0,8}",
        1 => Just("user".to_string()),
        1 => Just("order".to_string()),
        1 => Just("createdAt".to_string()),
        1 => Just("ta\nDROP TABLE victim;\n--".to_string()),
        1 => Just("a\rb".to_string()),
        1 => Just("x\"y".to_string()),
        1 => Just("é".repeat(40)),
        1 => Just(String::new()),
        1 => ".{0,12}",
    ]
}

fn type_name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => Just("integer".to_string()),
        8 => Just("text".to_string()),
        1 => Just("uuid".to_string()),
        1 => Just("timestamptz".to_string()),
        1 => Just("numeric(10,2)".to_string()),
        1 => Just("numeric(2147483648,2)".to_string()),
        1 => Just("varchar(0)".to_string()),
        1 => Just("text[]".to_string()),
        1 => Just("mood".to_string()),
        1 => "[a-z() ,0-9]{0,14}",
    ]
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("0".to_string()),
        3 => Just("'a''b'".to_string()),
        1 => Just("1 -- c".to_string()),
        1 => Just("1) ; DROP TABLE victim; SELECT (1".to_string()),
        1 => Just("'a''b'".to_string()),
        1 => Just("id > 0 /* c */".to_string()),
        1 => ".{0,16}",
    ]
}

fn column() -> impl Strategy<Value = serde_yaml::Value> {
    use serde_yaml::Value as V;
    (
        type_name(),
        any::<bool>(),
        proptest::option::of(fragment()),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(name()),
    )
        .prop_map(|(ty, nullable, default, unique, index, comment)| {
            let mut m = serde_yaml::Mapping::new();
            m.insert("type".into(), V::String(ty));
            if nullable {
                m.insert("nullable".into(), V::Bool(true));
            }
            if let Some(d) = default {
                m.insert("default".into(), V::String(d));
            }
            if unique {
                m.insert("unique".into(), V::Bool(true));
            }
            if index {
                m.insert("index".into(), V::Bool(true));
            }
            if let Some(c) = comment {
                m.insert("comment".into(), V::String(c));
            }
            V::Mapping(m)
        })
}

fn table() -> impl Strategy<Value = serde_yaml::Value> {
    use serde_yaml::Value as V;
    (
        proptest::collection::vec((name(), column()), 1..5),
        proptest::option::of(name()),
        proptest::option::of((name(), fragment())),
    )
        .prop_map(|(columns, index_name, check)| {
            let mut cols = serde_yaml::Mapping::new();
            let first = columns[0].0.clone();
            for (n, c) in columns {
                cols.insert(V::String(n), c);
            }
            let mut t = serde_yaml::Mapping::new();
            t.insert("columns".into(), V::Mapping(cols));
            if let Some(n) = index_name {
                let idx: serde_yaml::Value =
                    serde_yaml::from_str(&format!("[{{ columns: [{first:?}], name: {n:?} }}]"))
                        .unwrap_or(V::Null);
                t.insert("indexes".into(), idx);
            }
            if let Some((n, e)) = check {
                let mut c = serde_yaml::Mapping::new();
                c.insert("name".into(), V::String(n));
                c.insert("expression".into(), V::String(e));
                t.insert("checks".into(), V::Sequence(vec![V::Mapping(c)]));
            }
            V::Mapping(t)
        })
}

fn schema_yaml() -> impl Strategy<Value = String> {
    use serde_yaml::Value as V;
    (
        proptest::collection::vec((name(), table()), 1..4),
        proptest::collection::vec(name(), 0..3),
    )
        .prop_map(|(tables, mood)| {
            let mut doc = serde_yaml::Mapping::new();
            if !mood.is_empty() {
                let mut enums = serde_yaml::Mapping::new();
                enums.insert(
                    "mood".into(),
                    V::Sequence(mood.into_iter().map(V::String).collect()),
                );
                doc.insert("enums".into(), V::Mapping(enums));
            }
            let mut ts = serde_yaml::Mapping::new();
            for (n, t) in tables {
                ts.insert(V::String(n), t);
            }
            doc.insert("tables".into(), V::Mapping(ts));
            serde_yaml::to_string(&V::Mapping(doc)).unwrap()
        })
}

#[test]
fn the_loader_survives_arbitrary_bytes() {
    fuzz(
        "loader/bytes",
        proptest::collection::vec(any::<u8>(), 0..600),
        |bytes| load_and_round_trip(&String::from_utf8_lossy(bytes)),
    );
}

#[test]
fn every_schema_the_loader_accepts_replays_to_itself() {
    fuzz("loader/yaml-trees", schema_yaml(), |yaml| {
        load_and_round_trip(yaml)
    });
}

#[test]
fn the_replay_survives_arbitrary_text_and_token_soup() {
    let token = prop_oneof![
        Just("CREATE TABLE"),
        Just("ALTER TABLE"),
        Just("DROP"),
        Just("INDEX"),
        Just("CONCURRENTLY"),
        Just("ON"),
        Just("t"),
        Just("\"é\u{e9}x\""),
        Just("("),
        Just(")"),
        Just("id int"),
        Just(","),
        Just(";"),
        Just("ADD COLUMN"),
        Just("RENAME TO"),
        Just("TYPE"),
        Just("AS ENUM ('a')"),
        Just("$$"),
        Just("--"),
        Just("\n"),
        Just("PRIMARY KEY"),
        Just("REFERENCES t"),
    ];
    let soup = prop_oneof![
        proptest::collection::vec(token, 0..40).prop_map(|t| t.join(" ")),
        ".{0,200}",
    ];
    fuzz("replay/sql", soup, |sql| {
        let mut schema = Schema::default();
        replay_file(&mut schema, "fuzz.sql", sql).is_ok()
    });
}
