//! Scratch databases are never made on the target server unless asked: `diff`, `check --db`
//! (with a schema directory), `migrate --baseline` and `adopt` stop before touching anything
//! when neither `--dev-db` nor `HOTELSCHEMA_DEV_DB` says where. The proof that nothing was
//! built: the applied migration creates a role (roles are the whole cluster's), which the test
//! drops after migrating; a scratch build would create it again.

use crate::common;

use common::prove::{generate, migrate, ok, write_schema};
use common::{hotelschema, TestDb};

const SCHEMA: &str = "tables:\n  guest:\n    columns:\n      id: { type: uuid, primary_key: true, default: gen_random_uuid() }\n";

/// A run with the environment the tests set for scratch databases taken away, and `env` added.
fn run(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = hotelschema();
    cmd.env_remove("HOTELSCHEMA_DEV_DB")
        .current_dir(dir)
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn role_exists(db: &TestDb, role: &str) -> bool {
    let mut conn = db.connect().await;
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
        .bind(role)
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

/// A project whose applied V0001 ends by creating `role`; the role is dropped after the
/// migrate, so it exists again only if V0001 is run again (a scratch build).
async fn project_with_a_tell_tale_role(dir: &std::path::Path, db: &TestDb, role: &str) {
    write_schema(dir, SCHEMA);
    ok(generate(dir, &["--name", "init"]));
    let v1 = dir.join("migrations/V0001__init.sql");
    let mut sql = std::fs::read_to_string(&v1).unwrap();
    sql.push_str(&format!("\nCREATE ROLE \"{role}\";\n"));
    std::fs::write(&v1, sql).unwrap();
    migrate(dir, db, &[]);
    db.run_script(&format!("DROP ROLE \"{role}\""))
        .await
        .unwrap();
}

#[tokio::test]
async fn nothing_is_built_on_the_target_unless_asked() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let db = TestDb::new().await;
    let role = format!("tell_tale_{}", std::process::id());
    project_with_a_tell_tale_role(dir, &db, &role).await;
    let url = db.url();

    for args in [
        vec!["diff", "--db", &url],
        vec!["check", "--db", &url],
        vec!["migrate", "--baseline", "--db", &url],
    ] {
        let (code, stdout, stderr) = run(dir, &args, &[]);
        assert_eq!(code, 2, "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        assert!(
            stderr.contains("never creates one on the target server unless asked")
                && stderr.contains("--dev-db target")
                && stderr.contains("HOTELSCHEMA_DEV_DB"),
            "{args:?}: {stderr}"
        );
        assert!(
            !role_exists(&db, &role).await,
            "{args:?} ran V0001 although no scratch server was given"
        );
    }

    // Asked, the build runs (and the tell-tale shows it can be seen): on the command line, or
    // from the environment; the option wins over the environment.
    let (code, stdout, stderr) = run(
        dir,
        &["diff", "--db", &url, "--dev-db", "target", "--no-cache"],
        &[],
    );
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        role_exists(&db, &role).await,
        "--dev-db target built nothing"
    );
    db.run_script(&format!("DROP ROLE \"{role}\""))
        .await
        .unwrap();

    let (code, _, stderr) = run(
        dir,
        &["diff", "--db", &url],
        &[("HOTELSCHEMA_DEV_DB", "not a url")],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("HOTELSCHEMA_DEV_DB:"), "{stderr}");
    let (code, stdout, stderr) = run(
        dir,
        &["diff", "--db", &url, "--dev-db", "target", "--no-cache"],
        &[("HOTELSCHEMA_DEV_DB", "not a url")],
    );
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    db.run_script(&format!("DROP ROLE \"{role}\""))
        .await
        .unwrap();
    let (code, stdout, stderr) = run(
        dir,
        &["check", "--db", &url, "--no-cache"],
        &[("HOTELSCHEMA_DEV_DB", "target")],
    );
    // (The one-table schema has findings of its own: exit 1, not 2.)
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        role_exists(&db, &role).await,
        "HOTELSCHEMA_DEV_DB=target built nothing"
    );
    db.run_script(&format!("DROP ROLE \"{role}\""))
        .await
        .unwrap();

    // The expected state is cached, bound to its inputs: the first run builds (and writes the
    // entry), the next one, on the same files and server, builds nothing — no SQL of the
    // repository runs anywhere — and finds the same (no drift).
    let cache = tempfile::tempdir().unwrap();
    let cache_dir = cache.path().to_str().unwrap();
    let asked = ["diff", "--db", url.as_str(), "--dev-db", "target"];
    let (code, stdout, stderr) = run(dir, &asked, &[("HOTELSCHEMA_CACHE_DIR", cache_dir)]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(role_exists(&db, &role).await, "the cold run built nothing");
    db.run_script(&format!("DROP ROLE \"{role}\""))
        .await
        .unwrap();
    let (code, stdout, stderr) = run(dir, &asked, &[("HOTELSCHEMA_CACHE_DIR", cache_dir)]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("No drift"), "{stdout}");
    assert!(
        !role_exists(&db, &role).await,
        "the warm run built the history again"
    );
}

#[tokio::test]
async fn what_needs_no_scratch_database_needs_no_dev_db() {
    // `check --db` without a schema directory judges the live database alone.
    let work = tempfile::tempdir().unwrap();
    let db = TestDb::new().await;
    db.run_script("CREATE TABLE guest (id uuid PRIMARY KEY DEFAULT gen_random_uuid())")
        .await
        .unwrap();
    let (code, stdout, stderr) = run(work.path(), &["check", "--db", &db.url()], &[]);
    assert!(
        code == 0 || code == 1,
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(!stderr.contains("--dev-db"), "{stderr}");
}

#[tokio::test]
async fn adopt_without_a_scratch_server_writes_nothing() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let db = TestDb::new().await;
    db.run_script("CREATE TABLE guest (id uuid PRIMARY KEY DEFAULT gen_random_uuid())")
        .await
        .unwrap();
    let (code, stdout, stderr) = run(dir, &["adopt", "--db", &db.url()], &[]);
    assert_eq!(code, 2, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("--dev-db target"), "{stderr}");
    assert!(!dir.join("schema").exists() && !dir.join("migrations").exists());
    let mut conn = db.connect().await;
    let history: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'refinery_schema_history')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert!(
        !history,
        "adopt recorded a history without a scratch server"
    );
}

/// The stamp each template on `dev` holds (`stamp`, written by `random()` when the history's
/// first file ran), oldest template first.
fn template_stamps(dev: &common::clusters::Cluster) -> Vec<String> {
    let names = dev.psql(
        "postgres",
        "SELECT string_agg(datname, ' ' ORDER BY oid) FROM pg_database \
         WHERE datname LIKE 'hotelschema_template_%'",
    );
    names
        .split_whitespace()
        .map(|t| {
            dev.psql(
                "postgres",
                &format!("ALTER DATABASE {t} WITH ALLOW_CONNECTIONS true"),
            );
            let stamp = dev.psql(t, "SELECT v FROM stamp");
            dev.psql(
                "postgres",
                &format!("ALTER DATABASE {t} WITH ALLOW_CONNECTIONS false"),
            );
            stamp
        })
        .collect()
}

/// On a `--dev-db` server, the scratch build of a history is kept as a template, and a longer
/// history (a pull request's new migration) is read on it: the new files run on the template
/// in a transaction rolled back, so the template keeps the value `random()` gave when the
/// first file ran (a build from nothing would draw it again) and never the new table. Never
/// with `--no-cache`, never on the target.
#[tokio::test]
async fn a_longer_history_is_read_on_the_template_of_the_history_it_extends() {
    let dev = common::clusters::Cluster::start_new("templates");
    let dev_url = dev.url("postgres");
    let work = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let dir = work.path();
    let db = TestDb::new().await;
    write_schema(dir, SCHEMA);
    ok(generate(dir, &["--name", "init"]));
    let v1 = dir.join("migrations/V0001__init.sql");
    let mut sql = std::fs::read_to_string(&v1).unwrap();
    sql.push_str("\nCREATE TABLE stamp (v float8);\nINSERT INTO stamp SELECT random();\n");
    std::fs::write(&v1, sql).unwrap();
    migrate(dir, &db, &[]);
    let env = [("HOTELSCHEMA_CACHE_DIR", cache.path().to_str().unwrap())];
    let diff = |extra: &[&str]| {
        let url = db.url();
        let mut args = extra.to_vec();
        args.extend_from_slice(&["diff", "--db", &url, "--dev-db", &dev_url]);
        let (code, stdout, stderr) = run(dir, &args, &env);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
    };
    diff(&[]);
    let first = template_stamps(&dev);
    assert_eq!(first.len(), 1, "the build is kept: {first:?}");

    std::fs::write(
        dir.join("migrations/V0002__more.sql"),
        "CREATE TABLE more (id int);\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("migrations/V0002__more.down.sql"),
        "DROP TABLE more;\n",
    )
    .unwrap();
    migrate(dir, &db, &[]);
    diff(&[]);
    // The new file ran on the template itself, in a transaction rolled back: no copy, no new
    // template, and the template is as it was (its stamp, and no table `more`).
    let second = template_stamps(&dev);
    assert_eq!(
        second, first,
        "read on the template, which is left as it was"
    );
    let name = dev.psql(
        "postgres",
        "SELECT datname FROM pg_database WHERE datname LIKE 'hotelschema_template_%'",
    );
    dev.psql(
        "postgres",
        &format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true"),
    );
    assert_eq!(
        dev.psql(
            &name,
            "SELECT count(*) FROM pg_class WHERE relname = 'more'"
        ),
        "0"
    );
    dev.psql(
        "postgres",
        &format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false"),
    );
    // And what it read is the longer history: a database without `more` is drift.
    db.run_script("DROP TABLE more").await.unwrap();
    let (code, stdout, _) = run(
        dir,
        &["diff", "--db", &db.url(), "--dev-db", &dev_url],
        &[(
            "HOTELSCHEMA_CACHE_DIR",
            tempfile::tempdir().unwrap().path().to_str().unwrap(),
        )],
    );
    assert_ne!(code, 0, "{stdout}");
    assert!(stdout.contains("more"), "{stdout}");
    db.run_script("CREATE TABLE more (id int)").await.unwrap();

    // --no-cache: built from nothing, and nothing kept.
    std::fs::write(
        dir.join("migrations/V0003__again.sql"),
        "CREATE TABLE again (id int);\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("migrations/V0003__again.down.sql"),
        "DROP TABLE again;\n",
    )
    .unwrap();
    migrate(dir, &db, &[]);
    diff(&["--no-cache"]);
    assert_eq!(template_stamps(&dev).len(), 1);

    // `cache --dev-db` lists them; `cache clear --dev-db` drops them.
    let (code, stdout, stderr) = run(dir, &["cache", "--dev-db", &dev_url], &env);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 template database(s)"), "{stdout}");
    let (code, stdout, stderr) = run(dir, &["cache", "clear", "--dev-db", &dev_url], &env);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("dropped 1 template database(s)"),
        "{stdout}"
    );
    assert!(template_stamps(&dev).is_empty());
}
