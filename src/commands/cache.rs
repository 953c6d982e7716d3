//! `hotelschema cache`: where the cache is, what it holds, and emptying it.

use crate::cli::CacheAction;

pub fn run(action: Option<CacheAction>) -> anyhow::Result<()> {
    let Some(dir) = crate::cache::dir() else {
        println!("no cache directory: set HOTELSCHEMA_CACHE_DIR, XDG_CACHE_HOME or HOME");
        return Ok(());
    };
    match action {
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
    }
    Ok(())
}
