//! Publications (logical replication: Supabase realtime, Debezium, a read replica by
//! subscription): `CREATE PUBLICATION name FOR TABLE a, b [WITH (publish = '...')]` or `FOR ALL
//! TABLES`, declared in `schema/*.sql`. The model: which tables, what it publishes, and whether
//! a partition's changes are published as its root's. Row filters (`WHERE`), column lists and
//! `TABLES IN SCHEMA` are not modelled: such a publication is refused with its name, never
//! read halfway.

pub mod declare;
pub mod diff;
pub mod read;
pub mod replay;
pub mod validate;
pub mod write;

use crate::origin::Origin;
use crate::sql::ident::{quote, quote_qualified};

/// What a publication publishes when `publish` is not given: everything.
pub const ALL_ACTIONS: &[&str] = &["insert", "update", "delete", "truncate"];

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    pub name: String,
    /// `FOR ALL TABLES`.
    pub all_tables: bool,
    /// The tables it publishes (model names), sorted; empty with `all_tables`.
    pub tables: Vec<String>,
    /// What it publishes, in [`ALL_ACTIONS`]' order.
    pub publish: Vec<String>,
    /// `publish_via_partition_root`.
    pub via_root: bool,
    /// The platform's (Supabase's `supabase_realtime`): never created or dropped by a
    /// migration, only its tables are the project's. Not compared: both sides of drift hold
    /// the same publication whoever made it.
    #[serde(default)]
    pub external: crate::origin::Hint<bool>,
    pub origin: Origin,
}

impl Publication {
    /// The `WITH (...)` options that differ from PostgreSQL's defaults.
    fn options(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.publish != ALL_ACTIONS {
            out.push(format!("publish = '{}'", self.publish.join(", ")));
        }
        if self.via_root {
            out.push("publish_via_partition_root = true".into());
        }
        out
    }

    pub fn create_sql(&self) -> String {
        let mut sql = format!("CREATE PUBLICATION {}", quote(&self.name));
        if self.all_tables {
            sql.push_str(" FOR ALL TABLES");
        } else if !self.tables.is_empty() {
            let tables: Vec<String> = self.tables.iter().map(|t| quote_qualified(t)).collect();
            sql.push_str(&format!(" FOR TABLE {}", tables.join(", ")));
        }
        let options = self.options();
        if !options.is_empty() {
            sql.push_str(&format!(" WITH ({})", options.join(", ")));
        }
        sql.push(';');
        sql
    }

    pub fn drop_sql(&self) -> String {
        format!("DROP PUBLICATION {};", quote(&self.name))
    }

    /// How `schema/*.sql` declares it: `CREATE PUBLICATION ...`, or for the platform's, the
    /// project's tables added to it.
    pub fn declaration(&self) -> Option<String> {
        if !self.external.0 {
            return Some(self.create_sql());
        }
        if self.tables.is_empty() {
            return None;
        }
        let tables: Vec<String> = self.tables.iter().map(|t| quote_qualified(t)).collect();
        Some(format!(
            "ALTER PUBLICATION {} ADD TABLE {};",
            quote(&self.name),
            tables.join(", ")
        ))
    }

    /// `ALTER PUBLICATION ... SET (...)` giving every option its value in `self`.
    pub fn set_options_sql(&self) -> String {
        format!(
            "ALTER PUBLICATION {} SET (publish = '{}', publish_via_partition_root = {});",
            quote(&self.name),
            self.publish.join(", "),
            self.via_root
        )
    }

    /// `ALTER PUBLICATION ... ADD|DROP TABLE t`.
    pub fn table_sql(&self, add: bool, table: &str) -> String {
        format!(
            "ALTER PUBLICATION {} {} TABLE {};",
            quote(&self.name),
            if add { "ADD" } else { "DROP" },
            quote_qualified(table)
        )
    }
}
