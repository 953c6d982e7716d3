//! How deep a YAML file may nest: deeper than any hotelschema file needs is refused at its
//! line, as the tree is built (`load/tree.rs`). A tree 50,000 levels deep (`- - - - ...`)
//! would otherwise overflow the stack of whoever walks or drops it — an abort, not an error.

/// Deeper than any schema or config file nests (a schema file needs about 6 levels).
pub const MAX_DEPTH: usize = 64;

/// Too deep: the line where the limit was crossed.
#[derive(Debug, PartialEq, Eq)]
pub struct TooDeep {
    pub line: usize,
}

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the YAML nests more than {MAX_DEPTH} levels deep; no hotelschema file needs that \
             many: check the indentation and the `-` and `[` on this line"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_at_its_line_and_normal_files_pass() {
        let check = |text: &str| match crate::schema::load::tree::parse(text) {
            Err(crate::schema::load::tree::Unreadable::TooDeep(deep)) => Err(deep),
            _ => Ok(()),
        };
        let deep = format!("tables:\n  {}x\n", "- ".repeat(50_000));
        assert_eq!(check(&deep), Err(TooDeep { line: 2 }));
        let flow = format!("rules: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(check(&flow), Err(TooDeep { line: 1 }));
        let normal = "tables:\n  a:\n    columns:\n      id: { type: integer }\n    indexes:\n      - { columns: [id] }\n";
        assert_eq!(check(normal), Ok(()));
        let nested = |n: usize| format!("k: {}x{}\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(check(&nested(MAX_DEPTH - 1)), Ok(()));
        assert!(check(&nested(MAX_DEPTH)).is_err());
    }
}
