//! Thin entry point: parse arguments, run the command, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use hotelschema::cli::{Cli, Command};
use hotelschema::commands::{self, generate::NotImplemented};
use hotelschema::schema::InvalidSchema;
use hotelschema::UsageError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Validate { project } => commands::validate::run(project),
        Command::Generate { project, name } => commands::generate::run(project, name),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let invalid_input =
                e.is::<InvalidSchema>() || e.is::<UsageError>() || e.is::<NotImplemented>();
            eprintln!("error: {e:#}");
            ExitCode::from(if invalid_input { 2 } else { 3 })
        }
    }
}
