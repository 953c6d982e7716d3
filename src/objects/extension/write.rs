//! An extension as `pull` writes it in `_types.yaml`'s `extensions:` list: its bare name, or a
//! flow mapping when it lives in a schema of its own or its types are used by columns.

use super::Extension;
use crate::schema::scalars::{list, scalar};

/// `postgis`, or `{ name: postgis, schema: extensions, types: [geometry] }`.
pub fn entry(e: &Extension) -> String {
    let mut props = vec![format!("name: {}", scalar(&e.name))];
    if let Some(s) = &e.schema {
        props.push(format!("schema: {}", scalar(s)));
    }
    if !e.types.0.is_empty() {
        props.push(format!("types: {}", list(&e.types.0)));
    }
    match props.len() {
        1 => scalar(&e.name),
        _ => format!("{{ {} }}", props.join(", ")),
    }
}
