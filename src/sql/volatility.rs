//! Whether a default expression is computed once per statement (the same for every row) or
//! per row: adding a column with a per-row default rewrites the table, with a constant or a
//! stable one it does not (PostgreSQL 11+ stores it in the catalog). Read by the
//! `volatile-default` rule and by `generate`'s lock-safe form of such a column.

use pg_query::protobuf::node::Node as N;

/// Functions whose value is the same for every row of one statement (stable or immutable):
/// a default calling only these is evaluated once.
const NOT_VOLATILE: &[&str] = &[
    "now",
    "transaction_timestamp",
    "statement_timestamp",
    "current_setting",
    "lower",
    "upper",
    "btrim",
    "trim",
    "concat",
    "length",
    "to_jsonb",
    "to_json",
    "jsonb_build_object",
    "json_build_object",
    "jsonb_build_array",
    "json_build_array",
    "make_interval",
    "make_date",
    "make_timestamptz",
    "array_length",
    "coalesce",
    "greatest",
    "least",
    "date_trunc",
    "timezone",
    "md5",
];

/// The first function called in `expr` that is not known to be stable, if any.
pub fn volatile_call(expr: &pg_query::protobuf::Node) -> Option<String> {
    let root = expr.node.as_ref()?;
    root.nodes().into_iter().find_map(|(n, ..)| {
        let pg_query::NodeRef::FuncCall(f) = n else {
            return None;
        };
        let name = f
            .funcname
            .last()
            .and_then(|s| match s.node.as_ref() {
                Some(N::String(s)) => Some(s.sval.to_lowercase()),
                _ => None,
            })
            .unwrap_or_default();
        (!NOT_VOLATILE.contains(&name.as_str())).then_some(name)
    })
}

/// [`volatile_call`] of an expression written as SQL text (a default of the model).
pub fn volatile_call_in(expression: &str) -> Option<String> {
    let parsed = pg_query::parse(&format!("SELECT {expression}"), 0).ok()?;
    let statement = parsed.protobuf.stmts.into_iter().next()?.stmt?.node?;
    let N::SelectStmt(select) = statement else {
        return None;
    };
    let target = select.target_list.first()?.node.as_ref()?;
    let N::ResTarget(t) = target else {
        return None;
    };
    volatile_call(t.val.as_deref()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_row_functions_are_told_from_stable_ones() {
        assert_eq!(
            volatile_call_in("gen_random_uuid()").as_deref(),
            Some("gen_random_uuid")
        );
        assert_eq!(
            volatile_call_in("(random() * 10)::int").as_deref(),
            Some("random")
        );
        assert_eq!(volatile_call_in("now()"), None);
        assert_eq!(volatile_call_in("'x'"), None);
        assert_eq!(volatile_call_in("CURRENT_TIMESTAMP"), None);
    }
}
