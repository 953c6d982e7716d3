//! The first migration of a large database locks every table it creates until it commits. On a
//! server whose lock table is too small for that, `migrate` fails with a message that names
//! the setting to raise — never a bare "out of shared memory" — and applies nothing.

use crate::common;

use common::clusters::Cluster;

#[test]
fn a_migration_bigger_than_the_lock_table_names_max_locks_per_transaction() {
    // A lock table of a few hundred entries (PostgreSQL's minimum settings).
    let cluster = Cluster::start_new_with(
        "locks",
        &["max_locks_per_transaction=10", "max_connections=5"],
    );
    cluster.create_database("big");
    let dir = tempfile::tempdir().unwrap();
    let tables: String = (0..400)
        .map(|i| format!("CREATE TABLE t{i} (id int PRIMARY KEY);\n"))
        .collect();
    let drops: String = (0..400)
        .rev()
        .map(|i| format!("DROP TABLE t{i};\n"))
        .collect();
    std::fs::write(dir.path().join("V0001__init.sql"), tables).unwrap();
    std::fs::write(dir.path().join("V0001__init.down.sql"), drops).unwrap();
    let out = common::hotelschema()
        .args(["migrate", "--migrations-dir"])
        .arg(dir.path())
        .args(["--db", &cluster.url("big")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("out of shared memory")
            && stderr.contains("max_locks_per_transaction = 1024")
            && stderr.contains("split the migration"),
        "{stderr}"
    );
    assert_eq!(
        cluster.psql(
            "big",
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't%'"
        ),
        "0",
        "nothing of it was applied"
    );
}
