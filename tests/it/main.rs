//! The test suite, one binary: each module is one area (the CLI, generate's proof on a real
//! PostgreSQL, the live database, the reliability families...). One binary links the crate
//! once (it was linked once per file, 30 times); `cargo test --test it <module>::` runs one.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod baseline_db;
mod cache;
mod catalog_drift_db;
mod check_cli;
mod citus_db;
mod cli;
mod dev_db;
mod docs_pages;
mod edge_cases_db;
mod edited_history_db;
mod expand_contract_db;
mod fleet_db;
mod generate_db;
mod hostile_session_db;
mod hotel_schema_db;
mod interrupted_adopt_db;
mod introspect_db;
mod layers;
mod live_db;
mod lock_safe_db;
mod lock_table_db;
mod migrate_db;
mod objects_db;
mod parser_fidelity;
mod partitions_db;
mod pull_db;
mod readme;
mod reliability_db;
mod schema_errors;
mod standby_db;
mod takeover_db;
