//! `hotelschema status`: the migrations directory and the database's history, side by side.

use std::collections::BTreeMap;

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use serde::Serialize;

use crate::cli::{DbOpts, Format, MigrationsOpts};
use crate::db::attempts::{self, Attempt};
use crate::db::history::{self, Applied};
use crate::migrations::{self, LoadedMigration};

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Row {
    pub version: i64,
    pub name: String,
    pub applied_at: Option<String>,
    pub state: &'static str,
    /// For a failed or interrupted non-transactional migration: when it started, and how it
    /// ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempt: Option<String>,
}

/// One row per version found on disk or in the history.
pub fn rows(
    files: &[LoadedMigration],
    applied: &[Applied],
    attempts: &[Attempt],
    baselined: &[i32],
) -> Vec<Row> {
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
            let attempt = attempts
                .iter()
                .find(|a| i64::from(a.version) == version)
                .filter(|_| applied.is_none());
            let state = match (file, applied) {
                (None, _) => "file missing",
                (Some(f), Some(a)) if f.checksum() != a.checksum => "checksum differs",
                (Some(f), _) if f.file.down.is_none() => "down file missing",
                (Some(_), Some(a)) if baselined.contains(&a.version) => "baselined",
                (Some(_), Some(_)) => "applied",
                (Some(_), None) => match attempt {
                    Some(Attempt { error: Some(_), .. }) => "failed",
                    Some(Attempt { error: None, .. }) => "interrupted",
                    None => "pending",
                },
            };
            Row {
                version,
                name: file
                    .map(|f| f.file.name.clone())
                    .or_else(|| applied.map(|a| a.name.clone()))
                    .unwrap_or_default(),
                applied_at: applied.map(|a| a.applied_on.clone()),
                state,
                attempt: attempt.map(|a| match &a.error {
                    Some(error) => format!("started {}; failed: {error}", a.started_at),
                    None => format!(
                        "started {}; the run ended before it finished (killed, or its \
                         connection lost)",
                        a.started_at
                    ),
                }),
            }
        })
        .collect()
}

/// `2026-12-01T14:03:42.943340044Z` as `2026-12-01 14:03:42 UTC` (JSON keeps the stored text).
fn readable_time(stored: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    match time::OffsetDateTime::parse(stored, &Rfc3339) {
        Ok(t) => {
            let t = t.to_offset(time::UtcOffset::UTC);
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
                t.year(),
                t.month() as u8,
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        }
        Err(_) => stored.to_string(),
    }
}

pub async fn run(
    migrations_opts: &MigrationsOpts,
    db: &DbOpts,
    format: Format,
) -> anyhow::Result<()> {
    let files = migrations::load_all(&migrations_opts.migrations_dir)?;
    let mut conn = db.database()?.connect().await?;
    let applied = history::read(&mut conn).await?;
    let attempts = attempts::read(&mut conn).await?;
    let invalid = attempts::invalid_indexes(&mut conn).await?;
    let baselined = crate::commands::baseline::baselined(&mut conn).await?;
    let rows = rows(&files, &applied, &attempts, &baselined);
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "migrations": rows,
                "invalid_indexes": invalid,
            }))?
        ),
        Format::Table => {
            let mut table = Table::new();
            table.load_preset(UTF8_FULL_CONDENSED);
            table.set_header(["version", "name", "applied at", "state"]);
            for r in &rows {
                table.add_row([
                    r.version.to_string(),
                    r.name.clone(),
                    r.applied_at
                        .as_deref()
                        .map(readable_time)
                        .unwrap_or_default(),
                    r.state.to_string(),
                ]);
            }
            println!("{table}");
            for r in &rows {
                if let Some(attempt) = &r.attempt {
                    println!(
                        "\nV{:04}__{} is {}: {attempt}\n  `hotelschema migrate` runs it again, \
                         first dropping any INVALID index it left.",
                        r.version, r.name, r.state
                    );
                }
            }
            for i in &invalid {
                println!("\n{}", i.advice());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod time_tests {
    #[test]
    fn stored_times_read_to_the_second_in_utc() {
        assert_eq!(
            super::readable_time("2026-12-01T14:03:42.943340044Z"),
            "2026-12-01 14:03:42 UTC"
        );
        assert_eq!(
            super::readable_time("2026-12-01T16:03:42+02:00"),
            "2026-12-01 14:03:42 UTC"
        );
        assert_eq!(super::readable_time("not a date"), "not a date");
    }
}
