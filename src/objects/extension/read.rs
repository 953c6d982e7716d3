//! Extensions of a live database (`pg_extension`, plpgsql left out: every database has it),
//! with the schema each lives in, and the types each declares (PostGIS's `geometry`), which
//! columns may use. Read before the tables, whose column types they tell.

use std::collections::BTreeSet;

use sqlx::PgConnection;

use super::Extension;
use crate::db::printed::origin;
use crate::origin::Hint;
use crate::schema::model::{Namespace, Schema};

/// The types the extensions declare: (extension, type name), in creation order.
pub struct ExtensionTypes(pub Vec<(String, String)>);

/// Reads the database's extensions into `schema` (and the schema each lives in when it is one
/// of its own, so the model can create it before the extension); returns their types.
pub async fn read(conn: &mut PgConnection, schema: &mut Schema) -> anyhow::Result<ExtensionTypes> {
    let extensions: Vec<(String, String)> = sqlx::query_as(
        "SELECT e.extname::text, n.nspname::text FROM pg_extension e
           JOIN pg_namespace n ON n.oid = e.extnamespace
          WHERE e.extname <> 'plpgsql' ORDER BY e.oid",
    )
    .fetch_all(&mut *conn)
    .await?;
    schema.extensions = extensions
        .into_iter()
        .map(|(name, schema)| Extension {
            name,
            schema: Some(schema).filter(|s| s != "public" && s != "pg_catalog"),
            types: Hint(Vec::new()),
            origin: origin(),
        })
        .collect();
    // `pull` leaves out the schemas a platform provides.
    for ns in schema.extensions.iter().filter_map(|e| e.schema.clone()) {
        if !schema.schemas.iter().any(|n| n.name == ns) {
            schema.schemas.push(Namespace {
                name: ns,
                grants: Vec::new(),
                origin: origin(),
            });
        }
    }
    let types: Vec<(String, String)> = sqlx::query_as(
        "SELECT e.extname::text, t.typname::text FROM pg_depend d
           JOIN pg_extension e ON e.oid = d.refobjid AND d.refclassid = 'pg_extension'::regclass
           JOIN pg_type t ON t.oid = d.objid AND d.classid = 'pg_type'::regclass
          WHERE d.deptype = 'e' ORDER BY t.oid",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(ExtensionTypes(types))
}

impl ExtensionTypes {
    /// The type names, for the column type parser.
    pub fn names(&self) -> Vec<&str> {
        self.0.iter().map(|(_, t)| t.as_str()).collect()
    }

    /// The extension type `name` (possibly schema-qualified) stands for, if any.
    pub fn find(&self, name: &str) -> Option<&str> {
        let local = name.rsplit('.').next().unwrap_or(name);
        self.0
            .iter()
            .find(|(_, t)| t == local)
            .map(|(_, t)| t.as_str())
    }

    /// Each extension remembers the types of its that columns use (`types:` in the YAML).
    pub fn record_used(&self, schema: &mut Schema, used: &BTreeSet<&str>) {
        for e in &mut schema.extensions {
            e.types.0 = self
                .0
                .iter()
                .filter(|(ext, t)| *ext == e.name && used.contains(t.as_str()))
                .map(|(_, t)| t.clone())
                .collect();
        }
    }
}
