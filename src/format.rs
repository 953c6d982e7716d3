//! How a command prints what it did: a table for people, JSON for tools. A leaf: the command
//! line (`cli.rs`) offers it as `--format`, and the layers below take it as a plain value.

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}
