//! Schemas other than `public` the project creates (`schemas:` in the YAML): the model, the SQL
//! that creates and drops one, and its planner (`diff.rs`).

pub mod annotated;
pub mod diff;

use crate::objects::privilege::Grant;
use crate::origin::Origin;
use crate::sql::ident::quote;

/// A PostgreSQL schema (a namespace: the word "schema" is taken by the model itself).
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Namespace {
    pub name: String,
    pub grants: Vec<Grant>,
    pub origin: Origin,
}

pub fn create_schema(n: &Namespace) -> String {
    format!("CREATE SCHEMA {};", quote(&n.name))
}

pub fn drop_schema(n: &Namespace) -> String {
    format!("DROP SCHEMA {};", quote(&n.name))
}
