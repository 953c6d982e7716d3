//! The schema model and its YAML language.
pub mod catalog_functions;
pub mod catalog_types;
pub mod depth;
pub mod diagnostic;
pub mod editor_schema;
pub mod expand;
pub mod load;
pub mod model;
pub mod resolve;
pub mod scalars;
pub mod sql_files;
pub mod suggest;
pub mod types;
pub mod validate;
pub mod write;
pub mod write_sql;

use std::path::Path;

pub use diagnostic::{Diagnostic, InvalidSchema};
pub use model::Schema;

/// Loads and validates every schema file of `dir` into one `Schema`. Invalid input gives an
/// `InvalidSchema` error that lists every problem found.
pub fn load_dir(dir: &Path) -> anyhow::Result<Schema> {
    let (schema, to_store) = load_read(&load::read_dir(dir)?)?;
    if let Some(key) = to_store {
        crate::cache::put(&key, &schema);
    }
    Ok(schema)
}

/// `load_sources`, through the cache: the schema, and the cache key to store it under when it
/// was loaded anew (for the caller to [`crate::cache::put`] when it suits: `check` does it on
/// another thread while its migration rules run, off the path to its result).
pub fn load_read(
    sources: &[(String, String)],
) -> anyhow::Result<(Schema, Option<crate::cache::Key>)> {
    // A valid schema is cached by the names and bytes of its files (an invalid one is loaded
    // again, so its errors are always reported whole).
    let mut key = crate::cache::Key::builder("schema");
    for (name, text) in sources {
        key.text(name).text(text);
    }
    let key = key.finish();
    if let Some(schema) = crate::cache::get(&key) {
        return Ok((schema, None));
    }
    Ok((load_sources(sources)?, Some(key)))
}

/// Loads `(file name, YAML text)` pairs, as `load_dir` does with the files it reads.
pub fn load_sources(sources: &[(String, String)]) -> Result<Schema, InvalidSchema> {
    let mut diags = diagnostic::Diagnostics::default();
    let decls = load::declarations(sources, &mut diags);
    let statements = sql_files::parse(sources, &mut diags);
    let types = sql_files::declared_types(&statements, sources, &mut diags);
    let type_names: Vec<&str> = (types.domains.iter().map(|d| d.name.as_str()))
        .chain(types.composites.iter().map(|c| c.name.as_str()))
        .collect();
    let (mut schema, unresolved) = resolve::resolve(decls, &type_names, &mut diags);
    schema.domains = types.domains;
    schema.composites = types.composites;
    sql_files::declare_with_text(&statements, sources, &mut diags, &mut schema);
    expand::declare(&mut schema, &mut diags);
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

/// The errors of loading `yaml` as one file named `file` (empty when it loads), for tests.
#[cfg(test)]
pub(crate) fn load_errors(file: &str, yaml: &str) -> String {
    match load_sources(&[(file.into(), yaml.into())]) {
        Ok(_) => String::new(),
        Err(e) => e.to_string(),
    }
}
