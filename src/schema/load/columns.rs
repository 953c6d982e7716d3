//! A column as declared: its options as written (`ColumnSpec`, read through serde with
//! `deny_unknown_fields`), and as kept until resolution (`ColumnOptions`).

use serde::Deserialize;

use crate::schema::model::Origin;

pub struct ColumnDecl {
    pub name: String,
    pub spec: ColumnOptions,
    pub origin: Origin,
}

/// A column's options kept until resolution: the common ones inline, the rare ones in one box.
/// A 2,000-table schema declares 24,000 columns: kept whole (`ColumnSpec`, ~370 bytes) their
/// declarations were 13 MB of fresh memory, and the kernel zeroing it a twentieth of `check`.
pub struct ColumnOptions {
    pub type_name: String,
    pub nullable: bool,
    pub default: Option<String>,
    pub primary_key: bool,
    pub references: Option<String>,
    pub on_delete: Option<String>,
    pub unique: bool,
    pub index: bool,
    pub comment: Option<String>,
    rare: Option<Box<RareColumnOptions>>,
}

/// The options few columns have (see `ColumnSpec` for each one's meaning).
#[derive(PartialEq)]
pub struct RareColumnOptions {
    pub on_update: Option<String>,
    pub renamed_from: Option<String>,
    pub identity: Option<String>,
    pub generated: Option<String>,
    pub collation: Option<String>,
    pub backfill: Option<String>,
    pub expand: Option<ExpandSpec>,
    pub exempt: std::collections::BTreeMap<String, String>,
}

/// A column without any rare option.
static NONE: RareColumnOptions = RareColumnOptions {
    on_update: None,
    renamed_from: None,
    identity: None,
    generated: None,
    collation: None,
    backfill: None,
    expand: None,
    exempt: std::collections::BTreeMap::new(),
};

impl ColumnOptions {
    /// The rare options, all unset when the column has none.
    pub fn rare(&self) -> &RareColumnOptions {
        self.rare.as_deref().unwrap_or(&NONE)
    }
}

impl From<ColumnSpec> for ColumnOptions {
    fn from(s: ColumnSpec) -> Self {
        let rare = RareColumnOptions {
            on_update: s.on_update,
            renamed_from: s.renamed_from,
            identity: s.identity,
            generated: s.generated,
            collation: s.collation,
            backfill: s.backfill,
            expand: s.expand,
            exempt: s.exempt,
        };
        let none = rare == NONE;
        ColumnOptions {
            type_name: s.type_name,
            nullable: s.nullable,
            default: s.default,
            primary_key: s.primary_key,
            references: s.references,
            on_delete: s.on_delete,
            unique: s.unique,
            index: s.index,
            comment: s.comment,
            rare: (!none).then(|| Box::new(rare)),
        }
    }
}

// Read as written, then kept as `ColumnOptions` (the rare fields boxed).
/// A column's options, as written (`floor: { type: integer, nullable: true }`).
#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    #[serde(rename = "type")]
    pub type_name: String,
    #[serde(default)]
    pub nullable: bool,
    pub default: Option<String>,
    #[serde(default)]
    pub primary_key: bool,
    /// `table.column`, or `table` for its single-column primary key.
    pub references: Option<String>,
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
    /// Shorthand for a one-column unique constraint named `{table}_{column}_uq`.
    #[serde(default)]
    pub unique: bool,
    /// Shorthand for a one-column index named `{table}_{column}_idx`.
    #[serde(default)]
    pub index: bool,
    pub comment: Option<String>,
    /// The column's previous name: the next migration renames it instead of dropping it.
    pub renamed_from: Option<String>,
    /// `always` or `by_default`: GENERATED ... AS IDENTITY.
    pub identity: Option<String>,
    /// `GENERATED ALWAYS AS (<expression>) STORED`: a column computed from the others.
    pub generated: Option<String>,
    /// `COLLATE`: the column's collation, when not the database's default (`C`).
    pub collation: Option<String>,
    /// For a NOT NULL column without a default added to a table that exists: the value (a SQL
    /// expression, a constant) its existing rows get.
    pub backfill: Option<String>,
    /// This column replaces another one, expand/contract: kept in sync with it both ways by a
    /// trigger, and filled from it, until the old column is removed.
    pub expand: Option<ExpandSpec>,
    /// `{ rule-id: reason }`: findings of these rules on this column are accepted.
    #[serde(default)]
    pub exempt: std::collections::BTreeMap<String, String>,
}

/// `expand: { from: old_column, forward: ..., backward: ... }` on the new column.
#[derive(Deserialize, Default, Clone, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpandSpec {
    /// The column this one replaces.
    pub from: String,
    /// The new column's value from the row, in PL/pgSQL (`NEW.old`): default `NEW.old::type`.
    pub forward: Option<String>,
    /// The old column's value from the row (`NEW.new`): default `NEW.new::old_type`.
    pub backward: Option<String>,
}
