//! An enum's statements, each paired with its inverse by the planner.

use super::EnumType;
use crate::names::local_name;
use crate::objects::table::render::{alter, comment_text, set_default};
use crate::sql::ident::{literal, quote, quote_qualified};

pub fn create_enum(e: &EnumType) -> String {
    let values: Vec<String> = e.values.iter().map(|v| literal(v)).collect();
    let mut sql = format!(
        "CREATE TYPE {} AS ENUM ({});",
        quote_qualified(&e.name),
        values.join(", ")
    );
    if let Some(comment) = &e.comment {
        sql.push_str(&format!(
            "\nCOMMENT ON TYPE {} IS {};",
            quote_qualified(&e.name),
            literal(comment)
        ));
    }
    sql
}

pub fn drop_enum(e: &EnumType) -> String {
    format!("DROP TYPE {};", quote_qualified(&e.name))
}

pub fn rename_enum_value(e: &str, old: &str, new: &str) -> String {
    format!(
        "ALTER TYPE {} RENAME VALUE {} TO {};",
        quote_qualified(e),
        literal(old),
        literal(new)
    )
}

/// `ALTER TYPE ... ADD VALUE`, placed before or after a neighbour to keep the declared order.
pub fn add_enum_value(e: &str, value: &str, before: Option<&str>, after: Option<&str>) -> String {
    let place = match (before, after) {
        (_, Some(a)) => format!(" AFTER {}", literal(a)),
        (Some(b), None) => format!(" BEFORE {}", literal(b)),
        (None, None) => String::new(),
    };
    format!(
        "ALTER TYPE {} ADD VALUE IF NOT EXISTS {}{place};",
        quote_qualified(e),
        literal(value)
    )
}

/// A column whose type is an enum being rebuilt.
pub struct EnumUse<'a> {
    pub table: &'a str,
    pub column: &'a str,
    pub array_dims: usize,
    pub default: Option<&'a str>,
}

/// Rebuilds enum `e` with `values` (PostgreSQL cannot remove or reorder enum values): rename
/// the old type away, create the new one, move every column over through text, drop the old.
/// A row holding a value the new type lacks makes the cast, and so the migration, fail.
pub fn rebuild_enum(e: &str, values: &[String], uses: &[EnumUse]) -> String {
    let old = format!("{e}__old");
    let list: Vec<String> = values.iter().map(|v| literal(v)).collect();
    let mut sql = vec![
        format!(
            "ALTER TYPE {} RENAME TO {};",
            quote_qualified(e),
            quote(local_name(&old))
        ),
        format!(
            "CREATE TYPE {} AS ENUM ({});",
            quote_qualified(e),
            list.join(", ")
        ),
    ];
    for u in uses {
        let brackets = "[]".repeat(u.array_dims);
        if u.default.is_some() {
            sql.push(set_default(u.table, u.column, None));
        }
        sql.push(alter(
            u.table,
            format!(
                "ALTER COLUMN {c} TYPE {ty}{brackets} USING {c}::text{brackets}::{ty}{brackets}",
                c = quote(u.column),
                ty = quote_qualified(e)
            ),
        ));
        if let Some(d) = u.default {
            sql.push(set_default(u.table, u.column, Some(d)));
        }
    }
    sql.push(format!("DROP TYPE {};", quote_qualified(&old)));
    sql.join("\n")
}

pub fn comment_on_type(e: &str, comment: Option<&String>) -> String {
    format!(
        "COMMENT ON TYPE {} IS {};",
        quote_qualified(e),
        comment_text(comment)
    )
}
