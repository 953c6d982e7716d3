//! Distribution read from the YAML, planned, replayed and validated, offline.

use crate::schema::model::Schema;

fn load(yaml: &str) -> Result<Schema, String> {
    crate::schema::load_sources(&[("schema/a.yaml".to_string(), yaml.to_string())])
        .map_err(|e| e.to_string())
}

const TABLES: &str = "tables:\n  organization:\n    columns:\n      id: { type: uuid, primary_key: true }\n  \
    room:\n    columns:\n      id: uuid\n      organization_id: { type: uuid, references: organization.id }\n    \
    primary_key: [organization_id, id]\n  \
    booking:\n    columns:\n      id: uuid\n      organization_id: { type: uuid, references: organization.id }\n      \
    room_id: uuid\n    primary_key: [organization_id, id]\n    foreign_keys:\n      \
    - { columns: [organization_id, room_id], references: { table: room, columns: [organization_id, id] } }\n    \
    indexes:\n      - { columns: [organization_id, room_id] }\n";

#[test]
fn the_project_default_distributes_tenant_tables_and_makes_the_others_reference_tables() {
    let s = load(&format!(
        "distribution: {{ by: organization_id }}\n{TABLES}"
    ))
    .unwrap();
    let d = |t: &str| {
        s.table(t)
            .unwrap()
            .distribution
            .clone()
            .map(|d| d.yaml(str::to_string))
    };
    assert_eq!(d("organization").as_deref(), Some("reference"));
    assert_eq!(d("room").as_deref(), Some("{ by: organization_id }"));
    // A table's own word wins over the default.
    let local = TABLES.replace(
        "  booking:\n    columns:",
        "  booking:\n    distribution: { by: organization_id, colocate_with: room }\n    columns:",
    );
    let s = load(&format!("distribution: {{ by: organization_id }}\n{local}")).unwrap();
    assert_eq!(
        s.table("booking")
            .unwrap()
            .distribution
            .as_ref()
            .unwrap()
            .yaml(str::to_string),
        "{ by: organization_id, colocate_with: room }"
    );
    // Without any `distribution:`, nothing is distributed.
    assert!(load(TABLES)
        .unwrap()
        .tables
        .iter()
        .all(|t| t.distribution.is_none()));
}

#[test]
fn a_bad_distribution_is_refused_at_its_line() {
    let bad = TABLES.replace(
        "  room:\n    columns:",
        "  room:\n    distribution: sharded\n    columns:",
    );
    let e = load(&bad).unwrap_err();
    assert!(e.contains("schema/a.yaml:6"), "{e}");
    assert!(
        e.contains("distribution `sharded`: write `reference`, `local`"),
        "{e}"
    );
    // A local table tied to a distributed one by a foreign key.
    let tied = TABLES.replace(
        "  booking:\n    columns:",
        "  booking:\n    distribution: local\n    columns:",
    );
    let e = load(&format!("distribution: {{ by: organization_id }}\n{tied}")).unwrap_err();
    assert!(
        e.contains("ties local table booking to distributed table room"),
        "{e}"
    );
}

#[test]
fn the_calls_come_in_an_order_citus_accepts_and_replay_to_the_same_model() {
    let yaml = TABLES.replace(
        "  room:\n    columns:",
        "  room:\n    distribution: { by: organization_id, colocate_with: booking }\n    columns:",
    );
    let to = load(&format!("distribution: {{ by: organization_id }}\n{yaml}")).unwrap();
    let changes = crate::diff::create_all(&to);
    let up: String = changes.iter().map(|c| format!("{}\n", c.up)).collect();
    let at = |s: &str| up.find(s).unwrap_or_else(|| panic!("{s} not in:\n{up}"));
    assert!(up.starts_with("SET LOCAL citus.multi_shard_modify_mode TO 'sequential';"));
    assert!(at("CREATE TABLE booking") < at("create_reference_table('organization')"));
    assert!(
        at("create_reference_table('organization')") < at("create_distributed_table('booking'")
    );
    // Colocated with booking: after it.
    assert!(
        at("create_distributed_table('booking', 'organization_id')")
            < at("create_distributed_table('room', 'organization_id', colocate_with => 'booking')")
    );
    assert!(at("create_distributed_table('room'") < at("FOREIGN KEY"));
    // Replayed, the migration gives the model back, distribution included.
    let mut replayed = Schema::default();
    crate::sql::replay::replay_file(&mut replayed, "V1.sql", &up).unwrap();
    assert_eq!(
        replayed.table("room").unwrap().distribution,
        to.table("room").unwrap().distribution
    );
    assert!(crate::diff::equivalent(&replayed, &to));
    // And the down of a new table's call leaves the drop to the table.
    let down: String = changes
        .iter()
        .rev()
        .map(|c| format!("{}\n", c.down))
        .collect();
    assert!(!down.contains("undistribute_table"), "{down}");
}

#[test]
fn quoted_and_qualified_names_in_calls_are_read_as_regclass_reads_them() {
    use super::call::name_parts;
    assert_eq!(name_parts("public.\"User\""), ["public", "User"]);
    assert_eq!(name_parts("Billing.Invoice"), ["billing", "invoice"]);
    assert_eq!(name_parts("\"a.b\""), ["a.b"]);
    let mut s = Schema::default();
    crate::sql::replay::replay_file(
        &mut s,
        "V1.sql",
        "CREATE TABLE \"User\" (id int PRIMARY KEY);\nSELECT create_reference_table('public.\"User\"');",
    )
    .unwrap();
    assert_eq!(
        s.table("User").unwrap().distribution,
        Some(super::Distribution::Reference)
    );
    // A call on a table that does not exist is refused, with its line.
    let e = crate::sql::replay::replay_file(
        &mut Schema::default(),
        "V1.sql",
        "\n\nSELECT create_reference_table('nowhere');",
    )
    .unwrap_err();
    assert_eq!(e.origin.line, 3);
    assert!(
        e.message.contains("`nowhere` does not exist"),
        "{}",
        e.message
    );
}
