//! Minimal cases the reliability audit found: valid input that `generate` refused as "a bug in
//! hotelschema" (each now generated, applied and rolled back on a real server), and input
//! PostgreSQL rejects that went through validation to a rolled-back migration (each now an
//! error at its file:line).

use crate::common;

use common::prove::{generate, migrate, ok, write_schema};
use common::runs::{assert_ok, run};
use common::TestDb;

const T: &str = "tables:\n  t:\n    global: test\n    columns:\n      id: { type: integer, primary_key: true }\n";

/// `yaml` (with its SQL after `--- sql`) generates, applies, and rolls back to nothing.
async fn applies_and_rolls_back(yaml: &str) {
    let work = tempfile::tempdir().unwrap();
    write_schema(work.path(), yaml);
    ok(generate(work.path(), &["--name", "init"]));
    let db = TestDb::new().await;
    migrate(work.path(), &db, &[]);
    let migrations = work.path().join("migrations");
    let diff = run(&migrations, &db, &["diff"]);
    assert_ok(&diff);
    assert_ok(&run(
        &migrations,
        &db,
        &["migrate", "--rollback", "--to", "0"],
    ));
}

#[tokio::test]
async fn valid_input_once_refused_as_a_bug_is_generated_and_proven() {
    // `using: btree`, the documented default.
    applies_and_rolls_back(&format!(
        "{T}      a: int\n    indexes:\n      - {{ columns: [a], using: btree }}\n"
    ))
    .await;
    // `unique` on the primary-key column (PostgreSQL folds it into the key).
    applies_and_rolls_back(&T.replace("primary_key: true", "primary_key: true, unique: true"))
        .await;
    // A domain whose default constraint name passes 63 bytes.
    applies_and_rolls_back(&format!(
        "{T}--- sql\nCREATE DOMAIN {} AS text CHECK (VALUE <> '') CHECK (VALUE <> 'x');\n",
        "d".repeat(62)
    ))
    .await;
}

#[tokio::test]
async fn a_check_on_a_column_the_yaml_drops_goes_with_it() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write_schema(
        dir,
        &format!(
            "{T}      b: int\n    checks:\n      - {{ name: t_b_check, expression: \"b > 0\" }}\n"
        ),
    );
    ok(generate(dir, &["--name", "init"]));
    write_schema(dir, T);
    ok(generate(dir, &["--name", "drop_b", "--allow-destructive"]));
    let db = TestDb::new().await;
    migrate(dir, &db, &[]);
    let migrations = dir.join("migrations");
    assert_ok(&run(&migrations, &db, &["diff"]));
    assert_ok(&run(
        &migrations,
        &db,
        &["migrate", "--rollback", "--to", "0"],
    ));
}

/// `generate` refuses `yaml`, at `at`, saying `says`.
fn refused(yaml: &str, at: &str, says: &str) {
    let work = tempfile::tempdir().unwrap();
    write_schema(work.path(), yaml);
    let (code, stdout, stderr) = generate(work.path(), &["--name", "init"]);
    assert_eq!(code, 2, "{yaml}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stderr.contains(at) && stderr.contains(says),
        "{yaml}\nexpected {at}: {says}\nstderr:\n{stderr}"
    );
    assert!(
        !work.path().join("migrations").exists() || {
            std::fs::read_dir(work.path().join("migrations"))
                .unwrap()
                .next()
                .is_none()
        }
    );
}

#[test]
fn input_postgresql_rejects_is_an_error_at_its_line() {
    let idx =
        |spec: &str| format!("{T}      a: int\n      p: point\n    indexes:\n      - {spec}\n");
    refused(
        &idx("{ columns: [a], name: public.t_pkey }"),
        "schema.yaml:9",
        "an index's name cannot hold a schema",
    );
    refused(
        &idx("{ columns: [a desc], using: hash }"),
        "schema.yaml:9",
        "a hash index keeps no order",
    );
    refused(
        &format!("{T}      p: {{ type: point, index: true }}\n"),
        "schema.yaml:6",
        "no default operator class for btree",
    );
    refused(
        &format!("{T}      a: int\n    checks:\n      - {{ name: c, expression: \"b > 0\" }}\n"),
        "schema.yaml:8",
        "names unknown column `b`",
    );
    refused(
        &format!("{T}--- sql\nCREATE TYPE t AS (a int);\n"),
        "functions.sql:1",
        "has the name of the row type of table t",
    );
    refused(
        &format!("{T}--- sql\nCREATE SEQUENCE v;\nCREATE VIEW v AS SELECT 1 AS x;\n"),
        "functions.sql:1",
        "sequence v: has the name of view v",
    );
    refused(
        &format!("{T}--- sql\nCREATE DOMAIN t AS int;\n"),
        "functions.sql:1",
        "domain t: has the name of the row type of table t",
    );
    refused(
        &format!("{T}--- sql\nGRANT SELECT ON t TO PUBLIC WITH GRANT OPTION;\n"),
        "schema.yaml:2",
        "PUBLIC WITH GRANT OPTION",
    );
    refused(
        &format!(
            "{T}--- sql\nCREATE FUNCTION f() RETURNS int LANGUAGE plperlx AS $$ return 1 $$;\n"
        ),
        "functions.sql:1",
        "LANGUAGE plperlx, which the database does not have",
    );
}

/// The casts generate judges type changes by are the server's: the list kept offline is
/// `pg_cast` between the built-in types the model knows, no more and no less.
#[tokio::test]
async fn the_built_in_casts_kept_offline_are_the_servers() {
    use hotelschema::diff::casts::{BUILT_IN_CASTS, JUDGED};
    let names: Vec<String> = JUDGED.iter().map(|t| t.to_string()).collect();
    let db = TestDb::new().await;
    let mut conn = db.connect().await;
    let server: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.typname::text, t.typname::text FROM pg_cast c
           JOIN pg_type s ON s.oid = c.castsource JOIN pg_type t ON t.oid = c.casttarget
          WHERE s.typnamespace = 'pg_catalog'::regnamespace
            AND t.typnamespace = 'pg_catalog'::regnamespace
            AND s.typname = ANY($1) AND t.typname = ANY($1) AND s.oid <> t.oid",
    )
    .bind(&names)
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert!(
        server.len() > 50,
        "the server listed {} casts",
        server.len()
    );
    let server: std::collections::BTreeSet<(String, String)> = server.into_iter().collect();
    let offline: std::collections::BTreeSet<(String, String)> = BUILT_IN_CASTS
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(
        offline.symmetric_difference(&server).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "src/diff/casts.rs's BUILT_IN_CASTS and the server's pg_cast differ"
    );
}

/// A type change no server can cast is refused at generate, naming the column, nothing
/// written; a change through a cast PostgreSQL has is generated and proven both ways.
#[tokio::test]
async fn a_type_change_without_a_cast_is_refused_and_one_with_a_cast_is_proven() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let before = "tables:\n  t:\n    global: test\n    columns:\n      id: { type: integer, primary_key: true }\n      seen: { type: timestamptz, nullable: true }\n";
    write_schema(dir, before);
    ok(generate(dir, &["--name", "init"]));
    write_schema(dir, &before.replace("type: timestamptz", "type: point"));
    let (code, stdout, stderr) = generate(dir, &["--name", "to_point"]);
    assert_eq!(code, 2, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stderr.contains("t.seen from timestamptz to point")
            && stderr.contains("no cast from timestamptz to point"),
        "{stderr}"
    );
    assert!(!dir.join("migrations/V0002__to_point.sql").exists());

    // lseg → point has a cast, point → lseg none: the down could not run.
    write_schema(dir, &before.replace("type: timestamptz", "type: lseg"));
    std::fs::remove_dir_all(dir.join("migrations")).unwrap();
    ok(generate(dir, &["--name", "init"]));
    write_schema(dir, &before.replace("type: timestamptz", "type: point"));
    let (code, _, stderr) = generate(dir, &["--name", "to_point"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("(the down file casts back)"), "{stderr}");

    // timestamptz → date and back: casts both ways, applied and rolled back for real.
    std::fs::remove_dir_all(dir.join("migrations")).unwrap();
    write_schema(dir, before);
    ok(generate(dir, &["--name", "init"]));
    write_schema(dir, &before.replace("type: timestamptz", "type: date"));
    ok(generate(dir, &["--name", "to_date", "--allow-destructive"]));
    let db = TestDb::new().await;
    migrate(dir, &db, &[]);
    let migrations = dir.join("migrations");
    assert_ok(&run(
        &migrations,
        &db,
        &["migrate", "--rollback", "--to", "0"],
    ));
}

/// A foreign key to a unique index that is not a constraint (as Prisma makes them): the index
/// is built before the key, which PostgreSQL needs ("there is no unique constraint matching
/// given keys" otherwise); applied and rolled back for real.
#[tokio::test]
async fn a_foreign_key_to_a_unique_index_comes_after_the_index() {
    applies_and_rolls_back(
        "tables:
  account:
    global: test
    columns:
      id: { type: integer, primary_key: true }
      email: text
    unique:
      - { columns: [email], index: true }
  invite:
    global: test
    columns:
      id: { type: integer, primary_key: true }
      email: { type: text, references: account.email, index: true }
",
    )
    .await;
}

/// PostgreSQL's own trigger functions exist in every database: a trigger calling one needs no
/// declaration (a real schema: full-text search kept up to date by `tsvector_update_trigger`).
#[tokio::test]
async fn a_trigger_may_call_a_built_in_trigger_function() {
    applies_and_rolls_back(
        "tables:
  doc:
    global: test
    columns:
      id: { type: integer, primary_key: true }
      body: text
      search: { type: tsvector, nullable: true }
    triggers:
      - { name: doc_search, timing: before, events: [insert, update], function: tsvector_update_trigger, args: [search, pg_catalog.english, body] }
",
    )
    .await;
}
