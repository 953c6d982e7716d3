//! The proof of `tests/generate_db.rs` (migrated = fresh, rolled back = before, offline replay
//! agrees) for the kinds declared in `schema/*.sql` beyond functions and views: standalone
//! sequences, domains, composite types, materialized views and their indexes, privileges
//! (GRANT / REVOKE on every kind, default privileges) and comments on code objects.

use crate::common;

use common::prove::*;
use common::TestDb;

/// The roles these schemas grant to (cluster objects: created once, shared by every test).
async fn roles() {
    let db = TestDb::new().await;
    db.ensure_role("hs_app").await;
    db.ensure_role("hs_reader").await;
}

const TABLES: &str = r#"
roles: [hs_app, hs_reader]
tables:
  ticket:
    columns:
      id: { type: bigint, primary_key: true }
      title: text
      status: { type: text, default: "'open'" }
"#;

/// `TABLES` with the SQL `sql` (the `--- sql` part).
fn with(sql: &str) -> String {
    format!("{TABLES}--- sql\n{sql}")
}

#[tokio::test]
async fn sequences_created_altered_owned_and_dropped() {
    roles().await;
    let seq = "CREATE SEQUENCE ticket_number START 1000 CACHE 5;\n";
    // Created, then used by a column default (the sequence comes first).
    let sql = prove(TABLES, &with(seq), &[]).await;
    assert!(
        sql.contains("CREATE SEQUENCE ticket_number START WITH 1000 CACHE 5;"),
        "{sql}"
    );
    let used = TABLES.replace(
        "      title: text\n",
        "      title: text\n      number: { type: bigint, default: \"nextval('ticket_number')\" }\n",
    );
    prove(
        &with(seq),
        &format!("{used}--- sql\n{seq}ALTER SEQUENCE ticket_number OWNED BY ticket.number;\n"),
        &[],
    )
    .await;
    // Every option changed in place, and back (PostgreSQL keeps the current value, which must
    // stay within the new bounds).
    let sql = prove(
        &with(seq),
        &with("CREATE SEQUENCE ticket_number AS integer INCREMENT BY 2 MAXVALUE 100000 START 1000 CYCLE;\n"),
        &[],
    )
    .await;
    assert!(
        sql.contains(
            "ALTER SEQUENCE ticket_number AS integer INCREMENT BY 2 MINVALUE 1 MAXVALUE 100000"
        ),
        "{sql}"
    );
    // Owned by a table that is dropped with it.
    prove(
        &format!("{used}--- sql\n{seq}ALTER SEQUENCE ticket_number OWNED BY ticket.number;\n"),
        "roles: [hs_app, hs_reader]\ntables:\n  note:\n    columns:\n      id: bigint\n",
        &["--allow-destructive"],
    )
    .await;
}

const DOMAIN: &str = "CREATE DOMAIN code AS varchar(12) CHECK (VALUE ~ '^[A-Z0-9]+$');\n";

#[tokio::test]
async fn domains_created_used_altered_and_dropped() {
    let used = TABLES.replace(
        "      title: text\n",
        "      title: text\n      code: { type: code, nullable: true }\n",
    );
    let sql = prove(TABLES, &format!("{used}--- sql\n{DOMAIN}"), &[]).await;
    assert!(sql.contains("CREATE DOMAIN code AS varchar(12)"), "{sql}");
    // Default, NOT NULL and a second named constraint, altered in place under the column.
    let altered = "CREATE DOMAIN code AS varchar(12) DEFAULT 'X' NOT NULL \
                   CHECK (VALUE ~ '^[A-Z0-9]+$') CONSTRAINT code_short CHECK (length(VALUE) < 10);\n";
    let sql = prove(
        &format!("{used}--- sql\n{DOMAIN}"),
        &format!("{used}--- sql\n{altered}COMMENT ON DOMAIN code IS 'An upper-case code';\n"),
        &[],
    )
    .await;
    assert!(sql.contains("ALTER DOMAIN code SET DEFAULT 'X';"), "{sql}");
    assert!(
        sql.contains("ALTER DOMAIN code ADD CONSTRAINT code_short"),
        "{sql}"
    );
    // An unused domain's base type changes: rebuilt; then dropped.
    prove(
        &with(DOMAIN),
        &with("CREATE DOMAIN code AS text CHECK (VALUE ~ '^[A-Z0-9]+$');\n"),
        &[],
    )
    .await;
    prove(&with(DOMAIN), TABLES, &[]).await;
}

#[tokio::test]
async fn composite_types_created_extended_retyped_and_dropped() {
    let address = "CREATE TYPE address AS (street text, city text);\n";
    let used = TABLES.replace(
        "      title: text\n",
        "      title: text\n      place: { type: address, nullable: true }\n",
    );
    prove(TABLES, &format!("{used}--- sql\n{address}"), &[]).await;
    // An attribute added under the column (PostgreSQL allows it), and a comment.
    let sql = prove(
        &format!("{used}--- sql\n{address}"),
        &format!(
            "{used}--- sql\nCREATE TYPE address AS (street text, city text, zip text);\n\
             COMMENT ON TYPE address IS 'Postal';\n"
        ),
        &[],
    )
    .await;
    assert!(
        sql.contains("ALTER TYPE address ADD ATTRIBUTE zip text;"),
        "{sql}"
    );
    // Retyped in place while no column uses it.
    let sql = prove(
        &with(address),
        &with("CREATE TYPE address AS (street text, city varchar(80));\n"),
        &[],
    )
    .await;
    assert!(
        sql.contains("ALTER TYPE address ALTER ATTRIBUTE city TYPE varchar(80);"),
        "{sql}"
    );
    // Reordered while unused: rebuilt; then dropped.
    prove(
        &with(address),
        &with("CREATE TYPE address AS (city text, street text);\n"),
        &[],
    )
    .await;
    prove(&with(address), TABLES, &[]).await;
}

const MATVIEW: &str = "CREATE MATERIALIZED VIEW open_tickets AS SELECT id, title FROM ticket \
                       WHERE status = 'open';\n\
                       CREATE INDEX open_tickets_title_idx ON open_tickets (title);\n";

#[tokio::test]
async fn materialized_views_with_indexes_grants_and_comments() {
    roles().await;
    let sql = prove(TABLES, &with(MATVIEW), &[]).await;
    assert!(
        sql.contains("CREATE MATERIALIZED VIEW open_tickets"),
        "{sql}"
    );
    assert!(
        sql.contains("DROP MATERIALIZED VIEW open_tickets;"),
        "{sql}"
    );
    // An index added, a grant and a comment: the view stays.
    let sql = prove(
        &with(MATVIEW),
        &with(&format!(
            "{MATVIEW}CREATE UNIQUE INDEX open_tickets_id_idx ON open_tickets (id);\n\
             GRANT SELECT ON open_tickets TO hs_reader;\n\
             COMMENT ON MATERIALIZED VIEW open_tickets IS 'What is left to do';\n"
        )),
        &[],
    )
    .await;
    assert!(!sql.contains("DROP MATERIALIZED VIEW"), "{sql}");
    // Its query changes: rebuilt, with its index, grant and comment given again.
    let granted = format!(
        "{MATVIEW}GRANT SELECT ON open_tickets TO hs_reader;\n\
         COMMENT ON MATERIALIZED VIEW open_tickets IS 'What is left to do';\n"
    );
    let sql = prove(
        &with(&granted),
        &with(&granted.replace("WHERE status = 'open'", "WHERE status <> 'closed'")),
        &[],
    )
    .await;
    assert!(
        sql.contains("DROP MATERIALIZED VIEW open_tickets;"),
        "{sql}"
    );
    assert!(
        sql.contains("GRANT SELECT ON TABLE open_tickets TO hs_reader;"),
        "{sql}"
    );
}

#[tokio::test]
async fn privileges_on_every_kind_granted_revoked_and_given_again_after_a_rebuild() {
    roles().await;
    let objects = "CREATE SEQUENCE ticket_number;\n\
                   CREATE FUNCTION open_count() RETURNS bigint LANGUAGE sql STABLE \
                   AS $$ SELECT count(*) FROM ticket WHERE status = 'open' $$;\n\
                   CREATE VIEW open_tickets AS SELECT id, title FROM ticket WHERE status = 'open';\n";
    let grants = "GRANT SELECT, INSERT, UPDATE ON ticket TO hs_app;\n\
                  GRANT SELECT ON ticket TO hs_reader WITH GRANT OPTION;\n\
                  GRANT USAGE ON SEQUENCE ticket_number TO hs_app;\n\
                  REVOKE EXECUTE ON FUNCTION open_count() FROM PUBLIC;\n\
                  GRANT EXECUTE ON FUNCTION open_count() TO hs_app;\n\
                  GRANT SELECT ON open_tickets TO hs_reader;\n\
                  GRANT USAGE ON SCHEMA public TO hs_reader;\n";
    let sql = prove(&with(objects), &with(&format!("{objects}{grants}")), &[]).await;
    assert!(
        sql.contains("REVOKE EXECUTE ON FUNCTION open_count() FROM PUBLIC;"),
        "{sql}"
    );
    assert!(sql.contains("WITH GRANT OPTION"), "{sql}");
    // Some taken away, a grant option dropped.
    let fewer = grants
        .replace("SELECT, INSERT, UPDATE ON ticket", "SELECT ON ticket")
        .replace(" WITH GRANT OPTION", "");
    prove(
        &with(&format!("{objects}{grants}")),
        &with(&format!("{objects}{fewer}")),
        &[],
    )
    .await;
    // The function's return type changes (dropped and created) and a column under the view is
    // retyped (the view is rebuilt): their grants are given again.
    let rebuilt = objects
        .replace("RETURNS bigint", "RETURNS numeric")
        .replace("count(*)", "count(*)::numeric");
    let retyped = TABLES.replace("      title: text\n", "      title: varchar(200)\n");
    let sql = prove(
        &with(&format!("{objects}{grants}")),
        &format!("{retyped}--- sql\n{rebuilt}{}", grants),
        &["--allow-destructive"],
    )
    .await;
    assert!(
        sql.contains("GRANT EXECUTE ON FUNCTION open_count() TO hs_app;"),
        "{sql}"
    );
    assert!(
        sql.contains("GRANT SELECT ON TABLE open_tickets TO hs_reader;"),
        "{sql}"
    );
}

#[tokio::test]
async fn default_privileges_reach_what_the_same_migration_creates() {
    roles().await;
    let defaults = "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO hs_reader;\n\
                    ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;\n";
    let function = "CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n";
    let more =
        format!("{TABLES}  note:\n    columns:\n      id: {{ type: bigint, primary_key: true }}\n");
    // Set, with a table and a function created in the same migration (they get them), an
    // existing table that gets the grant explicitly; then taken away again.
    let sql = prove(TABLES, &format!("{more}--- sql\n{defaults}{function}"), &[]).await;
    assert!(
        sql.contains("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO hs_reader;"),
        "{sql}"
    );
    assert!(
        sql.contains("GRANT SELECT ON TABLE ticket TO hs_reader;"),
        "{sql}"
    );
    // A table dropped while the defaults stay: rolled back, it comes back with them.
    prove(
        &format!("{more}--- sql\n{defaults}"),
        &format!("{TABLES}--- sql\n{defaults}"),
        &["--allow-destructive"],
    )
    .await;
}

#[tokio::test]
async fn comments_on_functions_views_triggers_and_policies() {
    roles().await;
    let base = format!(
        "{TABLES}    rls: true\n    policies:\n      - {{ name: readers, command: select, roles: [hs_reader], using: \"true\" }}\n    \
         triggers:\n      - {{ name: ticket_touch, timing: before, events: [update], function: touch }}\n"
    );
    let code = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n\
                CREATE VIEW titles WITH (security_barrier) AS SELECT id, title FROM ticket;\n";
    let comments = "COMMENT ON FUNCTION touch() IS 'Keeps rows fresh';\n\
                    COMMENT ON VIEW titles IS 'Titles only';\n\
                    COMMENT ON TRIGGER ticket_touch ON ticket IS 'Stamps updates';\n\
                    COMMENT ON POLICY readers ON ticket IS 'Readers see all';\n";
    let sql = prove(
        &format!("{base}--- sql\n{code}"),
        &format!("{base}--- sql\n{code}{comments}"),
        &[],
    )
    .await;
    assert!(
        sql.contains("COMMENT ON TRIGGER ticket_touch ON ticket IS 'Stamps updates';"),
        "{sql}"
    );
    assert!(
        sql.contains("COMMENT ON POLICY readers ON ticket IS NULL;"),
        "{sql}"
    );
    // The view's options are part of it: changed, it is rebuilt (with its comment).
    let sql = prove(
        &format!("{base}--- sql\n{code}{comments}"),
        &format!(
            "{base}--- sql\n{}{comments}",
            code.replace("security_barrier", "security_invoker")
        ),
        &[],
    )
    .await;
    assert!(sql.contains("security_invoker"), "{sql}");
    assert!(
        sql.contains("COMMENT ON VIEW titles IS 'Titles only';"),
        "{sql}"
    );
}

#[tokio::test]
async fn a_function_a_default_calls_is_created_before_the_table_and_dropped_after() {
    let next = "CREATE FUNCTION next_code() RETURNS text LANGUAGE sql VOLATILE \
                AS $$ SELECT 'T-' || floor(random() * 1000)::text $$;\n";
    let coded = TABLES.replace(
        "      title: text\n",
        "      title: text\n      code: { type: text, default: next_code() }\n",
    ) + "  note:\n    columns:\n      id: bigint\n";
    let sql = prove(
        "roles: [hs_app]\ntables:\n  note:\n    columns:\n      id: bigint\n",
        &format!("{coded}--- sql\n{next}"),
        &[],
    )
    .await;
    assert!(
        sql.find("CREATE FUNCTION next_code()") < sql.find("CREATE TABLE ticket"),
        "{sql}"
    );
    // Both go: the table first, then the function (and back in the other order).
    prove(
        &format!("{coded}--- sql\n{next}"),
        "roles: [hs_app]\ntables:\n  note:\n    columns:\n      id: bigint\n",
        &["--allow-destructive"],
    )
    .await;
}

#[tokio::test]
async fn yaml_grants_on_a_table_and_from_a_column_group() {
    roles().await;
    let yaml = format!(
        "{}column_groups:\n  app_access:\n    grants: {{ hs_app: [select, insert, update, delete] }}\n    columns: {{}}\n",
        TABLES.replace(
            "  ticket:\n",
            "  ticket:\n    include: [app_access]\n    grants: { hs_reader: all }\n"
        )
    );
    let sql = prove(TABLES, &yaml, &[]).await;
    assert!(
        sql.contains("GRANT DELETE, INSERT, SELECT, UPDATE ON TABLE ticket TO hs_app;"),
        "{sql}"
    );
    assert!(sql.contains("GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON TABLE ticket TO hs_reader;"), "{sql}");
    // The same grants written in SQL are the same schema: nothing to generate.
    let dir = tempfile::tempdir().unwrap();
    write_schema(dir.path(), &yaml);
    ok(generate(dir.path(), &["--name", "init"]));
    write_schema(
        dir.path(),
        &with("GRANT SELECT, INSERT, UPDATE, DELETE ON ticket TO hs_app;\nGRANT ALL ON ticket TO hs_reader;\n"),
    );
    assert!(ok(generate(dir.path(), &["--check"])).contains("agree"));
}

#[tokio::test]
async fn declared_renames_of_functions_views_sequences_types_triggers_and_policies() {
    roles().await;
    let yaml = |trigger: &str, policy: &str| {
        format!(
            "{TABLES}    rls: true\n    policies:\n      - {{ name: {policy}, command: select, \
             roles: [hs_reader], using: \"true\" }}\n    triggers:\n      - {{ name: \
             {trigger}, timing: before, events: [update], function: touch }}\n"
        )
    };
    let sql = |prefix: &str, directive: bool| {
        let d = |old: &str| {
            if directive {
                format!("-- renamed from: {old}\n")
            } else {
                String::new()
            }
        };
        format!(
            "{}CREATE FUNCTION {prefix}touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\n\
             {}CREATE VIEW {prefix}titles AS SELECT id, title FROM ticket;\n\
             {}CREATE MATERIALIZED VIEW {prefix}counts AS SELECT count(*) AS n FROM ticket;\n\
             {}CREATE SEQUENCE {prefix}numbers START 10;\n\
             {}CREATE DOMAIN {prefix}code AS text;\n\
             {}CREATE TYPE {prefix}pair AS (a int, b int);\n\
             GRANT SELECT ON {prefix}titles TO hs_reader;\n",
            d("touch"),
            d("titles"),
            d("counts"),
            d("numbers"),
            d("code"),
            d("pair"),
        )
    };
    let before = format!("{}--- sql\n{}", yaml("stamp", "readers"), sql("", false));
    let after = format!(
        "{}--- sql\n{}",
        yaml("stamp_v2", "readers_v2")
            .replace(
                "readers_v2, command",
                "readers_v2, renamed_from: readers, command"
            )
            .replace("stamp_v2, timing", "stamp_v2, renamed_from: stamp, timing")
            .replace("function: touch", "function: new_touch"),
        sql("new_", true)
    );
    let migration = prove(&before, &after, &[]).await;
    for rename in [
        "ALTER FUNCTION touch() RENAME TO new_touch;",
        "ALTER VIEW titles RENAME TO new_titles;",
        "ALTER MATERIALIZED VIEW counts RENAME TO new_counts;",
        "ALTER SEQUENCE numbers RENAME TO new_numbers;",
        "ALTER DOMAIN code RENAME TO new_code;",
        "ALTER TYPE pair RENAME TO new_pair;",
        "ALTER TRIGGER stamp ON ticket RENAME TO stamp_v2;",
        "ALTER POLICY readers ON ticket RENAME TO readers_v2;",
    ] {
        assert!(migration.contains(rename), "{rename} in:\n{migration}");
    }
    assert!(
        !migration.contains("DROP "),
        "renamed, not dropped:\n{migration}"
    );
}

#[tokio::test]
async fn triggers_on_views_created_changed_kept_through_a_rebuild_and_dropped() {
    let code = "CREATE FUNCTION add_ticket() RETURNS trigger LANGUAGE plpgsql AS $$\n\
                BEGIN INSERT INTO ticket (id, title) VALUES (NEW.id, NEW.title); RETURN NEW; END $$;\n\
                CREATE VIEW titles AS SELECT id, title FROM ticket;\n";
    let trigger = "CREATE TRIGGER titles_insert INSTEAD OF INSERT ON titles \
                   FOR EACH ROW EXECUTE FUNCTION add_ticket();\n";
    let sql = prove(&with(code), &with(&format!("{code}{trigger}")), &[]).await;
    assert!(sql.contains("INSTEAD OF INSERT ON titles"), "{sql}");
    // Changed (recreated), with a comment.
    prove(
        &with(&format!("{code}{trigger}")),
        &with(&format!(
            "{code}{}COMMENT ON TRIGGER titles_insert ON titles IS 'Inserts go to ticket';\n",
            trigger.replace("INSTEAD OF INSERT", "INSTEAD OF INSERT OR UPDATE")
        )),
        &[],
    )
    .await;
    // A column under the view is retyped: the view is rebuilt, its trigger with it.
    let retyped = TABLES.replace("      title: text\n", "      title: varchar(200)\n");
    let sql = prove(
        &with(&format!("{code}{trigger}")),
        &format!("{retyped}--- sql\n{code}{trigger}"),
        &["--allow-destructive"],
    )
    .await;
    assert!(sql.contains("DROP VIEW titles;"), "{sql}");
    // Dropped alone.
    prove(&with(&format!("{code}{trigger}")), &with(code), &[]).await;
}

/// A unique index over an expression (`lower(email)`), which a unique constraint cannot
/// express: declared, created, dropped, and read back from the database.
#[tokio::test]
async fn unique_indexes_on_expressions() {
    let indexed = TABLES.replace(
        "      status: { type: text, default: \"'open'\" }\n",
        "      status: { type: text, default: \"'open'\" }\n    indexes:\n      - { columns: [lower(title)], unique: true, name: ticket_title_lower_uq }\n",
    );
    let sql = prove(TABLES, &indexed, &[]).await;
    assert!(
        sql.contains(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ticket_title_lower_uq ON ticket ((lower(title)));"
        ),
        "{sql}"
    );
    prove(&indexed, TABLES, &[]).await;
}
