//! `generate` writes changes to tables that already exist in their lock-safe forms, on a real
//! PostgreSQL: each form gives the same catalog as the plain DDL built from scratch, rolls back
//! to the catalog before (the five steps of `tests/generate_db.rs`), applies to tables that
//! hold rows, and passes `check`'s statement hazard rules.

use crate::common;

use std::path::Path;

use common::prove::*;
use common::TestDb;

const BEFORE: &str = r#"
tables:
  organization:
    global: the tenant root
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      name: text
  room:
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      organization_id: { type: uuid, references: organization.id }
      number: { type: text, nullable: true }
      floor: { type: integer, nullable: true }
      parent_id: { type: uuid, nullable: true }
    indexes:
      - { columns: [organization_id, number], name: room_lookup_idx }
      - { columns: [organization_id, floor] }
  note:
    columns:
      id: uuid
      organization_id: { type: uuid, references: organization.id, index: true }
"#;

/// Every lock-safe form at once: a foreign key, a check, a unique constraint, a primary key,
/// SET NOT NULL, a NOT NULL column with a backfill, a NOT NULL column whose default differs per
/// row, a new index, a changed index, a dropped one.
const AFTER: &str = r#"
tables:
  organization:
    global: the tenant root
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      name: text
      code: { type: text, backfill: "'unknown'" }
  room:
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      organization_id: { type: uuid, references: organization.id }
      number: text
      floor: { type: integer, nullable: true }
      parent_id: { type: uuid, nullable: true, references: room.id, index: true }
      token: { type: uuid, default: gen_random_uuid() }
    unique:
      - { columns: [organization_id, number] }
    checks:
      - { name: room_floor_check, expression: "floor > -5" }
    indexes:
      - { columns: [organization_id, floor, number], name: room_lookup_idx }
  note:
    columns:
      id: { type: uuid, primary_key: true }
      organization_id: { type: uuid, references: organization.id, index: true }
"#;

#[tokio::test]
async fn the_lock_safe_forms_build_what_plain_ddl_builds_and_roll_back() {
    let sql = prove(BEFORE, AFTER, &[]).await;
    for expected in [
        "ADD CONSTRAINT room_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES room (id) NOT VALID;",
        "VALIDATE CONSTRAINT room_parent_id_fkey;",
        "ADD CONSTRAINT room_floor_check CHECK (floor > -5) NOT VALID;",
        "VALIDATE CONSTRAINT room_floor_check;",
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS room_organization_id_number_uq",
        "ADD CONSTRAINT room_organization_id_number_uq UNIQUE USING INDEX room_organization_id_number_uq;",
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS note_pkey ON note (id);",
        "ADD CONSTRAINT note_pkey PRIMARY KEY USING INDEX note_pkey;",
        "ADD CONSTRAINT room_number_not_null CHECK (number IS NOT NULL) NOT VALID;",
        "ALTER TABLE room ALTER COLUMN number SET NOT NULL;",
        "ALTER TABLE organization ADD COLUMN code text NOT NULL DEFAULT 'unknown';",
        "ALTER TABLE organization ALTER COLUMN code DROP DEFAULT;",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS room_parent_id_idx ON room (parent_id);",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS room_lookup_idx_rebuilt ON room (organization_id, floor, number);",
        "ALTER INDEX room_lookup_idx_rebuilt RENAME TO room_lookup_idx;",
        "DROP INDEX CONCURRENTLY IF EXISTS room_organization_id_floor_idx;",
        "ALTER TABLE room ADD COLUMN token uuid;",
        "ALTER TABLE room ALTER COLUMN token SET DEFAULT gen_random_uuid();",
        "UPDATE room SET token = DEFAULT",
        "ADD CONSTRAINT room_token_not_null CHECK (token IS NOT NULL) NOT VALID;",
        "ALTER TABLE room ALTER COLUMN token SET NOT NULL;",
    ] {
        assert!(sql.contains(expected), "{expected}\nnot in:\n{sql}");
    }
    // The plain forms of the same change, for comparison: not a single one of them.
    for plain in [
        "REFERENCES room (id);",
        "CHECK (floor > -5);",
        "UNIQUE (organization_id, number);",
        "PRIMARY KEY (id);",
        "token uuid NOT NULL DEFAULT gen_random_uuid();",
    ] {
        assert!(!sql.contains(plain), "{plain} in:\n{sql}");
    }
}

/// The project after `generate` from BEFORE (applied, with rows) to AFTER.
async fn applied_with_rows(after: &str, flags: &[&str]) -> (tempfile::TempDir, TestDb) {
    let work = tempfile::tempdir().unwrap();
    write_schema(work.path(), BEFORE);
    ok(generate(work.path(), &["--name", "init"]));
    let db = TestDb::new().await;
    migrate(work.path(), &db, &[]);
    db.run_script(
        "INSERT INTO organization (name) VALUES ('o');
         INSERT INTO room (organization_id, number, floor)
              SELECT o.id, 'r' || g, g % 7 FROM organization o, generate_series(1, 500) g;
         INSERT INTO note (id, organization_id) SELECT gen_random_uuid(), id FROM organization;",
    )
    .await
    .unwrap();
    write_schema(work.path(), after);
    let mut args = vec!["--name", "change"];
    args.extend_from_slice(flags);
    ok(generate(work.path(), &args));
    (work, db)
}

fn check(dir: &Path) -> (i32, String, String) {
    let schema = dir.join("schema").display().to_string();
    hotelschema(&["check", "--schema-dir", &schema], dir)
}

#[tokio::test]
async fn the_lock_safe_forms_apply_to_tables_with_rows_and_pass_check() {
    let (work, db) = applied_with_rows(AFTER, &[]).await;
    let out = migrate(work.path(), &db, &[]);
    assert!(out.contains("the database is at version 5"), "{out}");
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM organization WHERE code = 'unknown'")
        .fetch_one(&mut db.connect().await)
        .await
        .unwrap();
    assert_eq!(rows, 1, "the existing row got the backfill value");
    let tokens: i64 = sqlx::query_scalar("SELECT count(DISTINCT token) FROM room")
        .fetch_one(&mut db.connect().await)
        .await
        .unwrap();
    assert_eq!(
        tokens, 500,
        "each existing room got its own token from the backfill"
    );
    let (code, stdout, stderr) = check(work.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("No findings"), "{stdout}");

    // The same change in plain DDL trips the hazard rules it avoids.
    let (plain, _db) = applied_with_rows(AFTER, &["--plain-ddl"]).await;
    let (_, stdout, _) = check(plain.path());
    for rule in [
        "constraint-without-not-valid",
        "constraint-built-in-place",
        "set-not-null",
        "non-concurrent-index",
    ] {
        assert!(stdout.contains(rule), "{rule} in:\n{stdout}");
    }
}

#[tokio::test]
async fn a_required_column_without_a_default_is_refused_and_plain_ddl_is_per_table() {
    let work = tempfile::tempdir().unwrap();
    write_schema(work.path(), BEFORE);
    ok(generate(work.path(), &["--name", "init"]));
    let required = BEFORE.replacen(
        "      name: text\n",
        "      name: text\n      slug: text\n",
        1,
    );
    write_schema(work.path(), &required);
    let (code, _, stderr) = generate(work.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "organization.slug is NOT NULL without a default, and organization already exists"
        ) && stderr.contains("`backfill: <constant>`"),
        "{stderr}"
    );
    let files = std::fs::read_dir(work.path().join("migrations"))
        .unwrap()
        .count();
    assert_eq!(files, 2, "nothing was written");

    // `plain_ddl: true` on a table: its changes are plain, the others' stay lock-safe.
    let after = AFTER.replacen(
        "  room:\n    columns:",
        "  room:\n    plain_ddl: true\n    columns:",
        1,
    );
    let sql = prove(BEFORE, &after, &[]).await;
    assert!(sql.contains("CHECK (floor > -5);"), "{sql}");
    assert!(
        sql.contains("ADD CONSTRAINT note_pkey PRIMARY KEY USING INDEX"),
        "{sql}"
    );
}

const KEYS_BEFORE: &str = r#"
tables:
  room:
    global: the test's table
    columns:
      id: { type: uuid, primary_key: true }
      code: { type: text, nullable: true }
  note:
    global: the test's table
    columns:
      id: { type: uuid, primary_key: true }
"#;

/// A foreign key to a key the same change makes unique on a table that exists: the unique
/// index is built CONCURRENTLY after the main migration, so the foreign key of a new table
/// comes after it (PostgreSQL: "there is no unique constraint matching given keys" otherwise).
/// An existing table's would be validated under a lock in that same migration: refused, with
/// the way out.
#[tokio::test]
async fn a_foreign_key_to_a_key_made_unique_in_the_same_change_comes_after_it() {
    let unique = KEYS_BEFORE.replacen(
        "      code: { type: text, nullable: true }\n",
        "      code: { type: text, nullable: true }\n    unique:\n      - { columns: [code] }\n",
        1,
    );
    let new_table = format!(
        "{unique}  key_card:\n    global: the test's table\n    columns:\n      \
         id: {{ type: uuid, primary_key: true }}\n      \
         room_code: {{ type: text, references: room.code, index: true }}\n"
    );
    let sql = prove(KEYS_BEFORE, &new_table, &[]).await;
    let key = sql
        .find("UNIQUE USING INDEX room_code_uq;")
        .expect("the unique key adopts its index");
    let foreign = sql
        .find("REFERENCES room (code);")
        .expect("the foreign key is added");
    assert!(key < foreign, "{sql}");

    // The same foreign key on a table that exists: refused, nothing written.
    let existing_table = format!(
        "{unique}      room_code: {{ type: text, nullable: true, references: room.code, index: true }}\n"
    );
    let work = tempfile::tempdir().unwrap();
    write_schema(work.path(), KEYS_BEFORE);
    ok(generate(work.path(), &["--name", "init"]));
    write_schema(work.path(), &existing_table);
    let (code, _, stderr) = generate(work.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("foreign key note_room_code_fkey of note references room(code)")
            && stderr.contains("Generate the unique key first"),
        "{stderr}"
    );
    let files = std::fs::read_dir(work.path().join("migrations"))
        .unwrap()
        .count();
    assert_eq!(files, 2, "nothing was written");
}
