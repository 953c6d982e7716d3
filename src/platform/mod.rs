//! What a hosting platform provides before any migration runs (Supabase's `auth` schema, its
//! roles, the extensions it installs and where): a stand-in SQL file, `migrations/platform.sql`.
//! hotelschema runs it first in the scratch databases it builds (drift, baseline), and reads
//! it — replayed like a migration — to know what is the platform's: its schemas, tables,
//! functions and extensions are never pulled, created or dropped by the project.

use crate::schema::model::Schema;
use crate::UsageError;

/// The built-in stand-in for Supabase (`--platform supabase`).
pub const SUPABASE: &str = include_str!("supabase.sql");

/// The built-in stand-in for a Citus coordinator (`--platform citus`): the extension, which
/// the cluster's administrator installs on every node (it must be preloaded). A scratch
/// database with it is a one-node cluster: its distributed tables keep their shards on the
/// coordinator, and `pg_dist_partition` says what the history distributed.
pub const CITUS: &str =
    "-- The Citus coordinator's extension, installed by the cluster's administrator.\n\
                         CREATE EXTENSION IF NOT EXISTS citus;\n";

/// Whether `sql` is one of hotelschema's own stand-ins, as `adopt --platform` writes it: SQL
/// of this program, not of the repository, so the gate may run it on the target server.
pub fn is_built_in(sql: &str) -> bool {
    sql == SUPABASE || sql == CITUS
}

/// The stand-in of a history: `migrations/platform.sql` when the project has one, else the
/// built-in Citus stand-in when the history distributes tables (it calls Citus's functions,
/// which exist only where the extension is): a Citus project needs no stand-in of its own for
/// drift, the live check and the proofs to build its history.
pub fn stand_in_of<'a>(
    migrations_dir: &std::path::Path,
    mut ups: impl Iterator<Item = &'a str>,
) -> anyhow::Result<Option<String>> {
    if let Some(sql) = crate::migrations::platform_sql(migrations_dir)? {
        return Ok(Some(sql));
    }
    Ok(ups.any(distributes).then(|| CITUS.to_string()))
}

/// Whether the up file `sql` distributes a table: a call Citus's replay recognises
/// (`SELECT create_distributed_table(...)`, whatever its case or spacing). The text is looked
/// at first, so a file that cannot hold such a call is not parsed; one that only mentions the
/// function (a comment) is not taken for one, since the stand-in needs a Citus server.
fn distributes(sql: &str) -> bool {
    let lower = sql.to_ascii_lowercase();
    if !lower.contains("create_distributed_table") && !lower.contains("create_reference_table") {
        return false;
    }
    crate::sql::statements::parse_statements("", sql).is_ok_and(|statements| {
        statements.iter().any(|st| {
            crate::objects::distribution::call::call(&st.node)
                .is_some_and(|c| c.function.starts_with("create_"))
        })
    })
}

/// The stand-in `--platform` names: `supabase`, or the path of a .sql file.
pub fn stand_in(choice: &str) -> anyhow::Result<String> {
    match choice {
        "supabase" => Ok(SUPABASE.to_string()),
        "citus" => Ok(CITUS.to_string()),
        file => crate::text_file::read(std::path::Path::new(file)).map_err(|e| {
            UsageError(format!(
                "--platform {file}: {e}; give `supabase`, `citus` or the path of a .sql file"
            ))
            .into()
        }),
    }
}

/// What the stand-in `sql` (read from `file`) provides, replayed as a migration would be.
pub fn provided(file: &str, sql: &str) -> anyhow::Result<Schema> {
    let mut schema = Schema::default();
    crate::sql::replay::replay_file(&mut schema, file, sql).map_err(|d| {
        UsageError(format!(
            "{d}\n(the platform stand-in is read like a migration, to know what the platform \
             provides: write it with statements hotelschema replays)"
        ))
    })?;
    Ok(schema)
}

/// `schema` without what `platform` provides: its extensions, schemas, tables and functions.
pub fn without_platform(mut schema: Schema, platform: &Schema) -> Schema {
    if platform.is_empty() {
        return schema;
    }
    schema
        .extensions
        .retain(|e| !platform.extensions.iter().any(|p| p.name == e.name));
    schema.schemas.retain(|n| {
        !platform
            .schemas
            .iter()
            .any(|p| p.name == n.name && n.grants.is_empty())
    });
    schema
        .tables
        .retain(|t| t.external || platform.table(&t.name).is_none());
    schema.functions.retain(|f| {
        !platform
            .functions
            .iter()
            .any(|p| p.identity() == f.identity())
    });
    // The platform's publications stay, as its: only the project's tables in them are the
    // project's.
    for p in &mut schema.publications {
        if platform.publications.iter().any(|x| x.name == p.name) {
            p.external = crate::origin::Hint(true);
        }
    }
    schema
}

/// Whether `line` of the catalog print (`db::catalog_print`) is about something `platform`
/// provides: its extensions and schemas, its tables (and their columns, constraints,
/// triggers, policies, rules) and its functions. Such lines are outside the comparison both
/// ways: a stand-in may provide more than the database has (a Supabase project may have
/// disabled `pg_stat_statements`) or less.
pub fn prints_its_object(platform: &Schema, line: &str) -> bool {
    let mut words = line.splitn(3, ' ');
    let (Some(kind), Some(name)) = (words.next(), words.next()) else {
        return false;
    };
    // `schema.relation`, the first two dotted parts of `schema.relation.member`.
    let relation = || {
        let mut parts = name.splitn(3, '.');
        match (parts.next(), parts.next()) {
            (Some(schema), Some(table)) => crate::sql::normal::public_stripped(schema, table),
            _ => name.to_string(),
        }
    };
    match kind {
        "extension" => platform.extensions.iter().any(|e| e.name == name),
        "schema" => platform.schemas.iter().any(|s| s.name == name),
        "relation" | "column" | "constraint" | "trigger" | "policy" | "rule" => {
            platform.table(&relation()).is_some()
        }
        "function" => {
            let called = name.split('(').next().unwrap_or(name);
            platform.functions.iter().any(|f| {
                f.name == called || f.name == called.strip_prefix("public.").unwrap_or(called)
            })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_supabase_stand_in_says_what_supabase_provides() {
        let p = provided("supabase.sql", SUPABASE).unwrap();
        let names = |v: Vec<&str>| v.join(",");
        assert_eq!(
            names(p.schemas.iter().map(|n| n.name.as_str()).collect()),
            "auth,storage,extensions"
        );
        assert!(p
            .extensions
            .iter()
            .any(|e| e.name == "pgcrypto" && e.schema.as_deref() == Some("extensions")));
        assert!(p.table("auth.users").is_some());
        let mut mine = p.clone();
        mine.extensions.push(crate::schema::model::Extension {
            name: "pg_trgm".into(),
            schema: None,
            types: Default::default(),
            origin: Default::default(),
        });
        let left = without_platform(mine, &p);
        assert_eq!(
            left.extensions
                .iter()
                .map(|e| e.name.as_str())
                .collect::<Vec<_>>(),
            ["pg_trgm"]
        );
        assert!(left.tables.is_empty() && left.schemas.is_empty() && left.functions.is_empty());
    }

    #[test]
    fn a_history_that_distributes_tables_gets_the_citus_stand_in() {
        let dir = tempfile::tempdir().unwrap();
        let stand_in = |ups: &[&str]| stand_in_of(dir.path(), ups.iter().copied()).unwrap();
        let plain = "CREATE TABLE room (org_id uuid, id uuid);";
        assert_eq!(stand_in(&[plain]), None);
        for call in [
            "SELECT create_distributed_table('room', 'org_id');",
            "SELECT CREATE_DISTRIBUTED_TABLE ('room', 'org_id');",
            "select create_reference_table('org');",
        ] {
            assert_eq!(stand_in(&[plain, call]).as_deref(), Some(CITUS), "{call}");
        }
        // Named in a comment only: no Citus server is needed to build it.
        let comment = "-- later: SELECT create_distributed_table('room', 'org_id');\nSELECT 1;";
        assert_eq!(stand_in(&[plain, comment]), None);
    }

    #[test]
    fn the_catalog_lines_of_what_the_platform_provides_are_known() {
        let p = provided(
            "platform.sql",
            "CREATE SCHEMA auth;\nCREATE TABLE auth.users (id uuid);\n\
             CREATE EXTENSION pg_stat_statements;\n\
             CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql AS 'SELECT NULL::uuid';",
        )
        .unwrap();
        for line in [
            "extension pg_stat_statements in public",
            "schema auth acl - comment -",
            "relation auth.users kind r persistence p",
            "column auth.users.id uuid",
            "function auth.uid() CREATE OR REPLACE FUNCTION auth.uid()",
        ] {
            assert!(prints_its_object(&p, line), "{line}");
        }
        for line in [
            "extension pg_trgm in public",
            "relation public.users kind r persistence p",
            "column public.note.id uuid",
            "function public.uid() CREATE OR REPLACE FUNCTION public.uid()",
            "index public.users_pkey CREATE UNIQUE INDEX",
        ] {
            assert!(!prints_its_object(&p, line), "{line}");
        }
    }
}
