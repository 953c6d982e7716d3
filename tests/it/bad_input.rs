//! Hostile and broken input through the binary: names that would inject SQL, limits, deep
//! nesting, bytes that are not UTF-8, files that look like migrations but are not. Each must
//! end in a clear error naming the file (and line) — never a panic, an abort, or a file written.

use crate::common;

use std::path::Path;
use std::process::Output;

fn run(dir: &Path, args: &[&str]) -> Output {
    common::hotelschema()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A project with one schema file.
fn project(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("schema")).unwrap();
    std::fs::write(dir.path().join("schema/a.yaml"), yaml).unwrap();
    dir
}

#[track_caller]
fn assert_refused(dir: &Path, args: &[&str], wanted: &[&str]) {
    let out = run(dir, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    for w in wanted {
        assert!(err.contains(w), "{args:?}: wanted {w:?} in:\n{err}");
    }
}

/// Every name the YAML gives an object, with a line feed or a carriage return inside it and SQL
/// after it: refused at its line by validate and generate, and nothing is written.
#[test]
fn names_with_line_breaks_are_refused_and_nothing_is_written() {
    let object_yaml = |name: &str| -> Vec<(&'static str, String)> {
        vec![
            ("table", format!("tables:\n  \"{name}\":\n    columns:\n      id: {{ type: integer, primary_key: true }}\n")),
            ("column", format!("tables:\n  t:\n    columns:\n      \"{name}\": integer\n")),
            ("enum", format!("enums:\n  \"{name}\": [a]\ntables:\n  t:\n    columns:\n      id: integer\n")),
            ("enum value", format!("enums:\n  e: [\"{name}\"]\ntables:\n  t:\n    columns:\n      id: e\n")),
            ("index", format!("tables:\n  t:\n    columns:\n      id: integer\n    indexes:\n      - {{ columns: [id], name: \"{name}\" }}\n")),
            ("unique", format!("tables:\n  t:\n    columns:\n      id: integer\n    unique:\n      - {{ columns: [id], name: \"{name}\" }}\n")),
            ("check", format!("tables:\n  t:\n    columns:\n      id: integer\n    checks:\n      - {{ name: \"{name}\", expression: id > 0 }}\n")),
            ("foreign key", format!("tables:\n  p:\n    columns:\n      id: {{ type: integer, primary_key: true }}\n  t:\n    columns:\n      p_id: integer\n    foreign_keys:\n      - {{ columns: [p_id], references: {{ table: p, columns: [id] }}, name: \"{name}\" }}\n")),
        ]
    };
    for brk in ["\\n", "\\r", "\\r\\n", "\\0"] {
        let name = format!("ta{brk}DROP TABLE victim;{brk}--");
        for (what, yaml) in object_yaml(&name) {
            let dir = project(&yaml);
            assert_refused(
                dir.path(),
                &["validate"],
                &["schema/a.yaml:", "control character"],
            );
            assert_refused(
                dir.path(),
                &["generate"],
                &["control character", "nothing was written"],
            );
            assert!(
                !dir.path().join("migrations").exists(),
                "{what} with {brk}: generate wrote migrations"
            );
        }
    }
}

#[test]
fn empty_names_out_of_range_types_and_comments_in_fragments_are_refused_at_their_line() {
    let dir = project(
        "tables:\n  t:\n    columns:\n      \"\": text\n      price: \"numeric(2147483648,2)\"\n      \
         n: { type: integer, default: \"1 /* one */\" }\n",
    );
    assert_refused(
        dir.path(),
        &["validate"],
        &[
            "schema/a.yaml:4: table t, column : column name is empty",
            "schema/a.yaml:5: table t, column price: malformed type `numeric(2147483648,2)`: numeric precision 2147483648 is out of range",
            "schema/a.yaml:6: table t, column n: default `1 /* one */` contains a SQL comment",
        ],
    );
}

#[test]
fn tables_past_postgres_column_limit_are_refused_quickly() {
    let mut yaml = String::from("tables:\n  wide:\n    columns:\n");
    for i in 0..100_000 {
        yaml.push_str(&format!("      c{i}: integer\n"));
    }
    let dir = project(&yaml);
    assert_refused(
        dir.path(),
        &["validate"],
        &["schema/a.yaml:4: table wide: declares 100000 columns; PostgreSQL allows at most 1600"],
    );
}

#[test]
fn deep_nesting_is_refused_at_its_line_by_every_command() {
    let dir = project(&format!("tables:\n  {}x\n", "- ".repeat(50_000)));
    for args in [
        &["validate"][..],
        &["generate"],
        &["generate", "--check"],
        &["check"],
    ] {
        assert_refused(
            dir.path(),
            args,
            &["schema/a.yaml:2: nesting deeper than 64 levels"],
        );
    }
    let dir = project("tables:\n  t:\n    columns:\n      id: integer\n");
    std::fs::create_dir(dir.path().join("checks")).unwrap();
    std::fs::write(
        dir.path().join("checks/config.yaml"),
        format!("rules: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["check"],
        &["checks/config.yaml:1: the YAML nests more than 64 levels"],
    );
    std::fs::write(
        dir.path().join("checks/config.yaml"),
        "tenant:\n  column: org\nrulez: {}\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["check"],
        &["checks/config.yaml:3: unknown field `rulez`"],
    );
}

#[test]
fn a_multibyte_name_over_63_bytes_in_a_migration_is_a_finding_not_a_panic() {
    let dir = project("tables:\n  t:\n    columns:\n      id: integer\n");
    std::fs::create_dir(dir.path().join("migrations")).unwrap();
    let long = "é".repeat(32);
    std::fs::write(
        dir.path().join("migrations/V0001__t.sql"),
        format!("CREATE TABLE t (id integer NOT NULL);\nCREATE TABLE \"{long}\" (id int);\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("migrations/V0001__t.down.sql"),
        "DROP TABLE t;\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check", "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.code() == Some(1), "{}{}", text, stderr(&out));
    assert!(text.contains("identifier-too-long"), "{text}");
}

#[test]
fn files_that_are_not_utf8_or_not_files_are_invalid_input_naming_the_path() {
    let dir = project("tables:\n  t:\n    columns:\n      id: integer\n");
    std::fs::write(
        dir.path().join("schema/b.yaml"),
        b"tables:\n  u\xe9:\n    columns: {}\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["validate"],
        &["schema/b.yaml:2:4: the file is not valid UTF-8 (byte 0xe9)"],
    );
    std::fs::remove_file(dir.path().join("schema/b.yaml")).unwrap();

    std::fs::create_dir(dir.path().join("schema/c.yaml")).unwrap();
    assert_refused(dir.path(), &["validate"], &["schema/c.yaml is a directory"]);
    std::fs::remove_dir(dir.path().join("schema/c.yaml")).unwrap();

    std::os::unix::fs::symlink("/dev/zero", dir.path().join("schema/d.yaml")).unwrap();
    assert_refused(
        dir.path(),
        &["validate"],
        &["schema/d.yaml is not a regular file"],
    );
    std::fs::remove_file(dir.path().join("schema/d.yaml")).unwrap();

    std::fs::create_dir(dir.path().join("migrations")).unwrap();
    std::fs::write(
        dir.path().join("migrations/V0001__t.sql"),
        b"CREATE TABLE t (id int);\n-- caf\xe9\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("migrations/V0001__t.down.sql"),
        "DROP TABLE t;\n",
    )
    .unwrap();
    for args in [
        &["generate", "--check"][..],
        &["check"],
        &["migrate", "--db", "postgres://nobody@127.0.0.1:1/none"],
    ] {
        assert_refused(
            dir.path(),
            args,
            &["V0001__t.sql:2:7: the file is not valid UTF-8"],
        );
    }
}

/// Files that look like migrations but do not match the pattern are named, each with what is
/// wrong, and the commands refuse to run; `.hotelschemaignore` leaves them alone on purpose.
#[test]
fn misnamed_migration_files_are_named_and_refused_unless_ignored() {
    let dir = project("tables:\n  t:\n    columns:\n      id: integer\n");
    let m = dir.path().join("migrations");
    std::fs::create_dir(&m).unwrap();
    let out = run(dir.path(), &["generate", "--name", "t"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for stray in [
        "V0002__x.down.sql",
        "U0002__x.sql",
        "v2__x.sql",
        "V3__x.SQL",
        "V4_x.sql",
    ] {
        std::fs::write(m.join(stray), "SELECT 1;\n").unwrap();
    }
    std::fs::create_dir(m.join("old")).unwrap();
    std::fs::write(m.join("README.md"), "notes\n").unwrap();
    let wanted = [
        "V0002__x.down.sql: a down file without its up file",
        "U0002__x.sql: refinery's unversioned `U` migrations are not supported",
        "v2__x.sql: the `V` must be upper case",
        "V3__x.SQL: the extension must be `.sql`, in lower case",
        "V4_x.sql: the version and the name are separated by two underscores",
        "old/: a subdirectory",
        ".hotelschemaignore",
    ];
    for args in [
        &["check"][..],
        &["generate", "--check"],
        &["migrate", "--db", "postgres://nobody@127.0.0.1:1/none"],
        &["status", "--db", "postgres://nobody@127.0.0.1:1/none"],
    ] {
        assert_refused(dir.path(), args, &wanted);
    }
    std::fs::write(
        m.join(".hotelschemaignore"),
        "# kept on purpose\nV0002__x.down.sql\nU0002__x.sql\nv2__x.sql\nV3__x.SQL\nV4_x.sql\nold/\n",
    )
    .unwrap();
    let out = run(dir.path(), &["generate", "--check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Functions are declared in `schema/*.sql`: a body that does not parse, the same function
/// twice, and a statement that is not a function are errors at their file and line.
#[test]
fn bad_function_declarations_are_refused_at_their_line() {
    let dir = project("tables:\n  t:\n    columns:\n      id: integer\n");
    std::fs::write(
        dir.path().join("schema/functions.sql"),
        "CREATE FUNCTION ok(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;\n\
         \n\
         CREATE FUNCTION broken() RETURNS int LANGUAGE plpgsql AS $$\n\
         BEGIN\n  RETURN 1\nEND $$;\n\
         CREATE FUNCTION bad_sql() RETURNS int LANGUAGE sql AS $$ SELEC 1 $$;\n\
         CREATE FUNCTION ok(y integer) RETURNS int LANGUAGE sql AS $$ SELECT y $$;\n\
         CREATE TABLE sneaky (id int);\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["validate"],
        &[
            "schema/functions.sql:3: function broken(): the plpgsql body does not parse",
            "schema/functions.sql:7: function bad_sql(): the SQL body does not parse",
            "schema/functions.sql:8: function ok(int4): is declared twice (also at schema/functions.sql:1)",
            "schema/functions.sql:9: this statement cannot be declared in schema/*.sql",
        ],
    );
    assert_refused(dir.path(), &["generate"], &["nothing was written"]);
    assert!(!dir.path().join("migrations").exists());
}

/// A trigger must call a declared trigger function, on columns that exist, with a known timing.
#[test]
fn bad_triggers_are_refused_at_their_line() {
    let dir = project(
        "tables:\n  t:\n    columns:\n      id: integer\n    triggers:\n      \
         - { name: a, timing: before, events: [update], function: nowhere }\n      \
         - { name: b, timing: before, events: [update], function: plain }\n      \
         - { name: c, timing: before, events: [update], columns: [nope], function: touch }\n      \
         - { name: d, timing: sometimes, events: [update], function: touch }\n      \
         - { name: e, timing: after, events: [], function: touch }\n",
    );
    std::fs::write(
        dir.path().join("schema/functions.sql"),
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n\
         CREATE FUNCTION plain(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["validate"],
        &[
            "schema/a.yaml:6: table t, trigger a: calls function `nowhere`, which no schema/*.sql file declares",
            "schema/a.yaml:7: table t, trigger b: calls plain(int4), which is not a trigger function",
            "schema/a.yaml:8: table t, trigger c: names unknown column `nope`",
            "schema/a.yaml:9: table t, trigger d: timing `sometimes` is not one of before, after, instead_of",
            "schema/a.yaml:10: table t, trigger e: lists no events",
        ],
    );
}

/// Policies: on a table with row-level security, for declared roles, with the clauses their
/// command allows, on columns that exist.
#[test]
fn bad_policies_are_refused_at_their_line() {
    let dir = project(
        "roles: [app_user]\ntables:\n  t:\n    columns:\n      id: integer\n    policies:\n      \
         - { name: a, using: id > 0 }\n      \
         - { name: b, roles: [ghost], using: id > 0 }\n      \
         - { name: c, command: insert, using: id > 0 }\n      \
         - { name: d, command: select, with_check: id > 0 }\n      \
         - { name: e, command: merge, using: id > 0 }\n      \
         - { name: f, roles: [app_user] }\n",
    );
    assert_refused(
        dir.path(),
        &["validate"],
        &[
            "schema/a.yaml:7: table t, policy a: t has policies but row-level security is off",
            "schema/a.yaml:8: table t, policy b: is for role `ghost`, which is not declared",
            "schema/a.yaml:9: table t, policy c: an insert policy takes only `with_check`",
            "schema/a.yaml:10: table t, policy d: a select or delete policy takes only `using`",
            "schema/a.yaml:11: table t, policy e: command `merge` is not one of",
            "schema/a.yaml:12: table t, policy f: has neither `using` nor `with_check`",
        ],
    );
}

/// A large migration (several parser pieces, 300,000 statements) is read without a crash, in
/// memory proportional to what it holds — the 50 MB case of the audit, scaled to a debug build
/// (the release measurement is in the README).
#[test]
fn a_large_migration_of_data_statements_is_read_in_pieces() {
    let dir =
        project("tables:\n  t:\n    columns:\n      id: { type: integer, primary_key: true }\n");
    let m = dir.path().join("migrations");
    std::fs::create_dir(&m).unwrap();
    let mut sql =
        String::from("CREATE TABLE t (id integer NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (id));\n");
    sql.push_str(&"SELECT 1;\n".repeat(300_000));
    std::fs::write(m.join("V0001__big.sql"), &sql).unwrap();
    std::fs::write(m.join("V0001__big.down.sql"), "DROP TABLE t;\n").unwrap();
    let out = run(dir.path(), &["generate", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Privileges, sequences, domains and types in `schema/*.sql`: a grant to an undeclared role (in
/// SQL and in YAML), on an object that does not exist, of a privilege the kind does not have;
/// impossible sequence bounds; a domain declared twice; an index on a table in SQL.
#[test]
fn bad_privileges_and_types_are_refused_at_their_line() {
    let dir = project(
        "roles: [app_user]\ntables:\n  t:\n    grants: { app_usr: [select], app_user: [fly] }\n    \
         columns:\n      id: integer\n",
    );
    std::fs::write(
        dir.path().join("schema/objects.sql"),
        "GRANT SELECT ON t TO app_usr;\n\
         GRANT SELECT ON nowhere TO app_user;\n\
         GRANT EXECUTE ON t TO app_user;\n\
         CREATE SEQUENCE s MINVALUE 10 MAXVALUE 5;\n\
         CREATE DOMAIN d AS text;\n\
         CREATE DOMAIN d AS int;\n\
         CREATE INDEX t_id_idx ON t (id);\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["validate"],
        &[
            "schema/a.yaml:4: table t, grants to app_usr: role `app_usr` is not declared (did you mean `app_user`?)",
            "schema/a.yaml:4: table t, grants to app_user: `fly` is not a privilege on a table",
            "schema/objects.sql:1: role app_usr: is not declared (did you mean `app_user`?)",
            "schema/objects.sql:2: table or view `nowhere` does not exist",
            "schema/objects.sql:3: EXECUTE is not a privilege on TABLE",
            "schema/objects.sql:4: MINVALUE (10) must be less than MAXVALUE (5)",
            "schema/objects.sql:6: type d: is declared twice",
            "schema/objects.sql:7: only indexes of materialized views are declared in schema/*.sql",
        ],
    );
    assert_refused(dir.path(), &["generate"], &["nothing was written"]);
    assert!(!dir.path().join("migrations").exists());
}
