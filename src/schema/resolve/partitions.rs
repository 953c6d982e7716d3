//! `partition_by:` and `partitions:` → the model's partitioning, key and bounds in
//! PostgreSQL's canonical spelling (see `objects::partition`).

use super::*;
use crate::objects::partition::{normalise_bound, normalise_key, Partition, Partitioning};

pub(super) fn partitioning_from_decl(
    decl: &TableDecl,
    diags: &mut Diagnostics,
) -> Option<Partitioning> {
    let name = &decl.name;
    let Some((by, origin)) = &decl.partition_by else {
        if let Some((_, origin)) = decl.partitions.first() {
            diags.error_with_hint(
                origin,
                format!("table {name}, partitions"),
                "has partitions but no `partition_by:`",
                "add `partition_by: range (column)` (or `list (...)`, `hash (...)`) to the table",
            );
        }
        return None;
    };
    let by = match normalise_key(by) {
        Ok(by) => by,
        Err(e) => {
            diags.error_with_hint(
                origin,
                format!("table {name}, partition_by"),
                format!("`{by}` is not a partition key ({e})"),
                "write it as after PARTITION BY: `range (created_at)`, `list (region)`, \
                 `hash (guest_id)`",
            );
            return None;
        }
    };
    let mut partitions: Vec<Partition> = Vec::new();
    for (spec, origin) in &decl.partitions {
        let object = format!("table {name}, partition {}", spec.name);
        if partitions.iter().any(|p| p.name == spec.name) {
            diags.error_with_hint(
                origin,
                object,
                "is declared twice",
                "give each partition its own name",
            );
            continue;
        }
        match normalise_bound(&spec.values) {
            Ok(bound) => partitions.push(Partition {
                name: spec.name.clone(),
                bound,
                origin: origin.clone(),
            }),
            Err(e) => diags.error_with_hint(
                origin,
                object,
                format!("`{}` is not a partition bound ({e})", spec.values),
                "write it as after FOR VALUES: `from ('2026-01-01') to ('2027-01-01')`, \
                 `in ('eu', 'uk')`, `with (modulus 4, remainder 0)`, or `default`",
            ),
        }
    }
    Some(Partitioning { by, partitions })
}

/// PostgreSQL's rule, checked before any database is near: a partitioned table's primary key
/// and unique constraints hold every column of its partition key (each partition enforces
/// uniqueness alone), and there are none when the key is an expression.
pub(super) fn check_unique_keys(table: &Table, diags: &mut Diagnostics) {
    let Some(p) = &table.partitioning else {
        return;
    };
    let key = crate::objects::partition::key_columns(&p.by);
    let keys = table
        .primary_key
        .iter()
        .map(|pk| (format!("primary key {}", pk.name), &pk.columns, &pk.origin))
        .chain(
            table
                .uniques
                .iter()
                .map(|u| (format!("unique {}", u.name), &u.columns, &u.origin)),
        );
    for (what, columns, origin) in keys {
        let missing: Vec<&String> = match &key {
            Some(key) => key.iter().filter(|k| !columns.contains(k)).collect(),
            None => Vec::new(),
        };
        if key.is_none() || !missing.is_empty() {
            diags.error_with_hint(
                origin,
                format!("table {}, {what}", table.name),
                format!(
                    "does not hold the partition key ({}): PostgreSQL refuses it on a \
                     partitioned table, whose partitions each enforce it alone",
                    p.by
                ),
                match &key {
                    Some(_) => format!(
                        "add {} to it",
                        missing
                            .iter()
                            .map(|m| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    None => "partition by columns, not an expression, or drop the constraint"
                        .to_string(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    fn errors(yaml: &str) -> String {
        crate::schema::load_errors("s.yaml", yaml)
    }

    #[test]
    fn a_partitioned_tables_unique_keys_hold_its_partition_key() {
        let table = |pk: &str, by: &str, values: &str| {
            format!(
                "tables:\n  log:\n    columns:\n      id: uuid\n      at: timestamptz\n    \
                 primary_key: {pk}\n    partition_by: {by}\n    partitions:\n      - \
                 {{ name: log_p, values: \"{values}\" }}\n"
            )
        };
        assert_eq!(errors(&table("[id, at]", "range (at)", "default")), "");
        let missing = errors(&table("[id]", "range (at)", "default"));
        assert!(
            missing.contains("s.yaml:6: table log, primary key log_pkey: does not hold the partition key (RANGE (at))")
                && missing.contains("add `at` to it"),
            "{missing}"
        );
        assert!(
            errors(&table("[id, at]", "range (lower(at::text))", "default"))
                .contains("partition by columns, not an expression")
        );
        let bound = errors(&table("[id, at]", "range (at)", "from (1)"));
        assert!(
            bound.contains("table log, partition log_p: `from (1)` is not a partition bound"),
            "{bound}"
        );
        let key = errors(&table("[id, at]", "sideways (at)", "default"));
        assert!(
            key.contains("`sideways (at)` is not a partition key"),
            "{key}"
        );
        let orphan = errors(
            "tables:\n  log:\n    columns:\n      id: uuid\n    partitions:\n      - { name: p, values: default }\n",
        );
        assert!(
            orphan.contains("has partitions but no `partition_by:`"),
            "{orphan}"
        );
    }
}
