//! `applied-migration-edited`: a migration file changed after the database applied it: the
//! file no longer says what the database ran, and its down file may not undo it. (Needs `--db`.)

use super::Rule;
use crate::check::{Finding, Severity};
use crate::db::history::Applied;
use crate::migrations::LoadedMigration;
use crate::schema::model::Origin;

pub const RULE: Rule = Rule {
    id: "applied-migration-edited",
    default_severity: Severity::Error,
    summary: "an applied migration whose file changed since (--db)",
};

pub fn findings(files: &[LoadedMigration], applied: &[Applied]) -> Vec<Finding> {
    crate::db::history::edited_since(files, applied)
        .into_iter()
        .map(|(f, a)| {
            Finding::new(
                &RULE,
                format!(
                    "{} was edited after the database applied it (on {}); restore the applied \
                     text and put the change in a new migration (drift is not measured \
                     meanwhile: nothing of an edited file is run)",
                    f.file.up.display(),
                    a.applied_on
                ),
            )
            .at(&Origin {
                file: f.file.up.display().to_string().into(),
                line: 1,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_must_match() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("V0001__a.sql"), "CREATE TABLE a ();").unwrap();
        let files = crate::migrations::load_all(dir.path()).unwrap();
        let applied = |checksum: String| Applied {
            version: 1,
            name: "a".into(),
            applied_on: "2026-01-01T00:00:00Z".into(),
            checksum,
        };
        let good = applied(files[0].checksum());
        assert!(findings(&files, &[good]).is_empty());
        let found = findings(&files, &[applied("1".into())]);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains(
            "V0001__a.sql was edited after the database applied it (on 2026-01-01T00:00:00Z)"
        ));
    }
}
