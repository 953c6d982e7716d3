//! The README's examples of the schema language must stay valid.

/// Every ```yaml block of the README, in order.
fn yaml_blocks() -> Vec<String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    readme
        .split("```yaml\n")
        .skip(1)
        .map(|rest| rest[..rest.find("```").unwrap()].to_string())
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
    assert_eq!(room.indexes.len(), 4 + 1);
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
