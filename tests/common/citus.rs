//! A fresh database on the real Citus cluster `scripts/citus-cluster` runs (a coordinator and
//! two workers on this machine): created on the three nodes with the `citus` extension, and
//! the workers registered in the coordinator's copy. The cluster is started (and Citus built)
//! by the first test that needs it; a test never skips itself: without a cluster it fails and
//! says how to get one.

use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Once;

/// The coordinator's port, then the workers'.
pub const PORTS: [u16; 3] = [5470, 5471, 5472];

static STARTED: Once = Once::new();
static NEXT: AtomicU32 = AtomicU32::new(0);

/// `scripts/citus-cluster` with `args`, which must succeed.
fn cluster(args: &[&str]) {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/citus-cluster");
    let out = Command::new(&script)
        .args(args)
        .output()
        .expect("run scripts/citus-cluster");
    assert!(
        out.status.success(),
        "`scripts/citus-cluster {}` failed; run `scripts/citus-cluster start` as root (it builds \
         Citus from ../shared/citus when it is not installed):\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What Citus propagates to the workers — the roles behind a function or a table, the node
/// list — writes the workers' shared catalogs, and two tests doing it at once can fail with
/// "tuple concurrently updated": each Citus test holds this for its whole run.
static ONE_TEST: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Held by a Citus test from its first line to its last (see [`ONE_TEST`]).
pub fn one_test_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_TEST.lock().unwrap_or_else(|e| e.into_inner())
}

/// `sql` run by psql on node `port`, database `db`; its output (tuples only, `|`-separated).
pub fn psql(port: u16, db: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-tA",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "/var/run/postgresql",
        ])
        .args(["-p", &port.to_string(), "-d", db, "-c", sql])
        .output()
        .expect("run psql");
    assert!(
        out.status.success(),
        "psql on port {port}, database {db}: {sql}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A database of the cluster (`scripts/citus-cluster createdb`), dropped on every node when the
/// test ends. The test holds [`one_test_at_a_time`] while it lives: registering the workers
/// writes their shared catalogs too.
pub struct CitusDb {
    pub name: String,
}

impl CitusDb {
    pub fn new(tag: &str) -> CitusDb {
        STARTED.call_once(|| cluster(&["start"]));
        let name = format!(
            "hotelschema_citus_{tag}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        cluster(&["createdb", &name]);
        CitusDb { name }
    }

    /// The coordinator's URL for this database.
    pub fn url(&self) -> String {
        coordinator_url(&self.name)
    }

    /// `sql` on the coordinator.
    pub fn psql(&self, sql: &str) -> String {
        psql(PORTS[0], &self.name, sql)
    }
}

impl Drop for CitusDb {
    fn drop(&mut self) {
        cluster(&["dropdb", &self.name]);
    }
}

/// The URL of database `db` on the coordinator, as the current OS user.
pub fn coordinator_url(db: &str) -> String {
    format!(
        "postgres://{}@127.0.0.1:{}/{db}",
        super::os_user(),
        PORTS[0]
    )
}
