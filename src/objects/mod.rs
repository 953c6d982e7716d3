//! Objects beyond tables. Each kind has one home here (its model, how it is read from SQL,
//! identified, created, replaced and dropped); what every kind shares — comparing two lists of
//! objects keyed by identity — is written once, below.

pub mod function;
pub mod policy;
pub mod trigger;
pub mod view;

/// Objects of `from` and `to` paired by identity: (only in `to`, in both but different, only in
/// `from`), each in its list's order.
pub fn keyed_diff<'a, T: PartialEq>(
    from: &'a [T],
    to: &'a [T],
    key: impl Fn(&T) -> String,
) -> (Vec<&'a T>, Vec<(&'a T, &'a T)>, Vec<&'a T>) {
    let from_keys: std::collections::HashMap<String, &T> =
        from.iter().map(|x| (key(x), x)).collect();
    let to_keys: std::collections::HashSet<String> = to.iter().map(&key).collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for x in to {
        match from_keys.get(&key(x)) {
            None => added.push(x),
            Some(old) if *old != x => changed.push((*old, x)),
            Some(_) => {}
        }
    }
    let removed = from.iter().filter(|x| !to_keys.contains(&key(x))).collect();
    (added, changed, removed)
}

/// What a schema `.sql` file declares, added to `schema`: every statement must be a `CREATE
/// FUNCTION`, `CREATE PROCEDURE` or `CREATE VIEW`, and a function body must parse. Errors name
/// the file and line.
pub fn declare(
    file: &str,
    text: &str,
    diags: &mut crate::schema::diagnostic::Diagnostics,
    schema: &mut crate::schema::model::Schema,
) {
    use pg_query::protobuf::node::Node as N;
    let statements = match crate::sql::replay::parse_statements(file, text) {
        Ok(s) => s,
        Err(d) => {
            diags.0.push(d);
            return;
        }
    };
    for st in statements {
        match &st.node {
            N::CreateFunctionStmt(stmt) => {
                match function::Function::from_statement(stmt, st.origin.clone()) {
                    Ok(f) => {
                        if let Err(why) = function::check_body(&f.definition, stmt) {
                            diags.error_with_hint(
                                &st.origin,
                                format!("function {}", f.identity()),
                                why,
                                "fix the body; PostgreSQL would reject it when the migration runs",
                            );
                        }
                        schema.functions.push(f);
                    }
                    Err(why) => diags.error(&st.origin, "", why),
                }
            }
            N::ViewStmt(stmt) => match view::View::from_statement(stmt, st.origin.clone()) {
                Ok(v) => schema.views.push(v),
                Err(why) => diags.error(&st.origin, "", why),
            },
            _ => diags.error_with_hint(
                &st.origin,
                "",
                "only CREATE FUNCTION, CREATE PROCEDURE and CREATE VIEW statements can be \
                 declared in schema/*.sql",
                "declare tables, enums and indexes in the YAML files",
            ),
        }
    }
}
