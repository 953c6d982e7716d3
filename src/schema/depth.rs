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
