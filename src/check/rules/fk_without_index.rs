//! `fk-without-index`: every foreign key needs one index whose leading columns are exactly the
//! key's (in any order), or deleting a referenced row scans the whole referencing table.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};
use crate::schema::model::{IndexKey, Table};

pub const RULE: Rule = Rule {
    id: "fk-without-index",
    default_severity: Severity::Error,
    summary: "a foreign key whose columns do not lead an index",
};

/// The leading columns of every index that can serve lookups: indexes and unique indexes
/// without a WHERE (a partial index does not cover every row), and the primary key.
fn leading_columns(t: &Table) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    for i in t.indexes.iter().filter(|i| i.predicate.is_none()) {
        let cols: Vec<&str> = i
            .elements
            .iter()
            .map_while(|e| match &e.key {
                IndexKey::Column(c) => Some(c.as_str()),
                IndexKey::Expression(_) => None,
            })
            .collect();
        out.push(cols);
    }
    for u in t.uniques.iter().filter(|u| u.predicate.is_none()) {
        out.push(u.columns.iter().map(String::as_str).collect());
    }
    if let Some(pk) = &t.primary_key {
        out.push(pk.columns.iter().map(String::as_str).collect());
    }
    out
}

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let mut findings = Vec::new();
    for t in &ctx.schema.tables {
        let indexes = leading_columns(t);
        for fk in &t.foreign_keys {
            let mut wanted: Vec<&str> = fk.columns.iter().map(String::as_str).collect();
            wanted.sort();
            let covered = indexes.iter().any(|cols| {
                cols.len() >= wanted.len() && {
                    let mut head = cols[..wanted.len()].to_vec();
                    head.sort();
                    head == wanted
                }
            });
            if !covered {
                findings.push(
                    Finding::new(
                        &RULE,
                        format!(
                            "foreign key {} ({}) → {} has no index led by its columns; add \
                             `- {{ columns: [{}] }}` to the table's `indexes:` (or `index: true` \
                             on a one-column key)",
                            fk.name,
                            fk.columns.join(", "),
                            fk.ref_table,
                            fk.columns.join(", ")
                        ),
                    )
                    .table(&t.name)
                    .columns(&fk.columns)
                    .name(&fk.name)
                    .at(&fk.origin),
                );
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
    fn a_key_needs_one_index_led_by_exactly_its_columns() {
        let yaml = format!(
            "{ORG}  room:
    columns:
      id: {{ type: uuid, primary_key: true }}
      organization_id: {{ type: uuid, references: organization.id }}
      guest_id: uuid
      org2: uuid
    foreign_keys:
      - {{ columns: [org2, guest_id], references: {{ table: pair, columns: [a, b] }} }}
    indexes:
      - {{ columns: [organization_id] }}
  pair:
    columns:
      a: uuid
      b: uuid
    primary_key: [a, b]
"
        );
        assert_eq!(
            run(check, &yaml),
            [(
                "room room_org2_guest_id_fkey (schema/test.yaml:13)".to_string(),
                "foreign key room_org2_guest_id_fkey (org2, guest_id) → pair has no index led by \
                 its columns; add `- { columns: [org2, guest_id] }` to the table's `indexes:` (or \
                 `index: true` on a one-column key)"
                    .to_string()
            )]
        );
    }

    #[test]
    fn indexes_in_any_order_unique_and_primary_keys_count() {
        let yaml = format!(
            "{ORG}  room:
    columns:
      id: {{ type: uuid, primary_key: true, references: organization.id }}
      organization_id: {{ type: uuid, references: organization.id }}
      guest_id: uuid
      org2: uuid
    foreign_keys:
      - {{ columns: [org2, guest_id], references: {{ table: pair, columns: [a, b] }} }}
    indexes:
      - {{ columns: [guest_id, org2, id] }}
    unique:
      - {{ columns: [organization_id, guest_id] }}
  pair:
    columns:
      a: uuid
      b: uuid
    primary_key: [a, b]
"
        );
        assert_eq!(run(check, &yaml), []);
    }
}
