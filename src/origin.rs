//! Where a declared object came from (`file:line`), and hints for the next migration: a leaf,
//! which the model, the diagnostics and every object kind use. Neither is part of what an
//! object *is*: both always compare equal.

use std::fmt;

/// Where an object was declared, for error messages. Two objects that differ only in where they
/// were declared are the same object, so `Origin` always compares equal.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, Default)]
pub struct Origin {
    /// Shared by every object of the file: a schema of 20,000 tables holds half a million
    /// origins, and a copy of the path in each was that many allocations.
    pub file: std::sync::Arc<str>,
    pub line: usize,
}

impl Origin {
    /// The origin `file:line`, the file's path shared with the origins made before it on this
    /// thread from the same file (loading and replaying make them file by file).
    pub fn new(file: &str, line: usize) -> Origin {
        thread_local! {
            static LAST: std::cell::RefCell<std::sync::Arc<str>> = std::cell::RefCell::new("".into());
        }
        let file = LAST.with(|last| {
            let mut last = last.borrow_mut();
            if **last != *file {
                *last = file.into();
            }
            last.clone()
        });
        Origin { file, line }
    }
}

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl Eq for Origin {}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// An instruction for the next migration rather than a property of the database: a declared
/// rename (`renamed_from`), or "build this index concurrently". A database built either way is
/// the same, so hints always compare equal, like origins.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, Default)]
pub struct Hint<T>(pub T);

impl<T> PartialEq for Hint<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
impl<T> Eq for Hint<T> {}
