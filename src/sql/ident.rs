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
    use crate::schema::model::{local_name, namespace_of};
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

/// `text` as a SQL string literal.
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
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
}
