//! Functions and procedures: everything hotelschema knows about this kind lives here — the
//! model, how one is read from a `CREATE FUNCTION` statement (the schema's `.sql` files and the
//! migration history both go through [`Function::from_statement`]), its identity, and the SQL
//! that creates, replaces and drops it.
//!
//! A body is text the model does not interpret. A function is its identity — schema, name and
//! argument types, as PostgreSQL tells overloads apart — and its definition: the statement as
//! PostgreSQL's own deparser writes it back (pg_query), so spacing, keyword case and `int` vs
//! `integer` never count as a change.

pub mod annotated;
pub mod declare;
pub mod diff;
pub mod read;
pub mod rename;
pub mod replay;
pub mod validate;

use pg_query::protobuf::{self, node::Node as N, FunctionParameterMode};

use crate::origin::Origin;
use crate::sql::ident::quote;

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug)]
pub struct Function {
    /// `name`, or `schema.name` outside public (as tables are named).
    pub name: String,
    /// The argument types that identify it among overloads (IN, INOUT and VARIADIC ones),
    /// canonical (`int4`, `text[]`, `public.mood`).
    pub args: Vec<String>,
    pub procedure: bool,
    /// `CREATE FUNCTION ...` as pg_query deparses it (never `OR REPLACE`).
    pub definition: String,
    /// The definition with its options sorted: what two functions are compared by.
    pub comparable: String,
    /// What `CREATE OR REPLACE` cannot change: parameters (names, modes, types, defaults) and
    /// the return type. When it differs, the function is dropped and created again.
    pub shape: String,
    /// GRANTs on it (see `objects::privilege`); compared by the grants planner, not here.
    pub grants: Vec<crate::objects::privilege::Grant>,
    pub comment: Option<String>,
    /// `-- renamed from: old_name` above its declaration: the next migration renames it.
    pub renamed_from: crate::origin::Hint<Option<String>>,
    /// Its oid, when read from a live database (its grants are read by oid); never compared.
    #[serde(default)]
    pub oid: crate::origin::Hint<Option<i64>>,
    pub origin: Origin,
}

impl Function {
    /// The LANGUAGE it is written in, lower case, as its definition says.
    pub fn language(&self) -> Option<String> {
        use pg_query::protobuf::node::Node as N;
        let parsed = pg_query::parse(&self.definition, 0).ok()?;
        let stmt = parsed
            .protobuf
            .stmts
            .first()?
            .stmt
            .as_ref()?
            .node
            .as_ref()?;
        let N::CreateFunctionStmt(f) = stmt else {
            return None;
        };
        f.options.iter().find_map(|o| match o.node.as_ref()? {
            N::DefElem(d) if d.defname == "language" => match d.arg.as_ref()?.node.as_ref()? {
                N::String(s) => Some(s.sval.to_lowercase()),
                _ => None,
            },
            _ => None,
        })
    }
}

impl Eq for Function {}

/// Two functions are the same function when their identities and definitions are: grants and
/// comments change without replacing it.
impl PartialEq for Function {
    fn eq(&self, other: &Function) -> bool {
        self.identity() == other.identity() && self.comparable == other.comparable
    }
}

impl Function {
    /// `schema.name(int4, text)`: what tells one function from another.
    pub fn identity(&self) -> String {
        format!("{}({})", self.name, self.args.join(", "))
    }

    fn keyword(&self) -> &'static str {
        if self.procedure {
            "PROCEDURE"
        } else {
            "FUNCTION"
        }
    }

    /// Reads a `CREATE [OR REPLACE] FUNCTION | PROCEDURE` statement.
    pub fn from_statement(
        stmt: &protobuf::CreateFunctionStmt,
        origin: Origin,
    ) -> Result<Function, String> {
        let name = qualified(&stmt.funcname)?;
        let mut args = Vec::new();
        for p in &stmt.parameters {
            let Some(N::FunctionParameter(p)) = p.node.as_ref() else {
                continue;
            };
            let mode = FunctionParameterMode::try_from(p.mode)
                .unwrap_or(FunctionParameterMode::FuncParamIn);
            let identifies = matches!(
                mode,
                FunctionParameterMode::FuncParamIn
                    | FunctionParameterMode::FuncParamInout
                    | FunctionParameterMode::FuncParamVariadic
                    | FunctionParameterMode::FuncParamDefault
            );
            if identifies {
                args.push(type_identity(p.arg_type.as_ref())?);
            }
        }
        let mut canonical = stmt.clone();
        canonical.replace = false;
        // `public.f` is `f`, as tables are.
        let public = |n: &protobuf::Node| matches!(n.node.as_ref(), Some(N::String(s)) if s.sval == "public");
        if canonical.funcname.len() == 2 && public(&canonical.funcname[0]) {
            canonical.funcname.remove(0);
        }
        let definition = N::CreateFunctionStmt(canonical.clone().into())
            .deparse(Default::default())
            .map_err(|e| format!("cannot write back the function: {e}"))?;
        // The order of LANGUAGE, SECURITY, SET... never counts: compared with them sorted.
        let mut sorted = canonical.clone();
        sorted.options.sort_by_key(|o| match o.node.as_ref() {
            Some(N::DefElem(d)) => {
                let set = match d.arg.as_ref().and_then(|a| a.node.as_ref()) {
                    Some(N::VariableSetStmt(v)) => v.name.clone(),
                    _ => String::new(),
                };
                (d.defname.clone(), set)
            }
            _ => Default::default(),
        });
        let comparable = N::CreateFunctionStmt(sorted.into())
            .deparse(Default::default())
            .unwrap_or_else(|_| definition.clone());
        let mut shape = canonical;
        shape.options.clear();
        shape.sql_body = None;
        let shape = N::CreateFunctionStmt(shape.into())
            .deparse(Default::default())
            .unwrap_or_default();
        Ok(Function {
            name,
            args,
            procedure: stmt.is_procedure,
            definition,
            comparable,
            shape,
            grants: Vec::new(),
            comment: None,
            renamed_from: Default::default(),
            oid: Default::default(),
            origin,
        })
    }

    /// This function under the name `new` (in its schema), its definition written back with it;
    /// grants and comment kept.
    pub fn renamed(&self, new: &str) -> Function {
        let mut f = self.clone();
        f.name = crate::names::sibling_name(&self.name, new);
        if let Ok(parsed) = pg_query::parse(&self.definition, 0) {
            if let Some(N::CreateFunctionStmt(mut stmt)) =
                parsed.protobuf.stmts[0].stmt.clone().and_then(|s| s.node)
            {
                if let Some(last) = stmt.funcname.last_mut() {
                    let name = protobuf::String {
                        sval: new.to_string(),
                    };
                    last.node = Some(N::String(name.into()));
                }
                if let Ok(renamed) = Function::from_statement(&stmt, self.origin.clone()) {
                    f = Function {
                        grants: self.grants.clone(),
                        comment: self.comment.clone(),
                        renamed_from: self.renamed_from.clone(),
                        oid: self.oid.clone(),
                        ..renamed
                    };
                }
            }
        }
        f
    }

    /// `ALTER FUNCTION name(args) RENAME TO new`.
    pub fn rename_sql(&self, new: &str) -> String {
        format!(
            "ALTER {} {}({}) RENAME TO {};",
            self.keyword(),
            crate::sql::ident::quote_qualified(&self.name),
            self.args.join(", "),
            quote(new)
        )
    }

    /// Replays `ALTER FUNCTION ... <actions>` (SET / RESET, SECURITY, volatility,
    /// STRICT, LEAKPROOF, COST, ROWS, PARALLEL): the definition gets the new options, as
    /// `pg_get_functiondef` would print them afterwards.
    pub fn alter(&mut self, actions: &[protobuf::Node]) -> Result<(), String> {
        use protobuf::VariableSetKind as K;
        let parsed = pg_query::parse(&self.definition, 0).map_err(|e| e.to_string())?;
        let Some(N::CreateFunctionStmt(mut stmt)) =
            parsed.protobuf.stmts[0].stmt.clone().and_then(|s| s.node)
        else {
            return Err("the function's definition cannot be read back".into());
        };
        let set_name = |n: &protobuf::Node| match n.node.as_ref() {
            Some(N::DefElem(d)) if d.defname == "set" => {
                match d.arg.as_ref().and_then(|a| a.node.as_ref()) {
                    Some(N::VariableSetStmt(v)) => Some(v.name.clone()),
                    _ => None,
                }
            }
            _ => None,
        };
        for action in actions {
            let Some(N::DefElem(d)) = action.node.as_ref() else {
                continue;
            };
            if d.defname == "set" {
                let Some(N::VariableSetStmt(v)) = d.arg.as_ref().and_then(|a| a.node.as_ref())
                else {
                    continue;
                };
                match K::try_from(v.kind) {
                    Ok(K::VarResetAll) => stmt.options.retain(|o| set_name(o).is_none()),
                    Ok(K::VarReset) => stmt
                        .options
                        .retain(|o| set_name(o).as_deref() != Some(&v.name)),
                    Ok(K::VarSetValue) => {
                        stmt.options
                            .retain(|o| set_name(o).as_deref() != Some(&v.name));
                        stmt.options.push(action.clone());
                    }
                    _ => return Err("this ALTER FUNCTION ... SET form is not modelled".into()),
                }
            } else {
                stmt.options.retain(
                    |o| !matches!(o.node.as_ref(), Some(N::DefElem(x)) if x.defname == d.defname),
                );
                stmt.options.push(action.clone());
            }
        }
        let mut altered = Function::from_statement(&stmt, self.origin.clone())?;
        altered.grants = std::mem::take(&mut self.grants);
        altered.comment = self.comment.take();
        *self = altered;
        Ok(())
    }

    /// The statement that creates it.
    pub fn create_sql(&self) -> String {
        // Bodies are checked when the function is called, not when it is created: a function
        // may name a table created later in the same migration (as pg_dump does).
        format!(
            "SET LOCAL check_function_bodies = off;\n{};",
            self.definition
        )
    }

    /// `CREATE OR REPLACE` with this definition.
    pub fn replace_sql(&self) -> String {
        let definition = self
            .definition
            .replacen("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
            .replacen("CREATE PROCEDURE", "CREATE OR REPLACE PROCEDURE", 1);
        format!("SET LOCAL check_function_bodies = off;\n{definition};")
    }

    pub fn drop_sql(&self) -> String {
        format!("DROP {} {};", self.keyword(), self.quoted_identity())
    }

    fn quoted_identity(&self) -> String {
        format!(
            "{}({})",
            crate::sql::ident::quote_qualified(&self.name),
            self.args.join(", ")
        )
    }

    /// Whether `CREATE OR REPLACE` can turn `self` into `new` (same parameters and return type).
    pub fn replaceable_by(&self, new: &Function) -> bool {
        self.procedure == new.procedure && self.shape == new.shape
    }
}

/// Why a statement's function cannot be found. Typed, because a caller decides on it: `DROP
/// FUNCTION IF EXISTS` passes over a function that does not exist, but not over a name that is
/// ambiguous or malformed (PostgreSQL refuses those whatever `IF EXISTS` says).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Lookup {
    #[error("function {0} does not exist at this point of the history")]
    Missing(String),
    #[error("function name {0} is ambiguous: give its argument types")]
    Ambiguous(String),
    /// The statement's name or argument types cannot be read.
    #[error("{0}")]
    Unreadable(String),
}

impl From<Lookup> for String {
    fn from(e: Lookup) -> String {
        e.to_string()
    }
}

/// The position of the function `o` names.
pub fn find(functions: &[Function], o: &protobuf::ObjectWithArgs) -> Result<usize, Lookup> {
    match identity_of(o).map_err(Lookup::Unreadable)? {
        Some(identity) => functions
            .iter()
            .position(|f| f.identity() == identity)
            .ok_or(Lookup::Missing(identity)),
        None => {
            let name = qualified(&o.objname).map_err(Lookup::Unreadable)?;
            let matching: Vec<usize> = functions
                .iter()
                .enumerate()
                .filter(|(_, f)| f.name == name)
                .map(|(i, _)| i)
                .collect();
            match matching.as_slice() {
                [i] => Ok(*i),
                [] => Err(Lookup::Missing(name)),
                _ => Err(Lookup::Ambiguous(name)),
            }
        }
    }
}

/// `schema.name` (or `name` in public) from a list of String nodes.
pub fn qualified(names: &[protobuf::Node]) -> Result<String, String> {
    let parts: Vec<&str> = names
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(N::String(s)) => Some(s.sval.as_str()),
            _ => None,
        })
        .collect();
    match parts.as_slice() {
        [name] => Ok(name.to_string()),
        ["public", name] => Ok(name.to_string()),
        [schema, name] => Ok(format!("{schema}.{name}")),
        _ => Err(format!("the name {} has too many parts", parts.join("."))),
    }
}

/// A parameter type as PostgreSQL identifies it: `integer` and `int` are `int4`; typmods do not
/// count (`varchar(10)` is `varchar`); arrays keep their `[]`.
pub fn type_identity(t: Option<&protobuf::TypeName>) -> Result<String, String> {
    let t = t.ok_or("a parameter without a type")?;
    let names: Vec<&str> = t
        .names
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(N::String(s)) => Some(s.sval.as_str()),
            _ => None,
        })
        .collect();
    let base = match names.as_slice() {
        ["pg_catalog", name] => name.to_string(),
        [name] => quote(name),
        [schema, name] => format!("{}.{}", quote(schema), quote(name)),
        _ => return Err("a parameter type with too many parts".into()),
    };
    if t.pct_type {
        return Err("%TYPE parameters are not modelled; write the type".into());
    }
    Ok(format!("{base}{}", "[]".repeat(t.array_bounds.len())))
}

/// The identity of the function an `ObjectWithArgs` (DROP FUNCTION, ALTER FUNCTION) names;
/// `None` when it names no argument list (`DROP FUNCTION f`).
pub fn identity_of(o: &protobuf::ObjectWithArgs) -> Result<Option<String>, String> {
    let name = qualified(&o.objname)?;
    if o.args_unspecified {
        return Ok(None);
    }
    let mut args = Vec::new();
    for a in &o.objargs {
        let Some(N::TypeName(t)) = a.node.as_ref() else {
            continue;
        };
        args.push(type_identity(Some(t))?);
    }
    Ok(Some(format!("{name}({})", args.join(", "))))
}

/// Checks a function's body offline: a plpgsql body must parse as plpgsql, an SQL body as SQL.
/// The error says what PostgreSQL's parser said.
pub fn check_body(statement_sql: &str, stmt: &protobuf::CreateFunctionStmt) -> Result<(), String> {
    let mut language = String::from("sql");
    let mut body: Option<String> = None;
    for o in &stmt.options {
        let Some(N::DefElem(d)) = o.node.as_ref() else {
            continue;
        };
        match d.defname.as_str() {
            "language" => {
                if let Some(N::String(s)) = d.arg.as_ref().and_then(|a| a.node.as_ref()) {
                    language = s.sval.to_lowercase();
                }
            }
            "as" => {
                if let Some(N::List(l)) = d.arg.as_ref().and_then(|a| a.node.as_ref()) {
                    if let Some(N::String(s)) = l.items.first().and_then(|i| i.node.as_ref()) {
                        body = Some(s.sval.clone());
                    }
                }
            }
            _ => {}
        }
    }
    match (language.as_str(), body) {
        ("plpgsql", Some(_)) => match pg_query::parse_plpgsql(statement_sql) {
            // The C parser accepted it; only pg_query's JSON rendering of the tree failed.
            Ok(_) | Err(pg_query::Error::InvalidJson(_)) => Ok(()),
            // pg_query compiles plpgsql without a catalog: a row type or relation of another
            // schema (`DECLARE v app.users;`) is beyond it, not an error of the body. Only
            // what is wrong whatever the catalog holds is refused.
            Err(e) if !wrong_whatever_the_catalog(&e.to_string()) => Ok(()),
            Err(e) => Err(format!("the plpgsql body does not parse: {e}")),
        },
        ("sql", Some(body)) => pg_query::parse(&body, 0)
            .map(|_| ())
            .map_err(|e| format!("the SQL body does not parse: {e}")),
        _ => Ok(()),
    }
}

/// Whether a plpgsql compile error of pg_query is one PostgreSQL would give too, whatever its
/// catalog holds: syntax, not lookups (pg_query looks names up in an empty catalog that knows
/// only `pg_catalog` and `public`).
fn wrong_whatever_the_catalog(error: &str) -> bool {
    let lookup = [
        "LookupExplicitNamespace",
        "only supports",
        "does not exist",
        "cache lookup",
    ];
    !lookup.iter().any(|l| error.contains(l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plpgsql_naming_another_schemas_types_is_not_refused_but_syntax_is() {
        let body = |sql: &str| check_body(sql, &statement(sql));
        let ok = "CREATE FUNCTION app.f() RETURNS app.users LANGUAGE plpgsql AS $$
            DECLARE v app.users; BEGIN SELECT * INTO v FROM app.users LIMIT 1; RETURN v; END $$;";
        assert_eq!(body(ok), Ok(()));
        let bad = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETRN 1; END $$;";
        assert!(body(bad).is_err());
    }

    fn statement(sql: &str) -> protobuf::CreateFunctionStmt {
        let parsed = pg_query::parse(sql, 0).unwrap();
        match parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|s| s.node.clone())
        {
            Some(N::CreateFunctionStmt(stmt)) => {
                // (Boxed or not, as the pg_query in use has it.)
                let stmt: &protobuf::CreateFunctionStmt = &stmt;
                stmt.clone()
            }
            _ => panic!("not a function: {sql}"),
        }
    }

    fn read(sql: &str) -> Function {
        Function::from_statement(&statement(sql), Origin::default()).unwrap()
    }

    #[test]
    fn spelling_never_counts_and_overloads_are_told_apart() {
        let a = read("create function touch(t int, n varchar(10)) returns trigger language plpgsql as $$ begin return new; end $$");
        let b = read("CREATE OR REPLACE FUNCTION public.touch(t INTEGER, n character varying) RETURNS trigger\n  LANGUAGE plpgsql AS $$ begin return new; end $$;");
        assert_eq!(a.identity(), "touch(int4, varchar)");
        assert_eq!(a.definition.replace("varchar(10)", "varchar"), b.definition);
        let c = read("CREATE FUNCTION touch(t int8) RETURNS int8 LANGUAGE sql AS 'SELECT t'");
        assert_ne!(a.identity(), c.identity());
        let out = read("CREATE FUNCTION split(s text, OUT a text, OUT b text) LANGUAGE sql AS $$ SELECT s, s $$");
        assert_eq!(out.identity(), "split(text)");
        assert_eq!(
            read("CREATE PROCEDURE billing.close(y int) LANGUAGE sql AS 'SELECT 1'").drop_sql(),
            "DROP PROCEDURE billing.close(int4);"
        );
    }

    #[test]
    fn a_new_body_replaces_a_new_return_type_recreates() {
        let old = read("CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x'");
        let body = read("CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1'");
        let returns = read("CREATE FUNCTION f(x int) RETURNS bigint LANGUAGE sql AS 'SELECT x'");
        assert!(old != body && old.replaceable_by(&body));
        assert!(!old.replaceable_by(&returns));
        assert!(body.replace_sql().contains("CREATE OR REPLACE FUNCTION f"));
    }
}
