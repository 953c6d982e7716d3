//! The YAML scalars every file `pull` writes shares: plain where they cannot be misread,
//! double-quoted otherwise. A leaf: each kind's `write.rs` uses it.

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

/// A flow sequence of scalars: `[a, "b c"]`.
pub fn list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|i| scalar(i)).collect();
    format!("[{}]", parts.join(", "))
}

/// A mapping key.
pub fn key(name: &str) -> String {
    scalar(name)
}

#[cfg(test)]
mod tests {
    use super::scalar;

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
