//! What Citus refuses, said before a migration meets it: a distributed table's keys include its
//! distribution column (Citus enforces a key only within one shard), foreign keys between
//! distributed tables pair that column on both sides, a reference table references only
//! reference tables, a table local to the coordinator is not tied to a distributed or reference
//! one by a foreign key, and `colocate_with` names a table distributed by a column of the same
//! type.

use super::Distribution;
use crate::schema::diagnostic::Diagnostics;
use crate::schema::model::{Schema, Table};

pub fn check(schema: &Schema, diags: &mut Diagnostics) {
    if !super::project::uses_citus(schema) {
        return;
    }
    for t in schema.tables.iter().filter(|t| !t.external) {
        check_table(schema, t, diags);
    }
}

/// What Citus would refuse of one table, as `schema` distributes them (also the
/// `citus-distribution` rule's, on the distribution the tenant column would give).
pub fn check_table(schema: &Schema, t: &Table, diags: &mut Diagnostics) {
    let object = format!("table {}, distribution", t.name);
    match &t.distribution {
        Some(Distribution::Hash {
            column,
            colocate_with,
        }) => {
            hash_table(schema, t, column, colocate_with.as_deref(), &object, diags);
        }
        Some(Distribution::Reference) if t.partitioning.is_some() => {
            diags.error_with_hint(
                &t.origin,
                &object,
                "a partitioned table cannot be a reference table",
                "distribute it by its tenant column (`distribution: { by: <column> }`)",
            );
        }
        Some(Distribution::Reference) | None => {}
    }
    foreign_keys(schema, t, &object, diags);
}

fn hash_table(
    schema: &Schema,
    t: &Table,
    column: &str,
    colocate_with: Option<&str>,
    object: &str,
    diags: &mut Diagnostics,
) {
    let Some(col) = t.column(column) else {
        diags.error_with_hint(
            &t.origin,
            object,
            format!("distributed by {column}, which {} does not have", t.name),
            format!("add the column {column}, or distribute the table by one it has"),
        );
        return;
    };
    let mut keys: Vec<(String, Vec<String>)> = Vec::new();
    if let Some(pk) = &t.primary_key {
        keys.push((format!("the primary key of {}", t.name), pk.columns.clone()));
    }
    for u in &t.uniques {
        keys.push((
            format!("unique {} on {}", u.name, t.name),
            u.columns.clone(),
        ));
    }
    for (what, columns) in keys {
        if !columns.iter().any(|c| c == column) {
            diags.error_with_hint(
                &t.origin,
                object,
                format!(
                    "{what} ({}) does not include {column}: Citus enforces a key only within \
                     one shard",
                    columns.join(", ")
                ),
                format!("make it ({column}, {})", columns.join(", ")),
            );
        }
    }
    let Some(with) = colocate_with.filter(|w| *w != "none") else {
        return;
    };
    match schema.table(with).map(|w| (w, &w.distribution)) {
        Some((
            w,
            Some(Distribution::Hash {
                column: other_column,
                ..
            }),
        )) => {
            let same_type = w
                .column(other_column)
                .is_some_and(|o| o.column_type == col.column_type);
            if !same_type {
                diags.error(
                    &t.origin,
                    object,
                    format!(
                        "colocate_with {with}: {with} is distributed by {other_column}, whose \
                         type differs from {column}'s; colocated tables share the column's type"
                    ),
                );
            }
        }
        _ => diags.error_with_hint(
            &t.origin,
            object,
            format!("colocate_with {with}: {with} is not a distributed table of the schema"),
            "name a table distributed by a column of the same type, or `none`",
        ),
    }
}

/// Foreign keys Citus accepts: between distributed tables on the distribution column, from
/// any distributed or reference table to a reference table; none to or from a local table.
fn foreign_keys(schema: &Schema, t: &Table, object: &str, diags: &mut Diagnostics) {
    for fk in &t.foreign_keys {
        let Some(target) = schema.table(&fk.ref_table) else {
            continue;
        };
        if target.external {
            continue;
        }
        let problem = match (&t.distribution, &target.distribution) {
            (_, Some(Distribution::Reference)) if t.distribution.is_some() => None,
            (
                Some(Distribution::Hash { column: a, .. }),
                Some(Distribution::Hash { column: b, .. }),
            ) => {
                let paired = fk
                    .columns
                    .iter()
                    .zip(&fk.ref_columns)
                    .any(|(c, r)| c == a && r == b);
                let sets = matches!(
                    fk.on_delete,
                    crate::schema::model::FkAction::SetNull
                        | crate::schema::model::FkAction::SetDefault
                );
                if paired && sets {
                    Some((
                        format!(
                            "foreign key {} from {} to {}: Citus refuses ON DELETE {} on a key \
                             that holds the distribution column",
                            fk.name,
                            t.name,
                            target.name,
                            fk.on_delete.sql()
                        ),
                        "write `on_delete: restrict` (and soft-delete the referenced rows), or \
                         `cascade`"
                            .to_string(),
                    ))
                } else {
                    (!paired).then(|| {
                        (
                            format!(
                                "foreign key {} from {} to {} does not pair {a} with {b}: both \
                             tables are distributed, so Citus needs the key to include their \
                             distribution columns",
                                fk.name, t.name, target.name
                            ),
                            format!("make it ({a}, ...) → {}({b}, ...)", target.name),
                        )
                    })
                }
            }
            (Some(Distribution::Reference), Some(Distribution::Hash { .. })) => Some((
                format!(
                    "foreign key {}: reference table {} cannot reference distributed table {}",
                    fk.name, t.name, target.name
                ),
                format!(
                    "make {} a reference table, or distribute {} too",
                    target.name, t.name
                ),
            )),
            (None, None) => None,
            (from, to) => {
                let what = |d: &Option<Distribution>| match d {
                    None => "local",
                    Some(Distribution::Reference) => "reference",
                    Some(Distribution::Hash { .. }) => "distributed",
                };
                Some((
                    format!(
                        "foreign key {} ties {} table {} to {} table {}: Citus keeps foreign \
                         keys only among distributed and reference tables",
                        fk.name,
                        what(from),
                        t.name,
                        what(to),
                        target.name
                    ),
                    "give both tables a `distribution:`".to_string(),
                ))
            }
        };
        if let Some((message, hint)) = problem {
            diags.error_with_hint(&t.origin, object, message, hint);
        }
    }
}
