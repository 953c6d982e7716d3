//! The JSON Schema of the YAML language, for editors (VS Code's YAML extension reads it from a
//! `# yaml-language-server: $schema=...` line): a typo such as `nulable` is underlined while
//! typing. The leaves are the loader's own serde types (`ColumnSpec`, `IndexSpec`...), so the
//! schema cannot drift from what `validate` accepts there; the levels the loader walks by hand
//! (a file, a table, a column group) are mirrored below, and a test keeps their keys equal to the
//! loader's key lists.

use std::collections::BTreeMap;

use schemars::JsonSchema;

use super::load::{
    CheckSpec, ColumnSpec, EnumSpec, ForeignKeySpec, GrantsSpec, IndexSpec, PolicySpec,
    TriggerSpec, UniqueSpec,
};

/// A column: its type alone (`name: text`), or its options.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum ColumnEntry {
    Type(String),
    Spec(Box<ColumnSpec>),
}

/// An enum: its values, or its values with a comment and renames.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum EnumEntry {
    Values(Vec<String>),
    Spec(EnumSpec),
}

/// A table (see `load::TABLE_KEYS`).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct TableFile {
    comment: Option<String>,
    renamed_from: Option<String>,
    global: Option<String>,
    scoped_through: Option<String>,
    critical: Option<bool>,
    /// Changes to this table once it exists are written as plain DDL (a table known to be
    /// small), not in the lock-safe forms.
    plain_ddl: Option<bool>,
    exempt: Option<BTreeMap<String, String>>,
    include: Option<Vec<String>>,
    columns: Option<BTreeMap<String, ColumnEntry>>,
    primary_key: Option<Vec<String>>,
    /// The primary key's name when it is not `<table>_pkey` (a renamed table's key keeps its
    /// old name in PostgreSQL).
    primary_key_name: Option<String>,
    foreign_keys: Option<Vec<ForeignKeySpec>>,
    indexes: Option<Vec<IndexSpec>>,
    unique: Option<Vec<UniqueSpec>>,
    checks: Option<Vec<CheckSpec>>,
    exclude: Option<Vec<super::load::ExclusionSpec>>,
    /// Declarative partitioning: `range (created_at)`, `list (region)`, `hash (guest_id)`.
    partition_by: Option<String>,
    /// The partitions of a table with `partition_by:`, each a name and its bound.
    partitions: Option<Vec<super::load::PartitionSpec>>,
    triggers: Option<Vec<TriggerSpec>>,
    rls: Option<bool>,
    force_rls: Option<bool>,
    /// What logical replication sends of an updated or deleted row's old values: `default`
    /// (the primary key), `full`, `nothing`, or `using index <unique index>`.
    replica_identity: Option<String>,
    /// On a Citus cluster: `reference` (copied to every node), `local` (on the coordinator
    /// only, whatever the project's default), or `{ by: <column>, colocate_with: <table> }`.
    distribution: Option<crate::objects::distribution::Spec>,
    policies: Option<Vec<PolicySpec>>,
    grants: Option<GrantsSpec>,
    external: Option<bool>,
}

/// `first` or `last`.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum Position {
    First,
    Last,
}

/// A column group (see `load::GROUP_KEYS`).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct GroupFile {
    position: Option<Position>,
    columns: Option<BTreeMap<String, ColumnEntry>>,
    triggers: Option<Vec<TriggerSpec>>,
    rls: Option<bool>,
    policies: Option<Vec<PolicySpec>>,
    grants: Option<GrantsSpec>,
}

/// One `schema/*.yaml` file (see `load::TOP_LEVEL_KEYS`).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct SchemaFile {
    schemas: Option<Vec<String>>,
    extensions: Option<Vec<super::load::ExtensionEntry>>,
    roles: Option<Vec<String>>,
    enums: Option<BTreeMap<String, EnumEntry>>,
    column_groups: Option<BTreeMap<String, GroupFile>>,
    tables: Option<BTreeMap<String, TableFile>>,
    /// SQL the model does not represent, kept verbatim.
    raw: Option<Vec<super::load::RawSpec>>,
    /// On a Citus cluster, the project's default: every table with the column `by` is
    /// distributed by it, every other table is a reference table.
    distribution: Option<crate::objects::distribution::ProjectDefault>,
}

/// The loader reads every YAML scalar as text (`default: true`, `default: 0` are the strings
/// `true` and `0`): where the loader takes a string, the editor accepts any scalar.
fn any_scalar_for_strings(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            let types: Option<Vec<serde_json::Value>> = match map.get("type") {
                Some(serde_json::Value::String(t)) => Some(vec![t.as_str().into()]),
                Some(serde_json::Value::Array(ts)) => Some(ts.clone()),
                _ => None,
            };
            if let Some(mut types) = types.filter(|t| t.contains(&"string".into())) {
                for extra in ["number", "boolean"] {
                    if !types.contains(&extra.into()) {
                        types.push(extra.into());
                    }
                }
                map.insert("type".into(), serde_json::Value::Array(types));
            }
            for (_, child) in map.iter_mut() {
                any_scalar_for_strings(child);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(any_scalar_for_strings),
        _ => {}
    }
}

/// The JSON Schema, as JSON text.
pub fn json() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(SchemaFile)).expect("a schema");
    any_scalar_for_strings(&mut schema);
    schema["title"] = "hotelschema schema file".into();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(schema: &serde_json::Value) -> Vec<String> {
        let mut k: Vec<String> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    }

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut k: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    }

    #[test]
    fn the_mirrored_levels_have_the_loader_s_keys() {
        let root = serde_json::to_value(schemars::schema_for!(SchemaFile)).unwrap();
        assert_eq!(keys(&root), sorted(super::super::load::TOP_LEVEL_KEYS));
        let defs = &root["definitions"];
        assert_eq!(
            keys(&defs["TableFile"]),
            sorted(super::super::load::TABLE_KEYS)
        );
        assert_eq!(
            keys(&defs["GroupFile"]),
            sorted(super::super::load::GROUP_KEYS)
        );
    }
}
