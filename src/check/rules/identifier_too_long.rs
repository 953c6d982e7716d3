//! `identifier-too-long`: PostgreSQL silently truncates names over 63 bytes, so two long names
//! can collide and a name in the code no longer matches the database. The YAML loader already
//! refuses them; this rule also reads migration files, where the parser would truncate them.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};
use crate::schema::model::local_name;
use crate::schema::validate::MAX_IDENTIFIER_BYTES;

pub const RULE: Rule = Rule {
    id: "identifier-too-long",
    default_severity: Severity::Error,
    summary: "a name over 63 bytes (PostgreSQL would truncate it)",
};

fn finding(kind: &str, name: &str) -> Finding {
    Finding::new(
        &RULE,
        format!(
            "{kind} name `{name}` is {} bytes; PostgreSQL keeps only {MAX_IDENTIFIER_BYTES}: \
             shorten it",
            name.len()
        ),
    )
}

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let long = |n: &str| n.len() > MAX_IDENTIFIER_BYTES;
    let mut findings = Vec::new();
    // `billing.invoice` is two identifiers: the limit applies to each.
    for e in ctx
        .schema
        .enums
        .iter()
        .filter(|e| long(local_name(&e.name)))
    {
        findings.push(finding("enum", &e.name).enum_name(&e.name).at(&e.origin));
    }
    for t in &ctx.schema.tables {
        if long(local_name(&t.name)) {
            findings.push(finding("table", &t.name).table(&t.name).at(&t.origin));
        }
        for c in t.columns.iter().filter(|c| long(&c.name)) {
            findings.push(
                finding("column", &c.name)
                    .table(&t.name)
                    .column(&c.name)
                    .at(&c.origin),
            );
        }
        let names = t
            .indexes
            .iter()
            .map(|i| (&i.name, &i.origin))
            .chain(t.uniques.iter().map(|u| (&u.name, &u.origin)))
            .chain(t.foreign_keys.iter().map(|f| (&f.name, &f.origin)))
            .chain(t.checks.iter().map(|c| (&c.name, &c.origin)))
            .chain(t.primary_key.iter().map(|p| (&p.name, &p.origin)));
        for (name, origin) in names.filter(|(n, _)| long(n)) {
            findings.push(
                finding("constraint or index", name)
                    .table(&t.name)
                    .name(name)
                    .at(origin),
            );
        }
    }
    findings
}

/// What PostgreSQL keeps of a long name: the first 63 bytes, cut back to a whole character
/// (it never splits a multibyte character).
fn kept_by_postgres(name: &str) -> &str {
    crate::sql::ident::cut_at_char(name, MAX_IDENTIFIER_BYTES)
}

/// Long identifiers written in migration files.
pub fn check_migrations(walk: &super::history::Walk) -> Vec<Finding> {
    walk.steps
        .iter()
        .flat_map(|s| s.long_identifiers.iter())
        .map(|(origin, name)| {
            Finding::new(
                &RULE,
                format!(
                    "`{name}` is {} bytes; PostgreSQL silently keeps only the first {MAX_IDENTIFIER_BYTES} (`{}`): shorten it",
                    name.len(),
                    kept_by_postgres(name)
                ),
            )
            .name(name)
            .at(origin)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::Tenancy;
    use super::*;
    use crate::schema::model::Schema;

    #[test]
    fn names_over_63_bytes_are_reported_in_schemas() {
        let long = "x".repeat(64);
        let mut s = Schema::default();
        // 63 bytes in a schema: `s.` does not count, each identifier is limited on its own.
        let sql = format!("CREATE SCHEMA s; CREATE TABLE s.{} (id int);", &long[..63]);
        crate::sql::replay::replay_file(&mut s, "V1__t.sql", &sql).unwrap();
        let ctx = SchemaContext {
            tenancy: Tenancy::resolve(&s, "organization_id", None),
            schema: &s,
        };
        assert!(check(&ctx).is_empty());
        s.tables[0].columns[0].name = long.clone();
        let ctx = SchemaContext {
            tenancy: Tenancy::resolve(&s, "organization_id", None),
            schema: &s,
        };
        let found: Vec<String> = check(&ctx).into_iter().map(|f| f.message).collect();
        assert_eq!(
            found,
            [format!(
                "column name `{long}` is 64 bytes; PostgreSQL keeps only 63: shorten it"
            )]
        );
    }

    #[test]
    fn names_over_63_bytes_are_reported_in_migration_files() {
        let long = "x".repeat(64);
        let (dir, walk) = super::super::testing::walk_of(&[(
            "V0001__t.sql",
            &format!("CREATE TABLE t (id int);\nCREATE INDEX \"{long}\" ON t (id);"),
        )]);
        assert_eq!(
            super::super::testing::brief(&dir, check_migrations(&walk)),
            [(
                "V0001__t.sql:2".to_string(),
                format!("`{long}` is 64 bytes; PostgreSQL silently keeps only the first 63 (`{}`): shorten it", &long[..63])
            )]
        );
        let (_, walk) =
            super::super::testing::walk_of(&[("V0001__t.sql", "CREATE TABLE t (id int);")]);
        assert!(check_migrations(&walk).is_empty());
    }

    #[test]
    fn multibyte_names_are_cut_at_a_character_as_postgres_does() {
        // 32 × é is 64 bytes; byte 63 falls inside the last é.
        let long = "é".repeat(32);
        let (dir, walk) = super::super::testing::walk_of(&[(
            "V0001__t.sql",
            &format!("CREATE TABLE \"{long}\" (id int);"),
        )]);
        assert_eq!(
            super::super::testing::brief(&dir, check_migrations(&walk)),
            [(
                "V0001__t.sql:1".to_string(),
                format!(
                    "`{long}` is 64 bytes; PostgreSQL silently keeps only the first 63 (`{}`): shorten it",
                    "é".repeat(31)
                )
            )]
        );
    }
}
