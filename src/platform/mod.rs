//! What a hosting platform provides before any migration runs (Supabase's `auth` schema, its
//! roles, the extensions it installs and where): a stand-in SQL file, `migrations/platform.sql`.
//! hotelschema runs it first in the scratch databases it builds (drift, baseline), and reads
//! it — replayed like a migration — to know what is the platform's: its schemas, tables,
//! functions and extensions are never pulled, created or dropped by the project.

use crate::schema::model::Schema;
use crate::UsageError;

/// The built-in stand-in for Supabase (`--platform supabase`).
pub const SUPABASE: &str = include_str!("supabase.sql");

/// Whether `sql` is one of hotelschema's own stand-ins, as `adopt --platform` writes it: SQL
/// of this program, not of the repository, so the gate may run it on the target server.
pub fn is_built_in(sql: &str) -> bool {
    sql == SUPABASE
}

/// The stand-in `--platform` names: `supabase`, or the path of a .sql file.
pub fn stand_in(choice: &str) -> anyhow::Result<String> {
    match choice {
        "supabase" => Ok(SUPABASE.to_string()),
        file => crate::text_file::read(std::path::Path::new(file)).map_err(|e| {
            UsageError(format!(
                "--platform {file}: {e}; give `supabase` or the path of a .sql file"
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
}
