//! One module per subcommand, gluing the pieces together.
pub mod baseline;
pub mod cache;
pub mod check;
pub mod diff;
pub mod docs;
pub mod generate;
pub mod init;
pub mod man;
pub mod migrate;
pub mod pull;
pub mod renumber;
pub mod rollback;
pub mod status;
pub mod validate;
