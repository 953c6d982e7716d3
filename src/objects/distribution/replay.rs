//! Citus's calls replayed onto the model: `SELECT create_distributed_table('t', 'c'[,
//! colocate_with => 'x'])`, `SELECT create_reference_table('t')`, `SELECT
//! undistribute_table('t')` and `SELECT alter_distributed_table('t', distribution_column :=
//! 'c', colocate_with := 'x')`, each alone in its SELECT (as `generate` writes them). Other
//! SELECTs are data, never kept (`sql::statements`).

use pg_query::protobuf::node::Node as N;

use super::call::{call, name_parts, Call};
use super::Distribution;
use crate::origin::Origin;
use crate::schema::model::Schema;

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
            Some(t) => Some(crate::sql::normal::loose_name(&name_parts(t))),
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
