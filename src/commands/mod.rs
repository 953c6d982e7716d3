//! One module per subcommand, gluing the pieces together.
pub mod generate;
pub mod validate;
