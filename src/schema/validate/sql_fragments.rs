//! SQL fragments of the YAML (defaults, checks, index expressions and predicates, policy and
//! trigger conditions): each asked of PostgreSQL's parser and scanner once, and judged.

use pg_query::protobuf::KeywordKind;

use crate::schema::diagnostic::Diagnostics;
use crate::schema::model::{Origin, Table};

/// What PostgreSQL's parser and scanner say of one SQL fragment.
struct Analysis {
    /// Whether it parses as exactly one statement (`SELECT (fragment)`), or the error.
    parsed: Result<bool, String>,
    tokens: Option<Vec<Scanned>>,
}

/// One token of a fragment, as pg_query's scanner gives it.
struct Scanned {
    start: usize,
    end: usize,
    token: i32,
    keyword_kind: i32,
}

/// The analysis of `expr`, asked of pg_query once per distinct fragment: schemas repeat the
/// same defaults and checks (`now()`, `gen_random_uuid()`) on every table.
fn analyse(expr: &str) -> std::rc::Rc<Analysis> {
    thread_local! {
        static SEEN: crate::sql::memo::Memo<String, std::rc::Rc<Analysis>> =
            crate::sql::memo::Memo::new(crate::sql::memo::UNBOUNDED);
    }
    SEEN.with(|memo| memo.get_or(expr, || analyse_anew(expr)))
}

fn analyse_anew(expr: &str) -> std::rc::Rc<Analysis> {
    // One statement whose one target is not `(a, b)`: in parentheses a comma makes a row, which
    // parses here but not where the fragment goes (`CHECK (a, b)` is a syntax error).
    let parsed = pg_query::parse(&format!("SELECT ({expr})"), 0)
        .map(|p| p.protobuf.stmts.len() == 1 && !is_implicit_row(&p.protobuf))
        .map_err(|e| e.to_string());
    // Scanned only once it parses (pg_query's scanner misbehaves on some input the parser
    // refuses, an empty fragment among them).
    let tokens = (parsed == Ok(true))
        .then(|| crate::sql::scan_tokens(expr).ok())
        .flatten()
        .map(|scanned| {
            scanned
                .iter()
                .map(|t| Scanned {
                    start: t.start as usize,
                    end: t.end as usize,
                    token: t.token,
                    keyword_kind: t.keyword_kind,
                })
                .collect()
        });
    std::rc::Rc::new(Analysis { parsed, tokens })
}

/// The name lists of the nodes of kind `kind` in the expression `expr`, each read at `path`
/// under the node (a list of String nodes; any other item is `*`): `("ColumnRef", ["fields"])`
/// gives `[table, column]` or `[column]`, `("FuncCall", ["funcname"])` a function's name,
/// `("TypeCast", ["type_name", "names"])` a cast's type. One walk of the parse tree serves every
/// check of what a fragment names. An expression that does not parse names nothing here
/// (`check_sql` reports it).
pub(super) fn names_in(expr: &str, kind: &str, path: &[&str]) -> Vec<Vec<String>> {
    fn walk(v: &serde_json::Value, kind: &str, path: &[&str], out: &mut Vec<Vec<String>>) {
        match v {
            serde_json::Value::Object(map) => {
                let mut node = map.get(kind);
                for step in path {
                    node = node.and_then(|n| n.get(*step));
                }
                if let Some(items) = node.and_then(|l| l.as_array()) {
                    out.push(
                        items
                            .iter()
                            .map(|n| {
                                let text = n.get("node")?.get("String")?.get("sval")?.as_str();
                                text.map(str::to_string)
                            })
                            .map(|name| name.unwrap_or_else(|| "*".to_string()))
                            .collect(),
                    );
                }
                map.values().for_each(|v| walk(v, kind, path, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, kind, path, out)),
            _ => {}
        }
    }
    let Ok(parsed) = pg_query::parse(&format!("SELECT ({expr})"), 0) else {
        return Vec::new();
    };
    let Ok(tree) = serde_json::to_value(&parsed.protobuf) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk(&tree, kind, path, &mut out);
    out
}

/// The column names `expr` reads (`b` of `b > 0`, `amount` of `t.amount`), for fragments of
/// one table (a CHECK): what a column reference names, whatever else the expression holds.
pub(super) fn columns_read(expr: &str) -> Vec<String> {
    let mut out: Vec<String> = names_in(expr, "ColumnRef", &["fields"])
        .into_iter()
        .filter_map(|fields| fields.last().filter(|f| *f != "*").cloned())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether `SELECT (...)` parsed to a row the parentheses made (`(a, b)`), not `ROW(a, b)`.
fn is_implicit_row(parsed: &pg_query::protobuf::ParseResult) -> bool {
    use pg_query::protobuf::{node::Node as N, CoercionForm};
    let Some(N::SelectStmt(select)) = parsed
        .stmts
        .first()
        .and_then(|s| s.stmt.as_ref()?.node.as_ref())
    else {
        return false;
    };
    select.target_list.iter().any(|t| match t.node.as_ref() {
        Some(N::ResTarget(r)) => matches!(
            r.val.as_ref().and_then(|v| v.node.as_ref()),
            Some(N::RowExpr(row)) if row.row_format == CoercionForm::CoerceImplicitCast as i32
        ),
        _ => false,
    })
}

/// Checks that a SQL fragment parses as one expression, and that it does not use a reserved word
/// that is also a column name unquoted: in `user <> ''` PostgreSQL reads `user` as
/// CURRENT_USER, not as the column, and accepts it silently.
pub(super) fn check_sql(
    expr: &str,
    table: Option<&Table>,
    what: &str,
    origin: &Origin,
    object: &dyn std::fmt::Display,
    diags: &mut Diagnostics,
) {
    let analysis = analyse(expr);
    match &analysis.parsed {
        Ok(true) => {}
        Ok(false) => {
            diags.error_with_hint(
                origin,
                object.to_string(),
                format!("{what} `{expr}` is not a single SQL expression"),
                "write one expression: no `;`, no comma outside a function call or ROW(...)",
            );
            return;
        }
        Err(e) => {
            diags.error_with_hint(
                origin,
                object.to_string(),
                format!("{what} `{expr}` is not valid SQL: {e}"),
                "write a PostgreSQL expression; quote string values with single quotes",
            );
            return;
        }
    }
    let Some(tokens) = &analysis.tokens else {
        return;
    };
    // A comment inside a fragment could swallow what the SQL puts after it on that line (a
    // comma, a closing parenthesis): it parses alone, and means something else in place.
    use pg_query::protobuf::Token;
    if tokens.iter().any(|t| {
        matches!(
            Token::try_from(t.token),
            Ok(Token::SqlComment | Token::CComment)
        )
    }) {
        diags.error_with_hint(
            origin,
            object.to_string(),
            format!("{what} `{expr}` contains a SQL comment"),
            "remove the `--` or `/* */` comment; explain it in a YAML comment (`#`) instead",
        );
        return;
    }
    let Some(table) = table else {
        return;
    };
    for (i, token) in tokens.iter().enumerate() {
        let word = &expr[token.start..token.end];
        // A type name (`'...'::timestamp`, `CAST(x AS date)`, `timestamp '2020-01-01'`) is
        // not a column reference, whatever columns the table has.
        let before = i
            .checked_sub(1)
            .and_then(|j| Token::try_from(tokens[j].token).ok());
        let after = tokens
            .get(i + 1)
            .and_then(|t| Token::try_from(t.token).ok());
        if matches!(before, Some(Token::Typecast | Token::As)) || after == Some(Token::Sconst) {
            continue;
        }
        let keyword = matches!(
            KeywordKind::try_from(token.keyword_kind),
            Ok(KeywordKind::ReservedKeyword
                | KeywordKind::ColNameKeyword
                | KeywordKind::TypeFuncNameKeyword)
        );
        if keyword && table.column(&word.to_lowercase()).is_some() {
            diags.error_with_hint(
                origin,
                object.to_string(),
                format!(
                    "{what} `{expr}` uses `{word}` unquoted: it is a reserved word in SQL, so it does not mean the column `{}`",
                    word.to_lowercase()
                ),
                format!("quote it: \"{}\"", word.to_lowercase()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    /// Found by the fuzz test: `(a, b)` parses inside `SELECT (...)` as a row, but not as a
    /// CHECK, so the loader refuses it (and still takes `ROW(a, b)` and `(a, b) < (c, d)`).
    #[test]
    fn a_fragment_with_a_top_level_comma_is_not_one_expression() {
        let check = |expression: &str| {
            crate::schema::load_errors(
                "s.yaml",
                &format!(
                    "tables:\n  t:\n    columns:\n      a: integer\n      b: integer\n    checks:\n      - {{ name: c, expression: \"{expression}\" }}\n"
                ),
            )
        };
        assert!(check("a, b").contains("is not a single SQL expression"));
        assert_eq!(check("(a, b) < (1, 2)"), "");
        assert_eq!(check("ROW(a, b) IS NOT NULL"), "");
    }

    /// A real schema (a partial index on a table with a column named `timestamp`): a type name
    /// is not a column reference, while the reserved word used as a value still is refused.
    #[test]
    fn a_type_named_like_a_column_is_not_the_column() {
        let check = |expression: &str| {
            crate::schema::load_errors(
                "s.yaml",
                &format!(
                    "tables:\n  t:\n    columns:\n      timestamp: timestamptz\n      user: text\n    checks:\n      - {{ name: c, expression: \"{expression}\" }}\n"
                ),
            )
        };
        assert_eq!(check("\\\"timestamp\\\" > '2020-01-01'::timestamp"), "");
        assert_eq!(
            check("\\\"timestamp\\\" > CAST('2020-01-01' AS timestamp)"),
            ""
        );
        assert_eq!(check("\\\"timestamp\\\" > timestamp '2020-01-01'"), "");
        assert!(check("user <> ''").contains("uses `user` unquoted"));
    }
}
