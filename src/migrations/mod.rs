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
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
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

/// A migration's up file read from disk.
#[derive(Clone, Debug)]
pub struct LoadedMigration {
    pub file: MigrationFile,
    pub sql: String,
}

impl LoadedMigration {
    /// The migration as refinery runs it and records it. Built when asked for, not when the file
    /// is read: it holds a second copy of the file and hashes all of it, which `check` and
    /// `generate` never need (the hash was 2% of their CPU, the copy 15 MB at 20,000 tables).
    pub fn migration(&self) -> refinery_core::Migration {
        refinery_core::Migration::unapplied(&self.file.label(), &self.sql)
            .expect("the name was checked when the file was read")
    }

    /// refinery's checksum of the file, as its history table records it.
    pub fn checksum(&self) -> String {
        self.migration().checksum().to_string()
    }
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
                "{} and {} have the same version {}; renumber one of them: `hotelschema \
                 renumber {}` moves it after the newest (two branches each added one)",
                pair[0].up.display(),
                pair[1].up.display(),
                pair[0].version,
                pair[1]
                    .up
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )));
        }
    }
    files.into_iter().map(load).collect()
}

pub fn load(file: MigrationFile) -> anyhow::Result<LoadedMigration> {
    // The name as refinery reads it (its version must fit its integer type).
    refinery_core::parse_migration_name(&file.label())
        .with_context(|| format!("refinery cannot read {}", file.up.display()))?;
    let sql = crate::text_file::read(&file.up)?;
    Ok(LoadedMigration { file, sql })
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
    // refinery keeps a version as a 32-bit signed integer.
    let version: u32 = digits.parse().ok().filter(|v| *v <= i32::MAX as u32)?;
    Some((version, name.to_string()))
}

/// The file in the migrations directory that lists names to leave alone (one per line, `#`
/// starts a comment): files or subdirectories that look like migrations but are not.
pub const IGNORE_FILE: &str = ".hotelschemaignore";

/// The file in the migrations directory that stands in for what the platform provides before
/// any migration (Supabase's `auth` schema, roles...): run first in the scratch databases
/// hotelschema builds, never by `migrate`.
pub const PLATFORM_FILE: &str = "platform.sql";

/// The platform stand-in of `dir`, when there is one.
pub fn platform_sql(dir: &Path) -> anyhow::Result<Option<String>> {
    let path = dir.join(PLATFORM_FILE);
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(crate::text_file::read(&path)?))
}

/// Lists the migrations of `dir` by version. A missing directory is an empty history.
///
/// Anything that looks like a migration but does not match the pattern — `v2__x.sql`,
/// `V3__x.SQL`, `V4_x.sql`, refinery's `U2__x.sql`, a down file without its up file, a
/// subdirectory — is refused, each named with what is wrong, unless `.hotelschemaignore` lists
/// it: ignored in silence, it would be a migration that never runs while `migrate` says all is
/// applied.
pub fn scan(dir: &Path) -> anyhow::Result<Vec<MigrationFile>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let ignored = read_ignore_file(dir)?;
    let mut ups = Vec::new();
    let mut downs = Vec::new();
    let mut strays: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot read {}", dir.display()))?
            .path();
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else {
            strays.push(format!("{}: the name is not UTF-8", path.display()));
            continue;
        };
        if ignored.iter().any(|i| i == file) || file.starts_with('.') || file == PLATFORM_FILE {
            continue;
        }
        if path.is_dir() {
            strays.push(format!(
                "{}/: a subdirectory; migrations are read only from {} itself",
                path.display(),
                dir.display()
            ));
        } else if let Some(stem) = file.strip_suffix(".down.sql") {
            match parse_stem(stem) {
                Some(parsed) => downs.push((parsed, path)),
                None => strays.push(format!("{}: {}", path.display(), misnamed(stem))),
            }
        } else if let Some(stem) = file.strip_suffix(".sql") {
            match parse_stem(stem) {
                Some((version, name)) => ups.push(MigrationFile {
                    version,
                    name,
                    up: path,
                    down: None,
                }),
                None => strays.push(format!("{}: {}", path.display(), misnamed(stem))),
            }
        } else if file.to_ascii_lowercase().ends_with(".sql") {
            strays.push(format!(
                "{}: the extension must be `.sql`, in lower case",
                path.display()
            ));
        }
    }
    for ((version, name), path) in downs {
        match ups
            .iter_mut()
            .find(|m| m.version == version && m.name == name)
        {
            Some(m) => m.down = Some(path),
            None => strays.push(format!(
                "{}: a down file without its up file ({})",
                path.display(),
                file_names(version, &name).0
            )),
        }
    }
    if !strays.is_empty() {
        strays.sort();
        bail!(crate::UsageError(format!(
            "{} holds files that look like migrations but would never run; nothing was done:\n  \
             - {}\nRename each to V<version>__<name>.sql (and .down.sql), remove it, or list its \
             name in {}/{IGNORE_FILE} to leave it alone on purpose.",
            dir.display(),
            strays.join("\n  - "),
            dir.display()
        )));
    }
    ups.sort_by_key(|m| m.version);
    Ok(ups)
}

/// What is wrong with a `.sql` file name that is not `V<digits>__<word characters>`.
fn misnamed(stem: &str) -> &'static str {
    let too_big = stem
        .strip_prefix('V')
        .and_then(|rest| rest.split_once("__"))
        .is_some_and(|(digits, _)| {
            !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u32>().map_or(true, |v| v > i32::MAX as u32)
        });
    if too_big {
        return "the version is too big: versions go up to 2147483647 (the history keeps them as 32-bit integers)";
    }
    let mut chars = stem.chars();
    match chars.next() {
        Some('U') => "refinery's unversioned `U` migrations are not supported (they have no down file); name it V<version>__<name>.sql",
        Some('v') => "the `V` must be upper case",
        Some('V') if !stem.contains("__") => "the version and the name are separated by two underscores: V<version>__<name>.sql",
        Some('V') => "the version must be digits and the name letters, digits and `_`: V<version>__<name>.sql",
        _ => "a migration is named V<version>__<name>.sql",
    }
}

/// The names `.hotelschemaignore` lists; none when it does not exist.
fn read_ignore_file(dir: &Path) -> anyhow::Result<Vec<String>> {
    let path = dir.join(IGNORE_FILE);
    if !path.exists() {
        return Ok(Vec::new());
    }
    Ok(crate::text_file::read(&path)?
        .lines()
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_end_matches('/')
        })
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
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
            let tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot create a file in {}", dir.display()))?;
            std::fs::write(tmp.path(), sql).with_context(|| {
                format!(
                    "cannot write {} (as {})",
                    path.display(),
                    tmp.path().display()
                )
            })?;
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
    fn a_version_past_32_bits_is_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("V2147483648__x.sql"), "SELECT 1;").unwrap();
        let e = scan(dir.path()).unwrap_err();
        assert!(e.is::<crate::UsageError>());
        assert!(
            e.to_string().contains("versions go up to 2147483647"),
            "{e}"
        );
        std::fs::remove_file(dir.path().join("V2147483648__x.sql")).unwrap();
        std::fs::write(dir.path().join("V2147483647__x.sql"), "SELECT 1;").unwrap();
        assert_eq!(scan(dir.path()).unwrap()[0].version, 2147483647);
    }

    #[test]
    fn files_that_look_like_migrations_are_refused_unless_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("V0001__a.sql"), "").unwrap();
        std::fs::write(dir.path().join("V3_x.sql"), "").unwrap();
        let e = scan(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("V3_x.sql: the version and the name are separated by two underscores"),
            "{e}"
        );
        std::fs::write(dir.path().join(IGNORE_FILE), "V3_x.sql  # an old draft\n").unwrap();
        assert_eq!(scan(dir.path()).unwrap().len(), 1);
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
