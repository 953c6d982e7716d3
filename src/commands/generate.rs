//! `hotelschema generate`: YAML → the next migration pair.

use anyhow::bail;

use crate::cli::{MigrationsOpts, SchemaOpts};
use crate::diff::{self, Change, Kind};
use crate::migrations as files;
use crate::schema;

/// Raised when the request is valid but this version cannot serve it yet.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NotImplemented(pub String);

pub fn run(schema: &SchemaOpts, migrations: &MigrationsOpts, raw_name: &str) -> anyhow::Result<()> {
    let name = files::sanitize_name(raw_name);
    if name.is_empty() {
        bail!(crate::UsageError(format!(
            "--name {raw_name:?} has no letters or digits; use something like `--name add_spa_rooms`"
        )));
    }
    let loaded = schema::load_dir(&schema.schema_dir)?;
    let existing = files::scan(&migrations.migrations_dir)?;
    if let Some(last) = existing.last() {
        bail!(NotImplemented(format!(
            "{} already holds migrations (latest: {}). Generating a migration on top of existing \
             ones is not implemented yet in this version of hotelschema; nothing was written. To \
             regenerate the first migration, remove the existing files first.",
            migrations.migrations_dir.display(),
            last.up.display()
        )));
    }
    let changes = diff::create_all(&loaded);
    if changes.is_empty() {
        println!("The schema is empty: nothing to generate.");
        return Ok(());
    }
    let version = 1;
    let (up_name, down_name) = files::file_names(version, &name);
    let command = format!("hotelschema generate --name {name}");
    let up = up_script(&changes, &command, &down_name);
    let down = down_script(&changes, &command, &up_name);
    let (up_path, down_path) =
        files::write_pair(&migrations.migrations_dir, version, &name, &up, &down)?;
    println!("Wrote {} ({})", up_path.display(), summary(&changes));
    println!("Wrote {} (its inverse)", down_path.display());
    Ok(())
}

/// "3 extensions, 23 enums, 31 tables, ..."
fn summary(changes: &[Change]) -> String {
    let mut counts: Vec<(Kind, usize)> = Vec::new();
    for c in changes {
        match counts.iter_mut().find(|(k, _)| *k == c.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((c.kind, 1)),
        }
    }
    counts
        .iter()
        .map(|(k, n)| format!("{n} {}", k.noun(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// SQL comment lines; an empty line becomes a bare `--`.
fn header(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines.iter().flat_map(|l| l.split('\n')) {
        if line.is_empty() {
            out.push_str("--\n");
        } else {
            out.push_str(&format!("-- {line}\n"));
        }
    }
    out
}

pub fn up_script(changes: &[Change], command: &str, down_name: &str) -> String {
    let mut out = header(&[
        format!("Written by `{command}`."),
        format!("Creates {}.", summary(changes)),
        format!("Its exact inverse is {down_name}."),
        "Do not edit a migration once it has been applied anywhere: write a new one.".into(),
    ]);
    for c in changes {
        out.push_str(&format!("\n-- {}\n{}\n", c.summary, c.up));
    }
    out
}

pub fn down_script(changes: &[Change], command: &str, up_name: &str) -> String {
    let mut lines = vec![
        format!("Written by `{command}`."),
        format!("Undoes {up_name}: every statement's inverse, in reverse order."),
    ];
    let tables: Vec<&str> = changes
        .iter()
        .filter(|c| c.kind == Kind::Table)
        .map(|c| c.summary.trim_start_matches("table "))
        .collect();
    if !tables.is_empty() {
        lines.push(String::new());
        lines.push("WARNING: rolling back drops these tables and every row in them:".to_string());
        let chunks: Vec<String> = tables.chunks(8).map(|c| c.join(", ")).collect();
        lines.push(format!("  {}", chunks.join(",\n  ")));
    }
    let mut out = header(&lines);
    for c in changes.iter().rev() {
        out.push_str(&format!("\n-- {}\n{}\n", c.summary, c.down));
    }
    out
}
