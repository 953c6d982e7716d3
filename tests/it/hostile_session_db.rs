//! What hotelschema writes and runs means the same thing whatever the session's settings: the
//! injection matrix of the reliability audit, on real databases whose settings are hostile.
//!
//! - `standard_conforming_strings = off` (set on the database, as a role, a database or a
//!   connection pooler can set it): a backslash in a `'...'` literal then escapes the quote
//!   after it, so a comment `a\'; DROP TABLE victim; --` would end its literal early and run the
//!   rest. Every position where text of the schema reaches a literal is tried: enum, table,
//!   column, view, function, sequence, trigger and policy comments, trigger arguments, column
//!   defaults and checks, and a `backfill:` value, through generate, migrate and rollback — and
//!   the files alone, applied by another client in such a session.
//! - a `search_path` that puts a schema named like the role first and `pg_catalog` after it:
//!   every CREATE would land in that schema, and its functions would shadow the built-ins.

use crate::common;

use common::prove::{generate, ok, write_schema};
use common::runs::{assert_ok, run};
use common::TestDb;
use sqlx::{AssertSqlSafe, Connection};

/// The payload every literal position carries: harmless text when read as written, a
/// `DROP TABLE victim` when a backslash escapes the quote.
const PAYLOAD: &str = r"a\'; DROP TABLE victim; --";

/// `PAYLOAD` as the body of a YAML double-quoted string.
fn yaml(text: &str) -> String {
    text.replace('\\', "\\\\")
}

/// `PAYLOAD` as a standard SQL literal (what a user writes in schema/*.sql).
fn sql(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn first_schema() -> String {
    let p = yaml(PAYLOAD);
    let s = sql(PAYLOAD);
    format!(
        r#"roles: [app_reader]
enums:
  mood: {{ values: [calm], comment: "{p}" }}
tables:
  note:
    comment: "{p}"
    rls: true
    columns:
      id: {{ type: integer, primary_key: true }}
      mood: {{ type: mood, default: calm }}
      body: {{ type: text, default: "{ds}", comment: "{p}" }}
    checks:
      - {{ name: note_body_check, expression: "body <> {cs}" }}
    triggers:
      - {{ name: note_touch, timing: before, events: [insert], function: touch, args: ["{p}"] }}
    policies:
      - {{ name: note_read, roles: [app_reader], using: "body <> {ds}" }}
--- sql
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
COMMENT ON FUNCTION touch() IS {s};
CREATE VIEW note_view AS SELECT id, body FROM note;
COMMENT ON VIEW note_view IS {s};
CREATE SEQUENCE note_number;
COMMENT ON SEQUENCE note_number IS {s};
"#,
        ds = yaml(&sql(&format!("x{PAYLOAD}"))),
        cs = yaml(&sql(&format!("z{PAYLOAD}"))),
    )
}

/// The second version: a required column that the existing rows get through `backfill:`.
fn second_schema() -> String {
    first_schema().replace(
        "      mood: {",
        &format!(
            "      tag: {{ type: text, backfill: \"{}\" }}\n      mood: {{",
            yaml(&sql(&format!("y{PAYLOAD}")))
        ),
    )
}

async fn with_victim_and_hostile_settings(db: &TestDb) {
    db.ensure_role("app_reader").await;
    let mut conn = db.connect().await;
    sqlx::raw_sql(AssertSqlSafe(format!(
        "CREATE TABLE victim (id int);
         ALTER DATABASE \"{}\" SET standard_conforming_strings = off;
         ALTER DATABASE \"{}\" SET escape_string_warning = off;",
        db.name, db.name
    )))
    .execute(&mut conn)
    .await
    .unwrap();
}

async fn victim_exists(db: &TestDb) -> bool {
    let mut conn = db.connect().await;
    sqlx::query_scalar::<_, bool>("SELECT to_regclass('public.victim') IS NOT NULL")
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

/// Every comment on the objects of the schema, as PostgreSQL holds it.
async fn comments(db: &TestDb) -> Vec<String> {
    let mut conn = db.connect().await;
    sqlx::query_scalar(
        "SELECT d.description FROM pg_description d
          WHERE d.objoid IN (SELECT oid FROM pg_class WHERE relname IN ('note', 'note_view', 'note_number')
                             UNION ALL SELECT oid FROM pg_type WHERE typname = 'mood'
                             UNION ALL SELECT oid FROM pg_proc WHERE proname = 'touch')
          ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap()
}

#[tokio::test]
async fn no_literal_position_injects_with_standard_conforming_strings_off() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write_schema(dir, &first_schema());
    ok(generate(dir, &["--name", "init"]));

    let db = TestDb::new().await;
    with_victim_and_hostile_settings(&db).await;
    let migrations = dir.join("migrations");
    assert_ok(&run(&migrations, &db, &["migrate"]));
    assert!(victim_exists(&db).await, "migrate ran the payload");
    // Every comment holds the text as written: table, column, enum, function, view, sequence.
    let held = comments(&db).await;
    assert_eq!(held.len(), 6, "{held:?}");
    assert!(held.iter().all(|c| c == PAYLOAD), "{held:?}");
    // Trigger arguments, defaults, checks and policies read back as written (printed for a
    // session where a backslash is a backslash).
    let mut conn = db.connect().await;
    sqlx::raw_sql("SET standard_conforming_strings = on")
        .execute(&mut conn)
        .await
        .unwrap();
    let facts: (String, String, String, String) = sqlx::query_as(
        "SELECT (SELECT convert_from(substring(tgargs FROM 1 FOR length(tgargs) - 1), 'UTF8')
                   FROM pg_trigger WHERE tgname = 'note_touch'),
                (SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'note'::regclass
                   AND adnum = (SELECT attnum FROM pg_attribute WHERE attrelid = 'note'::regclass AND attname = 'body')),
                (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'note_body_check'),
                (SELECT qual FROM pg_policies WHERE policyname = 'note_read')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(facts.0, PAYLOAD);
    assert!(
        facts.1.contains(&sql(&format!("x{PAYLOAD}"))),
        "{}",
        facts.1
    );
    assert!(
        facts.2.contains(&sql(&format!("z{PAYLOAD}"))),
        "{}",
        facts.2
    );
    assert!(
        facts.3.contains(&sql(&format!("x{PAYLOAD}"))),
        "{}",
        facts.3
    );
    conn.close().await.unwrap();

    // A row, then the column its backfill fills.
    db.run_script("INSERT INTO note (id) VALUES (1)")
        .await
        .unwrap();
    write_schema(dir, &second_schema());
    ok(generate(dir, &["--name", "tag"]));
    assert_ok(&run(&migrations, &db, &["migrate"]));
    assert!(victim_exists(&db).await, "the backfill ran the payload");
    let mut conn = db.connect().await;
    let tag: String = sqlx::query_scalar("SELECT tag FROM note WHERE id = 1")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(tag, format!("y{PAYLOAD}"));
    conn.close().await.unwrap();

    // Back down, every file.
    assert_ok(&run(
        &migrations,
        &db,
        &["migrate", "--rollback", "--to", "0"],
    ));
    assert!(victim_exists(&db).await, "a down file ran the payload");
}

#[tokio::test]
async fn the_files_alone_mean_the_same_in_a_session_with_standard_conforming_strings_off() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write_schema(dir, &first_schema());
    ok(generate(dir, &["--name", "init"]));
    write_schema(dir, &second_schema());
    ok(generate(dir, &["--name", "tag"]));

    // Another client (psql, a deploy script) applies them with the setting off.
    let db = TestDb::new().await;
    with_victim_and_hostile_settings(&db).await;
    let files = hotelschema::migrations::load_all(&dir.join("migrations")).unwrap();
    let mut conn = db.connect().await;
    let off: String = sqlx::query_scalar("SHOW standard_conforming_strings")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(off, "off", "the session must have the hostile setting");
    for f in &files {
        sqlx::raw_sql(AssertSqlSafe(f.sql.clone()))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", f.file.up.display()));
        if f.file.version == 1 {
            sqlx::raw_sql("INSERT INTO note (id) VALUES (1)")
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
    assert!(victim_exists(&db).await, "an up file ran the payload");
    let held = comments(&db).await;
    assert!(
        held.len() == 6 && held.iter().all(|c| c == PAYLOAD),
        "{held:?}"
    );
    for f in files.iter().rev() {
        let down = std::fs::read_to_string(f.file.down.as_ref().unwrap()).unwrap();
        sqlx::raw_sql(AssertSqlSafe(down))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("the down file of {}: {e}", f.file.up.display()));
    }
    assert!(victim_exists(&db).await, "a down file ran the payload");
}

#[tokio::test]
async fn a_schema_named_like_the_role_captures_nothing() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write_schema(
        dir,
        "tables:\n  guest:\n    columns:\n      id: { type: uuid, primary_key: true, default: gen_random_uuid() }\n      seen_at: { type: timestamptz, default: now() }\n",
    );
    ok(generate(dir, &["--name", "init"]));

    let db = TestDb::new().await;
    let mut conn = db.connect().await;
    let me: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    // The role's own schema first, pg_catalog after it: its functions shadow the built-ins.
    sqlx::raw_sql(AssertSqlSafe(format!(
        "CREATE SCHEMA \"{me}\";
         CREATE FUNCTION \"{me}\".gen_random_uuid() RETURNS uuid LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'the shadowing gen_random_uuid ran'; END $$;
         CREATE FUNCTION \"{me}\".now() RETURNS timestamptz LANGUAGE plpgsql AS
           $$ BEGIN RAISE EXCEPTION 'the shadowing now ran'; END $$;
         ALTER DATABASE \"{}\" SET search_path = \"$user\", pg_catalog, public;",
        db.name
    )))
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let migrations = dir.join("migrations");
    assert_ok(&run(&migrations, &db, &["migrate"]));
    let mut conn = db.connect().await;
    let (schema, default): (String, String) = sqlx::query_as(
        "SELECT c.relnamespace::regnamespace::text,
                (SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = c.oid AND adnum = 1)
           FROM pg_class c WHERE c.relname = 'guest'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(schema, "public", "the table went to the role's schema");
    // The default calls the built-in: inserting a row runs it (the shadow would raise).
    assert!(default.contains("gen_random_uuid()"), "{default}");
    sqlx::raw_sql("SET search_path = public; INSERT INTO public.guest DEFAULT VALUES")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    // And the live database is what the migrations create: no drift.
    let diff = run(&migrations, &db, &["diff"]);
    assert_ok(&diff);
    assert!(diff.stdout.contains("No drift"), "{}", diff.stdout);
    assert_ok(&run(
        &migrations,
        &db,
        &["migrate", "--rollback", "--to", "0"],
    ));
}

#[tokio::test]
async fn a_name_holding_an_escape_sequence_reaches_the_terminal_escaped() {
    let db = TestDb::new().await;
    db.run_script("CREATE TABLE \"evil\u{1b}[2J\u{1b}[31mred\r\" (id int)")
        .await
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    let migrations = work.path().join("migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    for args in [
        &["check", "--db", &db.url()][..],
        &["diff", "--db", &db.url()][..],
    ] {
        let out = common::hotelschema()
            .current_dir(work.path())
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stdout.contains("evil"), "{args:?}: {stdout}\n{stderr}");
        assert!(
            !stdout.contains('\u{1b}') && !stdout.contains('\r'),
            "{args:?} printed a control character: {stdout:?}"
        );
        assert!(!stderr.contains('\u{1b}'), "{args:?}: {stderr:?}");
    }
}
