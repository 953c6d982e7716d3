//! The project's default distribution applied to a table, and whether a schema uses Citus.

use super::{Declared, Distribution, ProjectDefault};

/// The distribution of a table that does not declare its own, under the project's default.
pub fn by_default(default: &ProjectDefault, table: &crate::objects::table::Table) -> Declared {
    if table.external {
        // A platform's table is not the project's to distribute.
        return None;
    }
    if table.column(&default.by).is_some() {
        Some(Distribution::Hash {
            column: default.by.clone(),
            colocate_with: None,
        })
    } else {
        Some(Distribution::Reference)
    }
}

/// Whether a schema distributes anything (so it needs a Citus coordinator).
pub fn uses_citus(schema: &crate::schema::model::Schema) -> bool {
    schema.tables.iter().any(|t| t.distribution.is_some())
}
