//! Schema × Schema → ordered changes, each carrying its exact inverse.
//!
//! Today the only starting point is the empty schema (the first migration). Comparing against
//! the schema that existing migrations produce is the `generate` issue's work: the `Change` list
//! is the shape it will fill.

use crate::schema::model::*;
use crate::sql::render;

/// What a change does to the database, for headers and summaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Extension,
    Enum,
    Table,
    ForeignKey,
    Index,
}

impl Kind {
    pub fn noun(self, count: usize) -> &'static str {
        match (self, count == 1) {
            (Kind::Extension, true) => "extension",
            (Kind::Extension, false) => "extensions",
            (Kind::Enum, true) => "enum",
            (Kind::Enum, false) => "enums",
            (Kind::Table, true) => "table",
            (Kind::Table, false) => "tables",
            (Kind::ForeignKey, true) => "foreign key",
            (Kind::ForeignKey, false) => "foreign keys",
            (Kind::Index, true) => "index",
            (Kind::Index, false) => "indexes",
        }
    }
}

/// One step of a migration: SQL forward, and the SQL that exactly undoes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    /// e.g. `table room`, written as a comment above the SQL.
    pub summary: String,
    pub up: String,
    pub down: String,
}

/// The changes that build `schema` from an empty database, in dependency order: extensions,
/// enums, tables, then foreign keys and indexes (so cyclic and self references work).
/// The down script is the inverses in reverse order.
pub fn create_all(schema: &Schema) -> Vec<Change> {
    let mut changes = Vec::new();
    for e in &schema.extensions {
        changes.push(Change {
            kind: Kind::Extension,
            summary: format!("extension {}", e.name),
            up: render::create_extension(e),
            down: render::drop_extension(e),
        });
    }
    for e in &schema.enums {
        changes.push(Change {
            kind: Kind::Enum,
            summary: format!("enum {}", e.name),
            up: render::create_enum(e),
            down: render::drop_enum(e),
        });
    }
    for t in &schema.tables {
        changes.push(Change {
            kind: Kind::Table,
            summary: format!("table {}", t.name),
            up: render::create_table(t),
            down: render::drop_table(t),
        });
    }
    for t in &schema.tables {
        for fk in &t.foreign_keys {
            changes.push(Change {
                kind: Kind::ForeignKey,
                summary: format!("foreign key {}", fk.name),
                up: render::add_foreign_key(t, fk),
                down: render::drop_foreign_key(t, fk),
            });
        }
    }
    for t in &schema.tables {
        for u in t.uniques.iter().filter(|u| u.predicate.is_some()) {
            changes.push(Change {
                kind: Kind::Index,
                summary: format!("unique index {}", u.name),
                up: render::create_unique_index(t, u),
                down: render::drop_index(&u.name),
            });
        }
        for i in &t.indexes {
            changes.push(Change {
                kind: Kind::Index,
                summary: format!("index {}", i.name),
                up: render::create_index(t, i),
                down: render::drop_index(&i.name),
            });
        }
    }
    changes
}
