//! Reading `tables:` and `column_groups:` (columns, constraints, indexes, triggers, policies,
//! grants) from the YAML.

use marked_yaml::Node;
use serde::de::DeserializeOwned;

use super::*;

pub(super) fn read_columns(
    file: &str,
    node: &Node,
    owner: &str,
    diags: &mut Diagnostics,
) -> Vec<ColumnDecl> {
    let Some(map) = expect_mapping(
        file,
        node,
        owner,
        "`columns:` as a mapping of column names to types or options",
        diags,
    ) else {
        return Vec::new();
    };
    if map.len() > MAX_COLUMNS {
        diags.error_with_hint(
            &origin_of(file, node),
            owner,
            format!(
                "declares {} columns; PostgreSQL allows at most {MAX_COLUMNS} per table",
                map.len()
            ),
            "split the table in two, linked by a foreign key",
        );
        return Vec::new();
    }
    let mut columns: Vec<ColumnDecl> = Vec::with_capacity(map.len());
    for (key, value) in map.iter() {
        let name = key.as_str().to_string();
        let object = format!("{owner}, column {name}");
        let origin = key_origin(file, key);
        let spec = match value {
            // Shorthand: `room_number: text`.
            Node::Scalar(s) => Some(ColumnSpec {
                type_name: s.as_str().to_string(),
                ..ColumnSpec::default()
            }),
            Node::Mapping(_) => leaf::<ColumnSpec>(file, value, &object, diags),
            Node::Sequence(_) => {
                diags.error_with_hint(
                    &origin,
                    &object,
                    "a column is a type or a mapping of options, not a list",
                    format!("write `{name}: text` or `{name}: {{ type: text, nullable: true }}`"),
                );
                None
            }
        };
        if let Some(spec) = spec {
            columns.push(ColumnDecl {
                name,
                spec: spec.into(),
                origin,
            });
        }
    }
    columns
}

pub(super) fn read_groups(
    file: &str,
    node: &Node,
    decls: &mut Declarations,
    diags: &mut Diagnostics,
) {
    let Some(map) = expect_mapping(
        file,
        node,
        "column_groups",
        "a mapping of group names to `columns:`",
        diags,
    ) else {
        return;
    };
    for (key, value) in map.iter() {
        let name = key.as_str().to_string();
        let object = format!("column group {name}");
        let origin = key_origin(file, key);
        let Some(body) = expect_mapping(file, value, &object, "a mapping with `columns:`", diags)
        else {
            continue;
        };
        let mut last = false;
        let mut columns = Vec::new();
        let mut triggers = Vec::new();
        let mut rls = false;
        let mut policies = Vec::new();
        let mut grants = Vec::new();
        for (k, v) in body.iter() {
            match k.as_str() {
                "position" => match v.as_scalar().map(|s| s.as_str()) {
                    Some("first") => last = false,
                    Some("last") => last = true,
                    _ => diags.error_with_hint(
                        &origin_of(file, v),
                        &object,
                        "`position` must be `first` or `last`",
                        "`first` puts the group's columns before the table's own, `last` after",
                    ),
                },
                "columns" => columns = read_columns(file, v, &object, diags),
                "triggers" => triggers = read_list(file, v, &object, diags),
                "rls" => rls = leaf::<bool>(file, v, &object, diags).unwrap_or(false),
                "policies" => policies = read_list(file, v, &object, diags),
                "grants" => grants = read_grants(file, v, &object, diags),
                _ => unknown_key(file, k, &object, GROUP_KEYS, diags),
            }
        }
        if let Some(prev) = decls.groups.iter().find(|g| g.name == name) {
            diags.error(
                &origin,
                object,
                format!("defined twice (also at {})", prev.origin),
            );
            continue;
        }
        decls.groups.push(GroupDecl {
            name,
            last,
            columns,
            triggers,
            rls,
            policies,
            grants,
            origin,
        });
    }
}

pub(super) fn read_grants(
    file: &str,
    node: &Node,
    object: &str,
    diags: &mut Diagnostics,
) -> Vec<(GrantsSpec, Origin)> {
    leaf::<GrantsSpec>(file, node, object, diags)
        .map(|g| vec![(g, origin_of(file, node))])
        .unwrap_or_default()
}

/// Reads a list whose items each go through serde, keeping each item's line.
pub(super) fn read_list<T: DeserializeOwned>(
    file: &str,
    node: &Node,
    object: &str,
    diags: &mut Diagnostics,
) -> Vec<(T, Origin)> {
    let Some(items) = node.as_sequence() else {
        diags.error(&origin_of(file, node), object, "expected a list (`- ...`)");
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| leaf::<T>(file, item, object, diags).map(|v| (v, origin_of(file, item))))
        .collect()
}

pub(super) fn read_tables(
    file: &str,
    node: &Node,
    decls: &mut Declarations,
    diags: &mut Diagnostics,
) {
    let Some(map) = expect_mapping(file, node, "tables", "a mapping of table names", diags) else {
        return;
    };
    for (key, value) in map.iter() {
        let name = key.as_str().to_string();
        let object = format!("table {name}");
        let origin = key_origin(file, key);
        let Some(body) = expect_mapping(
            file,
            value,
            &object,
            "a mapping with `columns:` and optionally indexes, unique, checks...",
            diags,
        ) else {
            continue;
        };
        let mut table = TableDecl {
            name: name.clone(),
            comment: None,
            renamed_from: None,
            global: None,
            scoped_through: None,
            critical: false,
            plain_ddl: false,
            exempt: Vec::new(),
            include: Vec::new(),
            columns: Vec::new(),
            primary_key: None,
            primary_key_name: None,
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            uniques: Vec::new(),
            checks: Vec::new(),
            exclusions: Vec::new(),
            partition_by: None,
            partitions: Vec::new(),
            triggers: Vec::new(),
            rls: false,
            force_rls: false,
            replica_identity: None,
            distribution: None,
            policies: Vec::new(),
            grants: Vec::new(),
            external: false,
            origin: origin.clone(),
        };
        for (k, v) in body.iter() {
            let object = format!("table {name}, {}", k.as_str());
            match k.as_str() {
                "comment" => table.comment = leaf::<String>(file, v, &object, diags),
                "renamed_from" => table.renamed_from = leaf::<String>(file, v, &object, diags),
                "global" => table.global = leaf::<String>(file, v, &object, diags),
                "scoped_through" => table.scoped_through = leaf::<String>(file, v, &object, diags),
                "critical" => {
                    table.critical = leaf::<bool>(file, v, &object, diags).unwrap_or(false)
                }
                "exempt" => {
                    if let Some(map) =
                        leaf::<std::collections::BTreeMap<String, String>>(file, v, &object, diags)
                    {
                        let at = origin_of(file, v);
                        table.exempt = map
                            .into_iter()
                            .map(|(rule, reason)| (rule, reason, at.clone()))
                            .collect();
                    }
                }
                "include" => {
                    if let Some(groups) = leaf::<Vec<String>>(file, v, &object, diags) {
                        let at = origin_of(file, v);
                        table.include = groups.into_iter().map(|g| (g, at.clone())).collect();
                    }
                }
                "columns" => table.columns = read_columns(file, v, &format!("table {name}"), diags),
                "primary_key" => {
                    table.primary_key = leaf::<Vec<String>>(file, v, &object, diags)
                        .map(|cols| (cols, origin_of(file, v)))
                }
                "primary_key_name" => {
                    table.primary_key_name =
                        leaf::<String>(file, v, &object, diags).map(|n| (n, origin_of(file, v)))
                }
                "foreign_keys" => table.foreign_keys = read_list(file, v, &object, diags),
                "indexes" => table.indexes = read_list(file, v, &object, diags),
                "unique" => table.uniques = read_list(file, v, &object, diags),
                "checks" => table.checks = read_list(file, v, &object, diags),
                "exclude" => table.exclusions = read_list(file, v, &object, diags),
                "partition_by" => {
                    table.partition_by =
                        leaf::<String>(file, v, &object, diags).map(|by| (by, origin_of(file, v)))
                }
                "partitions" => table.partitions = read_list(file, v, &object, diags),
                "triggers" => table.triggers = read_list(file, v, &object, diags),
                "rls" => table.rls = leaf::<bool>(file, v, &object, diags).unwrap_or(false),
                "force_rls" => {
                    table.force_rls = leaf::<bool>(file, v, &object, diags).unwrap_or(false)
                }
                "replica_identity" => {
                    if let Some(word) = leaf::<String>(file, v, &object, diags) {
                        let at = origin_of(file, v);
                        match crate::objects::table::ReplicaIdentity::parse(&word) {
                            Ok(identity) => table.replica_identity = identity.map(|i| (i, at)),
                            Err(why) => diags.error(&at, &object, why),
                        }
                    }
                }
                "distribution" => {
                    if let Some(spec) =
                        leaf::<crate::objects::distribution::Spec>(file, v, &object, diags)
                    {
                        let at = origin_of(file, v);
                        match spec.declared() {
                            Ok(declared) => table.distribution = Some((declared, at)),
                            Err(why) => diags.error(&at, &object, why),
                        }
                    }
                }
                "policies" => table.policies = read_list(file, v, &object, diags),
                "grants" => table.grants = read_grants(file, v, &object, diags),
                "external" => {
                    table.external = leaf::<bool>(file, v, &object, diags).unwrap_or(false)
                }
                "plain_ddl" => {
                    table.plain_ddl = leaf::<bool>(file, v, &object, diags).unwrap_or(false)
                }
                _ => unknown_key(file, k, &format!("table {name}"), TABLE_KEYS, diags),
            }
        }
        if !body.contains_key("columns") && !body.contains_key("include") && !table.external {
            diags.error_with_hint(
                &origin,
                format!("table {name}"),
                "has no columns",
                "add `columns:` (or `include:` a column group)",
            );
        }
        if let Some(prev) = decls.table_index.get(&name).map(|&i| &decls.tables[i]) {
            diags.error_with_hint(
                &origin,
                format!("table {name}"),
                format!("defined twice (also at {})", prev.origin),
                "keep one definition; a table lives in exactly one file",
            );
            continue;
        }
        decls.table_index.insert(name, decls.tables.len());
        decls.tables.push(Box::new(table));
    }
}
