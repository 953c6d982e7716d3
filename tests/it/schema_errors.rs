//! Every kind of invalid input is reported with its file, line and object, says how to fix it,
//! and never hides the other errors of the same load.

use hotelschema::schema::{load_sources, Diagnostic};

/// Loads one file named `schema/test.yaml`; returns the diagnostics (empty when valid).
fn errors(yaml: &str) -> Vec<Diagnostic> {
    match load_sources(&[("schema/test.yaml".to_string(), yaml.to_string())]) {
        Ok(_) => Vec::new(),
        Err(invalid) => invalid.0,
    }
}

/// Asserts that exactly one diagnostic is reported, at `line`, mentioning every `words`.
#[track_caller]
fn assert_one_error(yaml: &str, line: usize, words: &[&str]) -> Diagnostic {
    let found = errors(yaml);
    assert_eq!(found.len(), 1, "expected one error, got: {found:#?}");
    let d = found.into_iter().next().unwrap();
    assert_eq!(&*d.origin.file, "schema/test.yaml");
    assert_eq!(d.origin.line, line, "{d}");
    let text = d.to_string();
    for w in words {
        assert!(text.contains(w), "`{w}` not in:\n{text}");
    }
    assert!(
        d.hint.is_some() || text.contains("allowed keys"),
        "no fix in: {text}"
    );
    d
}

const ORG: &str = "
tables:
  organization:
    columns:
      id: { type: uuid, primary_key: true, default: gen_random_uuid() }
";

#[test]
fn a_valid_schema_has_no_errors() {
    assert!(errors(ORG).is_empty());
}

#[test]
fn unknown_keys_name_the_typo_and_the_right_key() {
    let yaml = format!("{ORG}      floor: {{ type: integer, nulable: true }}\n");
    let d = assert_one_error(
        &yaml,
        6,
        &["unknown key `nulable`", "did you mean `nullable`?"],
    );
    assert_eq!(d.object, "table organization, column floor");
    let found = errors("tables:\n  room:\n    colums:\n      id: uuid\n");
    assert!(
        found.iter().any(|d| d.origin.line == 3
            && d.message
                .contains("unknown key `colums` (did you mean `columns`?)")),
        "{found:#?}"
    );
    assert_one_error("tabels: {}\n", 1, &["unknown key `tabels`", "`tables`"]);
}

#[test]
fn unknown_types_suggest_a_type() {
    let yaml = format!("{ORG}      floor: integr\n");
    assert_one_error(
        &yaml,
        6,
        &["unknown type `integr`", "did you mean `integer`?"],
    );
}

#[test]
fn references_to_unknown_tables_and_columns_are_errors() {
    let yaml = format!("{ORG}      parent_id: {{ type: uuid, references: organisation.id }}\n");
    assert_one_error(
        &yaml,
        6,
        &[
            "unknown table `organisation`",
            "did you mean `organization`?",
        ],
    );
    let yaml = format!("{ORG}      parent_id: {{ type: uuid, references: organization.uid }}\n");
    assert_one_error(&yaml, 6, &["unknown column `uid`", "did you mean `id`?"]);
    let yaml = format!("{ORG}    indexes:\n      - {{ columns: [nmae] }}\n");
    assert_one_error(
        &yaml,
        7,
        &["index organization_nmae_idx", "unknown column `nmae`"],
    );
}

#[test]
fn unknown_enums_are_unknown_types() {
    let yaml =
        "enums:\n  room_status: [available]\n".to_string() + ORG + "      status: room_statu\n";
    assert_one_error(
        &yaml,
        8,
        &["unknown type `room_statu`", "did you mean `room_status`?"],
    );
}

#[test]
fn names_defined_twice_are_errors_naming_both_places() {
    let a = ("schema/a.yaml".to_string(), ORG.to_string());
    let b = ("schema/b.yaml".to_string(), ORG.to_string());
    let err = load_sources(&[a, b]).unwrap_err();
    assert_eq!(err.0.len(), 1, "{err}");
    assert_eq!(&*err.0[0].origin.file, "schema/b.yaml");
    assert!(
        err.0[0].message.contains("also at schema/a.yaml:3"),
        "{err}"
    );

    // Within a file, the YAML itself rejects a repeated key.
    let yaml = format!("{ORG}      id: text\n");
    assert_one_error(&yaml, 6, &["`id` is defined twice", "line 5"]);

    // An index and a table may not share a name either (one namespace in PostgreSQL).
    let yaml = format!("{ORG}    indexes:\n      - {{ columns: [id], name: organization }}\n");
    assert_one_error(
        &yaml,
        7,
        &["`organization` is already used by the table organization"],
    );
}

#[test]
fn foreign_key_types_must_match_the_referenced_column() {
    let yaml = format!("{ORG}      parent_id: {{ type: text, references: organization.id }}\n");
    assert_one_error(
        &yaml,
        6,
        &[
            "is text but references organization.id, which is uuid: PostgreSQL cannot compare",
            "type: uuid",
        ],
    );
}

#[test]
fn bare_defaults_must_be_values_of_the_enum() {
    let yaml = "enums:\n  room_status: [available, occupied]\n".to_string()
        + ORG
        + "      status: { type: room_status, default: availble }\n";
    assert_one_error(
        &yaml,
        8,
        &[
            "`availble` is not a value of enum room_status",
            "did you mean `available`?",
            "available, occupied",
        ],
    );
}

#[test]
fn bare_words_on_other_columns_need_quotes() {
    let yaml = format!("{ORG}      currency: {{ type: text, default: EUR }}\n");
    assert_one_error(&yaml, 6, &["bare word", "\"'EUR'\""]);
}

#[test]
fn identifiers_longer_than_63_bytes_are_errors() {
    let long = "x".repeat(64);
    let yaml = format!("{ORG}      {long}: text\n");
    assert_one_error(&yaml, 6, &["64 bytes", "first 63"]);
    // Derived names count too.
    let col = "y".repeat(50);
    let yaml = format!("{ORG}      {col}: {{ type: text, index: true }}\n");
    assert_one_error(&yaml, 6, &["is 67 bytes long", "shorter `name:`"]);
}

#[test]
fn reserved_words_in_sql_fragments_must_be_quoted() {
    let yaml = format!(
        "{ORG}      user: text\n    checks:\n      - {{ name: c, expression: \"user <> ''\" }}\n"
    );
    assert_one_error(
        &yaml,
        8,
        &["uses `user` unquoted", "reserved word", "\"user\""],
    );
    // Quoted, it is fine; and a table named `user` is simply rendered quoted.
    let yaml = format!(
        "{ORG}      user: text\n    checks:\n      - {{ name: c, expression: \"\\\"user\\\" <> ''\" }}\n"
    );
    assert!(errors(&yaml).is_empty(), "{:#?}", errors(&yaml));
}

#[test]
fn invalid_sql_fragments_are_errors() {
    let yaml = format!("{ORG}    checks:\n      - {{ name: c, expression: \"id >\" }}\n");
    assert_one_error(&yaml, 7, &["is not valid SQL"]);
    let yaml = format!(
        "{ORG}    checks:\n      - {{ name: c, expression: \"true); DROP TABLE x; --\" }}\n"
    );
    assert_one_error(&yaml, 7, &["check expression"]);
}

#[test]
fn other_mistakes_each_have_their_message() {
    let cases: &[(&str, &str)] = &[
        (
            "      parent_id: { type: uuid, references: organization.id, on_delete: cascde }\n",
            "unknown foreign key action `cascde`",
        ),
        (
            "      parent_id: { type: uuid, on_delete: cascade }\n",
            "without `references`",
        ),
        ("      price: \"numeric(10\"\n", "malformed type"),
        ("      v: vector(3)\n", "`vector` extension"),
        (
            "      name: { type: text, primary_key: true, nullable: true }\n",
            "declared `nullable: true`",
        ),
        (
            "      seq: { type: text, identity: always }\n",
            "an identity column is a NOT NULL smallint, integer or bigint",
        ),
        (
            "      seq: { type: bigint, identity: sometimes }\n",
            "unknown identity `sometimes`",
        ),
    ];
    for (extra, words) in cases {
        let found = errors(&format!("{ORG}{extra}"));
        assert!(
            found
                .iter()
                .any(|d| d.origin.line == 6 && d.to_string().contains(words)),
            "{words:?} not reported at line 6: {found:#?}"
        );
    }
    let yaml = format!("{ORG}    include: [timestmps]\n");
    assert_one_error(&yaml, 6, &["unknown column group `timestmps`"]);
    let yaml = format!("{ORG}    indexes:\n      - {{ columns: [id], using: brn }}\n");
    assert_one_error(
        &yaml,
        7,
        &["unknown index method `brn`", "did you mean `brin`?"],
    );
    let yaml = format!("{ORG}    indexes:\n      - {{ columns: [\"lower(id::text)\"] }}\n");
    assert_one_error(&yaml, 7, &["needs a name"]);
    let yaml = format!("{ORG}      tags: [text]\n");
    assert_one_error(&yaml, 6, &["not a list", "`tags: text`"]);
    assert_one_error(
        "tables:\n  t:\n    comment: x\n",
        2,
        &["table t", "has no columns"],
    );
    let yaml = "enums:\n  e: [a, b, a]\n";
    assert_one_error(yaml, 2, &["`a` is listed twice"]);
    assert_one_error(
        "tables:\n  t:\n    columns:\n      a: [\n",
        5,
        &["invalid YAML"],
    );
}

#[test]
fn every_error_of_a_load_is_reported_at_once() {
    let yaml = format!(
        "{ORG}      a: integr\n      b: {{ type: text, nulable: true }}\n      c: {{ type: uuid, references: nowhere.id }}\n"
    );
    let found = errors(&yaml);
    let lines: Vec<usize> = found.iter().map(|d| d.origin.line).collect();
    assert_eq!(lines, vec![6, 7, 8], "{found:#?}");
    let report = hotelschema::schema::InvalidSchema(found).to_string();
    insta::assert_snapshot!(report);
}

#[test]
fn tables_and_enums_of_other_schemas_need_their_schema_declared() {
    let valid = "
schemas: [billing]
enums:
  billing.state: [draft, paid]
tables:
  billing.invoice:
    columns:
      id: { type: uuid, primary_key: true }
      state: { type: billing.state, default: draft }
  payment:
    columns:
      id: { type: uuid, primary_key: true }
      invoice_id: { type: uuid, references: billing.invoice }
";
    assert!(errors(valid).is_empty(), "{:#?}", errors(valid));
    // The same index name in two schemas is two indexes.
    let twice = format!(
        "{valid}    indexes:\n      - {{ columns: [invoice_id], name: same_idx }}\n{}",
        "  billing.other:\n    columns:\n      id: { type: uuid, primary_key: true }\n    indexes:\n      - { columns: [id], name: same_idx }\n"
    );
    assert!(errors(&twice).is_empty(), "{:#?}", errors(&twice));

    assert_one_error(
        "tables:\n  billing.invoice:\n    columns:\n      id: uuid\n",
        2,
        &[
            "table billing.invoice",
            "schema `billing`, which is not declared",
            "schemas: [billing]",
        ],
    );
    assert_one_error(
        "tables:\n  public.invoice:\n    columns:\n      id: uuid\n",
        2,
        &["names the public schema", "write `invoice`"],
    );
    assert_one_error(
        "schemas: [public]\ntables:\n  invoice:\n    columns:\n      id: uuid\n",
        1,
        &["schema public", "not a schema the project can create"],
    );
    assert_one_error(
        "schemas: [a]\ntables:\n  a.b.c:\n    columns:\n      id: uuid\n",
        3,
        &["more than one dot"],
    );
    assert_one_error(
        "schemas: [a]\ntables:\n  a.t:\n    renamed_from: t\n    columns:\n      id: uuid\n",
        3,
        &["renamed from `t`, in another schema"],
    );
    // A reference to a table of a declared schema is checked like any other.
    assert_one_error(
        "schemas: [billing]\ntables:\n  payment:\n    columns:\n      id: { type: uuid, primary_key: true }\n      invoice_id: { type: uuid, references: billing.invoice.id }\n",
        6,
        &["references unknown table `billing.invoice`"],
    );
}

/// Two YAML mistakes that read as something else: a type with a comma left unquoted (YAML cuts
/// it at the comma), and one word where a list is expected. Each error says what to write.
#[test]
fn an_unquoted_type_with_a_comma_and_a_word_for_a_list_say_how_to_write_them() {
    let d = assert_one_error(
        "tables:\n  t:\n    columns:\n      id: integer\n      price: { type: numeric(10,2) }\n",
        5,
        &["unknown key `2)`", "cut at the comma"],
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("quote the type: `type: \"numeric(10,2)\"`")
    );
    let d = assert_one_error(
        "tables:\n  t:\n    columns:\n      id: integer\n    indexes:\n      - { columns: id }\n",
        6,
        &["a list is expected here"],
    );
    assert_eq!(d.hint.as_deref(), Some("write a list: `[id]`"));
}

/// The JSON Schema editors use (shipped as hotelschema.schema.json, printed by `hotelschema
/// json-schema`) is current, accepts every bundled schema file, and rejects the mistakes
/// `validate` rejects in the same places.
#[test]
fn the_editor_schema_is_current_accepts_the_hotel_schema_and_rejects_typos() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = std::fs::read_to_string(root.join("hotelschema.schema.json")).unwrap();
    assert_eq!(
        shipped,
        hotelschema::schema::editor_schema::json(),
        "regenerate it: hotelschema json-schema > hotelschema.schema.json"
    );
    let schema: serde_json::Value = serde_json::from_str(&shipped).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let as_json = |yaml: &str| -> serde_json::Value {
        serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap()).unwrap()
    };
    let mut checked = 0;
    for dir in ["schema", "tests/fixtures/every_feature/schema"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                if dir == "schema" {
                    assert!(
                        text.starts_with(
                            "# yaml-language-server: $schema=../hotelschema.schema.json\n"
                        ),
                        "{} points at the editor schema",
                        path.display()
                    );
                }
                let errors: Vec<String> = validator
                    .iter_errors(&as_json(&text))
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:?}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 12);
    for yaml in [
        "tables:\n  t:\n    columns:\n      id: { type: integer, nulable: true }\n",
        "tables:\n  t:\n    colums:\n      id: integer\n",
        "tables:\n  t:\n    columns:\n      p: { type: numeric(10,2) }\n",
        "tables:\n  t:\n    columns:\n      id: integer\n    indexes:\n      - { columns: id }\n",
        "column_groups:\n  g:\n    position: middle\n",
        "tabels: {}\n",
    ] {
        let editor: Vec<String> = validator
            .iter_errors(&as_json(yaml))
            .map(|e| e.to_string())
            .collect();
        assert!(!editor.is_empty(), "{yaml} is accepted");
        assert!(!errors(yaml).is_empty(), "validate accepts {yaml}");
    }
}
