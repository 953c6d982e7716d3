//! Thin entry point: parse arguments, run the command, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use hotelschema::cli::{Cli, Command};
use hotelschema::commands::check::{CheckOpts, FindingsFound};
use hotelschema::commands::diff::Drift;
use hotelschema::commands::generate::{GenerateOpts, OutOfSync};
use hotelschema::commands::{self, rollback::Scope};
use hotelschema::db::driver::MigrationFailed;
use hotelschema::db::introspect::NotModelled;
use hotelschema::db::sql_error::describe_chain;
use hotelschema::schema::InvalidSchema;
use hotelschema::UsageError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { schema } => commands::validate::run(&schema),
        Command::Generate {
            schema,
            migrations,
            name,
            check,
            allow_destructive,
            concurrently,
        } => commands::generate::run(
            &schema,
            &migrations,
            &GenerateOpts {
                name,
                check,
                allow_destructive,
                concurrently,
            },
        ),
        Command::Migrate {
            migrations,
            db,
            session,
            rollback,
            target,
            steps,
            to,
            dry_run,
        } => block_on(async {
            if rollback {
                let scope = match (steps, to) {
                    (_, Some(v)) => Scope::To(v),
                    (n, None) => Scope::Steps(n.unwrap_or(1)),
                };
                commands::rollback::run(&migrations, &db, &session, scope, dry_run).await
            } else {
                commands::migrate::run(&migrations, &db, &session, target, dry_run).await
            }
        }),
        Command::Check {
            schema,
            migrations,
            config,
            format,
            list_rules,
            db,
            read,
        } => block_on(commands::check::run(
            &schema,
            &migrations,
            &CheckOpts {
                config,
                format,
                list_rules,
                db,
                read,
            },
        )),
        Command::Diff {
            migrations,
            db,
            read,
        } => block_on(commands::diff::run(&migrations, &db, &read)),
        Command::Pull { db, read, out } => block_on(commands::pull::run(&db, &read, &out)),
        Command::Status {
            migrations,
            db,
            format,
        } => block_on(commands::status::run(&migrations, &db, format)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", describe_chain(&e));
            ExitCode::from(exit_code(&e))
        }
    }
}

fn block_on<F: std::future::Future<Output = anyhow::Result<()>>>(future: F) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(future)
}

/// 1: the database refused a migration (rolled back), or `generate --check` found changes; 2: invalid input or a refused request;
/// 3: anything else — the database could not be reached (`ConnectError`), the lock wait timed
/// out (`LockTimeout`), I/O.
fn exit_code(e: &anyhow::Error) -> u8 {
    if e.is::<MigrationFailed>()
        || e.is::<OutOfSync>()
        || e.is::<FindingsFound>()
        || e.is::<Drift>()
    {
        1
    } else if e.is::<InvalidSchema>() || e.is::<UsageError>() || e.is::<NotModelled>() {
        2
    } else {
        3
    }
}
