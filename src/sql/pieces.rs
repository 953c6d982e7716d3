//! Cutting a big migration file into pieces that parse on their own, between statements.
//!
//! PostgreSQL's scanner (pg_query's `split_with_scanner`) would find the statement ends, but it
//! scans the whole file twice, on one thread, before the first piece can be parsed: 4% of
//! `check`'s CPU on a history of one 2,000-table file, all of it before the parsing threads
//! start. A cut only needs the lexical states in which a `;` does not end a statement — quoted
//! strings and identifiers, dollar quotes, comments, parentheses — plus the one grammatical
//! one, a `BEGIN ATOMIC ... END` function body. That is one pass over the bytes.
//!
//! A cut placed wrongly would leave an unterminated string, comment or parenthesis at the end
//! of a piece, which then fails to parse; the tests hold the cuts to the scanner's `;` tokens.

/// Files up to this size are parsed whole; larger ones in pieces of about this size. 16 KB: a
/// few pieces are in flight between the parsing threads and the replay, and each one's parse
/// tree is fresh memory (a history of 2,000 tables in one file: `check` peaked at 177 MB with
/// 256 KB pieces, 157 MB with 64 KB ones; 16 KB took 5% less CPU than 64 KB on the history of
/// 200 files).
pub(crate) const CHUNK_BYTES: usize = 1 << 14;

/// Byte ranges covering `sql`, each at least [`CHUNK_BYTES`] long (but the last) and each but
/// the last ending just after a `;` that ends a statement.
pub(crate) fn pieces(sql: &str) -> Vec<(usize, usize)> {
    cut(sql, CHUNK_BYTES)
}

/// [`pieces`] at least `min` bytes long.
fn cut(sql: &str, min: usize) -> Vec<(usize, usize)> {
    if sql.len() <= min {
        return vec![(0, sql.len())];
    }
    let mut ranges = Vec::new();
    let mut start = 0;
    for end in statement_ends(sql) {
        if end - start >= min {
            ranges.push((start, end));
            start = end;
        }
    }
    if start < sql.len() {
        ranges.push((start, sql.len()));
    }
    ranges
}

/// Offsets just past every `;` of `sql` that ends a statement: outside quotes, comments and
/// parentheses (a rule's `DO (a; b)`), and outside a `BEGIN ATOMIC` body.
fn statement_ends(sql: &str) -> impl Iterator<Item = usize> + '_ {
    let b = sql.as_bytes();
    let mut i = 0;
    let mut parens: i64 = 0;
    let mut atomic = Atomic::default();
    std::iter::from_fn(move || {
        while i < b.len() {
            let c = b[i];
            match c {
                b';' => {
                    i += 1;
                    atomic.other_token();
                    if parens == 0 && !atomic.inside {
                        return Some(i);
                    }
                }
                b'(' | b')' => {
                    parens += if c == b'(' { 1 } else { -1 };
                    atomic.other_token();
                    i += 1;
                }
                b'-' if b.get(i + 1) == Some(&b'-') => {
                    i = b[i..]
                        .iter()
                        .position(|&c| c == b'\n')
                        .map_or(b.len(), |p| i + p + 1);
                }
                b'/' if b.get(i + 1) == Some(&b'*') => i = block_comment_end(b, i),
                b'\'' => {
                    i = quoted_end(b, i, b'\'', false);
                    atomic.other_token();
                }
                b'"' => {
                    i = quoted_end(b, i, b'"', false);
                    atomic.other_token();
                }
                b'$' => {
                    i = dollar_end(b, i);
                    atomic.other_token();
                }
                b'0'..=b'9' => {
                    // A number, then whatever follows it: `1$a$` is 1 and a dollar quote.
                    i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                    atomic.other_token();
                }
                c if is_ident_start(c) => {
                    let len = b[i..].iter().take_while(|&&c| is_ident_cont(c)).count();
                    let word = &b[i..i + len];
                    i += len;
                    if (word == b"e" || word == b"E") && b.get(i) == Some(&b'\'') {
                        // E'...': backslash escapes.
                        i = quoted_end(b, i, b'\'', true);
                        atomic.other_token();
                    } else {
                        atomic.word(word);
                    }
                }
                c if c.is_ascii_whitespace() => i += 1,
                _ => {
                    i += 1;
                    atomic.other_token();
                }
            }
        }
        None
    })
}

/// Where a `BEGIN ATOMIC ... END` function body is: its statements end with `;` inside the one
/// statement that creates the function. `CASE ... END` nests inside it.
#[derive(Default)]
struct Atomic {
    after_begin: bool,
    inside: bool,
    cases: usize,
}

impl Atomic {
    fn word(&mut self, word: &[u8]) {
        if self.inside {
            if word.eq_ignore_ascii_case(b"case") {
                self.cases += 1;
            } else if word.eq_ignore_ascii_case(b"end") {
                if self.cases == 0 {
                    self.inside = false;
                } else {
                    self.cases -= 1;
                }
            }
        } else if self.after_begin && word.eq_ignore_ascii_case(b"atomic") {
            self.inside = true;
            self.cases = 0;
        }
        self.after_begin = !self.inside && word.eq_ignore_ascii_case(b"begin");
    }

    fn other_token(&mut self) {
        self.after_begin = false;
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_ident_cont(c: u8) -> bool {
    is_ident_start(c) || c.is_ascii_digit() || c == b'$'
}

/// Past the quote closing the one opening at `i` (doubled quotes stand for one; with
/// `backslash`, a backslash escapes the next byte), or the end of the text.
fn quoted_end(b: &[u8], i: usize, quote: u8, backslash: bool) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            c if c == quote => {
                if b.get(j + 1) == Some(&quote) {
                    j += 2;
                } else {
                    return j + 1;
                }
            }
            b'\\' if backslash => j += 2,
            _ => j += 1,
        }
    }
    b.len()
}

/// Past the `*/` closing the (nesting) comment opening at `i`, or the end of the text.
fn block_comment_end(b: &[u8], i: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    while j + 1 < b.len() {
        match (b[j], b[j + 1]) {
            (b'/', b'*') => {
                depth += 1;
                j += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return j;
                }
            }
            _ => j += 1,
        }
    }
    b.len()
}

/// Past a dollar-quoted string starting at `i` (`$$...$$`, `$tag$...$tag$`), or past the `$`
/// alone when it opens none (`$1`, a `$` in an operator).
fn dollar_end(b: &[u8], i: usize) -> usize {
    let tag_len = match b.get(i + 1) {
        Some(&b'$') => 0,
        Some(&c) if is_ident_start(c) => {
            let n = b[i + 1..]
                .iter()
                .take_while(|&&c| is_ident_start(c) || c.is_ascii_digit())
                .count();
            if b.get(i + 1 + n) != Some(&b'$') {
                return i + 1;
            }
            n
        }
        _ => return i + 1,
    };
    let delimiter = &b[i..i + tag_len + 2];
    let body = i + delimiter.len();
    b[body..]
        .windows(delimiter.len())
        .position(|w| w == delimiter)
        .map_or(b.len(), |p| body + p + delimiter.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pg_query::protobuf::Token;
    use proptest::prelude::*;

    /// The ends PostgreSQL's scanner gives: past every `;` token outside parentheses.
    fn scanner_ends(sql: &str) -> Option<Vec<usize>> {
        let tokens = crate::sql::scan_tokens(sql).ok()?;
        let mut parens = 0i64;
        let mut ends = Vec::new();
        for t in tokens {
            match Token::try_from(t.token).ok()? {
                Token::Ascii40 => parens += 1,
                Token::Ascii41 => parens -= 1,
                Token::Ascii59 if parens == 0 => ends.push(t.end as usize),
                _ => {}
            }
        }
        Some(ends)
    }

    fn ends(sql: &str) -> Vec<usize> {
        statement_ends(sql).collect()
    }

    #[test]
    fn a_semicolon_inside_quotes_comments_or_parentheses_is_no_end() {
        let sql = "SELECT 'a;b', \"c;d\", E'e\\';f', $$g;$$, $t$ $$; $t$, a$b$c;\n\
                   -- h;\n/* i; /* j; */ k; */ CREATE RULE r AS ON INSERT TO t DO (SELECT 1; SELECT 2);\n\
                   SELECT $1;";
        assert_eq!(ends(sql), scanner_ends(sql).unwrap());
        assert_eq!(ends(sql).len(), 3);
    }

    #[test]
    fn a_begin_atomic_body_is_not_cut() {
        let sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; \
                   SELECT CASE WHEN true THEN 2 END; END;\nCREATE TABLE t (id int);";
        let ends = ends(sql);
        assert_eq!(ends.len(), 2, "{ends:?}");
        let first = &sql[..ends[0]];
        assert!(first.ends_with("END; END;"), "{first}");
        pg_query::parse(first, 0).unwrap();
        // A transaction's BEGIN is no body.
        assert_eq!(statement_ends("BEGIN; SELECT 1; COMMIT;").count(), 3);
    }

    #[test]
    fn the_cutter_agrees_with_the_scanner_on_the_bundled_schema_and_the_fixtures() {
        let mut files = Vec::new();
        for dir in ["migrations", "tests/fixtures"] {
            for entry in walk(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)) {
                if entry.extension().is_some_and(|e| e == "sql") {
                    files.push(entry);
                }
            }
        }
        assert!(files.len() > 10, "{files:?}");
        for f in files {
            let sql = std::fs::read_to_string(&f).unwrap();
            if sql.to_ascii_lowercase().contains("atomic") {
                continue;
            }
            let expected = scanner_ends(&sql).unwrap();
            assert_eq!(ends(&sql), expected, "{}", f.display());
            // Every piece of a fine cut parses on its own.
            for (s, e) in cut(&sql, 1) {
                pg_query::parse(&sql[s..e], 0)
                    .unwrap_or_else(|err| panic!("{}: {err}", f.display()));
            }
        }
    }

    fn walk(dir: std::path::PathBuf) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(p));
            } else {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn the_cutter_can_disagree_with_the_scanner() {
        // The negative control of the comparison above: a cutter blind to dollar quotes.
        let sql = "SELECT $$a;b$$;";
        let naive: Vec<usize> = sql.match_indices(';').map(|(i, _)| i + 1).collect();
        assert_ne!(naive, scanner_ends(sql).unwrap());
        assert_eq!(ends(sql), scanner_ends(sql).unwrap());
    }

    #[test]
    fn pieces_cover_the_text_and_are_long_enough() {
        let sql = "CREATE TABLE a (x int);\n".repeat(3000);
        let pieces = pieces(&sql);
        assert!(pieces.len() > 1);
        assert_eq!(pieces[0].0, 0);
        assert_eq!(pieces.last().unwrap().1, sql.len());
        for w in pieces.windows(2) {
            assert_eq!(w[0].1, w[1].0);
            assert!(w[0].1 - w[0].0 >= CHUNK_BYTES);
        }
    }

    /// Whole tokens that hold a `;` or look like they open a quote, and single characters
    /// that may combine into one (an unterminated text is rejected by the scanner, so few).
    fn fragment() -> impl Strategy<Value = &'static str> {
        let whole = prop::sample::select(vec![
            "'a;b'",
            "'it''s;'",
            "E'x\\';y'",
            "e'\\\\'",
            "U&'d;'",
            "B'01'",
            "\"q;\"\"x\"",
            "$$;$$",
            "$t$ $$ ; $t$",
            "$t$;$t$",
            "$_1$;$_1$",
            "-- c;\n",
            "/* a /* ; */ ; */",
            "/**/",
            "/*/ ; */",
            "a$b$",
            "$1",
            "1e'x;'",
            "x'1f'",
            "é",
            "begin",
            "end",
            "case",
        ]);
        let single = prop::sample::select(vec![
            ";", ";", " ", "\n", "(", ")", "x", "e", "E", "1", "'", "\"", "$", "$t", "-", "/", "*",
            "\\", "&",
        ]);
        prop_oneof![3 => whole, 2 => single]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, max_global_rejects: 50_000, ..ProptestConfig::default() })]
        /// On any text PostgreSQL's scanner reads without error (unterminated quotes and
        /// comments it rejects), the statement ends are its `;` tokens outside parentheses —
        /// BEGIN ATOMIC, which the scanner does not know, is tested above.
        #[test]
        fn the_cutter_agrees_with_the_scanner_on_tricky_text(parts in prop::collection::vec(fragment(), 0..24)) {
            let sql = parts.concat();
            let expected = scanner_ends(&sql);
            prop_assume!(expected.is_some());
            prop_assert_eq!(ends(&sql), expected.unwrap(), "{:?}", sql);
        }
    }
}
