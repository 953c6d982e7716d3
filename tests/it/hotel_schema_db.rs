//! The committed first migration of the hotel schema, applied to a real PostgreSQL: the catalog
//! must hold exactly what the YAML declares, and the down file must leave nothing behind.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;

use hotelschema::schema::{self, model::FkAction, types::ColumnType};
use sqlx::PgConnection;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("read {path}: {e}"))
}

fn hotel_schema() -> schema::Schema {
    schema::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("schema")).expect("valid schema")
}

/// Everything of the public schema that the model describes, read from the catalog.
#[derive(Debug, Default, PartialEq)]
struct Catalog {
    extensions: BTreeSet<String>,
    enums: BTreeSet<(String, Vec<String>)>,
    /// (table, column, type, not null, default)
    columns: BTreeSet<(String, String, String, bool, Option<String>)>,
    /// (table, name, kind: p/u/f/c, on delete action for FKs)
    constraints: BTreeSet<(String, String, String, String)>,
    /// (table, index name)
    indexes: BTreeSet<(String, String)>,
}

async fn read_catalog(conn: &mut PgConnection) -> Catalog {
    let mut catalog = Catalog::default();
    let extensions: Vec<(String,)> =
        sqlx::query_as("SELECT extname::text FROM pg_extension WHERE extname <> 'plpgsql'")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    catalog.extensions = extensions.into_iter().map(|(n,)| n).collect();
    let enums: Vec<(String, Vec<String>)> = sqlx::query_as(
        "SELECT t.typname::text, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
         WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    catalog.enums = enums.into_iter().collect();
    let columns: Vec<(String, String, String, bool, Option<String>)> = sqlx::query_as(
        "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod),
                a.attnotnull, pg_get_expr(d.adbin, d.adrelid)
         FROM pg_attribute a
         JOIN pg_class c ON c.oid = a.attrelid
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
           AND a.attnum > 0 AND NOT a.attisdropped",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    catalog.columns = columns.into_iter().collect();
    let constraints: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.relname::text, con.conname::text, con.contype::text, con.confdeltype::text
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
         WHERE con.connamespace = 'public'::regnamespace",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    catalog.constraints = constraints.into_iter().collect();
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT tablename::text, indexname::text FROM pg_indexes WHERE schemaname = 'public'",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    catalog.indexes = indexes.into_iter().collect();
    catalog
}

/// Equal sets, or a failure that lists only what is missing and what is unexpected.
fn assert_same<T: Ord + std::fmt::Debug>(what: &str, actual: &BTreeSet<T>, expected: &BTreeSet<T>) {
    let missing: Vec<&T> = expected.difference(actual).collect();
    let unexpected: Vec<&T> = actual.difference(expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "{what}: missing from the database {missing:?}; unexpected {unexpected:?}"
    );
}

/// What the catalog must hold for `schema`, in the catalog's own terms.
fn expected_catalog(schema: &schema::Schema) -> (Catalog, BTreeSet<(String, String, bool)>) {
    let mut c = Catalog::default();
    // Column types are compared after canonicalisation, below; here (table, column, not null).
    let mut columns = BTreeSet::new();
    c.extensions = schema.extensions.iter().map(|e| e.name.clone()).collect();
    c.enums = schema
        .enums
        .iter()
        .map(|e| (e.name.clone(), e.values.clone()))
        .collect();
    for t in &schema.tables {
        for col in &t.columns {
            columns.insert((t.name.clone(), col.name.clone(), !col.nullable));
        }
        let fk_code = |a: FkAction| match a {
            FkAction::NoAction => "a",
            FkAction::Restrict => "r",
            FkAction::Cascade => "c",
            FkAction::SetNull => "n",
            FkAction::SetDefault => "d",
        };
        // PostgreSQL stores a space for "not a foreign key".
        let row = |name: &str, kind: &str, action: &str| {
            (
                t.name.clone(),
                name.to_string(),
                kind.to_string(),
                action.to_string(),
            )
        };
        if let Some(pk) = &t.primary_key {
            c.constraints.insert(row(&pk.name, "p", " "));
            c.indexes.insert((t.name.clone(), pk.name.clone()));
        }
        for u in &t.uniques {
            if u.predicate.is_none() {
                c.constraints.insert(row(&u.name, "u", " "));
            }
            c.indexes.insert((t.name.clone(), u.name.clone()));
        }
        for check in &t.checks {
            c.constraints.insert(row(&check.name, "c", " "));
        }
        for fk in &t.foreign_keys {
            c.constraints
                .insert(row(&fk.name, "f", fk_code(fk.on_delete)));
        }
        for i in &t.indexes {
            c.indexes.insert((t.name.clone(), i.name.clone()));
        }
    }
    (c, columns)
}

#[tokio::test]
async fn the_hotel_migration_creates_exactly_the_schema_and_its_down_removes_it() {
    let schema = hotel_schema();
    let db = common::TestDb::new().await;
    let mut conn = db.connect().await;
    let before = read_catalog(&mut conn).await;

    db.run_script(&read("migrations/V0001__init.sql"))
        .await
        .expect("the up file applies");
    let after_up = read_catalog(&mut conn).await;
    let (expected, expected_columns) = expected_catalog(&schema);
    assert_same("extensions", &after_up.extensions, &expected.extensions);
    assert_same("enums", &after_up.enums, &expected.enums);
    assert_eq!(after_up.enums.len(), 23, "the seed's 23 enums");
    assert_eq!(after_up.extensions.len(), 2);
    assert_eq!(schema.tables.len(), 27);
    assert_same("constraints", &after_up.constraints, &expected.constraints);
    assert_same("indexes", &after_up.indexes, &expected.indexes);

    // Columns: names and nullability exactly; types equal once both are canonical.
    let actual_columns: BTreeSet<(String, String, bool)> = after_up
        .columns
        .iter()
        .map(|(t, c, _, not_null, _)| (t.clone(), c.clone(), *not_null))
        .collect();
    assert_same("columns", &actual_columns, &expected_columns);
    let enum_names: Vec<&str> = schema.enums.iter().map(|e| e.name.as_str()).collect();
    let extensions: Vec<&str> = schema.extensions.iter().map(|e| e.name.as_str()).collect();
    for (table, column, pg_type, _, default) in &after_up.columns {
        let declared = schema.table(table).unwrap().column(column).unwrap();
        let actual = ColumnType::parse(pg_type, &enum_names, &extensions)
            .unwrap_or_else(|e| panic!("{table}.{column}: cannot read {pg_type}: {e:?}"));
        assert_eq!(actual, declared.column_type, "{table}.{column}");
        assert_eq!(
            default.is_some(),
            declared.default.is_some(),
            "{table}.{column} default"
        );
    }

    // The seed's specific conventions survived the trip.
    let defs: Vec<(String, String)> = sqlx::query_as(
        "SELECT indexname::text, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let def = |name: &str| {
        defs.iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.as_str())
            .unwrap_or_else(|| panic!("index {name} exists"))
    };
    assert!(def("activity_log_occurred_at_idx").contains("USING brin"));
    assert!(
        def("conversation_organization_id_is_resolved_updated_at_idx").contains("updated_at DESC")
    );
    let partial = def("guest_organization_id_external_guest_id_external_source_uq");
    assert!(partial.starts_with("CREATE UNIQUE INDEX") && partial.contains("WHERE"));

    db.run_script(&read("migrations/V0001__init.down.sql"))
        .await
        .expect("the down file applies");
    assert_eq!(
        read_catalog(&mut conn).await,
        before,
        "nothing of the schema remains"
    );
}

#[test]
fn every_foreign_key_of_the_hotel_schema_leads_an_index() {
    // The seed's convention: every foreign key has an index whose leading columns are the
    // key's (a primary key or unique constraint counts).
    let schema = hotel_schema();
    for t in &schema.tables {
        let mut leading: Vec<Vec<String>> = t
            .indexes
            .iter()
            .map(|i| {
                i.elements
                    .iter()
                    .map(|e| match &e.key {
                        schema::model::IndexKey::Column(c) => c.clone(),
                        schema::model::IndexKey::Expression(x) => x.clone(),
                    })
                    .collect()
            })
            .collect();
        leading.extend(t.uniques.iter().map(|u| u.columns.clone()));
        leading.extend(t.primary_key.iter().map(|p| p.columns.clone()));
        for fk in &t.foreign_keys {
            let n = fk.columns.len();
            let covered = leading.iter().any(|cols| {
                cols.len() >= n && {
                    let mut head = cols[..n].to_vec();
                    let mut want = fk.columns.clone();
                    head.sort();
                    want.sort();
                    head == want
                }
            });
            assert!(covered, "{}.{} has no index", t.name, fk.name);
        }
        // Tenant tables have an index led by organization_id.
        if t.column("organization_id").is_some() {
            assert!(
                leading.iter().any(|cols| cols[0] == "organization_id"),
                "{} has no index led by organization_id",
                t.name
            );
        }
    }
}

#[test]
fn every_enum_of_the_hotel_schema_is_used() {
    let schema = hotel_schema();
    for e in &schema.enums {
        let used = schema.tables.iter().any(|t| {
            t.columns
                .iter()
                .any(|c| c.column_type.is_enum() == Some(e.name.as_str()))
        });
        assert!(used, "enum {} is used by no column", e.name);
    }
}

/// The hotel's second migration: every table with `updated_at` keeps it current on UPDATE, and
/// tickets are numbered per organization (seed 000); rolled back, both are gone.
#[tokio::test]
async fn the_database_keeps_updated_at_and_numbers_tickets_per_organization() {
    let schema = hotel_schema();
    let db = common::TestDb::new().await;
    let migrate = |args: &[&str]| {
        let out = common::hotelschema()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("migrate")
            .args(args)
            .args(["--db", &db.url()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    migrate(&[]);
    let mut conn = db.connect().await;
    let with_trigger: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          WHERE t.tgname = c.relname || '_touch_updated_at' ORDER BY 1",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut with_column: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| t.column("updated_at").is_some())
        .map(|t| t.name.clone())
        .collect();
    with_column.sort();
    assert_eq!(with_trigger, with_column);

    sqlx::raw_sql(
        "INSERT INTO organization (id, name, slug, updated_at) VALUES
           ('00000000-0000-0000-0000-000000000001', 'A', 'a', now() - interval '1 day'),
           ('00000000-0000-0000-0000-000000000002', 'B', 'b', now());
         INSERT INTO \"user\" (id, name, email) VALUES ('u1', 'U', 'u@example.com');
         INSERT INTO ticket (organization_id, category, title, created_by_id)
           SELECT o, 'maintenance', 't', 'u1' FROM (VALUES
             ('00000000-0000-0000-0000-000000000001'::uuid),
             ('00000000-0000-0000-0000-000000000001'),
             ('00000000-0000-0000-0000-000000000002'),
             ('00000000-0000-0000-0000-000000000001')) v(o);
         UPDATE organization SET name = 'A2' WHERE slug = 'a';",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let numbers: Vec<(String, String)> = sqlx::query_as(
        "SELECT o.slug, t.ticket_number FROM ticket t JOIN organization o ON o.id = t.organization_id
          ORDER BY 1, 2",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let pairs: Vec<(&str, &str)> = numbers
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("a", "TKT-00001"),
            ("a", "TKT-00002"),
            ("a", "TKT-00003"),
            ("b", "TKT-00001")
        ]
    );
    let fresh: bool = sqlx::query_scalar(
        "SELECT updated_at > now() - interval '1 minute' FROM organization WHERE slug = 'a'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert!(fresh, "updated_at was not set by the UPDATE");

    sqlx::raw_sql("DELETE FROM ticket; DELETE FROM organization; DELETE FROM \"user\";")
        .execute(&mut conn)
        .await
        .unwrap();
    migrate(&["--rollback", "--to", "1"]);
    let left: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)
              + (SELECT count(*) FROM pg_proc WHERE proname IN ('touch_updated_at', 'assign_ticket_number'))",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(left, 0);
}
