//! Citus distribution: how a table is spread over a Citus cluster. A table is either
//! hash-distributed by one column (its rows sharded over the workers, colocated with the other
//! tables distributed by a column of the same type) or a reference table (copied whole to every
//! node); a table with neither is local to the coordinator.
//!
//! In the YAML a table says `distribution: { by: organization_id }`, `distribution: reference`
//! or `distribution: local`; a top-level `distribution: { by: organization_id }` is the
//! project's default (every table with that column distributed by it, every other table a
//! reference table). In SQL it is a call: `SELECT create_distributed_table('t', 'c')`,
//! `SELECT create_reference_table('t')`, `SELECT undistribute_table('t')`; the migration
//! history's calls are replayed (`call.rs`, `replay.rs`), a live coordinator's `pg_dist_partition` read
//! (`read.rs`), changes planned (`diff.rs`) and judged (`validate.rs`).

pub mod call;
pub mod diff;
pub mod project;
pub mod read;
pub mod replay;
pub mod validate;

use crate::sql::ident::{literal, quote_qualified};

/// A table's place on a Citus cluster (none: local to the coordinator).
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum Distribution {
    /// Sharded by the hash of `column`. `colocate_with`: `None` is Citus's default group (the
    /// tables distributed by a column of the same type), `Some("none")` a group of its own,
    /// `Some(table)` that table's group.
    Hash {
        column: String,
        colocate_with: Option<String>,
    },
    /// Copied whole to every node.
    Reference,
}

/// What a table's `distribution:` says: its own, or `local` (none, whatever the default).
pub type Declared = Option<Distribution>;

impl Distribution {
    /// The YAML value: `reference`, or `{ by: c }` / `{ by: c, colocate_with: t }`, each name
    /// written by `scalar` (`pull` quotes what would be misread).
    pub fn yaml(&self, scalar: impl Fn(&str) -> String) -> String {
        match self {
            Distribution::Reference => "reference".into(),
            Distribution::Hash {
                column,
                colocate_with: None,
            } => format!("{{ by: {} }}", scalar(column)),
            Distribution::Hash {
                column,
                colocate_with: Some(with),
            } => format!(
                "{{ by: {}, colocate_with: {} }}",
                scalar(column),
                scalar(with)
            ),
        }
    }

    /// The call that gives `table` this distribution.
    pub fn create_sql(&self, table: &str) -> String {
        let t = literal(&quote_qualified(table));
        match self {
            Distribution::Reference => format!("SELECT create_reference_table({t});"),
            Distribution::Hash {
                column,
                colocate_with,
            } => {
                let with = colocate_with
                    .as_ref()
                    .map(|w| {
                        let w = if w == "none" {
                            "none".to_string()
                        } else {
                            quote_qualified(w)
                        };
                        format!(", colocate_with => {}", literal(&w))
                    })
                    .unwrap_or_default();
                format!(
                    "SELECT create_distributed_table({t}, {}{with});",
                    literal(&crate::sql::ident::quote(column))
                )
            }
        }
    }

    /// Which summary word a change uses.
    pub fn describe(&self) -> String {
        match self {
            Distribution::Reference => "a reference table".into(),
            Distribution::Hash {
                column,
                colocate_with,
            } => match colocate_with {
                None => format!("distributed by {column}"),
                Some(w) if w == "none" => format!("distributed by {column} (a group of its own)"),
                Some(w) => format!("distributed by {column}, colocated with {w}"),
            },
        }
    }
}

/// The call that takes a table back to the coordinator, local again.
pub fn undistribute_sql(table: &str) -> String {
    format!(
        "SELECT undistribute_table({});",
        literal(&quote_qualified(table))
    )
}

/// The project-wide default (`distribution: { by: <column> }` at the top level of a schema
/// file): tables with the column are distributed by it, every other table is a reference
/// table.
#[derive(serde::Deserialize, schemars::JsonSchema, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct ProjectDefault {
    /// The tenant column every tenant table is distributed by.
    pub by: String,
}

/// A table's `distribution:`: `reference`, `local`, or `{ by, colocate_with }`.
#[derive(serde::Deserialize, schemars::JsonSchema, Clone, Debug)]
#[serde(untagged)]
pub enum Spec {
    /// `reference` or `local`.
    Word(String),
    Hash(HashSpec),
}

#[derive(serde::Deserialize, schemars::JsonSchema, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct HashSpec {
    /// The column whose hash places each row (the tenant column).
    pub by: String,
    /// `none` for a colocation group of its own, or the table whose group it joins (default:
    /// the group of the tables distributed by a column of the same type).
    pub colocate_with: Option<String>,
}

impl Spec {
    /// What the table declares, or why the value is not one.
    pub fn declared(&self) -> Result<Declared, String> {
        match self {
            Spec::Word(w) if w == "reference" => Ok(Some(Distribution::Reference)),
            Spec::Word(w) if w == "local" => Ok(None),
            Spec::Word(w) => Err(format!(
                "distribution `{w}`: write `reference`, `local`, or `{{ by: <column> }}`"
            )),
            Spec::Hash(h) => Ok(Some(Distribution::Hash {
                column: h.by.clone(),
                colocate_with: h.colocate_with.clone(),
            })),
        }
    }
}

#[cfg(test)]
mod tests;
