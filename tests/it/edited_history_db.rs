//! The gate never runs repository SQL the target server has not already run: an applied
//! migration edited since (`CREATE ROLE ... SUPERUSER` appended to V0001) is refused before
//! anything is built, by `check --db` and by `diff`; a platform stand-in of the repository's
//! own runs only on a `--dev-db` server. Roles are the whole cluster's, so a role that exists
//! afterwards is proof that the file ran, whatever database it ran in.

use crate::common;

use common::clusters::Cluster;
use common::prove::{generate, migrate, ok, write_schema};
use common::{hotelschema, TestDb};

const SCHEMA: &str = "tables:\n  guest:\n    columns:\n      id: { type: uuid, primary_key: true, default: gen_random_uuid() }\n";

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let (code, stdout, stderr, _) = run_with_pid(dir, args);
    (code, stdout, stderr)
}

/// The run, and its process id (its scratch database is `hotelschema_expected_<pid>`; other
/// tests run beside this one, with scratch databases of their own).
fn run_with_pid(dir: &std::path::Path, args: &[&str]) -> (i32, String, String, u32) {
    let child = hotelschema()
        .current_dir(dir)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        pid,
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

/// The scratch database of the run `pid`, if it is still there.
async fn scratch_database_of(db: &TestDb, pid: u32) -> Option<String> {
    let mut conn = db.connect().await;
    sqlx::query_scalar("SELECT datname::text FROM pg_database WHERE datname = $1")
        .bind(format!("hotelschema_expected_{pid}"))
        .fetch_optional(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn nothing_of_an_edited_applied_file_runs_under_check_or_diff() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write_schema(dir, SCHEMA);
    ok(generate(dir, &["--name", "init"]));
    let db = TestDb::new().await;
    migrate(dir, &db, &[]);

    let role = format!("pwned_{}", std::process::id());
    let v1 = dir.join("migrations/V0001__init.sql");
    let mut sql = std::fs::read_to_string(&v1).unwrap();
    sql.push_str(&format!("\nCREATE ROLE \"{role}\" SUPERUSER;\n"));
    std::fs::write(&v1, sql).unwrap();
    let url = db.url();

    let (code, stdout, stderr) = run(dir, &["check", "--db", &url]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("applied-migration-edited"), "{stdout}");
    assert!(
        stdout.contains("nothing of an edited file is run"),
        "{stdout}"
    );
    assert!(
        !role_exists(&db, &role).await,
        "check --db ran the edited file"
    );

    let (code, stdout, stderr, pid) = run_with_pid(dir, &["diff", "--db", &url]);
    assert_ne!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(
        stderr.contains("refusing to build") && stderr.contains("V0001__init.sql"),
        "{stderr}"
    );
    assert!(!role_exists(&db, &role).await, "diff ran the edited file");
    assert_eq!(scratch_database_of(&db, pid).await, None);

    // The same history restored: drift is measured again, and finds none.
    let restored = std::fs::read_to_string(&v1)
        .unwrap()
        .replace(&format!("\nCREATE ROLE \"{role}\" SUPERUSER;\n"), "");
    std::fs::write(&v1, restored).unwrap();
    let (code, stdout, stderr) = run(dir, &["diff", "--db", &url]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("No drift"), "{stdout}");
}

#[tokio::test]
async fn a_platform_stand_in_of_the_repository_runs_only_on_the_dev_server() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write_schema(dir, SCHEMA);
    ok(generate(dir, &["--name", "init"]));
    let db = TestDb::new().await;
    migrate(dir, &db, &[]);
    let role = format!("platform_{}", std::process::id());
    std::fs::write(
        dir.join("migrations/platform.sql"),
        format!("CREATE ROLE \"{role}\";\n"),
    )
    .unwrap();
    let url = db.url();

    for command in ["diff", "check"] {
        let (code, stdout, stderr) = run(dir, &[command, "--db", &url]);
        assert_eq!(code, 2, "{command}: stdout:\n{stdout}\nstderr:\n{stderr}");
        assert!(
            stderr.contains("platform.sql") && stderr.contains("--dev-db"),
            "{command}: {stderr}"
        );
        assert!(!role_exists(&db, &role).await, "{command} ran platform.sql");
    }

    // On a server of its own, the stand-in runs there, and only there.
    let dev = Cluster::start_new("devdb");
    let dev_url = dev.url("postgres");
    let (code, stdout, stderr, pid) =
        run_with_pid(dir, &["diff", "--db", &url, "--dev-db", &dev_url]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("No drift"), "{stdout}");
    assert!(
        !role_exists(&db, &role).await,
        "the target server ran platform.sql"
    );
    assert_eq!(
        dev.psql(
            "postgres",
            &format!("SELECT count(*) FROM pg_roles WHERE rolname = '{role}'")
        ),
        "1",
        "the dev server did not run platform.sql"
    );
    assert_eq!(
        dev.psql(
            "postgres",
            "SELECT count(*) FROM pg_database WHERE datname LIKE 'hotelschema_expected_%'"
        ),
        "0",
        "the scratch database was left on the dev server"
    );
    assert_eq!(
        scratch_database_of(&db, pid).await,
        None,
        "a scratch database on the target"
    );
}
