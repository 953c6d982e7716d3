//! The cache of loaded schemas and replayed histories, through the binary: it changes no
//! result — an edited file is seen, a damaged entry is ignored and rewritten, `--no-cache`
//! writes nothing — and `hotelschema cache` shows and empties it.

use crate::common;

use std::path::Path;
use std::process::Output;

fn run(dir: &Path, cache: &Path, args: &[&str]) -> Output {
    common::hotelschema()
        .current_dir(dir)
        .env("HOTELSCHEMA_CACHE_DIR", cache)
        .env_remove("HOTELSCHEMA_NO_CACHE")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(cache)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

/// A project whose YAML and history agree; `check` has one finding (a timestamp without time
/// zone) so that a stale result would show.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("schema")).unwrap();
    std::fs::create_dir_all(p.join("migrations")).unwrap();
    std::fs::write(
        p.join("schema/a.yaml"),
        "tables:\n  note:\n    columns:\n      id: { type: integer, primary_key: true }\n      \
         seen: { type: timestamp, nullable: true }\n",
    )
    .unwrap();
    std::fs::write(
        p.join("migrations/V0001__note.sql"),
        "CREATE TABLE note (id integer NOT NULL, seen timestamp, CONSTRAINT note_pkey PRIMARY KEY (id));\n",
    )
    .unwrap();
    std::fs::write(
        p.join("migrations/V0001__note.down.sql"),
        "DROP TABLE note;\n",
    )
    .unwrap();
    dir
}

#[test]
fn cached_runs_give_the_same_findings_and_see_every_edit() {
    let dir = project();
    let cache = tempfile::tempdir().unwrap();
    let first = run(dir.path(), cache.path(), &["check", "--color", "never"]);
    assert_eq!(first.status.code(), Some(1), "{}", stdout(&first));
    assert!(stdout(&first).contains("timestamp-without-tz"));
    assert!(
        !entries(cache.path()).is_empty(),
        "the first run fills the cache"
    );
    let second = run(dir.path(), cache.path(), &["check", "--color", "never"]);
    assert_eq!(stdout(&second), stdout(&first));

    // An edited migration is seen: its down file no longer undoes it.
    std::fs::write(
        dir.path().join("migrations/V0001__note.down.sql"),
        "ALTER TABLE note DROP COLUMN seen;\n",
    )
    .unwrap();
    let edited = run(dir.path(), cache.path(), &["check", "--color", "never"]);
    assert!(
        stdout(&edited).contains("irreversible-migration"),
        "{}",
        stdout(&edited)
    );

    // An edited configuration is seen.
    std::fs::create_dir_all(dir.path().join("checks")).unwrap();
    std::fs::write(
        dir.path().join("checks/config.yaml"),
        "rules:\n  timestamp-without-tz: off\n",
    )
    .unwrap();
    let configured = run(dir.path(), cache.path(), &["check", "--color", "never"]);
    assert!(
        !stdout(&configured).contains("timestamp-without-tz"),
        "{}",
        stdout(&configured)
    );

    // An edited YAML is seen.
    std::fs::write(
        dir.path().join("schema/a.yaml"),
        "tables:\n  note:\n    columns:\n      id: { type: integer, primary_key: true }\n      \
         seen: { type: timestamptz, nullable: true }\n",
    )
    .unwrap();
    let out = run(dir.path(), cache.path(), &["generate", "--check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the YAML now differs from the history"
    );
}

#[test]
fn a_damaged_cache_is_ignored_and_rewritten() {
    let dir = project();
    let cache = tempfile::tempdir().unwrap();
    let clean = run(dir.path(), cache.path(), &["check", "--color", "never"]);
    for entry in entries(cache.path()) {
        let mut bytes = std::fs::read(&entry).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff; // one flipped byte: the checksum no longer matches
        std::fs::write(&entry, &bytes).unwrap();
    }
    let damaged = run(dir.path(), cache.path(), &["check", "--color", "never"]);
    assert_eq!(stdout(&damaged), stdout(&clean));
    for entry in entries(cache.path()) {
        std::fs::write(&entry, b"not an entry").unwrap();
    }
    let garbage = run(dir.path(), cache.path(), &["check", "--color", "never"]);
    assert_eq!(stdout(&garbage), stdout(&clean));
}

#[test]
fn no_cache_writes_nothing_and_cache_clear_empties_it() {
    let dir = project();
    let cache = tempfile::tempdir().unwrap();
    run(dir.path(), cache.path(), &["check", "--no-cache"]);
    assert!(
        entries(cache.path()).is_empty(),
        "--no-cache wrote an entry"
    );
    let out = common::hotelschema()
        .current_dir(dir.path())
        .env("HOTELSCHEMA_CACHE_DIR", cache.path())
        .env("HOTELSCHEMA_NO_CACHE", "true")
        .arg("validate")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        entries(cache.path()).is_empty(),
        "HOTELSCHEMA_NO_CACHE wrote an entry"
    );

    run(dir.path(), cache.path(), &["check"]);
    let n = entries(cache.path()).len();
    assert!(n > 0);
    let shown = run(dir.path(), cache.path(), &["cache"]);
    assert!(
        stdout(&shown).contains(&format!("{n} entries")),
        "{}",
        stdout(&shown)
    );
    let cleared = run(dir.path(), cache.path(), &["cache", "clear"]);
    assert!(stdout(&cleared).contains(&format!("removed {n} entries")));
    assert!(entries(cache.path()).is_empty());
}

/// A project that fails both gates: `check` (a tenant table without `organization_id`, a
/// timestamp without time zone) and `generate --check` (the YAML has a column no migration
/// creates); and the same project fixed.
fn failing_and_passing() -> (tempfile::TempDir, tempfile::TempDir) {
    let failing = project();
    std::fs::write(
        failing.path().join("schema/a.yaml"),
        "tables:\n  note:\n    columns:\n      id: { type: integer, primary_key: true }\n      \
         seen: { type: timestamp, nullable: true }\n      extra: { type: text, nullable: true }\n",
    )
    .unwrap();
    let passing = project();
    std::fs::write(
        passing.path().join("schema/a.yaml"),
        "tables:\n  note:\n    global: not a tenant's\n    columns:\n      id: { type: integer, primary_key: true }\n      \
         seen: { type: timestamptz, nullable: true }\n",
    )
    .unwrap();
    std::fs::write(
        passing.path().join("migrations/V0001__note.sql"),
        "CREATE TABLE note (id integer NOT NULL, seen timestamptz, CONSTRAINT note_pkey PRIMARY KEY (id));\n",
    )
    .unwrap();
    (failing, passing)
}

const GATES: [&[&str]; 2] = [&["check", "--color", "never"], &["generate", "--check"]];

/// Every entry of a passing project's cache — and every other entry of the failing project's
/// own — copied over every entry of a failing project's (as a CI cache restored from another
/// branch would): each gate still fails, with the same output as without a cache.
#[test]
fn a_cache_entry_copied_from_a_passing_project_never_makes_a_failing_one_pass() {
    let (failing, passing) = failing_and_passing();
    let verdicts: Vec<(Option<i32>, String)> = GATES
        .iter()
        .map(|args| {
            let o = common::hotelschema()
                .current_dir(failing.path())
                .args(*args)
                .arg("--no-cache")
                .output()
                .unwrap();
            (o.status.code(), stdout(&o))
        })
        .collect();
    assert!(
        verdicts.iter().all(|(code, _)| *code != Some(0)),
        "both gates must fail on the failing project: {verdicts:?}"
    );
    let passing_cache = tempfile::tempdir().unwrap();
    for args in GATES {
        assert!(run(passing.path(), passing_cache.path(), args)
            .status
            .success());
    }
    let failing_cache = tempfile::tempdir().unwrap();
    for args in GATES {
        run(failing.path(), failing_cache.path(), args);
    }
    let targets = entries(failing_cache.path());
    // Every entry of the passing project's, and every other entry of the failing one's.
    let mut sources = entries(passing_cache.path());
    sources.extend(targets.iter().cloned());
    assert!(!targets.is_empty() && sources.len() > targets.len());
    let mut tried = 0;
    for target in &targets {
        for source in sources.iter().filter(|s| *s != target) {
            let cache = tempfile::tempdir().unwrap();
            for t in &targets {
                std::fs::copy(t, cache.path().join(t.file_name().unwrap())).unwrap();
            }
            std::fs::copy(source, cache.path().join(target.file_name().unwrap())).unwrap();
            for (args, (code, out)) in GATES.iter().zip(&verdicts) {
                let o = run(failing.path(), cache.path(), args);
                tried += 1;
                assert_eq!(
                    (o.status.code(), stdout(&o)),
                    (*code, out.clone()),
                    "{args:?} with {} copied over {}",
                    source.display(),
                    target.display()
                );
            }
        }
    }
    eprintln!("cache swap: {tried} runs, each gate as without a cache");
    assert!(tried >= 8, "{tried} manipulations");
}

/// A FIFO where an entry would be: the run does not wait for a writer that never comes.
#[test]
fn a_fifo_in_the_cache_directory_is_not_opened_for_reading() {
    let dir = project();
    let cache = tempfile::tempdir().unwrap();
    let clean = run(dir.path(), cache.path(), &["check", "--color", "never"]);
    for entry in entries(cache.path()) {
        std::fs::remove_file(&entry).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(&entry)
            .status()
            .unwrap();
        assert!(made.success());
    }
    let mut child = common::hotelschema()
        .current_dir(dir.path())
        .env("HOTELSCHEMA_CACHE_DIR", cache.path())
        .env_remove("HOTELSCHEMA_NO_CACHE")
        .args(["check", "--color", "never"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("check hung on a FIFO in the cache directory");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(stdout(&out), stdout(&clean));
}
