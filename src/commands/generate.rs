//! `hotelschema generate`: the next migration pair(s), from the difference between what the
//! existing migrations produce (replayed offline) and what the YAML declares.

use anyhow::bail;

use crate::cli::{MigrationsOpts, SchemaOpts};
use crate::diff::{self, Change, Kind, Phase};
use crate::migrations::{self as files, NO_TRANSACTION_MARKER};
use crate::schema::{self, InvalidSchema, Schema};
use crate::sql::comment::comment_lines;
use crate::sql::ident::settings_proof;
use crate::sql::replay;
use crate::UsageError;

/// `generate --check` found changes that no migration holds (exit code 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OutOfSync(pub String);

pub struct GenerateOpts {
    pub name: Option<String>,
    pub check: bool,
    pub allow_destructive: bool,
    pub concurrently: bool,
    pub plain_ddl: bool,
    pub format: crate::cli::Format,
    /// A server to prove the new migrations on, for real, before writing them.
    pub dev: Option<crate::db::connect::Database>,
}

/// What the migrations directory produces, replayed offline.
pub fn replayed(
    migrations: &MigrationsOpts,
) -> anyhow::Result<(Schema, Vec<files::LoadedMigration>)> {
    let loaded = if migrations.migrations_dir.exists() {
        files::load_all(&migrations.migrations_dir)?
    } else {
        Vec::new()
    };
    let schema = replay::replay_all(&loaded).map_err(|d| InvalidSchema(vec![d]))?;
    Ok((schema, loaded))
}

pub fn run(
    schema_opts: &SchemaOpts,
    migrations: &MigrationsOpts,
    opts: &GenerateOpts,
) -> anyhow::Result<()> {
    // The YAML and the migration history are read independently: on two threads.
    let (to, replay) = std::thread::scope(|scope| {
        let replay = scope.spawn(|| replayed(migrations));
        let to = schema::load_dir(&schema_opts.schema_dir);
        (to, replay.join().expect("the replay does not panic"))
    });
    let (to, (from, existing)) = (to?, replay?);
    // What the platform provides (migrations/platform.sql) is never created or dropped.
    let platform = match files::platform_sql(&migrations.migrations_dir)? {
        Some(sql) => crate::platform::provided(files::PLATFORM_FILE, &sql)?,
        None => Schema::default(),
    };
    let (from, to) = (
        crate::platform::without_platform(from, &platform),
        crate::platform::without_platform(to, &platform),
    );
    let changes = diff::diff(
        &from,
        &to,
        diff::Options {
            concurrently: opts.concurrently,
            plain: opts.plain_ddl,
        },
    );
    if opts.check || changes.is_empty() {
        // The schemas and the history are not needed any more: not freed one by one.
        crate::discard((from, to, existing));
        if opts.check {
            migrations.refuse_a_missing_explicit_dir()?;
            return check(&changes, schema_opts, migrations, opts.format);
        }
        if opts.format == crate::cli::Format::Json {
            println!("{}", serde_json::json!({ "written": [] }));
            return Ok(());
        }
        println!(
            "No changes: {} and {} agree; nothing was written.",
            schema_opts.schema_dir.display(),
            migrations.migrations_dir.display()
        );
        return Ok(());
    }
    let refused: Vec<&str> = changes
        .iter()
        .filter_map(|c| c.refused.as_deref())
        .collect();
    if !refused.is_empty() {
        bail!(UsageError(format!(
            "these changes cannot be written safely, so nothing was written:\n  - {}",
            refused.join("\n  - ")
        )));
    }
    let losing: Vec<&str> = changes
        .iter()
        .filter_map(|c| c.loses_data.as_deref())
        .collect();
    if !losing.is_empty() && !opts.allow_destructive {
        bail!(UsageError(format!(
            "these changes lose data, so nothing was written:\n  - {}\nIf that is intended, \
             run again with --allow-destructive (the migration will say so in its header). To \
             rename instead of dropping, declare `renamed_from: <old name>` on the table or \
             column.",
            losing.join("\n  - ")
        )));
    }

    let name = match &opts.name {
        Some(raw) => {
            let n = files::sanitize_name(raw);
            if n.is_empty() {
                bail!(UsageError(format!(
                    "--name {raw:?} has no letters or digits; use something like `--name add_spa_rooms`"
                )));
            }
            n
        }
        None if existing.is_empty() => "init".to_string(),
        None => default_name(&changes),
    };
    let mut next = existing.last().map_or(1, |m| m.file.version + 1);
    let mut pairs = Vec::new();
    // The user's name is the file's name; a suffix only tells apart the files of one run.
    let phases = [
        Phase::EnumValues,
        Phase::Main,
        Phase::Backfill,
        Phase::Concurrent,
        Phase::Validate,
    ]
    .iter()
    .filter(|p| changes.iter().any(|c| c.phase == **p))
    .count();
    for (phase, suffix) in [
        (Phase::EnumValues, "_enum_values"),
        (Phase::Main, ""),
        (Phase::Backfill, "_backfill"),
        (Phase::Concurrent, "_concurrent_indexes"),
        (Phase::Validate, "_validate"),
    ] {
        let part: Vec<Change> = changes
            .iter()
            .filter(|c| c.phase == phase)
            .cloned()
            .collect();
        if part.is_empty() {
            continue;
        }
        let file_name = if phases == 1 {
            name.clone()
        } else {
            format!("{name}{suffix}")
        };
        let (up_name, down_name) = files::file_names(next, &file_name);
        // The command as it was run: `--name` only when it was given (sanitised, as used).
        let mut command = match &opts.name {
            Some(_) => format!("hotelschema generate --name {name}"),
            None => "hotelschema generate".to_string(),
        };
        if opts.allow_destructive {
            command.push_str(" --allow-destructive");
        }
        if opts.concurrently {
            command.push_str(" --concurrently");
        }
        if opts.plain_ddl {
            command.push_str(" --plain-ddl");
        }
        // New enum values and concurrent index builds run outside a transaction; undoing
        // an enum value is a type rebuild, which belongs in one.
        let transactional = matches!(phase, Phase::Main | Phase::Validate);
        let up = up_script(&part, &command, &down_name, transactional, next == 1);
        let up = if transactional {
            accept_brief_exclusive_locks(&up, |t| from.table(t).is_some())
        } else {
            up
        };
        let down = down_script(&part, &command, &up_name, phase != Phase::Concurrent);
        pairs.push((next, file_name, up, down, summary(&part)));
        next += 1;
    }
    prove(&from, &to, &pairs)?;
    if let Some(dev) = &opts.dev {
        prove_on(dev, migrations, &existing, &from, &to, &pairs)?;
    }
    let written = files::write_pairs(
        &migrations.migrations_dir,
        &pairs
            .iter()
            .map(|(v, n, up, down, _)| (*v, n.as_str(), up.as_str(), down.as_str()))
            .collect::<Vec<_>>(),
    )?;
    if opts.format == crate::cli::Format::Json {
        let files: Vec<serde_json::Value> = written
            .iter()
            .zip(&pairs)
            .map(|((up, down), (version, name, _, _, what))| {
                serde_json::json!({
                    "version": version,
                    "name": name,
                    "up": up.display().to_string(),
                    "down": down.display().to_string(),
                    "summary": what,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "written": files,
                "changes": changes_json(&changes),
            }))?
        );
        return Ok(());
    }
    for ((up, down), (_, _, _, _, what)) in written.iter().zip(&pairs) {
        println!("Wrote {} ({what})", up.display());
        println!("Wrote {} (its inverse)", down.display());
    }
    Ok(())
}

/// Replays what is about to be written before writing it: the existing history plus the new up
/// files must give exactly the YAML's model, and the down files, newest first, the model
/// before. Whatever the renderer did — a name it failed to quote, a fragment that ended a
/// statement early — shows up here as a difference, and nothing is written.
fn prove(
    from: &Schema,
    to: &Schema,
    pairs: &[(u32, String, String, String, String)],
) -> anyhow::Result<()> {
    let mut schema = from.clone();
    let ups = pairs
        .iter()
        .map(|(v, n, up, _, _)| (files::file_names(*v, n).0, up));
    let downs = pairs
        .iter()
        .rev()
        .map(|(v, n, _, down, _)| (files::file_names(*v, n).1, down));
    let mut problems = replayed_to(&mut schema, ups, to, "after the up files");
    if problems.is_empty() {
        problems = replayed_to(&mut schema, downs, from, "after the down files");
    }
    if problems.is_empty() {
        return Ok(());
    }
    bail!(
        "the migration generate wrote does not replay to what it should, so nothing was \
         written:\n  - {}\nThis is a bug in hotelschema: please report it with the YAML that \
         caused it.",
        problems
            .iter()
            .map(|p| crate::schema::diagnostic::escape_controls(p))
            .collect::<Vec<_>>()
            .join("\n  - ")
    )
}

/// The new pairs proven on `dev`, a real server (`db::proof`): nothing is written when
/// PostgreSQL refuses a file or the result differs.
fn prove_on(
    dev: &crate::db::connect::Database,
    migrations: &MigrationsOpts,
    existing: &[files::LoadedMigration],
    from: &Schema,
    to: &Schema,
    pairs: &[(u32, String, String, String, String)],
) -> anyhow::Result<()> {
    use crate::db::proof::File;
    let ups: Vec<File> = pairs
        .iter()
        .map(|(v, n, up, _, _)| File {
            name: files::file_names(*v, n).0,
            sql: up,
        })
        .collect();
    let downs: Vec<File> = pairs
        .iter()
        .rev()
        .map(|(v, n, _, down, _)| File {
            name: files::file_names(*v, n).1,
            sql: down,
        })
        .collect();
    let fresh = diff::create_all(to);
    let schemas = crate::db::introspect::schemas_to_read(&[], &[from, to]);
    // A history that distributes tables (or the new files, when they start to) needs Citus.
    let platform = crate::platform::stand_in_of(
        &migrations.migrations_dir,
        existing
            .iter()
            .map(|f| f.sql.as_str())
            .chain(pairs.iter().map(|(_, _, up, _, _)| up.as_str())),
    )?;
    let proven = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(crate::db::proof::prove(
            dev,
            platform.as_deref(),
            existing,
            &ups,
            &downs,
            &fresh,
            &schemas,
        ));
    proven.map_err(|e| {
        anyhow::anyhow!(
            "{e:#}\nProven on {} (--dev-db) before writing, the new migration failed, so nothing \
             was written. This is a bug in hotelschema: please report it with the YAML that \
             caused it.",
            dev.display
        )
    })
}

/// Replays `files` onto `schema`; what went wrong, or how the result differs from `expected`.
fn replayed_to<'f>(
    schema: &mut Schema,
    files: impl Iterator<Item = (String, &'f String)>,
    expected: &Schema,
    when: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, sql) in files {
        if let Err(d) = replay::replay_file(schema, &name, sql) {
            problems.push(format!("replaying {name}: {d}"));
        }
    }
    if problems.is_empty() {
        let left = diff::diff(schema, expected, diff::Options::default());
        problems.extend(left.iter().map(|c| format!("{when}: {}", c.summary)));
    }
    problems
}

/// A name from the first changes, e.g. `add_column_guest_loyalty`.
fn default_name(changes: &[Change]) -> String {
    let first = &changes[0].summary;
    let mut name = files::sanitize_name(first);
    if changes.len() > 1 {
        name.push_str("_and_more");
    }
    name.chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('_')
        .to_string()
}

/// `generate --check`: say whether the YAML and the migrations agree, and show how they differ.
fn check(
    changes: &[Change],
    schema_opts: &SchemaOpts,
    migrations: &MigrationsOpts,
    format: crate::cli::Format,
) -> anyhow::Result<()> {
    if format == crate::cli::Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "in_sync": changes.is_empty(),
                "pending": changes_json(changes),
            }))?
        );
    } else if changes.is_empty() {
        println!(
            "{} and {} agree.",
            schema_opts.schema_dir.display(),
            migrations.migrations_dir.display()
        );
    } else {
        println!(
            "{} declares {} change(s) that {} does not hold; the next migration would be:\n",
            schema_opts.schema_dir.display(),
            changes.len(),
            migrations.migrations_dir.display()
        );
        print!("{}", diff::pending_sql(changes));
    }
    if changes.is_empty() {
        return Ok(());
    }
    Err(OutOfSync(format!(
        "{} declares changes that no migration holds; run `hotelschema generate` and commit the \
         new migration",
        schema_opts.schema_dir.display()
    ))
    .into())
}

/// Changes as JSON: what each does, its SQL and its inverse.
fn changes_json(changes: &[Change]) -> Vec<serde_json::Value> {
    changes
        .iter()
        .map(|c| serde_json::json!({ "summary": c.summary, "up": c.up, "down": c.down }))
        .collect()
}

/// "3 extensions, 23 enums, 31 tables, ..."
fn summary(changes: &[Change]) -> String {
    let mut counts: Vec<(Kind, usize)> = Vec::new();
    for c in changes {
        match counts.iter_mut().find(|(k, _)| *k == c.kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((c.kind, 1)),
        }
    }
    counts
        .iter()
        .map(|(k, n)| format!("{n} {}", k.noun(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// SQL comment lines; an empty line becomes a bare `--`.
fn header(lines: &[String]) -> String {
    lines.iter().map(|l| comment_lines(l)).collect()
}

fn markers(transactional: bool, losing: bool) -> Vec<String> {
    let mut lines = Vec::new();
    if !transactional {
        lines.push(format!(
            "{}\n(PostgreSQL cannot run these statements inside a transaction, or use their \
             result in the same one: `migrate` runs them one by one.)",
            NO_TRANSACTION_MARKER.trim_start_matches("-- ")
        ));
    }
    if losing {
        lines.push(
            files::DESTRUCTIVE_MARKER
                .trim_start_matches("-- ")
                .to_string(),
        );
    }
    lines
}

/// In a migration that runs in one transaction, each statement that takes ACCESS EXCLUSIVE on
/// a second (third...) existing table is preceded by the comment that accepts it for
/// `check`'s `exclusive-locks-on-several-tables`: generate keeps the slow work (scans, builds)
/// in the concurrent and validate migrations, so these locks are brief — and one migration per
/// table would not be atomic. A hand-written migration gets no such comment.
fn accept_brief_exclusive_locks(up: &str, existed: impl Fn(&str) -> bool) -> String {
    use crate::check::rules::exclusive_locks_on_several_tables::second_locks;
    let Ok(statements) = crate::sql::replay::parse_statements("up.sql", up) else {
        return up.to_string();
    };
    let mut locked: Vec<String> = Vec::new();
    let mut before_lines = std::collections::BTreeSet::new();
    for st in &statements {
        if !second_locks(&st.node, |_| None, &existed, &mut locked).is_empty() {
            before_lines.insert(st.origin.line);
        }
    }
    let mut out = String::new();
    for (i, line) in up.lines().enumerate() {
        if before_lines.contains(&(i + 1)) {
            out.push_str(&format!(
                "{}exclusive-locks-on-several-tables generated: brief locks, the slow work is in \
                 the concurrent and validate migrations\n",
                crate::check::rules::hazards::ALLOW_MARKER
            ));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

pub fn up_script(
    changes: &[Change],
    command: &str,
    down_name: &str,
    transactional: bool,
    first: bool,
) -> String {
    let losing: Vec<&str> = changes
        .iter()
        .filter_map(|c| c.loses_data.as_deref())
        .collect();
    let rewrites: Vec<&str> = changes
        .iter()
        .filter_map(|c| c.rewrites.as_deref())
        .collect();
    let mut lines = vec![
        format!("Written by `{command}`."),
        if first {
            format!("Creates {}.", summary(changes))
        } else {
            format!("Changes: {}.", summary(changes))
        },
        format!("Its exact inverse is {down_name}."),
    ];
    lines.extend(markers(transactional, !losing.is_empty()));
    if !losing.is_empty() {
        lines.push("WARNING: these statements lose data:".into());
        lines.extend(losing.iter().map(|l| format!("  - {l}")));
    }
    if !rewrites.is_empty() {
        lines.push(
            "REWRITES: these statements rewrite a table under an ACCESS EXCLUSIVE lock, for as \
             long as copying it takes:"
                .into(),
        );
        lines.extend(rewrites.iter().map(|l| format!("  - {l}")));
    }
    lines
        .push("Do not edit a migration once it has been applied anywhere: write a new one.".into());
    let mut out = header(&lines);
    for c in changes {
        out.push_str(&format!(
            "\n{}{}\n",
            comment_lines(&c.summary),
            settings_proof(&c.up)
        ));
    }
    out
}

pub fn down_script(
    changes: &[Change],
    command: &str,
    up_name: &str,
    transactional: bool,
) -> String {
    let mut lines = vec![
        format!("Written by `{command}`."),
        format!("Undoes {up_name}: every statement's inverse, in reverse order."),
    ];
    lines.extend(markers(transactional, false));
    let losing: Vec<&str> = changes
        .iter()
        .filter_map(|c| c.down_loses_data.as_deref())
        .collect();
    if !losing.is_empty() {
        lines.push(String::new());
        lines.push("WARNING: rolling back loses data:".into());
        lines.extend(losing.iter().map(|l| format!("  - {l}")));
    }
    let mut out = header(&lines);
    // Each inverse under the change it undoes, said as such: `-- undo: add column t.c` above
    // its DROP COLUMN, not the up's own words.
    for c in changes.iter().rev() {
        out.push_str(&format!(
            "\n{}{}\n",
            comment_lines(&format!("undo: {}", c.summary)),
            settings_proof(&c.down)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema_of(sql: &str) -> Schema {
        let mut s = Schema::default();
        replay::replay_file(&mut s, "x.sql", sql).unwrap();
        s
    }

    #[test]
    fn what_generate_writes_is_replayed_before_it_is_written() {
        let from = Schema::default();
        let to = schema_of("CREATE TABLE room (id integer NOT NULL);");
        let pair = |up: &str, down: &str| {
            vec![(
                1,
                "init".to_string(),
                up.to_string(),
                down.to_string(),
                String::new(),
            )]
        };
        let good = pair(
            "CREATE TABLE room (id integer NOT NULL);",
            "DROP TABLE room;",
        );
        assert!(prove(&from, &to, &good).is_ok());
        // An up file that does not build the YAML's model (a statement commented out, say).
        let e = prove(
            &from,
            &to,
            &pair("-- CREATE TABLE room (id integer NOT NULL);", ""),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("after the up files: table room"), "{e}");
        assert!(e.contains("nothing was written"), "{e}");
        // A down file that does not undo it.
        let e = prove(
            &from,
            &to,
            &pair("CREATE TABLE room (id integer NOT NULL);", ""),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("after the down files"), "{e}");
        // An up file with a statement smuggled past a comment.
        let e = prove(
            &from,
            &to,
            &pair(
                "-- table ta\nDROP TABLE victim;\nCREATE TABLE room (id integer NOT NULL);",
                "DROP TABLE room;",
            ),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("replaying V0001__init.sql"), "{e}");
    }
}
