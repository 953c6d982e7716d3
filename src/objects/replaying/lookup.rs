//! The replay's lookups: tables and index names by name, kept up to date as statements change
//! the schema, so each statement costs the size of what it names, not of the whole schema.

use std::collections::{HashMap, HashSet};

use crate::schema::model::{Schema, Table};

use crate::names::sibling_name;

/// Name → position lookups over the schema being replayed, so a history of thousands of
/// tables is replayed in linear time, not quadratic.
#[derive(Default)]
pub struct Lookup {
    pub tables: HashMap<String, usize>,
    /// Index and unique names (they share a namespace), with their table.
    pub indexes: HashMap<String, String>,
    /// The partitioned tables, whose partitions are not in `tables`.
    pub partitioned: HashSet<String>,
}

impl Lookup {
    pub fn of(schema: &Schema) -> Lookup {
        let mut l = Lookup::default();
        for (i, t) in schema.tables.iter().enumerate() {
            l.table_added(t, i);
        }
        l
    }

    pub fn table_added(&mut self, t: &Table, i: usize) {
        self.tables.insert(t.name.clone(), i);
        if t.partitioning.is_some() {
            self.partitioned.insert(t.name.clone());
        }
        self.add_indexes_of(t);
    }

    fn add_indexes_of(&mut self, t: &Table) {
        for key in index_keys(t) {
            self.indexes.insert(key, t.name.clone());
        }
    }

    /// Forgets the index names `t` holds (those the lookup gives to `t`).
    fn forget_indexes_of(&mut self, t: &Table) {
        for key in index_keys(t) {
            if self.indexes.get(&key) == Some(&t.name) {
                self.indexes.remove(&key);
            }
        }
    }

    /// After `tables.remove(i)` took out `removed`: forget it and its index names, and move
    /// the tables after it one place down (none, when tables are dropped newest first).
    pub fn table_removed(&mut self, removed: &Table, i: usize, tables: &[Table]) {
        self.tables.remove(&removed.name);
        self.partitioned.remove(&removed.name);
        self.forget_indexes_of(removed);
        for (j, t) in tables.iter().enumerate().skip(i) {
            if let Some(p) = self.tables.get_mut(&t.name) {
                *p = j;
            }
        }
    }

    /// After table `before` became `after` in place: forget the index names it had and read
    /// its new ones (by its own names: a scan of every index name of the schema made each
    /// ALTER TABLE cost the size of the whole schema).
    pub fn refresh_table(&mut self, before: &Table, after: &Table) {
        self.forget_indexes_of(before);
        self.add_indexes_of(after);
    }
}

/// The lookup keys of `t`'s index and unique names: index names are unique per schema, so
/// outside public they are keyed `schema.index`.
fn index_keys(t: &Table) -> impl Iterator<Item = String> + '_ {
    t.indexes
        .iter()
        .map(|i| &i.name)
        .chain(t.uniques.iter().map(|u| &u.name))
        .map(|name| sibling_name(&t.name, name))
}
