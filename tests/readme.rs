//! The README's example of the schema language must stay valid.

#[test]
fn the_readme_schema_example_loads() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```yaml\n")
        .expect("a yaml block in the README")
        + "```yaml\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let schema =
        hotelschema::schema::load_sources(&[("README.md".into(), readme[start..end].into())])
            .unwrap_or_else(|e| panic!("the README's example is invalid:\n{e}"));
    let room = schema.table("room").unwrap();
    assert_eq!(room.indexes.len(), 4 + 1);
    assert_eq!(room.uniques.len(), 2);
    assert!(schema.table("room_pair").unwrap().primary_key.is_some());
}
