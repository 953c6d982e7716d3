//! A guard run before any YAML is turned into a tree: nesting deeper than any hotelschema file
//! needs is refused at its line. A tree 50,000 levels deep (`- - - - ...`) would otherwise
//! overflow the stack of whoever walks or drops it — an abort, not an error.

use yaml_rust2::parser::{Event, Parser};

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

/// Walks `text`'s events, counting open sequences and mappings. A syntax error is left for the
/// real parser to report (with its own wording); only depth is judged here.
pub fn check(text: &str) -> Result<(), TooDeep> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        match parser.next_token() {
            Ok((Event::SequenceStart(..) | Event::MappingStart(..), mark)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(TooDeep { line: mark.line() });
                }
            }
            Ok((Event::SequenceEnd | Event::MappingEnd, _)) => depth = depth.saturating_sub(1),
            // The scanner has a nesting limit of its own for `[[[...`, met before the events.
            Err(e) if e.info().contains("recursion limit") => {
                return Err(TooDeep {
                    line: e.marker().line(),
                })
            }
            Ok((Event::StreamEnd, _)) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_at_its_line_and_normal_files_pass() {
        let deep = format!("tables:\n  {}x\n", "- ".repeat(50_000));
        assert_eq!(check(&deep), Err(TooDeep { line: 2 }));
        let flow = format!("rules: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(check(&flow), Err(TooDeep { line: 1 }));
        let normal = "tables:\n  a:\n    columns:\n      id: { type: integer }\n    indexes:\n      - { columns: [id] }\n";
        assert_eq!(check(normal), Ok(()));
        let at_limit = format!("{}x\n", "- ".repeat(MAX_DEPTH));
        assert_eq!(check(&at_limit), Ok(()));
    }
}
