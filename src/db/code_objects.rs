//! Reading the code objects of a live database into the model: functions and procedures,
//! views, triggers, row-level security and policies (and the roles the policies name), each by
//! its kind's reader (`objects/<kind>/read.rs`). PostgreSQL prints each definition and the same
//! readers as for the user's SQL turn it into the model, so a live database and a scratch one
//! built from the migrations are compared in PostgreSQL's own spelling. One set-based query per
//! kind, whatever the number of objects.

use sqlx::PgConnection;

use crate::schema::model::Schema;

/// Reads the code objects of `schemas` into `schema`: every registered kind's reader, in the
/// registry's order (functions first, views before triggers).
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    crate::objects::registry::read_all(conn, schema, schemas, unsupported).await
}
