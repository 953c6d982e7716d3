//! The three catalog queries that return the most rows — every column, constraint and index —
//! read side by side on the connections of a [`Readers`](super::snapshot::Readers), in one
//! snapshot, as `pg_dump -j` reads tables. They were three quarters of the server's time in
//! `check --db` and `pull` on a 2,000-table database, one after another.

use sqlx::PgConnection;

use super::snapshot::Readers;

/// The rows of the three queries. With two helper connections they run at once, one per
/// connection; without (none could be opened), one after another on `main`.
pub async fn read(
    main: &mut PgConnection,
    readers: &mut Readers,
    schemas: &[String],
) -> sqlx::Result<(Vec<ColumnRow>, Vec<ConstraintRow>, Vec<IndexRow>)> {
    match readers.helpers() {
        [a, b, ..] => {
            tokio::try_join!(
                columns(main, schemas),
                constraints(a, schemas),
                indexes(b, schemas)
            )
        }
        _ => Ok((
            columns(main, schemas).await?,
            constraints(main, schemas).await?,
            indexes(main, schemas).await?,
        )),
    }
}

pub type ColumnRow = (
    String,
    Option<String>,
    String,
    i16,
    String,
    bool,
    Option<String>,
    Option<String>,
    String,
    bool,
    i64,
    String,
    Option<String>,
);

pub type ConstraintRow = (
    String,
    String,
    String,
    Vec<String>,
    Option<String>,
    Option<String>,
    Vec<String>,
    String,
    String,
    String,
    Vec<String>,
    bool,
);

pub type IndexRow = (
    String,
    String,
    String,
    bool,
    Option<String>,
    Vec<i16>,
    Vec<i16>,
    Option<Vec<String>>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    bool,
);

/// Every column (comments come from joins, not per-row function calls).
async fn columns(conn: &mut PgConnection, schemas: &[String]) -> sqlx::Result<Vec<ColumnRow>> {
    sqlx::query_as(concat!(
        "SELECT ",
        model_name!("n.nspname", "c.relname"),
        ", td.description, a.attname::text, a.attnum,
                format_type(a.atttypid, a.atttypmod), a.attnotnull,
                pg_get_expr(d.adbin, d.adrelid), cd.description, a.attidentity::text,
                a.attidentity = '' AND pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%'
                  AND EXISTS (SELECT 1 FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid
                               WHERE dep.refclassid = 'pg_class'::regclass
                                 AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum
                                 AND dep.deptype = 'a' AND s.relkind = 'S'
                                 -- the name `serial` gives it: others are sequences of their own
                                 AND s.relname = c.relname || '_' || a.attname || '_seq'),
                -- The type, or the element type of an array: an enum's oid, maybe.
                (CASE WHEN ty.typelem <> 0 AND ty.typlen = -1 THEN ty.typelem ELSE ty.oid END)::int8,
                a.attgenerated::text,
                -- A collation other than its type's.
                CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation
                     THEN coll.collname::text END
           FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
           JOIN pg_type ty ON ty.oid = a.atttypid
           LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
           LEFT JOIN pg_collation coll ON coll.oid = a.attcollation
           LEFT JOIN pg_description td ON td.objoid = c.oid AND td.objsubid = 0
                 AND td.classoid = 'pg_class'::regclass
           LEFT JOIN pg_description cd ON cd.objoid = c.oid AND cd.objsubid = a.attnum
                 AND cd.classoid = 'pg_class'::regclass
          WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
            -- Partitions are their parent's (see objects::partition), read below.
            AND NOT c.relispartition
            AND c.relname NOT IN ('refinery_schema_history', 'hotelschema_attempts', 'hotelschema_baseline')
            -- A table an extension owns (PostGIS's spatial_ref_sys) is the extension's: it comes
            -- and goes with CREATE/DROP EXTENSION, never with a migration.
            AND NOT EXISTS (SELECT 1 FROM pg_depend dep
                             WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
                               AND dep.deptype = 'e')
          ORDER BY c.oid, a.attnum"
    ))
    .bind(schemas)
    .fetch_all(conn)
    .await
}

/// Every constraint.
async fn constraints(
    conn: &mut PgConnection,
    schemas: &[String],
) -> sqlx::Result<Vec<ConstraintRow>> {
    sqlx::query_as(concat!(
        "SELECT ",
        model_name!("n.nspname", "c.relname"),
        ", con.conname::text, con.contype::text,
                ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n
                       ORDER BY k.o),
                rc.relname::text, rn.nspname::text,
                ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n
                       ORDER BY k.o),
                con.confdeltype::text, con.confupdtype::text, pg_get_constraintdef(con.oid),
                -- A unique constraint's INCLUDE columns and NULLS NOT DISTINCT.
                coalesce((SELECT ARRAY(SELECT a.attname::text
                                         FROM generate_series(ix.indnkeyatts, ix.indnatts - 1) k
                                         JOIN pg_attribute a ON a.attrelid = ix.indrelid
                                                            AND a.attnum = ix.indkey[k]
                                        ORDER BY k)
                            FROM pg_index ix WHERE ix.indexrelid = con.conindid AND con.contype = 'u'),
                         '{}'),
                coalesce((SELECT ix.indnullsnotdistinct FROM pg_index ix
                           WHERE ix.indexrelid = con.conindid AND con.contype = 'u'), false)
           FROM pg_constraint con
           JOIN pg_class c ON c.oid = con.conrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_class rc ON rc.oid = con.confrelid
           LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
          WHERE n.nspname = ANY($1) AND con.contype IN ('p', 'u', 'f', 'c', 'x')
            -- Not the clones PostgreSQL makes of a constraint for each partition.
            AND con.conparentid = 0
            AND c.relname NOT IN ('refinery_schema_history', 'hotelschema_attempts', 'hotelschema_baseline')
          ORDER BY c.oid, con.contype, con.conname"
    ))
    .bind(schemas)
    .fetch_all(conn)
    .await
}

/// Every index that no constraint stands behind.
async fn indexes(conn: &mut PgConnection, schemas: &[String]) -> sqlx::Result<Vec<IndexRow>> {
    sqlx::query_as(concat!(
        "SELECT ",
        model_name!("n.nspname", "c.relname"),
        ", i.relname::text, am.amname::text, ix.indisunique,
                pg_get_expr(ix.indpred, ix.indrelid),
                (ix.indkey::int2[])[0:ix.indnkeyatts - 1], (ix.indoption::int2[])[0:ix.indnkeyatts - 1],
                -- pg_get_indexdef is costly: only for indexes on expressions.
                CASE WHEN 0 = ANY (ix.indkey::int2[]) THEN
                  ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true)
                          FROM generate_series(1, ix.indnkeyatts) k ORDER BY k)
                END,
                -- Per key: its operator class when not the type's default ('' otherwise),
                -- qualified outside public; its collation when not the column's.
                ARRAY(SELECT CASE WHEN opc.opcdefault THEN ''
                                  WHEN opn.nspname IN ('public', 'pg_catalog') THEN opc.opcname::text
                                  ELSE opn.nspname || '.' || opc.opcname END
                        FROM generate_series(0, ix.indnkeyatts - 1) k
                        JOIN pg_opclass opc ON opc.oid = ix.indclass[k]
                        JOIN pg_namespace opn ON opn.oid = opc.opcnamespace
                       ORDER BY k),
                ARRAY(SELECT CASE WHEN ix.indcollation[k] = 0
                                    OR ix.indcollation[k] = COALESCE(a.attcollation, 100) THEN ''
                                  ELSE coll.collname::text END
                        FROM generate_series(0, ix.indnkeyatts - 1) k
                        LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k]
                        LEFT JOIN pg_collation coll ON coll.oid = ix.indcollation[k]
                       ORDER BY k),
                ARRAY(SELECT a.attname::text FROM generate_series(ix.indnkeyatts, ix.indnatts - 1) k
                        JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k]
                       ORDER BY k),
                ix.indnullsnotdistinct
           FROM pg_index ix
           JOIN pg_class i ON i.oid = ix.indexrelid
           JOIN pg_class c ON c.oid = ix.indrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_am am ON am.oid = i.relam
          WHERE n.nspname = ANY($1)
            AND c.relname NOT IN ('refinery_schema_history', 'hotelschema_attempts', 'hotelschema_baseline')
            -- Indexes behind constraints come with their constraint. (NOT IN over a hashed
            -- set: pg_constraint has no index on conindid, so NOT EXISTS would scan it per row.)
            AND ix.indexrelid NOT IN (SELECT conindid FROM pg_constraint
                                       WHERE contype IN ('p', 'u', 'x'))
          ORDER BY c.oid, i.oid"
    ))
    .bind(schemas)
    .fetch_all(conn)
    .await
}
