//! Domains: a base type with a default, NOT NULL and named CHECK constraints. The model, how one
//! is read from `CREATE DOMAIN` / `ALTER DOMAIN` (schema `.sql` files, the migration history, and
//! the statement introspection prints from the catalog), and its SQL. Columns use a domain by
//! name, as they use an enum.

pub mod annotated;
pub mod declare;
pub mod diff;
pub mod read;
pub mod rename;
pub mod replay;

use pg_query::protobuf::{self, node::Node as N, ConstrType};

use crate::names::local_name;
use crate::origin::Origin;
use crate::sql::ident::{quote, quote_qualified};
use crate::sql::normal::{expression_sql, type_sql};

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    /// `name`, or `schema.name` outside public.
    pub name: String,
    /// The base type, as [`type_sql`] writes it.
    pub base: String,
    pub default: Option<String>,
    pub not_null: bool,
    pub checks: Vec<DomainCheck>,
    pub comment: Option<String>,
    /// A declared rename (`-- renamed from: old_name` above it): the next migration renames it.
    pub renamed_from: crate::origin::Hint<Option<String>>,
    pub origin: Origin,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct DomainCheck {
    pub name: String,
    /// The expression (with `VALUE`), as pg_query writes it back.
    pub expression: String,
}

impl Domain {
    pub fn from_statement(
        s: &protobuf::CreateDomainStmt,
        origin: Origin,
    ) -> Result<Domain, String> {
        let name = crate::objects::function::qualified(&s.domainname)?;
        if s.coll_clause.is_some() {
            return Err(format!("domain {name}: COLLATE is not modelled"));
        }
        let base = type_sql(s.type_name.as_ref().ok_or("a domain without a type")?)?;
        let mut d = Domain {
            name,
            base,
            default: None,
            not_null: false,
            checks: Vec::new(),
            comment: None,
            renamed_from: Default::default(),
            origin,
        };
        for c in &s.constraints {
            if let Some(N::Constraint(c)) = c.node.as_ref() {
                d.constraint(c)?;
            }
        }
        Ok(d)
    }

    /// Adds a constraint of `CREATE DOMAIN` or `ALTER DOMAIN ... ADD`.
    fn constraint(&mut self, c: &protobuf::Constraint) -> Result<(), String> {
        match ConstrType::try_from(c.contype) {
            Ok(ConstrType::ConstrNotnull) => self.not_null = true,
            Ok(ConstrType::ConstrNull) => self.not_null = false,
            Ok(ConstrType::ConstrDefault) => {
                self.default = Some(expression_sql(
                    c.raw_expr.as_deref().ok_or("DEFAULT without a value")?,
                )?)
            }
            Ok(ConstrType::ConstrCheck) => {
                let expression =
                    expression_sql(c.raw_expr.as_deref().ok_or("CHECK without a condition")?)?;
                // PostgreSQL's name for an unnamed one: <domain>_check, then _check1, ...,
                // the domain's name cut so that the whole fits 63 bytes (makeObjectName).
                let name = if c.conname.is_empty() {
                    let named = |label: &str| {
                        let room = 63 - label.len() - 1;
                        format!(
                            "{}_{label}",
                            crate::sql::ident::cut_at_char(local_name(&self.name), room)
                        )
                    };
                    let mut name = named("check");
                    let mut n = 0;
                    while self.checks.iter().any(|x| x.name == name) {
                        n += 1;
                        name = named(&format!("check{n}"));
                    }
                    name
                } else {
                    c.conname.clone()
                };
                if self.checks.iter().any(|x| x.name == name) {
                    return Err(format!(
                        "domain {} has two constraints named {name}",
                        self.name
                    ));
                }
                self.checks.push(DomainCheck { name, expression });
            }
            _ => {
                return Err(format!(
                    "domain {}: this kind of constraint is not modelled",
                    self.name
                ))
            }
        }
        Ok(())
    }

    /// Replays `ALTER DOMAIN`.
    pub fn alter(&mut self, s: &protobuf::AlterDomainStmt) -> Result<(), String> {
        match s.subtype.as_str() {
            "T" => {
                self.default = match s.def.as_deref() {
                    Some(e) => Some(expression_sql(e)?),
                    None => None,
                }
            }
            "N" => self.not_null = false,
            "O" => self.not_null = true,
            "C" => match s.def.as_ref().and_then(|d| d.node.as_ref()) {
                Some(N::Constraint(c)) => self.constraint(c)?,
                _ => return Err("ALTER DOMAIN ADD without a constraint".into()),
            },
            "X" => {
                let before = self.checks.len();
                self.checks.retain(|c| c.name != s.name);
                if before == self.checks.len() && !s.missing_ok {
                    return Err(format!("domain {} has no constraint {}", self.name, s.name));
                }
            }
            "V" => {}
            other => return Err(format!("ALTER DOMAIN ({other}) is not modelled")),
        }
        Ok(())
    }

    pub fn create_sql(&self) -> String {
        let mut sql = format!(
            "CREATE DOMAIN {} AS {}",
            quote_qualified(&self.name),
            self.base
        );
        if let Some(d) = &self.default {
            sql.push_str(&format!(" DEFAULT {d}"));
        }
        if self.not_null {
            sql.push_str(" NOT NULL");
        }
        for c in &self.checks {
            sql.push_str(&format!(
                " CONSTRAINT {} CHECK ({})",
                quote(&c.name),
                c.expression
            ));
        }
        sql.push(';');
        sql
    }

    pub fn drop_sql(&self) -> String {
        format!("DROP DOMAIN {};", quote_qualified(&self.name))
    }

    fn alter_prefix(&self) -> String {
        format!("ALTER DOMAIN {}", quote_qualified(&self.name))
    }

    pub fn default_sql(&self) -> String {
        match &self.default {
            Some(d) => format!("{} SET DEFAULT {d};", self.alter_prefix()),
            None => format!("{} DROP DEFAULT;", self.alter_prefix()),
        }
    }

    pub fn not_null_sql(&self) -> String {
        let verb = if self.not_null { "SET" } else { "DROP" };
        format!("{} {verb} NOT NULL;", self.alter_prefix())
    }

    pub fn add_check_sql(&self, c: &DomainCheck) -> String {
        format!(
            "{} ADD CONSTRAINT {} CHECK ({});",
            self.alter_prefix(),
            quote(&c.name),
            c.expression
        )
    }

    pub fn drop_check_sql(&self, c: &DomainCheck) -> String {
        format!(
            "{} DROP CONSTRAINT {};",
            self.alter_prefix(),
            quote(&c.name)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(sql: &str) -> Result<Domain, String> {
        let parsed = pg_query::parse(sql, 0).unwrap();
        let Some(N::CreateDomainStmt(s)) = parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|s| s.node.as_ref())
        else {
            panic!("{sql}")
        };
        Domain::from_statement(s, Origin::default())
    }

    #[test]
    fn unnamed_checks_get_postgresql_names_and_spellings_compare_equal() {
        let a = read("CREATE DOMAIN email AS text CHECK (VALUE ~ '@') CHECK (length(VALUE) < 200)")
            .unwrap();
        assert_eq!(a.checks[0].name, "email_check");
        assert_eq!(a.checks[1].name, "email_check1");
        let b = read(
            "create domain public.email as TEXT constraint email_check check (value ~ '@') \
             constraint email_check1 check (length(value) < 200)",
        )
        .unwrap();
        assert_eq!(a, b);
        assert_eq!(read(&a.create_sql()).unwrap(), a);
    }
}
