//! What must hold when things go wrong around a migration: many migrators at once, a run
//! killed or a backend terminated mid-build, a rollback whose connection dies. Real PostgreSQL,
//! one fresh database per test (per trial, where a test repeats).

use crate::common;

use std::process::Stdio;

use common::runs::{command, finished, history, write_migrations};
use common::TestDb;

/// A table with enough rows that building an index on it takes a moment.
const TABLE: (&str, &str) = (
    "CREATE TABLE booking (id int PRIMARY KEY, guest text);\n\
     INSERT INTO booking SELECT g, 'guest ' || g FROM generate_series(1, 50000) g;\n",
    "DROP TABLE booking;\n",
);
const CONCURRENT_INDEX: (&str, &str) = (
    "-- hotelschema:no-transaction\n\
     CREATE INDEX CONCURRENTLY IF NOT EXISTS booking_guest_idx ON booking (guest);\n",
    "-- hotelschema:no-transaction\n\
     DROP INDEX CONCURRENTLY IF EXISTS booking_guest_idx;\n",
);
const AFTER: (&str, &str) = ("CREATE TABLE note (id int);\n", "DROP TABLE note;\n");

async fn invalid_indexes(db: &TestDb) -> Vec<String> {
    let mut conn = db.connect().await;
    sqlx::query_scalar("SELECT indexrelid::regclass::text FROM pg_index WHERE NOT indisvalid")
        .fetch_all(&mut conn)
        .await
        .unwrap()
}

/// Eight migrators started at once, on a history with a CREATE INDEX CONCURRENTLY: the build
/// must not wait for the migrators that wait for it. Ten trials.
#[tokio::test]
async fn eight_migrators_at_once_never_deadlock_on_a_concurrent_index_build() {
    for trial in 0..10 {
        let db = TestDb::new().await;
        let dir = tempfile::tempdir().unwrap();
        write_migrations(
            dir.path(),
            &[
                (1, "booking", TABLE),
                (2, "guest_idx", CONCURRENT_INDEX),
                (3, "note", AFTER),
            ],
        );
        let children: Vec<_> = (0..8)
            .map(|_| {
                command(dir.path(), &db, &["migrate", "--lock-timeout", "60s"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let runs: Vec<_> = children
            .into_iter()
            .map(|c| finished(c.wait_with_output().unwrap()))
            .collect();
        for r in &runs {
            assert_eq!(
                r.code, 0,
                "trial {trial}: a migrator failed\nstdout:\n{}\nstderr:\n{}",
                r.stdout, r.stderr
            );
        }
        for label in ["V0001__booking", "V0002__guest_idx", "V0003__note"] {
            let applied: usize = runs
                .iter()
                .map(|r| r.stdout.matches(&format!("applied {label}")).count())
                .sum();
            assert_eq!(applied, 1, "trial {trial}: {label} applied {applied} times");
        }
        assert_eq!(history(&db).await, vec![1, 2, 3], "trial {trial}");
        assert_eq!(
            invalid_indexes(&db).await,
            Vec::<String>::new(),
            "trial {trial}"
        );
    }
}

async fn scalar_i64(db: &TestDb, sql: &'static str) -> i64 {
    let mut conn = db.connect().await;
    sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
}

/// Waits until the migration's CREATE INDEX CONCURRENTLY waits for a lock (the test's open
/// writer): its INVALID index is in the catalog by then.
async fn wait_for_the_build_to_block(db: &TestDb) -> i32 {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let mut conn = db.connect().await;
        let pid: Option<i32> = sqlx::query_scalar(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()
               AND query LIKE '%INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'",
        )
        .fetch_optional(&mut conn)
        .await
        .unwrap();
        if let Some(pid) = pid {
            return pid;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the build never started"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// How the build is stopped half-way.
#[derive(Clone, Copy, Debug)]
enum Interruption {
    /// The migrator process is killed (SIGKILL).
    KillTheClient,
    /// A DBA terminates its backend (`pg_terminate_backend`).
    TerminateTheBackend,
}

/// A concurrent index build stopped half-way leaves an INVALID index. The run is not recorded
/// as applied; `status` says it was interrupted; `status`, `diff` and `check --db` report the
/// INVALID index; the next `migrate` drops and rebuilds it, and everything is clean after.
#[tokio::test]
async fn an_interrupted_concurrent_build_is_reported_then_repaired_by_the_next_run() {
    for how in [
        Interruption::KillTheClient,
        Interruption::TerminateTheBackend,
    ] {
        let db = TestDb::new().await;
        let dir = tempfile::tempdir().unwrap();
        write_migrations(
            dir.path(),
            &[(1, "booking", TABLE), (2, "guest_idx", CONCURRENT_INDEX)],
        );
        let r = finished(
            command(dir.path(), &db, &["migrate", "--target", "1"])
                .output()
                .unwrap(),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        // A writer that stays open: the build waits for it after creating its index.
        let mut writer = db.connect().await;
        sqlx::query("BEGIN").execute(&mut writer).await.unwrap();
        sqlx::query("INSERT INTO booking VALUES (0, 'walk-in')")
            .execute(&mut writer)
            .await
            .unwrap();
        let mut child = command(dir.path(), &db, &["migrate"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = wait_for_the_build_to_block(&db).await;
        match how {
            Interruption::KillTheClient => {
                child.kill().unwrap();
                child.wait().unwrap();
                // PostgreSQL notices the dead client within client_connection_check_interval;
                // the build waits on our writer, so end it to let the cancel land.
            }
            Interruption::TerminateTheBackend => {
                let mut dba = db.connect().await;
                sqlx::query("SELECT pg_terminate_backend($1)")
                    .bind(pid)
                    .execute(&mut dba)
                    .await
                    .unwrap();
                let status = child.wait().unwrap();
                assert!(!status.success(), "{how:?}: the run reported success");
            }
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while scalar_i64(
            &db,
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%INDEX CONCURRENTLY%'
               AND datname = current_database() AND pid <> pg_backend_pid()",
        )
        .await
            > 0
        {
            assert!(
                std::time::Instant::now() < deadline,
                "{how:?}: the build never ended"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        sqlx::query("ROLLBACK").execute(&mut writer).await.unwrap();

        assert_eq!(history(&db).await, vec![1], "{how:?}");
        assert_eq!(invalid_indexes(&db).await, ["booking_guest_idx"], "{how:?}");
        let status = finished(command(dir.path(), &db, &["status"]).output().unwrap());
        assert_eq!(status.code, 0, "{}", status.stderr);
        assert!(
            status.stdout.contains("interrupted")
                && status
                    .stdout
                    .contains("INVALID index booking_guest_idx on booking"),
            "{how:?}: status:\n{}",
            status.stdout
        );
        let diff = finished(command(dir.path(), &db, &["diff"]).output().unwrap());
        assert_eq!(
            diff.code, 1,
            "{how:?}: diff\n{}{}",
            diff.stdout, diff.stderr
        );
        assert!(
            diff.stdout.contains("INVALID index booking_guest_idx"),
            "{}",
            diff.stdout
        );
        let check = finished(
            command(dir.path(), &db, &["check", "--format", "json"])
                .output()
                .unwrap(),
        );
        assert_eq!(
            check.code, 1,
            "{how:?}: check --db\n{}{}",
            check.stdout, check.stderr
        );
        assert!(
            check.stdout.contains("\"invalid-index\""),
            "{}",
            check.stdout
        );

        let rerun = finished(command(dir.path(), &db, &["migrate"]).output().unwrap());
        assert_eq!(rerun.code, 0, "{how:?}: {}", rerun.stderr);
        assert!(
            rerun
                .stderr
                .contains("dropped the INVALID index public.booking_guest_idx"),
            "{}",
            rerun.stderr
        );
        assert_eq!(history(&db).await, vec![1, 2], "{how:?}");
        assert_eq!(invalid_indexes(&db).await, Vec::<String>::new(), "{how:?}");
        assert_eq!(
            scalar_i64(
                &db,
                "SELECT count(*) FROM pg_indexes WHERE indexname = 'booking_guest_idx'"
            )
            .await,
            1
        );
        // Nothing unfinished is left, not even the bookkeeping table.
        assert_eq!(
            scalar_i64(
                &db,
                "SELECT count(*) FROM pg_class WHERE relname = 'hotelschema_attempts'"
            )
            .await,
            0,
            "{how:?}"
        );
    }
}

/// A concurrent build that fails (duplicates under a unique index) is recorded as failed with
/// PostgreSQL's error; once the data is fixed, the next run rebuilds the index.
#[tokio::test]
async fn a_failed_concurrent_build_is_recorded_as_failed_and_rebuilt_after_the_fix() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let unique = (
        "-- hotelschema:no-transaction\n\
         CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS booking_guest_uq ON booking (guest);\n",
        "-- hotelschema:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS booking_guest_uq;\n",
    );
    write_migrations(
        dir.path(),
        &[(1, "booking", TABLE), (2, "guest_uq", unique)],
    );
    let r = finished(
        command(dir.path(), &db, &["migrate", "--target", "1"])
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    db.run_script("INSERT INTO booking VALUES (-1, 'guest 1');")
        .await
        .unwrap();

    let r = finished(command(dir.path(), &db, &["migrate"]).output().unwrap());
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("could not create unique index"),
        "{}",
        r.stderr
    );
    assert_eq!(history(&db).await, vec![1]);
    assert_eq!(invalid_indexes(&db).await, ["booking_guest_uq"]);
    let status = finished(
        command(dir.path(), &db, &["status", "--format", "json"])
            .output()
            .unwrap(),
    );
    let json: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(json["migrations"][1]["state"], "failed", "{json}");
    assert!(
        json["migrations"][1]["attempt"]
            .as_str()
            .unwrap()
            .contains("could not create unique index"),
        "{json}"
    );
    assert_eq!(
        json["invalid_indexes"][0]["index"], "booking_guest_uq",
        "{json}"
    );

    db.run_script("DELETE FROM booking WHERE id = -1;")
        .await
        .unwrap();
    let r = finished(command(dir.path(), &db, &["migrate"]).output().unwrap());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(history(&db).await, vec![1, 2]);
    assert_eq!(invalid_indexes(&db).await, Vec::<String>::new());
}

/// A rollback whose backend is terminated at any point says exactly what happened: the
/// migrations it reports rolled back are the ones gone from the history, it never reports
/// success when it failed, and never fails after reporting success.
#[tokio::test]
async fn a_rollback_cut_off_at_any_point_reports_what_really_happened() {
    let migrations: Vec<(u32, String, (String, String))> = (1..=6)
        .map(|v| {
            (
                v,
                format!("t{v}"),
                (
                    format!("CREATE TABLE t{v} (id int);\n"),
                    format!("SELECT pg_sleep(0.15);\nDROP TABLE t{v};\n"),
                ),
            )
        })
        .collect();
    let as_refs: Vec<(u32, &str, (&str, &str))> = migrations
        .iter()
        .map(|(v, n, (u, d))| (*v, n.as_str(), (u.as_str(), d.as_str())))
        .collect();
    for cut_ms in [60u64, 260, 420, 580, 740, 900, 2000] {
        let db = TestDb::new().await;
        let dir = tempfile::tempdir().unwrap();
        write_migrations(dir.path(), &as_refs);
        let r = finished(command(dir.path(), &db, &["migrate"]).output().unwrap());
        assert_eq!(r.code, 0, "{}", r.stderr);
        let child = command(dir.path(), &db, &["migrate", "--rollback", "--steps", "6"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The rollback's backend is the one holding hotelschema's advisory lock.
        let mut dba = db.connect().await;
        let holder = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
                        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let pid: Option<i32> = loop {
            let pid: Option<i32> = sqlx::query_scalar(holder)
                .fetch_optional(&mut dba)
                .await
                .unwrap();
            if pid.is_some() || std::time::Instant::now() > deadline {
                break pid;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        };
        tokio::time::sleep(std::time::Duration::from_millis(cut_ms)).await;
        if let Some(pid) = pid {
            sqlx::query("SELECT pg_terminate_backend($1)")
                .bind(pid)
                .execute(&mut dba)
                .await
                .unwrap();
        }
        let r = finished(child.wait_with_output().unwrap());
        let left = history(&db).await;
        let gone: Vec<String> = (1..=6)
            .filter(|v| !left.contains(v))
            .rev()
            .map(|v| format!("V{v:04}__t{v}"))
            .collect();
        let said_success = r.stdout.contains("Rolled back ");
        if r.code == 0 {
            assert!(
                left.is_empty(),
                "cut at {cut_ms} ms: exit 0 but {left:?} remain"
            );
            assert!(
                r.stdout.contains("Rolled back 6 migration(s)"),
                "{}",
                r.stdout
            );
        } else {
            assert!(
                !said_success,
                "cut at {cut_ms} ms: exit {} after saying\n{}",
                r.code, r.stdout
            );
            let expected = if gone.is_empty() {
                "No migration of this run was rolled back.".to_string()
            } else {
                format!("Rolled back before the failure: {}.", gone.join(", "))
            };
            assert!(
                r.stderr.contains(&expected),
                "cut at {cut_ms} ms: history says {gone:?} were rolled back; stderr:\n{}",
                r.stderr
            );
        }
    }
}

/// PostgreSQL's errors reach the user as its message and SQLSTATE; the line of PostgreSQL's own
/// C source that sqlx's Display appends ("at line 1147") never does: next to a migration it
/// reads as a line of the migration.
#[tokio::test]
async fn postgres_errors_carry_no_line_of_postgres_own_source() {
    let db = TestDb::new().await;
    let role = format!("hs_noperm_{}", std::process::id());
    db.run_script(&format!(
        "DROP ROLE IF EXISTS \"{role}\"; CREATE ROLE \"{role}\" LOGIN PASSWORD 'pw'; \
         REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
    ))
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "booking", TABLE)]);
    let url = format!("postgres://{role}:pw@127.0.0.1:5432/{}", db.name);
    let r = finished(
        common::hotelschema()
            .args(["migrate", "--migrations-dir"])
            .arg(dir.path())
            .args(["--db", &url])
            .output()
            .unwrap(),
    );
    let mut admin = db.connect().await;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP ROLE \"{role}\"")))
        .execute(&mut admin)
        .await
        .ok();
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("permission denied for schema public"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("SQLSTATE 42501"), "{}", r.stderr);
    let postgres_line = r
        .stderr
        .split("at line ")
        .skip(1)
        .any(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    assert!(
        !postgres_line,
        "a line of PostgreSQL's source leaked: {}",
        r.stderr
    );
}
