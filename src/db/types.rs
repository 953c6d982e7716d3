//! Reading domains, composite types and standalone sequences of a live database into the
//! model. Domains and composite types are printed as the `CREATE` statement PostgreSQL would
//! accept (from `format_type` and `pg_get_constraintdef`) and read back by the same readers as
//! the user's SQL; sequences come straight from `pg_sequence`. Three set-based queries.

use std::collections::HashMap;

use pg_query::protobuf::node::Node as N;
use sqlx::PgConnection;

use crate::objects::composite::Composite;
use crate::objects::domain::Domain;
use crate::objects::sequence::Sequence;
use crate::schema::model::{Origin, Schema};
use crate::sql::ident::{quote, quote_qualified};

fn origin() -> Origin {
    Origin {
        file: "(database)".into(),
        line: 0,
    }
}

/// Reads the domains and composite types of `schemas` into `schema`; returns their oids by
/// model name, so columns of these types are recognised.
pub async fn read_types(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<HashMap<i64, String>> {
    let mut by_oid = HashMap::new();
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
        match super::code_objects::statement(&sql).and_then(|node| match node {
            N::CreateDomainStmt(s) => Domain::from_statement(&s, origin()),
            _ => Err("not a domain".into()),
        }) {
            Ok(mut d) => {
                d.comment = comment;
                by_oid.insert(oid, d.name.clone());
                schema.domains.push(d);
            }
            Err(why) => unsupported.push(format!("domain {name} ({why})")),
        }
    }

    type CompositeRow = (i64, String, Vec<String>, Vec<String>, Option<String>);
    let composites: Vec<CompositeRow> = sqlx::query_as(concat!(
        "SELECT t.oid::int8, ",
        model_name!("n.nspname", "t.typname"),
        ", array_agg(a.attname::text ORDER BY a.attnum),
                array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum),
                obj_description(t.oid, 'pg_type')
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          WHERE t.typtype = 'c' AND n.nspname = ANY($1)
            AND t.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e'
                                AND classid = 'pg_type'::regclass)
          GROUP BY t.oid, n.nspname ORDER BY t.oid"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (oid, name, attributes, types, comment) in composites {
        let list: Vec<String> = attributes
            .iter()
            .zip(&types)
            .map(|(a, t)| format!("{} {t}", quote(a)))
            .collect();
        let sql = format!(
            "CREATE TYPE {} AS ({})",
            quote_qualified(&name),
            list.join(", ")
        );
        match super::code_objects::statement(&sql).and_then(|node| match node {
            N::CompositeTypeStmt(s) => Composite::from_statement(&s, origin()),
            _ => Err("not a composite type".into()),
        }) {
            Ok(mut c) => {
                c.comment = comment;
                by_oid.insert(oid, c.name.clone());
                schema.composites.push(c);
            }
            Err(why) => unsupported.push(format!("type {name} ({why})")),
        }
    }
    Ok(by_oid)
}

/// Reads the standalone sequences of `schemas` (not those behind identity columns, nor those
/// a column owns and takes its default from, which the model reads as `serial`).
pub async fn read_sequences(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
) -> anyhow::Result<()> {
    type SequenceRow = (
        String,
        String,
        i64,
        i64,
        i64,
        i64,
        i64,
        bool,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<SequenceRow> = sqlx::query_as(concat!(
        "SELECT ",
        model_name!("n.nspname", "c.relname"),
        ", format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax, s.seqstart,
                s.seqcache, s.seqcycle,
                ",
        model_name!("tn.nspname", "t.relname"),
        ", a.attname::text, obj_description(c.oid, 'pg_class')
           FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0
                AND d.deptype IN ('a', 'i')
           LEFT JOIN pg_class t ON t.oid = d.refobjid
           LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
           LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
           LEFT JOIN pg_attrdef ad ON ad.adrelid = d.refobjid AND ad.adnum = d.refobjsubid
          WHERE n.nspname = ANY($1)
            AND (d.deptype IS NULL OR d.deptype = 'a')
            -- what the model reads as a `serial` column (see introspect.rs)
            AND NOT (a.attidentity = '' AND pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%'
                     AND c.relname = t.relname || '_' || a.attname || '_seq')
                IS TRUE
            AND c.oid NOT IN (SELECT objid FROM pg_depend WHERE deptype = 'e'
                                AND classid = 'pg_class'::regclass)
          ORDER BY c.oid"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    for (name, data_type, increment, min, max, start, cache, cycle, table, column, comment) in rows
    {
        let mut q = Sequence::new(name, origin());
        q.data_type = data_type;
        q.increment = increment;
        q.min = min;
        q.max = max;
        q.start = start;
        q.cache = cache;
        q.cycle = cycle;
        q.owned_by = table.zip(column);
        q.comment = comment;
        schema.sequences.push(q);
    }
    Ok(())
}
