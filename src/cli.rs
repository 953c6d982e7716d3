//! Command-line interface: commands and the option groups they share.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "hotelschema",
    version,
    about = "A PostgreSQL schema as code: YAML in schema/, reversible migrations out.",
    long_about = "A PostgreSQL schema as code.\n\n\
        You describe extensions, enums, tables, columns, indexes and constraints in YAML \
        (schema/*.yaml); hotelschema validates it and compiles it into SQL migrations, each an up \
        file and a down file that exactly undoes it (migrations/V0001__init.sql and \
        migrations/V0001__init.down.sql).",
    after_help = "Exit codes: 0 success; 2 invalid input (schema errors, bad usage) or a request \
        this version cannot serve; 3 a failure while running (I/O).\n\n\
        See the README for the schema language."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load schema/*.yaml, report every error with file:line, and summarise the schema.
    #[command(after_help = "Examples:\n  \
        hotelschema validate\n  \
        hotelschema validate --schema-dir path/to/schema")]
    Validate {
        #[command(flatten)]
        project: ProjectOpts,
    },
    /// Write the next migration pair (up and down) from the YAML schema.
    #[command(
        long_about = "Write the next migration pair from the YAML schema.\n\n\
            With an empty migrations directory this writes V0001__<name>.sql, which creates \
            the whole schema (extensions, enums, tables, then foreign keys and indexes), and \
            V0001__<name>.down.sql, which drops it all in reverse order. Running it twice on the \
            same input gives byte-identical files.\n\n\
            Generating a migration on top of existing ones (diffing against the history) is not \
            implemented yet: this version says so and writes nothing.",
        after_help = "Examples:\n  \
            hotelschema generate --name init\n  \
            hotelschema generate --schema-dir schema --migrations-dir db/migrations"
    )]
    Generate {
        #[command(flatten)]
        project: ProjectOpts,
        /// Name of the migration; sanitised to letters, digits and `_`.
        #[arg(long, default_value = "init")]
        name: String,
    },
}

/// Where the project's files are.
#[derive(Args, Debug, Clone)]
pub struct ProjectOpts {
    /// Directory holding the schema's *.yaml files.
    #[arg(long, default_value = "schema", value_name = "DIR")]
    pub schema_dir: PathBuf,
    /// Directory holding the migrations (V0001__name.sql and V0001__name.down.sql).
    #[arg(long, default_value = "migrations", value_name = "DIR")]
    pub migrations_dir: PathBuf,
}
