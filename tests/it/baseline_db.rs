//! Taking over a database in place (`adopt`, `migrate --baseline`), on a real PostgreSQL: the
//! migrations are recorded only when the database is proven to hold what they build; afterwards
//! there is no drift, nothing to migrate, `status` says "baselined", and rollback works.

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

use common::{catalog, fixture, TestDb};

fn bin(dir: &Path) -> Command {
    let mut c = common::hotelschema_cmd();
    c.current_dir(dir);
    c
}

fn history_rows(db: &TestDb) -> usize {
    let out = std::process::Command::new("psql")
        .args([
            "-tAc",
            "SELECT count(*) FROM refinery_schema_history",
            &db.url(),
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

#[tokio::test]
async fn adopt_takes_a_database_over_in_place_and_it_rolls_back_like_any_migration() {
    let db = TestDb::new().await;
    db.run_script(&fixture("prisma.sql")).await.unwrap();
    let source = catalog(&db).await;
    let work = tempfile::tempdir().unwrap();
    let url = db.url();
    bin(work.path())
        .args(["adopt", "--db", &url])
        .assert()
        .success()
        .stdout(predicate::str::contains("Baselined 1 migration(s) (1)"));
    // Nothing ran: the database is as it was, and holds what its history says.
    common::assert_same_catalog("adopt changed nothing", &catalog(&db).await, &source);
    // The Prisma app's findings of today are accepted: the gate passes from day one...
    let accepted = std::fs::read_to_string(work.path().join("checks/baseline.yaml")).unwrap();
    assert!(accepted.contains("rule: "), "{accepted}");
    bin(work.path())
        .args(["check", "--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains("accepted by checks/baseline.yaml"));
    // ... and fails on a new one (a table without organization_id).
    let schema_dir = work.path().join("schema");
    std::fs::write(
        schema_dir.join("zz_new.yaml"),
        "tables:\n  brand_new:\n    columns:\n      id: { type: uuid, primary_key: true }\n",
    )
    .unwrap();
    bin(work.path())
        .args(["generate", "--name", "brand_new"])
        .assert()
        .success();
    bin(work.path())
        .args(["check", "--color", "never"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("brand_new"));
    std::fs::remove_file(schema_dir.join("zz_new.yaml")).unwrap();
    for f in std::fs::read_dir(work.path().join("migrations")).unwrap() {
        let path = f.unwrap().path();
        if path.to_string_lossy().contains("V0002__brand_new") {
            std::fs::remove_file(path).unwrap();
        }
    }
    bin(work.path())
        .args(["diff", "--db", &url])
        .assert()
        .success();
    bin(work.path())
        .args(["migrate", "--db", &url])
        .assert()
        .success()
        .stdout(predicate::str::contains("up to date (version 1)"));
    let status = bin(work.path())
        .args(["status", "--db", &url, "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["migrations"][0]["state"], "baselined", "{json}");
    // Rolled back like any migration: the down file runs; then migrate builds it again.
    bin(work.path())
        .args(["migrate", "--db", &url, "--rollback", "--to", "0"])
        .assert()
        .success();
    assert!(
        !catalog(&db)
            .await
            .iter()
            .any(|r| r.starts_with("table public.")),
        "rolled back to 0, no table is left"
    );
    bin(work.path())
        .args(["migrate", "--db", &url])
        .assert()
        .success();
    common::assert_same_catalog("migrated again", &catalog(&db).await, &source);
    let status = bin(work.path())
        .args(["status", "--db", &url, "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(json["migrations"][0]["state"], "applied", "{json}");
    // A second adopt refuses: the history has begun.
    bin(work.path())
        .args(["adopt", "--db", &url, "--schema-dir", "other"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty"));
}

/// A project with two migrations, the database built by hand.
fn project(dir: &Path) {
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    std::fs::write(
        dir.join("schema/a.yaml"),
        "tables:\n  guest:\n    columns:\n      id: { type: bigint, primary_key: true }\n      name: text\n",
    )
    .unwrap();
    bin(dir)
        .args(["generate", "--name", "init"])
        .assert()
        .success();
    std::fs::write(
        dir.join("schema/a.yaml"),
        "tables:\n  guest:\n    columns:\n      id: { type: bigint, primary_key: true }\n      name: text\n      \
         email: { type: text, nullable: true }\n",
    )
    .unwrap();
    bin(dir)
        .args(["generate", "--name", "email"])
        .assert()
        .success();
}

fn up_sql(dir: &Path, version: u32) -> String {
    let m = dir.join("migrations");
    let name = std::fs::read_dir(&m)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with(&format!("V{version:04}__")) && !n.ends_with(".down.sql"))
        .unwrap();
    std::fs::read_to_string(m.join(name)).unwrap()
}

#[tokio::test]
async fn baseline_refuses_a_database_that_differs_and_records_nothing() {
    let work = tempfile::tempdir().unwrap();
    project(work.path());
    let db = TestDb::new().await;
    db.run_script(&up_sql(work.path(), 1)).await.unwrap();
    db.run_script(&up_sql(work.path(), 2)).await.unwrap();
    // Changed by hand since.
    db.run_script("ALTER TABLE guest ADD COLUMN phone text;")
        .await
        .unwrap();
    let url = db.url();
    bin(work.path())
        .args(["migrate", "--db", &url, "--baseline"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("column guest.phone"))
        .stderr(predicate::str::contains("nothing was recorded"));
    assert_eq!(history_rows(&db), 0, "nothing recorded");
    // Once they agree, it is recorded.
    db.run_script("ALTER TABLE guest DROP COLUMN phone;")
        .await
        .unwrap();
    bin(work.path())
        .args(["migrate", "--db", &url, "--baseline"])
        .assert()
        .success();
    assert_eq!(history_rows(&db), 2);
}

#[tokio::test]
async fn baseline_up_to_a_target_then_migrate_applies_the_rest() {
    let work = tempfile::tempdir().unwrap();
    project(work.path());
    let db = TestDb::new().await;
    db.run_script(&up_sql(work.path(), 1)).await.unwrap();
    let url = db.url();
    // Everything: V2 is not in the database, so the proof fails.
    bin(work.path())
        .args(["migrate", "--db", &url, "--baseline"])
        .assert()
        .code(1);
    bin(work.path())
        .args(["migrate", "--db", &url, "--baseline", "--target", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Baselined 1 migration(s) (1)"));
    bin(work.path())
        .args(["migrate", "--db", &url])
        .assert()
        .success()
        .stdout(predicate::str::contains("Applied 1 migration(s)"));
    bin(work.path())
        .args(["diff", "--db", &url])
        .assert()
        .success();
    bin(work.path())
        .args(["migrate", "--db", &url, "--baseline", "--target", "7"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no migration of that version"));
}

/// The Supabase-style app of `tests/pull_db.rs`, on the Supabase stand-in.
#[tokio::test]
async fn a_supabase_database_is_adopted_with_the_platform_stand_in_and_its_drift_is_found() {
    let db = TestDb::new().await;
    db.run_script(&format!(
        "{}\n{}",
        hotelschema::platform::SUPABASE,
        fixture("supabase_app.sql")
    ))
    .await
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    let url = db.url();
    // Without the stand-in, the scratch database lacks `auth`: the message says what to do.
    bin(work.path())
        .args(["adopt", "--db", &url, "--schema-dir", "first"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--platform").and(predicate::str::contains("auth")));
    assert_eq!(history_rows(&db), 0, "nothing recorded");
    std::fs::remove_dir_all(work.path().join("migrations")).unwrap();
    bin(work.path())
        .args(["adopt", "--db", &url, "--platform", "supabase"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Wrote migrations/platform.sql"));
    bin(work.path())
        .args(["diff", "--db", &url])
        .assert()
        .success();
    // A policy dropped by hand in production is drift, and so is a grant taken away.
    db.run_script("DROP POLICY \"Members read invoices\" ON invoices; REVOKE EXECUTE ON FUNCTION is_member(uuid) FROM authenticated;")
        .await
        .unwrap();
    bin(work.path())
        .args(["diff", "--db", &url])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "drop policy Members read invoices on invoices",
        ))
        .stdout(predicate::str::contains(
            "revoke execute on function is_member(uuid) from authenticated",
        ));
}

/// `diff --format json` and `pull --format json`, for tools.
#[tokio::test]
async fn diff_and_pull_report_as_json() {
    let db = TestDb::new().await;
    db.run_script(&fixture("prisma.sql")).await.unwrap();
    let work = tempfile::tempdir().unwrap();
    let url = db.url();
    let out = bin(work.path())
        .args(["pull", "--db", &url, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tables"], 4);
    assert!(v["written"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f.as_str().unwrap().ends_with("_types.yaml")));
    bin(work.path())
        .args(["migrate", "--db", &url, "--baseline"])
        .assert()
        .code(2); // no migrations yet
    bin(work.path())
        .args(["generate", "--name", "init"])
        .assert()
        .success();
    bin(work.path())
        .args(["migrate", "--db", &url, "--baseline"])
        .assert()
        .success();
    let diff = |code: i32| -> serde_json::Value {
        let out = bin(work.path())
            .args(["diff", "--db", &url, "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(diff(0)["drift"], serde_json::json!([]));
    db.run_script("ALTER TABLE \"User\" ADD COLUMN nickname text;")
        .await
        .unwrap();
    let v = diff(1);
    assert_eq!(v["drift"][0]["summary"], "add column User.nickname");
    assert_eq!(
        v["drift"][0]["undo"],
        "ALTER TABLE \"User\" DROP COLUMN nickname;"
    );
}
