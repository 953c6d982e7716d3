//! The live database: connections, refinery's driver, the run lock, the history table.
pub mod attempts;
pub mod code_objects;
pub mod connect;
pub mod drift;
pub mod driver;
pub mod history;
pub mod introspect;
pub mod lock;
pub mod privileges;
pub mod progress;
pub mod sql_error;
pub mod types;
