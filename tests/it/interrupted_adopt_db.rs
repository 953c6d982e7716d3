//! `adopt` cut off at any point — SIGTERM, SIGINT or SIGKILL, early (pulling), midway
//! (generating) or late (building the scratch database of the baseline's proof) — leaves no
//! scratch database behind once a run has finished or been swept, and the same `adopt` run
//! again finishes the take-over.

use crate::common;

use common::{hotelschema, TestDb};
use sqlx::AssertSqlSafe;

/// The bundled hotel schema, built by its own up files: a database of some size to take over.
async fn hotel_database() -> TestDb {
    let db = TestDb::new().await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for f in hotelschema::migrations::load_all(&dir).unwrap() {
        db.run_script(&f.sql).await.unwrap();
    }
    db
}

async fn scratch_databases(db: &TestDb) -> Vec<String> {
    let mut conn = db.connect().await;
    sqlx::query_scalar(AssertSqlSafe(
        "SELECT datname::text FROM pg_database WHERE datname LIKE 'hotelschema_expected_%'",
    ))
    .fetch_all(&mut conn)
    .await
    .unwrap()
}

fn adopt(dir: &std::path::Path, db: &TestDb) -> std::process::Command {
    let mut cmd = hotelschema();
    cmd.current_dir(dir).args(["adopt", "--db", &db.url()]);
    cmd
}

#[tokio::test]
async fn an_interrupted_adopt_leaves_no_debris_and_runs_again_to_the_end() {
    let source = hotel_database().await;
    // How long a whole adopt takes here: the interruptions are spread over it.
    let timing = TestDb::copy_of(&source).await;
    let work = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let out = adopt(work.path(), &timing).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let whole = started.elapsed();
    drop(timing);

    let signals = [nix_signal::TERM, nix_signal::INT, nix_signal::KILL];
    let mut trials = 0;
    for step in 1..=6u32 {
        for signal in signals {
            let delay = whole * step / 7;
            let db = TestDb::copy_of(&source).await;
            let work = tempfile::tempdir().unwrap();
            let child = adopt(work.path(), &db)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            let pid = child.id();
            std::thread::sleep(delay);
            let _ = std::process::Command::new("kill")
                .args([signal, &pid.to_string()])
                .status();
            let interrupted = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&interrupted.stderr).into_owned();
            trials += 1;
            if signal != nix_signal::KILL {
                // Given the chance, the run drops its own scratch database before it exits.
                let left = scratch_databases(&db).await;
                assert!(
                    !left.iter().any(|d| d.ends_with(&format!("_{}", pid))),
                    "{signal} after {delay:?} left {left:?}; {}; stderr:\n{stderr}",
                    interrupted.status
                );
            }
            // Whether the cut-off run had done all its work: it exited, or it was stopped on its
            // way out, after it removed its mark from a migrations directory it had filled.
            let migrations = work.path().join("migrations");
            let finished_before = interrupted.status.success()
                || (!migrations.join(".hotelschema-adopting").exists()
                    && std::fs::read_dir(&migrations).is_ok_and(|mut d| d.next().is_some()));
            // Run again: it finishes (or says there is nothing left to do), and whatever a
            // killed run left on the server is swept.
            let again = adopt(work.path(), &db).output().unwrap();
            let again_out = String::from_utf8_lossy(&again.stdout);
            let again_err = String::from_utf8_lossy(&again.stderr);
            if finished_before {
                // The first run had finished: the directories are full, as they should be.
                assert_eq!(again.status.code(), Some(2), "{again_err}");
            } else {
                assert!(
                    again.status.success(),
                    "{signal} after {delay:?}, then adopt again:\n{again_out}\n{again_err}\n\
                     (the interrupted run said:\n{stderr})"
                );
                // Recorded now, or by the cut-off run (killed after its record committed and
                // before it removed its mark): either way the history holds the one migration.
                assert!(
                    again_out.contains("Baselined 1 migration(s)")
                        || again_out.contains("already in the history"),
                    "{again_out}"
                );
                let mut conn = db.connect().await;
                let recorded: i64 =
                    sqlx::query_scalar("SELECT count(*) FROM refinery_schema_history")
                        .fetch_one(&mut conn)
                        .await
                        .unwrap();
                assert_eq!(recorded, 1, "{again_out}");
            }
            // The take-over is whole: drift-free.
            let diff = hotelschema()
                .current_dir(work.path())
                .args(["diff", "--db", &db.url()])
                .output()
                .unwrap();
            assert!(
                diff.status.success(),
                "{}",
                String::from_utf8_lossy(&diff.stdout)
            );
            // Whatever a killed run left is swept by the runs after it (a CREATE DATABASE
            // still finishing on the server when the next run looked is swept by the one after).
            let left = scratch_databases(&db).await;
            assert!(
                !left.iter().any(|d| d.ends_with(&format!("_{}", pid))),
                "after the runs that followed: {left:?}"
            );
        }
    }
    assert_eq!(trials, 18);
}

/// Signal names for `kill`.
mod nix_signal {
    pub const TERM: &str = "-TERM";
    pub const INT: &str = "-INT";
    pub const KILL: &str = "-KILL";
}
