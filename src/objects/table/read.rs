//! What of a live database's tables is read apart from their columns, constraints and indexes
//! (`db/catalog_rows.rs`): their replica identity.

use sqlx::PgConnection;

use super::ReplicaIdentity;
use crate::db::model_name;
use crate::schema::model::Schema;

/// Reads the replica identity of the tables of `schemas` that have one other than the default
/// onto the tables of `schema` (read first).
pub async fn replica_identities(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
) -> anyhow::Result<()> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(concat!(
        "SELECT ",
        model_name!("n.nspname", "c.relname"),
        ", c.relreplident::text,
                (SELECT ic.relname::text FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                  WHERE i.indrelid = c.oid AND i.indisreplident)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND c.relreplident <> 'd'"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (table, kind, index) in rows {
        let identity = match (kind.as_str(), index) {
            ("f", _) => ReplicaIdentity::Full,
            ("n", _) => ReplicaIdentity::Nothing,
            ("i", Some(index)) => ReplicaIdentity::Index(index),
            // `USING INDEX` whose index was dropped: PostgreSQL then sends nothing.
            _ => ReplicaIdentity::Nothing,
        };
        if let Some(t) = schema.tables.iter_mut().find(|t| t.name == table) {
            t.replica_identity = Some(identity);
        }
    }
    Ok(())
}
