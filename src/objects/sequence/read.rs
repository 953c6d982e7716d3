//! Standalone sequences of a live database, straight from `pg_sequence`.

use sqlx::PgConnection;

use crate::db::model_name;
use crate::db::printed::origin;
use crate::objects::sequence::Sequence;
use crate::schema::model::Schema;

/// Reads the standalone sequences of `schemas` (not those behind identity columns, nor those
/// a column owns and takes its default from, which the model reads as `serial`).
pub async fn read(
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
