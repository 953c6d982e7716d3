//! `invalid-index`: the database holds an index PostgreSQL marked INVALID — the remains of a
//! `CREATE INDEX CONCURRENTLY` that failed or was killed. It costs writes and serves no read,
//! and `IF NOT EXISTS` takes it for built. (Needs `--db`.)

use super::Rule;
use crate::check::{Finding, Severity};
use crate::db::attempts::InvalidIndex;

pub const RULE: Rule = Rule {
    id: "invalid-index",
    default_severity: Severity::Error,
    summary: "an index left INVALID by a failed or interrupted concurrent build (--db)",
};

pub fn findings(invalid: &[InvalidIndex]) -> Vec<Finding> {
    invalid
        .iter()
        .map(|i| {
            let mut f = Finding::new(&RULE, i.advice());
            f.table = Some(i.table.clone());
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_error_per_invalid_index_naming_how_to_fix_it() {
        let found = findings(&[InvalidIndex {
            index: "booking_guest_idx".into(),
            table: "booking".into(),
        }]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "invalid-index");
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].table.as_deref(), Some("booking"));
        assert!(found[0]
            .message
            .contains("DROP INDEX CONCURRENTLY booking_guest_idx;"));
        assert!(findings(&[]).is_empty());
    }
}
