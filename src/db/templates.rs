//! Templates: the scratch database a history was built in, kept on a `--dev-db` server so that
//! the next build of the same history — or of a longer one, the usual case in CI, where a pull
//! request adds a migration — starts from a copy of it (`CREATE DATABASE … TEMPLATE`, a file
//! copy of a fraction of a second) and runs only the files added since, instead of the whole
//! history again.
//!
//! A template is named after what built it: the hash of the server's identity (version,
//! installable extensions and their versions, roles), the platform stand-in, and the applied
//! files up to it, in order, each with its text — so a template is only ever the start of a
//! build that would have run exactly those files on exactly such a server. Nothing else of the
//! comparison changes: the copy is introspected and printed whole, as a fresh build would be.
//!
//! When every file after the template runs in a transaction (the usual case), no copy is made
//! at all: they run on the template itself, in one transaction that is read and rolled back
//! (`drift::read_on_template`), so the template is left as it was and a build costs what the new
//! files cost. Copying a template (`CREATE DATABASE … TEMPLATE`) writes it whole, to the WAL or
//! after a checkpoint; on this project's shared disks that cost as much as building it again.
//!
//! Kept only on a server given as `--dev-db URL` (a server of the user's choosing), never on the
//! target (`--dev-db target`), and not with `--no-cache`; the newest [`KEEP`] templates stay,
//! older ones are dropped. `DROP DATABASE hotelschema_template_…` removes one by hand.

use sqlx::{AssertSqlSafe, PgConnection};

/// What every template's name starts with.
pub const PREFIX: &str = "hotelschema_template_";

/// How many templates a server keeps (the newest).
const KEEP: usize = 3;

/// The template names of every prefix of the applied files: the `i`-th covers files `0..=i`.
pub fn prefix_names(server: &str, platform: Option<&str>, files: &[&str]) -> Vec<String> {
    let mut chain = blake3::Hasher::new();
    let text = |h: &mut blake3::Hasher, s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    text(&mut chain, "hotelschema template 1");
    text(&mut chain, server);
    text(&mut chain, platform.unwrap_or(""));
    files
        .iter()
        .map(|sql| {
            text(&mut chain, sql);
            // 24 hex digits: the name stays under PostgreSQL's 63 bytes.
            format!("{PREFIX}{}", &chain.finalize().to_hex()[..24])
        })
        .collect()
}

/// The template on the server that covers the most files of `names` (see [`prefix_names`]):
/// its name and how many files it covers.
pub async fn best(
    admin: &mut PgConnection,
    names: &[String],
) -> sqlx::Result<Option<(String, usize)>> {
    if names.is_empty() {
        return Ok(None);
    }
    let present: Vec<String> = sqlx::query_scalar(
        "SELECT datname::text FROM pg_catalog.pg_database WHERE datname = ANY($1) AND datistemplate",
    )
    .bind(names)
    .fetch_all(&mut *admin)
    .await?;
    Ok(names
        .iter()
        .enumerate()
        .rev()
        .find(|(_, n)| present.contains(n))
        .map(|(i, n)| (n.clone(), i + 1)))
}

/// Keeps the scratch database `scratch`, just built (nobody connected to it), as the template
/// `name`, and drops the templates beyond the newest [`KEEP`]. Whatever fails here (another run
/// kept the same template first) leaves the scratch database to be dropped as usual: returns
/// whether it was kept.
pub async fn keep(admin: &mut PgConnection, scratch: &str, name: &str) -> bool {
    let quote = crate::sql::ident::quote;
    let kept = sqlx::raw_sql(AssertSqlSafe(format!(
        "ALTER DATABASE {} RENAME TO {}",
        quote(scratch),
        quote(name)
    )))
    .execute(&mut *admin)
    .await
    .is_ok();
    if !kept {
        return false;
    }
    // A template: copied, never connected to (connections to it are refused).
    let _ = sqlx::raw_sql(AssertSqlSafe(format!(
        "ALTER DATABASE {} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false",
        quote(name)
    )))
    .execute(&mut *admin)
    .await;
    let older: Vec<String> = sqlx::query_scalar(
        "SELECT datname::text FROM pg_catalog.pg_database WHERE starts_with(datname, $1)
          ORDER BY oid DESC OFFSET $2",
    )
    .bind(PREFIX)
    .bind(KEEP as i64)
    .fetch_all(&mut *admin)
    .await
    .unwrap_or_default();
    for old in older {
        drop_template(admin, &old).await;
    }
    true
}

/// A connection to the template `name`, to read a longer history on it in a transaction that
/// is rolled back (`drift::read_on_template`): connections are allowed to it for that time.
/// `None` when it cannot be had (another run is copying it...): the caller copies instead.
pub async fn open(
    admin: &mut PgConnection,
    name: &str,
    template: &super::connect::Database,
) -> Option<PgConnection> {
    sqlx::raw_sql(AssertSqlSafe(format!(
        "ALTER DATABASE {} WITH ALLOW_CONNECTIONS true",
        crate::sql::ident::quote(name)
    )))
    .execute(&mut *admin)
    .await
    .ok()?;
    match template.connect().await {
        Ok(conn) => Some(conn),
        Err(_) => {
            close(admin, name).await;
            None
        }
    }
}

/// Refuses connections to the template `name` again (a template is copied, not connected to).
pub async fn close(admin: &mut PgConnection, name: &str) {
    let _ = sqlx::raw_sql(AssertSqlSafe(format!(
        "ALTER DATABASE {} WITH ALLOW_CONNECTIONS false",
        crate::sql::ident::quote(name)
    )))
    .execute(&mut *admin)
    .await;
}

/// The templates on the server, oldest first, with their size in bytes.
pub async fn list(admin: &mut PgConnection) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT datname::text, pg_database_size(oid) FROM pg_catalog.pg_database
          WHERE starts_with(datname, $1) ORDER BY oid",
    )
    .bind(PREFIX)
    .fetch_all(&mut *admin)
    .await
}

/// Drops the template `name` (a template cannot be dropped before it is made an ordinary
/// database again). Failures are ignored: a template is only ever a head start.
pub async fn drop_template(admin: &mut PgConnection, name: &str) {
    let quote = crate::sql::ident::quote;
    let _ = sqlx::raw_sql(AssertSqlSafe(format!(
        "ALTER DATABASE {} WITH IS_TEMPLATE false",
        quote(name)
    )))
    .execute(&mut *admin)
    .await;
    let _ = sqlx::raw_sql(AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {}",
        quote(name)
    )))
    .execute(&mut *admin)
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_covers_exactly_the_files_before_it_on_one_server() {
        let a = prefix_names("pg 15", None, &["CREATE TABLE a ();", "CREATE TABLE b ();"]);
        let b = prefix_names("pg 15", None, &["CREATE TABLE a ();", "CREATE TABLE c ();"]);
        assert_eq!(a[0], b[0], "the same first file: the same template");
        assert_ne!(a[1], b[1]);
        assert_ne!(
            a[0],
            prefix_names("pg 16", None, &["CREATE TABLE a ();"])[0]
        );
        assert_ne!(
            a[0],
            prefix_names("pg 15", Some("x"), &["CREATE TABLE a ();"])[0]
        );
        assert!(a.iter().all(|n| n.len() <= 63 && n.starts_with(PREFIX)));
    }
}
