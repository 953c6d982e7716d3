//! Partitioned tables on a real PostgreSQL, with the README's `activity_log`: created with its
//! partitions, rows routed to them, next year's partition added and rolled back, a partition
//! dropped with its rows only when allowed, a changed partition key refused, no drift, and the
//! replay of a by-hand lock-free index build on a partitioned table.

use crate::common;

use std::path::Path;

use predicates::prelude::*;

use common::TestDb;

fn bin(dir: &Path) -> assert_cmd::Command {
    let mut c = common::hotelschema_cmd();
    c.current_dir(dir);
    c
}

/// The documentation's partitioned `activity_log` (docs/language/partitioned-tables.md).
fn readme_example() -> String {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/language/partitioned-tables.md"
    ))
    .unwrap();
    page.split("```yaml\n")
        .skip(1)
        .map(|rest| rest[..rest.find("```").unwrap()].to_string())
        .find(|b| b.contains("partition_by: range (occurred_at)"))
        .expect("the documentation's partitioned activity_log")
        // It refers to the organizations the hotel schema has.
        .replacen(
            "tables:\n",
            "tables:\n  organization:\n    columns:\n      id: { type: uuid, primary_key: true }\n",
            1,
        )
}

fn write_schema(dir: &Path, yaml: &str) {
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    std::fs::write(dir.join("schema/schema.yaml"), yaml).unwrap();
}

fn psql(db: &TestDb, sql: &str) -> String {
    let out = std::process::Command::new("psql")
        .args(["-tAX", "-v", "ON_ERROR_STOP=1", "-c", sql, &db.url()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[tokio::test]
async fn the_readme_activity_log_is_partitioned_grows_a_year_and_rolls_back() {
    let db = TestDb::new().await;
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let yaml = readme_example();
    write_schema(dir, &yaml);
    bin(dir)
        .args(["generate", "--name", "activity_log"])
        .assert()
        .success();
    let init = std::fs::read_to_string(dir.join("migrations/V0001__activity_log.sql")).unwrap();
    assert!(
        init.contains(") PARTITION BY RANGE (occurred_at);")
            && init
                .contains("CREATE TABLE activity_log_default PARTITION OF activity_log DEFAULT;"),
        "{init}"
    );
    bin(dir)
        .args(["migrate", "--db", &db.url()])
        .assert()
        .success();
    // Rows go to the partition of their year, or to the default one.
    psql(
        &db,
        "INSERT INTO organization VALUES ('00000000-0000-0000-0000-000000000001');
         INSERT INTO activity_log (organization_id, activity_type, occurred_at)
         SELECT '00000000-0000-0000-0000-000000000001', 'login', t FROM (VALUES
           ('2026-03-01'::timestamptz), ('2027-06-01'), ('2027-07-01'), ('2031-01-01')) v(t)",
    );
    assert_eq!(
        psql(
            &db,
            "SELECT string_agg(tableoid::regclass::text || '=' || n, ',' ORDER BY tableoid::regclass::text)
               FROM (SELECT tableoid, count(*) n FROM activity_log GROUP BY 1) x"
        ),
        "activity_log_2026=1,activity_log_2027=2,activity_log_default=1"
    );
    // The parent's index is on every partition (PostgreSQL's copies, not the YAML's).
    assert_eq!(
        psql(
            &db,
            "SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'activity_log_20%'
               AND indexdef LIKE '%(organization_id, occurred_at)%'"
        ),
        "2"
    );

    // Next year: one more line.
    write_schema(
        dir,
        &yaml.replace(
            "      - { name: activity_log_default, values: default }",
            "      - { name: activity_log_default, values: default }\n      - { name: activity_log_2028, values: \"from ('2028-01-01 00:00:00+00') to ('2029-01-01 00:00:00+00')\" }",
        ),
    );
    bin(dir)
        .args(["generate", "--name", "activity_log_2028"])
        .assert()
        .success();
    let added =
        std::fs::read_to_string(dir.join("migrations/V0002__activity_log_2028.sql")).unwrap();
    assert!(
        added.contains("CREATE TABLE activity_log_2028 PARTITION OF activity_log FOR VALUES FROM ('2028-01-01 00:00:00+00') TO ('2029-01-01 00:00:00+00');"),
        "{added}"
    );
    bin(dir)
        .args(["migrate", "--db", &db.url()])
        .assert()
        .success();
    bin(dir)
        .args(["diff", "--db", &db.url()])
        .assert()
        .success()
        .stdout(predicate::str::contains("No drift"));
    // The merge gate: no error (nothing here is a hazard: the new partition is empty).
    bin(dir).args(["check"]).assert().success();
    psql(&db, "INSERT INTO activity_log (organization_id, activity_type, occurred_at) VALUES ('00000000-0000-0000-0000-000000000001', 'x', '2028-02-02')");
    assert_eq!(psql(&db, "SELECT count(*) FROM activity_log_2028"), "1");

    // A partition left out of the YAML is dropped with its rows: only when allowed.
    write_schema(
        dir,
        &yaml.replace(
            "      - { name: activity_log_2026, values: \"from ('2026-01-01 00:00:00+00') to ('2027-01-01 00:00:00+00')\" }\n",
            "",
        )
        .replace(
            "      - { name: activity_log_default, values: default }",
            "      - { name: activity_log_default, values: default }\n      - { name: activity_log_2028, values: \"from ('2028-01-01 00:00:00+00') to ('2029-01-01 00:00:00+00')\" }",
        ),
    );
    bin(dir)
        .args(["generate", "--name", "drop_2026"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "drops partition activity_log_2026",
        ));
    assert!(!dir.join("migrations/V0003__drop_2026.sql").exists());

    // A new partition key is refused: PostgreSQL cannot change it in place.
    write_schema(dir, &yaml.replace("range (occurred_at)", "range (id)"));
    bin(dir)
        .args(["generate", "--name", "rekey"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "PostgreSQL cannot change that in place",
        ));

    // Rolled back: the 2028 partition (and its row) goes; the rest is as before.
    write_schema(dir, &yaml);
    bin(dir)
        .args(["migrate", "--db", &db.url(), "--rollback"])
        .assert()
        .success();
    assert_eq!(
        psql(
            &db,
            "SELECT count(*) FROM pg_class WHERE relname = 'activity_log_2028'"
        ),
        "0"
    );
    assert_eq!(psql(&db, "SELECT count(*) FROM activity_log"), "4");
}

/// The lock-free way to index a partitioned table by hand — ON ONLY the parent, each
/// partition's CONCURRENTLY, then ATTACH — is replayed as the parent's index: `check` accepts
/// the history and `generate --check` sees the YAML's index in it.
#[tokio::test]
async fn a_by_hand_concurrent_index_on_a_partitioned_table_replays_as_the_parents() {
    let db = TestDb::new().await;
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let yaml = readme_example();
    write_schema(dir, &yaml);
    bin(dir)
        .args(["generate", "--name", "init"])
        .assert()
        .success();
    std::fs::write(
        dir.join("migrations/V0002__type_index.sql"),
        "-- hotelschema:no-transaction\n\
         CREATE INDEX activity_log_activity_type_idx ON ONLY activity_log (activity_type);\n\
         CREATE INDEX CONCURRENTLY activity_log_2026_activity_type_idx ON activity_log_2026 (activity_type);\n\
         ALTER INDEX activity_log_activity_type_idx ATTACH PARTITION activity_log_2026_activity_type_idx;\n\
         CREATE INDEX CONCURRENTLY activity_log_2027_activity_type_idx ON activity_log_2027 (activity_type);\n\
         ALTER INDEX activity_log_activity_type_idx ATTACH PARTITION activity_log_2027_activity_type_idx;\n\
         CREATE INDEX CONCURRENTLY activity_log_default_activity_type_idx ON activity_log_default (activity_type);\n\
         ALTER INDEX activity_log_activity_type_idx ATTACH PARTITION activity_log_default_activity_type_idx;\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("migrations/V0002__type_index.down.sql"),
        "DROP INDEX activity_log_activity_type_idx;\n",
    )
    .unwrap();
    write_schema(
        dir,
        &yaml.replace(
            "      - { columns: [organization_id, occurred_at] }",
            "      - { columns: [organization_id, occurred_at] }\n      - { columns: [activity_type] }",
        ),
    );
    bin(dir).args(["generate", "--check"]).assert().success();
    bin(dir).args(["check"]).assert().success();
    bin(dir)
        .args(["migrate", "--db", &db.url()])
        .assert()
        .success();
    // Valid once every partition's index is attached.
    assert_eq!(
        psql(
            &db,
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'activity_log_activity_type_idx'::regclass"
        ),
        "t"
    );
    bin(dir)
        .args(["diff", "--db", &db.url()])
        .assert()
        .success();
}
