//! What an object carries besides its definition — its grants and its comment — in the one
//! shape the planner (`diff/annotations.rs`) and `pull` (`schema/write_sql.rs`) read. Each kind
//! lists its objects' in `objects/<kind>/annotated.rs`, registered in the registry.

use crate::objects::privilege::{Grant, Target};
use crate::sql::ident::quote_qualified;

/// What one object carries, keyed by an id the other planners use to mark rebuilt objects
/// (`view:name`, `function:identity`, ...).
pub struct Annotated {
    pub id: String,
    /// (kind, name, `TABLE room`-style SQL name, grants) for kinds that hold grants.
    pub grants: Option<(Target, String, String, Vec<Grant>)>,
    /// (`COMMENT ON ...` without `IS`, comment) for kinds whose comments are planned with them.
    pub comment: Option<(String, Option<String>)>,
}

impl Annotated {
    /// An object with grants (and no comment planned here), `name` a relation, sequence or
    /// schema name.
    pub fn with_grants(id: String, target: Target, name: &str, grants: &[Grant]) -> Annotated {
        Annotated {
            id,
            grants: Some((
                target,
                name.to_string(),
                format!("{} {}", target.keyword(), quote_qualified(name)),
                grants.to_vec(),
            )),
            comment: None,
        }
    }

    /// An object with a comment only (`on`: `COMMENT ON DOMAIN d`).
    pub fn with_comment(id: String, on: String, comment: &Option<String>) -> Annotated {
        Annotated {
            id,
            grants: None,
            comment: Some((on, comment.clone())),
        }
    }
}
