//! How a diff writes changes to tables that already exist, and the comparison of expressions
//! every planner shares. A leaf: the planners (`diff/`, `objects/<kind>/diff.rs`) import it.

use crate::schema::model::Table;
use crate::sql::normal::normalize_expression;

/// How a diff changes tables that already exist (and so may hold rows). By default it writes
/// the lock-safe forms: constraints added NOT VALID then validated, indexes built and dropped
/// CONCURRENTLY, unique constraints adopting a concurrently built index, SET NOT NULL behind a
/// validated check.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Build every new index on an existing table CONCURRENTLY, even with `plain`.
    pub concurrently: bool,
    /// Plain DDL everywhere (`generate --plain-ddl`): for databases whose tables are small.
    pub plain: bool,
}

impl Options {
    /// Plain DDL: what drift reports as the way back (a repair, not a deploy).
    pub fn plain() -> Options {
        Options {
            plain: true,
            ..Options::default()
        }
    }

    /// Whether changes to `t`, which already exists, are written in the lock-safe forms.
    /// A partitioned table gets plain DDL: PostgreSQL refuses CONCURRENTLY, NOT VALID foreign
    /// keys and USING INDEX on one.
    pub(crate) fn safe_for(self, t: &Table) -> bool {
        !self.plain && !t.migration.0.plain_ddl && t.partitioning.is_none()
    }
}

/// Whether two expressions are the same once PostgreSQL's spelling is applied to both.
pub(crate) fn same_expr(a: &str, b: &str) -> bool {
    a == b || normalize_expression(a) == normalize_expression(b)
}

pub(crate) fn same_opt_expr(a: Option<&String>, b: Option<&String>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => same_expr(a, b),
        _ => false,
    }
}
