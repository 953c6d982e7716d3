//! The hotel schema distributed by tenant on a real Citus cluster (a coordinator and two
//! workers, `scripts/citus-cluster`): `examples/citus` migrates with every tenant table
//! hash-distributed by organization_id in one colocation group and the rest reference tables,
//! tickets are numbered per organization through the coordinator, drift and the live check pass
//! and see a distribution changed by hand, pull → generate → migrate gives the same
//! distribution, and the rollback leaves no table and no distribution metadata.

use std::path::{Path, PathBuf};

use crate::common::citus::{coordinator_url, one_test_at_a_time, psql, CitusDb, PORTS};
use crate::common::hotelschema;

/// A copy of `examples/citus` to work in.
fn example() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/citus");
    copy_dir(&from, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs hotelschema in `dir`; (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = hotelschema().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run(dir, args);
    assert_eq!(code, 0, "hotelschema {args:?} failed:\n{out}\n{err}");
    format!("{out}{err}")
}

/// Each table's distribution, as `table|method|column|colocation group (by its first table)`.
fn distribution(db: &CitusDb) -> Vec<String> {
    db.psql(
        "SELECT p.logicalrelid::text || '|' || p.partmethod::text || '|' ||
                coalesce(column_to_column_name(p.logicalrelid, p.partkey), '') || '|' ||
                (SELECT min(q.logicalrelid::text) FROM pg_dist_partition q
                  WHERE q.colocationid = p.colocationid)
           FROM pg_dist_partition p ORDER BY 1",
    )
    .lines()
    .map(str::to_string)
    .collect()
}

/// The tables of the example that have the tenant column.
fn tenant_tables(db: &CitusDb) -> Vec<String> {
    db.psql(
        "SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
          WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
            AND a.attname = 'organization_id' AND c.relname NOT LIKE '%\\_1%' ORDER BY 1",
    )
    .lines()
    .map(str::to_string)
    .collect()
}

#[test]
fn the_hotel_schema_is_distributed_by_tenant_on_a_real_cluster_and_rolls_back_to_nothing() {
    let _serial = one_test_at_a_time();
    let project = example();
    let dir = project.path();
    let db = CitusDb::new("hotel");
    let url = db.url();
    // The committed migrations are what the YAML generates.
    ok(dir, &["generate", "--check"]);
    ok(dir, &["migrate", "--db", &url]);

    // Every tenant table hash-distributed by organization_id, all in one colocation group; the
    // others reference tables.
    let rows = distribution(&db);
    let tenants = tenant_tables(&db);
    assert_eq!(tenants.len(), 22, "{tenants:?}");
    let groups: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.split('|').nth(1) == Some("h"))
        .map(|r| r.rsplit('|').next().unwrap())
        .collect();
    assert_eq!(groups.len(), 1, "one colocation group: {rows:#?}");
    for t in &tenants {
        assert!(
            rows.iter()
                .any(|r| r.starts_with(&format!("{t}|h|organization_id|"))),
            "{t} is not distributed by organization_id: {rows:#?}"
        );
    }
    let reference: Vec<&String> = rows.iter().filter(|r| r.contains("|n|")).collect();
    assert_eq!(
        reference.len(),
        5,
        "organization and the 4 auth tables: {rows:#?}"
    );
    assert_eq!(rows.len(), 27);
    // Shards on both workers.
    for worker in &PORTS[1..] {
        let shards = db.psql(&format!(
            "SELECT count(*) FROM pg_dist_shard_placement WHERE nodeport = {worker}"
        ));
        assert!(
            shards.parse::<u32>().unwrap() > 0,
            "no shard on worker {worker}"
        );
    }

    // Tickets are numbered per organization by the trigger, through the coordinator.
    db.psql(
        "INSERT INTO \"user\" (id, name, email) VALUES ('u1', 'Ana', 'ana@example.com');
         INSERT INTO organization (id, name, slug) VALUES
           ('00000000-0000-0000-0000-00000000000a', 'A', 'a'),
           ('00000000-0000-0000-0000-00000000000b', 'B', 'b')",
    );
    for org in ["a", "a", "b"] {
        db.psql(&format!(
            "INSERT INTO ticket (organization_id, category, title, created_by_id)
             VALUES ('00000000-0000-0000-0000-00000000000{org}', 'maintenance', 't', 'u1')"
        ));
    }
    let numbers = db.psql(
        "SELECT right(organization_id::text, 1) || ' ' || ticket_number FROM ticket ORDER BY 1",
    );
    assert_eq!(numbers, "a TKT-00001\na TKT-00002\nb TKT-00001");

    // Drift and the live check pass on the coordinator (the platform stand-in: the extension).
    ok(dir, &["diff", "--db", &url]);
    ok(dir, &["check", "--db", &url]);

    // pull → generate → migrate into a second database gives the same distribution.
    let pulled = tempfile::tempdir().unwrap();
    let out: PathBuf = pulled.path().join("schema");
    ok(
        dir,
        &[
            "pull",
            "--db",
            &url,
            "--out",
            out.to_str().unwrap(),
            "--platform",
            "citus",
        ],
    );
    let yaml = std::fs::read_to_string(out.join("ticket.yaml")).unwrap();
    assert!(
        yaml.contains("distribution: { by: organization_id }"),
        "{yaml}"
    );
    std::fs::create_dir_all(pulled.path().join("migrations")).unwrap();
    std::fs::copy(
        dir.join("migrations/platform.sql"),
        pulled.path().join("migrations/platform.sql"),
    )
    .unwrap();
    ok(pulled.path(), &["generate", "--name", "pulled"]);
    let second = CitusDb::new("pulled");
    ok(pulled.path(), &["migrate", "--db", &second.url()]);
    assert_eq!(distribution(&second), rows);

    // A distribution changed by hand is drift, and the comparison says which.
    db.psql("SELECT undistribute_table('verification')");
    let (code, out, err) = run(dir, &["diff", "--db", &url]);
    assert_ne!(
        code, 0,
        "an undistributed table must be drift:\n{out}\n{err}"
    );
    assert!(
        format!("{out}{err}").contains("table verification: no longer a reference table"),
        "{out}\n{err}"
    );
    db.psql("SET citus.enable_unsafe_triggers = on; SELECT create_reference_table('verification')");
    // Citus's undistribute_table rebuilds the table without its column comments: drift sees
    // that too, and it is put back by hand.
    let (code, out, _) = run(dir, &["diff", "--db", &url]);
    assert_ne!(code, 0);
    assert!(
        out.contains("COMMENT ON COLUMN verification.updated_at"),
        "{out}"
    );
    db.psql("COMMENT ON COLUMN verification.updated_at IS 'Set by the database on every update'");
    ok(dir, &["diff", "--db", &url]);

    // The rollback leaves no table and no distribution metadata, on any node.
    ok(dir, &["migrate", "--db", &url, "--rollback", "--to", "0"]);
    assert_eq!(db.psql("SELECT count(*) FROM pg_dist_partition"), "0");
    for port in PORTS {
        let left = psql(
            port,
            &db.name,
            "SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
               AND c.relkind IN ('r', 'p') AND c.relname <> 'refinery_schema_history'",
        );
        assert_eq!(left, "0", "tables left on the node at port {port}");
    }
}

#[test]
fn what_citus_refuses_is_said_before_a_migration_meets_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("schema")).unwrap();
    std::fs::create_dir_all(dir.path().join("migrations")).unwrap();
    std::fs::write(
        dir.path().join("schema/a.yaml"),
        "distribution: { by: organization_id }\n\
         tables:\n  organization:\n    columns:\n      id: { type: uuid, primary_key: true }\n  \
         room:\n    columns:\n      id: { type: uuid, primary_key: true }\n      \
         organization_id: { type: uuid, references: organization.id }\n  \
         guest:\n    columns:\n      id: uuid\n      organization_id: { type: uuid, references: organization.id }\n      \
         room_id: { type: uuid, nullable: true }\n    primary_key: [organization_id, id]\n    \
         foreign_keys:\n      - { columns: [organization_id, room_id], references: { table: room, columns: [organization_id, id] }, on_delete: set_null (room_id) }\n",
    )
    .unwrap();
    let (code, _, err) = run(dir.path(), &["generate"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("the primary key of room (id) does not include organization_id"),
        "{err}"
    );
    assert!(err.contains("Citus refuses ON DELETE SET NULL"), "{err}");
    assert!(err.contains("schema/a.yaml"), "names the file: {err}");
    assert!(
        std::fs::read_dir(dir.path().join("migrations"))
            .unwrap()
            .next()
            .is_none(),
        "nothing written"
    );
}

#[test]
fn tables_that_hold_rows_are_distributed_later_and_taken_back_whole() {
    let _serial = one_test_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    std::fs::create_dir_all(dir.join("migrations")).unwrap();
    // No migrations/platform.sql: a history that distributes tables implies the Citus one.
    let tables = "tables:\n  organization:\n    comment: The tenant\n    columns:\n      \
                  id: { type: uuid, primary_key: true }\n  \
                  room:\n    columns:\n      id: { type: uuid, comment: Generated by the app }\n      \
                  organization_id: { type: uuid, references: organization.id, on_delete: cascade }\n      \
                  number: text\n    primary_key: [organization_id, id]\n  \
                  booking:\n    columns:\n      id: uuid\n      organization_id: { type: uuid, references: organization.id }\n      \
                  room_id: uuid\n    primary_key: [organization_id, id]\n    foreign_keys:\n      \
                  - { columns: [organization_id, room_id], references: { table: room, columns: [organization_id, id] } }\n    \
                  indexes:\n      - { columns: [organization_id, room_id] }\n";
    std::fs::write(dir.join("schema/a.yaml"), tables).unwrap();
    ok(dir, &["generate", "--name", "local"]);
    let db = CitusDb::new("later");
    let url = db.url();
    ok(dir, &["migrate", "--db", &url]);
    db.psql(
        "INSERT INTO organization VALUES ('00000000-0000-0000-0000-00000000000a');
         INSERT INTO room VALUES ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-00000000000a', '101');
         INSERT INTO booking VALUES ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-000000000001')",
    );

    // The same tables, now distributed by tenant: their foreign keys are dropped around the calls.
    std::fs::write(
        dir.join("schema/a.yaml"),
        format!("distribution: {{ by: organization_id }}\n{tables}"),
    )
    .unwrap();
    ok(dir, &["generate", "--name", "distribute", "--plain-ddl"]);
    ok(dir, &["migrate", "--db", &url]);
    assert_eq!(
        distribution(&db),
        [
            "booking|h|organization_id|booking",
            "organization|n||organization",
            "room|h|organization_id|booking",
        ]
    );
    assert_eq!(db.psql("SELECT count(*) FROM booking JOIN room ON room.organization_id = booking.organization_id AND room.id = booking.room_id"), "1");
    ok(dir, &["diff", "--db", &url]);

    // Back to the coordinator: the rows, the foreign keys and the comments stay.
    ok(dir, &["migrate", "--db", &url, "--rollback"]);
    assert_eq!(db.psql("SELECT count(*) FROM pg_dist_partition"), "0");
    assert_eq!(db.psql("SELECT count(*) FROM booking JOIN room ON room.organization_id = booking.organization_id AND room.id = booking.room_id"), "1");
    assert_eq!(
        db.psql("SELECT obj_description('organization'::regclass)"),
        "The tenant"
    );
    ok(dir, &["diff", "--db", &url]);
}

#[test]
fn generate_proves_a_distributed_schema_on_a_coordinator_before_writing_it() {
    let _serial = one_test_at_a_time();
    let project = example();
    let dir = project.path();
    // From nothing, and without a stand-in of the project's own: the history distributes
    // tables, so the proof's scratch databases get the Citus extension.
    for f in std::fs::read_dir(dir.join("migrations")).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    let coordinator = coordinator_url("postgres");
    let out = ok(
        dir,
        &["generate", "--name", "init", "--dev-db", &coordinator],
    );
    assert!(out.contains("27 Citus distributions"), "{out}");
    // The files are the committed ones.
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/citus/migrations");
    for name in ["V0001__init.sql", "V0001__init.down.sql"] {
        assert_eq!(
            std::fs::read_to_string(dir.join("migrations").join(name)).unwrap(),
            std::fs::read_to_string(committed.join(name)).unwrap(),
            "{name}"
        );
    }
}
