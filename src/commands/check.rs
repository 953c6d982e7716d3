//! `hotelschema check`: the CI merge gate. Schema rules on the YAML, migration rules on the
//! migrations directory, exemptions and severities from the YAML and `checks/config.yaml`.

use std::path::PathBuf;

use crate::check::config::Config;
use crate::check::report::{self, Format};
use crate::check::rules::{self, SchemaContext, Tenancy};
use crate::check::{apply_exemptions, yaml_exemptions, Finding, Severity};
use crate::cli::{MigrationsOpts, SchemaOpts};
use crate::schema;

/// At least one error finding (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct FindingsFound(pub String);

pub struct CheckOpts {
    pub config: PathBuf,
    pub format: Option<Format>,
    pub list_rules: bool,
}

pub fn run(
    schema_opts: &SchemaOpts,
    migrations: &MigrationsOpts,
    opts: &CheckOpts,
) -> anyhow::Result<()> {
    if opts.list_rules {
        for r in rules::ALL {
            let level = match r.default_severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            println!("{:<30} {level:<8} {}", r.id, r.summary);
        }
        return Ok(());
    }
    let config = Config::load(&opts.config)?;
    // The YAML and the migration history are read independently: on two threads.
    let dir = &migrations.migrations_dir;
    let (declared, walk) = std::thread::scope(|scope| {
        let walk = scope.spawn(|| dir.exists().then(|| rules::history::walk(dir)).transpose());
        let declared = schema::load_dir(&schema_opts.schema_dir);
        (
            declared,
            walk.join().expect("the history walk does not panic"),
        )
    });
    let (declared, walk) = (declared?, walk?);
    let tenancy = Tenancy::resolve(
        &declared,
        config.tenant.column.as_deref().unwrap_or("organization_id"),
        config.tenant.root.as_deref(),
    );
    let mut findings = rules::schema_rules(&SchemaContext {
        schema: &declared,
        tenancy,
    });
    let mut unreadable = false;
    if let Some(walk) = &walk {
        findings.extend(rules::migration_rules(walk, &declared));
        unreadable = !walk.unreadable.is_empty();
    }
    let mut exemptions = yaml_exemptions(&declared);
    exemptions.extend(config.exemptions());
    let findings: Vec<Finding> = apply_exemptions(findings, &exemptions)
        .into_iter()
        .filter_map(|mut f| {
            f.severity = config.severity(f.rule, f.severity)?;
            Some(f)
        })
        .collect();

    let format = opts
        .format
        .unwrap_or(if std::env::var_os("GITHUB_ACTIONS").is_some() {
            Format::Github
        } else {
            Format::Table
        });
    print!("{}", report::render(&findings, format));
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
