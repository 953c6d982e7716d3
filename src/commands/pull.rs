//! `hotelschema pull`: an existing database written out as YAML, one file per table, so a
//! team can take it over. What the model does not cover is listed on stderr, by name.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::{DbOpts, ReadOpts};
use crate::db::introspect::{introspect_all_it_can, schemas_to_read, unmodelled};
use crate::schema::model::namespace_of;
use crate::schema::{self, write};
use crate::UsageError;

/// A file name for a table: its name where that is safe, `_` elsewhere.
fn file_name(table: &str) -> String {
    let safe: String = table
        .chars()
        .map(|c| {
            // `billing.invoice.yaml` for a table of schema billing.
            if c.is_alphanumeric() || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.yaml")
}

pub async fn run(
    db: &DbOpts,
    read: &ReadOpts,
    out: &Path,
    platform: Option<&str>,
    format: crate::cli::Format,
) -> anyhow::Result<()> {
    let platform = match platform {
        Some(sql) => crate::platform::provided(crate::migrations::PLATFORM_FILE, sql)?,
        None => crate::schema::model::Schema::default(),
    };
    if out.exists()
        && std::fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .next()
            .is_some()
    {
        return Err(UsageError(format!(
            "{} is not empty; pull writes a new schema directory and never overwrites one: pass \
             --out with a new directory",
            out.display()
        ))
        .into());
    }
    let database = db.database()?;
    let mut conn = database.connect().await?;
    let schemas = schemas_to_read(&read.schemas, &[]);
    // What the model cannot hold never stops the rest: it is named below, and kept as raw SQL
    // where PostgreSQL can print it.
    let ((mut schema, not_read), others) =
        crate::db::snapshot::side_by_side(&database, &mut conn, async |conn, readers| {
            let read = introspect_all_it_can(conn, readers, &schemas).await?;
            Ok((read, unmodelled(conn, &schemas).await?))
        })
        .await?;
    let (kept, left_out): (Vec<_>, Vec<_>) = others.into_iter().partition(|u| u.sql.is_some());
    let mut left_out: Vec<String> = left_out
        .into_iter()
        .map(|u| format!("{} ({})", u.what, u.why))
        .collect();
    let (columns_kept, not_read): (Vec<String>, Vec<String>) = not_read
        .into_iter()
        .partition(|m| m.ends_with(crate::db::introspect::KEPT_RAW));
    left_out.extend(not_read);
    // Raw objects run in this order, after the tables: types (a column may use one), then the
    // columns of types the model does not know, then the rest (a rule may read such a column).
    let raw_columns = std::mem::take(&mut schema.raw);
    let (types, others): (Vec<_>, Vec<_>) = kept.iter().partition(|u| u.what.starts_with("type "));
    schema.raw = types
        .iter()
        .filter_map(|u| u.raw())
        .chain(raw_columns)
        .chain(others.iter().filter_map(|u| u.raw()))
        .collect();
    // The platform's own objects are not the project's.
    let schema = crate::platform::without_platform(schema, &platform);
    // A table of public is named without its schema, which in the YAML means "declared here":
    // a reference into public needs public read too.
    if !schemas.iter().any(|s| s == "public") {
        let into_public: Vec<String> = schema
            .tables
            .iter()
            .flat_map(|t| t.foreign_keys.iter().map(move |f| (t, f)))
            .filter(|(_, f)| namespace_of(&f.ref_table).is_none())
            .map(|(t, f)| format!("{} → {}", t.name, f.ref_table))
            .collect();
        if !into_public.is_empty() {
            return Err(UsageError(format!(
                "foreign keys point into the public schema, which was not read ({}); add \
                 `--schema public` so the tables they reference are pulled too; nothing was \
                 written",
                into_public.join(", ")
            ))
            .into());
        }
    }

    let mut files: Vec<(String, String)> = vec![("_types.yaml".into(), write::types_file(&schema))];
    for t in &schema.tables {
        files.push((
            file_name(&t.name),
            crate::objects::table::write::table_file(&schema, t),
        ));
    }
    files.extend(schema::write_sql::sql_files(&schema));
    if !schema.raw.is_empty() {
        files.push(("_raw.yaml".into(), write::raw_file(&schema.raw)));
    }
    // What is written must load: check before anything reaches the disk.
    if let Err(invalid) = schema::load_sources(&files) {
        return Err(UsageError(format!(
            "the database cannot be written as valid hotelschema YAML yet; nothing was written:\n{invalid}"
        ))
        .into());
    }
    // Write into a sibling temporary directory, then move it into place: all files or none.
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = tempfile::tempdir_in(&parent)
        .with_context(|| format!("cannot create a directory in {}", parent.display()))?;
    // One file per table: creating thousands of small files is system time, spent on two cores.
    let write = |part: &[(String, String)]| -> anyhow::Result<()> {
        for (name, text) in part {
            let path = staging.path().join(name);
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    };
    let (first, second) = files.split_at(files.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| write(second));
        let mine = write(first);
        mine.and(other.join().expect("writing files does not panic"))
    })?;
    if out.exists() {
        std::fs::remove_dir(out).with_context(|| format!("cannot replace {}", out.display()))?;
    }
    std::fs::rename(staging.keep(), out)
        .with_context(|| format!("cannot move the pulled schema into {}", out.display()))?;
    if format == crate::cli::Format::Json {
        let names: Vec<String> = files
            .iter()
            .map(|(n, _)| out.join(n).display().to_string())
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "database": database.display,
                "schemas_read": schemas,
                "written": names,
                "tables": schema.tables.len(),
                "enums": schema.enums.len(),
                "functions": schema.functions.len(),
                "views": schema.views.len(),
                "kept_as_raw_sql": schema.raw.iter().map(|r| &r.name).collect::<Vec<_>>(),
                "not_modelled": left_out,
            }))?
        );
        return Ok(());
    }
    println!(
        "Wrote {} ({} tables, {} enums, {} extensions) from {} (schemas read: {})",
        out.display(),
        schema.tables.len(),
        schema.enums.len(),
        schema.extensions.len(),
        database.display,
        schemas.join(", ")
    );
    // A schema not asked for that holds an enum a column uses: say why it is in the YAML.
    for n in schema.schemas.iter().filter(|n| !schemas.contains(&n.name)) {
        eprintln!(
            "Note: schema {} was not asked for, but columns use its enums: it is pulled too \
             (`schemas:` in _types.yaml), and the first migration creates it.",
            n.name
        );
    }
    if !schema.raw.is_empty() {
        eprintln!(
            "Kept as raw SQL in {} — hotelschema does not model these, so generate carries their \
             SQL verbatim:",
            out.join("_raw.yaml").display()
        );
        for c in &columns_kept {
            eprintln!("  {c}");
        }
        for u in &kept {
            eprintln!("  {} ({})", u.what, u.why);
        }
    }
    if !left_out.is_empty() {
        eprintln!(
            "Not pulled — hotelschema does not model these and PostgreSQL cannot print them; \
             add them under `raw:` by hand:"
        );
        for o in &left_out {
            eprintln!("  {o}");
        }
    }
    Ok(())
}
