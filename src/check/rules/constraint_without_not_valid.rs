//! `constraint-without-not-valid` (warning): a CHECK or FOREIGN KEY added to an existing table
//! is validated at once, scanning every row while writes wait (a foreign key also locks the
//! table it references). Added `NOT VALID`, it only applies to new rows; `VALIDATE
//! CONSTRAINT` in a later migration then checks the old ones under a lock that lets writes
//! through.

use pg_query::protobuf::{node::Node as N, ConstrType};

use super::statement::{added_constraints, Context, Detected};
use super::Rule;
use crate::check::Severity;

pub const RULE: Rule = Rule {
    id: "constraint-without-not-valid",
    default_severity: Severity::Warning,
    summary: "a CHECK or FOREIGN KEY added to an existing table without NOT VALID",
};

pub fn detect(node: &N, ctx: &Context) -> Vec<Detected> {
    added_constraints(node, ctx, validated_kind)
        .into_iter()
        .map(|(table, what)| Detected {
            message: format!(
                "{what} on {table}, which existed before this migration, checks every row while \
                 writes wait; add it NOT VALID, then VALIDATE CONSTRAINT in a later migration"
            ),
            table,
        })
        .collect()
}

/// "CHECK" or "FOREIGN KEY" when `k` is one and is validated when added.
fn validated_kind(k: &pg_query::protobuf::Constraint) -> Option<&'static str> {
    if k.skip_validation {
        return None;
    }
    match ConstrType::try_from(k.contype) {
        Ok(ConstrType::ConstrCheck) => Some("CHECK"),
        Ok(ConstrType::ConstrForeign) => Some("FOREIGN KEY"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::hazard_findings as check;
    use super::super::testing::{brief, walk_of};

    #[test]
    fn constraints_on_existing_tables_are_added_not_valid() {
        let (dir, walk) = walk_of(&[
            (
                "V0001__a.sql",
                "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE a (id int, p_id int, n int);",
            ),
            (
                "V0002__b.sql",
                "ALTER TABLE a ADD CONSTRAINT a_n_check CHECK (n > 0);\n\
                 ALTER TABLE a ADD CONSTRAINT a_p_fk FOREIGN KEY (p_id) REFERENCES p (id);\n\
                 ALTER TABLE a ADD CONSTRAINT a_n2_check CHECK (n < 10) NOT VALID;\n\
                 ALTER TABLE a ADD COLUMN q int REFERENCES p (id);",
            ),
            (
                "V0003__c.sql",
                "ALTER TABLE a VALIDATE CONSTRAINT a_n2_check;",
            ),
        ]);
        let found: Vec<_> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("NOT VALID, then"))
            .map(|(at, m)| format!("{at} {}", m.split(" on a,").next().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                "V0002__b.sql:1 CHECK a_n_check",
                "V0002__b.sql:2 FOREIGN KEY a_p_fk",
                "V0002__b.sql:4 FOREIGN KEY on the new column q"
            ]
        );
    }
}
