//! The schema model and its YAML language.
pub mod depth;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod resolve;
pub mod suggest;
pub mod types;
pub mod validate;
pub mod write;

use std::path::Path;

pub use diagnostic::{Diagnostic, InvalidSchema};
pub use model::Schema;

/// Loads and validates every schema file of `dir` into one `Schema`. Invalid input gives an
/// `InvalidSchema` error that lists every problem found.
pub fn load_dir(dir: &Path) -> anyhow::Result<Schema> {
    let sources = load::read_dir(dir)?;
    Ok(load_sources(&sources)?)
}

/// Loads `(file name, YAML text)` pairs, as `load_dir` does with the files it reads.
pub fn load_sources(sources: &[(String, String)]) -> Result<Schema, InvalidSchema> {
    let mut diags = diagnostic::Diagnostics::default();
    let decls = load::declarations(sources, &mut diags);
    let (mut schema, unresolved) = resolve::resolve(decls, &mut diags);
    for (file, text) in sources.iter().filter(|(f, _)| f.ends_with(".sql")) {
        crate::objects::declare(file, text, &mut diags, &mut schema);
    }
    validate::validate(&schema, &unresolved, &mut diags);
    if diags.is_empty() {
        Ok(schema)
    } else {
        let mut all = diags.0;
        all.sort_by(|a, b| (&a.origin.file, a.origin.line).cmp(&(&b.origin.file, b.origin.line)));
        all.dedup();
        Err(InvalidSchema(all))
    }
}
