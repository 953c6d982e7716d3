//! `hotelschema init`: a new project — a commented example schema that passes `validate`,
//! `generate` and `check` as it is, an empty migrations directory, the checker's configuration,
//! and a GitHub Actions workflow running the merge gate. Nothing is overwritten.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::UsageError;

/// The files `init` writes, relative to the project directory, and their text.
fn files() -> Vec<(PathBuf, String)> {
    vec![
        (
            PathBuf::from("schema/schema.yaml"),
            format!(
                "# yaml-language-server: $schema=../hotelschema.schema.json\n{}",
                include_str!("schema.yaml")
            ),
        ),
        (
            PathBuf::from("hotelschema.schema.json"),
            crate::schema::editor_schema::json(),
        ),
        (
            PathBuf::from("checks/config.yaml"),
            include_str!("config.yaml").to_string(),
        ),
        (
            PathBuf::from(".github/workflows/hotelschema.yml"),
            include_str!("workflow.yml").to_string(),
        ),
    ]
}

pub fn run(dir: &Path) -> anyhow::Result<()> {
    let files = files();
    let taken: Vec<String> = files
        .iter()
        .map(|(p, _)| dir.join(p))
        .chain([dir.join("migrations")])
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !taken.is_empty() {
        return Err(UsageError(format!(
            "{} already exist(s); init starts a new project and overwrites nothing (nothing was \
             written). To take over an existing database, see `hotelschema adopt --help`.",
            taken.join(", ")
        ))
        .into());
    }
    for (path, text) in &files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("Wrote {}", path.display());
    }
    let migrations = dir.join("migrations");
    std::fs::create_dir_all(&migrations)
        .with_context(|| format!("cannot create {}", migrations.display()))?;
    println!("Created {}/", migrations.display());
    println!(
        "\nNext: edit schema/schema.yaml, then\n  hotelschema validate\n  hotelschema generate \
         --name init\n  hotelschema check"
    );
    Ok(())
}
