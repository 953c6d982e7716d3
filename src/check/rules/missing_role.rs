//! `missing-role`: a role the schema declares (`roles:`) — and that its policies and grants
//! name — does not exist on the server. Roles are cluster objects that migrations never create,
//! so the first GRANT or CREATE POLICY naming it would fail the deploy. (Needs `--db`.)

use super::Rule;
use crate::check::{Finding, Severity};
use crate::schema::model::ExternalRole;

pub const RULE: Rule = Rule {
    id: "missing-role",
    default_severity: Severity::Error,
    summary: "a declared role does not exist on the server (--db)",
};

/// `declared` roles that are not among `existing` ones.
pub fn findings(declared: &[ExternalRole], existing: &[String]) -> Vec<Finding> {
    declared
        .iter()
        .filter(|r| !existing.contains(&r.name))
        .map(|r| {
            let mut f = Finding::new(
                &RULE,
                format!(
                    "role `{}` (declared at {}) does not exist on this server: create it with \
                     `CREATE ROLE \"{}\" NOLOGIN;` (roles belong to the cluster; migrations \
                     never create them)",
                    r.name, r.origin, r.name
                ),
            );
            f.name = Some(r.name.clone());
            if r.origin.line > 0 {
                f.file = Some(r.origin.file.to_string());
                f.line = Some(r.origin.line);
            }
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::Origin;

    #[test]
    fn one_error_per_declared_role_the_server_lacks() {
        let role = |name: &str| ExternalRole {
            name: name.into(),
            origin: Origin {
                file: "_types.yaml".into(),
                line: 2,
            },
        };
        let found = findings(&[role("anon"), role("app_user")], &["app_user".into()]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "missing-role");
        assert!(found[0].message.contains("CREATE ROLE \"anon\""));
        assert!(findings(&[role("app_user")], &["app_user".into()]).is_empty());
    }
}
