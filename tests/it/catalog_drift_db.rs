//! The comparison cannot be blind: what the model has no words for — a storage option,
//! persistence, a constraint's comment — is still compared, in what
//! PostgreSQL prints for both sides. `diff` shows it, `check --db` reports `catalog-drift`, and
//! `adopt` refuses to record a baseline of a database it cannot reproduce.

use crate::common;

use common::prove::{generate, migrate, ok, write_schema};
use common::runs::{run, Run};
use common::TestDb;

const SCHEMA: &str = "tables:
  room:
    global: test
    columns:
      id: { type: integer, primary_key: true }
      name: text
  booking:
    global: test
    columns:
      id: { type: integer, primary_key: true }
      room_id: { type: integer, references: room.id, index: true }
      note: text
";

fn diff(dir: &std::path::Path, db: &TestDb) -> Run {
    run(&dir.join("migrations"), db, &["diff"])
}

#[tokio::test]
async fn what_the_model_cannot_hold_is_still_drift() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write_schema(dir, SCHEMA);
    ok(generate(dir, &["--name", "init"]));
    let db = TestDb::new().await;
    migrate(dir, &db, &[]);
    let clean = diff(dir, &db);
    assert_eq!(clean.code, 0, "{}\n{}", clean.stdout, clean.stderr);

    for (change, shows, undo) in [
        (
            "ALTER TABLE booking SET UNLOGGED",
            "+ relation public.booking kind r persistence u replica identity d",
            "ALTER TABLE booking SET LOGGED",
        ),
        (
            "COMMENT ON CONSTRAINT booking_pkey ON booking IS 'one per booking'",
            "booking_pkey PRIMARY KEY (id) comment one per booking",
            "COMMENT ON CONSTRAINT booking_pkey ON booking IS NULL",
        ),
        (
            "ALTER TABLE room SET (fillfactor = 70)",
            "options fillfactor=70",
            "ALTER TABLE room RESET (fillfactor)",
        ),
    ] {
        db.run_script(change).await.unwrap();
        let r = diff(dir, &db);
        assert_eq!(r.code, 1, "{change}\n{}\n{}", r.stdout, r.stderr);
        assert!(r.stdout.contains(shows), "{change}: {}", r.stdout);
        assert!(
            r.stderr.contains("what the model has no words for"),
            "{}",
            r.stderr
        );
        let schema_dir = dir.join("schema");
        let c = run(
            &dir.join("migrations"),
            &db,
            &["check", "--schema-dir", schema_dir.to_str().unwrap()],
        );
        assert!(
            c.stdout.contains("catalog-drift") && c.stdout.contains(shows.trim_start_matches("+ ")),
            "{change}: {}\n{}",
            c.stdout,
            c.stderr
        );
        db.run_script(undo).await.unwrap();
        let r = diff(dir, &db);
        assert_eq!(r.code, 0, "after {undo}: {}\n{}", r.stdout, r.stderr);
    }
    // Replica identity is modelled now: drift in the model's own words.
    db.run_script("ALTER TABLE booking REPLICA IDENTITY FULL")
        .await
        .unwrap();
    let r = diff(dir, &db);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("replica identity of booking: full"),
        "{}",
        r.stdout
    );
}

#[tokio::test]
async fn adopt_refuses_a_baseline_it_cannot_reproduce() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let db = TestDb::new().await;
    db.run_script("CREATE TABLE room (id integer PRIMARY KEY, name text) WITH (fillfactor = 70);")
        .await
        .unwrap();
    let out = common::hotelschema()
        .current_dir(dir)
        .args(["adopt", "--db", &db.url()])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("options fillfactor=70"), "{stdout}");
    assert!(stderr.contains("nothing was recorded"), "{stderr}");
    let mut conn = db.connect().await;
    let recorded: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'refinery_schema_history')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert!(!recorded, "a baseline was recorded");
}
