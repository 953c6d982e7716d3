//! Reading `schema/*.yaml` into declarations: the YAML language's syntax, with the file and line
//! of every object. Turning declarations into the model (types, column groups, default names) is
//! `resolve`'s job; judging the model is `validate`'s.
//!
//! We read YAML with `marked_yaml` (every file hotelschema reads goes through `load/tree.rs`)
//! because a value must say where it came from: every error names its file and line. The top levels
//! (files, tables, columns) are walked by hand so that one bad column does not hide the errors
//! of the next; the leaves (a column's options, an index) go through serde with
//! `deny_unknown_fields`, which catches typos such as `nulable`.

use std::path::Path;

use marked_yaml::Node;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::diagnostic::Diagnostics;
use super::model::{EnumType, Extension, ExternalRole, Hint, Namespace, Origin};
use super::suggest::did_you_mean;

mod columns;
mod raw;
mod tables;
pub(crate) mod tree;
pub use columns::{ColumnDecl, ColumnOptions, ColumnSpec, ExpandSpec, RareColumnOptions};
use raw::read_raw;
pub use raw::RawSpec;
use tables::{read_groups, read_tables};

/// PostgreSQL's limit on the columns of a table (MaxHeapAttributeNumber).
pub const MAX_COLUMNS: usize = 1600;

/// Everything declared in the schema files, before resolution.
#[derive(Default)]
pub struct Declarations {
    pub schemas: Vec<Namespace>,
    /// Roles the database provides (`roles:`).
    pub roles: Vec<ExternalRole>,
    pub extensions: Vec<Extension>,
    pub enums: Vec<EnumType>,
    pub groups: Vec<GroupDecl>,
    /// Boxed: a declaration is large, and a `Vec` of them grown by doubling copied and
    /// faulted in twice its final size (20,000 tables: 18 MB at the end).
    pub tables: Vec<Box<TableDecl>>,
    /// `raw:`: SQL kept verbatim (see `objects::raw`).
    pub raw: Vec<crate::objects::raw::RawSql>,
    /// The project's default distribution (top-level `distribution:`), where it was declared.
    pub distribution: Option<(crate::objects::distribution::ProjectDefault, Origin)>,
    /// Table name → position in `tables`, to find duplicates in large schemas quickly.
    table_index: std::collections::HashMap<String, usize>,
}

impl Declarations {
    pub fn declares_table(&self, name: &str) -> bool {
        self.table_index.contains_key(name)
    }
}

pub struct GroupDecl {
    pub name: String,
    /// Whether the group's columns go after the table's own columns (`position: last`).
    pub last: bool,
    pub columns: Vec<ColumnDecl>,
    /// Triggers every including table gets (`{table}` in a name is that table's name).
    pub triggers: Vec<(TriggerSpec, Origin)>,
    /// Row-level security and policies every including table gets.
    pub rls: bool,
    pub policies: Vec<(PolicySpec, Origin)>,
    /// Grants every including table gets.
    pub grants: Vec<(GrantsSpec, Origin)>,
    pub origin: Origin,
}

/// `grants: { app_user: [select, insert], reporting: all }`: the privileges on the table each
/// role gets (`all` for every one).
pub type GrantsSpec = std::collections::BTreeMap<String, Privileges>;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Privileges {
    All(String),
    Some(Vec<String>),
}

pub struct TableDecl {
    pub name: String,
    pub comment: Option<String>,
    pub renamed_from: Option<String>,
    pub global: Option<String>,
    pub scoped_through: Option<String>,
    pub critical: bool,
    /// `plain_ddl: true`: changes to it once it exists are written as plain DDL.
    pub plain_ddl: bool,
    pub exempt: Vec<(String, String, Origin)>,
    pub include: Vec<(String, Origin)>,
    pub columns: Vec<ColumnDecl>,
    pub primary_key: Option<(Vec<String>, Origin)>,
    /// `primary_key_name:` — the key's name when it is not `<table>_pkey` (a renamed table's
    /// key keeps its old name in PostgreSQL).
    pub primary_key_name: Option<(String, Origin)>,
    pub foreign_keys: Vec<(ForeignKeySpec, Origin)>,
    pub indexes: Vec<(IndexSpec, Origin)>,
    pub uniques: Vec<(UniqueSpec, Origin)>,
    pub checks: Vec<(CheckSpec, Origin)>,
    pub exclusions: Vec<(ExclusionSpec, Origin)>,
    /// `partition_by: range (created_at)`.
    pub partition_by: Option<(String, Origin)>,
    pub partitions: Vec<(PartitionSpec, Origin)>,
    pub triggers: Vec<(TriggerSpec, Origin)>,
    pub rls: bool,
    pub force_rls: bool,
    /// `replica_identity: full` (see `Table::replica_identity`), read and placed.
    pub replica_identity: Option<(crate::objects::table::ReplicaIdentity, Origin)>,
    /// `distribution:` (see `objects::distribution`): its own, or `local` (`Some(None)`).
    pub distribution: Option<(crate::objects::distribution::Declared, Origin)>,
    pub policies: Vec<(PolicySpec, Origin)>,
    pub grants: Vec<(GrantsSpec, Origin)>,
    /// `external: true`: the platform's table (see `Table::external`).
    pub external: bool,
    pub origin: Origin,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForeignKeySpec {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub references: ForeignKeyTarget,
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
    /// Left `NOT VALID` (added without checking the rows already there, never validated).
    #[serde(default)]
    pub not_valid: bool,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForeignKeyTarget {
    pub table: String,
    pub columns: Vec<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexSpec {
    pub name: Option<String>,
    /// Column names, optionally followed by `asc`/`desc` and `nulls first`/`nulls last`, or
    /// expressions such as `lower(email)`.
    pub columns: Vec<String>,
    pub using: Option<String>,
    #[serde(rename = "where")]
    pub predicate: Option<String>,
    /// Build with CREATE INDEX CONCURRENTLY when added to an existing table.
    #[serde(default)]
    pub concurrently: bool,
    /// CREATE UNIQUE INDEX: uniqueness over expressions such as `lower(email)` (plain columns
    /// are better written under `unique:`).
    #[serde(default)]
    pub unique: bool,
    /// `INCLUDE (...)`: columns carried in the index without keying on them.
    #[serde(default)]
    pub include: Vec<String>,
    /// With `unique: true`: two NULLs count as equal (`NULLS NOT DISTINCT`).
    #[serde(default)]
    pub nulls_not_distinct: bool,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UniqueSpec {
    pub name: Option<String>,
    pub columns: Vec<String>,
    /// A unique index rather than a unique constraint.
    #[serde(default)]
    pub index: bool,
    #[serde(rename = "where")]
    pub predicate: Option<String>,
    /// `INCLUDE (...)`: columns carried in the index without keying on them.
    #[serde(default)]
    pub include: Vec<String>,
    /// Two NULLs count as equal (`NULLS NOT DISTINCT`, PostgreSQL 15).
    #[serde(default)]
    pub nulls_not_distinct: bool,
}

/// A trigger, on a table or on a column group (`{table}` in its name is the including table).
#[derive(Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerSpec {
    pub name: String,
    /// before | after | instead_of
    pub timing: String,
    /// insert, update, delete, truncate
    pub events: Vec<String>,
    /// `UPDATE OF` these columns.
    #[serde(default)]
    pub columns: Vec<String>,
    /// row (default) | statement
    #[serde(default = "row")]
    pub for_each: String,
    pub when: Option<String>,
    /// The trigger function, e.g. `touch_updated_at`.
    pub function: String,
    #[serde(default)]
    pub args: Vec<String>,
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// Its previous name: the next migration renames it.
    pub renamed_from: Option<String>,
    /// `REFERENCING OLD TABLE AS <name>` (an AFTER trigger's rows before the statement).
    pub old_table: Option<String>,
    /// `REFERENCING NEW TABLE AS <name>` (its rows after the statement).
    pub new_table: Option<String>,
}

/// A row-level security policy, on a table or on a column group (`{table}` in its name).
#[derive(Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    pub name: String,
    /// all (default) | select | insert | update | delete
    #[serde(default = "all")]
    pub command: String,
    /// true (default): PERMISSIVE; false: RESTRICTIVE.
    #[serde(default = "enabled")]
    pub permissive: bool,
    /// Roles it applies to (default: PUBLIC); each declared under `roles:`.
    #[serde(default)]
    pub roles: Vec<String>,
    pub using: Option<String>,
    pub with_check: Option<String>,
    /// Its previous name: the next migration renames it.
    pub renamed_from: Option<String>,
}

fn all() -> String {
    "all".into()
}

fn row() -> String {
    "row".into()
}

fn enabled() -> bool {
    true
}

/// `exclude: [{ elements: ["room_id with =", "during with &&"], using: gist, name, where }]`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExclusionSpec {
    /// `key with operator`, the key a column or an expression.
    pub elements: Vec<String>,
    /// The index method; `gist` by default.
    pub using: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "where")]
    pub predicate: Option<String>,
}

/// A partition of a table with `partition_by:`:
/// `{ name: activity_log_2026, values: "from ('2026-01-01') to ('2027-01-01')" }`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartitionSpec {
    pub name: String,
    /// Its bound, as after `FOR VALUES`: `from (...) to (...)` (range), `in (...)` (list),
    /// `with (modulus 4, remainder 0)` (hash), or `default`.
    pub values: String,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    pub name: String,
    pub expression: String,
    /// Left `NOT VALID` (added without checking the rows already there, never validated).
    #[serde(default)]
    pub not_valid: bool,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumSpec {
    values: Vec<String>,
    comment: Option<String>,
    /// `{ new_value: old_value }`: values renamed since the last migration.
    #[serde(default)]
    renamed: std::collections::BTreeMap<String, String>,
}

pub const TOP_LEVEL_KEYS: &[&str] = &[
    "schemas",
    "extensions",
    "roles",
    "enums",
    "column_groups",
    "tables",
    "raw",
    "distribution",
];
pub const TABLE_KEYS: &[&str] = &[
    "comment",
    "renamed_from",
    "global",
    "scoped_through",
    "critical",
    "plain_ddl",
    "exempt",
    "include",
    "columns",
    "primary_key",
    "primary_key_name",
    "foreign_keys",
    "indexes",
    "unique",
    "checks",
    "exclude",
    "partition_by",
    "partitions",
    "triggers",
    "rls",
    "force_rls",
    "replica_identity",
    "distribution",
    "policies",
    "grants",
    "external",
];
pub const GROUP_KEYS: &[&str] = &[
    "position", "columns", "triggers", "rls", "policies", "grants",
];

/// Reads every `*.yaml` / `*.yml` file of `dir`, in file-name order.
pub fn read_dir(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        crate::UsageError(format!(
            "cannot read the schema directory {} ({e}); create it, or pass --schema-dir",
            dir.display()
        ))
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "sql")
        ) {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(crate::UsageError(format!(
            "no schema files (*.yaml) in {}; see docs/language/README.md",
            dir.display()
        ))
        .into());
    }
    paths
        .into_iter()
        .map(|p| {
            let text = crate::text_file::read(&p)?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

/// Parses every source into one set of declarations. Names declared twice are reported here.
pub fn declarations(sources: &[(String, String)], diags: &mut Diagnostics) -> Declarations {
    let mut decls = Declarations::default();
    let yaml: Vec<&(String, String)> = sources
        .iter()
        .filter(|(f, _)| !f.ends_with(".sql"))
        .collect();
    // Files are parsed on two helper threads (one for each core) while the ones before are
    // read into declarations here: a few trees in memory at a time, not every file's (fresh
    // memory is much of what loading costs), each freed by the helper that built it.
    let mut read = |file: &str, parsed: &Parsed| match parsed {
        Parsed::TooDeep(line) => diags.error_with_hint(
            &Origin::new(file, *line),
            "",
            format!("nesting deeper than {} levels", super::depth::MAX_DEPTH),
            "check the indentation and the `-` and `[` on this line",
        ),
        Parsed::Tree(Ok(node)) => read_file(file, node, &mut decls, diags),
        Parsed::Tree(Err(e)) => yaml_syntax_error(file, e, diags),
    };
    crate::sql::pipeline::pipelined(
        &yaml,
        2,
        |(_, text)| parse_one(text),
        |(file, _), parsed| {
            read(file, parsed);
            true
        },
    );
    decls
}

/// One YAML file turned into a tree, or why not.
enum Parsed {
    TooDeep(usize),
    Tree(Result<marked_yaml::Node, marked_yaml::LoadError>),
}

fn parse_one(text: &str) -> Parsed {
    match tree::parse(text) {
        Err(tree::Unreadable::TooDeep(deep)) => Parsed::TooDeep(deep.line),
        Err(tree::Unreadable::Yaml(e)) => Parsed::Tree(Err(e)),
        Ok(node) => Parsed::Tree(Ok(node)),
    }
}

fn yaml_syntax_error(file: &str, e: &marked_yaml::LoadError, diags: &mut Diagnostics) {
    use marked_yaml::LoadError as E;
    let at = |m: &marked_yaml::Marker| Origin::new(file, m.line());
    let (origin, message, hint) = match e {
        E::TopLevelMustBeMapping(m) => (
            at(m),
            "the file must be a mapping".to_string(),
            "start with `tables:`, `enums:`, `extensions:` or `column_groups:`",
        ),
        E::UnexpectedAnchor(m) => (
            at(m),
            "YAML anchors and aliases are not supported".to_string(),
            "use `column_groups` and `include` to share columns between tables",
        ),
        E::UnexpectedTag(m) => (
            at(m),
            "YAML tags are not supported".to_string(),
            "remove the `!tag`",
        ),
        E::MappingKeyMustBeScalar(m) => (
            at(m),
            "a mapping key must be a plain name".to_string(),
            "write keys as plain words",
        ),
        E::DuplicateKey(inner) => {
            let line = |n: &marked_yaml::types::MarkedScalarNode| {
                n.span().start().map(|m| m.line()).unwrap_or(0)
            };
            (
                Origin::new(file, line(&inner.key)),
                format!(
                    "`{}` is defined twice in the same mapping (first at line {})",
                    inner.key.as_str(),
                    line(&inner.prev_key)
                ),
                "keep one definition",
            )
        }
        E::ScanError(m, scan) => (
            at(m),
            format!("invalid YAML: {scan}"),
            "check the indentation and quoting on this line",
        ),
        other => (Origin::new(file, 1), other.to_string(), "fix the YAML"),
    };
    diags.error_with_hint(&origin, "", message, hint);
}

/// Reads the file and line of a node.
fn origin_of(file: &str, node: &Node) -> Origin {
    Origin::new(file, node.span().start().map(|m| m.line()).unwrap_or(0))
}

fn key_origin(file: &str, key: &marked_yaml::types::MarkedScalarNode) -> Origin {
    Origin::new(file, key.span().start().map(|m| m.line()).unwrap_or(0))
}

/// Deserialises one leaf with serde, reporting a failure at the line where it happened.
fn leaf<T: DeserializeOwned>(
    file: &str,
    node: &Node,
    object: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    match marked_yaml::from_node::<T>(node) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e
                .start_mark()
                .map(|m| m.line())
                .filter(|l| *l > 0)
                .unwrap_or_else(|| origin_of(file, node).line);
            let origin = Origin::new(file, line);
            match &*e {
                // `{ type: numeric(10,2) }` unquoted: YAML reads `2)` as the next key.
                marked_yaml::Error::UnknownFieldError(field, _, _)
                    if field.trim_end_matches(')').trim().parse::<u32>().is_ok()
                        && field.ends_with(')') =>
                {
                    diags.error_with_hint(
                        &origin,
                        object,
                        format!(
                            "unknown key `{field}`: a type with a comma, such as numeric(10,{field}, \
                             is cut at the comma by YAML"
                        ),
                        "quote the type: `type: \"numeric(10,2)\"`",
                    );
                }
                marked_yaml::Error::UnknownFieldError(field, expected, _) => diags.error(
                    &origin,
                    object,
                    format!(
                        "unknown key `{field}`{}; allowed keys: {}",
                        did_you_mean(field, expected.iter().copied()),
                        expected.join(", ")
                    ),
                ),
                // `columns: price` where a list is expected.
                other if other.to_string().contains("expected a sequence") => {
                    let text = other.to_string();
                    // `invalid type: string "price", expected a sequence`
                    let given = text
                        .split_once("string \"")
                        .and_then(|(_, rest)| rest.split_once('"'))
                        .map(|(v, _)| v.to_string());
                    diags.error_with_hint(
                        &origin,
                        object,
                        format!("{text}: a list is expected here"),
                        match given {
                            Some(v) => format!("write a list: `[{v}]`"),
                            None => "write a list: `[a, b]`, or `- a` on lines of their own".into(),
                        },
                    );
                }
                other => diags.error(&origin, object, other.to_string()),
            }
            None
        }
    }
}

fn unknown_key(
    file: &str,
    key: &marked_yaml::types::MarkedScalarNode,
    object: &str,
    allowed: &[&str],
    diags: &mut Diagnostics,
) {
    diags.error(
        &key_origin(file, key),
        object,
        format!(
            "unknown key `{}`{}; allowed keys: {}",
            key.as_str(),
            did_you_mean(key.as_str(), allowed.iter().copied()),
            allowed.join(", ")
        ),
    );
}

fn expect_mapping<'n>(
    file: &str,
    node: &'n Node,
    object: &str,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<&'n marked_yaml::types::MarkedMappingNode> {
    let mapping = node.as_mapping();
    if mapping.is_none() {
        diags.error(&origin_of(file, node), object, format!("expected {what}"));
    }
    mapping
}

fn read_file(file: &str, node: &Node, decls: &mut Declarations, diags: &mut Diagnostics) {
    let Some(top) = node.as_mapping() else {
        return;
    };
    for (key, value) in top.iter() {
        match key.as_str() {
            "schemas" => read_schemas(file, value, decls, diags),
            "extensions" => read_extensions(file, value, decls, diags),
            "roles" => read_roles(file, value, decls, diags),
            "enums" => read_enums(file, value, decls, diags),
            "column_groups" => read_groups(file, value, decls, diags),
            "tables" => read_tables(file, value, decls, diags),
            "raw" => read_raw(file, value, decls, diags),
            "distribution" => read_distribution(file, value, decls, diags),
            _ => unknown_key(file, key, "top level", TOP_LEVEL_KEYS, diags),
        }
    }
}

/// The top-level `distribution: { by: organization_id }`, once in the whole schema.
fn read_distribution(file: &str, node: &Node, decls: &mut Declarations, diags: &mut Diagnostics) {
    let origin = origin_of(file, node);
    let Some(default) = leaf::<crate::objects::distribution::ProjectDefault>(
        file,
        node,
        "distribution (the project's default)",
        diags,
    ) else {
        return;
    };
    if let Some((_, prev)) = &decls.distribution {
        diags.error_with_hint(
            &origin,
            "distribution",
            format!("the project's default distribution is declared twice (also at {prev})"),
            "keep one top-level `distribution:`",
        );
        return;
    }
    decls.distribution = Some((default, origin));
}

fn read_schemas(file: &str, node: &Node, decls: &mut Declarations, diags: &mut Diagnostics) {
    let known = decls
        .schemas
        .iter()
        .map(|n| (n.name.clone(), n.origin.clone()));
    for (name, origin) in read_names(file, node, "schema", known.collect(), diags) {
        decls.schemas.push(Namespace {
            name,
            grants: Vec::new(),
            origin,
        });
    }
}

fn read_roles(file: &str, node: &Node, decls: &mut Declarations, diags: &mut Diagnostics) {
    let known = decls
        .roles
        .iter()
        .map(|r| (r.name.clone(), r.origin.clone()));
    for (name, origin) in read_names(file, node, "role", known.collect(), diags) {
        decls.roles.push(ExternalRole { name, origin });
    }
}

/// One entry of `extensions:`: a name, or `{ name, schema }` for one installed in a schema of
/// its own (`WITH SCHEMA`).
#[derive(Deserialize, Clone, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ExtensionEntry {
    Name(String),
    InSchema(ExtensionSpec),
}

#[derive(Deserialize, Clone, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtensionSpec {
    pub name: String,
    /// The schema its objects live in (`extensions` on Supabase).
    pub schema: Option<String>,
    /// The types it declares that columns use: `[geometry, geography]` for postgis.
    #[serde(default)]
    pub types: Vec<String>,
}

fn read_extensions(file: &str, node: &Node, decls: &mut Declarations, diags: &mut Diagnostics) {
    let Some(entries) = leaf::<Vec<ExtensionEntry>>(file, node, "extensions", diags) else {
        return;
    };
    let origin = origin_of(file, node);
    for entry in entries {
        let (name, schema, types) = match entry {
            ExtensionEntry::Name(n) => (n, None, Vec::new()),
            ExtensionEntry::InSchema(s) => (s.name, s.schema.filter(|s| s != "public"), s.types),
        };
        if let Some(prev) = decls.extensions.iter().find(|e| e.name == name) {
            diags.error_with_hint(
                &origin,
                format!("extension {name}"),
                format!("declared twice (also at {})", prev.origin),
                "declare each extension once",
            );
            continue;
        }
        decls.extensions.push(Extension {
            name,
            schema,
            types: Hint(types),
            origin: origin.clone(),
        });
    }
}

/// A list of names (`schemas:`, `extensions:`): those not declared before, with their origin;
/// a name declared twice is an error naming both places.
fn read_names(
    file: &str,
    node: &Node,
    what: &str,
    mut known: Vec<(String, Origin)>,
    diags: &mut Diagnostics,
) -> Vec<(String, Origin)> {
    let Some(names) = leaf::<Vec<String>>(file, node, &format!("{what}s"), diags) else {
        return Vec::new();
    };
    let origin = origin_of(file, node);
    let first_new = known.len();
    for name in names {
        if let Some((_, prev)) = known.iter().find(|(n, _)| *n == name) {
            diags.error_with_hint(
                &origin,
                format!("{what} {name}"),
                format!("declared twice (also at {prev})"),
                format!("declare each {what} once"),
            );
            continue;
        }
        known.push((name, origin.clone()));
    }
    known.split_off(first_new)
}

fn read_enums(file: &str, node: &Node, decls: &mut Declarations, diags: &mut Diagnostics) {
    let Some(map) = expect_mapping(
        file,
        node,
        "enums",
        "a mapping of enum names to values",
        diags,
    ) else {
        return;
    };
    for (key, value) in map.iter() {
        let name = key.as_str().to_string();
        let object = format!("enum {name}");
        let origin = key_origin(file, key);
        let spec = if value.as_sequence().is_some() {
            leaf::<Vec<String>>(file, value, &object, diags).map(|values| EnumSpec {
                values,
                comment: None,
                renamed: Default::default(),
            })
        } else {
            leaf::<EnumSpec>(file, value, &object, diags)
        };
        let Some(spec) = spec else { continue };
        if let Some(prev) = decls.enums.iter().find(|e| e.name == name) {
            diags.error_with_hint(
                &origin,
                object,
                format!("defined twice (also at {})", prev.origin),
                "keep one definition, or rename one of them",
            );
            continue;
        }
        decls.enums.push(EnumType {
            name,
            values: spec.values,
            comment: spec.comment.filter(|c| !c.is_empty()),
            renamed_values: Hint(spec.renamed.into_iter().collect()),
            origin,
        });
    }
}
