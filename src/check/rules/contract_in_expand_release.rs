//! `contract-in-expand-release` (error; `--db`, and enforced by `migrate`): an expand/contract
//! change must span two releases. The expand (new column, sync trigger, backfill) is deployed
//! with the application version that writes both columns; the contract (old column and trigger
//! dropped) only once no running version uses the old column. An expand and its contract that
//! are both pending on a database whose table already exists would be applied in one run — the
//! old version, still running during the deploy, would lose its column. (On a new database,
//! where the table is created in the same run, no application runs yet: both may apply.)

use pg_query::protobuf::{node::Node as N, ObjectType};

use super::Rule;
use crate::check::{Finding, Severity};
use crate::migrations::LoadedMigration;
use crate::schema::expand::PREFIX;

pub const RULE: Rule = Rule {
    id: "contract-in-expand-release",
    default_severity: Severity::Error,
    summary: "an expand and its contract pending together: they would land in one release (--db)",
};

/// An expand and its contract among `pending`: (expand file, contract file, trigger).
pub struct SameRelease {
    pub expand: String,
    pub contract: String,
    pub contract_version: u32,
    pub trigger: String,
    /// The table being expanded (`schema.name` outside public).
    pub table: String,
}

impl SameRelease {
    pub fn message(&self) -> String {
        format!(
            "{} drops the expand trigger {} that {}, also pending, creates: the contract would \
             land in the same release as its expand, while the application version that uses \
             the old column still runs. Apply what comes before the contract first \
             (`hotelschema migrate --target {}`), deploy the version that uses the new column, \
             then migrate again",
            self.contract,
            self.trigger,
            self.expand,
            self.contract_version.saturating_sub(1)
        )
    }
}

/// Expands and contracts among the migrations not yet applied.
pub fn in_pending(pending: &[&LoadedMigration]) -> Vec<SameRelease> {
    let mut created: Vec<(String, String, &LoadedMigration)> = Vec::new();
    let mut out = Vec::new();
    for m in pending {
        // Most migrations never name an expand trigger: not parsed again for nothing (this runs
        // before every `migrate`).
        if !m.sql.contains(PREFIX) {
            continue;
        }
        let path = m.file.up.display().to_string();
        let Ok(statements) = crate::sql::replay::parse_statements(&path, &m.sql) else {
            continue; // `unparseable-migration` says why
        };
        for st in &statements {
            match &st.node {
                N::CreateTrigStmt(s) if s.trigname.starts_with(PREFIX) => {
                    let table = s
                        .relation
                        .as_ref()
                        .map(crate::sql::replay::loose_relation)
                        .unwrap_or_default();
                    created.push((s.trigname.clone(), table, m));
                }
                N::DropStmt(s) if s.remove_type == ObjectType::ObjectTrigger as i32 => {
                    for object in &s.objects {
                        let Some(N::List(l)) = object.node.as_ref() else {
                            continue;
                        };
                        let Some(Some(N::String(name))) = l.items.last().map(|n| n.node.as_ref())
                        else {
                            continue;
                        };
                        if let Some((_, table, expand)) =
                            created.iter().find(|(t, _, _)| *t == name.sval)
                        {
                            out.push(SameRelease {
                                expand: expand.file.up.display().to_string(),
                                contract: path.clone(),
                                contract_version: m.file.version,
                                trigger: name.sval.clone(),
                                table: table.clone(),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// `live_tables`: the tables the database has now (only those can have a running application).
pub fn findings(pending: &[&LoadedMigration], live_tables: &[String]) -> Vec<Finding> {
    in_pending(pending)
        .into_iter()
        .filter(|s| live_tables.contains(&s.table))
        .map(|s| {
            Finding::new(&RULE, s.message()).at(&crate::schema::model::Origin {
                file: s.contract.clone().into(),
                line: 1,
            })
        })
        .collect()
}
