//! Which columns of which tables a view's query reads, as far as it can be told offline: for
//! validation (a view over a column the YAML drops or renames) and for generate (a view is
//! dropped and recreated around a change only when it reads the column changed).
//!
//! `alias.column` resolves when the alias names one relation of the query; a bare `column`
//! when the query reads one relation and nothing else (no subquery, set-returning function,
//! WITH query, join) and no output column has that name. Anything else — `*`, a whole-row
//! reference (`row_to_json(t)`), a bare column among several sources — is a reference that
//! cannot be resolved: whoever asks must assume the view reads every column.

use pg_query::NodeRef;

use super::{model_name, View};

/// One column reference of a view's query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnRef {
    /// (relation's model name, column).
    Resolved(String, String),
    /// A reference that may read any column of the relations the view reads.
    Unknown,
}

/// The column references of `v`'s query; `None` when its definition does not parse.
pub fn column_refs(v: &View) -> Option<Vec<ColumnRef>> {
    let parsed = pg_query::parse(&v.definition, 0).ok()?;
    // (name the query uses — alias or relation — model name of the relation)
    let mut relations: Vec<(String, String)> = Vec::new();
    // Names whose columns cannot be known: aliases renaming columns, subqueries, functions,
    // WITH queries.
    let mut opaque: Vec<String> = Vec::new();
    let mut unknown_source = false;
    let mut refs: Vec<Option<Vec<String>>> = Vec::new();
    let mut outputs: Vec<String> = Vec::new();
    let alias_name =
        |a: &Option<pg_query::protobuf::Alias>| a.as_ref().map(|a| a.aliasname.clone());
    for (node, ..) in parsed.protobuf.nodes() {
        match node {
            NodeRef::RangeVar(rv) => {
                let name = model_name(&rv.schemaname, &rv.relname);
                if name == v.name {
                    continue;
                }
                match &rv.alias {
                    Some(a) if !a.colnames.is_empty() => opaque.push(a.aliasname.clone()),
                    Some(a) => relations.push((a.aliasname.clone(), name)),
                    None => {
                        relations.push((rv.relname.clone(), name.clone()));
                        if !rv.schemaname.is_empty() {
                            relations.push((format!("{}.{}", rv.schemaname, rv.relname), name));
                        }
                    }
                }
            }
            NodeRef::RangeSubselect(s) => match alias_name(&s.alias) {
                Some(a) => opaque.push(a),
                None => unknown_source = true,
            },
            NodeRef::RangeFunction(f) => {
                unknown_source = true;
                if let Some(a) = alias_name(&f.alias) {
                    opaque.push(a);
                }
            }
            NodeRef::RangeTableFunc(_) | NodeRef::JoinExpr(_) => unknown_source = true,
            NodeRef::CommonTableExpr(c) => {
                unknown_source = true;
                opaque.push(c.ctename.clone());
            }
            NodeRef::ResTarget(t) if !t.name.is_empty() => outputs.push(t.name.clone()),
            NodeRef::ColumnRef(c) => refs.push(
                c.fields
                    .iter()
                    .map(|f| match &f.node {
                        Some(pg_query::protobuf::node::Node::String(s)) => Some(s.sval.clone()),
                        _ => None, // `*`
                    })
                    .collect(),
            ),
            _ => {}
        }
    }
    // WITH queries read in FROM are RangeVars too: not relations.
    relations.retain(|(n, _)| !opaque.contains(n));
    let mut tables: Vec<&String> = relations.iter().map(|(_, m)| m).collect();
    tables.sort();
    tables.dedup();
    let resolve = |fields: &Option<Vec<String>>| -> Option<ColumnRef> {
        let Some(fields) = fields else {
            return Some(ColumnRef::Unknown); // a star
        };
        let (qualifier, column) = match fields.as_slice() {
            [q, c] => (Some(q.clone()), c),
            [s, q, c] => (Some(format!("{s}.{q}")), c),
            [c] => (None, c),
            _ => return Some(ColumnRef::Unknown),
        };
        match qualifier {
            Some(q) => {
                if opaque.contains(&q) {
                    return None; // a column of a subquery or function: no table's
                }
                let mut named = relations.iter().filter(|(n, _)| *n == q).map(|(_, m)| m);
                let first = named.next()?;
                if named.any(|m| m != first) {
                    return Some(ColumnRef::Unknown);
                }
                Some(ColumnRef::Resolved(first.clone(), column.clone()))
            }
            None => {
                let whole_row = relations.iter().any(|(n, _)| n == column);
                if whole_row
                    || tables.len() != 1
                    || unknown_source
                    || !opaque.is_empty()
                    || outputs.contains(column)
                {
                    return Some(ColumnRef::Unknown);
                }
                Some(ColumnRef::Resolved(tables[0].clone(), column.clone()))
            }
        }
    };
    Some(refs.iter().filter_map(resolve).collect())
}

/// Whether `v` may read `table.column`: it reads the table, and one of its references is that
/// column or cannot be resolved. A view whose query does not parse reads everything.
pub fn may_read(v: &View, table: &str, column: &str) -> bool {
    if !v.reads.iter().any(|r| r == table) {
        return false;
    }
    match column_refs(v) {
        None => true,
        Some(refs) => refs.iter().any(|r| match r {
            ColumnRef::Unknown => true,
            ColumnRef::Resolved(t, c) => t == table && c == column,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(sql: &str) -> View {
        let parsed = pg_query::parse(sql, 0).unwrap();
        let Some(pg_query::protobuf::node::Node::ViewStmt(s)) = parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|s| s.node.clone())
        else {
            panic!("not a view")
        };
        View::from_statement(&s, Default::default()).unwrap()
    }

    #[test]
    fn a_view_reads_the_columns_it_names_and_everything_behind_a_star() {
        let v = view("CREATE VIEW v AS SELECT t.a, b FROM t WHERE c > 0");
        assert!(may_read(&v, "t", "a") && may_read(&v, "t", "b") && may_read(&v, "t", "c"));
        assert!(!may_read(&v, "t", "d"));
        assert!(!may_read(&v, "u", "a"));
        let star = view("CREATE VIEW v AS SELECT * FROM t");
        assert!(may_read(&star, "t", "d"));
        let joined = view("CREATE VIEW v AS SELECT x.a, y.b FROM t x JOIN u y ON y.id = x.id");
        assert!(may_read(&joined, "t", "a") && may_read(&joined, "u", "id"));
        assert!(!may_read(&joined, "t", "b"));
        let bare_join = view("CREATE VIEW v AS SELECT a FROM t, u");
        assert!(
            may_read(&bare_join, "t", "z"),
            "a bare column among two tables"
        );
    }
}
