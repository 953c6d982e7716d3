//! pg_query is vendored with a patch to its protobuf encoder (vendor/README.md): a `Node` is
//! encoded by its one set field instead of asking each of its 271 fields. Every parse tree
//! hotelschema reads comes through that encoder, so these tests hold it to PostgreSQL's own
//! parse: `pg_query::fingerprint` reads the C parse tree directly (no protobuf), and the tree
//! that came through the encoder, written back as SQL, must fingerprint the same — statement by
//! statement, over the real-world dumps of the tests and the bundled schema.

use std::path::Path;

/// Every statement of the SQL files under `dir` (recursively).
fn statements_under(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            statements_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "sql") {
            let sql = std::fs::read_to_string(&path).unwrap();
            for statement in pg_query::split_with_parser(&sql).unwrap() {
                out.push((path.display().to_string(), statement.to_string()));
            }
        }
    }
}

/// PostgreSQL's fingerprint of `sql`, read from the C parse tree (schema names and every digit
/// of a relation name count).
fn fingerprint(sql: &str) -> String {
    use pg_query::FingerprintOptions as F;
    pg_query::fingerprint(sql, 0, F::RANGEVAR_INCLUDE_SCHEMA | F::FULL_RELNAME)
        .unwrap()
        .hex
}

/// The fingerprint of `sql` after its parse tree went through the protobuf encoder and back.
fn fingerprint_through_protobuf(sql: &str) -> String {
    let parsed = pg_query::parse(sql, 0).unwrap();
    let written = pg_query::deparse(&parsed.protobuf, Default::default()).unwrap();
    fingerprint(&written)
}

#[test]
fn parse_trees_through_the_patched_encoder_are_postgresql_s() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut statements = Vec::new();
    for dir in ["tests/fixtures", "migrations", "schema"] {
        statements_under(&root.join(dir), &mut statements);
    }
    assert!(
        statements.len() > 200,
        "the corpus shrank to {} statements",
        statements.len()
    );
    let mut differ = Vec::new();
    for (file, sql) in &statements {
        let direct = fingerprint(sql);
        if fingerprint_through_protobuf(sql) != direct {
            differ.push(format!(
                "{file}: {}",
                sql.trim().lines().next().unwrap_or("")
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} statements changed on the way through the encoder:\n{}",
        differ.len(),
        statements.len(),
        differ.join("\n")
    );
}

#[test]
fn the_comparison_sees_a_tree_that_lost_a_node() {
    // The check above can fail: a tree missing one column fingerprints differently.
    let sql = "CREATE TABLE t (id uuid PRIMARY KEY, name text NOT NULL)";
    let mut parsed = pg_query::parse(sql, 0).unwrap().protobuf;
    let Some(pg_query::NodeEnum::CreateStmt(create)) =
        parsed.stmts[0].stmt.as_mut().and_then(|s| s.node.as_mut())
    else {
        panic!("not a CREATE TABLE");
    };
    create.table_elts.pop();
    let written = pg_query::deparse(&parsed, Default::default()).unwrap();
    assert_eq!(written, "CREATE TABLE t (id uuid PRIMARY KEY)");
    assert_ne!(fingerprint(&written), fingerprint(sql));
    assert_eq!(fingerprint_through_protobuf(sql), fingerprint(sql));
}
