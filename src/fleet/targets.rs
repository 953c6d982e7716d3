//! The targets file: the databases a fleet command runs on.
//!
//! ```yaml
//! targets:
//!   - { name: eu-1, url: "postgres://app@db-eu-1/hotel", group: production }
//!   - { name: staging, url_env: STAGING_DATABASE_URL, group: staging }
//! tenants:                                  # optional: databases listed by a query
//!   control_url_env: CONTROL_DATABASE_URL   # the database that knows the tenants
//!   query: SELECT name, url FROM tenant_databases WHERE active
//!   group: tenants
//! ```
//!
//! Passwords never sit in the file: a `url` holding one is refused (use `url_env`, or
//! `~/.pgpass`, which sqlx reads), and URLs are handed to each run through its environment,
//! never its command line, where `ps` would show them.

use std::path::Path;

use serde::Deserialize;

use crate::UsageError;

/// One database of the fleet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub url: String,
    pub group: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    targets: Vec<Entry>,
    tenants: Option<Tenants>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    url: Option<String>,
    url_env: Option<String>,
    group: Option<String>,
}

/// Tenant databases listed by a query on a control database: its rows give `name` and `url`.
#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct Tenants {
    pub control_url: Option<String>,
    pub control_url_env: Option<String>,
    pub query: String,
    pub group: Option<String>,
}

/// The targets file, read: the listed targets, and the tenant query still to run.
#[derive(Debug)]
pub struct Plan {
    pub targets: Vec<Target>,
    pub tenants: Option<(String, Tenants)>,
}

/// Reads `path`: every problem named with the file and the target.
pub fn read(path: &Path) -> anyhow::Result<Plan> {
    let shown = path.display().to_string();
    let text = crate::text_file::read(path).map_err(|e| {
        UsageError(format!(
            "{e:#}; --targets names a YAML file listing the databases"
        ))
    })?;
    let file: File = crate::schema::load::tree::deserialize(&text).map_err(|e| {
        let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
        UsageError(format!(
            "{shown}{line}: {}; each target is {{ name, url or url_env, group }}",
            e.message
        ))
    })?;
    let mut targets = Vec::new();
    for entry in file.targets {
        let url = url_of(&shown, &entry.name, entry.url, entry.url_env)?;
        if targets.iter().any(|t: &Target| t.name == entry.name) {
            return Err(UsageError(format!(
                "{shown}: two targets are named `{}`; give each its own name",
                entry.name
            ))
            .into());
        }
        targets.push(Target {
            name: entry.name,
            url,
            group: entry.group,
        });
    }
    let tenants = match file.tenants {
        Some(t) => {
            let control = url_of(
                &shown,
                "tenants (control database)",
                t.control_url.clone(),
                t.control_url_env.clone(),
            )?;
            Some((control, t))
        }
        None => None,
    };
    if targets.is_empty() && tenants.is_none() {
        return Err(UsageError(format!(
            "{shown} lists no targets; add `targets: [{{ name: eu-1, url_env: EU1_DATABASE_URL }}]`"
        ))
        .into());
    }
    Ok(Plan { targets, tenants })
}

/// A target's URL from `url` or the variable `url_env` names; a password written in the file is
/// refused.
fn url_of(
    file: &str,
    name: &str,
    url: Option<String>,
    url_env: Option<String>,
) -> anyhow::Result<String> {
    match (url, url_env) {
        (Some(url), None) => {
            refuse_password(file, name, &url)?;
            Ok(url)
        }
        (None, Some(var)) => std::env::var(&var).map_err(|_| {
            UsageError(format!(
                "{file}: target `{name}` reads its URL from ${var}, which is not set"
            ))
            .into()
        }),
        (Some(_), Some(_)) => Err(UsageError(format!(
            "{file}: target `{name}` has both `url` and `url_env`; keep one"
        ))
        .into()),
        (None, None) => {
            Err(UsageError(format!("{file}: target `{name}` has no `url` or `url_env`")).into())
        }
    }
}

pub fn refuse_password(file: &str, name: &str, url: &str) -> anyhow::Result<()> {
    let has_password = url::Url::parse(url)
        .map(|u| u.password().is_some())
        .unwrap_or(false);
    if has_password {
        return Err(UsageError(format!(
            "{file}: target `{name}` has a password in its url; keep passwords out of the file: \
             use `url_env: SOME_VARIABLE` or a ~/.pgpass entry"
        ))
        .into());
    }
    Ok(())
}

/// The targets of `group`, or all of them; an unknown group is an error naming the known ones.
pub fn of_group(targets: Vec<Target>, group: Option<&str>) -> anyhow::Result<Vec<Target>> {
    let Some(group) = group else {
        return Ok(targets);
    };
    let known: Vec<String> = targets.iter().filter_map(|t| t.group.clone()).collect();
    let chosen: Vec<Target> = targets
        .into_iter()
        .filter(|t| t.group.as_deref() == Some(group))
        .collect();
    if chosen.is_empty() {
        let mut known = known;
        known.sort();
        known.dedup();
        return Err(UsageError(format!(
            "no target is in group `{group}`; the groups are: {}",
            known.join(", ")
        ))
        .into());
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> anyhow::Result<Plan> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("targets.yaml");
        std::fs::write(&path, text).unwrap();
        read(&path)
    }

    #[test]
    fn targets_come_from_urls_and_variables_never_with_passwords() {
        std::env::set_var("HS_TEST_STAGING_URL", "postgres://app:pw@staging/hotel");
        let plan = read_text(
            "targets:\n  - { name: eu-1, url: \"postgres://app@db-eu-1/hotel\", group: production }\n  \
             - { name: staging, url_env: HS_TEST_STAGING_URL, group: staging }\n",
        )
        .unwrap();
        assert_eq!(plan.targets.len(), 2);
        assert_eq!(plan.targets[1].url, "postgres://app:pw@staging/hotel");
        assert_eq!(
            of_group(plan.targets, Some("staging")).unwrap()[0].name,
            "staging"
        );
        let e =
            read_text("targets:\n  - { name: eu-1, url: \"postgres://app:secret@db/hotel\" }\n")
                .unwrap_err()
                .to_string();
        assert!(e.contains("has a password in its url"), "{e}");
        assert!(!e.contains("secret"), "{e}");
        let e = read_text("targets:\n  - { name: x, url_env: HS_TEST_UNSET_VARIABLE }\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("$HS_TEST_UNSET_VARIABLE, which is not set"),
            "{e}"
        );
        let e = read_text("targets:\n  - { name: x, uri: y }\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(":2:") && e.contains("unknown field `uri`"),
            "{e}"
        );
        let e = of_group(
            read_text("targets:\n  - { name: a, url: \"postgres://h/d\", group: g }\n")
                .unwrap()
                .targets,
            Some("nope"),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("the groups are: g"), "{e}");
    }
}
