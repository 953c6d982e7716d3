//! Taking over real kinds of databases, on a real PostgreSQL: a Supabase project (on the
//! Supabase stand-in), a Rails `structure.sql` with partitions, a PostGIS database, and a
//! database of operator classes and expression indexes. For each: `pull` → `generate` →
//! `migrate` into a fresh database gives the same catalog as the source (every object kind),
//! and in place, on a copy of the source, `migrate --baseline` → `diff` says no drift →
//! `migrate` applies nothing.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use predicates::prelude::*;

use common::{assert_same_catalog, catalog, fixture, TestDb};

fn bin(dir: &Path) -> assert_cmd::Command {
    let mut c = common::hotelschema_cmd();
    c.current_dir(dir);
    c
}

/// What one take-over leaves for a test to look at further.
struct TakenOver {
    source: TestDb,
    copy: TestDb,
    work: tempfile::TempDir,
    source_catalog: BTreeSet<String>,
    pull_stderr: String,
}

/// The whole proof for the database `sql` builds (after `platform`, the platform stand-in).
async fn take_over(sql: &str, platform: Option<&str>) -> TakenOver {
    take_over_with(sql, platform, &[]).await
}

/// [`take_over`], `pull` given `pull_args` too (`--schema app`).
async fn take_over_with(sql: &str, platform: Option<&str>, pull_args: &[&str]) -> TakenOver {
    let source = TestDb::new().await;
    let stand_in = platform.map(|p| hotelschema::platform::stand_in(p).unwrap());
    source
        .run_script(&format!("{}\n{sql}", stand_in.as_deref().unwrap_or("")))
        .await
        .expect("the fixture applies");
    let source_catalog = catalog(&source).await;
    let work = tempfile::tempdir().unwrap();
    let mut pull = bin(work.path());
    pull.args(["pull", "--db", &source.url()]).args(pull_args);
    if let Some(p) = platform {
        pull.args(["--platform", p]);
    }
    let pulled = pull.assert().success();
    let pull_stderr = String::from_utf8_lossy(&pulled.get_output().stderr).to_string();
    if let Some(sql) = &stand_in {
        std::fs::create_dir_all(work.path().join("migrations")).unwrap();
        std::fs::write(work.path().join("migrations/platform.sql"), sql).unwrap();
    }
    bin(work.path())
        .args(["generate", "--name", "init"])
        .assert()
        .success();
    // The generated history passes its own merge gate's replay (warnings aside).
    bin(work.path())
        .args(["generate", "--check"])
        .assert()
        .success();

    // pull → generate → migrate into a fresh database (on the same stand-in): the same catalog.
    let fresh = TestDb::new().await;
    if let Some(sql) = &stand_in {
        fresh.run_script(sql).await.unwrap();
    }
    bin(work.path())
        .args(["migrate", "--db", &fresh.url()])
        .assert()
        .success();
    assert_same_catalog(
        "pull → generate → migrate builds the source again",
        &catalog(&fresh).await,
        &source_catalog,
    );

    // In place, on a copy of the source: baseline, no drift, nothing to migrate.
    let copy = TestDb::copy_of(&source).await;
    bin(work.path())
        .args(["migrate", "--baseline", "--db", &copy.url()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Baselined 1 migration(s)"));
    // A stand-in of the project's own is repository SQL: the gate runs it on a dev server only
    // (here the same server, named as the dev server).
    let mut diff = bin(work.path());
    diff.args(["diff", "--db", &copy.url()]);
    if platform.is_some() {
        diff.args(["--dev-db", &source.url()]);
    }
    diff.assert()
        .success()
        .stdout(predicate::str::contains("No drift"));
    bin(work.path())
        .args(["migrate", "--db", &copy.url()])
        .assert()
        .success()
        .stdout(predicate::str::contains("up to date (version 1)"));
    assert_same_catalog(
        "baseline changed nothing",
        &catalog(&copy).await,
        &source_catalog,
    );
    TakenOver {
        source,
        copy,
        work,
        source_catalog,
        pull_stderr,
    }
}

fn read(t: &TakenOver, file: &str) -> String {
    std::fs::read_to_string(t.work.path().join(file)).unwrap_or_default()
}

/// The catalog comparison sees a change of each kind these fixtures add (partitions, rules,
/// extension types, operator classes...): broken by hand, it fails.
async fn assert_catalog_sees(t: &TakenOver, breakage: &str) {
    let broken = TestDb::copy_of(&t.copy).await;
    broken.run_script(breakage).await.unwrap();
    assert_ne!(
        catalog(&broken).await,
        t.source_catalog,
        "the catalog does not see: {breakage}"
    );
}

#[tokio::test]
async fn a_rails_structure_sql_with_partitions_is_taken_over() {
    let t = take_over(&fixture("rails_structure.sql"), None).await;
    let events = read(&t, "schema/events.yaml");
    assert!(
        events.contains("partition_by: RANGE (created_at)"),
        "{events}"
    );
    assert!(
        events.contains(
            "- { name: events_2026, values: \"FROM ('2026-01-01 00:00:00') TO ('2027-01-01 00:00:00')\" }"
        ),
        "{events}"
    );
    // The parent's index and foreign key, once: not the clones on each partition.
    assert!(events.contains("index_events_on_payload"), "{events}");
    assert!(!events.contains("events_2025_payload_idx"), "{events}");
    let invoices = read(&t, "schema/invoices.yaml");
    assert!(invoices.contains("values: default"), "{invoices}");
    // The free sequence and the rule come along.
    assert!(read(&t, "schema/types.sql").contains("CREATE SEQUENCE invoice_number_seq"));
    let raw = read(&t, "schema/_raw.yaml");
    assert!(
        raw.contains("CREATE RULE schema_migrations_no_delete"),
        "{raw}"
    );
    assert!(
        t.pull_stderr.contains("Kept as raw SQL"),
        "{}",
        t.pull_stderr
    );
    // No partition is a table of the YAML.
    assert!(!t.work.path().join("schema/events_2025.yaml").exists());
    // Left NOT VALID as the source has them (the catalog comparison of `take_over` proves the
    // copy keeps them so; validating one by hand is seen).
    let users = read(&t, "schema/users.yaml");
    assert_eq!(users.matches("not_valid: true").count(), 2, "{users}");
    for breakage in [
        "ALTER TABLE users VALIDATE CONSTRAINT fk_rails_users_account",
        "ALTER TABLE users VALIDATE CONSTRAINT chk_rails_users_age",
        "ALTER TABLE events DETACH PARTITION events_2026",
        "DROP RULE schema_migrations_no_delete ON schema_migrations",
        "DROP INDEX index_events_on_payload",
    ] {
        assert_catalog_sees(&t, breakage).await;
    }
    drop(t.source);
}

/// A partition's index renamed by hand: the copy would get PostgreSQL's name, so `adopt`
/// refuses to record a baseline that is not true, printing the index lines.
#[tokio::test]
async fn a_partition_index_renamed_by_hand_makes_adopt_refuse() {
    let source = TestDb::new().await;
    source
        .run_script(&format!(
            "{}\nALTER INDEX events_2025_payload_idx RENAME TO events_2025_by_payload;",
            fixture("rails_structure.sql")
        ))
        .await
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    bin(work.path())
        .args(["adopt", "--db", &source.url(), "--dev-db", "target"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "+ index public.events_2025_by_payload CREATE INDEX events_2025_by_payload",
        ))
        .stderr(predicate::str::contains("nothing was recorded"));
}

#[tokio::test]
async fn a_postgis_database_is_taken_over() {
    let t = take_over(&fixture("postgis.sql"), None).await;
    let types = read(&t, "schema/_types.yaml");
    assert!(
        types.contains("{ name: postgis, types: [geometry, geography] }"),
        "{types}"
    );
    let facility = read(&t, "schema/facility.yaml");
    assert!(
        facility.contains("location: { type: \"geometry(point,4326)\""),
        "{facility}"
    );
    // PostGIS's own table and views are the extension's.
    assert!(!t.work.path().join("schema/spatial_ref_sys.yaml").exists());
    assert!(
        !t.pull_stderr.contains("geometry_columns"),
        "{}",
        t.pull_stderr
    );
    assert_catalog_sees(
        &t,
        "ALTER TABLE admin_unit ALTER COLUMN boundary TYPE geometry(MultiPolygon, 3857) \
         USING ST_Transform(boundary, 3857)",
    )
    .await;
}

#[tokio::test]
async fn a_database_of_operator_classes_and_expression_indexes_is_taken_over() {
    let t = take_over(&fixture("opclasses.sql"), None).await;
    let guest = read(&t, "schema/guest.yaml");
    for wanted in [
        "full_name gin_trgm_ops",
        "code gist_trgm_ops",
        "tags jsonb_path_ops",
        "lower(email::text)",
        "collation: C",
        "generated:",
    ] {
        assert!(guest.contains(wanted), "{wanted} in:\n{guest}");
    }
    for breakage in [
        "DROP INDEX guest_tags_idx; CREATE INDEX guest_tags_idx ON guest USING gin (tags)",
        "ALTER TABLE guest ALTER COLUMN code TYPE text COLLATE \"POSIX\"",
    ] {
        assert_catalog_sees(&t, breakage).await;
    }
}

#[tokio::test]
async fn a_supabase_project_is_taken_over_on_the_supabase_stand_in() {
    // The project enabled pg_trgm before it changed the default privileges (an extension's
    // functions take the defaults of the moment it is created; the init migration creates
    // extensions first).
    // Realtime on: the project's tables in the platform's `supabase_realtime` publication.
    let sql = format!(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;\n{}\n{}\n\
         DO $$ BEGIN EXECUTE 'ALTER PUBLICATION supabase_realtime ADD TABLE ' || ( \
         SELECT string_agg(quote_ident(relname), ', ' ORDER BY relname) FROM pg_class \
         WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'); END $$;",
        fixture("supabase_app.sql"),
        fixture("supabase_project.sql")
    );
    // Supabase's stand-in, with an event trigger of the platform's as Supabase has them (its
    // function in `extensions`): the platform's, so never pulled.
    let platform = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        platform.path(),
        format!(
            "{}\nCREATE FUNCTION extensions.grant_access() RETURNS event_trigger LANGUAGE plpgsql \
             AS $$ BEGIN END $$;\nCREATE EVENT TRIGGER issue_access ON ddl_command_end \
             EXECUTE FUNCTION extensions.grant_access();\n",
            hotelschema::platform::SUPABASE
        ),
    )
    .unwrap();
    let t = take_over(&sql, Some(platform.path().to_str().unwrap())).await;
    assert!(!t.pull_stderr.contains("issue_access"), "{}", t.pull_stderr);
    let types = read(&t, "schema/_types.yaml");
    // The project's own extension, where it lives; none of the platform's.
    assert!(
        types.contains("{ name: pg_trgm, schema: extensions }"),
        "{types}"
    );
    for platform_owned in ["uuid-ossp", "pgcrypto", "pg_stat_statements"] {
        assert!(
            !types.contains(platform_owned),
            "{platform_owned} in {types}"
        );
    }
    // The platform's publication is never created, only given the project's tables.
    let publications = read(&t, "schema/publications.sql");
    assert!(
        publications.contains("ALTER PUBLICATION supabase_realtime ADD TABLE")
            && !publications.contains("CREATE PUBLICATION"),
        "{publications}"
    );
    let init = read(&t, "migrations/V0001__init.sql");
    assert!(!init.contains("CREATE PUBLICATION"), "{init}");
    assert!(
        init.contains("CREATE EXTENSION pg_trgm WITH SCHEMA extensions;"),
        "{init}"
    );
    assert!(
        !init.contains("pgcrypto") && !init.contains("uuid-ossp"),
        "{init}"
    );
    assert!(!init.contains("CREATE SCHEMA auth"), "{init}");
    assert!(
        init.contains("extensions.gin_trgm_ops"),
        "the operator class keeps its schema:\n{init}"
    );
    assert_catalog_sees(&t, "REVOKE SELECT ON projects FROM anon").await;
}

/// One object the model does not cover never stops `pull`: PostgreSQL prints a rule and an
/// event trigger, so they are kept as raw SQL that the next migration carries verbatim; a
/// foreign-data object it cannot print is named.
#[tokio::test]
async fn pull_keeps_what_it_cannot_model_as_raw_sql_and_names_the_rest() {
    let sql = "
        CREATE TABLE log (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());
        CREATE RULE log_append_only AS ON UPDATE TO log DO INSTEAD NOTHING;
        CREATE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
        CREATE EVENT TRIGGER note_ddl ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
            EXECUTE FUNCTION note_ddl();
        CREATE FUNCTION int_sum(int, int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + $2';
        CREATE AGGREGATE total(int) (SFUNC = int_sum, STYPE = int, INITCOND = '0');
        CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
        ALTER TABLE log ADD COLUMN span floatrange;
    ";
    let source = TestDb::new().await;
    source.run_script(sql).await.unwrap();
    let work = tempfile::tempdir().unwrap();
    let pulled = bin(work.path())
        .args(["pull", "--db", &source.url()])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&pulled.get_output().stderr).to_string();
    assert!(
        stderr.contains("rule log_append_only on log (rules are not modelled)")
            && stderr.contains("event trigger note_ddl"),
        "{stderr}"
    );
    // A plain aggregate is kept too: PostgreSQL prints it (`CREATE AGGREGATE`).
    assert!(
        stderr.contains("aggregate total(integer) (aggregates are not modelled)"),
        "{stderr}"
    );
    bin(work.path())
        .args(["generate", "--name", "init"])
        .assert()
        .success();
    let fresh = TestDb::new().await;
    bin(work.path())
        .args(["migrate", "--db", &fresh.url()])
        .assert()
        .success();
    // `check --db` names them, and finds no drift: the raw objects are there as PostgreSQL
    // prints them on both sides.
    let out = bin(work.path())
        .args(["check", "--db", &fresh.url(), "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"not-modelled"), "{rules:?}");
    assert!(!rules.contains(&"schema-drift"), "{report}");
    let built = catalog(&fresh).await;
    assert!(built.iter().any(|r| r.starts_with("range type floatrange")));
    assert!(
        built
            .iter()
            .any(|r| r.starts_with("column public.log.span floatrange")),
        "{built:?}"
    );
    assert!(built.iter().any(|r| r.starts_with("rule log_append_only")));
    assert!(built
        .iter()
        .any(|r| r.starts_with("event trigger note_ddl")));
    // And they roll back: the down file removes them.
    bin(work.path())
        .args(["migrate", "--db", &fresh.url(), "--rollback", "--to", "0"])
        .assert()
        .success();
    let after = catalog(&fresh).await;
    assert!(
        !after.iter().any(|r| r.starts_with("event trigger")),
        "{after:?}"
    );
}

/// A schema the live database has and the migrations never create (Supabase's `basejump`
/// made by hand) is drift shown as such, not an error claiming the database lacks it.
#[tokio::test]
async fn a_schema_the_migrations_never_create_is_drift() {
    let db = TestDb::new().await;
    let work = tempfile::tempdir().unwrap();
    let migrations = work.path().join("migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    std::fs::write(
        migrations.join("V0001__a.sql"),
        "CREATE TABLE a (id int PRIMARY KEY);\n",
    )
    .unwrap();
    std::fs::write(migrations.join("V0001__a.down.sql"), "DROP TABLE a;\n").unwrap();
    bin(work.path())
        .args(["migrate", "--db", &db.url()])
        .assert()
        .success();
    db.run_script("CREATE SCHEMA basejump; CREATE TABLE basejump.accounts (id int);")
        .await
        .unwrap();
    bin(work.path())
        .args([
            "diff",
            "--db",
            &db.url(),
            "--schema",
            "public",
            "--schema",
            "basejump",
        ])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("schema basejump")
                .and(predicate::str::contains("table basejump.accounts")),
        );
}

/// What the platform provides is outside the comparison both ways: a Supabase project may have
/// disabled `pg_stat_statements`, which the stand-in installs. Adopt records the baseline and
/// finds no drift; the project's own objects are still compared (a column added by hand is
/// drift).
#[tokio::test]
async fn a_platform_stand_in_providing_more_than_the_database_has_is_not_drift() {
    let source = TestDb::new().await;
    let stand_in: String = hotelschema::platform::SUPABASE
        .lines()
        .filter(|l| !l.contains("pg_stat_statements"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(
        stand_in.len(),
        hotelschema::platform::SUPABASE.trim_end().len()
    );
    source
        .run_script(&format!(
            "{stand_in}\nCREATE TABLE note (id uuid PRIMARY KEY DEFAULT extensions.gen_random_uuid(), \
             body text NOT NULL);"
        ))
        .await
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    bin(work.path())
        .args(["adopt", "--db", &source.url(), "--platform", "supabase"])
        .args(["--dev-db", "target"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Baselined 1 migration(s)"));
    bin(work.path())
        .args(["diff", "--db", &source.url(), "--dev-db", "target"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No drift"));
    source
        .run_script("ALTER TABLE note ADD COLUMN extra int;")
        .await
        .unwrap();
    bin(work.path())
        .args(["diff", "--db", &source.url(), "--dev-db", "target"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("note.extra"));
}

/// Shapes PostgreSQL accepts that authoring rules or the parser library used to refuse: an
/// `integer` key to a `bigserial` id, `ON DELETE SET NULL` on a NOT NULL column, a cast to
/// `timestamp` in a partial index of a table with a column named `timestamp`, a plpgsql body
/// declaring a row type of another schema, a built-in trigger function. Taken over whole; the
/// design choices the conventions frown on are `check` findings, not load errors.
#[tokio::test]
async fn what_postgresql_accepts_is_taken_over_and_judged_by_check() {
    let t = take_over_with(
        "CREATE SCHEMA app;
         CREATE TABLE app.profile (id integer PRIMARY KEY, name text);
         CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);
         CREATE TABLE posts (
           id bigserial PRIMARY KEY,
           user_id integer NOT NULL REFERENCES users (id) ON DELETE SET NULL,
           \"timestamp\" timestamp NOT NULL DEFAULT now(),
           body text,
           search tsvector
         );
         CREATE INDEX posts_user_id_idx ON posts (user_id);
         CREATE INDEX posts_recent_idx ON posts (\"timestamp\")
           WHERE \"timestamp\" > '2020-01-01'::timestamp;
         CREATE TRIGGER posts_search BEFORE INSERT OR UPDATE ON posts FOR EACH ROW
           EXECUTE FUNCTION tsvector_update_trigger(search, 'pg_catalog.english', body);
         CREATE FUNCTION app.first_profile() RETURNS app.profile LANGUAGE plpgsql AS $$
           DECLARE v app.profile;
           BEGIN SELECT * INTO v FROM app.profile ORDER BY id LIMIT 1; RETURN v; END $$;",
        None,
        &["--schema", "public", "--schema", "app"],
    )
    .await;
    let out = bin(t.work.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("fk-type-mismatch") && stdout.contains("set-null-on-not-null"),
        "{stdout}"
    );
}

/// Every constraint keeps its real name: a table renamed after its creation keeps its primary
/// key's old name in PostgreSQL (`sessions_pkey` on `session`), and so does the copy.
#[tokio::test]
async fn a_renamed_tables_primary_key_keeps_its_name() {
    let t = take_over(
        "CREATE TABLE sessions (id bigint PRIMARY KEY, token text NOT NULL);
         ALTER TABLE sessions RENAME TO session;",
        None,
    )
    .await;
    let yaml = read(&t, "schema/session.yaml");
    assert!(yaml.contains("primary_key_name: sessions_pkey"), "{yaml}");
}

/// A multi-line expression PostgreSQL prints (a CASE in an index and in a check) is written
/// to the YAML with its line breaks escaped, loads back, and builds the same catalog.
#[tokio::test]
async fn multi_line_expressions_are_taken_over() {
    let t = take_over(
        "CREATE TABLE t (id int PRIMARY KEY, a int, n int,
           CONSTRAINT t_n_check CHECK (CASE WHEN n > 0 THEN true
             ELSE false END));
         CREATE INDEX t_case_idx ON t ((CASE
           WHEN a > 0 THEN 'pos'
           WHEN a < 0 THEN 'neg'
           ELSE 'zero'
         END));",
        None,
    )
    .await;
    assert!(
        read(&t, "schema/t.yaml").contains("\\n"),
        "{}",
        read(&t, "schema/t.yaml")
    );
}

/// A publication (Supabase realtime's shape) is pulled into `publications.sql`, built again,
/// and compared: the copy publishes the same tables with the same options.
#[tokio::test]
async fn publications_are_taken_over() {
    let t = take_over(
        "CREATE TABLE message (id int PRIMARY KEY, body text);
         CREATE TABLE note (id int PRIMARY KEY);
         CREATE PUBLICATION realtime FOR TABLE message, note WITH (publish = 'insert');",
        None,
    )
    .await;
    let sql = read(&t, "schema/publications.sql");
    assert!(
        sql.contains(
            "CREATE PUBLICATION realtime FOR TABLE message, note WITH (publish = 'insert')"
        ),
        "{sql}"
    );
    assert_catalog_sees(&t, "ALTER PUBLICATION realtime DROP TABLE note").await;
}

/// Replica identities (what logical replication sends of an old row: Supabase realtime wants
/// `FULL`) are taken over: pulled, built again, compared whole, baselined with no drift.
#[tokio::test]
async fn replica_identities_are_taken_over() {
    let t = take_over(
        "CREATE TABLE message (id int PRIMARY KEY, body text);
         ALTER TABLE message REPLICA IDENTITY FULL;
         CREATE TABLE tag (id int PRIMARY KEY, code text NOT NULL);
         CREATE UNIQUE INDEX tag_code_uq ON tag (code);
         ALTER TABLE tag REPLICA IDENTITY USING INDEX tag_code_uq;
         CREATE TABLE quiet (id int PRIMARY KEY);
         ALTER TABLE quiet REPLICA IDENTITY NOTHING;",
        None,
    )
    .await;
    for (file, line) in [
        ("schema/message.yaml", "replica_identity: full"),
        (
            "schema/tag.yaml",
            "replica_identity: using index tag_code_uq",
        ),
        ("schema/quiet.yaml", "replica_identity: nothing"),
    ] {
        let yaml = read(&t, file);
        assert!(yaml.contains(line), "{file}:\n{yaml}");
    }
    assert_catalog_sees(&t, "ALTER TABLE message REPLICA IDENTITY DEFAULT").await;
}

/// Covering indexes and `NULLS NOT DISTINCT` are taken over: pulled, built again, compared
/// whole (the catalog's index definitions), baselined with no drift.
#[tokio::test]
async fn covering_indexes_and_nulls_not_distinct_are_taken_over() {
    let t = take_over(
        "CREATE TABLE account (id int PRIMARY KEY, email text, name text, plan text,
           CONSTRAINT account_email_uq UNIQUE NULLS NOT DISTINCT (email) INCLUDE (name));
         CREATE UNIQUE INDEX account_name_plan_uq ON account (name, plan) INCLUDE (email);
         CREATE INDEX account_plan_idx ON account (plan) INCLUDE (name, email);",
        None,
    )
    .await;
    let yaml = read(&t, "schema/account.yaml");
    assert!(
        yaml.contains("include: [name, email]") && yaml.contains("nulls_not_distinct: true"),
        "{yaml}"
    );
}

/// A foreign key and a check left `NOT VALID` are taken over as they are (not validated on the
/// way: the copy's catalog says NOT VALID too).
#[tokio::test]
async fn not_valid_constraints_are_taken_over() {
    let t = take_over(
        "CREATE TABLE room (id int PRIMARY KEY);
         CREATE TABLE booking (id int PRIMARY KEY, room_id int, nights int);
         CREATE INDEX booking_room_id_idx ON booking (room_id);
         ALTER TABLE booking ADD CONSTRAINT booking_room_id_fkey FOREIGN KEY (room_id)
           REFERENCES room (id) NOT VALID;
         ALTER TABLE booking ADD CONSTRAINT booking_nights_check CHECK (nights > 0) NOT VALID;",
        None,
    )
    .await;
    let yaml = read(&t, "schema/booking.yaml");
    assert!(yaml.matches("not_valid: true").count() == 2, "{yaml}");
}

/// An extension installed in a schema of its own: the schema comes along (created before the
/// extension), and the operator classes keep their schema.
#[tokio::test]
async fn an_extension_in_a_schema_of_its_own_is_taken_over() {
    let t = take_over(
        "CREATE SCHEMA ext;
         CREATE EXTENSION pg_trgm WITH SCHEMA ext;
         CREATE TABLE t (id int PRIMARY KEY, name text);
         CREATE INDEX t_name_trgm_idx ON t USING gin (name ext.gin_trgm_ops);",
        None,
    )
    .await;
    let types = read(&t, "schema/_types.yaml");
    assert!(types.contains("ext"), "{types}");
}

/// A statement trigger reading its transition tables (`REFERENCING OLD TABLE AS ... NEW TABLE
/// AS ...`, an audit log's shape) is taken over whole: pulled with `old_table`/`new_table`,
/// built again, compared.
#[tokio::test]
async fn transition_table_triggers_are_taken_over() {
    let t = take_over(
        "CREATE TABLE account (id int PRIMARY KEY, balance int);
         CREATE TABLE audit (n int);
         CREATE FUNCTION count_changes() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN INSERT INTO audit SELECT count(*) FROM new_rows; RETURN NULL; END $$;
         CREATE TRIGGER account_audit AFTER UPDATE ON account
           REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
           FOR EACH STATEMENT EXECUTE FUNCTION count_changes();",
        None,
    )
    .await;
    let yaml = read(&t, "schema/account.yaml");
    assert!(
        yaml.contains("old_table: old_rows") && yaml.contains("new_table: new_rows"),
        "{yaml}"
    );
}

/// An aggregate a view uses (not modelled): kept as raw SQL that PostgreSQL printed, created
/// with the functions (`early`), before the view that needs it — and dropped after it.
#[tokio::test]
async fn an_aggregate_a_view_uses_is_kept_in_dependency_order() {
    let t = take_over(
        "CREATE FUNCTION cat_step(text, text) RETURNS text LANGUAGE sql IMMUTABLE
           AS $$ SELECT coalesce($1 || ',', '') || $2 $$;
         CREATE AGGREGATE cat(text) (SFUNC = cat_step, STYPE = text);
         CREATE TABLE tag (id int PRIMARY KEY, name text);
         CREATE VIEW tag_list AS SELECT cat(name) AS names FROM tag;",
        None,
    )
    .await;
    let raw = read(&t, "schema/_raw.yaml") + &read(&t, "schema/_types.yaml");
    assert!(
        raw.contains("CREATE AGGREGATE") && raw.contains("early: true"),
        "{raw}"
    );
}

/// Pagila, PostgreSQL's sample database, as its own pg_dump has it: a domain with a non-ASCII
/// name, an enum, range partitions attached one by one with their own indexes, a materialized
/// view, views over an aggregate (`group_concat`), `tsvector_update_trigger`, plpgsql with
/// `SECURITY DEFINER`, sequences owned by columns. Taken over whole: pull → generate → migrate
/// gives the same catalog; in place, baselined with no drift (model and catalog print).
#[tokio::test]
async fn the_pagila_sample_database_is_taken_over() {
    // Owners are not part of the model (whoever runs the migrations owns what they create):
    // the dump's `ALTER ... OWNER TO postgres` lines are left out of the source.
    let sql: String = fixture("pagila_schema.sql")
        .lines()
        .filter(|l| !l.contains(" OWNER TO "))
        .map(|l| format!("{l}\n"))
        .collect();
    let t = take_over(&sql, None).await;
    assert!(read(&t, "schema/_raw.yaml").contains("CREATE AGGREGATE"));
    assert_catalog_sees(&t, "DROP MATERIALIZED VIEW rental_by_category").await;
}
