//! Names PostgreSQL keeps in one namespace: tables, indexes and the indexes behind primary keys
//! and unique constraints (pg_class), and enums with every table's row type (pg_type). Two
//! objects of one namespace with one name are an error at the second's line.

use std::collections::HashMap;

use super::super::diagnostic::Diagnostics;
use super::super::model::*;
use super::check_name;

/// Tables, indexes and the indexes behind primary keys and unique constraints share one
/// namespace (pg_class); enums share another with every table's row type (pg_type).
pub(super) fn check_namespaces(schema: &Schema, diags: &mut Diagnostics) {
    let mut types: HashMap<&str, (&str, &Origin)> = HashMap::new();
    for e in &schema.enums {
        types.insert(&e.name, ("enum", &e.origin));
    }
    // Sized once: grown from empty, a map of 80,000 names (20,000 tables) was rehashed whole
    // a dozen times.
    let names = schema
        .tables
        .iter()
        .map(|t| 2 + t.uniques.len() + t.indexes.len())
        .sum();
    let mut relations: HashMap<String, (Relation, &Origin)> = HashMap::with_capacity(names);
    for table in &schema.tables {
        if let Some((kind, origin)) = types.get(table.name.as_str()) {
            diags.error_with_hint(
                &table.origin,
                format!("table {}", table.name),
                format!(
                    "has the same name as the {kind} at {origin}; PostgreSQL gives every table a type of its name"
                ),
                "rename the table or the enum",
            );
        }
        let t = table.name.as_str();
        let owned = std::iter::once((local_name(t), Relation::Table(t), &table.origin))
            .chain(
                (table.primary_key.iter())
                    .map(|pk| (pk.name.as_str(), Relation::PrimaryKey(t), &pk.origin)),
            )
            .chain(
                (table.uniques.iter())
                    .map(|u| (u.name.as_str(), Relation::Unique(&u.name, t), &u.origin)),
            )
            .chain(
                (table.indexes.iter())
                    .map(|i| (i.name.as_str(), Relation::Index(&i.name, t), &i.origin)),
            );
        for (name, what, origin) in owned {
            check_name(name, "name", origin, &what, diags);
            // Each schema is a namespace of its own.
            let name = sibling_name(t, name);
            if let Some((prev, prev_origin)) = relations.get(&name) {
                diags.error_with_hint(
                    origin,
                    what.to_string(),
                    format!("the name `{name}` is already used by the {prev} at {prev_origin}"),
                    "tables, indexes and unique/primary key constraints share one namespace: set a distinct `name:`",
                );
            } else {
                relations.insert(name, (what, origin));
            }
        }
    }
}

/// What holds a name of pg_class, put in words only when it is reported (a description
/// formatted for each of the names of a large schema was most of `check_namespaces`).
#[derive(Clone, Copy)]
enum Relation<'a> {
    Table(&'a str),
    PrimaryKey(&'a str),
    /// (unique, table)
    Unique(&'a str, &'a str),
    /// (index, table)
    Index(&'a str, &'a str),
}

impl std::fmt::Display for Relation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Relation::Table(t) => write!(f, "table {t}"),
            Relation::PrimaryKey(t) => write!(f, "primary key of {t}"),
            Relation::Unique(u, t) => write!(f, "unique {u} on {t}"),
            Relation::Index(i, t) => write!(f, "index {i} on {t}"),
        }
    }
}
