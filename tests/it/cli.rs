//! The binary as a user runs it: exit codes, messages, and the files it writes (or does not).

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hotelschema() -> Command {
    common::hotelschema_cmd()
}

fn generate(schema_dir: &Path, migrations_dir: &Path, name: &str) -> assert_cmd::assert::Assert {
    hotelschema()
        .args(["generate", "--name", name, "--schema-dir"])
        .arg(schema_dir)
        .arg("--migrations-dir")
        .arg(migrations_dir)
        .assert()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn version_and_help() {
    hotelschema()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("hotelschema "));
    hotelschema()
        .args(["generate", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("--allow-destructive"))
        .stdout(predicate::str::contains("renamed_from"));
}

/// The committed hotel history is what `generate` writes: V0001 was written from the first
/// YAML (its byte-for-byte check lived here while it was the only migration; the YAML has
/// grown since, and an applied migration is never rewritten), and V0002, generated on top of
/// V0001 from today's YAML, must come out byte for byte.
#[test]
fn the_committed_hotel_migrations_are_what_generate_writes_byte_for_byte() {
    let out = tempfile::tempdir().unwrap();
    for file in ["V0001__init.sql", "V0001__init.down.sql"] {
        std::fs::copy(root().join("migrations").join(file), out.path().join(file)).unwrap();
    }
    let name = "updated_at_and_ticket_number_triggers";
    generate(&root().join("schema"), out.path(), name)
        .success()
        .stdout(predicate::str::contains(format!(
            "V0002__{name}.sql (20 comments, 2 functions, 21 triggers)"
        )));
    for file in [
        format!("V0002__{name}.sql"),
        format!("V0002__{name}.down.sql"),
    ] {
        let written = std::fs::read_to_string(out.path().join(&file)).unwrap();
        let committed = std::fs::read_to_string(root().join("migrations").join(&file)).unwrap();
        assert!(
            written == committed,
            "migrations/{file} is not what `hotelschema generate --name {name}` writes on top of \
             V0001 today; regenerate it"
        );
    }
}

#[test]
fn rendered_sql_of_every_feature() {
    let out = tempfile::tempdir().unwrap();
    generate(
        &root().join("tests/fixtures/every_feature/schema"),
        out.path(),
        "init",
    )
    .success();
    let up = std::fs::read_to_string(out.path().join("V0001__init.sql")).unwrap();
    let down = std::fs::read_to_string(out.path().join("V0001__init.down.sql")).unwrap();
    insta::assert_snapshot!("every_feature_up", up);
    insta::assert_snapshot!("every_feature_down", down);
}

#[test]
fn names_are_sanitised() {
    let out = tempfile::tempdir().unwrap();
    generate(
        &root().join("tests/fixtures/every_feature/schema"),
        out.path(),
        "Add spa rooms!",
    )
    .success();
    assert_eq!(
        files_in(out.path()),
        ["V0001__add_spa_rooms.down.sql", "V0001__add_spa_rooms.sql"]
    );
    let empty = tempfile::tempdir().unwrap();
    generate(&root().join("schema"), empty.path(), "!!!")
        .code(2)
        .stderr(predicate::str::contains("--name"));
    assert!(files_in(empty.path()).is_empty());
}

#[test]
fn invalid_schema_exits_2_names_file_and_line_and_writes_nothing() {
    let schema = tempfile::tempdir().unwrap();
    std::fs::write(
        schema.path().join("rooms.yaml"),
        "tables:\n  room:\n    columns:\n      id: { type: uuid, primary_key: true }\n      floor: { type: integer, nulable: true }\n      kind: roomtype\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = schema.path().join("rooms.yaml").display().to_string();
    generate(schema.path(), out.path(), "init")
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{file}:5: table room, column floor: unknown key `nulable`"
        )))
        .stderr(predicate::str::contains(format!(
            "{file}:6: table room, column kind: unknown type `roomtype`"
        )))
        .stderr(predicate::str::contains(
            "2 errors in the schema; nothing was written",
        ));
    assert!(files_in(out.path()).is_empty());
    hotelschema()
        .args(["validate", "--schema-dir"])
        .arg(schema.path())
        .assert()
        .code(2);
}

#[test]
fn a_missing_schema_directory_is_a_usage_error() {
    let out = tempfile::tempdir().unwrap();
    generate(&out.path().join("nope"), out.path(), "init")
        .code(2)
        .stderr(predicate::str::contains("cannot read the schema directory"));
}

#[test]
fn generate_with_nothing_new_says_so_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    generate(&root().join("schema"), out.path(), "init").success();
    let before = files_in(out.path());
    hotelschema()
        .args(["generate", "--schema-dir"])
        .arg(root().join("schema"))
        .arg("--migrations-dir")
        .arg(out.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("No changes"));
    assert_eq!(files_in(out.path()), before);
}

#[test]
fn generate_check_is_a_ci_gate() {
    // The committed hotel migrations match the YAML.
    hotelschema()
        .current_dir(root())
        .args(["generate", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("agree"));
    // An edit without its migration: exit 1, a plain (uncoloured) diff, nothing written.
    let work = tempfile::tempdir().unwrap();
    let schema = work.path().join("schema");
    std::fs::create_dir(&schema).unwrap();
    for f in std::fs::read_dir(root().join("schema")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), schema.join(f.file_name())).unwrap();
    }
    let migrations = work.path().join("migrations");
    generate(&schema, &migrations, "init").success();
    let rooms = schema.join("05_rooms.yaml");
    let text = std::fs::read_to_string(&rooms).unwrap();
    std::fs::write(
        &rooms,
        text.replace(
            "      capacity: { type: integer, default: 2 }",
            "      capacity: { type: integer, default: 2 }
      view: { type: text, nullable: true }",
        ),
    )
    .unwrap();
    let before = files_in(&migrations);
    hotelschema()
        .args(["generate", "--check", "--schema-dir"])
        .arg(&schema)
        .arg("--migrations-dir")
        .arg(&migrations)
        .assert()
        .code(1)
        // The change as the SQL it needs: one statement for one column.
        .stdout(predicate::str::contains(
            "-- add column room.view\nALTER TABLE room ADD COLUMN view text;\n",
        ))
        .stdout(predicate::str::contains("\x1b[").not())
        .stderr(predicate::str::contains("run `hotelschema generate`"));
    assert_eq!(files_in(&migrations), before);
}

#[test]
fn validate_summarises_the_hotel_schema() {
    hotelschema()
        .current_dir(root())
        .arg("validate")
        .assert()
        .success()
        .stdout(predicate::str::contains("schema is valid"))
        .stdout(predicate::str::is_match(r"enums\s+┆ 23").unwrap())
        .stdout(predicate::str::is_match(r"tables\s+┆ 27").unwrap());
}

#[tokio::test]
async fn every_feature_applies_to_postgresql_and_rolls_back_to_nothing() {
    let out = tempfile::tempdir().unwrap();
    generate(
        &root().join("tests/fixtures/every_feature/schema"),
        out.path(),
        "init",
    )
    .success();
    let up = std::fs::read_to_string(out.path().join("V0001__init.sql")).unwrap();
    let down = std::fs::read_to_string(out.path().join("V0001__init.down.sql")).unwrap();
    let db = common::TestDb::new().await;
    db.run_script(&up).await.expect("up applies");
    let mut conn = db.connect().await;
    let (tables, types): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'),
                (SELECT count(*) FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype = 'e')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!((tables, types), (2, 1));
    // The cycle and the self reference hold real rows.
    db.run_script(
        "INSERT INTO \"user\" (id, email) VALUES (1, 'A@x.org');
         INSERT INTO team (id, region, captain_id) VALUES (1, 'eu', 1);
         UPDATE \"user\" SET team_id = 1, team_region = 'eu', best_friend_id = 1;",
    )
    .await
    .expect("rows respect the constraints");
    db.run_script(&down).await.expect("down applies");
    let (relations, types, extensions): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace),
                (SELECT count(*) FROM pg_type WHERE typnamespace = 'public'::regnamespace),
                (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!((relations, types, extensions), (0, 0, 0));
}

#[test]
fn generate_names_the_file_and_line_of_a_migration_it_cannot_follow() {
    let out = tempfile::tempdir().unwrap();
    generate(
        &root().join("tests/fixtures/every_feature/schema"),
        out.path(),
        "init",
    )
    .success();
    std::fs::write(
        out.path().join("V0002__by_hand.sql"),
        "-- written by hand\nUPDATE team SET score = 0;\nCREATE TABLE copy AS SELECT * FROM team;\n",
    )
    .unwrap();
    let file = out.path().join("V0002__by_hand.sql").display().to_string();
    generate(
        &root().join("tests/fixtures/every_feature/schema"),
        out.path(),
        "next",
    )
    .code(2)
    .stderr(predicate::str::contains(format!(
        "{file}:3: CREATE TABLE ... AS"
    )));
}

#[test]
fn later_migrations_are_named_after_their_first_change() {
    let work = tempfile::tempdir().unwrap();
    let schema = work.path().join("schema");
    std::fs::create_dir(&schema).unwrap();
    let yaml = "tables:\n  t:\n    columns:\n      id: { type: bigint, primary_key: true }\n";
    std::fs::write(schema.join("s.yaml"), yaml).unwrap();
    let migrations = work.path().join("migrations");
    hotelschema()
        .args(["generate", "--schema-dir"])
        .arg(&schema)
        .arg("--migrations-dir")
        .arg(&migrations)
        .assert()
        .success();
    std::fs::write(
        schema.join("s.yaml"),
        format!("{yaml}      note: {{ type: text, nullable: true }}\n"),
    )
    .unwrap();
    hotelschema()
        .args(["generate", "--schema-dir"])
        .arg(&schema)
        .arg("--migrations-dir")
        .arg(&migrations)
        .assert()
        .success();
    assert_eq!(
        files_in(&migrations),
        [
            "V0001__init.down.sql",
            "V0001__init.sql",
            "V0002__add_column_t_note.down.sql",
            "V0002__add_column_t_note.sql"
        ]
    );
}

/// The user's name is the file's name: a run that writes one file (here only a concurrent
/// index build) does not add a suffix; a run that writes several tells them apart.
#[test]
fn the_name_given_is_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema");
    let migrations = dir.path().join("migrations");
    std::fs::create_dir(&schema).unwrap();
    let table = "tables:\n  task:\n    columns:\n      id: { type: bigint, primary_key: true }\n      due: date\n";
    std::fs::write(schema.join("a.yaml"), table).unwrap();
    generate(&schema, &migrations, "init").success();
    std::fs::write(
        schema.join("a.yaml"),
        format!("{table}    indexes:\n      - {{ columns: [due], concurrently: true }}\n"),
    )
    .unwrap();
    generate(&schema, &migrations, "task_due_date_index").success();
    assert!(
        files_in(&migrations).contains(&"V0002__task_due_date_index.sql".to_string()),
        "{:?}",
        files_in(&migrations)
    );
    // An index and a column together: two files, the main one under the name.
    std::fs::write(
        schema.join("a.yaml"),
        format!(
            "{}    indexes:\n      - {{ columns: [due], concurrently: true }}\n      - {{ columns: [note], concurrently: true }}\n",
            table.replace("due: date\n", "due: date\n      note: { type: text, nullable: true }\n")
        ),
    )
    .unwrap();
    generate(&schema, &migrations, "notes").success();
    let files = files_in(&migrations);
    assert!(files.contains(&"V0003__notes.sql".to_string()), "{files:?}");
    assert!(
        files.contains(&"V0004__notes_concurrent_indexes.sql".to_string()),
        "{files:?}"
    );
}

/// Shell completions for every shell clap_complete knows, and man pages from the same
/// definitions as `--help`.
#[test]
fn completions_and_man_pages() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = hotelschema().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("generate") && text.contains("adopt"),
            "{shell}: {text}"
        );
    }
    hotelschema().args(["completions", "tcsh"]).assert().code(2);
    let man = hotelschema().arg("man").output().unwrap();
    let text = String::from_utf8(man.stdout).unwrap();
    assert!(text.contains(".TH hotelschema 1"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    hotelschema()
        .args(["man", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let pages = files_in(dir.path());
    for page in [
        "hotelschema.1",
        "hotelschema-migrate.1",
        "hotelschema-adopt.1",
    ] {
        assert!(pages.contains(&page.to_string()), "{pages:?}");
    }
    let migrate = std::fs::read_to_string(dir.path().join("hotelschema-migrate.1")).unwrap();
    assert!(migrate.contains("baseline"), "{migrate}");
}

/// `init` writes a project that passes validate, generate and check as it is, and never
/// overwrites one.
#[test]
fn init_writes_a_project_that_passes_out_of_the_box_and_overwrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("svc");
    hotelschema().arg("init").arg(&project).assert().success();
    for f in [
        "schema/schema.yaml",
        "checks/config.yaml",
        ".github/workflows/hotelschema.yml",
        "hotelschema.schema.json",
    ] {
        assert!(project.join(f).exists(), "{f}");
    }
    let workflow =
        std::fs::read_to_string(project.join(".github/workflows/hotelschema.yml")).unwrap();
    assert!(
        workflow.contains("hotelschema generate --check") && workflow.contains("hotelschema check")
    );
    let run = |args: &[&str]| hotelschema().current_dir(&project).args(args).assert();
    run(&["validate"]).success();
    run(&["generate", "--name", "init"]).success();
    run(&["check"])
        .success()
        .stdout(predicate::str::contains("No findings"));
    run(&["generate", "--check"]).success();
    let before = std::fs::read_to_string(project.join("schema/schema.yaml")).unwrap();
    hotelschema()
        .arg("init")
        .arg(&project)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing was written"));
    assert_eq!(
        std::fs::read_to_string(project.join("schema/schema.yaml")).unwrap(),
        before
    );
}

/// The pre-commit hooks and the GitHub Action shipped for other projects run commands this
/// binary has, with flags it accepts.
#[test]
fn the_pre_commit_hooks_and_the_github_action_run_real_commands() {
    let hooks: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap(),
    )
    .unwrap();
    let mut commands: Vec<String> = hooks
        .as_sequence()
        .unwrap()
        .iter()
        .map(|h| h["entry"].as_str().unwrap().to_string())
        .collect();
    let action: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root().join("action.yml")).unwrap()).unwrap();
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    for step in steps {
        let Some(run) = step["run"].as_str() else {
            continue;
        };
        if run.starts_with("hotelschema ") {
            // (A redirection is the shell's: the command is what comes before it.)
            let command = run.split(" >").next().unwrap();
            commands.push(
                command
                    .replace("\"${{ inputs.schema-dir }}\"", "schema")
                    .replace("\"${{ inputs.migrations-dir }}\"", "migrations")
                    .replace("\"${{ inputs.format }}\"", "github"),
            );
        }
    }
    assert_eq!(commands.len(), 5, "{commands:?}");
    // Out of the box: apt's lists fetched before installing, the build cached, the check run
    // even when generate --check failed, SARIF written to a file and uploaded.
    let text = |k: &str| -> Vec<String> {
        steps
            .iter()
            .filter_map(|s| s[k].as_str().map(String::from))
            .collect()
    };
    assert!(text("run")
        .iter()
        .any(|r| r.starts_with("sudo apt-get update && ")));
    assert!(text("uses").iter().any(|u| u.starts_with("actions/cache@")));
    assert!(text("uses")
        .iter()
        .any(|u| u.starts_with("github/codeql-action/upload-sarif@")));
    let check = steps.iter().find(|s| s["name"] == "check").unwrap();
    assert_eq!(check["if"].as_str(), Some("always()"));
    // The workflow `init` writes: the same, installed from a git repository that exists once
    // the repository variable names it (hotelschema is not on crates.io).
    let workflow: serde_yaml::Value =
        serde_yaml::from_str(include_str!("../../src/commands/init/workflow.yml")).unwrap();
    let runs: Vec<String> = workflow["jobs"]["hotelschema"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|s| s["run"].as_str().map(String::from))
        .collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("cargo install --locked --git \"${{ vars.HOTELSCHEMA_GIT }}\"")),
        "{runs:?}"
    );
    assert!(
        !runs
            .iter()
            .any(|r| r.contains("cargo install --locked hotelschema")),
        "{runs:?}"
    );
    assert!(
        runs.iter()
            .any(|r| r.starts_with("sudo apt-get update && ")),
        "{runs:?}"
    );
    for r in runs.iter().filter(|r| r.starts_with("hotelschema ")) {
        commands.push(r.split(" >").next().unwrap().to_string());
    }
    // Both are what GitHub takes: SchemaStore's schemas of a workflow and of an action (and a
    // misspelt key is refused, so the check can fail).
    let errors = |schema_file: &str, yaml: &str| -> Vec<String> {
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root().join("tests/fixtures").join(schema_file)).unwrap(),
        )
        .unwrap();
        let instance: serde_json::Value = serde_yaml::from_str(yaml).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect()
    };
    let workflow_text = include_str!("../../src/commands/init/workflow.yml");
    let action_text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    assert_eq!(
        errors("github-workflow.schema.json", workflow_text),
        Vec::<String>::new()
    );
    assert_eq!(
        errors("github-action.schema.json", &action_text),
        Vec::<String>::new()
    );
    assert!(!errors(
        "github-workflow.schema.json",
        &workflow_text.replace("runs-on:", "run-on:")
    )
    .is_empty());
    assert!(!errors(
        "github-action.schema.json",
        &action_text.replace("using: composite", "usin: composite")
    )
    .is_empty());
    // Each parses: `--help` after its arguments is accepted only when they are.
    for c in commands {
        let args: Vec<&str> = c.split_whitespace().skip(1).collect();
        hotelschema().args(&args).arg("--help").assert().success();
    }
}

/// `--format json` on validate and generate (what was written, what is pending).
#[test]
fn validate_and_generate_report_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema");
    let migrations = dir.path().join("migrations");
    std::fs::create_dir(&schema).unwrap();
    std::fs::write(
        schema.join("a.yaml"),
        "tables:\n  t:\n    columns:\n      id: integer\n",
    )
    .unwrap();
    let json = |args: &[&str]| -> (Option<i32>, serde_json::Value) {
        let out = hotelschema()
            .args(args)
            .arg("--format")
            .arg("json")
            .arg("--schema-dir")
            .arg(&schema)
            .output()
            .unwrap();
        (
            out.status.code(),
            serde_json::from_slice(&out.stdout).unwrap(),
        )
    };
    let (code, v) = json(&["validate"]);
    assert_eq!(
        (code, &v["valid"], &v["counts"]["tables"]),
        (Some(0), &true.into(), &1.into())
    );
    let m = migrations.display().to_string();
    let (code, v) = json(&["generate", "--name", "init", "--migrations-dir", &m]);
    assert_eq!(code, Some(0));
    assert_eq!(v["written"][0]["version"], 1);
    assert!(v["written"][0]["up"]
        .as_str()
        .unwrap()
        .ends_with("V0001__init.sql"));
    assert!(v["changes"][0]["up"]
        .as_str()
        .unwrap()
        .starts_with("CREATE TABLE t"));
    std::fs::write(
        schema.join("a.yaml"),
        "tables:\n  t:\n    columns:\n      id: integer\n      b: { type: text, nullable: true }\n",
    )
    .unwrap();
    let (code, v) = json(&["generate", "--check", "--migrations-dir", &m]);
    assert_eq!(code, Some(1));
    assert_eq!(v["in_sync"], false);
    assert_eq!(v["pending"][0]["up"], "ALTER TABLE t ADD COLUMN b text;");
    std::fs::write(
        schema.join("a.yaml"),
        "tables:\n  t:\n    columns:\n      id: intger\n",
    )
    .unwrap();
    let (code, v) = json(&["validate"]);
    assert_eq!(code, Some(2));
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"][0]["line"], 4);
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("intger"));
}

/// `docs` on the hotel schema: an index and one page per domain file, each with a Mermaid ER
/// diagram and every table of the file documented.
#[test]
fn docs_write_a_page_per_schema_file_with_an_er_diagram() {
    let out = tempfile::tempdir().unwrap();
    hotelschema()
        .current_dir(root())
        .args(["docs", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let index = std::fs::read_to_string(out.path().join("README.md")).unwrap();
    assert!(index.contains("[05_rooms](05_rooms.md)"), "{index}");
    let rooms = std::fs::read_to_string(out.path().join("05_rooms.md")).unwrap();
    assert!(rooms.contains("```mermaid\nerDiagram\n"), "{rooms}");
    assert!(rooms.contains("    room {\n"), "{rooms}");
    assert!(rooms.contains("organization ||--o{ room"), "{rooms}");
    assert!(rooms.contains("\n## room\n"), "{rooms}");
    // A reference to a table of another page links to it.
    assert!(
        rooms.contains("[organization](03_organizations.md#organization)"),
        "{rooms}"
    );
    let pages = files_in(out.path());
    assert_eq!(
        pages.len(),
        1 + 11,
        "one page per table file (02..12) and the index: {pages:?}"
    );
}

/// `docs` says what PostgreSQL says (`on delete SET NULL`), keeps array types (`text_array` in
/// the diagram, `text[]` in the table), lists views, and keeps Mermaid's own words (`end`,
/// `class`) from breaking the diagram.
#[test]
fn docs_read_as_the_schema_reads() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema");
    std::fs::create_dir(&schema).unwrap();
    std::fs::write(
        schema.join("a.yaml"),
        "tables:\n  class:\n    global: x\n    columns:\n      id: { type: integer, primary_key: true }\n  \
         end:\n    global: x\n    columns:\n      id: { type: integer, primary_key: true }\n      \
         tags: text[]\n      class_id: { type: integer, nullable: true, references: class.id, on_delete: set_null, index: true }\n",
    )
    .unwrap();
    std::fs::write(
        schema.join("v.sql"),
        "CREATE VIEW tagged AS SELECT id, tags FROM \"end\";\n",
    )
    .unwrap();
    let out = dir.path().join("docs");
    hotelschema()
        .args(["docs", "--schema-dir"])
        .arg(&schema)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let page = std::fs::read_to_string(out.join("a.md")).unwrap();
    assert!(page.contains("on delete SET NULL"), "{page}");
    assert!(
        page.contains("text_array tags") && page.contains("`text[]`"),
        "{page}"
    );
    assert!(
        page.contains("    end_ {\n") && page.contains("    class_ {\n"),
        "{page}"
    );
    assert!(page.contains("class_ |o--o{ end_"), "{page}");
    let index = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(
        index.contains("## Views") && index.contains("`tagged`, reads [end](a.md#end)"),
        "{index}"
    );
}

/// Two branches both added V0002: `renumber` moves the branch's migrations after main's, files
/// and headers, and the history is whole again.
#[test]
fn renumber_moves_a_branch_migration_after_main_s() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema");
    let migrations = dir.path().join("migrations");
    std::fs::create_dir(&schema).unwrap();
    let base = "tables:\n  t:\n    columns:\n      id: integer\n";
    std::fs::write(schema.join("a.yaml"), base).unwrap();
    generate(&schema, &migrations, "init").success();
    // The branch's V0002, written first...
    std::fs::write(
        schema.join("a.yaml"),
        format!("{base}      b: {{ type: text, nullable: true }}\n"),
    )
    .unwrap();
    generate(&schema, &migrations, "add_b").success();
    // ... and main's V0002, merged in: the same version twice.
    let up = std::fs::read_to_string(migrations.join("V0002__add_b.sql")).unwrap();
    let down = std::fs::read_to_string(migrations.join("V0002__add_b.down.sql")).unwrap();
    std::fs::write(
        migrations.join("V0002__from_main.sql"),
        "CREATE TABLE m (id int);\n",
    )
    .unwrap();
    std::fs::write(
        migrations.join("V0002__from_main.down.sql"),
        "DROP TABLE m;\n",
    )
    .unwrap();
    hotelschema()
        .args(["generate", "--check", "--schema-dir"])
        .arg(&schema)
        .arg("--migrations-dir")
        .arg(&migrations)
        .assert()
        .code(2);
    hotelschema()
        .args(["renumber", "add_b", "--migrations-dir"])
        .arg(&migrations)
        .assert()
        .success()
        .stdout(predicate::str::contains("V0002__add_b -> V0003__add_b.sql"));
    let files = files_in(&migrations);
    assert!(
        files.contains(&"V0003__add_b.sql".to_string())
            && !files.contains(&"V0002__add_b.sql".to_string()),
        "{files:?}"
    );
    let moved = std::fs::read_to_string(migrations.join("V0003__add_b.sql")).unwrap();
    assert_eq!(moved, up.replace("V0002__add_b", "V0003__add_b"));
    assert!(
        moved.contains("Its exact inverse is V0003__add_b.down.sql"),
        "{moved}"
    );
    let moved_down = std::fs::read_to_string(migrations.join("V0003__add_b.down.sql")).unwrap();
    assert_eq!(moved_down, down.replace("V0002__add_b", "V0003__add_b"));
    // The statements themselves are untouched, and the history is whole.
    hotelschema()
        .args(["generate", "--check", "--schema-dir"])
        .arg(&schema)
        .arg("--migrations-dir")
        .arg(&migrations)
        .assert()
        .code(1); // table m is not in the YAML: out of sync, but readable
    hotelschema()
        .args(["renumber", "nothing", "--migrations-dir"])
        .arg(&migrations)
        .assert()
        .code(2);
}

/// The header says the command that was run: `--name` only when it was given.
#[test]
fn the_header_names_the_command_as_it_was_run() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema");
    let migrations = dir.path().join("migrations");
    std::fs::create_dir(&schema).unwrap();
    std::fs::write(
        schema.join("a.yaml"),
        "tables:\n  t:\n    columns:\n      id: integer\n",
    )
    .unwrap();
    hotelschema()
        .args(["generate", "--schema-dir"])
        .arg(&schema)
        .arg("--migrations-dir")
        .arg(&migrations)
        .assert()
        .success();
    let up = std::fs::read_to_string(migrations.join("V0001__init.sql")).unwrap();
    assert!(
        up.starts_with("-- Written by `hotelschema generate`.\n"),
        "{up}"
    );
    std::fs::write(
        schema.join("a.yaml"),
        "tables:\n  t:\n    columns:\n      id: integer\n      b: { type: text, nullable: true }\n",
    )
    .unwrap();
    generate(&schema, &migrations, "add b!").success();
    let up = std::fs::read_to_string(migrations.join("V0002__add_b.sql")).unwrap();
    assert!(
        up.starts_with("-- Written by `hotelschema generate --name add_b`.\n"),
        "{up}"
    );
}
