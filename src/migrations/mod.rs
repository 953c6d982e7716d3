//! The `migrations/` directory: file naming, listing, and writing a new up/down pair.
//!
//! `V0001__init.sql` is the up file refinery applies; `V0001__init.down.sql` is its inverse.
//! refinery's pattern (`^[UV]\d+__\w+\.sql$`) does not match `*.down.sql`, so both live side by
//! side and refinery never runs a down file forward.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// A header line that marks a migration to be run outside a transaction, statement by
/// statement (needed for CREATE INDEX CONCURRENTLY, and to use a new enum value).
pub const NO_TRANSACTION_MARKER: &str = "-- hotelschema:no-transaction";

/// The line `generate --allow-destructive` writes into a migration that loses data.
pub const DESTRUCTIVE_MARKER: &str = "-- hotelschema:allow-destructive";

/// Whether the leading comment block of `sql` holds `marker` on a line of its own.
pub fn has_marker(sql: &str, marker: &str) -> bool {
    sql.lines()
        .map(str::trim)
        .take_while(|l| l.is_empty() || l.starts_with("--"))
        .any(|l| l == marker)
}

/// Whether `sql` runs in one transaction: yes, unless it carries [`NO_TRANSACTION_MARKER`].
pub fn is_transactional(sql: &str) -> bool {
    !has_marker(sql, NO_TRANSACTION_MARKER)
}

/// One migration found on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationFile {
    pub version: u32,
    pub name: String,
    pub up: PathBuf,
    pub down: Option<PathBuf>,
}

impl MigrationFile {
    /// `V0007__add_spa`, as refinery and the history table name it.
    pub fn label(&self) -> String {
        format!("V{:04}__{}", self.version, self.name)
    }
}

/// A migration's up file read from disk, with refinery's view of it (version, checksum).
#[derive(Clone, Debug)]
pub struct LoadedMigration {
    pub file: MigrationFile,
    pub sql: String,
    pub migration: refinery_core::Migration,
}

/// Reads every up file of `dir`. Two files with one version are refused: which would run is
/// not something to guess.
pub fn load_all(dir: &Path) -> anyhow::Result<Vec<LoadedMigration>> {
    if !dir.is_dir() {
        bail!(crate::UsageError(format!(
            "the migrations directory {} does not exist; pass --migrations-dir, or write the \
             first migration with `hotelschema generate`",
            dir.display()
        )));
    }
    let files = scan(dir)?;
    for pair in files.windows(2) {
        if pair[0].version == pair[1].version {
            bail!(crate::UsageError(format!(
                "{} and {} have the same version {}; renumber one of them",
                pair[0].up.display(),
                pair[1].up.display(),
                pair[0].version
            )));
        }
    }
    files.into_iter().map(load).collect()
}

pub fn load(file: MigrationFile) -> anyhow::Result<LoadedMigration> {
    let sql = std::fs::read_to_string(&file.up)
        .with_context(|| format!("cannot read {}", file.up.display()))?;
    let migration = refinery_core::Migration::unapplied(&file.label(), &sql)
        .with_context(|| format!("refinery cannot read {}", file.up.display()))?;
    Ok(LoadedMigration {
        file,
        sql,
        migration,
    })
}

/// `V0007__add_spa` → (7, "add_spa") for a file stem; `None` for anything else. (refinery's
/// unversioned `U` migrations are not used: every hotelschema migration has a down file.)
fn parse_stem(stem: &str) -> Option<(u32, String)> {
    let rest = stem.strip_prefix('V')?;
    let (digits, name) = rest.split_once("__")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    Some((digits.parse().ok()?, name.to_string()))
}

/// Lists the migrations of `dir` by version. A missing directory is an empty history.
pub fn scan(dir: &Path) -> anyhow::Result<Vec<MigrationFile>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut ups = Vec::new();
    let mut downs = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            continue;
        };
        if let Some(stem) = file.strip_suffix(".down.sql") {
            if let Some(parsed) = parse_stem(stem) {
                downs.push((parsed, path));
            }
        } else if let Some(stem) = file.strip_suffix(".sql") {
            if let Some((version, name)) = parse_stem(stem) {
                ups.push(MigrationFile {
                    version,
                    name,
                    up: path,
                    down: None,
                });
            }
        }
    }
    for ((version, name), path) in downs {
        if let Some(m) = ups
            .iter_mut()
            .find(|m| m.version == version && m.name == name)
        {
            m.down = Some(path);
        }
    }
    ups.sort_by_key(|m| m.version);
    Ok(ups)
}

/// A migration name made of word characters only (`Add spa rooms!` → `add_spa_rooms`).
pub fn sanitize_name(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// The up and down file names of a migration.
pub fn file_names(version: u32, name: &str) -> (String, String) {
    (
        format!("V{version:04}__{name}.sql"),
        format!("V{version:04}__{name}.down.sql"),
    )
}

/// Writes every (version, name, up, down) migration, or none: each file goes to a temporary
/// file first, and is renamed into place only when all are complete; if a rename fails, the
/// files already renamed are removed. Existing files are never overwritten.
pub fn write_pairs(
    dir: &Path,
    migrations: &[(u32, &str, &str, &str)],
) -> anyhow::Result<Vec<(PathBuf, PathBuf)>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut staged = Vec::new();
    for (version, name, up_sql, down_sql) in migrations {
        let (up_name, down_name) = file_names(*version, name);
        for (file, sql) in [(up_name, up_sql), (down_name, down_sql)] {
            let path = dir.join(&file);
            if path.exists() {
                bail!(
                    "{} already exists; refusing to overwrite a migration",
                    path.display()
                );
            }
            let tmp = tempfile::NamedTempFile::new_in(dir)?;
            std::fs::write(tmp.path(), sql)?;
            staged.push((tmp, path));
        }
    }
    let mut placed: Vec<PathBuf> = Vec::new();
    for (tmp, path) in staged {
        if let Err(e) = tmp.persist_noclobber(&path) {
            for p in &placed {
                let _ = std::fs::remove_file(p);
            }
            return Err(e).with_context(|| format!("cannot write {}", path.display()));
        }
        placed.push(path);
    }
    Ok(placed
        .chunks(2)
        .map(|pair| (pair[0].clone(), pair[1].clone()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_no_transaction_marker_counts_only_in_the_header() {
        assert!(is_transactional(
            "-- Written by hotelschema\nCREATE TABLE t ();"
        ));
        assert!(!is_transactional(
            "-- Written by hotelschema\n-- hotelschema:no-transaction\n\nCREATE INDEX CONCURRENTLY i ON t (a);"
        ));
        assert!(is_transactional(
            "CREATE TABLE t ();\n-- hotelschema:no-transaction\n"
        ));
    }

    #[test]
    fn names_are_sanitised_to_word_characters() {
        assert_eq!(sanitize_name("Add spa rooms!"), "add_spa_rooms");
        assert_eq!(sanitize_name("  init "), "init");
        assert_eq!(sanitize_name("a--b"), "a_b");
        assert_eq!(sanitize_name("!!!"), "");
    }

    #[test]
    fn down_files_never_match_refinerys_pattern() {
        let (up, down) = file_names(1, "init");
        assert_eq!(up, "V0001__init.sql");
        assert_eq!(down, "V0001__init.down.sql");
        // refinery's pattern is ^[UV]\d+__\w+\.sql$: `.down` is not \w.
        let stem = down.strip_suffix(".sql").unwrap();
        assert!(stem.split_once("__").unwrap().1.contains('.'));
    }

    #[test]
    fn scan_pairs_up_and_down_files_by_version() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "V0002__b.sql",
            "V0001__a.sql",
            "V0001__a.down.sql",
            "notes.txt",
            "V3_x.sql",
        ] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        let found = scan(dir.path()).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].version, found[0].name.as_str()), (1, "a"));
        assert!(found[0].down.is_some());
        assert_eq!((found[1].version, found[1].name.as_str()), (2, "b"));
        assert!(found[1].down.is_none());
    }

    #[test]
    fn write_pair_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        write_pairs(dir.path(), &[(1, "init", "up", "down")]).unwrap();
        let err = write_pairs(dir.path(), &[(1, "init", "up2", "down2")]).unwrap_err();
        assert!(err.to_string().contains("refusing to overwrite"));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("V0001__init.sql")).unwrap(),
            "up"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
