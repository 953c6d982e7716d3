//! `fk-type-mismatch`: a foreign key column whose type is not its referenced column's
//! (`integer` referencing a `bigint`/`bigserial` id). PostgreSQL accepts it — so a database
//! taken over may well have one, and loading it must not fail — but the key column overflows
//! once the ids pass its range, and every join casts.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "fk-type-mismatch",
    default_severity: Severity::Error,
    summary: "a foreign key column of another type than the column it references",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let mut findings = Vec::new();
    for t in &ctx.schema.tables {
        for fk in &t.foreign_keys {
            let Some(target) = ctx.schema.table(&fk.ref_table) else {
                continue;
            };
            for (local, remote) in fk.columns.iter().zip(&fk.ref_columns) {
                let (Some(l), Some(r)) = (t.column(local), target.column(remote)) else {
                    continue;
                };
                if l.column_type.storage() != r.column_type.storage() {
                    findings.push(
                        Finding::new(
                            &RULE,
                            format!(
                                "{}.{} is {} but references {}.{}, which is {}; declare it \
                                 `type: {}`",
                                t.name,
                                l.name,
                                l.column_type,
                                target.name,
                                r.name,
                                r.column_type,
                                r.column_type.storage()
                            ),
                        )
                        .table(&t.name)
                        .columns(std::slice::from_ref(&l.name))
                        .at(&l.origin),
                    );
                }
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::super::testing::{run, ORG};
    use super::*;

    #[test]
    fn an_integer_key_to_a_bigserial_id_is_found() {
        let yaml = format!(
            "{ORG}  account:
    global: test
    columns:
      id: {{ type: bigserial, primary_key: true }}
  login:
    global: test
    columns:
      id: {{ type: bigserial, primary_key: true }}
      account_id: {{ type: integer, references: account.id, index: true }}
"
        );
        let found = run(check, &yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains(
                "login.account_id is integer but references account.id, which is bigserial"
            ),
            "{found:?}"
        );
    }
}
