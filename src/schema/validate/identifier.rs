//! What every name and comment the user writes must be, whatever the object: a leaf, so each
//! kind's validation (`objects/<kind>/validate.rs`) and `validate.rs` judge names alike.

use crate::names::MAX_IDENTIFIER_BYTES;
use crate::origin::Origin;
use crate::schema::diagnostic::{shown, Diagnostics};

/// Every name the user gives an object passes here: PostgreSQL keeps only 63 bytes of it, an
/// empty name is not a name, and a control character (a line break, a NUL) has no business in
/// an identifier — it is how a name would smuggle SQL past a `--` comment.
/// `object` is put in words only when there is something to report: most names are fine.
pub fn check_name(
    name: &str,
    what: &str,
    origin: &Origin,
    object: &dyn std::fmt::Display,
    diags: &mut Diagnostics,
) {
    if name.is_empty() {
        diags.error_with_hint(
            origin,
            object.to_string(),
            format!("{what} is empty"),
            "give it a name of at least one character",
        );
        return;
    }
    if name.chars().any(char::is_control) {
        // Derived names (`{table}_pkey`) repeat the fault of the name they come from: say it once
        // per line.
        if !diags.first_control_character_at(origin) {
            return;
        }
        diags.error_with_hint(
            origin,
            object.to_string(),
            format!(
                "{what} {} contains a control character (line break, tab, NUL...)",
                shown(name)
            ),
            "use letters, digits, `_` and spaces only; PostgreSQL names may not hold line breaks \
             or NUL",
        );
        return;
    }
    if name.len() > MAX_IDENTIFIER_BYTES {
        diags.error_with_hint(
            origin,
            object.to_string(),
            format!(
                "{what} `{name}` is {} bytes long; PostgreSQL keeps only the first {MAX_IDENTIFIER_BYTES}",
                name.len()
            ),
            if what.ends_with("name") && !what.contains(' ') || what == "constraint name" {
                "give it a shorter `name:`; a name derived from a column shorthand (`index: true`, \
                 `unique: true`, `references:`) is set by declaring the object under `indexes:`, \
                 `unique:` or `foreign_keys:` instead"
            } else {
                "choose a shorter name"
            },
        );
    }
}

/// A comment is a string literal in the SQL, so any text is safe there but NUL, which
/// PostgreSQL cannot store in text.
pub fn check_comment(
    comment: Option<&str>,
    origin: &Origin,
    object: &dyn std::fmt::Display,
    diags: &mut Diagnostics,
) {
    if comment.is_some_and(|c| c.contains('\0')) {
        diags.error_with_hint(
            origin,
            object.to_string(),
            "comment contains a NUL character",
            "remove the \\0 from the comment: PostgreSQL text cannot hold it",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_is_told_once_per_line() {
        let mut diags = Diagnostics::default();
        let line = |n| Origin::new("a.yaml", n);
        // A table name and the primary key name derived from it, on one line.
        check_name("t\nx", "table name", &line(3), &"table t", &mut diags);
        check_name(
            "t\nx_pkey",
            "constraint name",
            &line(3),
            &"table t",
            &mut diags,
        );
        assert_eq!(diags.0.len(), 1, "{:?}", diags.0);
        check_name("c\0", "column name", &line(4), &"column c", &mut diags);
        assert_eq!(diags.0.len(), 2);
        assert!(diags.0[1].message.contains("control character"));
    }
}
