//! Extensions replayed onto the model, from the migration history: `CREATE EXTENSION [IF NOT
//! EXISTS] … [WITH SCHEMA s]`, `ALTER EXTENSION … SET SCHEMA`, `DROP EXTENSION [IF EXISTS]`.

use pg_query::protobuf::{node::Node as N, ObjectType};

use super::Extension;
use crate::objects::replaying::{missing, twice, Step};
use crate::origin::{Hint, Origin};
use crate::schema::model::Schema;
use crate::sql::normal::string_of;

/// Replays `node` when it is a statement about extensions; `None` otherwise.
pub fn replay(schema: &mut Schema, node: &N, origin: &Origin) -> Option<Step> {
    let extension = ObjectType::ObjectExtension as i32;
    Some(match node {
        N::CreateExtensionStmt(s) => {
            if schema.extensions.iter().any(|e| e.name == s.extname) {
                return Some(if s.if_not_exists {
                    Ok(())
                } else {
                    Err(twice("extension", &s.extname))
                });
            }
            let in_schema = s.options.iter().find_map(|o| match o.node.as_ref() {
                Some(N::DefElem(d)) if d.defname == "schema" => d
                    .arg
                    .as_ref()
                    .and_then(|a| string_of(a))
                    .map(str::to_string),
                _ => None,
            });
            schema.extensions.push(Extension {
                name: s.extname.clone(),
                schema: in_schema.filter(|s| s != "public"),
                types: Hint(Vec::new()),
                origin: origin.clone(),
            });
            Ok(())
        }
        N::AlterObjectSchemaStmt(s) if s.object_type == extension => {
            let name = s
                .object
                .as_ref()
                .and_then(|o| string_of(o))
                .unwrap_or_default();
            match schema.extensions.iter_mut().find(|e| e.name == name) {
                Some(e) => {
                    e.schema = Some(s.newschema.clone()).filter(|s| s != "public");
                    Ok(())
                }
                None => Err(missing("extension", name)),
            }
        }
        N::DropStmt(s) if s.remove_type == extension => {
            for name in s.objects.iter().filter_map(string_of) {
                let before = schema.extensions.len();
                schema.extensions.retain(|e| e.name != name);
                if schema.extensions.len() == before && !s.missing_ok {
                    return Some(Err(missing("extension", name)));
                }
            }
            Ok(())
        }
        _ => return None,
    })
}
