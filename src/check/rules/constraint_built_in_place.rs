//! `constraint-built-in-place` (warning): `ADD UNIQUE` / `ADD PRIMARY KEY` (or an EXCLUDE
//! constraint) on an existing table builds its index while reads and writes wait. Build the
//! unique index `CONCURRENTLY` first, then `ADD CONSTRAINT ... USING INDEX`, which takes the
//! lock only for an instant.

use pg_query::protobuf::{node::Node as N, ConstrType};

use super::statement::{added_constraints, Context, Detected};
use super::Rule;
use crate::check::Severity;

pub const RULE: Rule = Rule {
    id: "constraint-built-in-place",
    default_severity: Severity::Warning,
    summary: "a UNIQUE or PRIMARY KEY built in place on an existing table (not USING INDEX)",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    added_constraints(node, ctx, indexed_kind)
        .into_iter()
        .map(|(table, what)| Detected {
            message: format!(
                "{what} builds its index on {table}, which existed before this migration, while \
                 reads and writes wait; build a unique index CONCURRENTLY in a migration of its \
                 own, then ADD CONSTRAINT ... USING INDEX"
            ),
            table,
        })
        .collect()
}

/// The kind of a constraint that builds an index when added, unless it adopts one.
fn indexed_kind(k: &pg_query::protobuf::Constraint) -> Option<&'static str> {
    if !k.indexname.is_empty() {
        return None; // USING INDEX: the index exists already
    }
    match ConstrType::try_from(k.contype) {
        Ok(ConstrType::ConstrUnique) => Some("UNIQUE"),
        Ok(ConstrType::ConstrPrimary) => Some("PRIMARY KEY"),
        Ok(ConstrType::ConstrExclusion) => Some("EXCLUDE"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn unique_constraints_on_existing_tables_adopt_a_concurrent_index() {
        let (dir, walk) = walk_of(&[
            ("V0001__a.sql", "CREATE TABLE a (id int, b int, c int);"),
            ("V0002__b.sql", "ALTER TABLE a ADD CONSTRAINT a_b_uq UNIQUE (b);\nALTER TABLE a ADD PRIMARY KEY (id);"),
            (
                "V0003__c.sql",
                "-- hotelschema:no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY a_c_uq ON a (c);",
            ),
            ("V0004__d.sql", "ALTER TABLE a ADD CONSTRAINT a_c_uq UNIQUE USING INDEX a_c_uq;"),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("USING INDEX"))
            .map(|(at, m)| format!("{at} {}", m.split(" builds").next().unwrap()))
            .collect();
        assert_eq!(
            found,
            ["V0002__b.sql:1 UNIQUE a_b_uq", "V0002__b.sql:2 PRIMARY KEY"]
        );
    }
}
