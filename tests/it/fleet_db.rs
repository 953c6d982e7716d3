//! Many databases: fleet runs of migrate, rollback, status, check --db and diff on real
//! PostgreSQL servers of their own (clusters created for the test, one of them stopped), and a
//! streaming replica.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::clusters::Cluster;
use common::runs::{finished, write_migrations, Run};

const V1: (&str, &str) = (
    "CREATE TABLE guest (id int PRIMARY KEY);\n",
    "DROP TABLE guest;\n",
);
const V2: (&str, &str) = (
    "CREATE TABLE room (id int PRIMARY KEY);\n",
    "DROP TABLE room;\n",
);
/// Fails where a table `booking` already exists.
const V3: (&str, &str) = (
    "CREATE TABLE booking (id int PRIMARY KEY);\n",
    "DROP TABLE booking;\n",
);
const V4: (&str, &str) = (
    "CREATE TABLE note (id int PRIMARY KEY);\n",
    "DROP TABLE note;\n",
);

fn fleet(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = common::hotelschema();
    cmd.current_dir(dir).args(args);
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Run {
    finished(fleet(dir, args).output().unwrap())
}

fn json(r: &Run) -> serde_json::Value {
    serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", r.stdout, r.stderr))
}

/// The state of each target, in file order.
fn states(r: &Run) -> Vec<String> {
    json(r)["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["state"].as_str().unwrap().to_string())
        .collect()
}

fn history(c: &Cluster) -> String {
    c.psql(
        "hotel",
        "SELECT coalesce(string_agg(version::text, ',' ORDER BY version), '') \
         FROM refinery_schema_history",
    )
}

fn targets_file(dir: &Path, name: &str, targets: &[(&str, &Cluster)]) {
    let mut yaml = String::from("targets:\n");
    for (n, c) in targets {
        yaml.push_str(&format!(
            "  - {{ name: {n}, url: \"{}\", group: production }}\n",
            c.url("hotel")
        ));
    }
    std::fs::write(dir.join(name), yaml).unwrap();
}

#[test]
fn a_rollout_over_three_servers_migrates_each_once_reports_the_unreachable_and_resumes() {
    let servers = [
        Cluster::start_new("fleet_a"),
        Cluster::start_new("fleet_b"),
        Cluster::start_new("fleet_c"),
    ];
    for s in &servers {
        s.create_database("hotel");
    }
    let [a, b, c] = &servers;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_migrations(&d.join("migrations"), &[(1, "guest", V1), (2, "room", V2)]);
    targets_file(d, "targets.yaml", &[("a", a), ("b", b), ("c", c)]);
    std::fs::create_dir(d.join("checks")).unwrap();
    std::fs::write(
        d.join("checks/config.yaml"),
        "rules:\n  missing-organization-id: off\n  organization-id-not-leading: off\n",
    )
    .unwrap();

    // The stopped server is reported unreachable; the others are migrated; exit non-zero.
    // Each child gets the user's own options (`--target 1`), never the fleet's (`--parallel=1`
    // and `--format=json` as one word each).
    c.stop();
    let r = run(
        d,
        &[
            "migrate",
            "--targets",
            "targets.yaml",
            "--target",
            "1",
            "--parallel=1",
            "--format=json",
        ],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(states(&r), ["done", "done", "unreachable"]);
    assert_eq!((history(a), history(b)), ("1".into(), "1".into()));
    let r = run(
        d,
        &["migrate", "--targets", "targets.yaml", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(states(&r), ["done", "done", "unreachable"]);
    assert_eq!(json(&r)["targets"][0]["migrations"], 1);
    assert_eq!((history(a), history(b)), ("1,2".into(), "1,2".into()));
    let table = run(d, &["status", "--targets", "targets.yaml"]);
    assert_eq!(table.code, 1, "{}", table.stdout);
    assert!(table.stdout.contains("unreachable"), "{}", table.stdout);

    // A rerun resumes: the server is back, it alone is migrated.
    c.start();
    let r = run(
        d,
        &["migrate", "--targets", "targets.yaml", "--format", "json"],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(states(&r), ["up to date", "up to date", "done"]);
    assert_eq!(history(c), "1,2");
    assert_eq!(a.fingerprint("hotel"), c.fingerprint("hotel"));

    // A migration failing on the canary stops the rollout: the others are not started.
    a.psql("hotel", "CREATE TABLE booking (id int)");
    write_migrations(&d.join("migrations"), &[(3, "booking", V3)]);
    let r = run(
        d,
        &[
            "migrate",
            "--targets",
            "targets.yaml",
            "--canary",
            "1",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(states(&r), ["failed", "skipped", "skipped"]);
    let error = json(&r)["targets"][0]["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(error.contains("V0003__booking.sql"), "{error}");
    assert_eq!(
        (history(a), history(b), history(c)),
        ("1,2".into(), "1,2".into(), "1,2".into())
    );

    // Fixed, the rerun brings every target to the same fingerprint.
    a.psql("hotel", "DROP TABLE booking");
    let r = run(
        d,
        &["migrate", "--targets", "targets.yaml", "--canary", "1"],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let print = a.fingerprint("hotel");
    assert!(print.contains("booking"));
    assert_eq!(print, b.fingerprint("hotel"));
    assert_eq!(print, c.fingerprint("hotel"));

    // Two fleet runs at once: each migration once per target.
    write_migrations(&d.join("migrations"), &[(4, "note", V4)]);
    let spawn = || {
        fleet(
            d,
            &["migrate", "--targets", "targets.yaml", "--format", "json"],
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
    };
    let (one, two) = (spawn(), spawn());
    let runs = [
        finished(one.wait_with_output().unwrap()),
        finished(two.wait_with_output().unwrap()),
    ];
    for (i, target) in ["a", "b", "c"].iter().enumerate() {
        let applied: i64 = runs
            .iter()
            .map(|r| {
                assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
                json(r)["targets"][i]["migrations"].as_i64().unwrap()
            })
            .sum();
        assert_eq!(applied, 1, "target {target}: V4 applied {applied} times");
    }
    for s in &servers {
        assert_eq!(history(s), "1,2,3,4");
    }

    // One target rolled back is version skew: check --db says so, status shows it behind.
    targets_file(d, "only_b.yaml", &[("b", b)]);
    let r = run(
        d,
        &[
            "migrate",
            "--rollback",
            "--targets",
            "only_b.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(json(&r)["targets"][0]["migrations"], -1);
    let r = run(
        d,
        &["check", "--targets", "targets.yaml", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(states(&r), ["clean", "clean", "clean"]);
    assert_eq!(json(&r)["behind"][0]["target"], "b");
    assert_eq!(json(&r)["behind"][0]["version"], 3);
    let r = run(d, &["status", "--targets", "targets.yaml"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("Version skew: the newest target is at version 4; behind it: b (3)"),
        "{}",
        r.stdout
    );

    // Drift on one target, seen by diff and by check --db across the fleet.
    c.psql("hotel", "CREATE INDEX guest_by_hand_idx ON guest (id)");
    let r = run(
        d,
        &["diff", "--targets", "targets.yaml", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(states(&r), ["no drift", "no drift", "drift"]);
    std::fs::create_dir(d.join("schema")).unwrap();
    std::fs::write(
        d.join("schema/hotel.yaml"),
        "tables:\n  guest:\n    columns:\n      id: { type: integer, primary_key: true }\n  \
         room:\n    columns:\n      id: { type: integer, primary_key: true }\n  \
         booking:\n    columns:\n      id: { type: integer, primary_key: true }\n  \
         note:\n    columns:\n      id: { type: integer, primary_key: true }\n",
    )
    .unwrap();
    let r = run(
        d,
        &["check", "--targets", "targets.yaml", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(states(&r), ["clean", "clean", "findings"]);
    // Counted, and labelled: `{ "errors": n, "warnings": m }`.
    assert!(json(&r)["targets"][2]["findings"]["errors"].as_u64() >= Some(1));
    assert_eq!(
        json(&r)["targets"][0]["findings"]["errors"].as_u64(),
        Some(0)
    );
    let errors = json(&r)["targets"][2]["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        errors.contains("schema-drift: the database has index guest_by_hand_idx"),
        "{errors}"
    );
}

/// Tenant databases listed by a query on a control database; --keep-going; the progress line
/// on a terminal. (Databases of the test server: the fleet's servers are covered above.)
#[tokio::test]
async fn tenant_databases_from_a_query_keep_going_past_a_failure() {
    let control = common::TestDb::new().await;
    let tenants = [
        common::TestDb::new().await,
        common::TestDb::new().await,
        common::TestDb::new().await,
    ];
    let mut rows =
        String::from("CREATE TABLE tenant_database (name text, url text, active bool);\n");
    for (i, t) in tenants.iter().enumerate() {
        rows.push_str(&format!(
            "INSERT INTO tenant_database VALUES ('group{i}', '{}', true);\n",
            t.url()
        ));
    }
    rows.push_str(
        "INSERT INTO tenant_database VALUES ('closed', 'postgres://nowhere/x', false);\n",
    );
    control.run_script(&rows).await.unwrap();
    // The first tenant cannot take V3.
    tenants[0]
        .run_script("CREATE TABLE booking (id int);")
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_migrations(
        &d.join("migrations"),
        &[(1, "guest", V1), (2, "room", V2), (3, "booking", V3)],
    );
    std::fs::write(
        d.join("targets.yaml"),
        "tenants:\n  control_url_env: HS_TEST_CONTROL_URL\n  \
         query: SELECT name, url FROM tenant_database WHERE active ORDER BY name\n  group: hotels\n",
    )
    .unwrap();
    let with_control = |args: &[&str]| {
        finished(
            fleet(d, args)
                .env("HS_TEST_CONTROL_URL", control.url())
                .output()
                .unwrap(),
        )
    };
    let r = with_control(&[
        "migrate",
        "--targets",
        "targets.yaml",
        "--parallel",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(states(&r), ["failed", "skipped", "skipped"]);
    assert_eq!(json(&r)["targets"][1]["group"], "hotels");

    let r = with_control(&[
        "migrate",
        "--targets",
        "targets.yaml",
        "--parallel",
        "1",
        "--keep-going",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(states(&r), ["failed", "done", "done"]);
    assert_eq!(json(&r)["targets"][1]["migrations"], 3);

    // On a terminal, stderr counts the targets (script(1) gives the run a pseudo-terminal).
    let bin = assert_cmd::cargo::cargo_bin("hotelschema");
    let out = Command::new("script")
        .args(["-qec"])
        .arg(format!(
            "{} status --targets targets.yaml --group hotels",
            bin.display()
        ))
        .arg("/dev/null")
        .current_dir(d)
        .env("HS_TEST_CONTROL_URL", control.url())
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("status: 3/3 targets done, 0 running, 0 failed"),
        "{text}"
    );
    assert!(text.contains("Version skew"), "{text}");
}

/// The control query only lists: one that writes fails in its read-only transaction and
/// changes nothing; a tenant name holding an escape sequence or a newline is printed escaped
/// (it cannot recolour the terminal, nor forge a row of the summary).
#[tokio::test]
async fn the_tenants_query_never_writes_and_names_are_printed_escaped() {
    let control = common::TestDb::new().await;
    let tenant = common::TestDb::new().await;
    control
        .run_script(&format!(
            "CREATE TABLE tenant_database (name text, url text);
             INSERT INTO tenant_database VALUES (E'evil\\x1b[31m\\nok | 999 | done', '{}');",
            tenant.url()
        ))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_migrations(&d.join("migrations"), &[(1, "guest", V1)]);
    let targets = |query: &str| {
        std::fs::write(
            d.join("targets.yaml"),
            format!("tenants:\n  control_url_env: HS_TEST_CONTROL_URL\n  query: {query}\n"),
        )
        .unwrap();
        finished(
            fleet(d, &["status", "--targets", "targets.yaml"])
                .env("HS_TEST_CONTROL_URL", control.url())
                .output()
                .unwrap(),
        )
    };
    let r = targets("DELETE FROM tenant_database RETURNING name, url");
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    let mut conn = control.connect().await;
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM tenant_database")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(left, 1, "the tenants query deleted rows");

    let r = targets("SELECT name, url FROM tenant_database");
    assert!(!r.stdout.contains('\u{1b}'), "{:?}", r.stdout);
    assert!(r.stdout.contains("evil\\u{1b}[31m\\nok"), "{}", r.stdout);
    assert!(
        !r.stdout
            .lines()
            .any(|l| l.starts_with("ok |") || l.contains("│ ok ")),
        "{}",
        r.stdout
    );
}

#[test]
fn a_streaming_replica_reports_its_version_and_is_never_migrated() {
    let primary = Cluster::start_new("fleet_primary");
    primary.create_database("hotel");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_migrations(&d.join("migrations"), &[(1, "guest", V1), (2, "room", V2)]);
    targets_file(d, "primary.yaml", &[("primary", &primary)]);
    let r = run(d, &["migrate", "--targets", "primary.yaml"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);

    let replica = Cluster::standby_of(&primary, "fleet_replica");
    targets_file(
        d,
        "both.yaml",
        &[("primary", &primary), ("replica", &replica)],
    );
    // The replica replays the primary's history within moments.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let r = run(d, &["status", "--targets", "both.yaml", "--format", "json"]);
        let versions: Vec<i64> = json(&r)["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["version_before"].as_i64().unwrap_or(-1))
            .collect();
        if r.code == 0 && versions == [2, 2] {
            assert_eq!(states(&r), ["up to date", "up to date"]);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{}\n{}",
            r.stdout,
            r.stderr
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }

    targets_file(d, "replica.yaml", &[("replica", &replica)]);
    write_migrations(&d.join("migrations"), &[(3, "booking", V3)]);
    let r = run(
        d,
        &["migrate", "--targets", "replica.yaml", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(states(&r), ["failed"]);
    let error = json(&r)["targets"][0]["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(error.contains("is a read-only standby"), "{error}");
    // The same refusal without a fleet.
    let r = finished(
        common::hotelschema()
            .current_dir(d)
            .args(["migrate", "--db", &replica.url("hotel")])
            .output()
            .unwrap(),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is a read-only standby"), "{}", r.stderr);
    drop(replica);
}
