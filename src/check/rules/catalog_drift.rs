//! `catalog-drift`: the live database and what its applied migrations build agree in every
//! fact the model holds, yet PostgreSQL prints them differently — an index's `INCLUDE`, a
//! constraint left `NOT VALID`, a publication, a replica identity, a grant: something the model
//! has no words for, changed by hand or lost on the way. (Needs `--db`; judged when
//! `schema-drift` finds nothing, so a difference is never reported twice.)

use super::Rule;
use crate::check::{Finding, Severity};
use crate::db::drift::CatalogDrift;
use crate::schema::diagnostic::escape_controls;

pub const RULE: Rule = Rule {
    id: "catalog-drift",
    default_severity: Severity::Error,
    summary: "the database and its applied migrations differ in what PostgreSQL prints (--db)",
};

/// One finding per line one side prints and the other does not.
pub fn findings(drift: &CatalogDrift) -> Vec<Finding> {
    let missing = drift.missing.iter().map(|l| {
        format!(
            "the applied migrations build `{}`, which the database does not have as such",
            escape_controls(l)
        )
    });
    let unexpected = drift.unexpected.iter().map(|l| {
        format!(
            "the database has `{}`, which the applied migrations do not build",
            escape_controls(l)
        )
    });
    missing
        .chain(unexpected)
        .map(|what| {
            Finding::new(
                &RULE,
                format!("{what}; put the change in a migration (`raw:` for what the YAML has no words for), or undo it by hand"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_is_named() {
        let drift = CatalogDrift {
            missing: vec![
                "index public.t_a_idx CREATE INDEX t_a_idx ON public.t USING btree (a)".into(),
            ],
            unexpected: vec![
                "index public.t_a_idx CREATE INDEX t_a_idx ON public.t USING btree (a) INCLUDE (b)"
                    .into(),
            ],
        };
        let found: Vec<String> = findings(&drift).into_iter().map(|f| f.message).collect();
        assert_eq!(found.len(), 2);
        assert!(found[0].contains("the applied migrations build `index public.t_a_idx"));
        assert!(found[1].contains("the database has `index") && found[1].contains("INCLUDE (b)"));
    }
}
