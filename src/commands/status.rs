//! `hotelschema status`: the migrations directory and the database's history, side by side.

use std::collections::BTreeMap;

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use serde::Serialize;

use crate::cli::{DbOpts, Format, MigrationsOpts};
use crate::db::connect::Database;
use crate::db::history::{self, Applied};
use crate::migrations::{self, LoadedMigration};

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Row {
    pub version: i64,
    pub name: String,
    pub applied_at: Option<String>,
    pub state: &'static str,
}

/// One row per version found on disk or in the history.
pub fn rows(files: &[LoadedMigration], applied: &[Applied]) -> Vec<Row> {
    let mut by_version: BTreeMap<i64, (Option<&LoadedMigration>, Option<&Applied>)> =
        BTreeMap::new();
    for f in files {
        by_version.entry(i64::from(f.file.version)).or_default().0 = Some(f);
    }
    for a in applied {
        by_version.entry(i64::from(a.version)).or_default().1 = Some(a);
    }
    by_version
        .into_iter()
        .map(|(version, (file, applied))| {
            let state = match (file, applied) {
                (None, _) => "file missing",
                (Some(f), Some(a)) if f.migration.checksum().to_string() != a.checksum => {
                    "checksum differs"
                }
                (Some(f), _) if f.file.down.is_none() => "down file missing",
                (Some(_), Some(_)) => "applied",
                (Some(_), None) => "pending",
            };
            Row {
                version,
                name: file
                    .map(|f| f.file.name.clone())
                    .or_else(|| applied.map(|a| a.name.clone()))
                    .unwrap_or_default(),
                applied_at: applied.map(|a| a.applied_on.clone()),
                state,
            }
        })
        .collect()
}

pub async fn run(
    migrations_opts: &MigrationsOpts,
    db: &DbOpts,
    format: Format,
) -> anyhow::Result<()> {
    let files = migrations::load_all(&migrations_opts.migrations_dir)?;
    let mut conn = Database::from_opts(db)?.connect().await?;
    let applied = history::read(&mut conn).await?;
    let rows = rows(&files, &applied);
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "migrations": rows }))?
        ),
        Format::Table => {
            let mut table = Table::new();
            table.load_preset(UTF8_FULL_CONDENSED);
            table.set_header(["version", "name", "applied at", "state"]);
            for r in &rows {
                table.add_row([
                    r.version.to_string(),
                    r.name.clone(),
                    r.applied_at.clone().unwrap_or_default(),
                    r.state.to_string(),
                ]);
            }
            println!("{table}");
        }
    }
    Ok(())
}
