//! `hotelschema validate`: load the schema and summarise it.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};

use crate::cli::{Format, SchemaOpts};
use crate::schema;

pub fn run(opts: &SchemaOpts, format: Format) -> anyhow::Result<()> {
    let schema = match schema::load_dir(&opts.schema_dir) {
        Ok(s) => s,
        Err(e) => {
            if format == Format::Json {
                if let Some(invalid) = e.downcast_ref::<schema::InvalidSchema>() {
                    let errors: Vec<serde_json::Value> = invalid
                        .0
                        .iter()
                        .map(|d| {
                            serde_json::json!({
                                "file": d.origin.file,
                                "line": d.origin.line,
                                "object": d.object,
                                "message": d.message,
                                "hint": d.hint,
                            })
                        })
                        .collect();
                    println!(
                        "{}",
                        serde_json::to_string_pretty(
                            &serde_json::json!({ "valid": false, "errors": errors })
                        )?
                    );
                }
            }
            return Err(e);
        }
    };
    let count = |f: fn(&schema::model::Table) -> usize| schema.tables.iter().map(f).sum::<usize>();
    let mut counts = serde_json::Map::new();
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
        counts.insert(what.to_string(), n.into());
        // Kinds beyond tables only when the schema has some.
        if n == 0 && table.row_count() >= 10 {
            continue;
        }
        table.add_row([what.to_string(), n.to_string()]);
    }
    // Counted: not freed one by one.
    crate::discard(schema);
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "valid": true, "counts": counts }))?
        );
        return Ok(());
    }
    println!("{} is valid.", opts.schema_dir.display());
    println!("{table}");
    Ok(())
}
