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
        ("triggers", count(|t| t.triggers.len())),
        ("policies", count(|t| t.policies.len())),
        (
            "views",
            schema.views.iter().filter(|v| !v.materialized).count(),
        ),
        (
            "materialized views",
            schema.views.iter().filter(|v| v.materialized).count(),
        ),
        ("sequences", schema.sequences.len()),
        ("domains", schema.domains.len()),
        ("composite types", schema.composites.len()),
        ("roles (declared)", schema.roles.len()),
        ("default privileges", schema.default_privileges.len()),
    ] {
        // Kinds beyond tables only when the schema has some.
        if n == 0 && table.row_count() >= 10 {
            continue;
        }
        table.add_row([what.to_string(), n.to_string()]);
    }
    println!("{} is valid.", opts.schema_dir.display());
    println!("{table}");
    Ok(())
}
