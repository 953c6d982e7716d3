//! `pull` takes over existing databases: pull → generate → migrate gives a database identical
//! to the source (normalised `pg_dump --schema-only`), and `check --db` judges each of them.

use crate::common;

use common::fixture;

use std::path::Path;

use assert_cmd::Command;
use common::TestDb;
use predicates::prelude::*;

fn bin() -> Command {
    common::hotelschema_cmd()
}

/// Source database from `sql`; pull; generate; migrate a fresh database; same pg_dump.
async fn round_trip(sql: &str) -> (TestDb, tempfile::TempDir) {
    round_trip_on(sql, "").await
}

/// The same, on databases that both start with `platform` (what a hosting platform provides
/// before any migration, such as Supabase's auth schema).
async fn round_trip_on(sql: &str, platform: &str) -> (TestDb, tempfile::TempDir) {
    round_trip_reading(sql, platform, &[]).await
}

/// The same, with `pull`'s `--schema` arguments.
async fn round_trip_reading(
    sql: &str,
    platform: &str,
    pull_args: &[&str],
) -> (TestDb, tempfile::TempDir) {
    let source = TestDb::new().await;
    source
        .run_script(&format!("{platform}\n{sql}"))
        .await
        .expect("the fixture applies");
    let work = tempfile::tempdir().unwrap();
    let schema = work.path().join("schema");
    let migrations = work.path().join("migrations");
    bin()
        .args(["pull", "--db", &source.url(), "--out"])
        .arg(&schema)
        .args(pull_args)
        .assert()
        .success()
        .stdout(predicate::str::contains("Wrote"));
    bin()
        .args(["generate", "--name", "init", "--schema-dir"])
        .arg(&schema)
        .arg("--migrations-dir")
        .arg(&migrations)
        .assert()
        .success();
    let copy = TestDb::new().await;
    if !platform.is_empty() {
        copy.run_script(platform).await.unwrap();
    }
    bin()
        .args(["migrate", "--db", &copy.url(), "--migrations-dir"])
        .arg(&migrations)
        .assert()
        .success();
    assert_eq!(
        copy.schema_dump(),
        source.schema_dump(),
        "pull → generate → migrate is identical"
    );
    (source, work)
}

/// The findings of `check --format json --db` run in `dir`, with `args`.
fn findings(dir: &Path, db: &TestDb, args: &[&str]) -> Vec<serde_json::Value> {
    let out = bin()
        .current_dir(dir)
        .args(["check", "--format", "json", "--db", &db.url()])
        .args(args)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"].as_array().unwrap().clone()
}

/// The rule of each finding, sorted.
fn rules_found(dir: &Path, db: &TestDb) -> Vec<String> {
    let mut rules: Vec<String> = findings(dir, db, &[])
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    rules.sort();
    rules
}

#[tokio::test]
async fn the_hotel_schema_round_trips_through_pull() {
    let sql = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/V0001__init.sql"),
    )
    .unwrap();
    round_trip(&sql).await;
}

#[tokio::test]
async fn a_prisma_database_round_trips_and_is_judged() {
    let (db, _work) = round_trip(&fixture("prisma.sql")).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("checks")).unwrap();
    std::fs::write(
        dir.path().join("checks/config.yaml"),
        "tenant: { column: organizationId, root: Organization }\n",
    )
    .unwrap();
    assert_eq!(
        rules_found(dir.path(), &db),
        [
            "missing-organization-id", // User
            "timestamp-without-tz", // Organization.createdAt, .updatedAt, User.createdAt, Project.createdAt
            "timestamp-without-tz",
            "timestamp-without-tz",
            "timestamp-without-tz",
            "unique-name-suffix", // User_email_key
        ]
    );
}

#[tokio::test]
async fn a_sequelize_database_round_trips_and_is_judged() {
    let (db, _work) = round_trip(&fixture("sequelize.sql")).await;
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        rules_found(dir.path(), &db),
        [
            "fk-without-index",        // conversations.local_id
            "fk-without-index",        // reservations.conversation_id
            "index-name-suffix",       // token_transactions_user_id
            "missing-organization-id", // no tenant column anywhere
            "missing-organization-id",
            "missing-organization-id",
            "missing-organization-id",
            "unique-name-suffix", // users_email_key
            "unique-name-suffix", // conversations_voyager_id_local_id_key
        ]
    );
}

#[tokio::test]
async fn what_is_not_modelled_is_listed_and_nothing_is_overwritten() {
    let db = TestDb::new().await;
    db.run_script(
        "CREATE TABLE t (id int PRIMARY KEY);
         CREATE MATERIALIZED VIEW v AS SELECT id FROM t;
         CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
         CREATE AGGREGATE total(int) (sfunc = int4pl, stype = int);",
    )
    .await
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("schema");
    bin()
        .args(["pull", "--db", &db.url(), "--out"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("aggregate total(integer)"))
        .stderr(predicate::str::contains("materialized view").not())
        .stderr(predicate::str::contains("function f").not());
    assert!(out.join("t.yaml").exists() && out.join("_types.yaml").exists());
    // Functions are modelled now: pulled into functions.sql.
    let functions = std::fs::read_to_string(out.join("functions.sql")).unwrap();
    assert!(
        functions.contains("CREATE FUNCTION f() RETURNS int")
            && functions.contains("CREATE MATERIALIZED VIEW v AS\n    SELECT t.id\n    FROM t;"),
        "{functions}"
    );
    bin()
        .args(["pull", "--db", &db.url(), "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty"));
}

const SUPABASE_PLATFORM: &str =
    "CREATE SCHEMA auth; CREATE TABLE auth.users (id uuid PRIMARY KEY, email text);";

#[tokio::test]
async fn a_supabase_database_round_trips_and_is_judged() {
    let (db, work) = round_trip_on(&fixture("supabase.sql"), SUPABASE_PLATFORM).await;
    // References to auth.users are written as such.
    let profiles = std::fs::read_to_string(work.path().join("schema/profiles.yaml")).unwrap();
    assert!(
        profiles.contains("references: auth.users.id, on_delete: cascade"),
        "{profiles}"
    );
    let audit = std::fs::read_to_string(work.path().join("schema/audit_log.yaml")).unwrap();
    assert!(
        audit.contains("id: { type: bigint, primary_key: true, identity: by_default }"),
        "{audit}"
    );
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        rules_found(dir.path(), &db),
        [
            "fk-without-index",        // audit_log.team_id
            "missing-organization-id", // no tenant column in any of the four tables
            "missing-organization-id",
            "missing-organization-id",
            "missing-organization-id",
            "unique-name-suffix", // profiles_username_key
        ]
    );
}

#[tokio::test]
async fn a_database_of_several_schemas_round_trips_and_is_judged() {
    let (db, work) = round_trip_reading(
        &fixture("schemas.sql"),
        SUPABASE_PLATFORM,
        &["--schema", "public", "--schema", "billing"],
    )
    .await;
    let schema = work.path().join("schema");
    let types = std::fs::read_to_string(schema.join("_types.yaml")).unwrap();
    // lookup was not asked for, but an enum of it is used: it comes along.
    assert!(types.contains("schemas: [billing, lookup]"), "{types}");
    assert!(
        types.contains("lookup.channel: [email, whatsapp, sms]"),
        "{types}"
    );
    let invoices = std::fs::read_to_string(schema.join("billing.invoices.yaml")).unwrap();
    assert!(invoices.contains("  billing.invoices:\n"), "{invoices}");
    assert!(
        invoices.contains("customer_id: { type: uuid, references: billing.customers.id }"),
        "{invoices}"
    );
    // billing alone: its foreign keys into public are named, and nothing is written.
    let alone = work.path().join("billing_alone");
    bin()
        .args(["pull", "--db", &db.url(), "--schema", "billing", "--out"])
        .arg(&alone)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "foreign keys point into the public schema, which was not read (billing.customers → organizations",
        ))
        .stderr(predicate::str::contains("add `--schema public`"));
    assert!(!alone.exists());
    // Why lookup is there is said.
    bin()
        .args([
            "pull",
            "--db",
            &db.url(),
            "--schema",
            "public",
            "--schema",
            "billing",
            "--out",
        ])
        .arg(work.path().join("again"))
        .assert()
        .success()
        .stdout(predicate::str::contains("schemas read: public, billing"))
        .stderr(predicate::str::contains(
            "Note: schema lookup was not asked for, but columns use its enums",
        ));
    let dir = tempfile::tempdir().unwrap();
    let found = |args: &[&str]| {
        let mut found: Vec<String> = findings(dir.path(), &db, args)
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["rule"].as_str().unwrap(),
                    f["table"].as_str().unwrap()
                )
            })
            .collect();
        found.sort();
        found
    };
    assert_eq!(
        found(&["--schema", "public", "--schema", "billing"]),
        [
            "fk-without-index billing.invoices", // customer_id
            // organization_id: its only index is partial, which does not count.
            "fk-without-index billing.invoices",
            "fk-without-index messages",             // invoice_id
            "timestamp-without-tz billing.invoices", // issued_at
        ]
    );
    // By default only public is judged.
    assert_eq!(found(&[]), ["fk-without-index messages"]);
}

/// The role the policies name: a cluster object, there before any migration. (Drift on a
/// platform that also provides functions, such as Supabase's `auth.uid()`, needs a scratch
/// database with them: the adoption issue.)
const AUTH_PLATFORM: &str =
    "DO $$ BEGIN CREATE ROLE authenticated; EXCEPTION WHEN duplicate_object THEN NULL; END $$;";

const CODE_OBJECTS: &str = "
    CREATE TABLE project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL,
        name text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE FUNCTION update_updated_at_column() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
    CREATE TRIGGER update_project_updated_at BEFORE UPDATE ON project
        FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
    CREATE FUNCTION project_count(owner uuid) RETURNS bigint LANGUAGE sql STABLE
        AS $$ SELECT count(*) FROM project WHERE owner_id = owner $$;
    ALTER TABLE project ENABLE ROW LEVEL SECURITY;
    CREATE POLICY \"Owners see their projects\" ON project FOR SELECT TO authenticated
        USING (owner_id = current_setting('app.user_id')::uuid);
    CREATE VIEW recent_project WITH (security_barrier = true) AS
        SELECT id, name FROM project WHERE updated_at > now() - interval '30 days';
    CREATE VIEW recent_project_name AS SELECT name FROM recent_project;
    CREATE POLICY owners_insert ON project FOR INSERT TO authenticated
        WITH CHECK (owner_id = current_setting('app.user_id')::uuid);";

/// Functions, a trigger, row-level security and policies (Supabase-style: the `authenticated`
/// role is the platform's) round-trip through pull; drift in them is found.
#[tokio::test]
async fn functions_triggers_and_policies_round_trip_and_their_drift_is_found() {
    let (_source, work) = round_trip_on(CODE_OBJECTS, AUTH_PLATFORM).await;
    let types = std::fs::read_to_string(work.path().join("schema/_types.yaml")).unwrap();
    assert!(types.contains("roles: [authenticated]"), "{types}");
    let project = std::fs::read_to_string(work.path().join("schema/project.yaml")).unwrap();
    assert!(project.contains("rls: true"), "{project}");
    assert!(
        project.contains("function: update_updated_at_column"),
        "{project}"
    );

    // A database migrated from the pulled schema has no drift; a policy dropped by hand does.
    let db = TestDb::new().await;
    db.run_script(AUTH_PLATFORM).await.unwrap();
    let migrations = work.path().join("migrations");
    bin()
        .args(["migrate", "--db", &db.url(), "--migrations-dir"])
        .arg(&migrations)
        .assert()
        .success();
    let diff = || {
        bin()
            .args(["diff", "--db", &db.url(), "--migrations-dir"])
            .arg(&migrations)
            .assert()
    };
    diff().success();
    db.run_script("DROP POLICY owners_insert ON project; CREATE OR REPLACE FUNCTION project_count(owner uuid) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT 0::bigint $$; DROP VIEW recent_project_name;")
        .await
        .unwrap();
    diff()
        .code(1)
        .stdout(predicate::str::contains("policy owners_insert on project"))
        .stdout(predicate::str::contains("project_count(uuid)"))
        .stdout(predicate::str::contains("view recent_project_name"));
}

/// What Supabase provides before any migration: its roles, the `auth` schema with
/// `auth.users` and `auth.uid()`.
const SUPABASE_APP_PLATFORM: &str = "
    DO $$ BEGIN CREATE ROLE anon; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
    DO $$ BEGIN CREATE ROLE authenticated; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
    DO $$ BEGIN CREATE ROLE service_role; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
    CREATE SCHEMA auth;
    CREATE TABLE auth.users (id uuid PRIMARY KEY, email text);
    CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
        AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;";

/// A Supabase-style app — default privileges, grants to the platform's roles, a domain, a
/// sequence, `auth.uid()` in policies, a SECURITY DEFINER function, a trigger on the platform's
/// `auth.users`, comments — round-trips exactly (pg_dump of the copy = pg_dump of the source,
/// ACLs included), and written idiomatically.
#[tokio::test]
async fn a_supabase_style_app_with_privileges_and_a_trigger_on_auth_users_round_trips() {
    let (_source, work) = round_trip_on(&fixture("supabase_app.sql"), SUPABASE_APP_PLATFORM).await;
    let read = |f: &str| std::fs::read_to_string(work.path().join("schema").join(f)).unwrap();
    let users = read("auth.users.yaml");
    assert!(users.contains("external: true"), "{users}");
    assert!(
        users.contains("on_auth_user_created") && users.contains("function: handle_new_user"),
        "{users}"
    );
    let privileges = read("privileges.sql");
    for wanted in [
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT DELETE, INSERT, SELECT, UPDATE ON TABLES TO authenticated;",
        "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;",
        "GRANT EXECUTE ON FUNCTION is_member(uuid) TO authenticated;",
        "REVOKE DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE invoices FROM service_role;",
    ] {
        assert!(privileges.contains(wanted), "{wanted} in:\n{privileges}");
    }
    let types = read("types.sql");
    assert!(types.contains("CREATE DOMAIN slug AS text"), "{types}");
    assert!(
        types.contains("ALTER SEQUENCE invoice_number OWNED BY invoices.number;"),
        "{types}"
    );
    let functions = read("functions.sql");
    assert!(
        functions.contains(
            "COMMENT ON POLICY \"Members read invoices\" ON invoices IS 'Tenant isolation';"
        ),
        "{functions}"
    );
    assert!(
        functions.contains("INSTEAD OF UPDATE ON my_organizations"),
        "{functions}"
    );
    let roles = read("_types.yaml");
    // anon is granted nothing here, so only the roles the database names are declared.
    assert!(
        roles.contains("roles: [authenticated, service_role]"),
        "{roles}"
    );
}

/// One object the model cannot represent (a column of a type it does not know) never stops
/// `check --db` from judging the rest: it is a finding of its own. `pull` does not stop either:
/// the column is kept as raw SQL, added after its table, and the copy is the same database.
#[tokio::test]
async fn check_db_judges_the_rest_when_something_is_not_modelled() {
    let db = TestDb::new().await;
    db.run_script(
        "CREATE TABLE stay (id int PRIMARY KEY, spot point, lsn pg_lsn NOT NULL DEFAULT '0/0');
         CREATE TABLE guest (id int PRIMARY KEY, email text, stay_id int REFERENCES stay (id));
         CREATE UNIQUE INDEX guest_email_lower ON guest (lower(email));",
    )
    .await
    .unwrap();
    let work = tempfile::tempdir().unwrap();
    let found = findings(work.path(), &db, &[]);
    let rules: Vec<&str> = found.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(
        rules.contains(&"fk-without-index"),
        "the rest is judged: {rules:?}"
    );
    let not_modelled: Vec<&str> = found
        .iter()
        .filter(|f| f["rule"] == "not-modelled")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    // The expression unique index is modelled (an index with `unique: true`), and the point
    // column; the pg_lsn column is not.
    assert_eq!(not_modelled.len(), 1, "{not_modelled:?}");
    assert!(not_modelled
        .iter()
        .any(|m| m.contains("stay.lsn has type pg_lsn")));
    let pulled = bin()
        .args(["pull", "--db", &db.url(), "--out"])
        .arg(work.path().join("schema"))
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&pulled.get_output().stderr).to_string();
    assert!(
        stderr.contains("Kept as raw SQL") && stderr.contains("stay.lsn has type pg_lsn"),
        "{stderr}"
    );
    let raw = std::fs::read_to_string(work.path().join("schema/_raw.yaml")).unwrap();
    assert!(
        raw.contains("ALTER TABLE stay ADD COLUMN lsn pg_lsn NOT NULL DEFAULT '0/0'::pg_lsn;"),
        "{raw}"
    );
    bin()
        .current_dir(work.path())
        .args(["generate", "--name", "init"])
        .assert()
        .success();
    let copy = TestDb::new().await;
    bin()
        .current_dir(work.path())
        .args(["migrate", "--db", &copy.url()])
        .assert()
        .success();
    assert_eq!(
        copy.schema_dump(),
        db.schema_dump(),
        "the copy is the same database"
    );
    // Drift sees it: the raw column is compared as PostgreSQL prints it.
    bin()
        .current_dir(work.path())
        .args(["diff", "--db", &copy.url()])
        .assert()
        .success();
    copy.run_script("ALTER TABLE stay DROP COLUMN lsn")
        .await
        .unwrap();
    bin()
        .current_dir(work.path())
        .args(["diff", "--db", &copy.url()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("column_stay_lsn"));
}

/// DDL committed while `pull` reads the catalog (tables and indexes created and dropped in a
/// loop): each run either reads a consistent catalog or says the catalog kept changing — never
/// a decoding error of a column a printing function left NULL.
// Multi-threaded: the churn runs on a worker while this thread waits for each pull.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_under_concurrent_ddl_reads_again_or_says_why() {
    let db = TestDb::new().await;
    db.run_script(
        "CREATE TABLE base (id int PRIMARY KEY, note text);
         CREATE INDEX base_note_idx ON base (note);",
    )
    .await
    .unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let options = db.options.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            use sqlx::ConnectOptions;
            let mut conn = options.connect().await.unwrap();
            let mut i = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let sql = format!(
                    "CREATE TABLE churn_{i} (id int PRIMARY KEY, v text DEFAULT 'x', CHECK (id > 0));
                     CREATE INDEX churn_{i}_v_idx ON churn_{i} (lower(v));
                     DROP TABLE churn_{i};"
                );
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut conn)
                    .await;
                i += 1;
            }
            i
        })
    };
    for _ in 0..8 {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("schema");
        let run = common::hotelschema()
            .args(["pull", "--db", &db.url(), "--out"])
            .arg(&dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            run.status.success() || stderr.contains("changed while it was being read"),
            "{stderr}"
        );
        assert!(!stderr.contains("unexpected null"), "{stderr}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let rounds = churn.await.unwrap();
    assert!(rounds > 0);
}
