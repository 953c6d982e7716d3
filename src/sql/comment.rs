//! SQL `--` comments. Every comment line hotelschema writes into a migration goes through
//! [`comment_lines`]: a `--` comment ends at a line feed *or* a carriage return, so text copied
//! into a comment (a table's name in a change summary) must never carry either one raw, or what
//! follows it would run as SQL.

use crate::schema::diagnostic::escape_controls;

/// `text` as `--` comment lines, one per line of `text` (split at LF, CR or CRLF), with any
/// other control character written as an escape. An empty line becomes a bare `--`.
pub fn comment_lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.split("\r\n").flat_map(|l| l.split(['\n', '\r'])) {
        let line = escape_controls(line);
        if line.is_empty() {
            out.push_str("--\n");
        } else {
            out.push_str("-- ");
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_a_comment_is_commented_out() {
        let text = "create table ta\nDROP TABLE victim;\r\n--\rDROP TABLE v2;\u{0}x";
        let sql = comment_lines(text);
        for line in sql.split(['\n', '\r']).filter(|l| !l.is_empty()) {
            assert!(
                line.starts_with("--"),
                "{line:?} escaped its comment in {sql:?}"
            );
        }
        // PostgreSQL's scanner agrees: nothing but comments.
        let tokens = crate::sql::scan_tokens(&sql).unwrap();
        assert!(tokens
            .iter()
            .all(|t| t.token == pg_query::protobuf::Token::SqlComment as i32));
        assert_eq!(comment_lines(""), "--\n");
        assert_eq!(comment_lines("a\n\nb"), "-- a\n--\n-- b\n");
    }
}
