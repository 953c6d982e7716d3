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
/// Registering the workers in a new database propagates the cluster's roles to them (shared
/// catalogs): two tests doing it at once fail with "tuple concurrently updated". One at a time.
static REGISTERING: std::sync::Mutex<()> = std::sync::Mutex::new(());
static NEXT: AtomicU32 = AtomicU32::new(0);

fn start_cluster() {
    STARTED.call_once(|| {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/citus-cluster");
        let out = Command::new(&script)
            .arg("start")
            .output()
            .expect("run scripts/citus-cluster");
        assert!(
            out.status.success(),
            "the Citus cluster could not be started; run `scripts/citus-cluster start` as root \
             (it builds Citus from ../shared/citus when it is not installed):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
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

/// A database of the cluster, dropped on every node when the test ends.
pub struct CitusDb {
    pub name: String,
}

impl CitusDb {
    pub fn new(tag: &str) -> CitusDb {
        start_cluster();
        let name = format!(
            "hotelschema_citus_{tag}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        for port in PORTS {
            psql(
                port,
                "postgres",
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
            psql(port, "postgres", &format!("CREATE DATABASE {name}"));
            psql(port, &name, "CREATE EXTENSION citus");
        }
        let coordinator = PORTS[0];
        let _one_at_a_time = REGISTERING.lock().unwrap_or_else(|e| e.into_inner());
        psql(
            coordinator,
            &name,
            &format!("SELECT citus_set_coordinator_host('127.0.0.1', {coordinator})"),
        );
        for worker in &PORTS[1..] {
            psql(
                coordinator,
                &name,
                &format!("SELECT citus_add_node('127.0.0.1', {worker})"),
            );
        }
        CitusDb { name }
    }

    /// The coordinator's URL for this database.
    pub fn url(&self) -> String {
        format!(
            "postgres://{}@127.0.0.1:{}/{}",
            whoami(),
            PORTS[0],
            self.name
        )
    }

    /// `sql` on the coordinator.
    pub fn psql(&self, sql: &str) -> String {
        psql(PORTS[0], &self.name, sql)
    }
}

impl Drop for CitusDb {
    fn drop(&mut self) {
        let _one_at_a_time = REGISTERING.lock().unwrap_or_else(|e| e.into_inner());
        for port in PORTS {
            let _ = Command::new("psql")
                .args([
                    "-X",
                    "-q",
                    "-h",
                    "/var/run/postgresql",
                    "-p",
                    &port.to_string(),
                ])
                .args(["-d", "postgres", "-c"])
                .arg(format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ))
                .output();
        }
    }
}

fn whoami() -> String {
    let out = Command::new("id")
        .arg("-un")
        .output()
        .expect("run `id -un`");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}
