//! Model → YAML, as a person would write it: shorthands where they fit (`name: text`,
//! `references: organization.id`, `unique: true`), default names left out. `pull` uses it;
//! loading what it writes gives back the same model. This file writes `_types.yaml` (schemas,
//! extensions, roles, enums) and `_raw.yaml`, and the scalars every file shares; a table's own
//! file is written by `objects/table/write.rs`.

use crate::schema::model::*;

/// A scalar for a YAML flow mapping: plain when it cannot be misread, double-quoted otherwise.
pub fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | ' ' | '-' | '.' | '(' | ')' | '/'))
        && !s.ends_with(' ')
        && !matches!(
            s.to_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        s.to_string()
    } else {
        // A JSON string is a YAML double-quoted scalar with every control character escaped:
        // a line break inside a fragment (a multi-line CASE PostgreSQL prints) stays a line
        // break, where a raw one would be folded into a space or break the indentation.
        serde_json::to_string(s).expect("a string serialises")
    }
}

pub(crate) fn list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|i| scalar(i)).collect();
    format!("[{}]", parts.join(", "))
}

pub(crate) fn key(name: &str) -> String {
    scalar(name)
}

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
            .map(|e| {
                let mut props = vec![format!("name: {}", scalar(&e.name))];
                if let Some(s) = &e.schema {
                    props.push(format!("schema: {}", scalar(s)));
                }
                if !e.types.0.is_empty() {
                    props.push(format!("types: {}", list(&e.types.0)));
                }
                match props.len() {
                    1 => scalar(&e.name),
                    _ => format!("{{ {} }}", props.join(", ")),
                }
            })
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
            match &e.comment {
                None => out.push_str(&format!("  {}: {}\n", key(&e.name), list(&e.values))),
                Some(c) => out.push_str(&format!(
                    "  {}: {{ values: {}, comment: {} }}\n",
                    key(&e.name),
                    list(&e.values),
                    scalar(c)
                )),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(scalar("text"), "text");
        assert_eq!(scalar("numeric(10,2)"), "\"numeric(10,2)\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("'EUR'"), "\"'EUR'\"");
        assert_eq!(scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(scalar(""), "\"\"");
    }
}
