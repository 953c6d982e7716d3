//! What the rest of the code asks of PostgreSQL's parser about a piece of SQL: an expression
//! written back in PostgreSQL's own spelling, a type under the model's name for it, the strings
//! of a name list. A leaf of `sql/`: replay, the object kinds and validation all use it, and it
//! uses none of them.

use pg_query::protobuf::{self, node::Node as N};

use crate::schema::types::ColumnType;
use crate::sql::memo::{self, Memo};

/// A SQL expression node, written back as SQL by PostgreSQL's deparser. A history writes the
/// same few expressions again and again (`now()`, `gen_random_uuid()`, `amount >= 0`): each is
/// deparsed once per thread, found again by its content without its positions
/// (`sql::node_key`); the deparse was 5% of `check`, on the thread that replays the history.
pub fn expression_sql(node: &protobuf::Node) -> Result<String, String> {
    thread_local! {
        // Bounded: a history of endless distinct expressions costs a little time, not memory.
        static WRITTEN: Memo<Vec<u8>, Result<String, String>> = Memo::new(4096);
    }
    let key = crate::sql::node_key::key(node);
    WRITTEN.with(|w| w.get_or(&key, || deparse_expression(node)))
}

fn deparse_expression(node: &protobuf::Node) -> Result<String, String> {
    // Borrow a well-formed `SELECT 1` from the parser (every enum field set as the C library
    // expects) and put the expression in place of the 1.
    thread_local! {
        static TEMPLATE: protobuf::ParseResult =
            pg_query::parse("SELECT 1", 0).expect("SELECT 1 parses").protobuf;
    }
    let mut template = TEMPLATE.with(|t| t.clone());
    let stmt = template.stmts[0]
        .stmt
        .as_mut()
        .and_then(|s| s.node.as_mut());
    let Some(N::SelectStmt(select)) = stmt else {
        return Err("unexpected parse of SELECT 1".into());
    };
    let Some(N::ResTarget(target)) = select.target_list[0].node.as_mut() else {
        return Err("unexpected parse of SELECT 1".into());
    };
    target.val = Some(node.clone().into());
    let sql = pg_query::deparse(&template, Default::default())
        .map_err(|e| format!("cannot write back an expression: {e}"))?;
    Ok(sql.trim_start_matches("SELECT ").to_string())
}

/// The canonical text of an expression written by hand, so `now()` and `NOW( )` compare equal.
pub fn normalize_expression(expr: &str) -> String {
    thread_local! {
        static NORMAL: Memo<String, String> = Memo::new(memo::UNBOUNDED);
    }
    NORMAL.with(|memo| {
        memo.get_or(expr, || {
            pg_query::parse(&format!("SELECT {expr}"), 0)
                .ok()
                .and_then(|p| p.deparse(Default::default()).ok())
                .map(|s| s.trim_start_matches("SELECT ").to_string())
                .unwrap_or_else(|| expr.to_string())
        })
    })
}

pub(crate) fn string_of(node: &protobuf::Node) -> Option<&str> {
    match node.node.as_ref()? {
        N::String(s) => Some(&s.sval),
        _ => None,
    }
}

/// The model's name for a (possibly schema-qualified) object name list: `name` in `public`
/// (or `pg_catalog`, for built-in types), `schema.name` in a schema `created` says the history
/// created.
pub(crate) fn model_name_in(
    names: &[String],
    created: impl Fn(&str) -> bool,
) -> Result<String, String> {
    match names {
        [name] => Ok(name.clone()),
        [schema, name] if schema == "public" || schema == "pg_catalog" => Ok(name.clone()),
        [schema, name] if created(schema) => Ok(format!("{schema}.{name}")),
        [schema, _] => Err(format!(
            "`{}`: schema `{schema}` is not created by the migrations (CREATE SCHEMA {schema}), \
             so its objects are not modelled",
            names.join(".")
        )),
        _ => Err(format!(
            "`{}`: names of three parts are not modelled",
            names.join(".")
        )),
    }
}

pub(crate) fn strings(nodes: &[protobuf::Node]) -> Vec<String> {
    nodes
        .iter()
        .filter_map(|n| string_of(n).map(String::from))
        .collect()
}

/// The strings of a list of String nodes (a qualified name, a column list).
pub fn string_list(nodes: &[protobuf::Node]) -> Vec<String> {
    strings(nodes)
}

/// The model's name for a name's parts (`public.` left out) without judging whether the
/// schema is known: for rough accounts (the tables a statement touches) and names read from
/// text (`create_distributed_table('public.room', ...)`).
pub fn loose_name(names: &[String]) -> String {
    match names {
        [schema, rest @ ..] if schema == "public" && !rest.is_empty() => rest.join("."),
        _ => names.join("."),
    }
}

/// The model's name for a table as a statement writes it (`billing.invoice`, or `room` for
/// `room` and `public.room`), without judging whether the schema is known.
pub fn loose_relation(rv: &protobuf::RangeVar) -> String {
    if rv.schemaname.is_empty() {
        rv.relname.clone()
    } else {
        loose_name(&[rv.schemaname.clone(), rv.relname.clone()])
    }
}

/// The model's name for `schema.name`: `name` in public, `schema.name` elsewhere.
pub fn public_stripped(schema: &str, name: &str) -> String {
    match schema {
        "" | "public" | "pg_catalog" => name.to_string(),
        s => format!("{s}.{name}"),
    }
}

/// A type as PostgreSQL's deparser writes it, modifiers and array bounds kept (`varchar(10)`,
/// `numeric(10,2)[]`), `public.` left out, built-in types under the model's names, so `int`,
/// `int4` and `integer` read the same.
pub fn type_sql(t: &protobuf::TypeName) -> Result<String, String> {
    let mut t = t.clone();
    if t.names.len() == 2 && string_of(&t.names[0]) == Some("public") {
        t.names.remove(0);
    }
    // `.into()` wraps each node kind as the Node enum holds it: boxed (vendor/pg_query) or
    // inline (pg_query as released), so this compiles against either.
    let null = protobuf::AConst {
        isnull: true,
        location: -1,
        val: None,
    };
    let cast = N::TypeCast(
        protobuf::TypeCast {
            arg: Some(
                protobuf::Node {
                    node: Some(N::AConst(null.into())),
                }
                .into(),
            ),
            type_name: Some(t),
            location: -1,
        }
        .into(),
    );
    let sql = expression_sql(&protobuf::Node { node: Some(cast) })?;
    let written = sql
        .strip_prefix("NULL::")
        .ok_or_else(|| format!("cannot write back the type ({sql})"))?;
    // Built-in types under the model's one name for them (`int4` is `integer`).
    Ok(ColumnType::parse(written, &[], &[])
        .map(|t| t.to_string())
        .unwrap_or_else(|_| written.to_string()))
}
