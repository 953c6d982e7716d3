//! `hotelschema cache`: where the cache is, what it holds, and emptying it — and, on a dev
//! server (`--dev-db URL`), the template databases drift keeps there (`db::templates`).

use crate::cli::CacheAction;

pub fn run(action: Option<CacheAction>, dev_db: Option<&str>) -> anyhow::Result<()> {
    match crate::cache::dir() {
        None => println!("no cache directory: set HOTELSCHEMA_CACHE_DIR, XDG_CACHE_HOME or HOME"),
        Some(dir) => match action {
            Some(CacheAction::Clear) => {
                let removed = crate::cache::clear()?;
                println!("removed {removed} entries from {}", dir.display());
            }
            None => {
                let (entries, bytes) = crate::cache::usage();
                println!(
                    "{}: {entries} entries, {:.1} MB",
                    dir.display(),
                    bytes as f64 / 1e6
                );
            }
        },
    }
    let Some(url) = dev_db else {
        return Ok(());
    };
    let server = crate::db::connect::Database::from_url(url)
        .map_err(|e| crate::UsageError(format!("--dev-db: {}", e.0)))?;
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let mut admin = server.connect().await?;
            let templates = crate::db::templates::list(&mut admin).await?;
            match action {
                Some(CacheAction::Clear) => {
                    for (name, _) in &templates {
                        crate::db::templates::drop_template(&mut admin, name).await;
                    }
                    println!(
                        "dropped {} template database(s) on {}",
                        templates.len(),
                        server.display
                    );
                }
                None => {
                    let bytes: i64 = templates.iter().map(|(_, size)| size).sum();
                    println!(
                        "{}: {} template database(s), {:.1} MB",
                        server.display,
                        templates.len(),
                        bytes as f64 / 1e6
                    );
                }
            }
            anyhow::Ok(())
        })
}
