//! `checks/config.yaml`: who the tenant is, each rule's severity, and exemptions (each with a
//! reason). Every key is optional; a missing file means the defaults.
//!
//! ```yaml
//! tenant:
//!   column: organization_id     # default
//!   root: organization          # default: what the tenant column references
//! rules:
//!   organization-id-not-leading: error    # error | warning | off
//! exemptions:
//!   - { rule: fk-without-index, table: activity_log, column: guest_id, reason: "..." }
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::rules::{self, all};
use super::Severity;
use crate::schema::model::{Exemption, Origin};
use crate::schema::suggest::did_you_mean;
use crate::UsageError;

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub tenant: TenantConfig,
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    #[serde(default)]
    pub exemptions: Vec<ConfigExemption>,
    /// `citus`: the schema must be distributable by the tenant column (rule
    /// `citus-distribution`).
    pub distribution: Option<Distribution>,
    #[serde(default)]
    pub migrations: MigrationsConfig,
    /// Where it was read from, for messages.
    #[serde(skip)]
    pub path: String,
    #[serde(skip)]
    text: String,
}

/// What the statement rules require of every migration.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
pub struct MigrationsConfig {
    /// Every migration that locks an existing table sets lock_timeout and statement_timeout
    /// first (rule `missing-timeout`).
    #[serde(default)]
    pub require_timeouts: bool,
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
pub struct TenantConfig {
    pub column: Option<String>,
    pub root: Option<String>,
    /// `required`: every tenant table must have row-level security (rule `rls-required`).
    pub rls: Option<RlsRequirement>,
}

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RlsRequirement {
    Required,
    Optional,
}

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    Citus,
}

#[derive(Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ConfigExemption {
    pub rule: String,
    pub table: String,
    pub column: Option<String>,
    pub reason: String,
}

/// One step down a YAML tree: a mapping's key, or a sequence's item.
enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

/// The line of the node at `path` (a key's own line for a mapping entry).
fn line_of(tree: &marked_yaml::Node, path: &[Step]) -> Option<usize> {
    let mut node = tree;
    let mut line = None;
    for step in path {
        match (step, node) {
            (Step::Key(k), marked_yaml::Node::Mapping(m)) => {
                let (key, value) = m.iter().find(|(key, _)| key.as_str() == *k)?;
                line = key.span().start().map(|s| s.line());
                node = value;
            }
            (Step::Item(i), marked_yaml::Node::Sequence(s)) => {
                node = s.get(*i)?;
                line = node.span().start().map(|s| s.line());
            }
            _ => return None,
        }
    }
    line
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, UsageError> {
        let shown = path.display().to_string();
        if !path.exists() {
            return Ok(Config {
                path: shown,
                ..Config::default()
            });
        }
        let text = crate::text_file::read(path).map_err(|e| UsageError(format!("{e:#}")))?;
        let mut config: Config = if text.trim().is_empty() {
            Config::default()
        } else {
            crate::schema::load::tree::deserialize(&text).map_err(|e| {
                UsageError(format!(
                    "{shown}{}: {}; see docs/check.md for the format",
                    e.line.map(|l| format!(":{l}")).unwrap_or_default(),
                    e.message
                ))
            })?
        };
        // Where each entry is, for the errors below (what serde reads keeps no lines).
        let tree = crate::schema::load::tree::parse(&text).ok();
        let at = |path: &[Step]| {
            tree.as_ref()
                .and_then(|t| line_of(t, path))
                .map(|l| format!(":{l}"))
                .unwrap_or_default()
        };
        for id in config.rules.keys() {
            if rules::by_id(id).is_none() {
                return Err(UsageError(format!(
                    "{shown}{}: `rules:` names `{id}`, which is not a rule{}; `hotelschema check \
                     --list-rules` lists them",
                    at(&[Step::Key("rules"), Step::Key(id)]),
                    did_you_mean(id, all().map(|r| r.id))
                )));
            }
        }
        for (i, e) in config.exemptions.iter().enumerate() {
            let here = at(&[Step::Key("exemptions"), Step::Item(i)]);
            if rules::by_id(&e.rule).is_none() {
                return Err(UsageError(format!(
                    "{shown}{here}: the exemption of {} names `{}`, which is not a rule{}; \
                     `hotelschema check --list-rules` lists them",
                    e.table,
                    e.rule,
                    did_you_mean(&e.rule, all().map(|r| r.id))
                )));
            }
            if e.reason.trim().is_empty() {
                return Err(UsageError(format!(
                    "{shown}{here}: the exemption of {} from `{}` has no reason; write why it is \
                     an exception",
                    e.table, e.rule
                )));
            }
        }
        config.path = shown;
        config.text = text;
        Ok(config)
    }

    /// The severity of `rule` after configuration; `None` when it is off.
    pub fn severity(&self, rule: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(rule) {
            Some(Level::Off) => None,
            Some(Level::Warning) => Some(Severity::Warning),
            Some(Level::Error) => Some(Severity::Error),
            None => Some(default),
        }
    }

    pub fn exemptions(&self) -> Vec<Exemption> {
        self.exemptions
            .iter()
            .map(|e| {
                // What serde reads keeps no positions for list items: find the rule's line.
                let line = self
                    .text
                    .lines()
                    .position(|l| l.contains(&e.rule) && l.contains(&e.table))
                    .map_or(1, |i| i + 1);
                Exemption {
                    rule: e.rule.clone(),
                    reason: e.reason.clone(),
                    table: e.table.clone(),
                    column: e.column.clone(),
                    origin: Origin {
                        file: self.path.clone().into(),
                        line,
                    },
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, UsageError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, text).unwrap();
        Config::load(&path)
    }

    #[test]
    fn reads_severities_tenancy_and_exemptions() {
        let c = load(
            "tenant: { column: tenant_id, root: tenant }\nrules:\n  unused-enum: off\n  \
             organization-id-not-leading: error\nexemptions:\n  - { rule: fk-without-index, \
             table: log, reason: \"append-only, never joined\" }\n",
        )
        .unwrap();
        assert_eq!(c.tenant.column.as_deref(), Some("tenant_id"));
        assert_eq!(c.severity("unused-enum", Severity::Error), None);
        assert_eq!(
            c.severity("organization-id-not-leading", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(c.exemptions()[0].origin.line, 6);
    }

    #[test]
    fn mistakes_are_usage_errors_at_their_line() {
        let e = load("rules:\n  unused-enum: off\n  unused-enums: off\n").unwrap_err();
        assert!(
            e.0.contains("config.yaml:3: `rules:` names `unused-enums`"),
            "{e}"
        );
        assert!(e.0.contains("did you mean `unused-enum`?"), "{e}");
        let e = load("# config\nrulez: {}\n").unwrap_err();
        assert!(e.0.contains("config.yaml:2: unknown field `rulez`"), "{e}");
        let e = load(
            "exemptions:\n  - { rule: unused-enum, table: t, reason: ok }\n  - { rule: unused-enum, table: t, reason: \"\" }\n",
        )
        .unwrap_err();
        assert!(e.0.contains("config.yaml:3: the exemption of t"), "{e}");
        assert!(e.0.contains("has no reason"), "{e}");
        let e = load("exemptions:\n  - { rule: unused-enumz, table: t, reason: x }\n").unwrap_err();
        assert!(
            e.0.contains("config.yaml:2: the exemption of t names `unused-enumz`"),
            "{e}"
        );
        let e = load("rules:\n  unused-enum: maybe\n").unwrap_err();
        assert!(e.0.contains("unknown variant `maybe`"), "{e}");
        assert!(e.0.contains("config.yaml:2"), "{e}");
    }
}
