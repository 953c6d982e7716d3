//! Running the binary's database commands on a migrations directory, and reading what they did.

use std::path::Path;
use std::process::{Command, Output};

use super::TestDb;

/// Writes `V000n__name.sql` and `.down.sql` for each (version, name, (up, down)).
pub fn write_migrations(dir: &Path, migrations: &[(u32, &str, (&str, &str))]) {
    std::fs::create_dir_all(dir).unwrap();
    for (version, name, (up, down)) in migrations {
        std::fs::write(dir.join(format!("V{version:04}__{name}.sql")), up).unwrap();
        std::fs::write(dir.join(format!("V{version:04}__{name}.down.sql")), down).unwrap();
    }
}

pub fn command(dir: &Path, db: &TestDb, args: &[&str]) -> Command {
    let mut cmd = super::hotelschema();
    cmd.args(args)
        .arg("--migrations-dir")
        .arg(dir)
        .arg("--db")
        .arg(db.url());
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn finished(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn run(dir: &Path, db: &TestDb, args: &[&str]) -> Run {
    finished(command(dir, db, args).output().unwrap())
}

#[track_caller]
pub fn assert_ok(r: &Run) {
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
}

pub async fn history(db: &TestDb) -> Vec<i32> {
    let mut conn = db.connect().await;
    let exists: bool =
        sqlx::query_scalar("SELECT to_regclass('refinery_schema_history') IS NOT NULL")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    if !exists {
        return Vec::new();
    }
    sqlx::query_scalar("SELECT version FROM refinery_schema_history ORDER BY version")
        .fetch_all(&mut conn)
        .await
        .unwrap()
}
