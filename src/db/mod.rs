//! The live database: connections, refinery's driver, the run lock, the history table.

/// The model's name for the relation or type `$ns`.`$name` (SQL expressions of the two parts):
/// `name` in public, `schema.name` elsewhere. Shared by the catalog queries of this module.
macro_rules! model_name {
    ($ns:literal, $name:literal) => {
        concat!(
            "CASE WHEN ",
            $ns,
            " = 'public' THEN ",
            $name,
            "::text ELSE ",
            $ns,
            "::text || '.' || ",
            $name,
            "::text END"
        )
    };
}

pub(crate) use model_name;

pub mod attempts;
pub mod catalog_print;
mod catalog_rows;
pub mod code_objects;
pub mod connect;
pub mod drift;
pub mod driver;
pub mod history;
pub mod introspect;
pub mod lock;
pub mod lock_plan;
pub mod printed;
pub mod progress;
pub mod proof;
pub mod scratch;
pub mod snapshot;
pub mod sql_error;
pub mod templates;
mod unmodelled;
