//! A per-thread memo of what pg_query computes from a text or a tree. Schemas and histories ask
//! the same few questions again and again — is `status` a keyword, what is `now()` written
//! canonically, how does PostgreSQL write back `amount >= 0` — and each answer costs a call into
//! the C parser. Kept in a `thread_local!` (`static M: Memo<K, V> = Memo::new(..);`), so no
//! lock.

use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hash;

pub struct Memo<K, V> {
    kept: RefCell<HashMap<K, V>>,
    /// Answers kept at most: past that the memo starts over.
    most: usize,
}

/// For questions about names and fragments of the schema itself (one answer per distinct name,
/// which memory holds anyway): never started over.
pub const UNBOUNDED: usize = usize::MAX;

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    pub fn new(most: usize) -> Self {
        Memo {
            kept: RefCell::new(HashMap::new()),
            most,
        }
    }

    /// The answer kept for `key`, else `compute()`'s, kept for next time.
    pub fn get_or<Q>(&self, key: &Q, compute: impl FnOnce() -> V) -> V
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(v) = self.kept.borrow().get(key) {
            return v.clone();
        }
        // Not borrowed while computing: `compute` may ask another question of the same kind.
        let v = compute();
        let mut kept = self.kept.borrow_mut();
        if kept.len() >= self.most {
            kept.clear();
        }
        kept.insert(key.to_owned(), v.clone());
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_computed_once_and_the_memo_stays_bounded() {
        const KEPT: usize = 16;
        let memo: Memo<String, usize> = Memo::new(KEPT);
        let mut computed = 0;
        for _ in 0..3 {
            assert_eq!(
                memo.get_or("abc", || {
                    computed += 1;
                    3
                }),
                3
            );
        }
        assert_eq!(computed, 1);
        for i in 0..2 * KEPT {
            memo.get_or(&i.to_string(), || i);
        }
        assert!(memo.kept.borrow().len() <= KEPT);
    }
}
