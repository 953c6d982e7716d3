//! `hotelschema man`: the man pages, from the same clap definitions as `--help` (clap_mangen),
//! so they never drift from the binary.

use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::Cli;

pub fn run(out: Option<&Path>) -> anyhow::Result<()> {
    let cmd = Cli::command();
    let Some(dir) = out else {
        clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
        return Ok(());
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut pages = vec![("hotelschema.1".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        let name = format!("hotelschema-{}", sub.get_name());
        // clap names commands with 'static strings: a page's title lives as long as the run.
        let title: &'static str = Box::leak(name.clone().into_boxed_str());
        pages.push((format!("{name}.1"), sub.clone().name(title)));
    }
    for (file, page) in pages {
        let path = dir.join(&file);
        let mut text = Vec::new();
        clap_mangen::Man::new(page).render(&mut text)?;
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("Wrote {}", path.display());
    }
    Ok(())
}
