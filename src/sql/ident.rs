//! Identifier and literal quoting. An identifier is left bare only when PostgreSQL would read it
//! back unchanged: lower case, no odd characters, and not a keyword that the grammar reserves
//! (the same rule as PostgreSQL's own `quote_ident`). So `room` stays `room`, while `user`,
//! `order` and `createdAt` are quoted.

use pg_query::protobuf::KeywordKind;

use crate::sql::memo::{self, Memo};

/// The keyword class PostgreSQL's scanner gives `word`, asked from PostgreSQL's own scanner
/// (via pg_query) rather than from a list we would have to keep up to date.
pub fn keyword_kind(word: &str) -> KeywordKind {
    thread_local! {
        static KINDS: Memo<String, KeywordKind> = Memo::new(memo::UNBOUNDED);
    }
    KINDS.with(|memo| {
        memo.get_or(word, || match crate::sql::scan_tokens(word).as_deref() {
            Ok([token]) => {
                KeywordKind::try_from(token.keyword_kind).unwrap_or(KeywordKind::NoKeyword)
            }
            _ => KeywordKind::NoKeyword,
        })
    })
}

/// The first `max_bytes` bytes of `s`, cut back to a whole character — how PostgreSQL truncates
/// a name too long for it (it never splits a multibyte character).
pub fn cut_at_char(s: &str, max_bytes: usize) -> &str {
    let mut end = max_bytes.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// True when `word`, written bare, would not be read as a plain identifier.
pub fn needs_quotes(word: &str) -> bool {
    let mut chars = word.chars();
    let plain_start = matches!(chars.next(), Some('a'..='z' | '_'));
    let plain_rest = chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '$'));
    let plain = plain_start && plain_rest;
    let harmless = matches!(
        keyword_kind(word),
        KeywordKind::NoKeyword | KeywordKind::UnreservedKeyword
    );
    !(plain && harmless)
}

/// `word` as a SQL identifier, quoted only when it has to be.
pub fn quote(word: &str) -> String {
    if needs_quotes(word) {
        format!("\"{}\"", word.replace('"', "\"\""))
    } else {
        word.to_string()
    }
}

/// A table or type name that may be qualified by its schema (`auth.users`, `billing.state`),
/// each part quoted as needed.
pub fn quote_qualified(name: &str) -> String {
    use crate::names::local_name;
    use crate::names::namespace_of;
    match namespace_of(name) {
        Some(schema) => format!("{}.{}", quote(schema), quote(local_name(name))),
        None => quote(name),
    }
}

/// A comma-separated list of quoted identifiers.
pub fn quote_list(words: &[String]) -> String {
    words
        .iter()
        .map(|w| quote(w))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` as a SQL string literal that means the same whatever the session's
/// `standard_conforming_strings`: with that setting off, a backslash in a plain `'...'` literal
/// escapes the next character (a quote, which would end the literal early and let the rest run
/// as SQL). Text holding a backslash is therefore written as an escape string, `E'...'`, with
/// both the backslash and the quote doubled: an escape string reads the same either way.
pub fn literal(text: &str) -> String {
    if text.contains('\\') {
        format!("E'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// `sql` with every plain string constant that holds a backslash (`'a\\b'`) written as the
/// escape string that means the same (`E'a\\\\b'`), so the text reads the same whatever the
/// session's `standard_conforming_strings` (see [`literal`]). Expressions the user wrote
/// (defaults, checks, backfills) are copied into migrations; a migration applied by another
/// tool, in a session with the setting off, must not read them differently. Everything else
/// — escape strings, dollar quotes, comments, identifiers — is left as it is. SQL the scanner
/// cannot read is returned unchanged (the proof that follows reports it).
pub fn settings_proof(sql: &str) -> std::borrow::Cow<'_, str> {
    use pg_query::protobuf::Token;
    if !sql.contains('\\') {
        return std::borrow::Cow::Borrowed(sql);
    }
    let Ok(tokens) = crate::sql::scan_tokens(sql) else {
        return std::borrow::Cow::Borrowed(sql);
    };
    let mut out = String::with_capacity(sql.len() + 8);
    let mut at = 0;
    for t in tokens.iter().filter(|t| t.token == Token::Sconst as i32) {
        let (start, end) = (t.start as usize, t.end as usize);
        let Some(text) = sql.get(start..end) else {
            continue;
        };
        if !text.starts_with('\'') || !text.contains('\\') {
            continue;
        }
        out.push_str(&sql[at..start]);
        out.push('E');
        out.push_str(&text.replace('\\', "\\\\"));
        at = end;
    }
    out.push_str(&sql[at..]);
    std::borrow::Cow::Owned(out)
}

/// `body` between dollar quotes whose tag `body` does not contain (`$tag$`, then `$tag1$`, ...):
/// a body that held the closing tag would end the quoted text early and run the rest as SQL.
pub fn dollar_quote(tag: &str, body: &str) -> String {
    let mut quote = format!("${tag}$");
    let mut n = 0;
    while body.contains(&quote) {
        n += 1;
        quote = format!("${tag}{n}$");
    }
    format!("{quote}{body}{quote}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_stay_bare() {
        assert_eq!(quote("room"), "room");
        assert_eq!(quote("organization_id"), "organization_id");
        // Unreserved keywords are fine as identifiers.
        assert_eq!(quote("action"), "action");
        assert_eq!(quote("comment"), "comment");
    }

    #[test]
    fn keywords_capitals_and_odd_characters_are_quoted() {
        assert_eq!(quote("user"), "\"user\"");
        assert_eq!(quote("order"), "\"order\"");
        assert_eq!(quote("time"), "\"time\"");
        assert_eq!(quote("date"), "date"); // unreserved in PostgreSQL's grammar
        assert_eq!(quote("createdAt"), "\"createdAt\"");
        assert_eq!(quote("uuid-ossp"), "\"uuid-ossp\"");
        assert_eq!(quote("1st"), "\"1st\"");
        assert_eq!(quote("say\"hi"), "\"say\"\"hi\"");
    }

    #[test]
    fn literals_double_their_quotes() {
        assert_eq!(literal("O'Brien"), "'O''Brien'");
    }

    #[test]
    fn a_backslash_makes_an_escape_string_that_reads_the_same_either_way() {
        assert_eq!(literal("a\\'; DROP"), "E'a\\\\''; DROP'");
        // PostgreSQL's scanner (standard_conforming_strings on, as pg_query's) reads one string
        // constant holding the text as it was.
        let sql = format!("SELECT {}", literal("a\\'; DROP TABLE victim; --"));
        let tree = pg_query::parse(&sql, 0).unwrap();
        let json = serde_json::to_string(&tree.protobuf).unwrap();
        assert!(
            json.contains(r#""sval":"a\\'; DROP TABLE victim; --""#),
            "{json}"
        );
    }

    #[test]
    fn plain_constants_with_a_backslash_become_escape_strings() {
        let sql = "SELECT 'x\\''; DROP TABLE victim; --', E'y\\\\', $$z\\$$, 'plain' -- 'c\\'";
        assert_eq!(
            settings_proof(sql),
            "SELECT E'x\\\\''; DROP TABLE victim; --', E'y\\\\', $$z\\$$, 'plain' -- 'c\\'"
        );
        // The same text either way: one constant, read as it was.
        let before = pg_query::parse(sql, 0).unwrap().protobuf;
        let after = pg_query::parse(&settings_proof(sql), 0).unwrap().protobuf;
        let consts = |p: &pg_query::protobuf::ParseResult| {
            let json = serde_json::to_string(p).unwrap();
            json.matches("\"sval\"").count()
        };
        assert_eq!(consts(&before), consts(&after));
        assert_eq!(
            pg_query::deparse(&before, Default::default()).unwrap(),
            pg_query::deparse(&after, Default::default()).unwrap()
        );
        assert!(matches!(
            settings_proof("SELECT 'a'"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_dollar_quote_never_closes_inside_its_body() {
        assert_eq!(dollar_quote("b", "x"), "$b$x$b$");
        assert_eq!(dollar_quote("b", "x$b$y"), "$b1$x$b$y$b1$");
        assert_eq!(dollar_quote("b", "$b$$b1$"), "$b2$$b$$b1$$b2$");
    }
}
