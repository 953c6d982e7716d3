//! Enums: the model, their SQL (`sql.rs`: create, drop, add or rename a value, rebuild the type
//! under its columns) and their planner (`diff.rs`: values added in a migration of their own,
//! renamed, or removed by a rebuild).

pub mod diff;
pub mod read;
pub mod replay;
pub mod sql;
pub mod write;

use crate::origin::{Hint, Origin};

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct EnumType {
    pub name: String,
    pub values: Vec<String>,
    pub comment: Option<String>,
    /// Declared value renames, as (new, old).
    pub renamed_values: Hint<Vec<(String, String)>>,
    pub origin: Origin,
}
