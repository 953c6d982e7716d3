//! The duplicate keys of one CREATE TABLE, folded as PostgreSQL folds them, so a history that
//! writes `a int UNIQUE PRIMARY KEY` replays to the one index the database has.

use pg_query::protobuf::{self, node::Node as N, ConstrType};

use crate::schema::model::{Table, Unique};

/// What PostgreSQL does with the keys of one CREATE TABLE (`transformIndexConstraints`): one
/// index per set of key columns — the primary key first, then each UNIQUE unless an earlier
/// one (or the primary key) has the same columns, in which case it is dropped and, when the
/// earlier one was unnamed and it is named, gives it its name. `a int UNIQUE PRIMARY KEY` is
/// one primary key.
pub(super) fn fold(table: &mut Table, elements: &[protobuf::Node]) {
    // The statement's PRIMARY KEY and UNIQUE constraints, in order: (primary?, named?).
    let mut keys: Vec<(bool, bool)> = Vec::new();
    let mut note = |c: &protobuf::Constraint| {
        let kind = ConstrType::try_from(c.contype).unwrap_or(ConstrType::Undefined);
        if c.indexname.is_empty()
            && matches!(kind, ConstrType::ConstrUnique | ConstrType::ConstrPrimary)
        {
            keys.push((kind == ConstrType::ConstrPrimary, !c.conname.is_empty()));
        }
    };
    for e in elements {
        match e.node.as_ref() {
            Some(N::ColumnDef(d)) => {
                for c in &d.constraints {
                    if let Some(N::Constraint(c)) = c.node.as_ref() {
                        note(c);
                    }
                }
            }
            Some(N::Constraint(c)) => note(c),
            _ => {}
        }
    }
    let named: Vec<bool> = keys.iter().filter(|(pk, _)| !pk).map(|(_, n)| *n).collect();
    if named.len() != table.uniques.len() {
        return; // not the statement's uniques alone: nothing to fold
    }
    let mut pk_named = keys.iter().any(|(pk, n)| *pk && *n);
    let mut kept: Vec<(Unique, bool)> = Vec::new();
    for (u, was_named) in std::mem::take(&mut table.uniques).into_iter().zip(named) {
        if let Some(pk) = table
            .primary_key
            .as_mut()
            .filter(|pk| pk.columns == u.columns)
        {
            if !pk_named && was_named {
                pk.name = u.name;
                pk_named = true;
            }
            continue;
        }
        if let Some((prior, prior_named)) = kept.iter_mut().find(|(k, _)| k.columns == u.columns) {
            if !*prior_named && was_named {
                prior.name = u.name;
                *prior_named = true;
            }
            continue;
        }
        kept.push((u, was_named));
    }
    table.uniques = kept.into_iter().map(|(u, _)| u).collect();
}
