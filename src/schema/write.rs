//! Model → YAML, as a person would write it: shorthands where they fit (`name: text`,
//! `references: organization.id`, `unique: true`), default names left out. `pull` uses it;
//! loading what it writes gives back the same model. This file writes `_types.yaml` (schemas,
//! extensions, roles, enums) and `_raw.yaml` (the scalars every file shares are `scalars.rs`'s); a table's
//! own file is written by `objects/table/write.rs`, an extension's and an enum's entry by
//! their kinds' `write.rs`.

use crate::objects::{enum_type, extension};
use crate::schema::model::*;
use crate::schema::scalars::{list, scalar};

/// `raw:`, for `_raw.yaml`: what the model does not represent, with why, kept verbatim.
pub fn raw_file(raw: &[crate::objects::raw::RawSql]) -> String {
    let mut out = String::from(
        "# Written by `hotelschema pull`: objects hotelschema does not model, kept verbatim.\n\
         # `generate` writes `up` after everything else it creates (with the functions when\n\
         # `early`: views may use it), and `down` to remove it.\n\
         raw:\n",
    );
    for r in raw {
        out.push_str(&format!("  - name: {}\n", scalar(&r.name)));
        if let Some(why) = &r.why.0 {
            out.push_str(&format!("    why: {}\n", scalar(why)));
        }
        if r.early {
            out.push_str("    early: true\n");
        }
        for (key, sql) in [("up", &r.up), ("down", &r.down)] {
            out.push_str(&format!("    {key}: |-\n"));
            for line in sql.lines() {
                out.push_str(&format!("      {}\n", line.trim_end()));
            }
        }
    }
    out
}

/// `extensions:` and `enums:`, for `_types.yaml`.
pub fn types_file(schema: &Schema) -> String {
    let mut out = String::from("# Written by `hotelschema pull`.\n");
    if !schema.schemas.is_empty() {
        let names: Vec<String> = schema.schemas.iter().map(|n| n.name.clone()).collect();
        out.push_str(&format!("schemas: {}\n", list(&names)));
    }
    if !schema.extensions.is_empty() {
        let names: Vec<String> = schema
            .extensions
            .iter()
            .map(extension::write::entry)
            .collect();
        out.push_str(&format!("extensions: [{}]\n", names.join(", ")));
    }
    if !schema.roles.is_empty() {
        let names: Vec<String> = schema.roles.iter().map(|r| r.name.clone()).collect();
        out.push_str(&format!("roles: {}\n", list(&names)));
    }
    if !schema.enums.is_empty() {
        out.push_str("enums:\n");
        for e in &schema.enums {
            out.push_str(&enum_type::write::entry(e));
        }
    }
    out
}
