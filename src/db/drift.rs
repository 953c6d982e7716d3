//! Drift: what a live database holds that its applied migrations do not create, and the
//! reverse. The expected schema is built for real — the applied up files run in a scratch
//! database on the same server, which is then introspected and dropped — so both sides come
//! back in PostgreSQL's own spelling (`status IN (...)` is stored as `= ANY (ARRAY[...])`), and
//! only true differences remain.

use sqlx::{Connection, PgConnection};

use super::connect::Database;
use super::history::Applied;
use super::introspect::introspect;
use super::snapshot::Readers;
use super::sql_error::{run_file, Bookkeeping, LockRetries};
use crate::diff::{diff, Change, Options};
use crate::migrations::LoadedMigration;
use crate::schema::model::Schema;

/// Who asked for the expected schema, which decides what repository SQL may run on the target
/// server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    /// `check --db` and `diff`: the CI gate, on a checkout anyone who opens a pull request
    /// writes. Only SQL the target server already ran (applied files, checksums verified) and
    /// hotelschema's own platform stand-ins run there; anything else needs `--dev-db`.
    Gate,
    /// `migrate --baseline` and `adopt`: an operator taking a database over with files of their
    /// own.
    Operator,
}

/// Applied migrations whose file changed since the database ran it: building them would run
/// SQL the database never ran (an appended `CREATE ROLE ... SUPERUSER`, roles being the
/// whole cluster's), so nothing is built.
#[derive(Debug, thiserror::Error)]
#[error(
    "refusing to build the applied migrations in a scratch database: {} changed since the \
     database applied {}; nothing of {} was run. Restore the applied text (the history's \
     checksum is the proof) and put the change in a new migration",
    .0.join(", "),
    if .0.len() == 1 { "it" } else { "them" },
    if .0.len() == 1 { "it" } else { "them" }
)]
pub struct EditedHistory(pub Vec<String>);

/// The applied files whose text is not the one the database ran.
pub fn edited(files: &[LoadedMigration], applied: &[Applied]) -> Vec<String> {
    super::history::edited_since(files, applied)
        .into_iter()
        .map(|(f, _)| f.file.up.display().to_string())
        .collect()
}

/// The schema the applied migrations produce (files of versions not applied are left out),
/// built on the platform stand-in of `migrations_dir` (what the platform provides, run
/// first), when there is one. The scratch database is made on `dev` when given (`--dev-db`: a
/// server of the user's choosing), else on the target server, `db`.
///
/// Nothing runs before the applied files are proven to be the ones the database ran
/// ([`EditedHistory`]); for the gate, a platform stand-in that is not hotelschema's own runs
/// only on a `--dev-db` server.
#[allow(clippy::too_many_arguments)]
pub async fn expected_schema(
    db: &Database,
    admin: &mut PgConnection,
    files: &[LoadedMigration],
    applied: &[Applied],
    schemas: &[String],
    migrations_dir: &std::path::Path,
    dev: Option<&Database>,
    caller: Caller,
) -> anyhow::Result<Expected> {
    let changed = edited(files, applied);
    if !changed.is_empty() {
        return Err(EditedHistory(changed).into());
    }
    let platform =
        crate::platform::stand_in_of(migrations_dir, files.iter().map(|f| f.sql.as_str()))?;
    let platform = platform.as_deref();
    let provided = match platform {
        Some(sql) => crate::platform::provided(crate::migrations::PLATFORM_FILE, sql)?,
        None => Schema::default(),
    };
    if let Some(sql) = platform {
        if dev.is_none() && caller == Caller::Gate && !crate::platform::is_built_in(sql) {
            return Err(crate::UsageError(format!(
                "{}: a platform stand-in of your own runs only in a scratch database on a server \
                 given with --dev-db (a throwaway or CI server), never on the target server {}: \
                 it is repository SQL the target never ran. Pass --dev-db \
                 postgres://user@dev-host/postgres",
                migrations_dir
                    .join(crate::migrations::PLATFORM_FILE)
                    .display(),
                db.display
            ))
            .into());
        }
    }
    let mut dev_admin = match dev {
        Some(dev) => Some(dev.connect().await?),
        None => None,
    };
    let (server, admin): (&Database, &mut PgConnection) = match (dev, dev_admin.as_mut()) {
        (Some(dev), Some(conn)) => (dev, conn),
        _ => (db, admin),
    };
    // The gate (diff, check --db) runs again and again on one history: what it builds is
    // cached, bound to every input, so a warm run builds nothing and runs no SQL of the
    // repository anywhere. (`adopt` and `--baseline`, run once, always build.)
    // On a server of the user's choosing, a build is kept as the template of its history, and
    // a build starts from the template of the longest history it extends (`db::templates`).
    let keep_templates = dev.is_some() && crate::cache::enabled();
    // What of the server decides the build: asked only when a key or a template name needs it.
    let server_id = if caller == Caller::Gate || keep_templates {
        server_identity(admin).await?
    } else {
        String::new()
    };
    let key = match caller {
        Caller::Gate => Some(expected_key(&server_id, files, applied, platform, schemas)),
        Caller::Operator => None,
    };
    if let Some(hit) = key.as_ref().and_then(crate::cache::get_json::<Expected>) {
        // No scratch database is made, but what interrupted runs left is still swept.
        super::scratch::sweep_and_say(admin).await?;
        return Ok(hit);
    }
    let to_build: Vec<&LoadedMigration> = files
        .iter()
        .filter(|f| applied.iter().any(|a| a.version == f.file.version as i32))
        .collect();
    let templates = if keep_templates {
        let texts: Vec<&str> = to_build.iter().map(|f| f.sql.as_str()).collect();
        super::templates::prefix_names(&server_id, platform, &texts)
    } else {
        Vec::new()
    };
    let start = super::templates::best(admin, &templates).await?;
    let read =
        match read_in_place(admin, server, start.as_ref(), &to_build, schemas, platform).await {
            Some(read) => read,
            None => {
                let scratch = super::scratch::name();
                let copied = super::scratch::create(
                    admin,
                    server,
                    &scratch,
                    start.as_ref().map(|(name, _)| name.as_str()),
                )
                .await?;
                let done = match (&start, copied) {
                    (Some((_, covered)), true) => *covered,
                    _ => 0,
                };
                let scratch_db = super::scratch::database(server, &scratch);
                let build = async {
                    let mut conn = scratch_db.connect().await?;
                    if done == 0 {
                        super::scratch::stand_in(&mut conn, platform).await?;
                    }
                    run_files(&mut conn, &to_build[done..], platform).await?;
                    let read = read_built(&mut conn, schemas).await?;
                    conn.close().await?;
                    Ok(read)
                };
                let read = build.await;
                match templates.last() {
                    // A longer history than the template it started from: kept for the next build.
                    Some(last) if read.is_ok() && done < templates.len() => {
                        super::scratch::keep_as_template(admin, &scratch, last).await?
                    }
                    _ => super::scratch::finish(admin, &scratch).await?,
                }
                read
            }
        };
    let result = read.map(|(schema, printed)| Expected {
        schema,
        printed,
        provided,
    });
    if let (Some(key), Ok(expected)) = (&key, &result) {
        crate::cache::put_json(key, expected);
    }
    result
}

/// What the history builds, read on the best template itself when the files after it are few
/// and all run in a transaction (see [`read_on_template`]) instead of copying it first: a copy
/// of a large template cost as much as building it again. `None` when it cannot be read so
/// (no template, too many or unnestable files, the template cannot be connected to).
async fn read_in_place(
    admin: &mut PgConnection,
    server: &Database,
    start: Option<&(String, usize)>,
    to_build: &[&LoadedMigration],
    schemas: &[String],
    platform: Option<&str>,
) -> Option<anyhow::Result<(Schema, std::collections::BTreeSet<String>)>> {
    let (template, covered) = start.filter(|(_, c)| to_build.len() - c <= IN_PLACE)?;
    let rest = &to_build[*covered..];
    let locals: Vec<Vec<String>> = rest
        .iter()
        .map(|f| nestable(&f.sql))
        .collect::<Option<_>>()?;
    let on_template = super::scratch::database(server, template);
    let mut conn = super::templates::open(admin, template, &on_template).await?;
    let read = read_on_template(&mut conn, rest, &locals, schemas, platform).await;
    let _ = conn.close().await;
    super::templates::close(admin, template).await;
    Some(read)
}

/// At most this many files are run on a template in a rolled-back transaction; a longer rest
/// is built on a copy, kept as the template of the longer history, so that the files run on a
/// template do not grow with every migration merged since it was made.
const IN_PLACE: usize = 10;

/// Runs `files` in the scratch database `conn` is connected to, each in its own transaction
/// (a savepoint when `conn` is in one already).
async fn run_files(
    conn: &mut PgConnection,
    files: &[&LoadedMigration],
    platform: Option<&str>,
) -> anyhow::Result<()> {
    for f in files {
        let path = f.file.up.display().to_string();
        if let Err(failure) = run_file(conn, &f.sql, Bookkeeping::None, &LockRetries::none()).await
        {
            let hint = if failure.in_a_statement() && platform.is_none() {
                format!(
                    "\n(This ran in a scratch database built from the migrations alone. If they \
                     use what a platform provides — Supabase's `auth` schema, its roles — put a \
                     stand-in in {}; `hotelschema adopt --platform supabase` writes one.)",
                    crate::migrations::PLATFORM_FILE
                )
            } else {
                String::new()
            };
            anyhow::bail!("{}{hint}", failure.scratch_message(&path))
        }
    }
    Ok(())
}

/// The model and the catalog print of what the scratch database `conn` holds.
async fn read_built(
    conn: &mut PgConnection,
    schemas: &[String],
) -> anyhow::Result<(Schema, std::collections::BTreeSet<String>)> {
    // A schema the live database has but the migrations never create is drift to show, not
    // an error about the scratch database: read the scratch copy's schemas of the list.
    let present: Vec<(String,)> =
        sqlx::query_as("SELECT nspname::text FROM pg_namespace WHERE nspname = ANY($1)")
            .bind(schemas)
            .fetch_all(&mut *conn)
            .await?;
    let present: Vec<String> = schemas
        .iter()
        .filter(|s| present.iter().any(|(p,)| p == *s))
        .cloned()
        .collect();
    let schema = introspect(&mut *conn, &mut Readers::none(), &present).await?;
    let printed = super::catalog_print::print(&mut *conn, schemas).await?;
    Ok((schema, printed))
}

/// What `rest` builds on top of the template `conn` is connected to, read in one transaction
/// that is then rolled back: the template is left as it was.
///
/// Each file runs as it would in a transaction of its own: a savepoint, and what its `SET
/// LOCAL`s changed (`locals`, by file) set back afterwards.
async fn read_on_template(
    conn: &mut PgConnection,
    rest: &[&LoadedMigration],
    locals: &[Vec<String>],
    schemas: &[String],
    platform: Option<&str>,
) -> anyhow::Result<(Schema, std::collections::BTreeSet<String>)> {
    let mut tx = conn.begin().await?;
    for (f, names) in rest.iter().zip(locals) {
        let mut before = Vec::new();
        for name in names {
            let value: Option<String> = sqlx::query_scalar("SELECT current_setting($1, true)")
                .bind(name)
                .fetch_one(&mut *tx)
                .await?;
            before.push((name, value));
        }
        run_files(&mut tx, std::slice::from_ref(f), platform).await?;
        for (name, value) in before {
            sqlx::query("SELECT set_config($1, $2, true)")
                .bind(name)
                .bind(value.unwrap_or_default())
                .execute(&mut *tx)
                .await?;
        }
    }
    let read = read_built(&mut tx, schemas).await?;
    tx.rollback().await?;
    Ok(read)
}

/// Whether the up file `sql` runs inside a longer transaction exactly as in one of its own,
/// and if so the settings its `SET LOCAL`s change (to set back after it). Not when it runs
/// outside a transaction, controls the transaction itself (`COMMIT` would commit the
/// template), calls `set_config`, or cannot be parsed.
fn nestable(sql: &str) -> Option<Vec<String>> {
    use pg_query::protobuf::node::Node as N;
    if !crate::migrations::is_transactional(sql) || sql.to_lowercase().contains("set_config") {
        return None;
    }
    let parsed = pg_query::parse(sql, 0).ok()?;
    let mut locals = Vec::new();
    for raw in &parsed.protobuf.stmts {
        match raw.stmt.as_ref().and_then(|s| s.node.as_ref()) {
            Some(N::TransactionStmt(_)) => return None,
            Some(N::VariableSetStmt(v)) if v.is_local => locals.push(v.name.clone()),
            _ => {}
        }
    }
    Some(locals)
}

/// What the applied migrations build: the model of it, and everything PostgreSQL prints for
/// it (`catalog_print`), to compare with the live database whole.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Expected {
    pub schema: Schema,
    pub printed: std::collections::BTreeSet<String>,
    /// What the platform stand-in provides: outside the comparison, both ways.
    pub provided: Schema,
}

impl Expected {
    /// How `live` differs from what the migrations build, in the model's terms. What the
    /// platform provides is left out on both sides: a stand-in may provide more than the
    /// database has (a Supabase project may have disabled `pg_stat_statements`), and that is
    /// the platform's business, not drift.
    pub fn drift(&self, live: &Schema) -> Vec<Change> {
        use crate::platform::without_platform;
        if self.provided.is_empty() {
            // No stand-in: nothing to leave out, and no copy of either schema to make.
            return diff(&self.schema, live, Options::plain());
        }
        diff(
            &without_platform(self.schema.clone(), &self.provided),
            &without_platform(live.clone(), &self.provided),
            Options::plain(),
        )
    }

    /// How `live`'s catalog print differs from what the migrations build, outside what the
    /// platform provides.
    pub fn catalog_drift(&self, live: &std::collections::BTreeSet<String>) -> CatalogDrift {
        let mut drift = CatalogDrift::between(&self.printed, live);
        let theirs = |l: &String| crate::platform::prints_its_object(&self.provided, l);
        drift.missing.retain(|l| !theirs(l));
        drift.unexpected.retain(|l| !theirs(l));
        drift
    }
}

/// What of the server decides what a history builds on it: its version, the extensions it can
/// install (and their versions), its roles.
async fn server_identity(admin: &mut PgConnection) -> anyhow::Result<String> {
    Ok(sqlx::query_scalar(
        "SELECT version() || ' ' ||
                (SELECT coalesce(string_agg(name || '=' || coalesce(default_version, ''), ','
                                            ORDER BY name), '') FROM pg_available_extensions) || ' ' ||
                (SELECT coalesce(string_agg(rolname, ',' ORDER BY rolname), '') FROM pg_roles)",
    )
    .fetch_one(&mut *admin)
    .await?)
}

/// The cache key of what `files` build on a server of identity `server` ([`server_identity`]):
/// the files (as the database ran them), the platform stand-in, the schemas read. The same
/// inputs build the same database: the gate's drift then replays nothing.
fn expected_key(
    server: &str,
    files: &[LoadedMigration],
    applied: &[Applied],
    platform: Option<&str>,
    schemas: &[String],
) -> crate::cache::Key {
    let mut key = crate::cache::Key::builder("drift-expected");
    key.text(server)
        .text(platform.unwrap_or(""))
        .text(&schemas.join(","));
    for f in files {
        if applied.iter().any(|a| a.version == f.file.version as i32) {
            key.text(&f.file.version.to_string()).text(&f.sql);
        }
    }
    key.finish()
}

/// What PostgreSQL prints differently on the two sides: (`-` lines the applied migrations
/// build and the database lacks, `+` lines the database has and they do not build).
#[derive(Debug, Default, serde::Serialize)]
pub struct CatalogDrift {
    pub missing: Vec<String>,
    pub unexpected: Vec<String>,
}

impl CatalogDrift {
    /// The differences between the expected database's print and the live one's.
    pub fn between(
        expected: &std::collections::BTreeSet<String>,
        live: &std::collections::BTreeSet<String>,
    ) -> CatalogDrift {
        let (missing, unexpected) = super::catalog_print::differences(expected, live);
        CatalogDrift {
            missing: missing.into_iter().cloned().collect(),
            unexpected: unexpected.into_iter().cloned().collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty()
    }

    /// `-`/`+` lines, escaped for a terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for l in &self.missing {
            out.push_str(&format!(
                "- {}\n",
                crate::schema::diagnostic::escape_controls(l)
            ));
        }
        for l in &self.unexpected {
            out.push_str(&format!(
                "+ {}\n",
                crate::schema::diagnostic::escape_controls(l)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::nestable;

    #[test]
    fn a_file_nests_in_a_longer_transaction_only_when_it_runs_the_same_there() {
        assert_eq!(nestable("CREATE TABLE t (id int);"), Some(vec![]));
        // Its SET LOCALs are set back after it, as the end of its own transaction would.
        assert_eq!(
            nestable("SET LOCAL search_path = billing;\nCREATE TABLE t (id int);"),
            Some(vec!["search_path".to_string()])
        );
        // A COMMIT would commit the template; set_config cannot be followed; a file marked to
        // run outside a transaction does not run inside one.
        assert_eq!(nestable("CREATE TABLE t (id int);\nCOMMIT;"), None);
        assert_eq!(
            nestable("SELECT set_config('search_path', 'x', true);"),
            None
        );
        assert_eq!(nestable("CREATE TABLE (;"), None);
        let concurrent = format!(
            "{}\nCREATE INDEX CONCURRENTLY i ON t (id);",
            crate::migrations::NO_TRANSACTION_MARKER
        );
        assert!(!crate::migrations::is_transactional(&concurrent));
        assert_eq!(nestable(&concurrent), None);
    }
}
