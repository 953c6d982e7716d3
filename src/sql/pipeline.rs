//! Parsing on a second core while the first replays: PostgreSQL's parser (pg_query) is most of
//! the cost of reading a history, and the replay must go in order, so one thread parses a few
//! files ahead of the one that replays them. A bounded queue keeps memory to a few parsed
//! files, however long the history.

/// Runs `produce` on each item on a helper thread, and `consume` on each item with what was
/// produced for it, in order, on this one. `consume` returns false to stop early (the helper
/// then stops too).
pub fn pipelined<I: Sync, R: Send>(
    items: &[I],
    produce: impl Fn(&I) -> R + Sync,
    mut consume: impl FnMut(&I, R) -> bool,
) {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        let produce = &produce;
        scope.spawn(move || {
            for item in items {
                if tx.send(produce(item)).is_err() {
                    break; // the consumer stopped
                }
            }
        });
        for (item, produced) in items.iter().zip(rx) {
            if !consume(item, produced) {
                break;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_consumed_in_order_and_may_stop_early() {
        let items: Vec<u32> = (0..100).collect();
        let mut seen = Vec::new();
        pipelined(
            &items,
            |i| i * 2,
            |i, r| {
                seen.push((*i, r));
                *i < 49
            },
        );
        assert_eq!(seen.len(), 50);
        assert!(seen.iter().all(|(i, r)| *r == i * 2));
        assert!(seen.windows(2).all(|w| w[0].0 + 1 == w[1].0));
    }
}
