//! The scratch databases drift and baseline build the applied migrations in: named after the
//! process (`hotelschema_expected_<pid>`), created on the target server or on `--dev-db`,
//! dropped when the build ends — also when the run is interrupted (SIGINT, SIGTERM) — and
//! swept at the next run when a process was killed outright (SIGKILL, a lost machine).

use sqlx::{AssertSqlSafe, PgConnection};

use super::connect::Database;
use super::sql_error::describe;

/// What every scratch database's name starts with.
pub const PREFIX: &str = "hotelschema_expected_";

/// This process's scratch database.
pub fn name() -> String {
    format!("{PREFIX}{}", std::process::id())
}

/// Whether `pid` is a process of this machine.
fn alive_here(pid: u32) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Drops the scratch databases an interrupted run left on the server: those nobody is
/// connected to whose process is gone. A build holds its connection from just after the
/// CREATE until the DROP, so a database without a session is not being built; the pid check
/// spares one whose process, on this machine, is between the two. A database someone
/// connects to meanwhile makes the DROP fail, which is ignored. Returns the names dropped.
pub async fn sweep(admin: &mut PgConnection) -> anyhow::Result<Vec<String>> {
    let idle: Vec<String> = sqlx::query_scalar(
        "SELECT d.datname::text FROM pg_catalog.pg_database d
          WHERE starts_with(d.datname, $1)
            AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.datid = d.oid)",
    )
    .bind(PREFIX)
    .fetch_all(&mut *admin)
    .await?;
    let mut dropped = Vec::new();
    for db in idle {
        let pid = db[PREFIX.len()..].parse::<u32>().ok();
        if pid.is_some_and(|p| p == std::process::id() || alive_here(p)) {
            continue;
        }
        let dropping = sqlx::raw_sql(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {}",
            crate::sql::ident::quote(&db)
        )))
        .execute(&mut *admin)
        .await;
        if dropping.is_ok() {
            dropped.push(db);
        }
    }
    Ok(dropped)
}

/// [`sweep`], each database dropped said on stderr.
pub async fn sweep_and_say(admin: &mut PgConnection) -> anyhow::Result<()> {
    for dropped in sweep(admin).await? {
        eprintln!("note: dropped {dropped}, a scratch database an interrupted run left behind");
    }
    Ok(())
}

/// Creates the scratch database `name` on `server` (through `admin`, connected there), after
/// sweeping what interrupted runs left; until [`finish`], SIGINT and SIGTERM drop it before
/// the process exits (130, 143). A standby cannot create one: said plainly, with the way out.
///
/// With `template` (a kept build, see `db::templates`), the database starts as a copy of it;
/// when the copy cannot be made (another session is copying it too), it starts empty, and the
/// caller is told which: returns whether it is a copy.
pub async fn create(
    admin: &mut PgConnection,
    server: &Database,
    name: &str,
    template: Option<&str>,
) -> anyhow::Result<bool> {
    if super::connect::is_standby(admin).await? {
        return Err(crate::UsageError(format!(
            "{} is a standby (read-only): the applied migrations are built in a scratch database, \
             which a standby cannot create; pass --dev-db postgres://user@writable-host/postgres \
             (a server of the same major version and extensions) to build it there",
            server.display
        ))
        .into());
    }
    sweep_and_say(admin).await?;
    drop_now(admin, name).await?;
    // Known to the signal watcher before it exists, and created under the lock the watcher
    // takes first: a signal now waits for the CREATE to end, then drops the database.
    watch_signals();
    let mut building = BUILDING.lock().await;
    *building = Some((server.clone(), name.to_string()));
    if let Some(template) = template {
        let copied = sqlx::raw_sql(AssertSqlSafe(format!(
            "CREATE DATABASE \"{name}\" TEMPLATE {}",
            crate::sql::ident::quote(template)
        )))
        .execute(&mut *admin)
        .await;
        match copied {
            Ok(_) => return Ok(true),
            Err(e) => eprintln!(
                "note: building {name} from nothing: it could not start as a copy of {template} \
                 ({})",
                describe(&e)
            ),
        }
    }
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut *admin)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot create the scratch database {name} that drift detection builds the \
                 migrations in, on {} ({}); the role needs CREATEDB",
                server.display,
                describe(&e)
            )
        })?;
    Ok(false)
}

/// The scratch database `name` of `server`, to connect to. Its sessions commit without waiting
/// for the WAL to reach the disk (`synchronous_commit = off`): a scratch database is dropped
/// at the end of the run, so a commit lost to a crash loses nothing anyone keeps, and a build of
/// hundreds of migration files no longer waits for a disk flush after each.
pub fn database(server: &Database, name: &str) -> Database {
    Database {
        options: server
            .options
            .clone()
            .database(name)
            .options([("synchronous_commit", "off")]),
        display: format!("{} (scratch copy)", server.display),
    }
}

/// Runs the platform stand-in (`migrations/platform.sql`), when there is one, first in a
/// scratch database.
pub async fn stand_in(conn: &mut PgConnection, platform: Option<&str>) -> anyhow::Result<()> {
    if let Some(sql) = platform {
        sqlx::raw_sql(AssertSqlSafe(sql.to_string()))
            .execute(&mut *conn)
            .await
            .map_err(|e| {
                anyhow::anyhow!(
                    "{}: the platform stand-in failed in the scratch database: {}",
                    crate::migrations::PLATFORM_FILE,
                    describe(&e)
                )
            })?;
    }
    Ok(())
}

/// Drops the scratch database `name`, ending any session still in it.
pub async fn drop_now(admin: &mut PgConnection, name: &str) -> anyhow::Result<()> {
    sqlx::raw_sql(AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
    )))
    .execute(&mut *admin)
    .await?;
    Ok(())
}

/// The scratch database being built now, for the signal watcher to drop. The CREATE and the
/// final DROP run holding it, and the watcher holds it from the signal to the exit: so the
/// database is never created after the watcher looked, nor left because the watcher saw the
/// build ending while its DROP had not run yet.
static BUILDING: tokio::sync::Mutex<Option<(Database, String)>> =
    tokio::sync::Mutex::const_new(None);

/// Drops the scratch database `name` once its build is over (see [`create`]).
///
/// When a signal's handler holds the lock, it is dropping the database and ending the
/// process, and this run must not go on (a build cut off by that drop returns an error, and
/// whatever the command would do with it — report, clean up — is not for now).
/// Ends the build of `name` by keeping it as the template `template` (see `db::templates`),
/// or, when it cannot be kept, dropping it as [`finish`] does.
pub async fn keep_as_template(
    admin: &mut PgConnection,
    name: &str,
    template: &str,
) -> anyhow::Result<()> {
    let mut building = BUILDING.lock().await;
    if !super::templates::keep(admin, name, template).await {
        drop_now(admin, name).await?;
    }
    *building = None;
    Ok(())
}

pub async fn finish(admin: &mut PgConnection, name: &str) -> anyhow::Result<()> {
    let mut building = BUILDING.lock().await;
    let dropped = drop_now(admin, name).await;
    *building = None;
    dropped
}

/// Starts, once, a thread that waits for SIGINT and SIGTERM for the rest of the process: a
/// signal handler, once installed, replaces the default action for good, so the thread also
/// ends the process when nothing is being built. It has a runtime of its own: the signal is
/// handled even while the command's runtime is busy or blocked.
fn watch_signals() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        let (ready, listening) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    let _ = ready.send(());
                    return;
                };
                runtime.block_on(async move {
                    use tokio::signal::unix::{signal, SignalKind};
                    let (Ok(mut interrupt), Ok(mut terminate)) = (
                        signal(SignalKind::interrupt()),
                        signal(SignalKind::terminate()),
                    ) else {
                        let _ = ready.send(());
                        return;
                    };
                    let _ = ready.send(());
                    let code = tokio::select! {
                        _ = interrupt.recv() => 130,
                        _ = terminate.recv() => 143,
                    };
                    // Held until the process ends (see BUILDING).
                    let building = BUILDING.lock().await;
                    if let Some((server, name)) = building.as_ref() {
                        drop_on_the_way_out(server, name).await;
                    }
                    std::process::exit(code)
                })
            });
        if spawned.is_ok() {
            let _ = listening.recv();
        }
    });
}

async fn drop_on_the_way_out(server: &Database, name: &str) {
    let dropped = async {
        let mut admin = server.connect().await?;
        drop_now(&mut admin, name).await
    };
    match tokio::time::timeout(std::time::Duration::from_secs(10), dropped).await {
        Ok(Ok(())) => eprintln!("interrupted: dropped the scratch database {name}"),
        Ok(Err(e)) => eprintln!(
            "interrupted: could not drop the scratch database {name} ({e}); the next run drops it"
        ),
        Err(_) => eprintln!(
            "interrupted: dropping the scratch database {name} timed out; the next run drops it"
        ),
    }
}
