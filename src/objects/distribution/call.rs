//! A call of one of Citus's distribution functions, recognised in a parsed statement:
//! `SELECT create_distributed_table('t', 'c')` alone in its SELECT (as `generate` writes it).
//! A leaf: the statement splitter keeps such SELECTs (other SELECTs are data) and the history
//! walk counts the tables they touch.

use pg_query::protobuf::{self, node::Node as N};

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
    pub fn arg(&self, position: usize, name: &str) -> Option<&str> {
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
        Some(crate::sql::normal::loose_name(&parts))
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
