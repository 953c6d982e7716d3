//! Introspection reads a live database back into the model exactly: a database rendered from
//! the introspected model has the same catalog as the original.

mod common;

use std::path::Path;

use common::{assert_same_catalog, catalog, TestDb};
use hotelschema::db::introspect::introspect;
use hotelschema::diff::{create_all, equivalent};

fn script(schema: &hotelschema::schema::Schema) -> String {
    create_all(schema)
        .iter()
        .map(|c| c.up.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds a database from `sql`, introspects it, renders the result into a second database,
/// and compares the two catalogs and the two introspections.
async fn round_trip(sql: &str) {
    let a = TestDb::new().await;
    a.run_script(sql).await.expect("the source SQL applies");
    let read = introspect(&mut a.connect().await)
        .await
        .expect("introspection");
    let b = TestDb::new().await;
    let rendered = script(&read);
    b.run_script(&rendered).await.unwrap_or_else(|e| {
        panic!("the introspected schema renders to valid SQL: {e}\n{rendered}")
    });
    assert_same_catalog(
        "source vs rendered from introspection",
        &catalog(&b).await,
        &catalog(&a).await,
    );
    let again = introspect(&mut b.connect().await).await.unwrap();
    assert!(equivalent(&again, &read), "introspection is stable");
}

fn generated(schema_dir: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(schema_dir);
    let schema = hotelschema::schema::load_dir(&dir).unwrap();
    script(&schema)
}

#[tokio::test]
async fn the_hotel_schema_round_trips_through_introspection() {
    let sql = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/V0001__init.sql"),
    )
    .unwrap();
    round_trip(&sql).await;
}

#[tokio::test]
async fn every_feature_round_trips_through_introspection() {
    round_trip(&generated("tests/fixtures/every_feature/schema")).await;
}

#[tokio::test]
async fn hand_written_sql_round_trips_too() {
    round_trip(
        r#"CREATE TABLE "Organization" (id serial PRIMARY KEY, "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);
           CREATE TABLE "User" (id integer PRIMARY KEY, org integer REFERENCES "Organization" ON DELETE SET NULL,
                                email varchar(255) UNIQUE, amount numeric, tags text[]);
           CREATE INDEX "User_lower_email_idx" ON "User" (lower(email::text)) WHERE amount > 0;
           CREATE INDEX user_org_idx ON "User" USING hash (org);"#,
    )
    .await;
}

#[tokio::test]
async fn what_the_model_does_not_hold_is_refused_by_name() {
    let db = TestDb::new().await;
    db.run_script("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, p point);")
        .await
        .unwrap();
    let err = introspect(&mut db.connect().await)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("t.id is an identity column"), "{err}");
    assert!(err.contains("t.p has type point"), "{err}");
}
