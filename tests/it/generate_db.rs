//! The proof that `generate` is right, one change kind at a time, on a real PostgreSQL:
//!
//! 1. database A is built from the migrations of the "before" YAML;
//! 2. the YAML becomes "after" and `generate` writes the next migration(s);
//! 3. applied to A, they give the same catalog as database B built from scratch from "after";
//! 4. rolled back, A's catalog is what it was at step 1;
//! 5. offline, replaying the history then the down files gives back the "before" schema.

use crate::common;

use common::prove::*;
use common::TestDb;

const BASE: &str = r#"
extensions: [pgcrypto]
enums:
  room_status: [available, occupied, cleaning]
tables:
  organization:
    comment: Tenant root
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      name: text
  room:
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      organization_id: { type: uuid, references: organization.id, on_delete: cascade }
      number: text
      floor: { type: integer, nullable: true, comment: Floor number }
      status: { type: room_status, default: available }
      price: { type: "numeric(10,2)", nullable: true }
      notes: { type: text, nullable: true }
    unique:
      - { columns: [organization_id, number] }
    indexes:
      - { columns: [organization_id, status] }
    checks:
      - { name: room_floor_check, expression: "floor >= 0" }
"#;

fn edit(from: &str, to: &str) -> String {
    assert!(
        BASE.contains(from),
        "the test edits text that exists: {from}"
    );
    BASE.replacen(from, to, 1)
}

/// Appends lines to the room table's `columns:` block.
fn with_room_column(line: &str) -> String {
    edit(
        "      notes: { type: text, nullable: true }\n",
        &format!("      notes: {{ type: text, nullable: true }}\n      {line}\n"),
    )
}

#[tokio::test]
async fn a_rollback_never_drops_an_extension_the_migration_did_not_create() {
    // generate writes `CREATE EXTENSION` without `IF NOT EXISTS`: where the extension was
    // installed before, the up fails and changes nothing, rather than succeed and leave a down
    // file that would drop what it never created.
    let work = tempfile::tempdir().unwrap();
    write_schema(work.path(), BASE);
    ok(generate(work.path(), &["--name", "init"]));
    let had_it = TestDb::new().await;
    had_it
        .run_script("CREATE EXTENSION pgcrypto;")
        .await
        .unwrap();
    let url = had_it.url();
    let (code, _, stderr) = hotelschema(&["migrate", "--db", &url], work.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("extension \"pgcrypto\" already exists")
            && stderr.contains("declare it in migrations/platform.sql"),
        "{stderr}"
    );
    let mut conn = had_it.connect().await;
    let (extension, tables): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'), \
                (SELECT count(*) FROM pg_tables WHERE tablename = 'room')",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!((extension, tables), (1, 0));
    // Where the migration did create it, its rollback drops it.
    let fresh = TestDb::new().await;
    migrate(work.path(), &fresh, &[]);
    migrate(work.path(), &fresh, &["--rollback", "--to", "0"]);
    let mut conn = fresh.connect().await;
    let left: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn replica_identity_set_moved_to_an_index_and_reset() {
    let full = edit(
        "    unique:\n      - { columns: [organization_id, number] }\n",
        "    replica_identity: full\n    unique:\n      - { columns: [organization_id, number] }\n",
    );
    let sql = prove(BASE, &full, &[]).await;
    assert!(
        sql.contains("ALTER TABLE room REPLICA IDENTITY FULL;"),
        "{sql}"
    );
    let by_key = full.replacen(
        "replica_identity: full",
        "replica_identity: using index room_organization_id_number_uq",
        1,
    );
    let sql = prove(&full, &by_key, &[]).await;
    assert!(
        sql.contains("REPLICA IDENTITY USING INDEX room_organization_id_number_uq;"),
        "{sql}"
    );
    prove(&by_key, BASE, &[]).await;
}

#[tokio::test]
async fn extension_added_and_dropped() {
    let after = edit("extensions: [pgcrypto]", "extensions: [pgcrypto, pg_trgm]");
    let sql = prove(BASE, &after, &[]).await;
    assert!(
        sql.contains("CREATE EXTENSION pg_trgm;") && sql.contains("DROP EXTENSION pg_trgm;"),
        "{sql}"
    );
    prove(&after, BASE, &["--allow-destructive"]).await;
    // In a schema of its own (`WITH SCHEMA`), then moved back to public.
    let elsewhere = edit(
        "extensions: [pgcrypto]",
        "schemas: [extensions]\nextensions: [pgcrypto, { name: pg_trgm, schema: extensions }]",
    );
    let sql = prove(BASE, &elsewhere, &[]).await;
    assert!(
        sql.contains("CREATE EXTENSION pg_trgm WITH SCHEMA extensions;"),
        "{sql}"
    );
    let moved = elsewhere.replacen("{ name: pg_trgm, schema: extensions }", "pg_trgm", 1);
    let sql = prove(&elsewhere, &moved, &[]).await;
    assert!(
        sql.contains("ALTER EXTENSION pg_trgm SET SCHEMA public;"),
        "{sql}"
    );
}

#[tokio::test]
async fn enum_created_used_and_dropped() {
    let after = edit(
        "  room_status: [available, occupied, cleaning]\n",
        "  room_status: [available, occupied, cleaning]\n  view: { values: [sea, city], comment: What you see }\n",
    )
    .replacen(
        "      notes: { type: text, nullable: true }\n",
        "      notes: { type: text, nullable: true }\n      view: { type: view, default: sea }\n",
        1,
    );
    prove(BASE, &after, &[]).await;
    prove(&after, BASE, &["--allow-destructive"]).await;
}

#[tokio::test]
async fn enum_value_added_in_the_middle_in_its_own_non_transactional_migration() {
    let after = edit(
        "[available, occupied, cleaning]",
        "[available, reserved, occupied, cleaning]",
    );
    let sql = prove(BASE, &after, &[]).await;
    assert!(sql.contains("-- hotelschema:no-transaction"), "{sql}");
    assert!(
        sql.contains("ADD VALUE IF NOT EXISTS 'reserved' AFTER 'available'"),
        "{sql}"
    );
}

#[tokio::test]
async fn enum_value_added_and_used_as_a_default_in_the_same_generate() {
    // The new value is used by a default: it must be committed before the main migration.
    let after = edit(
        "[available, occupied, cleaning]",
        "[available, occupied, cleaning, blocked]",
    )
    .replacen(
        "      status: { type: room_status, default: available }",
        "      status: { type: room_status, default: blocked }",
        1,
    );
    prove(BASE, &after, &[]).await;
}

#[tokio::test]
async fn enum_value_removed_is_destructive_and_rebuilds_the_type() {
    let after = edit("[available, occupied, cleaning]", "[available, occupied]");
    let work = tempfile::tempdir().unwrap();
    write_schema(work.path(), BASE);
    ok(generate(work.path(), &["--name", "init"]));
    write_schema(work.path(), &after);
    let refused = generate(work.path(), &[]);
    assert_eq!(refused.0, 2, "{}", refused.2);
    assert!(
        refused
            .2
            .contains("removes value(s) cleaning from enum room_status"),
        "{}",
        refused.2
    );
    let sql = prove(BASE, &after, &["--allow-destructive"]).await;
    assert!(sql.contains("-- hotelschema:allow-destructive"), "{sql}");
    assert!(
        sql.contains("ALTER TYPE room_status RENAME TO room_status__old"),
        "{sql}"
    );
}

#[tokio::test]
async fn enum_value_renamed() {
    let after = edit(
        "  room_status: [available, occupied, cleaning]",
        "  room_status: { values: [available, occupied, housekeeping], renamed: { housekeeping: cleaning } }",
    );
    let sql = prove(BASE, &after, &[]).await;
    assert!(
        sql.contains("RENAME VALUE 'cleaning' TO 'housekeeping'"),
        "{sql}"
    );
}

#[tokio::test]
async fn table_created_and_dropped() {
    let after = format!(
        "{BASE}  spa:\n    columns:\n      id: {{ type: bigint, primary_key: true }}\n      room_id: {{ type: uuid, nullable: true, references: room.id, on_delete: set_null, index: true }}\n"
    );
    prove(BASE, &after, &[]).await;
    let work = tempfile::tempdir().unwrap();
    write_schema(work.path(), &after);
    ok(generate(work.path(), &["--name", "init"]));
    write_schema(work.path(), BASE);
    let refused = generate(work.path(), &[]);
    assert_eq!(refused.0, 2);
    assert!(
        refused.2.contains("drops table spa and every row in it"),
        "{}",
        refused.2
    );
    prove(&after, BASE, &["--allow-destructive"]).await;
}

#[tokio::test]
async fn table_renamed_with_its_derived_index_and_constraint_names() {
    let after = edit(
        "  room:\n    columns:",
        "  chamber:\n    renamed_from: room\n    columns:",
    );
    let sql = prove(BASE, &after, &[]).await;
    assert!(sql.contains("ALTER TABLE room RENAME TO chamber;"), "{sql}");
    assert!(sql.contains("ALTER INDEX room_organization_id_status_idx RENAME TO chamber_organization_id_status_idx;"), "{sql}");
    assert!(!sql.contains("DROP TABLE"), "a rename never drops: {sql}");
}

#[tokio::test]
async fn column_added_dropped_and_renamed() {
    let added =
        with_room_column("view: { type: text, default: \"'none'\", comment: What you see }");
    prove(BASE, &added, &[]).await;
    prove(&added, BASE, &["--allow-destructive"]).await;
    let renamed = edit(
        "      notes: { type: text, nullable: true }",
        "      remarks: { type: text, nullable: true, renamed_from: notes }",
    );
    let sql = prove(BASE, &renamed, &[]).await;
    assert!(sql.contains("RENAME COLUMN notes TO remarks"), "{sql}");
}

#[tokio::test]
async fn column_type_widened_and_narrowed() {
    let widened = edit("floor: { type: integer,", "floor: { type: bigint,");
    let sql = prove(BASE, &widened, &[]).await;
    assert!(sql.contains("TYPE bigint USING floor::bigint"), "{sql}");
    // text → integer needs a USING cast and may fail or lose data: destructive.
    let narrowed = edit("      number: text", "      number: integer");
    prove(BASE, &narrowed, &["--allow-destructive"]).await;
    let price = edit("\"numeric(10,2)\"", "\"numeric(8,1)\"");
    prove(BASE, &price, &["--allow-destructive"]).await;
}

#[tokio::test]
async fn nullability_and_defaults() {
    let after = edit(
        "      number: text",
        "      number: { type: text, nullable: true, default: \"'?'\" }",
    )
    .replacen(
        "floor: { type: integer, nullable: true, comment: Floor number }",
        "floor: { type: integer, default: 0, comment: Floor number }",
        1,
    )
    .replacen(
        "status: { type: room_status, default: available }",
        "status: room_status",
        1,
    );
    prove(BASE, &after, &[]).await;
}

#[tokio::test]
async fn primary_key_changed_to_composite() {
    let after = edit(
        "      id: { type: uuid, primary_key: true, default: gen_random_uuid() }\n      organization_id",
        "      id: { type: uuid, default: gen_random_uuid() }\n      organization_id",
    )
    .replacen("    unique:\n", "    primary_key: [organization_id, id]\n    unique:\n", 1);
    prove(BASE, &after, &[]).await;
}

#[tokio::test]
async fn foreign_keys_added_dropped_and_their_action_changed() {
    let added = with_room_column("parent_id: { type: uuid, nullable: true, references: room.id, on_delete: set_null, index: true }");
    prove(BASE, &added, &[]).await;
    let action = edit("on_delete: cascade", "on_delete: restrict");
    let sql = prove(BASE, &action, &[]).await;
    assert!(
        sql.contains("DROP CONSTRAINT room_organization_id_fkey")
            && sql.contains("ON DELETE RESTRICT"),
        "{sql}"
    );
    let dropped = edit(
        "references: organization.id, on_delete: cascade",
        "index: true",
    );
    prove(BASE, &dropped, &[]).await;
}

#[tokio::test]
async fn unique_and_check_constraints() {
    let after = edit(
        "      - { columns: [organization_id, number] }\n",
        "      - { columns: [organization_id, number, floor] }\n      - { columns: [organization_id, notes], where: \"notes IS NOT NULL\" }\n",
    )
    .replacen("expression: \"floor >= 0\"", "expression: \"floor BETWEEN 0 AND 200\"", 1);
    prove(BASE, &after, &[]).await;
    let without = edit(
        "    checks:\n      - { name: room_floor_check, expression: \"floor >= 0\" }\n",
        "",
    );
    prove(BASE, &without, &[]).await;
}

#[tokio::test]
async fn indexes_partial_desc_and_brin() {
    let after = edit(
        "      - { columns: [organization_id, status] }\n",
        "      - { columns: [organization_id, status], where: \"notes IS NULL\" }\n      - { columns: [organization_id, floor desc nulls last] }\n      - { columns: [price], using: brin }\n      - { columns: [\"lower(number)\"], name: room_number_lower_idx }\n",
    );
    prove(BASE, &after, &[]).await;
}

#[tokio::test]
async fn indexes_on_existing_tables_can_be_built_concurrently() {
    let after = edit(
        "      - { columns: [organization_id, status] }\n",
        "      - { columns: [organization_id, status] }\n      - { columns: [organization_id, floor] }\n",
    );
    let sql = prove(BASE, &after, &["--concurrently"]).await;
    assert!(
        sql.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS room_organization_id_floor_idx"),
        "{sql}"
    );
    assert!(sql.contains("-- hotelschema:no-transaction"), "{sql}");
    // Per index, in the YAML.
    let yaml = after.replacen(
        "[organization_id, floor] }",
        "[organization_id, floor], concurrently: true }",
        1,
    );
    let sql = prove(BASE, &yaml, &[]).await;
    assert!(sql.contains("CONCURRENTLY"), "{sql}");
}

/// Operator classes and collations of index keys: declared in the key's string, created
/// (concurrently, on a table that exists), dropped.
#[tokio::test]
async fn index_operator_classes_and_collations() {
    let after = with_room_column("features: { type: jsonb, default: \"'{}'::jsonb\" }")
        .replacen("extensions: [pgcrypto]", "extensions: [pgcrypto, pg_trgm]", 1)
        .replacen(
            "      - { columns: [organization_id, status] }\n",
            "      - { columns: [organization_id, status] }\n      \
             - { columns: [number gin_trgm_ops], using: gin, name: room_number_trgm_idx }\n      \
             - { columns: [features jsonb_path_ops], using: gin, name: room_features_idx }\n      \
             - { columns: [\"lower(number) text_pattern_ops\"], name: room_number_pattern_idx }\n      \
             - { columns: [\"number collate \\\"C\\\" desc\"], name: room_number_c_idx }\n",
            1,
        );
    let sql = prove(BASE, &after, &[]).await;
    for expected in [
        "ON room USING gin (number gin_trgm_ops);",
        "ON room USING gin (features jsonb_path_ops);",
        "ON room ((lower(number)) text_pattern_ops);",
        "ON room (number COLLATE \"C\" DESC);",
    ] {
        assert!(sql.contains(expected), "{expected} in:\n{sql}");
    }
    prove(&after, BASE, &["--allow-destructive"]).await;
}

/// Generated columns and column collations: added to a table that exists and in a new one,
/// a collation changed, all dropped again.
#[tokio::test]
async fn generated_columns_and_collations() {
    let added = with_room_column("total: { type: \"numeric(10,2)\", nullable: true, generated: \"price * 2\" }\n      code: { type: text, nullable: true, collation: C }")
        + "  rate:\n    global: a test table\n    columns:\n      id: { type: integer, primary_key: true }\n      \
           label: { type: text, collation: C }\n      doubled: { type: integer, generated: id * 2 }\n";
    let sql = prove(BASE, &added, &[]).await;
    for expected in [
        "ALTER TABLE room ADD COLUMN total numeric(10,2) GENERATED ALWAYS AS (price * 2) STORED;",
        "ALTER TABLE room ADD COLUMN code text COLLATE \"C\";",
        "label   text COLLATE \"C\" NOT NULL",
        "doubled integer GENERATED ALWAYS AS (id * 2) STORED NOT NULL",
        "REWRITES",
    ] {
        assert!(sql.contains(expected), "{expected} in:\n{sql}");
    }
    let recollated = added.replacen(
        "code: { type: text, nullable: true, collation: C }",
        "code: { type: text, nullable: true }",
        1,
    );
    let sql = prove(&added, &recollated, &[]).await;
    assert!(
        sql.contains("ALTER TABLE room ALTER COLUMN code TYPE text COLLATE \"default\";"),
        "{sql}"
    );
    prove(&added, BASE, &["--allow-destructive"]).await;
}

/// Exclusion constraints — no double booking of a room: on a new table, added to one that
/// exists, dropped.
#[tokio::test]
async fn exclusion_constraints() {
    let booking = "  booking:\n    global: a test table\n    columns:\n      id: { type: integer, primary_key: true }\n      \
                   room_no: integer\n      check_in: date\n      check_out: date\n      cancelled: { type: boolean, default: \"false\" }\n";
    let with_table = edit(
        "extensions: [pgcrypto]",
        "extensions: [pgcrypto, btree_gist]",
    ) + booking;
    let excluded = format!(
        "{with_table}    exclude:\n      - {{ name: booking_no_overlap_excl, elements: [\"room_no with =\", \"daterange(check_in, check_out) with &&\"], where: \"NOT cancelled\" }}\n"
    );
    let sql = prove(&with_table, &excluded, &[]).await;
    assert!(
        sql.contains("ALTER TABLE booking ADD CONSTRAINT booking_no_overlap_excl EXCLUDE USING gist (room_no WITH =, (daterange(check_in, check_out)) WITH &&) WHERE (NOT cancelled);"),
        "{sql}"
    );
    prove(BASE, &excluded, &[]).await;
    prove(&excluded, &with_table, &[]).await;
}

#[tokio::test]
async fn comments_on_tables_columns_and_enums() {
    let after = edit("    comment: Tenant root", "    comment: The tenant root")
        .replacen("comment: Floor number }", "}", 1)
        .replacen("  room_status: [available, occupied, cleaning]", "  room_status: { values: [available, occupied, cleaning], comment: Where a room is at }", 1);
    prove(BASE, &after, &[]).await;
}

/// BASE with a `billing` schema: an enum, a table that references public, one public references.
fn with_billing() -> String {
    format!(
        "schemas: [billing]\n{}",
        edit(
            "  room_status: [available, occupied, cleaning]\n",
            "  room_status: [available, occupied, cleaning]\n  billing.state: [draft, sent, paid]\n",
        )
    )
    .replacen(
        "      notes: { type: text, nullable: true }\n",
        "      notes: { type: text, nullable: true }\n      invoice_id: { type: uuid, nullable: true, references: billing.invoice, index: true }\n",
        1,
    ) + r#"  billing.invoice:
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
      organization_id: { type: uuid, references: organization.id }
      state: { type: billing.state, default: draft }
      number: { type: text, unique: true }
    indexes:
      - { columns: [organization_id, state] }
"#
}

#[tokio::test]
async fn a_schema_with_its_enum_tables_and_indexes_created_and_dropped() {
    let after = with_billing();
    let sql = prove(BASE, &after, &[]).await;
    for expected in [
        "CREATE SCHEMA billing;",
        "CREATE TYPE billing.state AS ENUM",
        "CREATE TABLE billing.invoice (",
        "state           billing.state NOT NULL DEFAULT 'draft'",
        "CREATE INDEX invoice_organization_id_state_idx ON billing.invoice",
        "REFERENCES billing.invoice (id)",
        "DROP INDEX billing.invoice_organization_id_state_idx;",
        "DROP SCHEMA billing;",
    ] {
        assert!(sql.contains(expected), "{expected} in:\n{sql}");
    }
    prove(&after, BASE, &["--allow-destructive"]).await;
}

#[tokio::test]
async fn changes_inside_another_schema() {
    let billing = with_billing();
    // A table renamed within its schema, with its derived names.
    let renamed = billing
        .replacen(
            "  billing.invoice:\n    columns:",
            "  billing.bill:\n    renamed_from: billing.invoice\n    columns:",
            1,
        )
        .replacen(
            "references: billing.invoice,",
            "references: billing.bill,",
            1,
        );
    let sql = prove(&billing, &renamed, &[]).await;
    assert!(
        sql.contains("ALTER TABLE billing.invoice RENAME TO bill;"),
        "{sql}"
    );
    assert!(
        sql.contains("ALTER INDEX billing.invoice_organization_id_state_idx RENAME TO bill_organization_id_state_idx;"),
        "{sql}"
    );
    // An enum value added in the middle, then one removed (the type is rebuilt).
    let added = billing.replacen("[draft, sent, paid]", "[draft, approved, sent, paid]", 1);
    let sql = prove(&billing, &added, &[]).await;
    assert!(
        sql.contains("ALTER TYPE billing.state ADD VALUE IF NOT EXISTS 'approved'"),
        "{sql}"
    );
    let removed = billing.replacen("[draft, sent, paid]", "[draft, paid]", 1);
    let sql = prove(&billing, &removed, &["--allow-destructive"]).await;
    assert!(
        sql.contains("ALTER TYPE billing.state RENAME TO state__old;"),
        "{sql}"
    );
    // An index built concurrently on a table of the schema.
    let indexed = billing.replacen(
        "      - { columns: [organization_id, state] }\n",
        "      - { columns: [organization_id, state] }\n      - { columns: [number, state] }\n",
        1,
    );
    let sql = prove(&billing, &indexed, &["--concurrently"]).await;
    assert!(
        sql.contains("DROP INDEX CONCURRENTLY IF EXISTS billing.invoice_number_state_idx;"),
        "{sql}"
    );
}

const TICKETS: &str =
    "tables:\n  ticket:\n    columns:\n      id: { type: integer, primary_key: true }\n      \
                       updated_at: { type: timestamptz, default: now() }\n--- sql\n";

#[tokio::test]
async fn functions_created_replaced_recreated_and_dropped() {
    let touch = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  \
                 NEW.updated_at := now();\n  RETURN NEW;\nEND\n$$;\n";
    let count =
        "CREATE FUNCTION ticket_count(since timestamptz) RETURNS bigint LANGUAGE sql STABLE \
                 AS $$ SELECT count(*) FROM ticket WHERE updated_at >= since $$;\n";
    let close = "CREATE PROCEDURE close_all() LANGUAGE sql AS $$ DELETE FROM ticket $$;\n";
    // Created (a trigger function, an SQL function reading a table, a procedure).
    let sql = prove(TICKETS, &format!("{TICKETS}{touch}{count}{close}"), &[]).await;
    assert!(sql.contains("CREATE FUNCTION touch()"), "{sql}");
    // A new body: replaced in place, and back.
    let newer = count.replace("updated_at >= since", "updated_at > since");
    let sql = prove(
        &format!("{TICKETS}{touch}{count}"),
        &format!("{TICKETS}{touch}{newer}"),
        &[],
    )
    .await;
    assert!(
        sql.contains("CREATE OR REPLACE FUNCTION ticket_count"),
        "{sql}"
    );
    // A new return type: PostgreSQL cannot replace it, so it is dropped and created.
    let wider = count
        .replace("RETURNS bigint", "RETURNS numeric")
        .replace("count(*)", "count(*)::numeric");
    let sql = prove(
        &format!("{TICKETS}{count}"),
        &format!("{TICKETS}{wider}"),
        &[],
    )
    .await;
    assert!(
        sql.contains("DROP FUNCTION ticket_count(timestamptz)"),
        "{sql}"
    );
    // An overload beside it, then everything dropped.
    let overload = "CREATE FUNCTION ticket_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM ticket $$;\n";
    prove(
        &format!("{TICKETS}{count}"),
        &format!("{TICKETS}{count}{overload}"),
        &[],
    )
    .await;
    prove(
        &format!("{TICKETS}{touch}{count}{close}"),
        TICKETS,
        &["--allow-destructive"],
    )
    .await;
}

const TRIGGER_FUNCTIONS: &str =
    "--- sql\nCREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  \
    NEW.updated_at := now();\n  RETURN NEW;\nEND\n$$;\n\
    CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  \
    NEW.note := TG_ARGV[0];\n  RETURN NEW;\nEND\n$$;\n";

fn with_triggers(tables: &str) -> String {
    format!(
        "column_groups:\n  stamped:\n    position: last\n    columns:\n      \
         updated_at: {{ type: timestamptz, default: now() }}\n    triggers:\n      \
         - {{ name: \"{{table}}_touch\", timing: before, events: [update], function: touch }}\n\
         tables:{}{TRIGGER_FUNCTIONS}",
        if tables.is_empty() {
            " {}\n".to_string()
        } else {
            format!("\n{tables}")
        }
    )
}

#[tokio::test]
async fn triggers_created_changed_disabled_renamed_with_their_table_and_dropped() {
    let plain = "  ticket:\n    include: [stamped]\n    columns:\n      id: { type: integer, primary_key: true }\n      \
                 note: { type: text, nullable: true }\n";
    let with_own = format!(
        "{plain}    triggers:\n      - {{ name: ticket_stamp, timing: before, events: [insert, update], \
         columns: [note], when: \"NEW.note IS NULL\", function: stamp, args: [walk-in] }}\n"
    );
    // A trigger from the column group, then one of the table's own.
    let sql = prove(&with_triggers(""), &with_triggers(plain), &[]).await;
    assert!(
        sql.contains("CREATE TRIGGER ticket_touch BEFORE UPDATE ON ticket"),
        "{sql}"
    );
    prove(&with_triggers(plain), &with_triggers(&with_own), &[]).await;
    // Its definition changed: dropped and created again; disabled: ALTER TABLE ... DISABLE.
    let changed = with_own.replace("args: [walk-in]", "args: [phone]");
    let sql = prove(&with_triggers(&with_own), &with_triggers(&changed), &[]).await;
    assert!(sql.contains("DROP TRIGGER ticket_stamp ON ticket"), "{sql}");
    let disabled = with_own.replace("args: [walk-in] }", "args: [walk-in], enabled: false }");
    let sql = prove(&with_triggers(&with_own), &with_triggers(&disabled), &[]).await;
    assert!(
        sql.contains("ALTER TABLE ticket DISABLE TRIGGER ticket_stamp"),
        "{sql}"
    );
    // The table renamed: its triggers go with it.
    let renamed = with_own.replace(
        "  ticket:\n",
        "  support_ticket:\n    renamed_from: ticket\n",
    );
    prove(&with_triggers(&with_own), &with_triggers(&renamed), &[]).await;
    // Dropped with their table, and alone.
    prove(
        &with_triggers(&with_own),
        &with_triggers(""),
        &["--allow-destructive"],
    )
    .await;
    prove(&with_triggers(&with_own), &with_triggers(plain), &[]).await;
}

fn tenant_rls(tables: &str) -> String {
    format!(
        "roles: [hs_app_user]\ncolumn_groups:\n  tenant:\n    columns:\n      organization_id: uuid\n    \
         rls: true\n    policies:\n      - name: \"{{table}}_tenant\"\n        roles: [hs_app_user]\n        \
         using: organization_id = current_setting('app.organization_id')::uuid\n\
         tables:\n  keep:\n    columns:\n      id: integer\n{tables}"
    )
}

#[tokio::test]
async fn row_level_security_and_policies_created_changed_switched_and_dropped() {
    // Roles belong to the cluster: the schema only names them.
    let setup = TestDb::new().await;
    setup
        .run_script(
            "DO $$ BEGIN CREATE ROLE hs_app_user; EXCEPTION WHEN duplicate_object THEN NULL; END $$;",
        )
        .await
        .unwrap();
    let room = "  room:\n    include: [tenant]\n    columns:\n      id: { type: integer, primary_key: true }\n      \
                public: { type: boolean, default: \"false\" }\n";
    let forced = format!(
        "{room}    force_rls: true\n    policies:\n      - {{ name: room_public, command: select, \
         permissive: false, using: public }}\n"
    );
    // A table with the group's policy, then forced, with a restrictive one of its own.
    let sql = prove(&tenant_rls(""), &tenant_rls(room), &[]).await;
    assert!(
        sql.contains("ALTER TABLE room ENABLE ROW LEVEL SECURITY"),
        "{sql}"
    );
    assert!(
        sql.contains("CREATE POLICY room_tenant ON room AS PERMISSIVE FOR ALL TO hs_app_user"),
        "{sql}"
    );
    prove(&tenant_rls(room), &tenant_rls(&forced), &[]).await;
    // A changed condition: dropped and created again.
    let changed = forced.replace("using: public", "using: public AND id > 0");
    let sql = prove(&tenant_rls(&forced), &tenant_rls(&changed), &[]).await;
    assert!(sql.contains("DROP POLICY room_public ON room"), "{sql}");
    // Row security off (the group no longer brings it), and the table dropped with it all.
    let off = tenant_rls(room).replace("    rls: true\n    policies:", "    policies:").replace(
        "    policies:\n      - name: \"{table}_tenant\"\n        roles: [hs_app_user]\n        \
         using: organization_id = current_setting('app.organization_id')::uuid\n",
        "",
    );
    prove(&tenant_rls(room), &off, &[]).await;
    prove(
        &tenant_rls(&forced),
        &tenant_rls(""),
        &["--allow-destructive"],
    )
    .await;
}

const GUESTS: &str =
    "tables:\n  guest:\n    columns:\n      id: { type: integer, primary_key: true }\n      \
                      name: text\n      vip: { type: boolean, default: \"false\" }\n      \
                      score: { type: integer, default: 0 }\n--- sql\n";

#[tokio::test]
async fn views_created_changed_dropped_and_rebuilt_around_a_column_change() {
    let vips = "CREATE VIEW vip_guest AS SELECT id, name, score FROM guest WHERE vip;\n";
    let top = "CREATE VIEW top_vip AS SELECT id, name FROM vip_guest WHERE score > 10;\n";
    // A view, and a view over it.
    let sql = prove(GUESTS, &format!("{GUESTS}{vips}{top}"), &[]).await;
    // Written one clause a line, as a reviewer reads it.
    assert!(
        sql.contains(
            "CREATE VIEW vip_guest AS\n    SELECT id, name, score\n    FROM guest\n    WHERE vip;"
        ),
        "{sql}"
    );
    // Its query changes: dropped (with the view over it) and created again.
    let changed = vips.replace("WHERE vip", "WHERE vip AND score >= 0");
    prove(
        &format!("{GUESTS}{vips}{top}"),
        &format!("{GUESTS}{changed}{top}"),
        &[],
    )
    .await;
    // A column under both changes type: they are dropped around the change, up and down.
    let wider = GUESTS.replace(
        "score: { type: integer, default: 0 }",
        "score: { type: bigint, default: 0 }",
    );
    let sql = prove(
        &format!("{GUESTS}{vips}{top}"),
        &format!("{wider}{vips}{top}"),
        &[],
    )
    .await;
    assert!(sql.contains("DROP VIEW top_vip;"), "{sql}");
    assert!(
        sql.contains("ALTER TABLE guest ALTER COLUMN score TYPE bigint"),
        "{sql}"
    );
    // Dropped.
    prove(&format!("{GUESTS}{vips}{top}"), GUESTS, &[]).await;
}

const VIEWS: &str = "enums:
  ticket_status: [open, closed]
tables:
  ticket:
    global: test
    columns:
      id: { type: integer, primary_key: true }
      status: ticket_status
      title: text
--- sql
CREATE VIEW open_tickets AS SELECT t.id, t.status FROM ticket t WHERE t.status = 'open';
CREATE VIEW open_count AS SELECT count(*) AS n FROM open_tickets;
CREATE VIEW titles AS SELECT id, title FROM ticket;
GRANT SELECT ON open_tickets TO PUBLIC;
COMMENT ON VIEW open_tickets IS 'what is open';
";

/// An enum whose values change under a view that reads a column of it: the rebuild of the type
/// is wrapped in dropping and recreating exactly the views over that column (and the views over
/// those), with their grants and comments, both ways; a view that does not read the column is
/// left alone. Proven on a real server: applied, compared with a fresh build, rolled back.
#[tokio::test]
async fn views_over_an_enum_column_survive_its_values_changing_both_ways() {
    let added = VIEWS.replace("[open, closed]", "[open, pending, closed]");
    let sql = prove(VIEWS, &added, &[]).await;
    assert!(sql.contains("DROP VIEW open_count"), "{sql}");
    assert!(!sql.contains("DROP VIEW titles"), "{sql}");
    let removed = VIEWS.replace("[open, closed]", "[open]");
    let sql = prove(VIEWS, &removed, &["--allow-destructive"]).await;
    assert!(sql.contains("DROP VIEW open_tickets"), "{sql}");
    assert!(!sql.contains("DROP VIEW titles"), "{sql}");
}

/// A column changing type rebuilds the views that read it, and only those.
#[tokio::test]
async fn only_the_views_reading_a_retyped_column_are_rebuilt() {
    let retyped = VIEWS.replace("      title: text", "      title: varchar(200)");
    let sql = prove(VIEWS, &retyped, &["--allow-destructive"]).await;
    assert!(sql.contains("DROP VIEW titles"), "{sql}");
    assert!(!sql.contains("DROP VIEW open_tickets"), "{sql}");
}

const PUBLISHED: &str = "tables:
  message:
    global: test
    columns:
      id: { type: integer, primary_key: true }
      body: text
  reaction:
    global: test
    columns:
      id: { type: integer, primary_key: true }
--- sql
CREATE PUBLICATION realtime FOR TABLE message WITH (publish = 'insert, update');
";

/// Publications (a kind added as one folder, `objects/publication/`, and one registration
/// line): created, given a table, their options set, and dropped — each proven on a real
/// server, both ways, and offline.
#[tokio::test]
async fn publications_are_generated_with_their_inverses() {
    let none = PUBLISHED.split("--- sql").next().unwrap();
    let sql = prove(none, PUBLISHED, &[]).await;
    assert!(
        sql.contains(
            "CREATE PUBLICATION realtime FOR TABLE message WITH (publish = 'insert, update')"
        ),
        "{sql}"
    );
    let more = PUBLISHED.replace(
        "FOR TABLE message WITH (publish = 'insert, update')",
        "FOR TABLE message, reaction",
    );
    let sql = prove(PUBLISHED, &more, &[]).await;
    assert!(
        sql.contains("ALTER PUBLICATION realtime ADD TABLE reaction"),
        "{sql}"
    );
    assert!(
        sql.contains(
            "ALTER PUBLICATION realtime SET (publish = 'insert, update, delete, truncate'"
        ),
        "{sql}"
    );
    prove(&more, none, &[]).await;
}

const COVERING: &str = "tables:
  account:
    global: test
    columns:
      id: { type: integer, primary_key: true }
      email: { type: text, nullable: true }
      name: text
      plan: text
";

/// Index `INCLUDE` columns and `NULLS NOT DISTINCT` — on a unique constraint (built lock-safe:
/// its index concurrently, then adopted), a unique index and a plain index — generated,
/// applied, compared with a fresh build and rolled back, both ways; changing them rebuilds the
/// index.
#[tokio::test]
async fn include_and_nulls_not_distinct_are_generated_and_proven() {
    let with = format!(
        "{COVERING}    unique:
      - {{ columns: [email], include: [name], nulls_not_distinct: true }}
      - {{ columns: [name, plan], index: true, include: [email] }}
    indexes:
      - {{ columns: [plan], include: [name, email] }}
"
    );
    let sql = prove(COVERING, &with, &[]).await;
    assert!(
        sql.contains("account_email_uq ON account (email) INCLUDE (name) NULLS NOT DISTINCT")
            && sql.contains("INCLUDE (email)")
            && sql.contains("INCLUDE (name, email)"),
        "{sql}"
    );
    let changed = with.replace("include: [name, email]", "include: [name]");
    prove(&with, &changed, &[]).await;
}

const KEYED: &str = "tables:
  room:
    global: test
    columns:
      id: { type: integer, primary_key: true }
  booking:
    global: test
    columns:
      id: { type: integer, primary_key: true }
      room_id: { type: integer, index: true }
      nights: integer
    foreign_keys:
      - { columns: [room_id], references: { table: room, columns: [id] } }
    checks:
      - { name: booking_nights_check, expression: nights > 0 }
";

/// Constraints left `NOT VALID` (as production databases keep them after an online migration):
/// added NOT VALID and never validated — after CREATE TABLE, which would validate them — and
/// turned valid again by a rebuild; each way proven on a real server and offline.
#[tokio::test]
async fn not_valid_constraints_are_kept_as_they_are() {
    let left = KEYED
        .replace(
            "references: { table: room, columns: [id] } }",
            "references: { table: room, columns: [id] }, not_valid: true }",
        )
        .replace(
            "expression: nights > 0 }",
            "expression: nights > 0, not_valid: true }",
        );
    let room_only = KEYED.split("  booking:").next().unwrap();
    let sql = prove(room_only, &left, &[]).await;
    assert!(
        sql.contains("FOREIGN KEY (room_id) REFERENCES room (id) NOT VALID")
            && sql.contains("CHECK (nights > 0) NOT VALID"),
        "{sql}"
    );
    prove(KEYED, &left, &[]).await;
    prove(&left, KEYED, &[]).await;
}

/// `generate --dev-db URL` proves the new pair on a real server before writing it: applied,
/// undone (the database must print exactly what it printed before), and compared with the
/// declared schema built from nothing. What the offline replay cannot see is caught there:
/// raw SQL whose down does not undo its up, or that PostgreSQL refuses; nothing is written.
#[tokio::test]
async fn generate_proves_new_migrations_on_a_real_server_before_writing_them() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let dev = TestDb::new().await;
    let base = "tables:\n  room:\n    global: test\n    columns:\n      id: { type: integer, primary_key: true }\n      name: text\n";
    write_schema(dir, base);
    ok(generate(dir, &["--name", "init", "--dev-db", &dev.url()]));
    let grown = format!("{base}      floor: {{ type: integer, nullable: true }}\n");
    write_schema(dir, &grown);
    let out = ok(generate(dir, &["--name", "floor", "--dev-db", &dev.url()]));
    assert!(out.contains("V0002__floor.sql"), "{out}");

    for (raw, says) in [
        (
            "raw:\n  - { name: tune, up: \"ALTER TABLE room SET (fillfactor = 50);\", down: \"SELECT 1;\" }\n",
            "do not bring the database back",
        ),
        (
            "raw:\n  - { name: boom, up: \"SELECT 1/0;\", down: \"SELECT 1;\" }\n",
            "division by zero",
        ),
    ] {
        write_schema(dir, &format!("{grown}{raw}"));
        let (code, stdout, stderr) = generate(dir, &["--name", "raw", "--dev-db", &dev.url()]);
        assert_ne!(code, 0, "{stdout}");
        assert!(stderr.contains(says) && stderr.contains("nothing was written"), "{stderr}");
        assert!(!dir.join("migrations/V0003__raw.sql").exists());
        // Offline alone, the same migration is written: the replay cannot see it.
        ok(generate(dir, &["--name", "raw"]));
        for f in ["V0003__raw.sql", "V0003__raw.down.sql"] {
            std::fs::remove_file(dir.join("migrations").join(f)).unwrap();
        }
    }
    let (code, _, stderr) = generate(dir, &["--name", "raw", "--dev-db", "target"]);
    assert_eq!(code, 2, "generate --dev-db target is refused");
    assert!(stderr.contains("no target database"), "{stderr}");
}
