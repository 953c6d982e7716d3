//! Reading the types and sequences of a live database into the model, each by its kind's
//! reader (`objects/<kind>/read.rs`): domains and composite types printed as the `CREATE`
//! statement PostgreSQL would accept and read back by the same readers as the user's SQL;
//! sequences straight from `pg_sequence`. One set-based query per kind.

use std::collections::HashMap;

use sqlx::PgConnection;

use crate::objects::{composite, domain};
use crate::schema::model::Schema;

/// Reads the domains and composite types of `schemas` into `schema`; returns their oids by
/// model name, so columns of these types are recognised.
pub async fn read_types(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<HashMap<i64, String>> {
    let mut by_oid = HashMap::new();
    domain::read::read(conn, schema, schemas, unsupported, &mut by_oid).await?;
    composite::read::read(conn, schema, schemas, unsupported, &mut by_oid).await?;
    Ok(by_oid)
}
