//! `hotelschema check`: the conventions and the migration history, judged. Each rule lives in
//! its own file under `rules/`, with its tests; this module holds what they share — findings,
//! severities, exemptions — and runs them.

pub mod baseline;
pub mod ci_formats;
pub mod config;
pub mod custom;
pub mod report;
pub mod rules;

use serde::{Deserialize, Serialize};

use crate::schema::model::{Exemption, Origin, Schema};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found by a rule, with where it is and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's id; custom SQL rules are `custom/<file name>`.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Finding {
    /// A finding of `rule` (at its default severity) with `message`.
    pub fn new(rule: &rules::Rule, message: impl Into<String>) -> Finding {
        Finding::with_id(rule.id.to_string(), rule.default_severity, message.into())
    }

    /// A finding of a custom SQL rule (`checks/<name>.sql`), always an error.
    pub fn custom(name: &str, message: impl Into<String>) -> Finding {
        Finding::with_id(format!("custom/{name}"), Severity::Error, message.into())
    }

    fn with_id(rule: String, severity: Severity, message: String) -> Finding {
        Finding {
            rule,
            severity,
            message,
            table: None,
            column: None,
            columns: None,
            enum_name: None,
            name: None,
            file: None,
            line: None,
        }
    }

    pub fn table(mut self, t: &str) -> Self {
        self.table = Some(t.to_string());
        self
    }

    pub fn column(mut self, c: &str) -> Self {
        self.column = Some(c.to_string());
        self
    }

    pub fn columns(mut self, c: &[String]) -> Self {
        self.columns = Some(c.to_vec());
        self
    }

    pub fn enum_name(mut self, e: &str) -> Self {
        self.enum_name = Some(e.to_string());
        self
    }

    pub fn name(mut self, n: &str) -> Self {
        self.name = Some(n.to_string());
        self
    }

    pub fn at(mut self, origin: &Origin) -> Self {
        if !origin.file.is_empty() {
            self.file = Some(origin.file.to_string());
            self.line = Some(origin.line);
        }
        self
    }

    /// `room.floor`, `room`, `enum mood`, `room room_guest_id_fkey`: the object the finding is
    /// about, without where it is written (what a finding is keyed by: lines move).
    pub fn object(&self) -> String {
        let mut object = match (&self.table, &self.column, &self.enum_name) {
            (Some(t), Some(c), _) => format!("{t}.{c}"),
            (Some(t), None, _) => t.clone(),
            (None, _, Some(e)) => format!("enum {e}"),
            _ => String::new(),
        };
        if let Some(n) = &self.name {
            if !object.is_empty() {
                object.push(' ');
            }
            object.push_str(n);
        }
        object
    }

    /// `room.floor`, `room`, `enum mood`, or the file: where the finding is, for people.
    pub fn place(&self) -> String {
        let mut place = self.object();
        if let (Some(f), Some(l)) = (&self.file, self.line) {
            if !place.is_empty() {
                place.push_str(&format!(" ({f}:{l})"));
            } else {
                place = format!("{f}:{l}");
            }
        }
        place
    }
}

/// Drops findings that an exemption (with its reason) silences, and reports exemptions that
/// name an unknown rule or silence nothing.
pub fn apply_exemptions(findings: Vec<Finding>, exemptions: &[Exemption]) -> Vec<Finding> {
    let mut used = vec![false; exemptions.len()];
    let mut kept = Vec::new();
    for f in findings {
        let silencer = exemptions.iter().position(|e| {
            e.rule == f.rule
                && f.table.as_deref() == Some(e.table.as_str())
                && match &e.column {
                    None => true,
                    // A column exemption covers findings on that column, or on a key or index
                    // that includes it.
                    Some(c) => {
                        f.column.as_ref() == Some(c)
                            || f.columns.as_ref().is_some_and(|cols| cols.contains(c))
                    }
                }
        });
        match silencer {
            Some(i) => used[i] = true,
            None => kept.push(f),
        }
    }
    for (e, used) in exemptions.iter().zip(used) {
        let place = match &e.column {
            Some(c) => format!("{}.{c}", e.table),
            None => e.table.clone(),
        };
        if rules::by_id(&e.rule).is_none() {
            kept.push(
                Finding::new(
                    &rules::UNKNOWN_RULE,
                    format!(
                        "the exemption of {place} names `{}`, which is not a rule{}; fix the id \
                         (`hotelschema check --list-rules`)",
                        e.rule,
                        crate::schema::suggest::did_you_mean(&e.rule, rules::all().map(|r| r.id))
                    ),
                )
                .table(&e.table)
                .at(&e.origin),
            );
        } else if !used {
            kept.push(
                Finding::new(
                    &rules::UNUSED_EXEMPTION,
                    format!(
                        "the exemption of {place} from `{}` silences nothing any more; remove it",
                        e.rule
                    ),
                )
                .table(&e.table)
                .at(&e.origin),
            );
        }
    }
    kept
}

/// Every exemption declared in the YAML.
pub fn yaml_exemptions(schema: &Schema) -> Vec<Exemption> {
    schema
        .tables
        .iter()
        .flat_map(|t| t.lint.0.exemptions.iter().cloned())
        .collect()
}

/// What a run of `check` judged: said in every format, so a gate never passes on one thing
/// while its reader believes it judged another.
#[derive(serde::Serialize, Clone, Debug)]
pub struct Checked {
    /// `offline` (the YAML and the migrations) or `database`.
    pub mode: &'static str,
    /// In words: `schema/ and migrations/`, or the database.
    pub what: String,
}

impl Checked {
    pub fn offline(schema: &str, migrations: &str) -> Checked {
        Checked {
            mode: "offline",
            what: format!("{schema} and {migrations} (offline; a live database only with --db)"),
        }
    }

    pub fn database(display: &str) -> Checked {
        Checked {
            mode: "database",
            what: format!("the live database {display}"),
        }
    }
}
