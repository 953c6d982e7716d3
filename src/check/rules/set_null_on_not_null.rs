//! `set-null-on-not-null`: `on_delete: set_null` on a NOT NULL column. PostgreSQL accepts the
//! key (a database taken over may have one), and then refuses every delete of a referenced
//! row that has referencing rows: the action can never run.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};
use crate::schema::model::FkAction;

pub const RULE: Rule = Rule {
    id: "set-null-on-not-null",
    default_severity: Severity::Error,
    summary: "ON DELETE SET NULL on a NOT NULL column: deleting a referenced row fails",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let mut findings = Vec::new();
    for t in &ctx.schema.tables {
        for fk in t
            .foreign_keys
            .iter()
            .filter(|f| f.on_delete == FkAction::SetNull)
        {
            // `set_null (guest_id)` sets only the columns it lists.
            let set = if fk.on_delete_columns.is_empty() {
                &fk.columns
            } else {
                &fk.on_delete_columns
            };
            for c in set.iter().filter_map(|c| t.column(c)) {
                if !c.nullable {
                    findings.push(
                        Finding::new(
                            &RULE,
                            format!(
                                "{}.{} is NOT NULL, so `on_delete: set_null` of {} fails when a \
                                 referenced row is deleted; add `nullable: true`, or choose \
                                 another action (cascade, restrict...)",
                                t.name, c.name, fk.name
                            ),
                        )
                        .table(&t.name)
                        .columns(std::slice::from_ref(&c.name))
                        .name(&fk.name)
                        .at(&c.origin),
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
    fn set_null_on_a_required_column_is_found() {
        let yaml = format!(
            "{ORG}  room:
    global: test
    columns:
      id: {{ type: uuid, primary_key: true }}
  bed:
    global: test
    columns:
      id: {{ type: uuid, primary_key: true }}
      room_id: {{ type: uuid, references: room.id, on_delete: set_null, nullable: false, index: true }}
"
        );
        let found = run(check, &yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("bed.room_id is NOT NULL"), "{found:?}");
    }
}
