//! SQL text: quoting, rendering the model as DDL, and replaying DDL onto the model.
pub mod comment;
pub mod ident;
pub mod locks;
pub mod memo;
pub mod node_key;
pub mod normal;
pub mod pieces;
pub mod pipeline;
pub mod render;
pub mod replay;
pub mod statements;
pub mod volatility;

/// PostgreSQL's scanner over `sql` (pg_query's `scan_tokens`), safe on any input: pg_query builds
/// its result slice from a null pointer when the text holds no token (empty, blank, only a
/// comment), which is undefined behaviour (and a panic in debug builds). A token is put in
/// front and taken off again, offsets corrected.
pub fn scan_tokens(sql: &str) -> Result<Vec<pg_query::protobuf::ScanToken>, pg_query::Error> {
    const LEAD: &str = "x ";
    let mut tokens = pg_query::scan_tokens(&format!("{LEAD}{sql}"))?;
    tokens.remove(0);
    let shift = LEAD.len() as i32;
    for t in &mut tokens {
        t.start -= shift;
        t.end -= shift;
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    #[test]
    fn scanning_text_without_a_token_is_safe() {
        for text in ["", "  ", "-- only a comment", "/* c */"] {
            let tokens = super::scan_tokens(text).unwrap();
            assert!(tokens
                .iter()
                .all(|t| t.token != pg_query::protobuf::Token::Ident as i32));
        }
        let tokens = super::scan_tokens("a  bc").unwrap();
        assert_eq!((tokens[1].start, tokens[1].end), (3, 5));
    }
}
