//! `check --db` and `diff` against live databases.

use crate::common;

use std::path::Path;

use common::TestDb;
use predicates::prelude::*;

fn hotelschema(dir: &Path, db: &TestDb, args: &[&str]) -> assert_cmd::assert::Assert {
    common::hotelschema_cmd()
        .current_dir(dir)
        .args(args)
        .args(["--db", &db.url()])
        .assert()
}

/// A fresh database with the project's migrations applied: `diff` and `check` find no drift.
async fn migrated_without_drift(project: &Path) -> TestDb {
    let db = TestDb::new().await;
    hotelschema(project, &db, &["migrate"]).success();
    hotelschema(project, &db, &["diff"])
        .success()
        .stdout(predicate::str::contains("No drift"));
    hotelschema(project, &db, &["check"]).success();
    db
}

/// The messages of the `schema-drift` findings of `check --db` (which must fail).
fn drift_messages(dir: &Path, db: &TestDb) -> Vec<String> {
    let out = hotelschema(dir, db, &["check", "--format", "json"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "schema-drift")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

/// A copy of the project (schema/, migrations/) in a temporary directory.
fn hotel_project() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["schema", "migrations"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        for f in std::fs::read_dir(root.join(sub)).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), dir.path().join(sub).join(f.file_name())).unwrap();
        }
    }
    dir
}

#[tokio::test]
async fn drift_made_by_hand_is_reported_by_check_and_shown_by_diff() {
    let project = hotel_project();
    let db = migrated_without_drift(project.path()).await;

    db.run_script(
        "CREATE INDEX guest_phone_idx ON guest (phone); ALTER TABLE room DROP COLUMN floor;",
    )
    .await
    .unwrap();
    hotelschema(project.path(), &db, &["diff"])
        .code(1)
        .stdout(predicate::str::contains(
            "+CREATE INDEX guest_phone_idx ON guest (phone);",
        ))
        .stdout(predicate::str::is_match(r"\n-    floor +integer,\n").unwrap());
    let messages = drift_messages(project.path(), &db);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages.iter().any(
        |m| m.starts_with("the migrations create column room.floor, which the database lacks")
    ));
    assert!(messages.iter().any(|m| m.starts_with(
        "the database has index guest_phone_idx, which no applied migration creates"
    )));
}

#[tokio::test]
async fn check_db_judges_any_database_even_without_a_schema_directory() {
    let db = TestDb::new().await;
    db.run_script(
        "CREATE TYPE mood AS ENUM ('a');
         CREATE TABLE organization (id uuid PRIMARY KEY);
         CREATE TABLE room (id uuid PRIMARY KEY, organization_id uuid NOT NULL REFERENCES organization, seen timestamp);",
    )
    .await
    .unwrap();
    let empty = tempfile::tempdir().unwrap();
    let out = hotelschema(empty.path(), &db, &["check", "--format", "json"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let mut rules: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rules.sort();
    let ids: Vec<&str> = rules.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        ids,
        [
            "fk-without-index",
            "organization-id-not-leading",
            "timestamp-without-tz",
            "unused-enum"
        ],
        "{rules:#?}"
    );
}

#[tokio::test]
async fn applied_migrations_edited_since_and_custom_rules_are_reported() {
    let db = TestDb::new().await;
    let project = hotel_project();
    hotelschema(project.path(), &db, &["migrate"]).success();
    std::fs::create_dir(project.path().join("checks")).unwrap();
    std::fs::write(
        project.path().join("checks/vip_guests_have_email.sql"),
        "SELECT 'guest ' || id || ' is VIP without an email' AS message, 'guest' AS \"table\"
           FROM guest WHERE is_vip AND email IS NULL",
    )
    .unwrap();
    hotelschema(project.path(), &db, &["check"]).success();
    db.run_script(
        "INSERT INTO organization (id, name, slug) VALUES ('00000000-0000-0000-0000-000000000001', 'o', 'o');
         INSERT INTO guest (organization_id, first_name, last_name, is_vip)
              VALUES ('00000000-0000-0000-0000-000000000001', 'A', 'B', true);",
    )
    .await
    .unwrap();
    hotelschema(project.path(), &db, &["check", "--format", "github"])
        .code(1)
        .stdout(predicate::str::contains(
            "title=custom/vip_guests_have_email::guest ",
        ))
        .stdout(predicate::str::contains("is VIP without an email"));

    let up = project.path().join("migrations/V0001__init.sql");
    let text = std::fs::read_to_string(&up).unwrap();
    std::fs::write(&up, format!("{text}\n-- edited after it was applied\n")).unwrap();
    hotelschema(project.path(), &db, &["check", "--format", "json"])
        .code(1)
        .stdout(predicate::str::contains("applied-migration-edited"))
        .stdout(predicate::str::contains(
            "V0001__init.sql was edited after the database applied it",
        ));

    std::fs::write(
        project.path().join("checks/broken.sql"),
        "SELECT nope FROM nowhere",
    )
    .unwrap();
    hotelschema(project.path(), &db, &["check"])
        .code(2)
        .stderr(predicate::str::contains(
            "checks/broken.sql:1:18: relation \"nowhere\" does not exist",
        ));
}

/// A project whose YAML puts a table and an enum in a `billing` schema.
fn billing_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("schema")).unwrap();
    std::fs::write(
        dir.path().join("schema/schema.yaml"),
        "schemas: [billing]
extensions: [pgcrypto]
enums:
  billing.state: [draft, paid]
tables:
  organization:
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
  billing.invoice:
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      organization_id: { type: uuid, references: organization.id, index: true }
      state: { type: billing.state, default: draft }
      number: text
",
    )
    .unwrap();
    let out = common::hotelschema_cmd()
        .current_dir(dir.path())
        .args(["generate", "--name", "init"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    dir
}

#[tokio::test]
async fn drift_in_another_schema_is_found_without_being_asked() {
    let project = billing_project();
    let db = migrated_without_drift(project.path()).await;

    db.run_script(
        "CREATE INDEX invoice_number_idx ON billing.invoice (number);
         ALTER TABLE billing.invoice DROP COLUMN state;",
    )
    .await
    .unwrap();
    // The schemas the migrations (diff) or the YAML (check) create are read by default.
    hotelschema(project.path(), &db, &["diff"])
        .code(1)
        .stdout(predicate::str::contains(
            "+CREATE INDEX invoice_number_idx ON billing.invoice (number);",
        ))
        .stdout(predicate::str::contains(
            "drop column billing.invoice.state",
        ));
    let drift = drift_messages(project.path(), &db);
    assert!(
        drift.iter().any(|m| m.starts_with(
            "the migrations create column billing.invoice.state, which the database lacks"
        )),
        "{drift:?}"
    );
    assert!(
        drift.iter().any(|m| m.starts_with(
            "the database has index invoice_number_idx, which no applied migration creates"
        )),
        "{drift:?}"
    );
    // The migrations alone are enough for check to read billing: a YAML that no longer
    // declares it (not yet generated) still gets the drift inside it reported.
    std::fs::write(
        project.path().join("schema/schema.yaml"),
        "extensions: [pgcrypto]\ntables:\n  organization:\n    columns:\n      \
         id: { type: uuid, primary_key: true, default: gen_random_uuid() }\n",
    )
    .unwrap();
    let drift = drift_messages(project.path(), &db);
    assert!(
        drift.iter().any(|m| m.starts_with(
            "the database has index invoice_number_idx, which no applied migration creates"
        )),
        "{drift:?}"
    );
    // --schema says exactly what to read: public alone has not drifted.
    hotelschema(project.path(), &db, &["diff", "--schema", "public"])
        .success()
        .stdout(predicate::str::contains("No drift"));
    // A schema the database lacks is named.
    hotelschema(project.path(), &db, &["diff", "--schema", "biling"])
        .code(2)
        .stderr(predicate::str::contains(
            "the database has no schema `biling`",
        ));
}

/// With --db, a statement hazard of a migration says how big its table is in the database:
/// the same SET NOT NULL is brief on an empty table and an outage on a large one.
#[tokio::test]
async fn check_db_weighs_statement_hazards_by_the_tables_size() {
    let db = TestDb::new().await;
    let project = hotel_project();
    hotelschema(project.path(), &db, &["migrate"]).success();
    db.run_script(
        "INSERT INTO organization (id, name, slug) VALUES ('00000000-0000-0000-0000-000000000001', 'o', 'o');
         INSERT INTO guest (organization_id, first_name, last_name, email)
              SELECT '00000000-0000-0000-0000-000000000001', 'A', 'B', 'g' || g || '@x'
                FROM generate_series(1, 20000) g;
         ANALYZE guest; ANALYZE room;",
    )
    .await
    .unwrap();
    std::fs::write(
        project.path().join("migrations/V0003__required.sql"),
        "ALTER TABLE guest ALTER COLUMN email SET NOT NULL;\nALTER TABLE room ALTER COLUMN floor SET NOT NULL;\n",
    )
    .unwrap();
    std::fs::write(
        project.path().join("migrations/V0003__required.down.sql"),
        "ALTER TABLE room ALTER COLUMN floor DROP NOT NULL;\nALTER TABLE guest ALTER COLUMN email DROP NOT NULL;\n",
    )
    .unwrap();
    let out = hotelschema(project.path(), &db, &["check", "--format", "json"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let notes: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "set-not-null")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].contains("[in the database, guest holds about 20,000 rows, ")
            && notes[0].contains("the lock stops it for as long as it lasts]"),
        "{notes:?}"
    );
    assert!(
        notes[1].contains("[in the database, room is small (about 0 rows, ")
            && notes[1].contains("the lock is brief]"),
        "{notes:?}"
    );
}

/// An object the model does not hold (a rule, an event trigger) next to modelled ones: `check
/// --db` judges the tables and names it; `pull` takes the tables and names it too.
#[tokio::test]
async fn unmodelled_objects_are_named_not_refused() {
    let db = TestDb::new().await;
    db.run_script(
        "CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL);
         CREATE TABLE note_log (id int, body text);
         CREATE RULE note_copy AS ON INSERT TO note DO ALSO INSERT INTO note_log VALUES (NEW.id, NEW.body);
         CREATE FUNCTION hs_test_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
         CREATE EVENT TRIGGER hs_test_on_ddl ON ddl_command_end EXECUTE FUNCTION hs_test_ddl();",
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = hotelschema(dir.path(), &db, &["check", "--format", "json"])
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let messages: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "not-modelled")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("rule note_copy on note")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("event trigger hs_test_on_ddl")),
        "{messages:?}"
    );
    let judged = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["table"] == "note_log");
    assert!(judged, "the tables were judged too: {v}");
    let pulled = hotelschema(dir.path(), &db, &["pull", "--out", "pulled"]).success();
    let stderr = String::from_utf8_lossy(&pulled.get_output().stderr).into_owned();
    assert!(
        stderr.contains("rule note_copy on note")
            && stderr.contains("event trigger hs_test_on_ddl"),
        "{stderr}"
    );
    assert!(dir.path().join("pulled/note.yaml").exists());
    // Event triggers are global: leave none behind for the other tests.
    db.run_script("DROP EVENT TRIGGER hs_test_on_ddl;")
        .await
        .unwrap();
}

/// Drift has no file of its own: in SARIF each drift result is still placed on a file of the
/// repository (GitHub code scanning refuses a result without a location).
#[tokio::test]
async fn sarif_of_drift_has_a_physical_location_for_every_result() {
    let project = hotel_project();
    let db = migrated_without_drift(project.path()).await;
    db.run_script("CREATE INDEX guest_by_hand_idx ON guest (first_name)")
        .await
        .unwrap();
    let out = common::hotelschema()
        .current_dir(project.path())
        .args(["check", "--format", "sarif", "--db", &db.url()])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let drift: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "schema-drift")
        .collect();
    assert!(!drift.is_empty(), "{doc}");
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_else(|| panic!("a result without a physical location: {r}"));
        assert!(
            project.path().join(uri).is_file(),
            "{uri} is not a file: {r}"
        );
    }
    assert_eq!(doc["runs"][0]["properties"]["checked"]["mode"], "database");
}
