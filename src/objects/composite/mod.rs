//! Composite types (`CREATE TYPE name AS (attribute type, ...)`): the model, how one is read
//! (schema `.sql` files, the history — `ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE` included —
//! and introspection), and its SQL. Columns use one by name, as they use an enum.

pub mod annotated;
pub mod declare;
pub mod diff;
pub mod read;
pub mod rename;
pub mod replay;

use pg_query::protobuf::{self, node::Node as N, AlterTableType};

use crate::origin::Origin;
use crate::sql::ident::{quote, quote_qualified};
use crate::sql::normal::type_sql;

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Composite {
    /// `name`, or `schema.name` outside public.
    pub name: String,
    /// (attribute, type as [`type_sql`] writes it), in order.
    pub attributes: Vec<(String, String)>,
    pub comment: Option<String>,
    /// A declared rename (`-- renamed from: old_name` above it): the next migration renames it.
    pub renamed_from: crate::origin::Hint<Option<String>>,
    pub origin: Origin,
}

fn attribute(def: &protobuf::ColumnDef) -> Result<(String, String), String> {
    let t = def
        .type_name
        .as_ref()
        .ok_or("an attribute without a type")?;
    Ok((def.colname.clone(), type_sql(t)?))
}

impl Composite {
    pub fn from_statement(
        s: &protobuf::CompositeTypeStmt,
        origin: Origin,
    ) -> Result<Composite, String> {
        let rv = s.typevar.as_ref().ok_or("a type without a name")?;
        let name = crate::sql::normal::public_stripped(&rv.schemaname, &rv.relname);
        let mut attributes = Vec::new();
        for c in &s.coldeflist {
            if let Some(N::ColumnDef(def)) = c.node.as_ref() {
                attributes.push(attribute(def)?);
            }
        }
        Ok(Composite {
            name,
            attributes,
            comment: None,
            renamed_from: Default::default(),
            origin,
        })
    }

    /// Replays the commands of `ALTER TYPE name ADD/DROP/ALTER ATTRIBUTE`.
    pub fn alter(&mut self, cmds: &[protobuf::Node]) -> Result<(), String> {
        for cmd in cmds {
            let Some(N::AlterTableCmd(c)) = cmd.node.as_ref() else {
                continue;
            };
            let def = match c.def.as_ref().and_then(|d| d.node.as_ref()) {
                Some(N::ColumnDef(d)) => Some(d),
                _ => None,
            };
            match AlterTableType::try_from(c.subtype) {
                Ok(AlterTableType::AtAddColumn) => {
                    let a = attribute(def.ok_or("ADD ATTRIBUTE without a type")?)?;
                    if self.attributes.iter().any(|x| x.0 == a.0) {
                        return Err(format!("type {} already has attribute {}", self.name, a.0));
                    }
                    self.attributes.push(a);
                }
                Ok(AlterTableType::AtDropColumn) => {
                    let before = self.attributes.len();
                    self.attributes.retain(|x| x.0 != c.name);
                    if before == self.attributes.len() && !c.missing_ok {
                        return Err(format!("type {} has no attribute {}", self.name, c.name));
                    }
                }
                Ok(AlterTableType::AtAlterColumnType) => {
                    let t = attribute(def.ok_or("ALTER ATTRIBUTE without a type")?)?.1;
                    let a = self
                        .attributes
                        .iter_mut()
                        .find(|x| x.0 == c.name)
                        .ok_or_else(|| format!("type {} has no attribute {}", self.name, c.name))?;
                    a.1 = t;
                }
                _ => return Err("this ALTER TYPE command is not modelled".into()),
            }
        }
        Ok(())
    }

    pub fn create_sql(&self) -> String {
        let attributes: Vec<String> = self
            .attributes
            .iter()
            .map(|(n, t)| format!("{} {t}", quote(n)))
            .collect();
        format!(
            "CREATE TYPE {} AS ({});",
            quote_qualified(&self.name),
            attributes.join(", ")
        )
    }

    pub fn drop_sql(&self) -> String {
        format!("DROP TYPE {};", quote_qualified(&self.name))
    }

    pub fn add_sql(&self, (n, t): &(String, String)) -> String {
        format!(
            "ALTER TYPE {} ADD ATTRIBUTE {} {t};",
            quote_qualified(&self.name),
            quote(n)
        )
    }

    pub fn drop_attribute_sql(&self, n: &str) -> String {
        format!(
            "ALTER TYPE {} DROP ATTRIBUTE {};",
            quote_qualified(&self.name),
            quote(n)
        )
    }

    pub fn retype_sql(&self, (n, t): &(String, String)) -> String {
        format!(
            "ALTER TYPE {} ALTER ATTRIBUTE {} TYPE {t};",
            quote_qualified(&self.name),
            quote(n)
        )
    }
}
