//! When two foreign keys, unique constraints or indexes are the same: the planner changes only
//! what differs, and renames what kept its definition under a new name.

use crate::diff::options::{same_expr, same_opt_expr};
use crate::objects::table::{ForeignKey, Index, IndexKey, Unique};

pub fn same_index(a: &Index, b: &Index) -> bool {
    a.method == b.method
        && a.unique == b.unique
        && a.include == b.include
        && a.nulls_not_distinct == b.nulls_not_distinct
        && same_opt_expr(a.predicate.as_ref(), b.predicate.as_ref())
        && a.elements.len() == b.elements.len()
        && a.elements.iter().zip(&b.elements).all(|(x, y)| {
            x.descending == y.descending
                && x.nulls_first == y.nulls_first
                && x.collation == y.collation
                && x.opclass == y.opclass
                && match (&x.key, &y.key) {
                    (IndexKey::Column(p), IndexKey::Column(q)) => p == q,
                    (IndexKey::Expression(p), IndexKey::Expression(q)) => same_expr(p, q),
                    _ => false,
                }
        })
}

pub fn same_unique(a: &Unique, b: &Unique) -> bool {
    a.columns == b.columns
        && a.is_index() == b.is_index()
        && a.include == b.include
        && a.nulls_not_distinct == b.nulls_not_distinct
        && same_opt_expr(a.predicate.as_ref(), b.predicate.as_ref())
}

pub fn same_fk(a: &ForeignKey, b: &ForeignKey) -> bool {
    a.columns == b.columns
        && a.ref_table == b.ref_table
        && a.ref_columns == b.ref_columns
        && a.on_delete == b.on_delete
        && a.on_delete_columns == b.on_delete_columns
        && a.on_update == b.on_update
        && a.not_valid == b.not_valid
}
