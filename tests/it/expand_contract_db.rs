//! Expand/contract on a real PostgreSQL: a column replaced in two releases. The expand (new
//! column, a trigger keeping both in step, a batched backfill) serves the old and the new
//! application version at once; the contract (old column and trigger dropped) comes in a later
//! release, and `migrate` and `check --db` refuse to let both land in one.

use crate::common;

use common::prove::*;
use common::TestDb;

const BEFORE: &str = r#"
tables:
  guest:
    global: a test table
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      phone: { type: text, nullable: true }
"#;

const EXPAND: &str = r#"
tables:
  guest:
    global: a test table
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      phone: { type: text, nullable: true }
      phone_e164:
        type: text
        nullable: true
        expand:
          from: phone
          forward: "regexp_replace(NEW.phone, '[^0-9+]', '', 'g')"
          backward: NEW.phone_e164
"#;

const CONTRACT: &str = r#"
tables:
  guest:
    global: a test table
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      phone_e164: { type: text, nullable: true }
"#;

async fn pairs(db: &TestDb, sql: &'static str) -> Vec<(Option<String>, Option<String>)> {
    sqlx::query_as(sql)
        .fetch_all(&mut db.connect().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_expand_keeps_both_columns_in_step_and_the_contract_waits_for_a_later_release() {
    let work = tempfile::tempdir().unwrap();
    write_schema(work.path(), BEFORE);
    ok(generate(work.path(), &["--name", "init"]));
    let db = TestDb::new().await;
    migrate(work.path(), &db, &[]);
    db.run_script(
        "INSERT INTO guest (phone) SELECT '+33 6 12 34 ' || g FROM generate_series(1000, 4999) g",
    )
    .await
    .unwrap();

    // Expand: the new column, its trigger and function, and the backfill in a file of its own.
    write_schema(work.path(), EXPAND);
    let out = ok(generate(work.path(), &["--name", "split_phone"]));
    assert!(out.contains("V0003__split_phone_backfill.sql"), "{out}");
    let checked = ok(hotelschema(
        &[
            "check",
            "--schema-dir",
            &work.path().join("schema").display().to_string(),
        ],
        work.path(),
    ));
    assert!(checked.contains("No findings"), "{checked}");
    migrate(work.path(), &db, &[]);
    let filled = pairs(
        &db,
        "SELECT phone, phone_e164 FROM guest WHERE phone = '+33 6 12 34 4999' OR phone_e164 IS NULL",
    )
    .await;
    assert_eq!(
        filled,
        [(
            Some("+33 6 12 34 4999".into()),
            Some("+336123 44999".replace(' ', ""))
        )],
        "every existing row was filled"
    );
    // The old application writes the old column; the new one the new column: both stay in step.
    db.run_script(
        "INSERT INTO guest (phone) VALUES ('+1 (555) 010');
         INSERT INTO guest (phone_e164) VALUES ('+4420');
         UPDATE guest SET phone = '+7 (1) 2' WHERE phone = '+33 6 12 34 1000';
         UPDATE guest SET phone_e164 = '+49' WHERE phone = '+33 6 12 34 1001';",
    )
    .await
    .unwrap();
    let synced = pairs(
        &db,
        "SELECT phone, phone_e164 FROM guest
          WHERE phone IN ('+1 (555) 010', '+7 (1) 2') OR phone_e164 IN ('+4420', '+49')
          ORDER BY phone",
    )
    .await;
    let some = |a: &str, b: &str| (Some(a.to_string()), Some(b.to_string()));
    assert_eq!(
        synced,
        [
            some("+1 (555) 010", "+1555010"),
            some("+4420", "+4420"),
            some("+49", "+49"),
            some("+7 (1) 2", "+712"),
        ]
    );

    // Contract: the old column, the trigger and its function go, in the next release.
    write_schema(work.path(), CONTRACT);
    ok(generate(
        work.path(),
        &["--name", "drop_phone", "--allow-destructive"],
    ));
    let contract =
        std::fs::read_to_string(work.path().join("migrations/V0004__drop_phone.sql")).unwrap();
    for expected in [
        "DROP TRIGGER hs_expand_guest_phone_e164 ON guest;",
        "DROP FUNCTION hs_expand_guest_phone_e164();",
        "ALTER TABLE guest DROP COLUMN phone;",
    ] {
        assert!(contract.contains(expected), "{expected} in:\n{contract}");
    }

    // A database still before the expand would get both in one run: refused, nothing applied.
    let late = TestDb::new().await;
    migrate(work.path(), &late, &["--target", "1"]);
    let url = late.url();
    let (code, _, stderr) = hotelschema(&["migrate", "--db", &url], work.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("the contract would land in the same release as its expand")
            && stderr.contains("hotelschema migrate --target 3"),
        "{stderr}"
    );
    let schema_dir = work.path().join("schema").display().to_string();
    let (_, found, _) = hotelschema(
        &["check", "--db", &url, "--schema-dir", &schema_dir],
        work.path(),
    );
    assert!(found.contains("contract-in-expand-release"), "{found}");
    migrate(work.path(), &late, &["--target", "3"]);
    migrate(work.path(), &late, &[]);

    // The database that has the expand takes the contract; everything rolls back.
    migrate(work.path(), &db, &[]);
    migrate(work.path(), &db, &["--rollback", "--to", "1"]);

    // A new database has no running application: all four apply in one run.
    let fresh = TestDb::new().await;
    migrate(work.path(), &fresh, &[]);
}

#[tokio::test]
async fn the_expand_and_the_contract_prove_like_any_change() {
    prove(BEFORE, EXPAND, &[]).await;
    prove(EXPAND, CONTRACT, &["--allow-destructive"]).await;
}
