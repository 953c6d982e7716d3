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

