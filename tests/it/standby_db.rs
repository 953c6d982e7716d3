//! A hot standby is read-only: `adopt` refuses it before writing any file, and `check --db` and
//! `diff` say that the scratch database cannot be made there — and build it on `--dev-db`.

use crate::common;

use common::clusters::Cluster;
use common::hotelschema;

const V1: &str = "CREATE TABLE guest (id integer PRIMARY KEY, name text NOT NULL);\n";

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = hotelschema().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_standby_is_refused_before_anything_is_written_and_drift_is_built_on_the_dev_server() {
    let primary = Cluster::start_new("sb_primary");
    primary.create_database("hotel");
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    std::fs::create_dir_all(dir.join("migrations")).unwrap();
    std::fs::write(dir.join("migrations/V0001__guest.sql"), V1).unwrap();
    std::fs::write(
        dir.join("migrations/V0001__guest.down.sql"),
        "DROP TABLE guest;\n",
    )
    .unwrap();
    let (code, out, err) = run(dir, &["migrate", "--db", &primary.url("hotel")]);
    assert_eq!(code, 0, "{out}\n{err}");
    let standby = Cluster::standby_of(&primary, "sb_standby");
    // The standby has replayed the migration once it lists the history.
    for _ in 0..100 {
        if standby.psql(
            "hotel",
            "SELECT to_regclass('refinery_schema_history') IS NOT NULL",
        ) == "t"
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    // adopt: refused, and no directory written.
    let fresh = tempfile::tempdir().unwrap();
    let (code, out, err) = run(fresh.path(), &["adopt", "--db", &standby.url("hotel")]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(
        err.contains("is a standby") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(!fresh.path().join("schema").exists());
    assert!(!fresh.path().join("migrations").exists());

    // diff and check --db: the scratch database cannot be made on a standby.
    for command in ["diff", "check"] {
        let (code, out, err) = run(dir, &[command, "--db", &standby.url("hotel")]);
        if command == "check" && code == 0 {
            panic!("check --db on a standby passed: {out}\n{err}");
        }
        if command == "diff" || err.contains("standby") {
            assert_eq!(code, 2, "{command}: {out}\n{err}");
            assert!(
                err.contains("is a standby") && err.contains("--dev-db"),
                "{command}: {err}"
            );
        }
    }
    // With a dev server, the drift of the standby is measured.
    let (code, out, err) = run(
        dir,
        &[
            "diff",
            "--db",
            &standby.url("hotel"),
            "--dev-db",
            &primary.url("postgres"),
        ],
    );
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("No drift"), "{out}");
}
