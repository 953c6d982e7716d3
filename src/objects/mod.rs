//! Objects beyond tables. Each kind has one home here (its model, how it is read from SQL,
//! identified, created, replaced and dropped); what every kind shares — comparing two lists of
//! objects keyed by identity — is written once, below.

pub mod composite;
pub mod domain;
pub mod function;
pub mod partition;
pub mod policy;
pub mod privilege;
pub mod raw;
pub mod sequence;
pub mod trigger;
pub mod view;

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
