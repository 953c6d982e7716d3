//! `hotelschema validate`: load the schema and summarise it.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};

use crate::cli::SchemaOpts;
use crate::schema;

pub fn run(opts: &SchemaOpts) -> anyhow::Result<()> {
    let schema = schema::load_dir(&opts.schema_dir)?;
    let count = |f: fn(&schema::model::Table) -> usize| schema.tables.iter().map(f).sum::<usize>();
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.set_header(["object", "count"]);
    for (what, n) in [
        ("schemas besides public", schema.schemas.len()),
        ("extensions", schema.extensions.len()),
        ("enums", schema.enums.len()),
        ("tables", schema.tables.len()),
        ("columns", count(|t| t.columns.len())),
        ("foreign keys", count(|t| t.foreign_keys.len())),
        ("unique constraints", count(|t| t.uniques.len())),
        ("indexes", count(|t| t.indexes.len())),
        ("check constraints", count(|t| t.checks.len())),
        ("functions and procedures", schema.functions.len()),
    ] {
        table.add_row([what.to_string(), n.to_string()]);
    }
    println!("{} is valid.", opts.schema_dir.display());
    println!("{table}");
    Ok(())
}
