//! `hotelschema check`: the CI merge gate. Schema rules on the YAML, migration rules on the
//! migrations directory, exemptions and severities from the YAML and `checks/config.yaml`.

use std::path::PathBuf;

use std::path::Path;

use crate::check::baseline;
use crate::check::config::Config;
use crate::check::custom;
use crate::check::report::{self, Format};
use crate::check::rules::{self, SchemaContext, Tenancy};
use crate::check::{apply_exemptions, yaml_exemptions, Finding, Severity};
use crate::cli::{DbOpts, MigrationsOpts, SchemaOpts};
use crate::db::introspect::schemas_to_read;
use crate::db::{attempts, drift, history};
use crate::migrations;
use crate::schema::{self, Schema};
use crate::UsageError;

/// The database side of `check --db`: the schema rules on the live schema (with the YAML's
/// declarations when there is a YAML), applied migrations edited since, drift, custom rules.
async fn database_findings(
    opts: &CheckOpts,
    declared: Option<&Schema>,
    replayed: Option<&Schema>,
    migrations: &MigrationsOpts,
    config: &Config,
    column: &str,
    hazard_tables: &[String],
) -> anyhow::Result<(Vec<Finding>, crate::db::lock_plan::LiveTables)> {
    let database = opts.db.database()?;
    // Drift needs a scratch database: where it goes is settled before anything is read.
    let measures_drift = declared.is_some() && migrations.migrations_dir.exists();
    let dev = if measures_drift {
        Some(
            opts.dev
                .server("check --db (drift, with a schema directory)")?,
        )
    } else {
        None
    };
    // By default, the schemas the YAML or the migrations create are read besides public.
    let project: Vec<&Schema> = declared.into_iter().chain(replayed).collect();
    let schemas = schemas_to_read(&opts.read.schemas, &project);
    let mut conn = database.connect().await?;
    // Everything the model can hold is judged; what it cannot is a finding of its own.
    let (live, left_out) =
        crate::db::snapshot::side_by_side(&database, &mut conn, async |conn, readers| {
            crate::db::introspect::introspect_all_it_can(conn, readers, &schemas).await
        })
        .await?;
    let mut subject = live.clone();
    if let Some(declared) = declared {
        for t in &mut subject.tables {
            if let Some(d) = declared.table(&t.name) {
                t.lint = d.lint.clone();
            }
        }
    }
    // And the objects no part of the model covers (rules, event triggers, operators...).
    let mut left_out = left_out;
    let others = crate::db::introspect::unmodelled(&mut conn, &schemas).await?;
    // Drift compares raw objects as PostgreSQL prints them, on both sides (see `introspect`).
    let mut live = live;
    live.raw.extend(
        others
            .iter()
            .filter_map(crate::db::introspect::Unmodelled::raw),
    );
    left_out.extend(others.into_iter().map(|u| u.what));
    let mut findings = rules::not_modelled::findings(&left_out);
    findings.extend(rules::schema_rules(&SchemaContext {
        tenancy: tenancy(&subject, column, config),
        schema: &subject,
    }));
    if measures_drift {
        let files = migrations::load_all(&migrations.migrations_dir)?;
        let applied = history::read(&mut conn).await?;
        let edited = rules::applied_migration_edited::findings(&files, &applied);
        // An edited applied file is never built (it would run SQL the database never ran):
        // drift is measured once the history is restored.
        let history_intact = edited.is_empty();
        findings.extend(edited);
        let pending: Vec<&migrations::LoadedMigration> = files
            .iter()
            .filter(|f| !applied.iter().any(|a| a.version == f.file.version as i32))
            .collect();
        let live_tables: Vec<String> = live.tables.iter().map(|t| t.name.clone()).collect();
        findings.extend(rules::contract_in_expand_release::findings(
            &pending,
            &live_tables,
        ));
        if history_intact {
            let expected = drift::expected_schema(
                &database,
                &mut conn,
                &files,
                &applied,
                &schemas,
                &migrations.migrations_dir,
                dev.as_ref().and_then(|d| d.dev()),
                drift::Caller::Gate,
            )
            .await?;
            let changes = expected.drift(&live);
            if changes.is_empty() {
                let printed = crate::db::catalog_print::print(&mut conn, &schemas).await?;
                findings.extend(rules::catalog_drift::findings(
                    &expected.catalog_drift(&printed),
                ));
            }
            findings.extend(rules::schema_drift::findings(&changes));
        }
    }
    findings.extend(rules::invalid_index::findings(
        &attempts::invalid_indexes(&mut conn).await?,
    ));
    if let Some(declared) = declared {
        let existing: Vec<(String,)> = sqlx::query_as("SELECT rolname::text FROM pg_roles")
            .fetch_all(&mut conn)
            .await?;
        let existing: Vec<String> = existing.into_iter().map(|(r,)| r).collect();
        findings.extend(rules::missing_role::findings(&declared.roles, &existing));
    }
    let checks_dir = config_dir(&config.path);
    findings.extend(custom::run(&checks_dir, &mut conn).await?);
    let sizes = crate::db::lock_plan::LiveTables::read_tables(&mut conn, hazard_tables).await?;
    Ok((findings, sizes))
}

/// `check --dev-db URL` offline: the history's pairs proven on that server, and the declared
/// schema (when there is a YAML) compared with what the history gives there.
async fn server_proof(
    dev: &crate::db::connect::Database,
    sources: Option<&[(String, String)]>,
    migrations: &MigrationsOpts,
) -> anyhow::Result<Vec<Finding>> {
    let files = migrations::load_all(&migrations.migrations_dir)?;
    let replayed = crate::sql::replay::replay_all(&files).unwrap_or_default();
    let platform_sql = crate::platform::stand_in_of(
        &migrations.migrations_dir,
        files.iter().map(|f| f.sql.as_str()),
    )?;
    let platform = match &platform_sql {
        Some(sql) => crate::platform::provided(migrations::PLATFORM_FILE, sql)?,
        None => Schema::default(),
    };
    // The schema files `check` read already (through the cache, as the judging did).
    let declared = match sources {
        Some(sources) => Some(crate::platform::without_platform(
            schema::load_read(sources)?.0,
            &platform,
        )),
        None => None,
    };
    let fresh = declared.as_ref().map(crate::diff::create_all);
    let project: Vec<&Schema> = declared.iter().chain(Some(&replayed)).collect();
    let schemas = schemas_to_read(&[], &project);
    let refusals = crate::db::proof::prove_history(
        dev,
        platform_sql.as_deref(),
        &files,
        fresh.as_deref(),
        &schemas,
    )
    .await?;
    Ok(rules::server_proof::findings(&refusals))
}

/// Who the tenant is, and whether the schema must be distributable by it (Citus).
fn tenancy(schema: &Schema, column: &str, config: &Config) -> Tenancy {
    let mut tenancy = Tenancy::resolve(schema, column, config.tenant.root.as_deref());
    tenancy.citus = config.distribution == Some(crate::check::config::Distribution::Citus);
    tenancy.rls_required =
        config.tenant.rls == Some(crate::check::config::RlsRequirement::Required);
    tenancy
}

/// `checks/` for `checks/config.yaml`.
fn config_dir(config: &str) -> PathBuf {
    Path::new(config)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// At least one error finding (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FindingsFound(pub String);

pub struct CheckOpts {
    pub config: PathBuf,
    /// Whether `--config` was given (then the file must exist).
    pub config_given: bool,
    pub format: Option<Format>,
    pub list_rules: bool,
    /// `--since REF`: statement rules only for the migrations added after it.
    pub since: Option<String>,
    /// `--update-baseline`: accept today's findings in checks/baseline.yaml.
    pub update_baseline: bool,
    pub db: DbOpts,
    pub dev: crate::cli::DevDbOpts,
    pub read: crate::cli::ReadOpts,
}

/// The cache key of an offline check: every schema file, every migration file, and the
/// configuration, by name and bytes.
fn findings_key(
    sources: Option<&[(String, String)]>,
    history: Option<&rules::history::HistoryFiles>,
    config: &std::path::Path,
) -> crate::cache::Key {
    let mut key = crate::cache::Key::builder("check-findings");
    for (name, text) in sources.unwrap_or_default() {
        key.text(name).text(text);
    }
    key.text("--");
    if let Some(h) = history {
        for f in &h.files {
            key.text(&f.up.display().to_string());
            key.text(
                &f.down
                    .as_ref()
                    .map(|d| d.display().to_string())
                    .unwrap_or_default(),
            );
        }
        for texts in &h.texts {
            for t in texts {
                key.text(t);
            }
        }
    }
    key.text("--");
    key.text(&config.display().to_string());
    key.text(&std::fs::read_to_string(config).unwrap_or_default());
    key.finish()
}

/// Every rule, on the YAML and the history (and the database, with --db): the findings after
/// exemptions and configured severities, and whether a migration could not be read.
async fn judge(
    opts: &CheckOpts,
    migrations: &MigrationsOpts,
    config: &Config,
    sources: Option<&[(String, String)]>,
    history: Option<rules::history::HistoryFiles>,
    with_db: bool,
) -> anyhow::Result<(Vec<Finding>, bool)> {
    let column = config.tenant.column.as_deref().unwrap_or("organization_id");
    // The YAML and the migration history are read independently: on two threads. Offline,
    // the schema rules run as soon as the YAML is loaded, while the history is still walked.
    let (declared, walk, mut findings, schema_to_store) = std::thread::scope(|scope| {
        let walk = scope.spawn(|| history.map(rules::history::walk_read));
        let declared = sources.map(schema::load_read).transpose();
        let (declared, schema_to_store) = match declared {
            Ok(Some((schema, key))) => (Ok(Some(schema)), key),
            Ok(None) => (Ok(None), None),
            Err(e) => (Err(e), None),
        };
        let findings = match &declared {
            Ok(Some(declared)) if !with_db => rules::schema_rules(&SchemaContext {
                tenancy: tenancy(declared, column, config),
                schema: declared,
            }),
            _ => Vec::new(),
        };
        (
            declared,
            walk.join().expect("the history walk does not panic"),
            findings,
            schema_to_store,
        )
    });
    let declared = declared?;

    let mut sizes = None;
    if with_db {
        // The tables the statement hazards name: their size in the database goes in the note.
        let mut hazard_tables: Vec<String> = walk
            .iter()
            .flat_map(|w| &w.steps)
            .flat_map(|s| &s.hazards)
            .map(|h| h.table.clone())
            .collect();
        hazard_tables.sort();
        hazard_tables.dedup();
        let (found, live) = database_findings(
            opts,
            declared.as_ref(),
            walk.as_ref().and_then(|w| w.schema.as_ref()),
            migrations,
            config,
            column,
            &hazard_tables,
        )
        .await?;
        findings.extend(found);
        sizes = Some(live);
    }
    let mut unreadable = false;
    // The walk and the schema go to the cache on other threads while the migration rules run.
    std::thread::scope(|scope| {
        if let Some(w) = &walk {
            scope.spawn(|| rules::history::store(w));
        }
        if let (Some(key), Some(schema)) = (&schema_to_store, &declared) {
            scope.spawn(move || crate::cache::put(key, schema));
        }
        if let (Some(walk), Some(declared)) = (&walk, &declared) {
            findings.extend(rules::migration_rules(
                walk,
                declared,
                config.migrations.require_timeouts,
            ));
            // With --db, a statement hazard says how big its table is in the database.
            if let Some(sizes) = &sizes {
                for f in &mut findings {
                    let hazard = rules::hazards::RULES.iter().any(|r| r.id == f.rule);
                    if let Some(note) = f
                        .table
                        .as_deref()
                        .filter(|_| hazard)
                        .and_then(|t| sizes.hazard_note(t))
                    {
                        f.message.push_str(&note);
                    }
                }
            }
            unreadable = !walk.unreadable.is_empty();
        }
    });
    let declared = declared.unwrap_or_default();
    crate::discard(walk);
    place_unplaced(
        &mut findings,
        &declared,
        sources,
        &migrations.migrations_dir,
    );
    let mut exemptions = yaml_exemptions(&declared);
    exemptions.extend(config.exemptions());
    let findings: Vec<Finding> = apply_exemptions(findings, &exemptions)
        .into_iter()
        .filter_map(|mut f| {
            f.severity = config.severity(&f.rule, f.severity)?;
            Some(f)
        })
        .collect();
    crate::discard(declared);
    Ok((findings, unreadable))
}

/// The findings without those of the statement rules (hazards, `stale-allow`,
/// `destructive-change`) on migration files that the git ref `since` already holds: they have
/// run everywhere, and a hazard of theirs cannot be undone by editing them (an applied file
/// must not change), so only migrations added after `since` are judged statement by statement
/// — as Atlas's `--git-base` and Squawk in CI are used.
fn only_since(
    findings: Vec<Finding>,
    since: &str,
    migrations_dir: &Path,
) -> anyhow::Result<Vec<Finding>> {
    let listed = std::process::Command::new("git")
        .args(["ls-tree", "-r", "--name-only", since, "--"])
        .arg(migrations_dir)
        .output()
        .map_err(|e| UsageError(format!("--since {since}: cannot run git ({e})")))?;
    if !listed.status.success() {
        return Err(UsageError(format!(
            "--since {since}: git does not know it here ({}); give a branch, tag or commit of \
             this repository (in CI, fetch it first: `git fetch origin main`)",
            String::from_utf8_lossy(&listed.stderr).trim()
        ))
        .into());
    }
    let at_ref: std::collections::HashSet<PathBuf> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(PathBuf::from)
        .collect();
    let statement_rule = |id: &str| {
        rules::hazards::RULES.iter().any(|r| r.id == id)
            || id == rules::hazards::STALE_ALLOW.id
            || id == "destructive-change"
    };
    Ok(findings
        .into_iter()
        .filter(|f| {
            !(statement_rule(&f.rule)
                && f.file
                    .as_deref()
                    .is_some_and(|file| at_ref.contains(Path::new(file))))
        })
        .collect())
}

/// Every finding points at a file: code-scanning tools (GitHub's refuses a SARIF result without
/// a location) and readers need one. A finding about a table (drift) is placed where the YAML
/// declares it; the others (the YAML and the migrations out of sync, drift of what the YAML
/// does not declare) at the newest migration, else the first schema file.
fn place_unplaced(
    findings: &mut [Finding],
    declared: &Schema,
    sources: Option<&[(String, String)]>,
    migrations_dir: &Path,
) {
    if findings.iter().all(|f| f.file.is_some()) {
        return;
    }
    let newest_migration = migrations::scan(migrations_dir)
        .ok()
        .and_then(|files| files.last().map(|f| f.up.display().to_string()));
    let first_schema_file = sources.and_then(|s| s.iter().map(|(path, _)| path.clone()).min());
    let fallback = newest_migration.or(first_schema_file);
    for f in findings.iter_mut().filter(|f| f.file.is_none()) {
        let declared_at = f
            .table
            .as_deref()
            .and_then(|t| declared.table(t))
            .map(|t| (t.origin.file.to_string(), t.origin.line));
        match declared_at {
            Some((file, line)) if !file.is_empty() => {
                f.file = Some(file);
                f.line = Some(line.max(1));
            }
            _ => {
                if let Some(file) = &fallback {
                    f.file = Some(file.clone());
                    f.line = Some(1);
                }
            }
        }
    }
}

pub async fn run(
    schema_opts: &SchemaOpts,
    migrations: &MigrationsOpts,
    opts: &CheckOpts,
) -> anyhow::Result<()> {
    if opts.list_rules {
        let width = rules::all().map(|r| r.id.len()).max().unwrap_or(0);
        for r in rules::all() {
            let level = match r.default_severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            println!("{:<width$} {level:<8} {}", r.id, r.summary);
        }
        return Ok(());
    }
    // A configuration named on the command line must exist: a typo must not silently mean the
    // default rules.
    if opts.config_given && !opts.config.exists() {
        return Err(UsageError(format!(
            "--config {} does not exist; check the path (without --config, checks/config.yaml \
             is read when it exists)",
            opts.config.display()
        ))
        .into());
    }
    migrations.refuse_a_missing_explicit_dir()?;
    let config = Config::load(&opts.config)?;
    let with_db = opts.db.url.is_some();
    // With a database, the YAML is optional: `check --db` judges any existing database.
    let has_yaml = !with_db || schema_opts.schema_dir.exists();
    let dir = &migrations.migrations_dir;
    // Without a database, a missing migrations directory is an empty history: a YAML that
    // declares objects is then out of sync (as `generate --check` says), never a silent pass.
    let sources = has_yaml
        .then(|| schema::load::read_dir(&schema_opts.schema_dir))
        .transpose()?;
    let history = (has_yaml && (dir.exists() || !with_db))
        .then(|| rules::history::read(dir))
        .transpose()?;
    // Offline, the findings depend only on these files and the configuration: a run on the
    // same bytes as an earlier one reuses its findings (see `crate::cache`).
    let key = (!with_db).then(|| findings_key(sources.as_deref(), history.as_ref(), &opts.config));
    let cached: Option<(Vec<Finding>, bool)> = key.as_ref().and_then(crate::cache::get_json);
    let (findings, unreadable) = match cached {
        Some(hit) => hit,
        None => {
            let computed = judge(
                opts,
                migrations,
                &config,
                sources.as_deref(),
                history,
                with_db,
            )
            .await?;
            if let Some(key) = &key {
                crate::cache::put_json(key, &computed);
            }
            computed
        }
    };
    // Offline with `--dev-db URL`: every pair of the history proven on that server (never
    // cached: the server is part of the verdict).
    let mut findings = findings;
    let mut proven_on = None;
    if let (false, Some(url)) = (with_db, opts.dev.url.as_deref()) {
        let dev = crate::cli::proof_server(Some(url))?.expect("a URL was given");
        if !unreadable && dir.exists() {
            findings.extend(server_proof(&dev, sources.as_deref(), migrations).await?);
            proven_on = Some(dev.display);
        }
    }
    let format = opts
        .format
        .unwrap_or(if std::env::var_os("GITHUB_ACTIONS").is_some() {
            Format::Github
        } else {
            Format::Table
        });
    let findings = match &opts.since {
        Some(since) => only_since(findings, since, &migrations.migrations_dir)?,
        None => findings,
    };
    let baseline_path = config_dir(&opts.config.display().to_string()).join(baseline::FILE);
    if opts.update_baseline {
        if unreadable {
            anyhow::bail!(UsageError(
                "a migration could not be read: fix it before accepting today's findings \
                 (a baseline never accepts an unreadable migration)"
                    .into()
            ));
        }
        let n = baseline::write(&baseline_path, &findings)?;
        println!(
            "Wrote {} ({n} finding(s) accepted): `check` now fails only on new ones.",
            baseline_path.display()
        );
        return Ok(());
    }
    let entries = baseline::read(&baseline_path)?;
    let (findings, accepted) = baseline::apply(findings, &entries, &baseline_path);
    let mut checked = if with_db {
        report::Checked::database(&opts.db.database()?.display)
    } else {
        report::Checked::offline(
            &schema_opts.schema_dir.display().to_string(),
            &migrations.migrations_dir.display().to_string(),
        )
    };
    if let Some(server) = &proven_on {
        checked.what.push_str(&format!(
            "; every migration pair applied and undone on {server} (--dev-db)"
        ));
    }
    if accepted > 0 {
        checked.what.push_str(&format!(
            "; {accepted} finding(s) accepted by {}",
            baseline_path.display()
        ));
    }
    print!("{}", report::render(&findings, format, &checked));
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if unreadable {
        anyhow::bail!(crate::UsageError(
            "a migration could not be read (see unparseable-migration above); the migrations \
             after it were not checked"
                .into()
        ));
    }
    if errors > 0 {
        anyhow::bail!(FindingsFound(format!(
            "{errors} error finding(s); fix them or, when an exception is right, exempt it with a \
             reason (`exempt:` in the YAML, or checks/config.yaml)"
        )));
    }
    Ok(())
}
