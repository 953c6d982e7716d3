//! Enums replayed onto the model from the migration history: `CREATE TYPE … AS ENUM` and
//! `ALTER TYPE … ADD VALUE [IF NOT EXISTS] [BEFORE|AFTER]` / `RENAME VALUE`. (Dropping and
//! renaming a type are the history's, shared with domains and composite types.)

use pg_query::protobuf::{self, node::Node as N};

use super::EnumType;
use crate::objects::replaying::{missing, twice, Step};
use crate::origin::{Hint, Origin};
use crate::schema::model::Schema;
use crate::sql::normal::{model_name_in, strings};

/// Replays `node` when it is a statement about enums; `None` otherwise.
pub fn replay(schema: &mut Schema, node: &N, origin: &Origin) -> Option<Step> {
    Some(match node {
        N::CreateEnumStmt(s) => create(schema, s, origin),
        N::AlterEnumStmt(s) => alter(schema, s),
        _ => return None,
    })
}

fn name_of(schema: &Schema, names: &[protobuf::Node]) -> Result<String, String> {
    model_name_in(&strings(names), |s| {
        schema.schemas.iter().any(|n| n.name == s)
    })
}

fn create(schema: &mut Schema, s: &protobuf::CreateEnumStmt, origin: &Origin) -> Step {
    let name = name_of(schema, &s.type_name)?;
    if schema.enum_type(&name).is_some() {
        return Err(twice("type", name));
    }
    schema.enums.push(EnumType {
        name,
        values: strings(&s.vals),
        comment: None,
        renamed_values: Hint(Vec::new()),
        origin: origin.clone(),
    });
    Ok(())
}

fn alter(schema: &mut Schema, s: &protobuf::AlterEnumStmt) -> Step {
    let name = name_of(schema, &s.type_name)?;
    let e = schema
        .enums
        .iter_mut()
        .find(|e| e.name == name)
        .ok_or_else(|| missing("enum", &name))?;
    if !s.old_val.is_empty() {
        let v = e
            .values
            .iter_mut()
            .find(|v| **v == s.old_val)
            .ok_or_else(|| format!("enum `{name}` has no value `{}`", s.old_val))?;
        *v = s.new_val.clone();
        return Ok(());
    }
    if e.values.contains(&s.new_val) {
        return if s.skip_if_new_val_exists {
            Ok(())
        } else {
            Err(format!("enum `{name}` already has value `{}`", s.new_val).into())
        };
    }
    let at = if s.new_val_neighbor.is_empty() {
        e.values.len()
    } else {
        let i = e
            .values
            .iter()
            .position(|v| *v == s.new_val_neighbor)
            .ok_or_else(|| format!("enum `{name}` has no value `{}`", s.new_val_neighbor))?;
        if s.new_val_is_after {
            i + 1
        } else {
            i
        }
    };
    e.values.insert(at, s.new_val.clone());
    Ok(())
}
