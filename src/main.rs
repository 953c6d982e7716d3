//! Thin entry point: parse arguments, run the command, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use hotelschema::cli::{Cli, Command, Format};
use hotelschema::commands::check::{CheckOpts, FindingsFound};
use hotelschema::commands::diff::Drift;
use hotelschema::commands::generate::{GenerateOpts, OutOfSync};
use hotelschema::commands::{self, rollback::Scope};
use hotelschema::db::driver::MigrationFailed;
use hotelschema::db::introspect::NotModelled;
use hotelschema::db::sql_error::describe_chain;
use hotelschema::fleet::{self, FleetFailed, Kind};
use hotelschema::schema::InvalidSchema;
use hotelschema::UsageError;

// mimalloc: loading and diffing a schema is millions of small allocations (names, columns);
// glibc's allocator spent a third of a cached `check` on them. Its version 2 (Cargo.toml)
// touches less fresh memory than version 3 here: `check --no-cache` of 2,000 tables peaks at
// 97 MB instead of 113 MB, and jemalloc took 10% more CPU. The `system-allocator` feature
// leaves it out, for heap profilers that hook malloc (heaptrack, valgrind).
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// PostgreSQL's parser is C and allocates with glibc's malloc: each parse of a piece of SQL
/// builds its tree in fresh blocks and frees them all. By default glibc hands the freed top of
/// its heap back to the kernel, so the next parse faults the same pages in again, zeroed; kept,
/// they are reused (`check` on a history of one 2,000-table file: 264 -> 230 ms of CPU, the
/// kernel's share halved). A command's life is short: the memory goes back when it exits.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_c_memory() {
    // SAFETY: mallopt only sets two of glibc's malloc parameters; it is called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_c_memory() {}

/// No transparent huge pages for this process. mimalloc asks for them (`madvise`), and a huge
/// page is faulted in 2 MB at a time, zeroed. On the VMs these commands mostly run on (CI
/// runners, cloud machines), memory the host has taken back while it sat free is slow to fault
/// in again, and a huge page is that by the 2 MB: faulting 320 MB took 658 ms in huge pages
/// against 185 ms in 4 KB pages, a few seconds after the last process freed it (it is 20x
/// cheaper right after, which is why back-to-back runs hid it). A single `check --no-cache`
/// of 2,000 tables: 201 -> 161 ms; of 20,000 tables: 1785 -> 1422 ms (medians of 5, each run
/// after 3 s idle). It is what `MIMALLOC_ALLOW_THP=0` does; the flag passes to child processes.
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // SAFETY: prctl(PR_SET_THP_DISABLE) only sets a flag of this process's memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}

fn main() -> ExitCode {
    // Output closed early (`check | head`, `status | true`): the process ends quietly on the
    // write, as other command-line tools do, instead of panicking ("failed printing to stdout").
    // SAFETY: restores the default action of a signal Rust's runtime set to be ignored.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    no_transparent_huge_pages();
    keep_freed_c_memory();
    // A `.env` file (here or in a parent directory) sets DATABASE_URL, as for sqlx-cli, Prisma
    // and dbmate; a variable already set in the environment wins.
    match dotenvy::dotenv() {
        Ok(_) => {}
        Err(e) if e.not_found() => {}
        // Said, not swallowed: a URL after the bad line would silently not be set.
        Err(e) => eprintln!(
            "warning: .env: {}; the variables after that line were not read",
            hotelschema::schema::diagnostic::escape_controls(&e.to_string())
        ),
    }
    let cli = Cli::parse();
    hotelschema::colour::set(cli.color);
    if cli.no_cache {
        hotelschema::cache::disable();
    }
    let result = match cli.command {
        Command::Validate { schema, format } => commands::validate::run(&schema, format),
        Command::Generate {
            schema,
            migrations,
            name,
            check,
            allow_destructive,
            concurrently,
            plain_ddl,
            format,
            dev_db,
        } => hotelschema::cli::proof_server(dev_db.as_deref())
            .map_err(anyhow::Error::from)
            .and_then(|dev| {
                commands::generate::run(
                    &schema,
                    &migrations,
                    &GenerateOpts {
                        name,
                        check,
                        allow_destructive,
                        concurrently,
                        plain_ddl,
                        format,
                        dev,
                    },
                )
            }),
        Command::Migrate {
            rollback,
            fleet,
            format,
            ..
        } if fleet.targets.is_some() => {
            let kind = if rollback {
                Kind::Rollback
            } else {
                Kind::Migrate
            };
            fleet::run(kind, &rollout(&fleet), format)
        }
        Command::Migrate {
            migrations,
            db,
            session,
            rollback,
            target,
            steps,
            to,
            dry_run,
            baseline,
            format,
            dev,
            ..
        } => block_on(async {
            if baseline {
                return commands::baseline::run(&migrations, &db, &dev, &session, target).await;
            }
            if rollback {
                let scope = match (steps, to) {
                    (_, Some(v)) => Scope::To(v),
                    (n, None) => Scope::Steps(n.unwrap_or(1)),
                };
                commands::rollback::run(&migrations, &db, &session, scope, dry_run, format).await
            } else {
                commands::migrate::run(&migrations, &db, &session, target, dry_run, format).await
            }
        }),
        Command::Check {
            schema,
            migrations,
            format,
            fleet,
            dev,
            ..
        } if fleet.targets.is_some() => {
            // Settled once, before any target is touched (each child inherits the choice).
            let needs_dev = schema.schema_dir.exists() && migrations.migrations_dir.exists();
            let settled = needs_dev
                .then(|| dev.server("check --targets (drift, with a schema directory)"))
                .transpose();
            let summary = match format {
                Some(hotelschema::check::report::Format::Json) => Format::Json,
                _ => Format::Table,
            };
            settled
                .map_err(anyhow::Error::from)
                .and_then(|_| fleet::run(Kind::Check, &rollout(&fleet), summary))
        }
        Command::Check {
            schema,
            migrations,
            config,
            format,
            list_rules,
            since,
            update_baseline,
            db,
            dev,
            read,
            ..
        } => db.resolved().map_err(anyhow::Error::from).and_then(|db| {
            block_on(commands::check::run(
                &schema,
                &migrations,
                &CheckOpts {
                    config_given: config.is_some(),
                    config: config.unwrap_or_else(|| "checks/config.yaml".into()),
                    format,
                    list_rules,
                    since,
                    update_baseline,
                    db,
                    dev,
                    read,
                },
            ))
        }),
        Command::Diff {
            fleet, format, dev, ..
        } if fleet.targets.is_some() => {
            // Settled once, before any target is touched (each child inherits the choice).
            let settled = dev.server("diff --targets");
            settled
                .map_err(anyhow::Error::from)
                .and_then(|_| fleet::run(Kind::Diff, &rollout(&fleet), format))
        }
        Command::Diff {
            migrations,
            db,
            dev,
            read,
            format,
            ..
        } => block_on(commands::diff::run(&migrations, &db, &dev, &read, format)),
        Command::Pull {
            db,
            read,
            out,
            platform,
            format,
        } => platform
            .as_deref()
            .map(hotelschema::platform::stand_in)
            .transpose()
            .and_then(|p| block_on(commands::pull::run(&db, &read, &out, p.as_deref(), format))),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "hotelschema", &mut std::io::stdout());
            Ok(())
        }
        Command::Cache { action, dev_db } => commands::cache::run(action, dev_db.as_deref()),
        Command::Man { out } => commands::man::run(out.as_deref()),
        Command::Init { dir } => commands::init::run(&dir),
        Command::JsonSchema => {
            print!("{}", hotelschema::schema::editor_schema::json());
            Ok(())
        }
        Command::Docs { schema, out } => commands::docs::run(&schema, &out),
        Command::Renumber {
            migrations,
            names,
            dry_run,
        } => commands::renumber::run(&migrations, &names, dry_run),
        Command::Adopt {
            platform,
            db,
            dev,
            read,
            schema,
            migrations,
            session,
        } => commands::baseline::adopt(
            platform.as_deref(),
            &db,
            &dev,
            &read,
            &schema,
            &migrations,
            &session,
        ),
        Command::Status { format, fleet, .. } if fleet.targets.is_some() => {
            fleet::run(Kind::Status, &rollout(&fleet), format)
        }
        Command::Status {
            migrations,
            db,
            format,
            ..
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

/// The fleet's rollout, for a command line that gave `--targets` (matched on above).
fn rollout(fleet: &hotelschema::cli::FleetOpts) -> hotelschema::fleet::Rollout<'_> {
    fleet.rollout().expect("matched with --targets")
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
        || e.is::<FleetFailed>()
    {
        1
    } else if e.is::<InvalidSchema>() || e.is::<UsageError>() || e.is::<NotModelled>() {
        2
    } else {
        3
    }
}
