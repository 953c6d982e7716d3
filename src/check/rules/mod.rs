//! The rules, one file each, with stable kebab-case ids. Schema rules judge a `Schema` (from
//! the YAML today; from a live database later); migration rules judge the migrations directory.

mod adding_required_column;
pub mod applied_migration_edited;
mod blocking_maintenance;
mod breaking_rename;
pub mod catalog_drift;
mod citus_distribution;
mod concurrently_in_transaction;
mod conditional_creates;
mod constraint_built_in_place;
mod constraint_without_not_valid;
pub mod contract_in_expand_release;
mod destructive_change;
mod distributed_table_ddl;
mod duplicate_migration_version;
pub mod exclusive_locks_on_several_tables;
mod fk_type_mismatch;
mod fk_without_index;
mod identifier_too_long;
mod index_name_suffix;
pub mod invalid_index;
mod irreversible_migration;
mod migrations_out_of_sync;
mod missing_down_migration;
mod missing_organization_id;
pub mod missing_role;
mod missing_soft_delete;
mod missing_timeout;
mod non_concurrent_detach;
mod non_concurrent_index;
pub mod not_modelled;
mod organization_id_not_leading;
mod persistence_change;
mod policy_without_tenant;
mod rewriting_type_change;
mod rls_required;
pub mod schema_drift;
mod security_definer_search_path;
pub mod server_proof;
mod set_not_null;
mod set_null_on_not_null;
mod timestamp_without_tz;
mod unique_name_suffix;
mod unparseable_migration;
mod unused_enum;
mod unused_trigger_function;
mod volatile_default;

pub mod hazards;
pub mod history;
pub mod statement;

use super::{Finding, Severity};
use crate::schema::model::Schema;

/// A rule's identity: its stable id, default severity, and what it checks.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub default_severity: Severity,
    pub summary: &'static str,
}

pub const UNKNOWN_RULE: Rule = Rule {
    id: "unknown-rule",
    default_severity: Severity::Error,
    summary: "an exemption names a rule that does not exist",
};

pub const UNUSED_EXEMPTION: Rule = Rule {
    id: "unused-exemption",
    default_severity: Severity::Warning,
    summary: "an exemption silences nothing any more",
};

/// A `checks/baseline.yaml` entry that accepts nothing (see `check::baseline`).
pub const STALE_BASELINE: Rule = Rule {
    id: "stale-baseline",
    default_severity: Severity::Warning,
    summary: "a baseline entry that matches no finding any more",
};

/// The rules before the statement hazard rules, in the order `--list-rules` shows them.
const BEFORE_HAZARDS: &[&Rule] = &[
    &fk_without_index::RULE,
    &fk_type_mismatch::RULE,
    &set_null_on_not_null::RULE,
    &timestamp_without_tz::RULE,
    &missing_organization_id::RULE,
    &organization_id_not_leading::RULE,
    &unused_enum::RULE,
    &unique_name_suffix::RULE,
    &index_name_suffix::RULE,
    &missing_soft_delete::RULE,
    &identifier_too_long::RULE,
    &citus_distribution::RULE,
    &rls_required::RULE,
    &policy_without_tenant::RULE,
    &security_definer_search_path::RULE,
    &unused_trigger_function::RULE,
    &migrations_out_of_sync::RULE,
    &missing_down_migration::RULE,
    &duplicate_migration_version::RULE,
    &unparseable_migration::RULE,
    &irreversible_migration::RULE,
];

/// The rules after them.
const AFTER_HAZARDS: &[&Rule] = &[
    &hazards::STALE_ALLOW,
    &destructive_change::RULE,
    &schema_drift::RULE,
    &server_proof::RULE,
    &catalog_drift::RULE,
    &applied_migration_edited::RULE,
    &contract_in_expand_release::RULE,
    &invalid_index::RULE,
    &missing_role::RULE,
    &not_modelled::RULE,
    &UNKNOWN_RULE,
    &UNUSED_EXEMPTION,
    &STALE_BASELINE,
];

/// Every rule, in the order `--list-rules` shows them: the statement hazard rules are listed
/// once, in `hazards::RULES`.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    BEFORE_HAZARDS
        .iter()
        .chain(hazards::RULES)
        .chain(AFTER_HAZARDS)
        .copied()
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id == id)
}

/// The findings of the statement rules over the whole walk. `missing-timeout` reports only
/// when the configuration requires timeouts (`migrations: { require_timeouts: true }`).
pub fn hazard_findings(walk: &history::Walk, require_timeouts: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for step in &walk.steps {
        for h in &step.hazards {
            if h.rule == missing_timeout::RULE.id && !require_timeouts {
                continue;
            }
            let Some(rule) = hazards::RULES.iter().find(|r| r.id == h.rule) else {
                continue;
            };
            out.push(
                Finding::new(rule, h.message.clone())
                    .table(&h.table)
                    .at(&h.origin),
            );
        }
        for (origin, why) in &step.allow_problems {
            out.push(Finding::new(&hazards::STALE_ALLOW, why.clone()).at(origin));
        }
    }
    out
}

/// Who the tenant is: the column every tenant table carries, and the table it points at.
#[derive(Clone, Debug)]
pub struct Tenancy {
    pub column: String,
    pub root: String,
    /// `distribution: citus` in the config: the schema must be distributable by `column`.
    pub citus: bool,
    /// `tenant: { rls: required }`: every tenant table has row-level security and a policy.
    pub rls_required: bool,
}

/// What schema rules look at.
pub struct SchemaContext<'a> {
    pub schema: &'a Schema,
    pub tenancy: Tenancy,
}

impl Tenancy {
    /// `root` when configured; else the table the tenant column's foreign keys reference;
    /// else `organization`.
    pub fn resolve(schema: &Schema, column: &str, root: Option<&str>) -> Tenancy {
        let root = root.map(str::to_string).unwrap_or_else(|| {
            schema
                .tables
                .iter()
                .flat_map(|t| &t.foreign_keys)
                .find(|fk| fk.columns == [column.to_string()])
                .map(|fk| fk.ref_table.clone())
                .unwrap_or_else(|| "organization".to_string())
        });
        Tenancy {
            column: column.to_string(),
            root,
            citus: false,
            rls_required: false,
        }
    }
}

pub fn schema_rules(ctx: &SchemaContext) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(fk_without_index::check(ctx));
    findings.extend(fk_type_mismatch::check(ctx));
    findings.extend(set_null_on_not_null::check(ctx));
    findings.extend(timestamp_without_tz::check(ctx));
    findings.extend(missing_organization_id::check(ctx));
    findings.extend(organization_id_not_leading::check(ctx));
    findings.extend(unused_enum::check(ctx));
    findings.extend(unique_name_suffix::check(ctx));
    findings.extend(index_name_suffix::check(ctx));
    findings.extend(missing_soft_delete::check(ctx));
    findings.extend(identifier_too_long::check(ctx));
    findings.extend(citus_distribution::check(ctx));
    findings.extend(rls_required::check(ctx));
    findings.extend(policy_without_tenant::check(ctx));
    findings.extend(security_definer_search_path::check(ctx));
    findings.extend(unused_trigger_function::check(ctx));
    findings
}

/// Runs the migration rules over a walk of the migrations directory, with the YAML's schema
/// to compare the history with.
/// `require_timeouts`: the configuration's `migrations: { require_timeouts: true }`.
pub fn migration_rules(
    walk: &history::Walk,
    declared: &Schema,
    require_timeouts: bool,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(missing_down_migration::check(walk));
    findings.extend(duplicate_migration_version::check(walk));
    findings.extend(unparseable_migration::check(walk));
    findings.extend(irreversible_migration::check(walk));
    findings.extend(hazard_findings(walk, require_timeouts));
    findings.extend(destructive_change::check(walk));
    findings.extend(identifier_too_long::check_migrations(walk));
    findings.extend(migrations_out_of_sync::check(walk, declared));
    findings
}

#[cfg(test)]
pub mod testing {
    //! Helpers for the rules' tests.
    use super::*;

    pub fn schema(yaml: &str) -> Schema {
        crate::schema::load_sources(&[("schema/test.yaml".to_string(), yaml.to_string())])
            .unwrap_or_else(|e| panic!("fixture is invalid:\n{e}"))
    }

    pub fn run(rule: fn(&SchemaContext) -> Vec<Finding>, yaml: &str) -> Vec<(String, String)> {
        run_with_sql(rule, yaml, "")
    }

    /// The messages of `rule` on `yaml`, with the tenancy adjusted first (opt-in rules).
    pub fn messages_with(
        rule: fn(&SchemaContext) -> Vec<Finding>,
        yaml: &str,
        adjust: impl Fn(&mut Tenancy),
    ) -> Vec<String> {
        let s = schema(yaml);
        let mut tenancy = Tenancy::resolve(&s, "organization_id", None);
        adjust(&mut tenancy);
        rule(&SchemaContext {
            tenancy,
            schema: &s,
        })
        .into_iter()
        .map(|f| f.message)
        .collect()
    }

    /// The same, with `schema/test.sql` declaring functions.
    pub fn run_with_sql(
        rule: fn(&SchemaContext) -> Vec<Finding>,
        yaml: &str,
        sql: &str,
    ) -> Vec<(String, String)> {
        let s = crate::schema::load_sources(&[
            ("schema/test.yaml".to_string(), yaml.to_string()),
            ("schema/test.sql".to_string(), sql.to_string()),
        ])
        .unwrap_or_else(|e| panic!("fixture is invalid:\n{e}"));
        let ctx = SchemaContext {
            tenancy: Tenancy::resolve(&s, "organization_id", None),
            schema: &s,
        };
        rule(&ctx)
            .into_iter()
            .map(|f| (f.place(), f.message))
            .collect()
    }

    /// A migrations directory holding `files` (name, content), walked.
    pub fn walk_of(files: &[(&str, &str)]) -> (tempfile::TempDir, history::Walk) {
        let dir = tempfile::tempdir().unwrap();
        for (name, sql) in files {
            std::fs::write(dir.path().join(name), sql).unwrap();
        }
        let walk = history::walk(dir.path()).unwrap();
        (dir, walk)
    }

    /// (file name:line, message) of each finding, with the temporary directory removed.
    pub fn brief(dir: &tempfile::TempDir, findings: Vec<Finding>) -> Vec<(String, String)> {
        let root = format!("{}/", dir.path().display());
        findings
            .into_iter()
            .map(|f| {
                (
                    format!(
                        "{}:{}",
                        f.file.unwrap_or_default().replace(&root, ""),
                        f.line.unwrap_or(0)
                    ),
                    f.message.replace(&root, ""),
                )
            })
            .collect()
    }

    pub const ORG: &str = "
tables:
  organization:
    columns:
      id: { type: uuid, primary_key: true }
";
}
