//! What every object kind's planner shares: two lists of objects paired by identity.

use crate::diff::plan::{Change, Plan, Step};

/// Objects of `from` and `to` paired by identity: (only in `to`, in both but different, only in
/// `from`), each in its list's order.
pub fn keyed_diff<'a, T: PartialEq>(
    from: &'a [T],
    to: &'a [T],
    key: impl Fn(&T) -> String,
) -> (Vec<&'a T>, Vec<(&'a T, &'a T)>, Vec<&'a T>) {
    let from_keys: std::collections::HashMap<String, &T> =
        from.iter().map(|x| (key(x), x)).collect();
    let to_keys: std::collections::HashSet<String> = to.iter().map(&key).collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for x in to {
        match from_keys.get(&key(x)) {
            None => added.push(x),
            Some(old) if *old != x => changed.push((*old, x)),
            Some(_) => {}
        }
    }
    let removed = from.iter().filter(|x| !to_keys.contains(&key(x))).collect();
    (added, changed, removed)
}

/// Objects known by name alone (schemas, extensions): those only in `to` are created, in
/// order; those only in `from` dropped, last first.
pub(crate) fn by_name<T>(
    from: &[T],
    to: &[T],
    name: fn(&T) -> &str,
    create: impl Fn(&T) -> (Step, Change),
    drop: impl Fn(&T) -> (Step, Change),
    plan: &mut Plan,
) {
    for x in to {
        if !from.iter().any(|f| name(f) == name(x)) {
            let (step, change) = create(x);
            plan.push(step, change);
        }
    }
    for x in from.iter().rev() {
        if !to.iter().any(|t| name(t) == name(x)) {
            let (step, change) = drop(x);
            plan.push(step, change);
        }
    }
}
