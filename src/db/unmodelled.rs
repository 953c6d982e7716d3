//! What a live database holds that the model does not cover — rules, event triggers, range
//! types, operators, aggregates, foreign tables, a partition's own indexes and constraints —
//! named, with the SQL that creates and removes it when PostgreSQL can print it, which `pull`
//! keeps as raw SQL (`objects::raw`) and drift compares.

use sqlx::PgConnection;

use crate::schema::model::Origin;

fn origin() -> Origin {
    Origin::default()
}

/// The end of a not-modelled message whose object is kept as raw SQL in the schema read.
pub const KEPT_RAW: &str = " (kept as raw SQL)";

/// Why a column is kept as raw SQL.
pub const UNKNOWN_TYPE: &str = "a column of a type the model does not know (an extension's? \
     list it under the extension's `types:`)";

/// A raw object's name for `what` (`rule x on t` → `rule_x_on_t`).
pub(super) fn raw_name(what: &str) -> String {
    what.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// An object of the schemas read that the model does not cover, by kind and name, and — when
/// PostgreSQL can print it — the SQL that creates and removes it, which `pull` keeps as raw SQL
/// (`objects::raw`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Unmodelled {
    /// `rule protect on activity_log`.
    pub what: String,
    /// Why it is kept raw (or left out).
    pub why: &'static str,
    /// (up, down) SQL.
    pub sql: Option<(String, String)>,
}

impl Unmodelled {
    /// The raw object `pull` writes for it.
    pub fn raw(&self) -> Option<crate::objects::raw::RawSql> {
        let (up, down) = self.sql.clone()?;
        Some(crate::objects::raw::RawSql {
            name: raw_name(&self.what),
            up,
            down,
            why: crate::schema::model::Hint(Some(self.why.to_string())),
            // An aggregate sits among the functions: views may use it.
            early: self.what.starts_with("aggregate "),
            origin: origin(),
        })
    }
}

/// Objects of the schemas read that the model does not cover — foreign tables, aggregates,
/// base and range types, rules, operators, event triggers, a partition's own indexes and
/// constraints — so `pull` can keep them as raw SQL or say what it leaves behind.
pub async fn unmodelled(
    conn: &mut PgConnection,
    schemas: &[String],
) -> anyhow::Result<Vec<Unmodelled>> {
    // (kind, what, up, down)
    let rows: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(concat!(
        "WITH ext AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e')
         SELECT 'foreign table', 'foreign table ' || ",
        model_name!("n.nspname", "c.relname"),
        ", NULL, NULL
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) AND c.relkind = 'f'
            AND (('pg_class'::regclass, c.oid) NOT IN (SELECT * FROM ext))
         UNION ALL
         SELECT 'aggregate', 'aggregate ' || p.oid::regprocedure::text,
                -- A plain aggregate, as PostgreSQL would take it back (ordered-set and
                -- moving-aggregate options are not printed: those stay named only).
                CASE WHEN a.aggkind = 'n' AND a.aggmtransfn = 0 THEN
                  'CREATE AGGREGATE ' || p.oid::regprocedure::text || ' (SFUNC = '
                  || a.aggtransfn::regproc::text || ', STYPE = ' || format_type(a.aggtranstype, NULL)
                  || CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::regproc::text ELSE '' END
                  || CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::regproc::text ELSE '' END
                  || CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(a.agginitval) ELSE '' END
                  || CASE WHEN a.aggsortop <> 0 THEN ', SORTOP = ' || a.aggsortop::regoper::text ELSE '' END
                  || CASE p.proparallel WHEN 's' THEN ', PARALLEL = SAFE' WHEN 'r' THEN ', PARALLEL = RESTRICTED' ELSE '' END
                  || ');' END,
                CASE WHEN a.aggkind = 'n' AND a.aggmtransfn = 0 THEN
                  'DROP AGGREGATE ' || p.oid::regprocedure::text || ';' END
           FROM pg_proc p
           JOIN pg_aggregate a ON a.aggfnoid = p.oid
           JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = ANY($1) AND p.prokind = 'a'
            AND (('pg_proc'::regclass, p.oid) NOT IN (SELECT * FROM ext))
         UNION ALL
         SELECT 'type', 'type ' || t.oid::regtype::text,
                CASE WHEN t.typtype = 'r' THEN
                  'CREATE TYPE ' || t.oid::regtype::text || ' AS RANGE (SUBTYPE = '
                  || r.rngsubtype::regtype::text
                  || CASE WHEN r.rngsubdiff <> 0 THEN ', SUBTYPE_DIFF = ' || r.rngsubdiff::regproc::text ELSE '' END
                  || ');' END,
                CASE WHEN t.typtype = 'r' THEN 'DROP TYPE ' || t.oid::regtype::text || ';' END
           FROM pg_type t
           JOIN pg_namespace n ON n.oid = t.typnamespace
           LEFT JOIN pg_range r ON r.rngtypid = t.oid
          WHERE n.nspname = ANY($1) AND t.typtype IN ('r', 'm', 'b', 'p')
            AND t.typelem = 0 AND t.typrelid = 0
            AND (('pg_type'::regclass, t.oid) NOT IN (SELECT * FROM ext))
            -- a range's multirange comes with it
            AND NOT (t.typtype = 'm' AND EXISTS (SELECT 1 FROM pg_range mr WHERE mr.rngmultitypid = t.oid))
         UNION ALL
         SELECT 'rule', 'rule ' || r.rulename || ' on ' || r.ev_class::regclass::text,
                pg_get_ruledef(r.oid),
                'DROP RULE ' || quote_ident(r.rulename) || ' ON ' || r.ev_class::regclass::text || ';'
           FROM pg_rewrite r
           JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) AND r.rulename <> '_RETURN'
            AND (('pg_class'::regclass, c.oid) NOT IN (SELECT * FROM ext))
         UNION ALL
         SELECT 'operator', 'operator ' || o.oid::regoperator::text, NULL, NULL FROM pg_operator o
           JOIN pg_namespace n ON n.oid = o.oprnamespace
          WHERE n.nspname = ANY($1)
            AND (('pg_operator'::regclass, o.oid) NOT IN (SELECT * FROM ext))
         UNION ALL
         -- A partition's own index or constraint (not its parent's clone): the model keeps
         -- partitions as their parent's.
         SELECT 'partition index', 'index ' || i.relname || ' of partition ' || c.oid::regclass::text,
                pg_get_indexdef(i.oid) || ';',
                'DROP INDEX ' || i.oid::regclass::text || ';'
           FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
           JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) AND c.relispartition AND NOT i.relispartition
            AND ix.indexrelid NOT IN (SELECT conindid FROM pg_constraint)
         UNION ALL
         SELECT 'partition constraint', 'constraint ' || con.conname || ' of partition ' || c.oid::regclass::text,
                'ALTER TABLE ' || c.oid::regclass::text || ' ADD CONSTRAINT ' || quote_ident(con.conname)
                  || ' ' || pg_get_constraintdef(con.oid) || ';',
                'ALTER TABLE ' || c.oid::regclass::text || ' DROP CONSTRAINT ' || quote_ident(con.conname) || ';'
           FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = ANY($1) AND c.relispartition AND con.conislocal
            AND con.conparentid = 0
         UNION ALL
         SELECT 'event trigger', 'event trigger ' || quote_ident(e.evtname),
                'CREATE EVENT TRIGGER ' || quote_ident(e.evtname) || ' ON ' || e.evtevent
                  || coalesce(' WHEN TAG IN (' || (SELECT string_agg(quote_literal(t), ', ') FROM unnest(e.evttags) t) || ')', '')
                  || ' EXECUTE FUNCTION ' || e.evtfoid::regproc::text || '();'
                  || CASE e.evtenabled WHEN 'D' THEN E'\\nALTER EVENT TRIGGER ' || quote_ident(e.evtname) || ' DISABLE;' ELSE '' END,
                'DROP EVENT TRIGGER ' || quote_ident(e.evtname) || ';'
           FROM pg_event_trigger e
           JOIN pg_proc ef ON ef.oid = e.evtfoid JOIN pg_namespace efn ON efn.oid = ef.pronamespace
          WHERE (('pg_event_trigger'::regclass, e.oid) NOT IN (SELECT * FROM ext))
            -- They belong to the database: those that call a function of a schema not read
            -- are the platform's (Supabase's call functions of `extensions`) or another's.
            AND efn.nspname = ANY($1)
         ORDER BY 2"
    ))
    .bind(schemas)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(kind, what, up, down)| Unmodelled {
            what,
            why: match kind.as_str() {
                "foreign table" => "foreign tables are not modelled (and their server and options are not read): write it by hand",
                "aggregate" => "aggregates are not modelled",
                "type" => "base and range types are not modelled",
                "rule" => "rules are not modelled",
                "operator" => "operators are not modelled: write it by hand",
                "partition index" | "partition constraint" => {
                    "a partition's own index or constraint: the model keeps partitions as their parent's"
                }
                _ => "event triggers are not modelled",
            },
            sql: up.zip(down),
        })
        .collect())
}
