//! `hotelschema diff`: the drift of a live database, as a readable diff.

use crate::cli::{DbOpts, DevDbOpts, MigrationsOpts, ReadOpts};
use crate::db::introspect::{introspect, schemas_to_read};
use crate::db::{attempts, drift, history};
use crate::diff::readable;
use crate::migrations;

/// The database drifted from its migrations (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Drift(pub String);

pub async fn run(
    migrations_opts: &MigrationsOpts,
    db: &DbOpts,
    dev: &DevDbOpts,
    read: &ReadOpts,
    format: crate::cli::Format,
) -> anyhow::Result<()> {
    let dev = dev.server("diff")?;
    let files = migrations::load_all(&migrations_opts.migrations_dir)?;
    // By default, read the schemas the migrations create besides public. A history the
    // replay cannot follow still has its drift measured, on public.
    let replayed = crate::sql::replay::replay_all(&files).unwrap_or_default();
    let schemas = schemas_to_read(&read.schemas, &[&replayed]);
    let database = db.database()?;
    let mut conn = database.connect().await?;
    let live = crate::db::snapshot::side_by_side(&database, &mut conn, async |conn, readers| {
        introspect(conn, readers, &schemas).await
    })
    .await?;
    let applied = history::read(&mut conn).await?;
    let expected = drift::expected_schema(
        &database,
        &mut conn,
        &files,
        &applied,
        &schemas,
        &migrations_opts.migrations_dir,
        dev.dev(),
        drift::Caller::Gate,
    )
    .await?;
    let changes = expected.drift(&live);
    // What the model's comparison cannot see, PostgreSQL's print of both sides does.
    let catalog = if changes.is_empty() {
        let printed = crate::db::catalog_print::print(&mut conn, &schemas).await?;
        expected.catalog_drift(&printed)
    } else {
        drift::CatalogDrift::default()
    };
    let expected = expected.schema;
    // An INVALID index looks built to the catalog's definitions; PostgreSQL never uses it.
    let invalid = attempts::invalid_indexes(&mut conn).await?;
    if format == crate::cli::Format::Json {
        let drift: Vec<serde_json::Value> = changes
            .iter()
            .map(|c| {
                serde_json::json!({
                    // `down` brings the database back to what its migrations create.
                    "summary": c.summary, "sql": c.up, "undo": c.down,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "database": database.display,
                "applied": applied.len(),
                "drift": drift,
                "catalog_drift": catalog,
                "invalid_indexes": invalid,
            }))?
        );
        if changes.is_empty() && catalog.is_empty() && invalid.is_empty() {
            return Ok(());
        }
        return Err(Drift(format!(
            "{} has drifted from its migrations",
            database.display
        ))
        .into());
    }
    for i in &invalid {
        println!("{}", i.advice());
    }
    if changes.is_empty() && !catalog.is_empty() {
        println!(
            "--- {} (what the applied migrations build, as PostgreSQL prints it)\n+++ {} (what \
             the database holds)",
            migrations_opts.migrations_dir.display(),
            database.display
        );
        print!("{}", catalog.render());
        return Err(Drift(format!(
            "{} differs from its migrations in what the model has no words for ({} line(s)); \
             put the change in a migration (`raw:` in the YAML), or undo it",
            database.display,
            catalog.missing.len() + catalog.unexpected.len()
        ))
        .into());
    }
    if changes.is_empty() && !invalid.is_empty() {
        return Err(Drift(format!(
            "{} holds {} INVALID index(es); rebuild or drop them",
            database.display,
            invalid.len()
        ))
        .into());
    }
    if changes.is_empty() {
        println!(
            "No drift: {} holds exactly what its {} applied migration(s) create.",
            database.display,
            applied.len()
        );
        return Ok(());
    }
    println!(
        "--- {} (what the applied migrations create)\n+++ {} (what the database holds)",
        migrations_opts.migrations_dir.display(),
        database.display
    );
    // Names come from the live database: one holding a control character (an escape
    // sequence) is shown escaped, uncoloured, rather than sent to the terminal.
    use crate::schema::diagnostic::escape_controls;
    let plain = readable(&expected, &live, false);
    if plain.chars().any(|c| c.is_control() && c != '\n') {
        for line in plain.lines() {
            println!("{}", escape_controls(line));
        }
    } else {
        print!("{}", readable(&expected, &live, crate::colour::stdout()));
    }
    println!("\nDrift ({}):", changes.len());
    for c in &changes {
        println!("  {}", escape_controls(&c.summary));
    }
    Err(Drift(format!(
        "{} has drifted from its migrations; put the changes in a migration, or undo them",
        database.display
    ))
    .into())
}
