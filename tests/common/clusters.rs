//! Real PostgreSQL servers of their own, for tests of many databases: each a Debian cluster
//! (`pg_createcluster`) on a free port, with a superuser role for the current user, dropped when
//! the value is. They need the PostgreSQL server packages `scripts/bootstrap` installs, and root.

use std::process::Command;

fn sh(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}\n(run scripts/bootstrap: the tests of many databases create \
         PostgreSQL clusters with pg_createcluster, as root)",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn as_postgres(script: &str) -> String {
    sh(Command::new("su").args(["postgres", "-c", script]))
}

/// The PostgreSQL major version of the clusters on this machine: the newest of
/// `/etc/postgresql/<version>/`. (Not `pg_lsclusters`: it fails while another test's cluster is
/// half created or half dropped, and the tests make clusters side by side.)
fn version() -> String {
    std::fs::read_dir("/etc/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .max()
        .map_or_else(|| "15".to_string(), |v| v.to_string())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct Cluster {
    pub version: String,
    pub name: String,
    pub port: u16,
}

impl Cluster {
    /// A new, running cluster.
    pub fn start_new(tag: &str) -> Cluster {
        Cluster::start_new_with(tag, &[])
    }

    /// A new, running cluster with settings of its own (`max_locks_per_transaction=10`).
    pub fn start_new_with(tag: &str, settings: &[&str]) -> Cluster {
        let cluster = Cluster::create(tag, settings);
        cluster.start();
        let me = sh(Command::new("id").arg("-un")).trim().to_string();
        as_postgres(&format!(
            "psql -q -h /var/run/postgresql -p {} -c 'CREATE ROLE \"{me}\" SUPERUSER LOGIN'",
            cluster.port
        ));
        cluster
    }

    fn create(tag: &str, settings: &[&str]) -> Cluster {
        let version = version();
        let name = format!("hs_{tag}_{}", std::process::id());
        let port = free_port();
        let mut create = Command::new("pg_createcluster");
        create.args([version.as_str(), name.as_str(), "--port", &port.to_string()]);
        for s in settings {
            create.args(["-o", s]);
        }
        sh(&mut create);
        Cluster {
            version,
            name,
            port,
        }
    }

    /// A hot standby of `primary`, streaming from it (`pg_basebackup -R`), running.
    pub fn standby_of(primary: &Cluster, tag: &str) -> Cluster {
        let cluster = Cluster::create(tag, &[]);
        let data = format!("/var/lib/postgresql/{}/{}", cluster.version, cluster.name);
        as_postgres(&format!(
            "rm -rf {data} && pg_basebackup -h /var/run/postgresql -p {} -D {data} -R -X stream --checkpoint=fast",
            primary.port
        ));
        cluster.start();
        cluster
    }

    pub fn start(&self) {
        sh(Command::new("pg_ctlcluster").args([self.version.as_str(), &self.name, "start"]));
    }

    pub fn stop(&self) {
        sh(Command::new("pg_ctlcluster").args([self.version.as_str(), &self.name, "stop"]));
    }

    /// The URL of database `db` on this cluster (unix socket, current user).
    pub fn url(&self, db: &str) -> String {
        format!("postgres://%2Fvar%2Frun%2Fpostgresql:{}/{db}", self.port)
    }

    pub fn create_database(&self, db: &str) {
        sh(Command::new("createdb").args([
            "-h",
            "/var/run/postgresql",
            "-p",
            &self.port.to_string(),
            db,
        ]));
    }

    /// Runs SQL with psql on database `db`.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        sh(Command::new("psql").args([
            "-X",
            "-q",
            "-tA",
            "-h",
            "/var/run/postgresql",
            "-p",
            &self.port.to_string(),
            "-d",
            db,
            "-c",
            sql,
        ]))
        .trim()
        .to_string()
    }

    /// `pg_dump --schema-only` of `db`, without its comments: the catalog, to compare.
    pub fn fingerprint(&self, db: &str) -> String {
        sh(Command::new("pg_dump").args([
            "--schema-only",
            "--no-owner",
            "-h",
            "/var/run/postgresql",
            "-p",
            &self.port.to_string(),
            db,
        ]))
        .lines()
        .filter(|l| {
            !l.starts_with("--") && !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict")
        })
        .collect::<Vec<_>>()
        .join("\n")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("pg_dropcluster")
            .args([self.version.as_str(), &self.name, "--stop"])
            .output();
    }
}
