//! `hotelschema migrate`, `migrate --rollback` and `status` against a real PostgreSQL, one fresh
//! database per test, through the binary as a DBA runs it.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::runs::{assert_ok, command, finished, history, run, write_migrations};
use common::TestDb;

const V1: (&str, &str) = ("CREATE TABLE a (id int PRIMARY KEY);\n", "DROP TABLE a;\n");
const V2: (&str, &str) = (
    "CREATE TYPE mood AS ENUM ('ok', 'meh');\nCREATE TABLE b (id int, m mood);\n",
    "DROP TABLE b;\nDROP TYPE mood;\n",
);
const V3: (&str, &str) = (
    "CREATE TABLE c (id int);\nCREATE INDEX c_id_idx ON c (id);\n",
    "DROP TABLE c;\n",
);

async fn tables(db: &TestDb) -> Vec<String> {
    let mut conn = db.connect().await;
    sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'
           AND tablename NOT IN ('refinery_schema_history', 'hotelschema_attempts') ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
}

async fn types(db: &TestDb) -> i64 {
    let mut conn = db.connect().await;
    sqlx::query_scalar(
        "SELECT count(*) FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype = 'e'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_hotel_schema_and_more_apply_then_roll_back_entirely() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for f in ["V0001__init.sql", "V0001__init.down.sql"] {
        std::fs::copy(root.join(f), dir.path().join(f)).unwrap();
    }
    write_migrations(dir.path(), &[(2, "a", V1), (3, "b", V2), (4, "c", V3)]);

    let r = run(dir.path(), &db, &["migrate"]);
    assert_ok(&r);
    assert!(
        r.stdout
            .contains("Applied 4 migration(s); the database is at version 4."),
        "{}",
        r.stdout
    );
    assert_eq!(history(&db).await, vec![1, 2, 3, 4]);
    assert_eq!(tables(&db).await.len(), 27 + 3);

    let r = run(dir.path(), &db, &["migrate", "--rollback", "--to", "0"]);
    assert_ok(&r);
    assert!(r.stdout.contains("rolled back V0004__c"), "{}", r.stdout);
    assert_eq!(tables(&db).await, Vec::<String>::new());
    assert_eq!(types(&db).await, 0);
    assert_eq!(history(&db).await, Vec::<i32>::new());
}

#[tokio::test]
async fn apply_rollback_one_apply_gives_the_same_catalog_as_a_plain_apply() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1), (2, "b", V2), (3, "c", V3)]);
    assert_ok(&run(dir.path(), &db, &["migrate"]));
    let plain = db.schema_dump();
    let r = run(dir.path(), &db, &["migrate", "--rollback"]);
    assert_ok(&r);
    assert!(
        r.stdout.contains("the database is at version 2"),
        "{}",
        r.stdout
    );
    assert_eq!(history(&db).await, vec![1, 2]);
    assert_eq!(tables(&db).await, ["a", "b"]);
    assert_ok(&run(dir.path(), &db, &["migrate"]));
    assert_eq!(db.schema_dump(), plain);
}

#[tokio::test]
async fn a_failing_migration_leaves_the_earlier_ones_and_nothing_of_itself() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let bad = (
        "-- creates c, then fails\nCREATE TABLE c (id int);\nSELECT * FROM no_such_table;\n",
        "DROP TABLE c;\n",
    );
    write_migrations(dir.path(), &[(1, "a", V1), (2, "b", V2), (3, "bad", bad)]);
    let r = run(dir.path(), &db, &["migrate"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let file = dir.path().join("V0003__bad.sql").display().to_string();
    // The file, the line and column of PostgreSQL's position, and its message.
    assert!(
        r.stderr.contains(&format!(
            "{file}:3:15: relation \"no_such_table\" does not exist"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("nothing of it was applied"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("Applied before the failure, and kept: V1__a, V2__b"),
        "{}",
        r.stderr
    );
    assert_eq!(history(&db).await, vec![1, 2]);
    assert_eq!(tables(&db).await, ["a", "b"]);
}

#[tokio::test]
async fn two_runs_started_together_apply_each_migration_exactly_once() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    // A slow first migration, so the second run has to wait for the first.
    let slow = (
        "CREATE TABLE a (id int);\nSELECT pg_sleep(1);\n",
        "DROP TABLE a;\n",
    );
    write_migrations(dir.path(), &[(1, "slow", slow), (2, "b", V2), (3, "c", V3)]);
    let spawn = || {
        command(dir.path(), &db, &["migrate"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    let runs = [
        finished(first.wait_with_output().unwrap()),
        finished(second.wait_with_output().unwrap()),
    ];
    for r in &runs {
        assert_ok(r);
    }
    for label in ["V0001__slow", "V0002__b", "V0003__c"] {
        let applied: usize = runs
            .iter()
            .map(|r| r.stdout.matches(&format!("applied {label}")).count())
            .sum();
        assert_eq!(applied, 1, "{label} applied {applied} times");
    }
    assert!(
        runs.iter()
            .any(|r| r.stderr.contains("waiting for another hotelschema run")),
        "the second run says it waits: {:?}",
        runs.iter().map(|r| &r.stderr).collect::<Vec<_>>()
    );
    assert_eq!(history(&db).await, vec![1, 2, 3]);
}

#[tokio::test]
async fn a_run_killed_mid_migration_leaves_the_state_before_it_and_the_next_run_completes() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    // V2 sleeps until the test creates `go`, so it can be killed while it runs.
    let sleepy = (
        "CREATE TABLE b (id int);\n\
         SELECT pg_sleep(CASE WHEN to_regclass('go') IS NULL THEN 60 ELSE 0 END);\n",
        "DROP TABLE b;\n",
    );
    write_migrations(
        dir.path(),
        &[(1, "a", V1), (2, "sleepy", sleepy), (3, "c", V3)],
    );
    let mut child = command(dir.path(), &db, &["migrate"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut conn = db.connect().await;
    let in_migration = "SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND query LIKE '%pg_sleep%'
                          AND pid <> pg_backend_pid()";
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let n: i64 = sqlx::query_scalar(in_migration)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        if n > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the migration never started");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // PostgreSQL notices the dead client (client_connection_check_interval) and aborts.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let n: i64 = sqlx::query_scalar(in_migration)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        if n == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the killed run's backend never ended"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(history(&db).await, vec![1]);
    assert_eq!(tables(&db).await, ["a"]);

    sqlx::query("CREATE TABLE go ()")
        .execute(&mut conn)
        .await
        .unwrap();
    let r = run(dir.path(), &db, &["migrate"]);
    assert_ok(&r);
    assert_eq!(history(&db).await, vec![1, 2, 3]);
}

#[tokio::test]
async fn dry_runs_change_nothing() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1), (2, "b", V2)]);
    let before = db.schema_dump();
    let r = run(dir.path(), &db, &["migrate", "--dry-run"]);
    assert_ok(&r);
    assert!(
        r.stdout.contains("2 migration(s) would be applied"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("CREATE TYPE mood"),
        "the SQL is shown: {}",
        r.stdout
    );
    assert_eq!(
        db.schema_dump(),
        before,
        "not even the history table was created"
    );

    assert_ok(&run(dir.path(), &db, &["migrate"]));
    let applied = db.schema_dump();
    let r = run(
        dir.path(),
        &db,
        &["migrate", "--rollback", "--steps", "2", "--dry-run"],
    );
    assert_ok(&r);
    assert!(
        r.stdout.contains("leaving the database at version 0"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("DROP TYPE mood"), "{}", r.stdout);
    assert_eq!(db.schema_dump(), applied);
    assert_eq!(history(&db).await, vec![1, 2]);
}

#[tokio::test]
async fn a_dry_run_shows_each_statements_lock_and_the_tables_size() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1)]);
    assert_ok(&run(dir.path(), &db, &["migrate"]));
    let mut conn = db.connect().await;
    for sql in [
        "INSERT INTO a SELECT g FROM generate_series(1, 5000) g",
        "ANALYZE a",
    ] {
        sqlx::query(sql).execute(&mut conn).await.unwrap();
    }
    write_migrations(
        dir.path(),
        &[(
            2,
            "b",
            (
                "ALTER TABLE a ADD COLUMN note text;\nCREATE INDEX a_note_idx ON a (note);\n\
                 CREATE TABLE z (id int REFERENCES a (id));\nCREATE TYPE mood AS ENUM ('a');\n\
                 COMMENT ON COLUMN a.note IS 'n';\n",
                "DROP TYPE mood;\nDROP TABLE z;\nDROP INDEX a_note_idx;\nALTER TABLE a DROP COLUMN note;\n",
            ),
        )],
    );
    let r = run(dir.path(), &db, &["migrate", "--dry-run"]);
    assert_ok(&r);
    for expected in [
        "line    1: ACCESS EXCLUSIVE on a (about 5,000 rows, ",
        "— blocks reads and writes   ALTER TABLE a ADD COLUMN note text;",
        "line    2: SHARE on a (about 5,000 rows, ",
        "— blocks writes   CREATE INDEX a_note_idx ON a (note);",
        // A comment waits for its table like any lock.
        "line    5: SHARE UPDATE EXCLUSIVE on a (about 5,000 rows, ",
        "1 other statement(s) lock no table",
    ] {
        assert!(
            r.stdout.contains(expected),
            "{expected:?} in:\n{}",
            r.stdout
        );
    }
    assert_eq!(history(&db).await, vec![1], "a dry run applies nothing");
}

/// A long query holds the table (ACCESS SHARE, as any SELECT does) for a few seconds while
/// `migrate --lock-timeout 1s --lock-retries 5` alters it: the ALTER gives up after 1 s, waits,
/// tries again, and succeeds once the query is done; meanwhile the other sessions, which queue
/// behind the waiting ALTER, are never blocked much longer than the lock timeout (without it
/// they would wait for the whole query).
#[tokio::test]
async fn a_held_table_makes_migrate_retry_not_fail_nor_block_others() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1)]);
    assert_ok(&run(dir.path(), &db, &["migrate"]));
    write_migrations(
        dir.path(),
        &[(
            2,
            "b",
            (
                "ALTER TABLE a ADD COLUMN note text;\n",
                "ALTER TABLE a DROP COLUMN note;\n",
            ),
        )],
    );
    let mut holder = db.connect().await;
    sqlx::query("BEGIN").execute(&mut holder).await.unwrap();
    sqlx::query("LOCK TABLE a IN ACCESS SHARE MODE")
        .execute(&mut holder)
        .await
        .unwrap();
    let started = Instant::now();
    let migrate = command(
        dir.path(),
        &db,
        &["migrate", "--lock-timeout", "1s", "--lock-retries", "5"],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    // Another application session reads the table over and over while the lock is held.
    let mut reader = db.connect().await;
    let mut longest = Duration::ZERO;
    while started.elapsed() < Duration::from_secs(4) {
        let t = Instant::now();
        sqlx::query("SELECT count(*) FROM a")
            .execute(&mut reader)
            .await
            .unwrap();
        longest = longest.max(t.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    sqlx::query("COMMIT").execute(&mut holder).await.unwrap();
    let r = finished(migrate.wait_with_output().unwrap());
    assert_ok(&r);
    assert!(
        r.stderr
            .contains("gave up waiting for a lock (lock_timeout)")
            && r.stderr.contains("retry 1 of 5"),
        "{}",
        r.stderr
    );
    assert_eq!(history(&db).await, vec![1, 2]);
    assert!(
        longest < Duration::from_millis(2500),
        "a reader waited {longest:?} behind the ALTER; the lock timeout is 1 s"
    );

    // Without retries, the same wait fails the run, and nothing of it is applied.
    assert_ok(&run(dir.path(), &db, &["migrate", "--rollback"]));
    sqlx::query("BEGIN").execute(&mut holder).await.unwrap();
    sqlx::query("LOCK TABLE a IN ACCESS SHARE MODE")
        .execute(&mut holder)
        .await
        .unwrap();
    let r = run(dir.path(), &db, &["migrate", "--lock-timeout", "1s"]);
    sqlx::query("COMMIT").execute(&mut holder).await.unwrap();
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(r.stderr.contains("55P03"), "{}", r.stderr);
    assert_eq!(history(&db).await, vec![1]);
}

#[tokio::test]
async fn target_stops_at_a_version() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1), (2, "b", V2), (3, "c", V3)]);
    assert_ok(&run(dir.path(), &db, &["migrate", "--target", "2"]));
    assert_eq!(history(&db).await, vec![1, 2]);
    assert_ok(&run(dir.path(), &db, &["migrate"]));
    assert_eq!(history(&db).await, vec![1, 2, 3]);
    // A version that does not exist is an error, not "up to date".
    let r = run(dir.path(), &db, &["migrate", "--target", "99"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("no migration of that version (the newest is 3)"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn rollback_refuses_edited_migrations_and_missing_down_files_changing_nothing() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1), (2, "b", V2)]);
    assert_ok(&run(dir.path(), &db, &["migrate"]));
    let applied = db.schema_dump();

    let up = dir.path().join("V0002__b.sql");
    std::fs::write(&up, format!("{}-- edited later\n", V2.0)).unwrap();
    let r = run(dir.path(), &db, &["migrate", "--rollback"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("refusing to roll back; nothing was changed"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("V0002__b.sql was edited after it was applied"),
        "{}",
        r.stderr
    );
    // migrate refuses too, rather than carry on over an edited history.
    let r = run(dir.path(), &db, &["migrate"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(db.schema_dump(), applied);

    std::fs::write(&up, V2.0).unwrap();
    std::fs::remove_file(dir.path().join("V0002__b.down.sql")).unwrap();
    let r = run(dir.path(), &db, &["migrate", "--rollback"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("has no down file (V0002__b.down.sql)"),
        "{}",
        r.stderr
    );
    assert_eq!(db.schema_dump(), applied);
    assert_eq!(history(&db).await, vec![1, 2]);

    for (args, words) in [
        (
            &["migrate", "--rollback", "--steps", "3"][..],
            "would go below version 0",
        ),
        (
            &["migrate", "--rollback", "--to", "-1"][..],
            "below version 0",
        ),
    ] {
        let r = run(dir.path(), &db, args);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains(words), "{}", r.stderr);
    }
    assert_eq!(history(&db).await, vec![1, 2]);
}

#[tokio::test]
async fn status_shows_every_state() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1), (2, "b", V2), (3, "c", V3)]);
    assert_ok(&run(dir.path(), &db, &["migrate", "--target", "2"]));
    // 1: edited after being applied; 2: file gone; 3: pending; 4: pending without down file.
    std::fs::write(
        dir.path().join("V0001__a.sql"),
        format!("{}-- edited\n", V1.0),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("V0002__b.sql")).unwrap();
    std::fs::remove_file(dir.path().join("V0002__b.down.sql")).unwrap();
    std::fs::write(dir.path().join("V0004__d.sql"), "CREATE TABLE d ();\n").unwrap();
    let r = run(dir.path(), &db, &["status", "--format", "json"]);
    assert_ok(&r);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let states: Vec<(i64, &str, &str, bool)> = json["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["version"].as_i64().unwrap(),
                m["name"].as_str().unwrap(),
                m["state"].as_str().unwrap(),
                m["applied_at"].is_string(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            (1, "a", "checksum differs", true),
            (2, "b", "file missing", true),
            (3, "c", "pending", false),
            (4, "d", "down file missing", false),
        ]
    );
    let r = run(dir.path(), &db, &["status"]);
    assert_ok(&r);
    assert!(
        r.stdout.contains("checksum differs") && r.stdout.contains("pending"),
        "{}",
        r.stdout
    );
}

/// A role that may not read the history: PostgreSQL's message once, without the server's own C
/// source line ("at line 3655"), which sqlx's error repeats.
#[tokio::test]
async fn status_without_the_privilege_says_so_once() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1)]);
    assert_ok(&run(dir.path(), &db, &["migrate"]));
    db.ensure_role("hotelschema_no_rights").await;
    db.run_script("REVOKE ALL ON SCHEMA public FROM PUBLIC;")
        .await
        .unwrap();
    let as_role = format!("{}?options=-c%20role%3Dhotelschema_no_rights", db.url());
    let out = common::hotelschema()
        .args(["status", "--migrations-dir"])
        .arg(dir.path())
        .args(["--db", &as_role])
        .output()
        .unwrap();
    let r = finished(out);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        r.stderr.matches("permission denied").count(),
        1,
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("at line"), "{}", r.stderr);
}

#[tokio::test]
async fn non_transactional_migrations_run_statement_by_statement_and_say_how_far_they_got() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let concurrent = (
        "-- hotelschema:no-transaction\nCREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n",
        "-- hotelschema:no-transaction\nDROP INDEX CONCURRENTLY a_id_idx;\n",
    );
    write_migrations(dir.path(), &[(1, "a", V1), (2, "idx", concurrent)]);
    assert_ok(&run(dir.path(), &db, &["migrate"]));
    assert_eq!(history(&db).await, vec![1, 2]);
    assert_ok(&run(dir.path(), &db, &["migrate", "--rollback"]));
    assert_eq!(history(&db).await, vec![1]);

    let failing = (
        "-- hotelschema:no-transaction\nCREATE TABLE x (id int);\n\
         CREATE INDEX CONCURRENTLY x_id_idx ON x (id);\nSELECT 1/0;\nCREATE TABLE y ();\n",
        "DROP TABLE x;\n",
    );
    write_migrations(dir.path(), &[(3, "failing", failing)]);
    std::fs::remove_file(dir.path().join("V0002__idx.sql")).unwrap();
    std::fs::remove_file(dir.path().join("V0002__idx.down.sql")).unwrap();
    let r = run(dir.path(), &db, &["migrate"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("V0003__failing.sql: division by zero"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("2 of its statements ran and stay applied; statement 3 failed"),
        "{}",
        r.stderr
    );
    assert_eq!(history(&db).await, vec![1]);
    assert_eq!(tables(&db).await, ["a", "x"]);
}

#[tokio::test]
async fn the_lock_makes_a_second_run_wait_then_give_up_after_lock_timeout() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1)]);
    let mut holder = db.connect().await;
    sqlx::query("SELECT pg_advisory_lock(x'686f74656c736368'::bigint)")
        .execute(&mut holder)
        .await
        .unwrap();
    let r = run(dir.path(), &db, &["migrate", "--lock-timeout", "1s"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr.contains("waiting for another hotelschema run"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("gave up after --lock-timeout 1s"),
        "{}",
        r.stderr
    );
    assert_eq!(history(&db).await, Vec::<i32>::new());

    let r = run(dir.path(), &db, &["migrate", "--lock-timeout", "soon"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--lock-timeout \"soon\" is not a valid duration"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn connection_failures_are_one_clear_line_without_the_password() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1)]);
    let mut cmd = common::hotelschema();
    let r = finished(
        cmd.args(["migrate", "--migrations-dir"])
            .arg(dir.path())
            .env(
                "DATABASE_URL",
                "postgres://nobody:hunter2@127.0.0.1:5432/nowhere",
            )
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        !r.stderr.contains("hunter2") && !r.stdout.contains("hunter2"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("cannot connect to PostgreSQL as nobody@127.0.0.1:5432/nowhere:"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    drop(db);

    let r = finished(
        common::hotelschema()
            .args(["migrate", "--migrations-dir"])
            .arg(dir.path())
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no database given"), "{}", r.stderr);
}

#[tokio::test]
async fn tls_connections_work_with_sslmode_require() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1)]);
    // TCP with a password, as on a managed database.
    let role = format!("{}_tls", db.name);
    let mut conn = db.connect().await;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE ROLE \"{role}\" LOGIN PASSWORD 'pw-secret'; GRANT ALL ON SCHEMA public TO \"{role}\";
         GRANT CREATE ON DATABASE \"{}\" TO \"{role}\"",
        db.name
    )))
    .execute(&mut conn)
    .await
    .unwrap();
    let url = format!(
        "postgres://{role}:pw-secret@localhost:5432/{}?sslmode=require",
        db.name
    );
    let r = finished(
        common::hotelschema()
            .args(["migrate", "--migrations-dir"])
            .arg(dir.path())
            .args(["--db", &url])
            .output()
            .unwrap(),
    );
    let cleanup = format!("DROP OWNED BY \"{role}\"; DROP ROLE \"{role}\"");
    assert_ok(&r);
    assert_eq!(history(&db).await, vec![1]);
    sqlx::raw_sql(sqlx::AssertSqlSafe(cleanup))
        .execute(&mut conn)
        .await
        .unwrap();
}

#[tokio::test]
async fn statement_timeout_cancels_a_slow_migration() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let slow = (
        "CREATE TABLE a (id int);\nSELECT pg_sleep(5);\n",
        "DROP TABLE a;\n",
    );
    write_migrations(dir.path(), &[(1, "slow", slow)]);
    let r = run(
        dir.path(),
        &db,
        &["migrate", "--statement-timeout", "200ms"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("canceling statement due to statement timeout"),
        "{}",
        r.stderr
    );
    assert_eq!(tables(&db).await, Vec::<String>::new());
}

#[tokio::test]
async fn a_terminal_shows_which_migration_runs_and_how_many_are_left() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1), (2, "b", V2)]);
    // `script` gives the run a pseudo-terminal, as a DBA's shell would.
    let bin = assert_cmd::cargo::cargo_bin("hotelschema");
    let line = format!(
        "{} migrate --migrations-dir {} --db '{}'",
        bin.display(),
        dir.path().display(),
        db.url()
    );
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .output()
        .expect("run script (Debian: bsdutils)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("[1/2] V0001__a (1 left after it)"), "{text}");
    assert!(text.contains("[2/2] V0002__b (0 left after it)"), "{text}");
}

#[test]
fn a_missing_migrations_directory_is_a_usage_error() {
    let r = finished(
        common::hotelschema()
            .args(["migrate", "--migrations-dir", "/nonexistent/migrations"])
            .args(["--db", "postgres://localhost/x"])
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("/nonexistent/migrations does not exist"),
        "{}",
        r.stderr
    );
}

/// DATABASE_URL comes from a `.env` file of the project (as sqlx-cli, Prisma and dbmate read
/// it); a variable set in the environment wins over the file.
#[tokio::test]
async fn database_url_is_read_from_a_dot_env_file_and_the_environment_wins() {
    let db = TestDb::new().await;
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir(work.path().join("migrations")).unwrap();
    std::fs::write(
        work.path().join(".env"),
        format!("# local settings\nDATABASE_URL={}\n", db.url()),
    )
    .unwrap();
    let out = common::hotelschema()
        .current_dir(work.path())
        .args(["status", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = common::hotelschema()
        .current_dir(work.path())
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .args(["status"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "the environment's URL was used");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("127.0.0.1:1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--format json` on migrate and rollback: what ran, how long each took, the version after,
/// and the error when one stopped the run.
#[tokio::test]
async fn migrate_and_rollback_report_as_json() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(dir.path(), &[(1, "a", V1), (2, "b", V2)]);
    let r = run(dir.path(), &db, &["migrate", "--format", "json"]);
    assert_ok(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], 2);
    assert_eq!(v["ran"][0]["migration"], "V0001__a");
    assert_eq!(v["ran"][1]["migration"], "V0002__b");
    assert!(v["ran"][1]["seconds"].as_f64().unwrap() >= 0.0);
    let r = run(
        dir.path(),
        &db,
        &["migrate", "--rollback", "--format", "json"],
    );
    assert_ok(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["ran"][0]["migration"], "V0002__b");
    // A failing migration: the error is in the report, the exit code is 1.
    write_migrations(
        dir.path(),
        &[(
            3,
            "bad",
            (
                "CREATE TABLE t3 (id int REFERENCES nowhere (id));",
                "DROP TABLE t3;",
            ),
        )],
    );
    let r = run(dir.path(), &db, &["migrate", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], 2, "V2 applied, V3 not: {v}");
    assert!(v["error"].as_str().unwrap().contains("nowhere"), "{v}");
}

/// On a terminal, the progress line of a long migration ticks the elapsed time (an index build
/// can take minutes). Run under `script`, which gives the command a terminal.
#[tokio::test]
async fn a_long_migration_shows_its_elapsed_time_on_a_terminal() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_migrations(
        dir.path(),
        &[(
            1,
            "slow",
            (
                "SELECT pg_sleep(2.5);\nCREATE TABLE t (id int);",
                "DROP TABLE t;",
            ),
        )],
    );
    let binary = assert_cmd::cargo::cargo_bin("hotelschema");
    let command = format!(
        "{} migrate --db '{}' --migrations-dir '{}'",
        binary.display(),
        db.url(),
        dir.path().display()
    );
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("DATABASE_URL")
        .output()
        .expect("script (util-linux) gives the run a terminal");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("[1/1] V0001__slow"), "{text}");
    assert!(text.contains("running for 2s"), "{text}");
    assert!(text.contains("applied V0001__slow"), "{text}");
}
