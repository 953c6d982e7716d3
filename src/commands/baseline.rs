//! `hotelschema migrate --baseline`: adopt a database that already holds what the migrations
//! build. The migrations up to a version are recorded as applied — after proving it: the
//! database is compared with a scratch database built from those migrations (the drift
//! comparison), and on any difference nothing is recorded and the difference is shown.
//! Recorded versions are also listed in `hotelschema_baseline`, so `status` can say which rows
//! were baselined rather than run; they roll back like any other migration.

use anyhow::Context;
use sqlx::{AssertSqlSafe, Connection};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::cli::{DbOpts, DevDbOpts, MigrationsOpts, SessionOpts};
use crate::commands::diff::Drift;
use crate::commands::migrate::{history_problems, open};
use crate::db::history::{self, Applied};
use crate::db::introspect::{introspect, schemas_to_read};
use crate::db::snapshot::Readers;
use crate::db::{drift, lock};
use crate::diff::readable;
use crate::migrations::{self, LoadedMigration};
use crate::UsageError;

/// Where baselined versions are listed (beside refinery's history, which has no room for it).
pub const TABLE: &str = "hotelschema_baseline";

/// The versions of `versions` that were baselined (an absent table lists none).
pub async fn baselined(conn: &mut sqlx::PgConnection) -> anyhow::Result<Vec<i32>> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
        .bind(format!("public.{TABLE}"))
        .fetch_one(&mut *conn)
        .await?;
    if !exists {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_scalar(AssertSqlSafe(format!(
        "SELECT version FROM public.{TABLE} ORDER BY version"
    )))
    .fetch_all(&mut *conn)
    .await?)
}

/// `hotelschema adopt`: pull, generate the first migration, baseline it.
pub fn adopt(
    platform: Option<&str>,
    db: &DbOpts,
    dev: &DevDbOpts,
    read: &crate::cli::ReadOpts,
    schema: &crate::cli::SchemaOpts,
    migrations_opts: &MigrationsOpts,
    session: &SessionOpts,
) -> anyhow::Result<()> {
    // Where the proof is built is settled before anything is written.
    dev.server("adopt")?;
    let dir = &migrations_opts.migrations_dir;
    let marker = dir.join(ADOPTING);
    if marker.exists() {
        // An adopt of these directories was cut off before it finished: what it wrote is its
        // own (both were empty when it began), so it is cleared and the adopt starts again.
        let recorded = std::fs::read_to_string(&marker).unwrap_or_default();
        if std::path::Path::new(&recorded) != schema.schema_dir {
            return Err(UsageError(format!(
                "{} marks an interrupted adopt that wrote its schema to {recorded:?}: run adopt \
                 again with --schema-dir {recorded:?} to start it over, or remove {} and its \
                 migrations",
                marker.display(),
                marker.display()
            ))
            .into());
        }
        clear_interrupted(&schema.schema_dir, dir)?;
        println!(
            "Resuming an interrupted adopt: cleared what it had written in {} and {}",
            schema.schema_dir.display(),
            dir.display()
        );
    }
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(UsageError(format!(
            "{} is not empty: adopt starts the history of a database that has none; to record \
             existing migrations on a database, run `hotelschema migrate --baseline`",
            dir.display()
        ))
        .into());
    }
    if schema.schema_dir.exists() && std::fs::read_dir(&schema.schema_dir)?.next().is_some() {
        return Err(UsageError(format!(
            "{} is not empty; adopt writes a new schema directory and never overwrites one: pass \
             --schema-dir with a new directory",
            schema.schema_dir.display()
        ))
        .into());
    }
    // The platform stand-in first: read before anything is written, so a bad name changes nothing.
    let stand_in = platform.map(crate::platform::stand_in).transpose()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Refused before anything is written: a standby cannot be baselined.
    runtime.block_on(refuse_standby(db))?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    std::fs::write(&marker, schema.schema_dir.display().to_string())
        .with_context(|| format!("cannot write {}", marker.display()))?;
    let written = (|| -> anyhow::Result<()> {
        runtime.block_on(crate::commands::pull::run(
            db,
            read,
            &schema.schema_dir,
            stand_in.as_deref(),
            crate::cli::Format::Table,
        ))?;
        if let Some(sql) = &stand_in {
            let path = dir.join(migrations::PLATFORM_FILE);
            std::fs::write(&path, sql)
                .with_context(|| format!("cannot write {}", path.display()))?;
            println!(
                "Wrote {} (what the platform provides, for scratch databases)",
                path.display()
            );
        }
        crate::commands::generate::run(
            schema,
            migrations_opts,
            &crate::commands::generate::GenerateOpts {
                name: Some("init".into()),
                check: false,
                allow_destructive: false,
                concurrently: false,
                plain_ddl: false,
                format: crate::cli::Format::Table,
                // The baseline below proves the migration against the database itself.
                dev: None,
            },
        )?;
        // The findings the database has today, accepted: the gate fails on new ones from day
        // one, not on 23 findings of a schema nobody chose. Written offline, before the
        // database records anything, so that a run cut off after the record leaves nothing
        // to redo.
        runtime.block_on(crate::commands::check::run(
            schema,
            migrations_opts,
            &crate::commands::check::CheckOpts {
                config: "checks/config.yaml".into(),
                config_given: false,
                format: None,
                list_rules: false,
                since: None,
                update_baseline: true,
                db: DbOpts { url: None },
                dev: DevDbOpts::default(),
                read: crate::cli::ReadOpts::default(),
            },
        ))
    })();
    if let Err(e) = written {
        // Half a take-over is worth nothing: the directories go back to empty.
        clear_interrupted(&schema.schema_dir, dir)?;
        return Err(e);
    }
    // From here the files are whole: a failed proof leaves them for `migrate --baseline`.
    let baselined = runtime.block_on(run(migrations_opts, db, dev, session, None));
    std::fs::remove_file(&marker).with_context(|| format!("cannot remove {}", marker.display()))?;
    baselined
}

/// The file that marks an adopt in progress, in the migrations directory (files starting with
/// a dot are not migrations): present after a run that was cut off.
const ADOPTING: &str = ".hotelschema-adopting";

/// Removes what an interrupted adopt wrote: both directories were empty when it began.
fn clear_interrupted(schema_dir: &std::path::Path, dir: &std::path::Path) -> anyhow::Result<()> {
    for d in [schema_dir, dir] {
        if d.exists() {
            std::fs::remove_dir_all(d).with_context(|| format!("cannot clear {}", d.display()))?;
        }
    }
    Ok(())
}

/// A standby cannot be taken over in place (the history is written to it): said before any
/// file is written.
async fn refuse_standby(db: &DbOpts) -> anyhow::Result<()> {
    let database = db.database()?;
    let mut conn = database.connect().await?;
    if crate::db::connect::is_standby(&mut conn).await? {
        return Err(UsageError(format!(
            "{} is a standby (read-only): adopt records the first migration on the database it \
             takes over, so run it against the primary; nothing was written",
            database.display
        ))
        .into());
    }
    Ok(())
}

pub async fn run(
    migrations_opts: &MigrationsOpts,
    db: &DbOpts,
    dev: &DevDbOpts,
    session: &SessionOpts,
    target: Option<u32>,
) -> anyhow::Result<()> {
    let files = migrations::load_all(&migrations_opts.migrations_dir)?;
    let database = db.database()?;
    let dev = dev.server("migrate --baseline")?;
    let mut conn = open(db, session).await?;
    let applied = history::read(&mut conn).await?;
    let problems = history_problems(&applied, &files);
    if !problems.is_empty() {
        return Err(UsageError(format!(
            "refusing to baseline; nothing was recorded:\n  - {}",
            problems.join("\n  - ")
        ))
        .into());
    }
    if let Some(t) = target {
        if !files.iter().any(|f| f.file.version == t) {
            return Err(UsageError(format!(
                "--target {t}: there is no migration of that version in {}; nothing was recorded",
                migrations_opts.migrations_dir.display()
            ))
            .into());
        }
    }
    let upto = |f: &&LoadedMigration| target.is_none_or(|t| f.file.version <= t);
    let record: Vec<&LoadedMigration> = files
        .iter()
        .filter(upto)
        .filter(|f| !applied.iter().any(|a| a.version == f.file.version as i32))
        .collect();
    if record.is_empty() {
        println!(
            "Nothing to baseline: every migration up to version {} is already in the history.",
            target.map_or("the last".to_string(), |t| t.to_string())
        );
        lock::release(&mut conn).await;
        return Ok(());
    }

    // The proof: the database holds exactly what these migrations build.
    let covered: Vec<LoadedMigration> = files.iter().filter(upto).cloned().collect();
    let replayed = crate::sql::replay::replay_all(&covered).unwrap_or_default();
    let schemas = schemas_to_read(&[], &[&replayed]);
    let now = OffsetDateTime::now_utc().format(&Rfc3339)?;
    let as_if_applied: Vec<Applied> = covered
        .iter()
        .map(|f| Applied {
            version: f.file.version as i32,
            name: f.file.name.clone(),
            applied_on: now.clone(),
            checksum: f.checksum(),
        })
        .collect();
    let live = introspect(&mut conn, &mut Readers::none(), &schemas).await?;
    let expected = drift::expected_schema(
        &database,
        &mut conn,
        &covered,
        &as_if_applied,
        &schemas,
        &migrations_opts.migrations_dir,
        dev.dev(),
        drift::Caller::Operator,
    )
    .await?;
    let changes = expected.drift(&live);
    let printed = crate::db::catalog_print::print(&mut conn, &schemas).await?;
    let catalog = expected.catalog_drift(&printed);
    let expected = expected.schema;
    if changes.is_empty() && !catalog.is_empty() {
        println!(
            "--- {} (what migrations 1..{} build, as PostgreSQL prints it)\n+++ {} (what the \
             database holds)",
            migrations_opts.migrations_dir.display(),
            covered.last().map_or(0, |f| f.file.version),
            database.display
        );
        print!("{}", catalog.render());
        lock::release(&mut conn).await;
        return Err(Drift(format!(
            "{} holds what the migrations do not build, in what the model has no words for \
             ({} line(s)), so nothing was recorded: a baseline must be true. Add it to the \
             migrations (`raw:` in the YAML) and baseline again",
            database.display,
            catalog.missing.len() + catalog.unexpected.len()
        ))
        .into());
    }
    if !changes.is_empty() {
        println!(
            "--- {} (what migrations 1..{} build)\n+++ {} (what the database holds)",
            migrations_opts.migrations_dir.display(),
            covered.last().map_or(0, |f| f.file.version),
            database.display
        );
        print!("{}", readable(&expected, &live, crate::colour::stdout()));
        println!("\nDifferences ({}):", changes.len());
        for c in &changes {
            println!("  {}", c.summary);
        }
        lock::release(&mut conn).await;
        return Err(Drift(format!(
            "{} does not hold what the migrations build, so nothing was recorded; make them \
             agree (pull again, or fix the database), then baseline again",
            database.display
        ))
        .into());
    }

    // Recorded in one transaction: every version, or none.
    let mut tx = conn.begin().await?;
    sqlx::raw_sql(AssertSqlSafe(format!(
        "CREATE TABLE IF NOT EXISTS {} (version INT4 PRIMARY KEY, name VARCHAR(255), \
         applied_on VARCHAR(255), checksum VARCHAR(255));
         CREATE TABLE IF NOT EXISTS public.{TABLE} (version INT4 PRIMARY KEY, \
         baselined_on timestamptz NOT NULL DEFAULT now());",
        history::TABLE
    )))
    .execute(&mut *tx)
    .await?;
    for f in &record {
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO {} (version, name, applied_on, checksum) VALUES ($1, $2, $3, $4)",
            history::TABLE
        )))
        .bind(f.file.version as i32)
        .bind(&f.file.name)
        .bind(&now)
        .bind(f.checksum())
        .execute(&mut *tx)
        .await?;
        sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO public.{TABLE} (version) VALUES ($1)
             ON CONFLICT (version) DO UPDATE SET baselined_on = now()"
        )))
        .bind(f.file.version as i32)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    lock::release(&mut conn).await;
    let versions: Vec<String> = record.iter().map(|f| f.file.version.to_string()).collect();
    println!(
        "Baselined {} migration(s) ({}): {} holds what they build, and now records them as \
         applied. `status` lists them as baselined; they roll back like any other.",
        record.len(),
        versions.join(", "),
        database.display
    );
    Ok(())
}
