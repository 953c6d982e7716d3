//! `hotelschema check` as CI runs it: every format, every exit code, configuration and
//! exemptions.

use crate::common;

use std::path::Path;

use predicates::prelude::*;

/// A project directory with `schema/s.yaml`, its migrations (generated from the YAML unless
/// given: a project without migrations is out of sync), and an optional config.
fn project(yaml: &str, migrations: &[(&str, &str)], config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("schema")).unwrap();
    std::fs::write(dir.path().join("schema/s.yaml"), yaml).unwrap();
    if migrations.is_empty() {
        let _ = common::hotelschema()
            .current_dir(dir.path())
            .args(["generate", "--name", "init"])
            .output();
    } else {
        std::fs::create_dir(dir.path().join("migrations")).unwrap();
        for (name, sql) in migrations {
            std::fs::write(dir.path().join("migrations").join(name), sql).unwrap();
        }
    }
    if let Some(c) = config {
        std::fs::create_dir(dir.path().join("checks")).unwrap();
        std::fs::write(dir.path().join("checks/config.yaml"), c).unwrap();
    }
    dir
}

fn check(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    common::hotelschema_cmd()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .assert()
}

const CLEAN: &str = "
tables:
  organization:
    columns:
      id: { type: uuid, primary_key: true }
  room:
    columns:
      id: { type: uuid, primary_key: true }
      organization_id: { type: uuid, references: organization.id, index: true }
";

/// CLEAN plus an unused enum (an error, line 2) and an exemption that silences nothing (a
/// warning, line 9).
fn dirty() -> String {
    format!("enums:\n  mood: [a]\n{CLEAN}").replace(
        "  room:\n",
        "  room:\n    exempt: { unique-name-suffix: \"legacy names\" }\n",
    )
}

/// CLEAN whose room foreign key has no index.
fn unindexed() -> String {
    CLEAN.replace(", index: true", "")
}

#[test]
fn the_bundled_hotel_schema_passes_with_zero_findings() {
    common::hotelschema_cmd()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"errors\": 0"))
        .stdout(predicate::str::contains("\"warnings\": 0"));
}

#[test]
fn a_clean_schema_exits_0_and_errors_exit_1_in_every_format() {
    let clean = project(CLEAN, &[], None);
    check(clean.path(), &[])
        .success()
        .stdout(predicate::str::contains("No findings"));

    let dir = project(&dirty(), &[], None);
    check(dir.path(), &["--format", "table"])
        .code(1)
        .stdout(predicate::str::contains("unused-enum"))
        .stdout(predicate::str::contains("unused-exemption"))
        .stdout(predicate::str::contains("1 error(s), 1 warning(s)"))
        .stderr(predicate::str::contains("1 error finding(s)"));

    let out = check(dir.path(), &["--format", "json"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["warnings"], 1);
    let unused = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "unused-enum")
        .unwrap();
    assert_eq!(unused["enum"], "mood");
    assert_eq!(unused["file"], "schema/s.yaml");
    assert_eq!(unused["line"], 2);
    assert_eq!(unused["severity"], "error");

    check(dir.path(), &["--format", "github"])
        .code(1)
        .stdout(predicate::str::contains(
            "::error file=schema/s.yaml,line=2,title=unused-enum::enum mood is used by no column",
        ))
        .stdout(predicate::str::contains(
            "::warning file=schema/s.yaml,line=9,title=unused-exemption::",
        ));
    // GitHub Actions gets annotations by default.
    common::hotelschema_cmd()
        .current_dir(dir.path())
        .arg("check")
        .env("GITHUB_ACTIONS", "true")
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("::"));
}

#[test]
fn warnings_alone_exit_0_and_config_sets_severities() {
    let warnings_only = dirty().replace("enums:\n  mood: [a]\n", "");
    check(project(&warnings_only, &[], None).path(), &[])
        .success()
        .stdout(predicate::str::contains("0 error(s), 1 warning(s)"));
    let promoted = project(
        &warnings_only,
        &[],
        Some("rules:\n  unused-exemption: error\n"),
    );
    check(promoted.path(), &[]).code(1);
    let off = project(
        &dirty(),
        &[],
        Some("rules:\n  unused-enum: off\n  unused-exemption: off\n"),
    );
    check(off.path(), &[])
        .success()
        .stdout(predicate::str::contains("No findings"));
}

#[test]
fn exemptions_need_reasons_and_are_reported_when_wrong_or_stale() {
    check(project(&unindexed(), &[], None).path(), &[])
        .code(1)
        .stdout(predicate::str::contains("fk-without-index"));
    let exempted = unindexed().replace(
        "  room:\n",
        "  room:\n    exempt: { fk-without-index: \"ten rows, never deleted\" }\n",
    );
    check(project(&exempted, &[], None).path(), &[])
        .success()
        .stdout(predicate::str::contains("fk-without-index").not());
    let on_column = unindexed().replace(
        "organization_id: { type: uuid, references: organization.id }",
        "organization_id: { type: uuid, references: organization.id, exempt: { fk-without-index: \"ten rows\" } }",
    );
    // A column exemption covers the foreign key on that column.
    check(project(&on_column, &[], None).path(), &[])
        .success()
        .stdout(predicate::str::contains("fk-without-index").not());
    let config = "exemptions:\n  - { rule: fk-without-index, table: room, reason: \"ten rows, never deleted\" }\n";
    check(project(&unindexed(), &[], Some(config)).path(), &[])
        .success()
        .stdout(predicate::str::contains("fk-without-index").not());

    let typo = CLEAN.replace(
        "  room:\n",
        "  room:\n    exempt: { fk-without-idx: \"because\" }\n",
    );
    check(project(&typo, &[], None).path(), &["--format", "json"])
        .code(1)
        .stdout(predicate::str::contains("\"rule\": \"unknown-rule\""))
        .stdout(predicate::str::contains("did you mean `fk-without-index`?"));

    let no_reason = CLEAN.replace(
        "  room:\n",
        "  room:\n    exempt: { fk-without-index: \"\" }\n",
    );
    check(project(&no_reason, &[], None).path(), &[])
        .code(2)
        .stderr(predicate::str::contains("has no reason"));
}

#[test]
fn invalid_input_exits_2() {
    check(project("tables: [", &[], None).path(), &[])
        .code(2)
        .stderr(predicate::str::contains("schema/s.yaml:2: invalid YAML"));
    check(
        project(CLEAN, &[], Some("rules:\n  unused-enums: off\n")).path(),
        &[],
    )
    .code(2)
    .stderr(predicate::str::contains("checks/config.yaml"))
    .stderr(predicate::str::contains("did you mean `unused-enum`?"));
    // An unparseable migration is a finding and exit 2.
    let dir = project(
        CLEAN,
        &[
            (
                "V0001__init.sql",
                "CREATE TABLE organization (id uuid PRIMARY KEY);\nCREAT TABLE room ();\n",
            ),
            ("V0001__init.down.sql", "DROP TABLE organization;\n"),
        ],
        None,
    );
    check(dir.path(), &["--format", "json"])
        .code(2)
        .stdout(predicate::str::contains(
            "\"rule\": \"unparseable-migration\"",
        ))
        .stdout(predicate::str::contains("\"line\": 2"));
}

#[test]
fn migration_rules_run_on_the_migrations_directory() {
    let ups = [
        ("V0001__init.sql", "CREATE TABLE organization (id uuid PRIMARY KEY);\nCREATE TABLE room (id uuid PRIMARY KEY, organization_id uuid NOT NULL REFERENCES organization, x int);\nCREATE INDEX room_organization_id_idx ON room (organization_id);\n"),
        ("V0001__init.down.sql", "DROP TABLE room;\nDROP TABLE organization;\n"),
        ("V0002__drop_x.sql", "ALTER TABLE room DROP COLUMN x;\nCREATE INDEX room_id_idx ON room (id);\n"),
    ];
    let yaml = CLEAN.replace("      id: { type: uuid, primary_key: true }\n  room:", "      id: { type: uuid, primary_key: true }\n      name: { type: text, nullable: true }\n  room:").replace(", index: true", "").replace("    columns:\n      id: { type: uuid, primary_key: true }\n      organization_id", "    columns:\n      id: { type: uuid, primary_key: true, index: true }\n      organization_id") + "    indexes:\n      - { columns: [organization_id] }\n";
    let dir = project(&yaml, &ups, None);
    let out = check(dir.path(), &["--format", "json"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for expected in [
        "missing-down-migration",
        "destructive-change",
        "non-concurrent-index",
        "migrations-out-of-sync",
    ] {
        assert!(rules.contains(&expected), "{expected} not in {rules:?}");
    }
}

#[test]
fn list_rules_names_every_rule() {
    common::hotelschema_cmd()
        .args(["check", "--list-rules"])
        .assert()
        .success()
        .stdout(predicate::str::contains("fk-without-index"))
        .stdout(predicate::str::contains("destructive-change"))
        .stdout(predicate::str::is_match(r"(?m)^organization-id-not-leading +warning ").unwrap())
        .stdout(
            predicate::str::is_match(r"(?m)^exclusive-locks-on-several-tables warning ").unwrap(),
        );
}

/// The gate never passes by accident: no migrations for a YAML that declares objects, a typo in
/// --migrations-dir, a typo in --config.
#[test]
fn the_gate_fails_when_it_would_check_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("schema")).unwrap();
    std::fs::write(dir.path().join("schema/s.yaml"), CLEAN).unwrap();
    check(dir.path(), &[])
        .code(1)
        .stdout(predicate::str::contains("migrations-out-of-sync"));
    let ok = project(CLEAN, &[], None);
    check(ok.path(), &[]).success();
    // A directory named on the command line that does not exist is a typo: exit 2, as for
    // --config (and as for `generate --check`).
    check(ok.path(), &["--migrations-dir", "migration"])
        .code(2)
        .stderr(predicate::str::contains(
            "--migrations-dir migration does not exist",
        ));
    common::hotelschema_cmd()
        .current_dir(ok.path())
        .args(["generate", "--check", "--migrations-dir", "migration"])
        .assert()
        .code(2);
    check(ok.path(), &["--config", "checks/confg.yaml"])
        .code(2)
        .stderr(predicate::str::contains(
            "--config checks/confg.yaml does not exist",
        ));
}

/// Severity is coloured when colour is on: `--color always`, or `CLICOLOR_FORCE`; never with
/// `--color never` or `NO_COLOR`, nor when piped (as here) by default.
#[test]
fn colour_follows_the_flag_no_color_and_clicolor_force() {
    let dir = project(&unindexed(), &[], None);
    let red = "\u{1b}[31merror\u{1b}[0m";
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = common::hotelschema_cmd();
        c.current_dir(dir.path()).arg("check").args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    assert!(!run(&[], &[]).contains('\u{1b}'), "piped: plain");
    assert!(run(&["--color", "always"], &[]).contains(red));
    assert!(run(&[], &[("CLICOLOR_FORCE", "1")]).contains(red));
    assert!(!run(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\u{1b}'));
    assert!(!run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(run(&["--color", "always"], &[("NO_COLOR", "1")]).contains(red));
}

/// The CI formats: SARIF 2.1.0 (GitHub code scanning), GitLab Code Quality and JUnit XML, each
/// with the file and line of a finding, and the same exit codes as the other formats.
#[test]
fn sarif_gitlab_and_junit_carry_file_and_line() {
    let dir = project(&unindexed(), &[], None);
    let run = |format: &str| {
        let out = common::hotelschema_cmd()
            .current_dir(dir.path())
            .args(["check", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "hotelschema");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let result = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "fk-without-index")
        .expect("the finding");
    assert_eq!(result["level"], "error");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "fk-without-index");
    let physical = &result["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "schema/s.yaml");
    assert!(physical["region"]["startLine"].as_u64().unwrap() > 0);

    let gitlab: serde_json::Value = serde_json::from_str(&run("gitlab")).unwrap();
    let issue = gitlab
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["check_name"] == "fk-without-index")
        .unwrap();
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "schema/s.yaml");
    assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() > 0);
    assert_eq!(issue["fingerprint"].as_str().unwrap().len(), 16);
    // The same finding, the same fingerprint, run after run.
    let again: serde_json::Value = serde_json::from_str(&run("gitlab")).unwrap();
    assert_eq!(gitlab, again);

    let junit = run("junit");
    assert!(junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(junit.contains("failures=\"1\""), "{junit}");
    assert!(
        junit.contains("classname=\"fk-without-index\"")
            && junit.contains("file=\"schema/s.yaml\" line=\""),
        "{junit}"
    );
    assert_eq!(
        junit.matches("<testcase").count(),
        junit.matches("</testcase>").count()
    );
}

/// The SARIF output is valid against the SARIF 2.1.0 JSON schema (OASIS's
/// `sarif-schema-2.1.0.json`, from oasis-tcs/sarif-spec, kept in tests/fixtures), with findings
/// and without; and the check can fail (a result without its message is refused).
#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for yaml in [unindexed(), CLEAN.to_string()] {
        let dir = project(&yaml, &[], None);
        let out = common::hotelschema_cmd()
            .current_dir(dir.path())
            .args(["check", "--format", "sarif"])
            .output()
            .unwrap();
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        if yaml != CLEAN {
            let mut broken = sarif.clone();
            broken["runs"][0]["results"][0]
                .as_object_mut()
                .unwrap()
                .remove("message");
            assert!(!validator.is_valid(&broken), "the schema check can fail");
        }
    }
}

/// The gate is offline unless `--db` is given: a DATABASE_URL in the environment (or a `.env`)
/// does not turn it into a check of a live database; every format says which mode ran.
#[test]
fn check_is_offline_unless_asked_and_every_format_says_so() {
    let dir = project(&dirty(), &[], None);
    std::fs::write(
        dir.path().join(".env"),
        "DATABASE_URL=postgres://nobody@127.0.0.1:1/none\n",
    )
    .unwrap();
    let offline = common::hotelschema()
        .current_dir(dir.path())
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .args(["check", "--color", "never"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&offline.stdout);
    assert_eq!(offline.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("unused-enum"), "{stdout}");
    assert!(
        stdout.contains("(offline; a live database only with --db)"),
        "{stdout}"
    );
    for (format, says) in [
        ("json", "\"mode\": \"offline\""),
        (
            "github",
            "::notice title=hotelschema check::Checked schema and migrations",
        ),
        ("sarif", "\"mode\": \"offline\""),
        (
            "junit",
            "<property name=\"checked\" value=\"schema and migrations",
        ),
    ] {
        let out = common::hotelschema()
            .current_dir(dir.path())
            .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
            .args(["check", "--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(says), "{format}: {stdout}");
    }
    // `--db` alone reads DATABASE_URL: here unreachable, so exit 3 naming it.
    let asked = common::hotelschema()
        .current_dir(dir.path())
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .args(["check", "--db"])
        .output()
        .unwrap();
    assert_eq!(asked.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&asked.stderr).contains("127.0.0.1:1"));
    let unset = common::hotelschema()
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .args(["check", "--db"])
        .output()
        .unwrap();
    // The .env file of the directory sets it.
    assert_eq!(
        unset.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&unset.stderr)
    );
}

/// Output closed early (`check | head -0`): the run ends without a panic.
#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let dir = project(&dirty(), &[], None);
    let mut child = common::hotelschema()
        .current_dir(dir.path())
        .args(["check", "--color", "never"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the run has written anything.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(101), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
}

/// What GitHub code scanning requires of a SARIF upload beyond the OASIS schema: every result
/// has at least one physical location (a file of the repository, a line from 1), and its
/// `ruleId` a rule entry that its `ruleIndex` points at. Returns the uploads' problems.
fn github_sarif_problems(sarif: &str, repository: &Path) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(sarif).unwrap();
    let run = &doc["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut problems = Vec::new();
    for r in run["results"].as_array().unwrap() {
        let id = r["ruleId"].as_str().unwrap_or("");
        match rules.iter().position(|x| *x == id) {
            None => problems.push(format!("{id}: no rule entry")),
            Some(i) if r["ruleIndex"].as_u64() != Some(i as u64) => {
                problems.push(format!("{id}: ruleIndex points elsewhere"))
            }
            _ => {}
        }
        let physical = r["locations"][0]["physicalLocation"].clone();
        let Some(uri) = physical["artifactLocation"]["uri"].as_str() else {
            problems.push(format!("{id}: no physical location"));
            continue;
        };
        if !repository.join(uri).is_file() {
            problems.push(format!("{id}: {uri} is not a file of the repository"));
        }
        if physical["region"]["startLine"]
            .as_u64()
            .is_some_and(|l| l < 1)
        {
            problems.push(format!("{id}: a line before 1"));
        }
    }
    problems
}

#[test]
fn sarif_of_an_out_of_sync_tree_passes_github_code_scanning_rules() {
    // The YAML declares a table no migration creates, and a finding of its own.
    let dir = project(
        &dirty(),
        &[
            ("V0001__a.sql", "CREATE TABLE other (id int);\n"),
            ("V0001__a.down.sql", "DROP TABLE other;\n"),
        ],
        None,
    );
    let out = common::hotelschema()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    let sarif = String::from_utf8_lossy(&out.stdout);
    assert!(sarif.contains("migrations-out-of-sync"), "{sarif}");
    let problems = github_sarif_problems(&sarif, dir.path());
    assert!(problems.is_empty(), "{problems:?}\n{sarif}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// `check --since REF`: a hazard in a migration the ref already holds (it ran everywhere, and
/// cannot be edited) no longer fails every later pull request; one added after the ref does.
#[test]
fn since_judges_the_statements_of_only_the_migrations_added_after_the_ref() {
    let dir = project(CLEAN, &[], None);
    let d = dir.path();
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "init"]);
    let before = git(d, &["rev-parse", "HEAD"]);
    // V0002 adds a required column to a table that exists: a hazard, written by hand.
    std::fs::write(
        d.join("schema/s.yaml"),
        CLEAN.replace(
            "      organization_id:",
            "      floor: { type: integer }\n      organization_id:",
        ),
    )
    .unwrap();
    std::fs::write(
        d.join("migrations/V0002__floor.sql"),
        "ALTER TABLE room ADD COLUMN floor integer NOT NULL;\n",
    )
    .unwrap();
    std::fs::write(
        d.join("migrations/V0002__floor.down.sql"),
        "-- hotelschema:allow-destructive\nALTER TABLE room DROP COLUMN floor;\n",
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "floor"]);
    check(d, &["--color", "never"])
        .code(1)
        .stdout(predicate::str::contains("adding-required-column"));
    // Merged: judged since the merge, the applied hazard no longer fails the gate.
    check(d, &["--color", "never", "--since", "HEAD"]).success();
    // Since before it, it is new: judged.
    check(d, &["--color", "never", "--since", &before])
        .code(1)
        .stdout(predicate::str::contains("V0002__floor.sql"));
    check(d, &["--since", "no-such-ref"])
        .code(2)
        .stderr(predicate::str::contains(
            "--since no-such-ref: git does not know it",
        ));
}

/// The findings baseline: today's findings accepted, the gate then fails only on new ones, and
/// an entry fixed since is reported so the file shrinks.
#[test]
fn a_findings_baseline_accepts_today_and_fails_on_anything_new() {
    let dir = project(&dirty(), &[], None);
    let d = dir.path();
    check(d, &["--color", "never"]).code(1);
    check(d, &["--update-baseline"])
        .success()
        .stdout(predicate::str::contains("checks/baseline.yaml"));
    let baseline = std::fs::read_to_string(d.join("checks/baseline.yaml")).unwrap();
    assert!(baseline.contains("rule: unused-enum"), "{baseline}");
    assert!(
        !baseline.contains("line:"),
        "keyed without lines: {baseline}"
    );
    check(d, &["--color", "never"])
        .success()
        .stdout(predicate::str::contains("accepted by checks/baseline.yaml"));
    // Lines move (a comment above everything): still accepted.
    let yaml = std::fs::read_to_string(d.join("schema/s.yaml")).unwrap();
    std::fs::write(d.join("schema/s.yaml"), format!("# moved\n\n{yaml}")).unwrap();
    check(d, &["--color", "never"]).success();
    // A new finding fails the gate; the accepted ones stay quiet.
    std::fs::write(
        d.join("schema/s.yaml"),
        format!("# moved\n\n{yaml}").replace("  mood: [a]\n", "  mood: [a]\n  unused2: [b]\n"),
    )
    .unwrap();
    check(d, &["--color", "never"])
        .code(1)
        .stdout(predicate::str::contains("unused2"))
        .stdout(predicate::str::contains("enum mood").not());
    // Fixed: the entry matches nothing and says so.
    std::fs::write(d.join("schema/s.yaml"), CLEAN).unwrap();
    check(d, &["--color", "never"]).stdout(predicate::str::contains("stale-baseline"));
}

/// `check --dev-db URL` offline proves every pair of the history on a real server: the hotel
/// schema's pass; a down file that does not undo its up, and an up file PostgreSQL refuses
/// though the offline replay follows it, are `server-proof` errors at their files.
#[tokio::test]
async fn check_proves_every_migration_pair_on_a_real_server() {
    let dev = common::TestDb::new().await;
    let check_on = |dir: &std::path::Path| {
        let out = common::hotelschema()
            .current_dir(dir)
            .args(["check", "--dev-db", &dev.url()])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code(), stdout, stderr)
    };
    let (code, stdout, stderr) = check_on(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("applied and undone on"), "{stdout}");

    let work = tempfile::tempdir().unwrap();
    let d = work.path();
    std::fs::create_dir(d.join("schema")).unwrap();
    std::fs::write(
        d.join("schema/schema.yaml"),
        "tables:\n  t:\n    global: test\n    columns:\n      id: { type: integer, primary_key: true }\n      a: { type: integer, nullable: true }\n",
    )
    .unwrap();
    common::runs::write_migrations(
        &d.join("migrations"),
        &[
            (
                1,
                "t",
                (
                    "CREATE TABLE t (id int PRIMARY KEY, a int);\n",
                    "SELECT 1;\n",
                ),
            ),
            (
                2,
                "retype",
                (
                    "ALTER TABLE t ALTER COLUMN a TYPE point USING a::point;\n",
                    "ALTER TABLE t ALTER COLUMN a TYPE int USING 0;\n",
                ),
            ),
        ],
    );
    let (code, stdout, _) = check_on(d);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("V0002__retype.sql:1: error server-proof: PostgreSQL refuses it"),
        "{stdout}"
    );
    // Without the failing file, the walk reaches the downs: V0001's does not undo its up.
    std::fs::remove_file(d.join("migrations/V0002__retype.sql")).unwrap();
    std::fs::remove_file(d.join("migrations/V0002__retype.down.sql")).unwrap();
    let (_, stdout, _) = check_on(d);
    assert!(
        stdout.contains(
            "V0001__t.down.sql:1: error server-proof: it does not bring the database back"
        ),
        "{stdout}"
    );
}
