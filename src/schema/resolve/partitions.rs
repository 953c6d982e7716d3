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
