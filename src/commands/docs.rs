//! `hotelschema docs`: the schema as Markdown readable on GitHub — one page per schema file
//! (a domain: rooms, bookings...) with a Mermaid ER diagram of its tables and the tables they
//! reference, then each table's columns, keys, indexes and comments; and an index page.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;

use crate::cli::SchemaOpts;
use crate::schema::model::{Schema, Table};
use crate::schema::{self};

/// A name Mermaid takes as one word (`billing.invoice` → `billing_invoice`).
fn word(s: &str) -> String {
    let w: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let w = w.trim_matches('_').to_string();
    // Mermaid's own words cannot name an entity (`end` closes a block): suffixed.
    if MERMAID_WORDS.contains(&w.to_lowercase().as_str()) {
        format!("{w}_")
    } else {
        w
    }
}

/// Words Mermaid's parser takes as its own.
const MERMAID_WORDS: &[&str] = &[
    "end",
    "class",
    "classdef",
    "click",
    "style",
    "linkstyle",
    "direction",
    "subgraph",
    "graph",
    "erdiagram",
    "title",
    "accdescr",
    "acctitle",
];

/// A column's type as one Mermaid word: `text[]` is `text_array`, not `text`.
fn type_word(t: &crate::schema::types::ColumnType) -> String {
    word(&t.to_string().replace("[]", "_array"))
}

/// Markdown table cell text: pipes escaped, line breaks as spaces.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The ER diagram of `tables`; a table of another page they reference appears by name, through
/// its relation.
fn diagram(tables: &[&Table]) -> String {
    let mut out = String::from("```mermaid\nerDiagram\n");
    for t in tables {
        out.push_str(&format!("    {} {{\n", word(&t.name)));
        for c in &t.columns {
            let mut keys = Vec::new();
            if t.primary_key
                .as_ref()
                .is_some_and(|p| p.columns.contains(&c.name))
            {
                keys.push("PK");
            }
            if t.foreign_keys.iter().any(|f| f.columns.contains(&c.name)) {
                keys.push("FK");
            }
            let ty = type_word(&c.column_type);
            out.push_str(&format!(
                "        {} {}{}\n",
                if ty.is_empty() { "type".into() } else { ty },
                word(&c.name),
                if keys.is_empty() {
                    String::new()
                } else {
                    format!(" {}", keys.join(","))
                }
            ));
        }
        out.push_str("    }\n");
    }
    for t in tables {
        for fk in &t.foreign_keys {
            let optional = fk
                .columns
                .iter()
                .any(|c| t.column(c).is_some_and(|c| c.nullable));
            out.push_str(&format!(
                "    {} {}--o{{ {} : \"{}\"\n",
                word(&fk.ref_table),
                if optional { "|o" } else { "||" },
                word(&t.name),
                fk.columns.join(", ")
            ));
        }
    }
    out.push_str("```\n");
    out
}

fn table_section(t: &Table, page_of: &BTreeMap<String, String>) -> String {
    let mut out = format!("\n## {}\n\n", t.name);
    if let Some(c) = &t.comment {
        out.push_str(&format!("{c}\n\n"));
    }
    if t.external {
        out.push_str("Provided by the platform; the project adds triggers and policies.\n\n");
    }
    if !t.columns.is_empty() {
        out.push_str(
            "| column | type | null | default | comment |\n| --- | --- | --- | --- | --- |\n",
        );
        for c in &t.columns {
            let pk = t
                .primary_key
                .as_ref()
                .is_some_and(|p| p.columns.contains(&c.name));
            out.push_str(&format!(
                "| {}{} | `{}` | {} | {} | {} |\n",
                cell(&c.name),
                if pk { " (PK)" } else { "" },
                cell(&c.column_type.to_string()),
                if c.nullable { "yes" } else { "no" },
                c.default
                    .as_deref()
                    .map(|d| format!("`{}`", cell(d)))
                    .unwrap_or_default(),
                c.comment.as_deref().map(cell).unwrap_or_default()
            ));
        }
    }
    if !t.foreign_keys.is_empty() {
        out.push_str("\nReferences:\n\n");
        for fk in &t.foreign_keys {
            let target = match page_of.get(&fk.ref_table) {
                Some(page) => format!("[{}]({page}#{})", fk.ref_table, anchor(&fk.ref_table)),
                None => format!("`{}`", fk.ref_table),
            };
            out.push_str(&format!(
                "- ({}) → {target} ({}), on delete {}\n",
                fk.columns.join(", "),
                fk.ref_columns.join(", "),
                fk.on_delete.sql()
            ));
        }
    }
    if !t.uniques.is_empty() || !t.indexes.is_empty() {
        out.push_str("\nIndexes and unique constraints:\n\n");
        for u in &t.uniques {
            out.push_str(&format!(
                "- `{}`: unique ({})\n",
                u.name,
                u.columns.join(", ")
            ));
        }
        for i in &t.indexes {
            out.push_str(&format!("- `{}`\n", i.name));
        }
    }
    if !t.checks.is_empty() {
        out.push_str("\nChecks:\n\n");
        for c in &t.checks {
            out.push_str(&format!("- `{}`: `{}`\n", c.name, cell(&c.expression)));
        }
    }
    if !t.triggers.is_empty() || !t.policies.is_empty() {
        out.push('\n');
        for tr in &t.triggers {
            out.push_str(&format!("- trigger `{}` → `{}()`\n", tr.name, tr.function));
        }
        for p in &t.policies {
            out.push_str(&format!("- policy `{}` ({})\n", p.name, p.command));
        }
    }
    out
}

/// GitHub's anchor for a `## name` heading.
fn anchor(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The pages: (file name, Markdown), the index first.
pub fn pages(schema: &Schema) -> Vec<(String, String)> {
    // One page per schema file the tables were declared in.
    let mut files: BTreeMap<String, Vec<&Table>> = BTreeMap::new();
    for t in &schema.tables {
        let stem = Path::new(&*t.origin.file)
            .file_stem()
            .map_or("schema".to_string(), |s| s.to_string_lossy().into_owned());
        files.entry(stem).or_default().push(t);
    }
    let page_of: BTreeMap<String, String> = files
        .iter()
        .flat_map(|(stem, ts)| {
            ts.iter()
                .map(move |t| (t.name.clone(), format!("{stem}.md")))
        })
        .collect();
    let mut index = String::from("# Schema\n\nWritten by `hotelschema docs` from the YAML; do not edit.\n\n| page | tables |\n| --- | --- |\n");
    let mut out = Vec::new();
    for (stem, tables) in &files {
        let names: Vec<String> = tables
            .iter()
            .map(|t| format!("[{}]({stem}.md#{})", t.name, anchor(&t.name)))
            .collect();
        index.push_str(&format!("| [{stem}]({stem}.md) | {} |\n", names.join(", ")));
        let mut page = format!("# {stem}\n\n{}", diagram(tables));
        for t in tables {
            page.push_str(&table_section(t, &page_of));
        }
        out.push((format!("{stem}.md"), page));
    }
    if !schema.views.is_empty() {
        index.push_str("\n## Views\n\n");
        for v in &schema.views {
            let reads: Vec<String> = v
                .reads
                .iter()
                .map(|r| match page_of.get(r) {
                    Some(page) => format!("[{r}]({page}#{})", anchor(r)),
                    None => format!("`{r}`"),
                })
                .collect();
            index.push_str(&format!(
                "- `{}`{}{}{}\n",
                v.name,
                if v.materialized {
                    " (materialized)"
                } else {
                    ""
                },
                if reads.is_empty() {
                    String::new()
                } else {
                    format!(", reads {}", reads.join(", "))
                },
                v.comment
                    .as_deref()
                    .map(|c| format!(": {}", cell(c)))
                    .unwrap_or_default()
            ));
        }
    }
    if !schema.enums.is_empty() {
        index.push_str("\n## Enums\n\n");
        for e in &schema.enums {
            index.push_str(&format!("- `{}`: {}\n", e.name, e.values.join(", ")));
        }
    }
    out.insert(0, ("README.md".to_string(), index));
    out
}

pub fn run(schema_opts: &SchemaOpts, out: &Path) -> anyhow::Result<()> {
    let schema = schema::load_dir(&schema_opts.schema_dir)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    for (name, text) in pages(&schema) {
        let path = out.join(&name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("Wrote {}", path.display());
    }
    Ok(())
}
