//! The proof that `generate` is right, one change at a time, on a real PostgreSQL (see
//! `tests/generate_db.rs` for its five steps): shared by the tests of every object kind.

use std::path::Path;

use super::{assert_same_catalog, catalog, TestDb};
use hotelschema::diff::equivalent;
use hotelschema::migrations;
use hotelschema::sql::replay::{replay_all, replay_file};

pub fn hotelschema(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = super::hotelschema()
        .args(args)
        .arg("--migrations-dir")
        .arg(dir.join("migrations"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[track_caller]
pub fn ok(r: (i32, String, String)) -> String {
    assert_eq!(r.0, 0, "stdout:\n{}\nstderr:\n{}", r.1, r.2);
    r.1
}

/// Writes the schema: YAML, and SQL (functions) when there is any. A YAML text may carry its
/// SQL after a line `--- sql`.
pub fn write_schema(dir: &Path, text: &str) {
    let schema = dir.join("schema");
    std::fs::create_dir_all(&schema).unwrap();
    let (yaml, sql) = text.split_once("--- sql\n").unwrap_or((text, ""));
    std::fs::write(schema.join("schema.yaml"), yaml).unwrap();
    let sql_file = schema.join("functions.sql");
    if sql.is_empty() {
        let _ = std::fs::remove_file(sql_file);
    } else {
        std::fs::write(sql_file, sql).unwrap();
    }
}

pub fn generate(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let schema = dir.join("schema").display().to_string();
    let mut args = vec!["generate", "--schema-dir", &schema];
    args.extend_from_slice(extra);
    hotelschema(&args, dir)
}

pub fn migrate(dir: &Path, db: &TestDb, extra: &[&str]) -> String {
    let url = db.url();
    let mut args = vec!["migrate", "--db", &url];
    args.extend_from_slice(extra);
    ok(hotelschema(&args, dir))
}

/// Runs one before → after case through the whole proof. Returns the new migrations' SQL.
pub async fn prove(before: &str, after: &str, flags: &[&str]) -> String {
    // 1. A, from the "before" migrations.
    let work = tempfile::tempdir().unwrap();
    write_schema(work.path(), before);
    ok(generate(work.path(), &["--name", "init"]));
    let a = TestDb::new().await;
    migrate(work.path(), &a, &[]);
    let catalog_before = catalog(&a).await;

    // 2. The next migration(s).
    write_schema(work.path(), after);
    let mut args = vec!["--name", "change"];
    args.extend_from_slice(flags);
    ok(generate(work.path(), &args));
    assert!(
        ok(generate(work.path(), &["--check"])).contains("agree"),
        "after generate, --check agrees"
    );
    let files = migrations::load_all(&work.path().join("migrations")).unwrap();
    assert!(files.len() >= 2, "a new migration was written");
    let new_sql: String = files[1..]
        .iter()
        .map(|f| {
            let down = std::fs::read_to_string(f.file.down.as_ref().unwrap()).unwrap();
            format!("{}\n{}\n", f.sql, down)
        })
        .collect();

    // 3. Applied to A = B built from scratch from "after".
    migrate(work.path(), &a, &[]);
    let catalog_after = catalog(&a).await;
    let fresh = tempfile::tempdir().unwrap();
    write_schema(fresh.path(), after);
    ok(generate(fresh.path(), &["--name", "init"]));
    let b = TestDb::new().await;
    migrate(fresh.path(), &b, &[]);
    assert_same_catalog(
        "up: migrated database vs fresh one",
        &catalog_after,
        &catalog(&b).await,
    );

    // 4. Rolled back, A is as before.
    migrate(work.path(), &a, &["--rollback", "--to", "1"]);
    assert_same_catalog(
        "down: rolled back vs before",
        &catalog(&a).await,
        &catalog_before,
    );

    // 5. Offline: history + up files + their down files (reversed) = history.
    let before_schema = replay_all(&files[..1]).unwrap();
    let mut replayed = replay_all(&files).unwrap();
    for f in files[1..].iter().rev() {
        let down_path = f.file.down.as_ref().unwrap();
        let down = std::fs::read_to_string(down_path).unwrap();
        replay_file(&mut replayed, &down_path.display().to_string(), &down).unwrap();
    }
    assert!(
        equivalent(&replayed, &before_schema),
        "offline: replay(before + up + down) != replay(before)"
    );
    new_sql
}
