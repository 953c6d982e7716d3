//! Citus's calls replayed onto the model: `SELECT create_distributed_table('t', 'c'[,
//! colocate_with => 'x'])`, `SELECT create_reference_table('t')`, `SELECT
//! undistribute_table('t')` and `SELECT alter_distributed_table('t', distribution_column :=
//! 'c', colocate_with := 'x')`, each alone in its SELECT (as `generate` writes them). Other
//! SELECTs are data, never kept (`sql::statements`).

use pg_query::protobuf::{self, node::Node as N};

use super::Distribution;
use crate::origin::Origin;
use crate::schema::model::Schema;

/// The functions whose calls change a table's distribution.
const CALLS: &[&str] = &[
    "create_distributed_table",
    "create_reference_table",
    "undistribute_table",
    "alter_distributed_table",
];

/// A call of one of Citus's distribution functions: its name, positional and named arguments
/// (each a string constant).
pub struct Call {
    pub function: String,
    pub positional: Vec<Option<String>>,
    pub named: Vec<(String, Option<String>)>,
}

impl Call {
    /// The argument at `position`, or given by `name`.
    fn arg(&self, position: usize, name: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref())
            .unwrap_or_else(|| self.positional.get(position).and_then(|v| v.as_deref()))
    }

    /// The table it is about (the model's name: `public.` left out).
    pub fn table(&self) -> Option<String> {
        let name = self.arg(0, "table_name")?;
        let parts = name_parts(name);
        Some(crate::sql::replay::loose_name(&parts))
    }
}

/// The distribution call `node` is (`SELECT f(...)` alone), if it is one.
pub fn call(node: &N) -> Option<Call> {
    let N::SelectStmt(s) = node else {
        return None;
    };
    if !s.from_clause.is_empty() || s.target_list.len() != 1 || s.where_clause.is_some() {
        return None;
    }
    let Some(N::ResTarget(target)) = s.target_list[0].node.as_ref() else {
        return None;
    };
    let Some(N::FuncCall(f)) = target.val.as_ref().and_then(|v| v.node.as_ref()) else {
        return None;
    };
    let function = match f.funcname.last().and_then(|n| n.node.as_ref()) {
        Some(N::String(s)) => s.sval.clone(),
        _ => return None,
    };
    if !CALLS.contains(&function.as_str()) {
        return None;
    }
    let mut call = Call {
        function,
        positional: Vec::new(),
        named: Vec::new(),
    };
    for arg in &f.args {
        match arg.node.as_ref() {
            Some(N::NamedArgExpr(named)) => {
                let value = named.arg.as_ref().and_then(|a| constant(a));
                call.named.push((named.name.clone(), value));
            }
            Some(_) => call.positional.push(constant(arg)),
            None => {}
        }
    }
    Some(call)
}

/// A string constant, possibly cast (`'t'::regclass`).
fn constant(node: &protobuf::Node) -> Option<String> {
    match node.node.as_ref()? {
        N::AConst(c) => match &c.val {
            Some(protobuf::a_const::Val::Sval(s)) => Some(s.sval.clone()),
            _ => None,
        },
        N::TypeCast(c) => c.arg.as_ref().and_then(|a| constant(a)),
        _ => None,
    }
}

/// Replays a distribution call onto its table (`None`: not one).
pub fn replay(schema: &mut Schema, node: &N, _origin: &Origin) -> Option<Result<(), String>> {
    let call = call(node)?;
    Some(apply(schema, &call))
}

fn apply(schema: &mut Schema, call: &Call) -> Result<(), String> {
    let Some(name) = call.table() else {
        return Err(format!(
            "{}: the table must be a string constant ('table')",
            call.function
        ));
    };
    let Some(table) = schema.tables.iter_mut().find(|t| t.name == name) else {
        return Err(format!(
            "{}: table `{name}` does not exist at this point of the history",
            call.function
        ));
    };
    let colocate_with = |given: Option<&str>| -> Option<String> {
        match given {
            None | Some("default") => None,
            Some("none") => Some("none".into()),
            Some(t) => Some(crate::sql::replay::loose_name(&name_parts(t))),
        }
    };
    match call.function.as_str() {
        "create_distributed_table" => {
            if table.distribution.is_some() {
                return Err(format!("{name} is already distributed"));
            }
            let Some(column) = call.arg(1, "distribution_column") else {
                return Err(format!(
                    "create_distributed_table of {name}: the column must be a string constant"
                ));
            };
            if let Some(method) = call.arg(2, "distribution_type").filter(|m| *m != "hash") {
                return Err(format!(
                    "create_distributed_table of {name}: `{method}` distribution is not \
                     modelled (hash is)"
                ));
            }
            table.distribution = Some(Distribution::Hash {
                column: unquoted(column),
                colocate_with: colocate_with(call.arg(3, "colocate_with")),
            });
        }
        "create_reference_table" => {
            if table.distribution.is_some() {
                return Err(format!("{name} is already distributed"));
            }
            table.distribution = Some(Distribution::Reference);
        }
        "undistribute_table" => {
            if table.distribution.is_none() {
                return Err(format!("undistribute_table: {name} is not distributed"));
            }
            table.distribution = None;
        }
        _ => {
            let Some(Distribution::Hash {
                column,
                colocate_with: with,
            }) = table.distribution.clone()
            else {
                return Err(format!(
                    "alter_distributed_table: {name} is not distributed"
                ));
            };
            table.distribution = Some(Distribution::Hash {
                column: call
                    .arg(1, "distribution_column")
                    .map(unquoted)
                    .unwrap_or(column),
                colocate_with: match call.arg(3, "colocate_with") {
                    Some(given) => colocate_with(Some(given)),
                    None => with,
                },
            });
        }
    }
    Ok(())
}

/// A column name as Citus reads it: `"Name"` quoted keeps its case.
fn unquoted(column: &str) -> String {
    let parts = name_parts(column);
    parts.into_iter().next().unwrap_or_default()
}

/// A name as `regclass` reads it from text: dot-separated parts, each folded to lower case
/// unless double-quoted (`"Booking"`, with `""` for a quote inside).
pub fn name_parts(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut quoted = false;
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                part.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(std::mem::take(&mut part)),
            c if quoted => part.push(c),
            c => part.extend(c.to_lowercase()),
        }
    }
    parts.push(part);
    parts
}
