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
