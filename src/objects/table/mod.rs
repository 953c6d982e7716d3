//! Tables: the model (columns, keys, constraints, indexes, and what `check` and `generate` need
//! to know of a table), its SQL (`render.rs`), its planner (`diff.rs`), the lock-safe forms of
//! changes to a table that already holds rows (`online.rs`), and when two of its constraints
//! or indexes are the same (`same.rs`), and its YAML file for `pull` (`write.rs`). Tables are planned by `diff/` itself, not through the
//! registry: renames and the lock-safe forms touch them all.

pub mod annotated;
pub mod diff;
pub mod online;
pub mod read;
pub mod render;
pub mod same;
pub mod write;

use crate::objects::privilege::Grant;
use crate::origin::{Hint, Origin};
use crate::schema::types::ColumnType;

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub primary_key: Option<PrimaryKey>,
    pub foreign_keys: Vec<ForeignKey>,
    /// Unique constraints, and partial unique indexes (those with a `predicate`), which
    /// PostgreSQL can only express as `CREATE UNIQUE INDEX`.
    pub uniques: Vec<Unique>,
    pub indexes: Vec<Index>,
    pub checks: Vec<Check>,
    /// EXCLUDE constraints (no two rows whose keys all match by their operators).
    pub exclusions: Vec<Exclusion>,
    /// `PARTITION BY` and its partitions (see `objects::partition`).
    pub partitioning: Option<crate::objects::partition::Partitioning>,
    /// Its triggers (they live and die with it).
    pub triggers: Vec<crate::objects::trigger::Trigger>,
    /// ENABLE ROW LEVEL SECURITY.
    pub rls: bool,
    /// FORCE ROW LEVEL SECURITY (the owner too is subject to the policies).
    pub force_rls: bool,
    /// `REPLICA IDENTITY` when not the default (the primary key): what logical replication
    /// (Supabase realtime, a subscriber) sends of an updated or deleted row's old values.
    #[serde(default)]
    pub replica_identity: Option<ReplicaIdentity>,
    /// Its place on a Citus cluster (see `objects::distribution`); none: a plain table.
    #[serde(default)]
    pub distribution: Option<crate::objects::distribution::Distribution>,
    pub policies: Vec<crate::objects::policy::Policy>,
    /// GRANTs on it (see `objects::privilege`).
    pub grants: Vec<Grant>,
    /// A table the platform provides (`external: true`, e.g. Supabase's `auth.users`): never
    /// created, altered or dropped by a migration; only its triggers, policies and grants are
    /// the project's.
    pub external: bool,
    pub comment: Option<String>,
    pub renamed_from: Hint<Option<String>>,
    /// What `check` needs to know that the database does not hold.
    pub lint: Hint<TableLint>,
    /// How `generate` changes it once it exists.
    pub migration: Hint<TableMigration>,
    pub origin: Origin,
}

/// A table's replica identity other than the default (`REPLICA IDENTITY DEFAULT`: the primary
/// key's columns).
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum ReplicaIdentity {
    /// Every column of the old row.
    Full,
    /// Nothing of the old row.
    Nothing,
    /// The columns of a unique index (`USING INDEX name`).
    Index(String),
}

impl ReplicaIdentity {
    /// The YAML's word for it: `full`, `nothing`, `using index <name>`.
    pub fn yaml(&self) -> String {
        match self {
            ReplicaIdentity::Full => "full".into(),
            ReplicaIdentity::Nothing => "nothing".into(),
            ReplicaIdentity::Index(i) => format!("using index {i}"),
        }
    }

    /// Reads the YAML's word (`default` is no replica identity of its own: `None`).
    pub fn parse(word: &str) -> Result<Option<ReplicaIdentity>, String> {
        let lower = word.trim().to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        match words.as_slice() {
            ["default"] => Ok(None),
            ["full"] => Ok(Some(ReplicaIdentity::Full)),
            ["nothing"] => Ok(Some(ReplicaIdentity::Nothing)),
            ["using", "index", _] => {
                let name = word.split_whitespace().nth(2).unwrap_or_default();
                Ok(Some(ReplicaIdentity::Index(name.to_string())))
            }
            _ => Err(format!(
                "replica_identity `{word}`: write `default`, `full`, `nothing` or `using index \
                 <name of a unique index of the table>`"
            )),
        }
    }
}

/// How `generate` writes changes to a table that already exists (and so may hold rows).
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, Default)]
pub struct TableMigration {
    /// `plain_ddl: true` (a table known to be small): plain ALTERs and index builds instead of
    /// the lock-safe forms (NOT VALID then VALIDATE, CONCURRENTLY, USING INDEX).
    pub plain_ddl: bool,
    /// `backfill: <expression>` on a column: the value existing rows get when the column is
    /// added NOT NULL without a default.
    pub backfill: std::collections::BTreeMap<String, String>,
    /// Columns that replace others, expand/contract (`expand:` on the new column).
    pub expands: Vec<Expand>,
}

/// Declarations for `check`: tenancy, criticality, and exemptions with their reasons.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, Default)]
pub struct TableLint {
    /// `global: <reason>`: not a tenant table (e.g. the auth tables).
    pub global: Option<String>,
    /// `scoped_through: <column>`: belongs to a tenant through this foreign key column.
    pub scoped_through: Option<String>,
    /// `critical: true`: must have soft delete.
    pub critical: bool,
    pub exemptions: Vec<Exemption>,
}

/// `exempt: { rule-id: reason }` on a table or a column.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug)]
pub struct Exemption {
    pub rule: String,
    pub reason: String,
    pub table: String,
    pub column: Option<String>,
    pub origin: Origin,
}

impl Table {
    /// A table with no columns or constraints yet.
    pub fn empty(name: &str, origin: Origin) -> Table {
        Table {
            name: name.to_string(),
            columns: Vec::new(),
            primary_key: None,
            foreign_keys: Vec::new(),
            uniques: Vec::new(),
            indexes: Vec::new(),
            checks: Vec::new(),
            exclusions: Vec::new(),
            partitioning: None,
            triggers: Vec::new(),
            rls: false,
            force_rls: false,
            replica_identity: None,
            distribution: None,
            policies: Vec::new(),
            grants: Vec::new(),
            external: false,
            comment: None,
            renamed_from: Hint(None),
            lint: Hint::default(),
            migration: Hint::default(),
            origin,
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub column_type: ColumnType,
    pub nullable: bool,
    /// A SQL expression, exactly as it goes after `DEFAULT`.
    pub default: Option<String>,
    /// `GENERATED ... AS IDENTITY` (an integer column numbered by the database).
    pub identity: Option<Identity>,
    /// `GENERATED ALWAYS AS (expression) STORED`: the expression, as after `AS`.
    pub generated: Option<String>,
    /// `COLLATE`, when not the type's default (`C`, `und-x-icu`).
    pub collation: Option<String>,
    pub comment: Option<String>,
    pub renamed_from: Hint<Option<String>>,
    pub origin: Origin,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Identity {
    Always,
    ByDefault,
}

impl Identity {
    pub fn sql(self) -> &'static str {
        match self {
            Identity::Always => "GENERATED ALWAYS AS IDENTITY",
            Identity::ByDefault => "GENERATED BY DEFAULT AS IDENTITY",
        }
    }

    pub fn yaml(self) -> &'static str {
        match self {
            Identity::Always => "always",
            Identity::ByDefault => "by_default",
        }
    }
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PrimaryKey {
    pub name: String,
    pub columns: Vec<String>,
    pub origin: Origin,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FkAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub const YAML_NAMES: &'static [&'static str] = &[
        "cascade",
        "set_null",
        "set_default",
        "restrict",
        "no_action",
    ];

    pub fn from_yaml(s: &str) -> Option<Self> {
        Some(match s {
            "cascade" => Self::Cascade,
            "set_null" => Self::SetNull,
            "set_default" => Self::SetDefault,
            "restrict" => Self::Restrict,
            "no_action" => Self::NoAction,
            _ => return None,
        })
    }

    /// `set_null (guest_id)` in the YAML: the action and the columns it sets (PostgreSQL 15's
    /// `ON DELETE SET NULL (guest_id)`); without parentheses, no columns (all of the key's).
    pub fn split_columns(raw: &str) -> (&str, Vec<String>) {
        match raw.split_once('(') {
            Some((action, rest)) => (
                action.trim(),
                rest.trim_end()
                    .trim_end_matches(')')
                    .split(',')
                    .map(|c| c.trim().trim_matches('"').to_string())
                    .filter(|c| !c.is_empty())
                    .collect(),
            ),
            None => (raw.trim(), Vec::new()),
        }
    }

    pub fn sql(self) -> &'static str {
        match self {
            Self::NoAction => "NO ACTION",
            Self::Restrict => "RESTRICT",
            Self::Cascade => "CASCADE",
            Self::SetNull => "SET NULL",
            Self::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
    /// `ON DELETE SET NULL (columns)` / `SET DEFAULT (columns)` (PostgreSQL 15): only these of
    /// the key's columns are set (a tenant column in the key stays); empty: all of them.
    #[serde(default)]
    pub on_delete_columns: Vec<String>,
    /// Left `NOT VALID`: enforced on new rows, the rows there before it never checked.
    #[serde(default)]
    pub not_valid: bool,
    pub origin: Origin,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Unique {
    pub name: String,
    pub columns: Vec<String>,
    /// `WHERE` of a partial unique index; `None` for a plain unique constraint.
    pub predicate: Option<String>,
    /// A unique index rather than a unique constraint (as Prisma makes them). Partial ones
    /// always are.
    pub as_index: bool,
    /// `INCLUDE (...)`: columns the index carries without keying on them.
    #[serde(default)]
    pub include: Vec<String>,
    /// `NULLS NOT DISTINCT`: two NULLs count as equal (PostgreSQL 15).
    #[serde(default)]
    pub nulls_not_distinct: bool,
    pub origin: Origin,
}

impl Unique {
    /// Whether PostgreSQL holds it as a bare unique index (`CREATE UNIQUE INDEX`), not as a
    /// constraint.
    pub fn is_index(&self) -> bool {
        self.as_index || self.predicate.is_some()
    }
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Index {
    pub name: String,
    pub elements: Vec<IndexElement>,
    /// CREATE UNIQUE INDEX: uniqueness over expressions (`lower(email)`) or with an ordering,
    /// which a unique constraint cannot express.
    pub unique: bool,
    /// Access method when not btree (brin, gin, gist, hash, spgist...).
    pub method: Option<String>,
    pub predicate: Option<String>,
    /// Build it with CREATE INDEX CONCURRENTLY when it is added to an existing table.
    pub concurrently: Hint<bool>,
    /// `INCLUDE (...)`: columns the index carries without keying on them (index-only scans).
    #[serde(default)]
    pub include: Vec<String>,
    /// `NULLS NOT DISTINCT` of a unique index.
    #[serde(default)]
    pub nulls_not_distinct: bool,
    pub origin: Origin,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum IndexKey {
    Column(String),
    /// An expression such as `lower(email)`, as written.
    Expression(String),
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IndexElement {
    pub key: IndexKey,
    pub descending: bool,
    /// `Some(true)` for NULLS FIRST, `Some(false)` for NULLS LAST, `None` for the default.
    pub nulls_first: Option<bool>,
    /// A COLLATE other than the column's (`"C"`), as written.
    pub collation: Option<String>,
    /// An operator class other than the type's default (`gin_trgm_ops`, `jsonb_path_ops`,
    /// `extensions.gin_trgm_ops`).
    pub opclass: Option<String>,
}

/// `EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (...)`: no two rows whose
/// elements all match by their operators (no double booking).
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Exclusion {
    pub name: String,
    /// The index method (`gist` mostly).
    pub method: String,
    /// Each key and the operator it is compared with.
    pub elements: Vec<(IndexKey, String)>,
    pub predicate: Option<String>,
    pub origin: Origin,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub expression: String,
    /// Left `NOT VALID`: enforced on new rows, the rows there before it never checked.
    #[serde(default)]
    pub not_valid: bool,
    pub origin: Origin,
}

/// Whether a column of `tables` has the type `name` (an enum, domain or composite type), or an
/// array of it.
pub fn uses_type(tables: &[Table], name: &str) -> bool {
    tables.iter().any(|t| {
        t.columns
            .iter()
            .any(|c| matches!(&c.column_type.base, crate::schema::types::BaseType::Named(e) if e == name))
    })
}

/// The columns of type `old` have type `new`: a renamed type keeps its oid, so its columns
/// follow it.
pub fn follow_type_rename(tables: &mut [Table], old: &str, new: &str) {
    for c in tables.iter_mut().flat_map(|t| &mut t.columns) {
        if let crate::schema::types::BaseType::Named(e) = &mut c.column_type.base {
            if e == old {
                *e = new.to_string();
            }
        }
    }
}

/// Triggers calling the function `old` call it under its new name `new` (PostgreSQL keeps the
/// function's oid, so `pg_get_triggerdef` prints the new name).
pub fn follow_function_rename(tables: &mut [Table], old: &str, new: &str) {
    for t in tables {
        for tr in t.triggers.iter_mut().filter(|tr| tr.function == old) {
            tr.function = new.to_string();
        }
    }
}

/// One column replacing another.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Expand {
    /// The new column.
    pub column: String,
    /// The old column it replaces.
    pub from: String,
    /// PL/pgSQL expression of the row (`NEW.from`) giving the new column.
    pub forward: String,
    /// PL/pgSQL expression of the row (`NEW.column`) giving the old column.
    pub backward: String,
    pub origin: Origin,
}
