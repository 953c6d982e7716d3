//! Domains of a live database, printed as the `CREATE DOMAIN` PostgreSQL would accept (from
//! `format_type` and `pg_get_constraintdef`) and read back by the same reader as the user's SQL.

use pg_query::protobuf::node::Node as N;
use sqlx::PgConnection;

use crate::db::model_name;
use crate::db::printed::{origin, statement};
use crate::objects::column_types::ColumnTypes;
use crate::objects::domain::Domain;
use crate::schema::model::Schema;
use crate::sql::ident::{quote, quote_qualified};

/// Reads the domains of `schemas` into `schema`, each into `types` (so columns of the
/// type are recognised); what cannot be read, into `unsupported`.
pub async fn read(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
    types: &mut ColumnTypes,
) -> anyhow::Result<()> {
    type DomainRow = (
        i64,
        String,
        String,
        bool,
        Option<String>,
        Vec<String>,
        Vec<String>,
        Option<String>,
    );
    let domains: Vec<DomainRow> = sqlx::query_as(concat!(
        "SELECT t.oid::int8, ",
        model_name!("n.nspname", "t.typname"),
        ", format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
                coalesce(array_agg(c.conname::text ORDER BY c.conname)
                         FILTER (WHERE c.oid IS NOT NULL), '{}'),
                coalesce(array_agg(pg_get_constraintdef(c.oid) ORDER BY c.conname)
                         FILTER (WHERE c.oid IS NOT NULL), '{}'),
                obj_description(t.oid, 'pg_type')
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           LEFT JOIN pg_constraint c ON c.contypid = t.oid AND c.contype = 'c'
          WHERE t.typtype = 'd' AND n.nspname = ANY($1)
            AND t.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e'
                                AND classid = 'pg_type'::regclass)
          GROUP BY t.oid, n.nspname ORDER BY t.oid"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (oid, name, base, not_null, default, names, checks, comment) in domains {
        let mut sql = format!("CREATE DOMAIN {} AS {base}", quote_qualified(&name));
        if let Some(d) = default {
            sql.push_str(&format!(" DEFAULT {d}"));
        }
        if not_null {
            sql.push_str(" NOT NULL");
        }
        for (n, c) in names.iter().zip(&checks) {
            sql.push_str(&format!(" CONSTRAINT {} {c}", quote(n)));
        }
        match statement(&sql).and_then(|node| match node {
            N::CreateDomainStmt(s) => Domain::from_statement(&s, origin()),
            _ => Err("not a domain".into()),
        }) {
            Ok(mut d) => {
                d.comment = comment;
                types.by_oid.insert(oid, d.name.clone());
                schema.domains.push(d);
            }
            Err(why) => unsupported.push(format!("domain {name} ({why})")),
        }
    }
    Ok(())
}
