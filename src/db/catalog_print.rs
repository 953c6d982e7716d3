//! Everything PostgreSQL prints for the objects of the schemas read — one line per fact, in
//! PostgreSQL's own words (`pg_get_indexdef`, `pg_get_constraintdef` with `NOT VALID`,
//! `pg_get_functiondef`, `pg_get_triggerdef`, ACLs, comments, replica identity, publications...)
//! — so that two databases can be compared whole, not only in the facts the model holds.
//!
//! Drift builds the expected database for real, so both sides are real databases: comparing
//! their prints finds what the model has no words for (an index's `INCLUDE`, a constraint left
//! `NOT VALID`, a publication) as well as what it has. A difference here that the model's
//! comparison does not show is a fact pull, generate or replay lost: `adopt` refuses to record
//! such a baseline, `diff` and `check --db` report it.
//!
//! Who owns an object is not compared (a scratch database is built by whoever runs the check):
//! in ACLs the owner is written `owner`, and its own implicit rights are left out.

use std::collections::BTreeSet;

use sqlx::PgConnection;

/// An ACL with its owner written `owner` and the owner's own entry left out, sorted. `$acl` is
/// the aclitem[] expression, `$owner` the owner's oid, `$kind` acldefault's letter.
macro_rules! acl {
    ($acl:literal, $owner:literal, $kind:literal) => {
        concat!(
            "(SELECT coalesce(string_agg(
                 CASE WHEN x.grantee = 0 THEN 'public' WHEN x.grantee = ",
            $owner,
            " THEN 'owner'
                      ELSE pg_get_userbyid(x.grantee) END
                 || ':' || x.privilege_type || CASE WHEN x.is_grantable THEN '*' ELSE '' END
                 || '/' || CASE WHEN x.grantor = ",
            $owner,
            " THEN 'owner'
                                ELSE pg_get_userbyid(x.grantor) END,
                 ',' ORDER BY 1), '-')
               FROM (SELECT (aclexplode(coalesce(",
            $acl,
            ", acldefault(",
            $kind,
            ", ",
            $owner,
            ")))).*) x
              WHERE x.grantee <> ",
            $owner,
            " OR x.grantor <> ",
            $owner,
            ")"
        )
    };
}

/// The query: `$1` is the list of schemas read.
const PRINT: &str = concat!(
    "WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1))
     SELECT 'schema ' || nspname || ' acl ' || ", acl!("n.nspacl", "n.nspowner", "'n'"), "
            || ' comment ' || coalesce(obj_description(n.oid, 'pg_namespace'), '-')
       FROM pg_namespace n WHERE n.oid IN (SELECT oid FROM ns) AND n.nspname <> 'public'
     UNION ALL
     SELECT 'extension ' || e.extname || ' in ' || ns.nspname
       FROM pg_extension e JOIN ns ON ns.oid = e.extnamespace WHERE e.extname <> 'plpgsql'
     UNION ALL
     SELECT 'enum ' || ns.nspname || '.' || t.typname || ' '
            || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
            || ' comment ' || coalesce(obj_description(t.oid, 'pg_type'), '-')
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN ns ON ns.oid = t.typnamespace
      WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
      GROUP BY t.oid, ns.nspname, t.typname
     UNION ALL
     SELECT 'relation ' || ns.nspname || '.' || c.relname || ' kind ' || c.relkind::text
            || ' persistence ' || c.relpersistence::text
            || ' replica identity ' || c.relreplident::text
            || coalesce(' using ' || (SELECT i.indexrelid::regclass::text FROM pg_index i
                                       WHERE i.indrelid = c.oid AND i.indisreplident), '')
            || ' row security ' || c.relrowsecurity::text || '/' || c.relforcerowsecurity::text
            || coalesce(' options ' || array_to_string(c.reloptions, ','), '')
            || ' acl ' || CASE WHEN c.relispartition THEN '-' ELSE ",
    acl!(
        "c.relacl",
        "c.relowner",
        "(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::\"char\""
    ),
    " END
            || ' comment ' || coalesce(obj_description(c.oid, 'pg_class'), '-')
            || CASE WHEN c.relkind IN ('v', 'm') THEN ' ' || pg_get_viewdef(c.oid) ELSE '' END
            || CASE WHEN c.relkind = 'p' THEN ' partition by ' || pg_get_partkeydef(c.oid) ELSE '' END
            || CASE WHEN c.relispartition THEN ' partition of '
                    || (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid)
                    || ' ' || pg_get_expr(c.relpartbound, c.oid) ELSE '' END
       FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND c.relname NOT IN ", "('refinery_schema_history', 'hotelschema_baseline', 'hotelschema_attempts')", "
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
     UNION ALL
     SELECT 'column ' || ns.nspname || '.' || c.relname || '.' || a.attname || ' '
            || format_type(a.atttypid, a.atttypmod)
            || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
            || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
            || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
            || CASE a.attgenerated WHEN 's' THEN ' generated stored' ELSE '' END
            || CASE WHEN a.attcollation <> t.typcollation
                    THEN ' collate ' || (SELECT collname FROM pg_collation WHERE oid = a.attcollation)
                    ELSE '' END
            || coalesce(' comment ' || col_description(c.oid, a.attnum), '')
            || CASE WHEN a.attacl IS NOT NULL THEN ' acl ' || array_to_string(a.attacl, ',') ELSE '' END
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       JOIN ns ON ns.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname NOT IN ", "('refinery_schema_history', 'hotelschema_baseline', 'hotelschema_attempts')", "
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
     UNION ALL
     SELECT 'constraint ' || ns.nspname || '.' || c.relname || '.' || con.conname || ' '
            || pg_get_constraintdef(con.oid)
            || coalesce(' comment ' || obj_description(con.oid, 'pg_constraint'), '')
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
       JOIN ns ON ns.oid = c.relnamespace
      WHERE c.relname NOT IN ", "('refinery_schema_history', 'hotelschema_baseline', 'hotelschema_attempts')", "
        AND con.conparentid = 0
     UNION ALL
     SELECT 'index ' || ns.nspname || '.' || ic.relname || ' ' || pg_get_indexdef(i.indexrelid)
            || CASE WHEN i.indisvalid THEN '' ELSE ' INVALID' END
            || coalesce(' comment ' || obj_description(ic.oid, 'pg_class'), '')
       FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class c ON c.oid = i.indrelid JOIN ns ON ns.oid = c.relnamespace
      WHERE c.relname NOT IN ", "('refinery_schema_history', 'hotelschema_baseline', 'hotelschema_attempts')", "
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
     UNION ALL
     SELECT 'trigger ' || ns.nspname || '.' || c.relname || ' ' || pg_get_triggerdef(tg.oid)
            || ' enabled ' || tg.tgenabled::text
            || coalesce(' comment ' || obj_description(tg.oid, 'pg_trigger'), '')
       FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
       JOIN ns ON ns.oid = c.relnamespace WHERE NOT tg.tgisinternal AND tg.tgparentid = 0
     UNION ALL
     SELECT 'policy ' || ns.nspname || '.' || c.relname || '.' || pol.polname || ' '
            || CASE WHEN pol.polpermissive THEN 'permissive' ELSE 'restrictive' END
            || ' ' || pol.polcmd::text || ' to '
            || (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r) END, ','
                                  ORDER BY 1) FROM unnest(pol.polroles) r)
            || ' using ' || coalesce(pg_get_expr(pol.polqual, pol.polrelid), '-')
            || ' check ' || coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), '-')
            || coalesce(' comment ' || obj_description(pol.oid, 'pg_policy'), '')
       FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
       JOIN ns ON ns.oid = c.relnamespace
     UNION ALL
     SELECT 'rule ' || ns.nspname || '.' || c.relname || '.' || r.rulename || ' '
            || pg_get_ruledef(r.oid)
       FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN ns ON ns.oid = c.relnamespace
      WHERE r.rulename <> '_RETURN'
     UNION ALL
     SELECT 'function ' || p.oid::regprocedure::text || ' ' || pg_get_functiondef(p.oid)
            || ' acl ' || ", acl!("p.proacl", "p.proowner", "'f'"), "
            || ' comment ' || coalesce(obj_description(p.oid, 'pg_proc'), '-')
       FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace
      WHERE p.prokind IN ('f', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype IN ('e', 'i'))
     UNION ALL
     SELECT 'aggregate ' || p.oid::regprocedure::text || ' '
            || a.aggtransfn::regproc::text || ' ' || format_type(a.aggtranstype, NULL)
            || coalesce(' final ' || nullif(a.aggfinalfn, 0)::regproc::text, '')
            || coalesce(' initial ' || a.agginitval, '')
       FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
       JOIN ns ON ns.oid = p.pronamespace
      WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
     UNION ALL
     SELECT 'sequence ' || ns.nspname || '.' || c.relname || ' ' || format_type(s.seqtypid, NULL)
            || ' ' || s.seqincrement || ' ' || s.seqmin || ' ' || s.seqmax || ' ' || s.seqstart
            || ' ' || s.seqcache || ' ' || s.seqcycle || ' owned by '
            || coalesce((SELECT d.refobjid::regclass::text || '.' || a.attname FROM pg_depend d
                          JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')), '-')
       FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN ns ON ns.oid = c.relnamespace
     UNION ALL
     SELECT 'domain ' || ns.nspname || '.' || t.typname || ' ' || format_type(t.typbasetype, t.typtypmod)
            || ' not null ' || t.typnotnull || ' default ' || coalesce(t.typdefault, '-')
            || ' comment ' || coalesce(obj_description(t.oid, 'pg_type'), '-')
            || coalesce(' checks ' || (SELECT string_agg(con.conname || ' ' || pg_get_constraintdef(con.oid), ', '
                                                     ORDER BY con.conname)
                                       FROM pg_constraint con WHERE con.contypid = t.oid), '')
       FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype = 'd'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
     UNION ALL
     SELECT 'type ' || ns.nspname || '.' || t.typname || ' ' || t.typtype::text || ' '
            || coalesce((SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', '
                                           ORDER BY a.attnum)
                           FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0
                            AND NOT a.attisdropped), '')
            || coalesce(' range of ' || (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r
                                          WHERE r.rngtypid = t.oid), '')
            || ' comment ' || coalesce(obj_description(t.oid, 'pg_type'), '-')
       FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
       LEFT JOIN pg_class c ON c.oid = t.typrelid
      WHERE (t.typtype = 'r' OR (t.typtype = 'c' AND c.relkind = 'c')
             OR (t.typtype = 'b' AND t.typelem = 0 AND t.typarray <> 0
                 AND NOT EXISTS (SELECT 1 FROM pg_range r WHERE r.rngmultitypid = t.oid)))
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
     UNION ALL
     SELECT 'publication ' || p.pubname || ' all tables ' || p.puballtables::text
            || ' publishes ' || concat_ws(',', CASE WHEN p.pubinsert THEN 'insert' END,
                 CASE WHEN p.pubupdate THEN 'update' END, CASE WHEN p.pubdelete THEN 'delete' END,
                 CASE WHEN p.pubtruncate THEN 'truncate' END)
            || ' via root ' || p.pubviaroot::text
       FROM pg_publication p
      WHERE p.puballtables OR EXISTS (SELECT 1 FROM pg_publication_rel pr JOIN pg_class c ON c.oid = pr.prrelid
                                        JOIN ns ON ns.oid = c.relnamespace WHERE pr.prpubid = p.oid)
     UNION ALL
     SELECT 'publication ' || p.pubname || ' table ' || ns.nspname || '.' || c.relname
            || coalesce(' where ' || pg_get_expr(pr.prqual, pr.prrelid), '')
            || coalesce(' columns ' || pr.prattrs::text, '')
       FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid
       JOIN pg_class c ON c.oid = pr.prrelid JOIN ns ON ns.oid = c.relnamespace
     UNION ALL
     SELECT 'event trigger ' || evtname || ' ' || evtevent || ' ' || evtfoid::regproc::text
            || ' ' || coalesce(array_to_string(evttags, ','), '-') || ' ' || evtenabled::text
       FROM pg_event_trigger e
      WHERE EXISTS (SELECT 1 FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE p.oid = e.evtfoid)"
);

/// The facts of `schemas` as PostgreSQL prints them, one line each.
pub async fn print(
    conn: &mut PgConnection,
    schemas: &[String],
) -> anyhow::Result<BTreeSet<String>> {
    let rows: Vec<(Option<String>,)> = sqlx::query_as(PRINT)
        .bind(schemas)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().filter_map(|(r,)| r).collect())
}

/// What one side prints and the other does not: (`-` only in `expected`, `+` only in `live`).
pub fn differences<'a>(
    expected: &'a BTreeSet<String>,
    live: &'a BTreeSet<String>,
) -> (Vec<&'a String>, Vec<&'a String>) {
    (
        expected.difference(live).collect(),
        live.difference(expected).collect(),
    )
}
