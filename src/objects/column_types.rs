//! What the kinds a column may use as its type (enums, domains, composite types) tell the
//! column reader of a live database: read first, in the registry's types phase, they name each
//! type by its oid, as a column names its type.

use std::collections::{HashMap, HashSet};

/// The types read before the tables.
#[derive(Default)]
pub struct ColumnTypes {
    /// Each type's model name, by oid.
    pub by_oid: HashMap<i64, String>,
    /// Types of schemas not read (an enum of another schema): kept in the model only if a
    /// column read uses them.
    pub outside: HashSet<i64>,
}
