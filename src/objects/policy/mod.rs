//! Row-level security: a table's switches (`ENABLE` / `FORCE ROW LEVEL SECURITY`) and its
//! policies. The model, reading a policy from `CREATE POLICY` (replay) or from the YAML, and the
//! SQL that creates, alters and drops them. Policies belong to their table, as triggers do.

pub mod diff;
pub mod read;
pub mod rename;
pub mod replay;

use pg_query::protobuf::{self, node::Node as N, RoleSpecType};

use crate::origin::Origin;
use crate::sql::ident::{quote, quote_qualified};
use crate::sql::normal::{expression_sql, normalize_expression};

/// The commands a policy may apply to.
pub const COMMANDS: &[&str] = &["all", "select", "insert", "update", "delete"];

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    pub name: String,
    /// all, select, insert, update or delete.
    pub command: String,
    /// PERMISSIVE (true, the default) or RESTRICTIVE.
    pub permissive: bool,
    /// Role names, sorted; `public` when none is given.
    pub roles: Vec<String>,
    /// USING, in PostgreSQL's canonical spelling.
    pub using: Option<String>,
    /// WITH CHECK, in PostgreSQL's canonical spelling.
    pub with_check: Option<String>,
    pub comment: Option<String>,
    /// `renamed_from:` in the YAML: the next migration renames it.
    pub renamed_from: crate::origin::Hint<Option<String>>,
    pub origin: Origin,
}

fn sorted_roles(mut roles: Vec<String>) -> Vec<String> {
    if roles.is_empty() {
        roles.push("public".into());
    }
    roles.sort();
    roles.dedup();
    roles
}

impl Policy {
    /// From the YAML's spelling.
    pub fn declared(
        name: String,
        command: &str,
        permissive: bool,
        roles: Vec<String>,
        using: Option<&str>,
        with_check: Option<&str>,
        origin: Origin,
    ) -> Result<Policy, String> {
        if !COMMANDS.contains(&command) {
            return Err(format!(
                "command `{command}` is not one of {}",
                COMMANDS.join(", ")
            ));
        }
        if using.is_none() && with_check.is_none() {
            return Err("has neither `using` nor `with_check`".into());
        }
        Ok(Policy {
            name,
            command: command.to_string(),
            permissive,
            roles: sorted_roles(roles),
            using: using.map(normalize_expression),
            with_check: with_check.map(normalize_expression),
            comment: None,
            renamed_from: Default::default(),
            origin,
        })
    }

    /// From a `CREATE POLICY` statement.
    pub fn from_statement(
        s: &protobuf::CreatePolicyStmt,
        origin: Origin,
    ) -> Result<Policy, String> {
        Ok(Policy {
            name: s.policy_name.clone(),
            command: s.cmd_name.to_lowercase(),
            permissive: s.permissive,
            roles: roles_of(&s.roles)?,
            using: expression(s.qual.as_deref())?,
            with_check: expression(s.with_check.as_deref())?,
            comment: None,
            renamed_from: Default::default(),
            origin,
        })
    }

    /// `ALTER POLICY ... TO / USING / WITH CHECK`: what it changes.
    pub fn alter(&mut self, s: &protobuf::AlterPolicyStmt) -> Result<(), String> {
        if !s.roles.is_empty() {
            self.roles = roles_of(&s.roles)?;
        }
        if let Some(q) = expression(s.qual.as_deref())? {
            self.using = Some(q);
        }
        if let Some(c) = expression(s.with_check.as_deref())? {
            self.with_check = Some(c);
        }
        Ok(())
    }

    /// Whether the two differ in anything but their comment.
    pub fn same_definition(&self, other: &Policy) -> bool {
        Policy {
            comment: other.comment.clone(),
            ..self.clone()
        } == *other
    }

    pub fn create_sql(&self, table: &str) -> String {
        let mut sql = format!(
            "CREATE POLICY {} ON {} AS {} FOR {} TO {}",
            quote(&self.name),
            quote_qualified(table),
            if self.permissive {
                "PERMISSIVE"
            } else {
                "RESTRICTIVE"
            },
            self.command.to_uppercase(),
            self.roles
                .iter()
                .map(|r| if r == "public" {
                    "PUBLIC".to_string()
                } else {
                    quote(r)
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        if let Some(u) = &self.using {
            sql.push_str(&format!(" USING ({u})"));
        }
        if let Some(c) = &self.with_check {
            sql.push_str(&format!(" WITH CHECK ({c})"));
        }
        sql.push(';');
        sql
    }

    pub fn drop_sql(&self, table: &str) -> String {
        format!(
            "DROP POLICY {} ON {};",
            quote(&self.name),
            quote_qualified(table)
        )
    }
}

fn expression(node: Option<&protobuf::Node>) -> Result<Option<String>, String> {
    node.map(|n| expression_sql(n).map(|e| normalize_expression(&e)))
        .transpose()
}

fn roles_of(nodes: &[protobuf::Node]) -> Result<Vec<String>, String> {
    let mut roles = Vec::new();
    for n in nodes {
        let Some(N::RoleSpec(r)) = n.node.as_ref() else {
            continue;
        };
        match RoleSpecType::try_from(r.roletype) {
            Ok(RoleSpecType::RolespecCstring) => roles.push(r.rolename.clone()),
            Ok(RoleSpecType::RolespecPublic) => roles.push("public".into()),
            _ => return Err("policies for CURRENT_USER / SESSION_USER are not modelled".into()),
        }
    }
    Ok(sorted_roles(roles))
}

/// SQL that turns a table's row security from `was` to `now` ((enabled, forced)).
pub fn switch_sql(table: &str, was: (bool, bool), now: (bool, bool)) -> Vec<String> {
    let t = quote_qualified(table);
    let mut out = Vec::new();
    if was.0 != now.0 {
        out.push(format!(
            "ALTER TABLE {t} {} ROW LEVEL SECURITY;",
            if now.0 { "ENABLE" } else { "DISABLE" }
        ));
    }
    if was.1 != now.1 {
        out.push(format!(
            "ALTER TABLE {t} {} ROW LEVEL SECURITY;",
            if now.1 { "FORCE" } else { "NO FORCE" }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_sql_give_the_same_policy() {
        let yaml = Policy::declared(
            "tenant_isolation".into(),
            "all",
            true,
            vec!["authenticated".into()],
            Some("organization_id = current_setting('app.organization_id')::uuid"),
            None,
            Origin::default(),
        )
        .unwrap();
        let sql = yaml.create_sql("room");
        let parsed = pg_query::parse(&sql, 0).unwrap();
        let Some(N::CreatePolicyStmt(s)) = parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|s| s.node.as_ref())
        else {
            panic!("{sql}")
        };
        assert_eq!(Policy::from_statement(s, Origin::default()).unwrap(), yaml);
        assert!(Policy::declared(
            "p".into(),
            "merge",
            true,
            vec![],
            Some("true"),
            None,
            Origin::default()
        )
        .is_err());
    }
}
