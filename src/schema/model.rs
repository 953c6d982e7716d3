//! The one in-memory model of a PostgreSQL schema. YAML loading, replaying migrations and
//! introspecting a database all fill it, so every command compares and renders `Schema`s
//! rather than parsing things its own way.

pub use crate::names::{local_name, namespace_of, sibling_name};
pub use crate::origin::{Hint, Origin};

pub use crate::objects::enum_type::EnumType;
pub use crate::objects::extension::Extension;
pub use crate::objects::namespace::Namespace;
pub use crate::objects::table::{
    follow_function_rename, Check, Column, Exclusion, Exemption, Expand, FkAction, ForeignKey,
    Identity, Index, IndexElement, IndexKey, PrimaryKey, ReplicaIdentity, Table, TableLint,
    TableMigration, Unique,
};

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    /// Schemas other than `public` that the project creates (`schemas:` in YAML). Their tables
    /// and enums are named `schema.name`; a name without a dot lives in `public`.
    pub schemas: Vec<Namespace>,
    pub extensions: Vec<Extension>,
    pub enums: Vec<EnumType>,
    pub tables: Vec<Table>,
    /// Functions and procedures, declared in `schema/*.sql`.
    pub functions: Vec<crate::objects::function::Function>,
    /// Views, declared in `schema/*.sql`.
    pub views: Vec<crate::objects::view::View>,
    /// Roles the schema expects to exist (`roles:` in the YAML). Cluster objects: never created
    /// or dropped by a migration, only named by policies and grants.
    pub roles: Vec<ExternalRole>,
    /// Standalone sequences, declared in `schema/*.sql`.
    pub sequences: Vec<crate::objects::sequence::Sequence>,
    /// Domains, declared in `schema/*.sql`.
    pub domains: Vec<crate::objects::domain::Domain>,
    /// Composite types, declared in `schema/*.sql`.
    pub composites: Vec<crate::objects::composite::Composite>,
    /// Grants on schema `public` (which the project does not create, so has no `Namespace`).
    pub public_grants: Vec<Grant>,
    /// `ALTER DEFAULT PRIVILEGES`, declared in `schema/*.sql`.
    pub default_privileges: Vec<crate::objects::privilege::DefaultPrivilege>,
    /// Raw SQL the model does not interpret (`raw:` in the YAML; see `objects::raw`).
    pub raw: Vec<crate::objects::raw::RawSql>,
    /// Publications (logical replication), declared in `schema/*.sql`.
    #[serde(default)]
    pub publications: Vec<crate::objects::publication::Publication>,
}

use crate::objects::privilege::Grant;

/// A role the database provides (`authenticated`, `app_user`...).
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ExternalRole {
    pub name: String,
    pub origin: Origin,
}

impl Schema {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    pub fn enum_type(&self, name: &str) -> Option<&EnumType> {
        self.enums.iter().find(|e| e.name == name)
    }

    pub fn is_empty(&self) -> bool {
        self.schemas.is_empty()
            && self.extensions.is_empty()
            && self.enums.is_empty()
            && self.tables.is_empty()
            && self.functions.is_empty()
            && self.views.is_empty()
            && self.sequences.is_empty()
            && self.domains.is_empty()
            && self.composites.is_empty()
            && self.default_privileges.is_empty()
            && self.raw.is_empty()
            && self.publications.is_empty()
    }

    /// Names of the types the schema declares (enums, domains, composite types), which
    /// columns may use.
    pub fn type_names(&self) -> Vec<&str> {
        self.enums
            .iter()
            .map(|e| e.name.as_str())
            .chain(self.domains.iter().map(|d| d.name.as_str()))
            .chain(self.composites.iter().map(|c| c.name.as_str()))
            .collect()
    }
}
