//! `server-proof`: a migration pair fails on a real server (`check --dev-db URL`): an up or
//! down file PostgreSQL refuses, a down file that does not bring the database back to exactly
//! what it printed before its up file, or a history that does not give the declared schema.
//! What the offline replay cannot see — PostgreSQL is the judge.

use super::Rule;
use crate::check::{Finding, Severity};
use crate::origin::Origin;

pub const RULE: Rule = Rule {
    id: "server-proof",
    default_severity: Severity::Error,
    summary: "a migration pair fails on a real server (check --dev-db)",
};

/// One finding per refusal, placed on its file.
pub fn findings(refusals: &[crate::db::proof::Refusal]) -> Vec<Finding> {
    refusals
        .iter()
        .map(|(file, message)| {
            let mut f = Finding::new(&RULE, message.clone());
            if !file.is_empty() {
                f = f.at(&Origin::new(file, 1));
            }
            f
        })
        .collect()
}
