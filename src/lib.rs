//! hotelschema: a PostgreSQL schema as code. See the README for the architecture.
pub mod cache;
pub mod check;
pub mod cli;
pub mod colour;
pub mod commands;
pub mod db;
pub mod diff;
pub mod fleet;
pub mod migrations;
pub mod objects;
pub mod platform;
pub mod schema;
pub mod sql;
pub mod text_file;

/// The command line asked for something that cannot work (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);
