//! `constraint-without-not-valid` (warning): a CHECK or FOREIGN KEY added to an existing table
//! is validated at once, scanning every row while writes wait (a foreign key also locks the
//! table it references). Added `NOT VALID`, it only applies to new rows; `VALIDATE
//! CONSTRAINT` in a later migration then checks the old ones under a lock that lets writes
//! through. Validated in the *same* transaction, nothing is gained: the ADD's lock (SHARE ROW
//! EXCLUSIVE for a foreign key, ACCESS EXCLUSIVE for a CHECK) is held until the commit, so
//! writes wait for the whole scan — reported too.

use pg_query::protobuf::{node::Node as N, ConstrType};

use super::statement::{added_constraints, Context, Detected};
use super::Rule;
use crate::check::Severity;

pub const RULE: Rule = Rule {
    id: "constraint-without-not-valid",
    default_severity: Severity::Warning,
    summary: "a CHECK or FOREIGN KEY added to an existing table without NOT VALID",
};

/// The constraints this transactional file added NOT VALID to existing tables: (table, name).
pub type NotValidAdded = Vec<(String, String)>;

pub fn detect(node: &N, ctx: &Context, not_valid: &mut NotValidAdded) -> Vec<Detected> {
    use pg_query::protobuf::AlterTableType;
    let mut found: Vec<Detected> = added_constraints(node, ctx, validated_kind)
        .into_iter()
        .map(|(table, what)| Detected {
            message: format!(
                "{what} on {table}, which existed before this migration, checks every row while \
                 writes wait; add it NOT VALID, then VALIDATE CONSTRAINT in a later migration"
            ),
            table,
        })
        .collect();
    if !ctx.transactional {
        return found; // each statement commits alone: the ADD's lock is gone by the VALIDATE
    }
    for (table, cmd) in super::statement::commands_of(node, ctx, AlterTableType::AtAddConstraint) {
        if let Some(N::Constraint(k)) = cmd.def.as_ref().and_then(|d| d.node.as_ref()) {
            if k.skip_validation && !k.conname.is_empty() {
                not_valid.push((table, k.conname.clone()));
            }
        }
    }
    for (table, cmd) in
        super::statement::commands_of(node, ctx, AlterTableType::AtValidateConstraint)
    {
        if not_valid.iter().any(|(t, c)| *t == table && *c == cmd.name) {
            found.push(Detected {
                message: format!(
                    "VALIDATE CONSTRAINT {} on {table} runs in the transaction that added it NOT \
                     VALID: the ADD's lock is held until the commit, so writes wait for the \
                     whole scan; validate in a later migration",
                    cmd.name
                ),
                table,
            });
        }
    }
    found
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

    #[test]
    fn not_valid_then_validate_in_one_transaction_gains_nothing() {
        let (dir, walk) = walk_of(&[
            (
                "V0001__a.sql",
                "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE a (id int, p_id int, n int);",
            ),
            (
                "V0002__b.sql",
                "ALTER TABLE a ADD CONSTRAINT a_p_fk FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;\n\
                 ALTER TABLE a VALIDATE CONSTRAINT a_p_fk;\n\
                 ALTER TABLE a ADD CONSTRAINT a_n_check CHECK (n > 0) NOT VALID;\n\
                 ALTER TABLE a VALIDATE CONSTRAINT a_n_check;",
            ),
            // Safe: each statement commits alone.
            (
                "V0003__c.sql",
                "-- hotelschema:no-transaction\n\
                 ALTER TABLE a ADD CONSTRAINT a_n2_check CHECK (n < 10) NOT VALID;\n\
                 ALTER TABLE a VALIDATE CONSTRAINT a_n2_check;",
            ),
            // Safe: validated in a later migration.
            ("V0004__d.sql", "ALTER TABLE a ADD CONSTRAINT a_n3_check CHECK (n < 11) NOT VALID;"),
            ("V0005__e.sql", "ALTER TABLE a VALIDATE CONSTRAINT a_n3_check;"),
            // An explicit BEGIN ... COMMIT in a no-transaction file is one transaction all the
            // same; after its COMMIT, the next statements commit alone again.
            (
                "V0006__f.sql",
                "-- hotelschema:no-transaction\n\
                 BEGIN;\n\
                 ALTER TABLE a ADD CONSTRAINT a_n4_check CHECK (n < 12) NOT VALID;\n\
                 ALTER TABLE a VALIDATE CONSTRAINT a_n4_check;\n\
                 COMMIT;\n\
                 ALTER TABLE a ADD CONSTRAINT a_n5_check CHECK (n < 13) NOT VALID;\n\
                 ALTER TABLE a VALIDATE CONSTRAINT a_n5_check;",
            ),
        ]);
        let found: Vec<String> = brief(&dir, check(&walk, false))
            .into_iter()
            .filter(|(_, m)| m.contains("runs in the transaction that added it"))
            .map(|(at, m)| format!("{at} {}", m.split(" on a").next().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                "V0002__b.sql:2 VALIDATE CONSTRAINT a_p_fk",
                "V0002__b.sql:4 VALIDATE CONSTRAINT a_n_check",
                "V0006__f.sql:4 VALIDATE CONSTRAINT a_n4_check"
            ]
        );
    }
}
