//! What every object kind's planner shares: two lists of objects paired by identity.

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
