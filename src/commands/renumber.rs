//! `hotelschema renumber`: after merging the main branch, a branch's new migrations may share a
//! version with main's (two `V0007`). This moves the named migrations, in the order given, after
//! every other one: both files renamed, and the header lines that name them rewritten. For
//! migrations not yet applied anywhere — an applied one keeps its version forever.

use std::path::Path;

use anyhow::Context;

use crate::cli::MigrationsOpts;
use crate::migrations::{file_names, scan, MigrationFile};
use crate::UsageError;

/// `V0007__add_spa` or `add_spa` names the migration `m`.
fn names(m: &MigrationFile, given: &str) -> bool {
    given == m.label() || given == m.name || given == format!("{}.sql", m.label())
}

/// The text with every comment line's mention of `old` replaced by `new` (statements untouched).
fn rewrite_header(text: &str, old: &str, new: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| {
            if l.starts_with("--") {
                l.replace(old, new)
            } else {
                l.to_string()
            }
        })
        .collect()
}

pub fn run(migrations: &MigrationsOpts, given: &[String], dry_run: bool) -> anyhow::Result<()> {
    let dir = &migrations.migrations_dir;
    let files = scan(dir)?;
    let mut moving: Vec<&MigrationFile> = Vec::new();
    for g in given {
        let matching: Vec<&MigrationFile> = files.iter().filter(|m| names(m, g)).collect();
        match matching.as_slice() {
            [m] => moving.push(m),
            [] => {
                return Err(UsageError(format!(
                    "no migration named `{g}` in {}; give its file name (V0007__add_spa) or its \
                     name (add_spa); nothing was renamed",
                    dir.display()
                ))
                .into())
            }
            _ => {
                return Err(UsageError(format!(
                    "`{g}` names several migrations; give the whole file name \
                     (V0007__add_spa); nothing was renamed"
                ))
                .into())
            }
        }
    }
    let staying_max = files
        .iter()
        .filter(|m| !moving.iter().any(|x| x.up == m.up))
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    let mut plan = Vec::new();
    for (i, m) in moving.iter().enumerate() {
        let version = staying_max + 1 + i as u32;
        let (up, down) = file_names(version, &m.name);
        plan.push((*m, version, up, down));
    }
    for (m, _, up, _) in &plan {
        println!(
            "{} {} -> {up}",
            if dry_run { "would rename" } else { "renamed" },
            m.label()
        );
    }
    if dry_run {
        return Ok(());
    }
    // Read everything first, then write the new files, then remove the old ones: an error
    // before the removals leaves the old files in place.
    let mut writes = Vec::new();
    for (m, version, up, down) in &plan {
        let old_label = m.label();
        let new_label = MigrationFile {
            version: *version,
            name: m.name.clone(),
            up: m.up.clone(),
            down: None,
        }
        .label();
        let up_text = std::fs::read_to_string(&m.up)
            .with_context(|| format!("cannot read {}", m.up.display()))?;
        writes.push((
            dir.join(up),
            rewrite_header(&up_text, &old_label, &new_label),
            m.up.clone(),
        ));
        if let Some(d) = &m.down {
            let down_text = std::fs::read_to_string(d)
                .with_context(|| format!("cannot read {}", d.display()))?;
            writes.push((
                dir.join(down),
                rewrite_header(&down_text, &old_label, &new_label),
                d.clone(),
            ));
        }
    }
    for (path, _, _) in &writes {
        if path.exists() && !writes.iter().any(|(_, _, old)| old == path) {
            return Err(UsageError(format!(
                "{} already exists; nothing was renamed",
                path.display()
            ))
            .into());
        }
    }
    for (path, text, _) in &writes {
        write_new(path, text)?;
    }
    for (path, _, old) in &writes {
        if old != path {
            std::fs::remove_file(old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        }
    }
    Ok(())
}

fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
