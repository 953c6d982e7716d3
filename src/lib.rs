//! hotelschema: a PostgreSQL schema as code. See docs/architecture.md for the architecture.
pub mod cache;
pub mod check;
pub mod cli;
pub mod colour;
pub mod commands;
pub mod db;
pub mod diff;
pub mod fleet;
pub mod format;
pub mod migrations;
pub mod names;
pub mod objects;
pub mod origin;
pub mod platform;
pub mod schema;
pub mod sql;
pub mod text_file;

/// The command line asked for something that cannot work (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Lets a large value go without freeing it, at the end of a command: the process exits just
/// after, and the operating system takes its memory back at once, where freeing a 2,000-table
/// schema one allocation at a time cost `check` a twentieth of its run.
pub fn discard<T>(value: T) {
    std::mem::forget(value);
}
