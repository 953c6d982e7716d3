//! The documentation's examples of the schema language must stay valid: every ```yaml block
//! of the README and of the language reference (`docs/language/`).

/// Every ```yaml block of the language reference's overview first (its main example), then of
/// its other pages and of the README.
fn yaml_blocks() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let language = root.join("docs/language");
    let mut pages: Vec<std::path::PathBuf> = std::fs::read_dir(&language)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    pages.sort();
    pages.insert(0, language.join("README.md"));
    pages.push(root.join("README.md"));
    pages
        .iter()
        .flat_map(|page| {
            let text = std::fs::read_to_string(page).unwrap();
            text.split("```yaml\n")
                .skip(1)
                .map(|rest| rest[..rest.find("```").unwrap()].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn load(yaml: &str) -> hotelschema::schema::Schema {
    hotelschema::schema::load_sources(&[("README.md".into(), yaml.into())])
        .unwrap_or_else(|e| panic!("the README's example is invalid:\n{e}\n{yaml}"))
}

#[test]
fn the_readme_schema_example_loads() {
    let schema = load(&yaml_blocks()[0]);
    let room = schema.table("room").unwrap();
    assert_eq!(room.indexes.len(), 5 + 1);
    assert!(room.indexes.iter().any(|i| i.unique));
    assert_eq!(room.uniques.len(), 2);
    assert!(schema.table("room_pair").unwrap().primary_key.is_some());
}

#[test]
fn the_readme_example_of_another_schema_loads() {
    let block = yaml_blocks()
        .into_iter()
        .find(|b| b.contains("billing.invoice:"))
        .expect("the example of schemas other than public");
    // It refers to `organization`, which the first example declares.
    let organization =
        "  organization:\n    columns:\n      id: { type: uuid, primary_key: true }\n";
    let schema = load(&block.replacen("tables:\n", &format!("tables:\n{organization}"), 1));
    let invoice = schema.table("billing.invoice").unwrap();
    assert_eq!(invoice.primary_key.as_ref().unwrap().name, "invoice_pkey");
    assert_eq!(
        schema.table("payment").unwrap().foreign_keys[0].ref_table,
        "billing.invoice"
    );
}

#[test]
fn the_readme_examples_of_grants_and_platform_tables_load() {
    let blocks = yaml_blocks();
    let grants = blocks
        .iter()
        .find(|b| b.contains("grants: { reporting: all }"))
        .expect("the example of YAML grants");
    let organization =
        "  organization:\n    columns:\n      id: { type: uuid, primary_key: true }\n";
    let schema = load(&grants.replacen("tables:\n", &format!("tables:\n{organization}"), 1));
    let invoice = schema.table("invoice").unwrap();
    assert!(invoice
        .grants
        .iter()
        .any(|g| g.grantee == "app_user" && g.privilege == "DELETE"));
    assert_eq!(
        invoice
            .grants
            .iter()
            .filter(|g| g.grantee == "reporting")
            .count(),
        7,
        "all, spelled out"
    );

    let platform = blocks
        .iter()
        .find(|b| b.contains("external: true"))
        .expect("the example of a platform table");
    let schema = hotelschema::schema::load_sources(&[
        ("README.md".into(), platform.clone()),
        (
            "functions.sql".into(),
            "CREATE FUNCTION handle_new_user() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;".into(),
        ),
    ])
    .unwrap_or_else(|e| panic!("{e}"));
    let users = schema.table("auth.users").unwrap();
    assert!(users.external);
    assert_eq!(users.triggers[0].name, "on_auth_user_created");
}

#[test]
fn the_readme_examples_of_partitions_raw_sql_and_extension_types_load() {
    let blocks = yaml_blocks();
    let find = |needle: &str| {
        blocks
            .iter()
            .find(|b| b.contains(needle))
            .unwrap_or_else(|| panic!("a README example with {needle}"))
    };
    let organization =
        "  organization:\n    columns:\n      id: { type: uuid, primary_key: true }\n";
    let schema = load(&find("partition_by: range (occurred_at)").replacen(
        "tables:\n",
        &format!("tables:\n{organization}"),
        1,
    ));
    let log = schema.table("activity_log").unwrap();
    let p = log.partitioning.as_ref().unwrap();
    assert_eq!(p.by, "RANGE (occurred_at)");
    assert_eq!(p.partitions.len(), 3);
    assert_eq!(p.partitions[2].bound, "DEFAULT");
    let schema = load(find("raw:\n"));
    assert_eq!(schema.raw[0].name, "activity_log_append_only");
    let schema = load(find("types: [geometry, geography]"));
    let facility = schema.table("facility").unwrap();
    assert_eq!(
        facility.column("location").unwrap().column_type.to_string(),
        "geometry(point,4326)"
    );
}
