//! A content-addressed cache of work that depends only on the bytes of the user's files: the
//! loaded YAML schema, and the schema (and `check`'s findings per step) that replaying the
//! migration history gives. An applied migration never changes, so a later run replays only
//! the files that are new.
//!
//! The cache is never the source of truth. An entry is found by a hash of everything it was
//! computed from — this build of hotelschema, the file names and their bytes — so an edited
//! file simply misses; a missing, unreadable, corrupt (checksummed) or undecodable entry is a
//! miss too, and the work is done again and stored anew. Nothing here ever fails a command.
//!
//! Where: `$HOTELSCHEMA_CACHE_DIR`, else `$XDG_CACHE_HOME/hotelschema`, else
//! `~/.cache/hotelschema`. `--no-cache` (or `HOTELSCHEMA_NO_CACHE=1`) turns it off;
//! `hotelschema cache clear` empties it. The oldest entries are removed past [`MAX_ENTRIES`].

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Entries kept; the least recently used are removed beyond this (a 2,000-table schema is a
/// few megabytes).
const MAX_ENTRIES: usize = 64;

static DISABLED: AtomicBool = AtomicBool::new(false);

/// `--no-cache`: every lookup misses and nothing is written.
pub fn disable() {
    DISABLED.store(true, Ordering::Relaxed);
}

/// Whether the cache is in use (no `--no-cache`).
pub fn enabled() -> bool {
    !DISABLED.load(Ordering::Relaxed)
}

/// The directory entries live in (which may not exist yet).
pub fn dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("HOTELSCHEMA_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("hotelschema"));
    }
    std::env::var_os("HOME")
        .filter(|d| !d.is_empty())
        .map(|h| PathBuf::from(h).join(".cache").join("hotelschema"))
}

fn active_dir() -> Option<PathBuf> {
    if DISABLED.load(Ordering::Relaxed) {
        return None;
    }
    dir()
}

/// The address of one entry.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Key(blake3::Hash);

impl Key {
    /// A key for `kind` of work, tied to this very build of hotelschema (a rebuilt binary may
    /// read the model differently, so it never reads an older build's entries).
    pub fn builder(kind: &str) -> KeyBuilder {
        let mut b = KeyBuilder(blake3::Hasher::new());
        b.text(env!("CARGO_PKG_VERSION"));
        b.text(&build_identity());
        b.text(kind);
        b
    }

    fn file_name(&self) -> String {
        format!("{}.bin", self.0.to_hex())
    }
}

pub struct KeyBuilder(blake3::Hasher);

impl KeyBuilder {
    /// Adds one input, length-prefixed so that ("ab", "c") and ("a", "bc") differ.
    pub fn text(&mut self, s: &str) -> &mut Self {
        self.0.update(&(s.len() as u64).to_le_bytes());
        self.0.update(s.as_bytes());
        self
    }

    pub fn key(&mut self, k: &Key) -> &mut Self {
        self.0.update(k.0.as_bytes());
        self
    }

    pub fn finish(&self) -> Key {
        Key(self.0.finalize())
    }
}

/// The running executable's size and modification time: cheap, and different for every build.
fn build_identity() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", m.len())
        })
        .unwrap_or_default()
}

/// Keys for every prefix of a history: the `i`-th depends on the texts of items `0..=i` (and
/// on their order), so an entry stored for a history is found again by the same history with
/// files added after it.
pub fn prefix_keys<'a>(kind: &str, items: impl Iterator<Item = &'a [&'a str]>) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::new();
    for texts in items {
        let mut b = Key::builder(kind);
        if let Some(previous) = keys.last() {
            b.key(previous);
        }
        for t in texts {
            b.text(t);
        }
        keys.push(b.finish());
    }
    keys
}

/// The entry of the longest prefix that is cached: how many items it covers, and its value.
pub fn longest_prefix<T: DeserializeOwned>(keys: &[Key]) -> Option<(usize, T)> {
    (0..keys.len())
        .rev()
        .find_map(|i| get(&keys[i]).map(|v| (i + 1, v)))
}

/// The value stored under `key`, or `None` for any kind of miss.
///
/// An entry holds its own key: a file copied over another's name (a CI cache restored from
/// another branch, a hand edit) is a miss, never another project's verdict. Only a regular
/// file is read, opened without blocking and without following a link: a FIFO or a device
/// named like an entry would hang the read.
pub fn get<T: DeserializeOwned>(key: &Key) -> Option<T> {
    let path = active_dir()?.join(key.file_name());
    let bytes = read_regular_file(&path)?;
    // The key, the value, then 32 bytes of checksum of both: a torn or damaged file is a miss.
    let (stored, sum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if blake3::hash(stored).as_bytes() != sum {
        return None;
    }
    let (stored_key, payload) = stored.split_at_checked(32)?;
    if stored_key != key.0.as_bytes() {
        return None;
    }
    let value = postcard::from_bytes(payload).ok()?;
    // Used: the pruning below removes the least recently used entries first.
    if let Ok(f) = std::fs::File::options().append(true).open(&path) {
        let _ = f.set_modified(std::time::SystemTime::now());
    }
    Some(value)
}

/// The bytes of `path` when it is a regular file; `None` for anything else.
fn read_regular_file(path: &std::path::Path) -> Option<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::File::options()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_NOFOLLOW)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Stores `value` under `key`, written whole or not at all (a temporary file renamed into
/// place), so a concurrent reader never sees half an entry. Failures are ignored: the cache
/// only saves time. The value is streamed to the file a chunk at a time, its checksum computed
/// on the way (no copy of a 2,000-table schema in memory: fresh memory is much of what a run
/// costs). The key goes first, under the checksum (see [`get`]).
pub fn put<T: Serialize>(key: &Key, value: &T) {
    let Some(dir) = active_dir() else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let Ok(tmp) = tempfile::NamedTempFile::new_in(&dir) else {
        return;
    };
    use std::io::Write;
    let mut out = Checksummed {
        out: tmp,
        sum: blake3::Hasher::new(),
    };
    if out.write_all(key.0.as_bytes()).is_err() {
        return;
    }
    let out = Chunked {
        buf: Vec::with_capacity(CHUNK),
        out,
    };
    let Ok(Checksummed { out: mut tmp, sum }) = postcard::serialize_with_flavor(value, out) else {
        return;
    };
    let written = tmp.write_all(sum.finalize().as_bytes());
    if written.is_ok() && tmp.persist(dir.join(key.file_name())).is_ok() {
        prune(&dir);
    }
}

/// How much of an entry is gathered before it goes to the file (and the checksum).
const CHUNK: usize = 1 << 16;

/// Serializes into a buffer that goes to `out` each time it fills: memory stays at one chunk,
/// and each of the millions of small values (a flag, a length) is a push into a `Vec`, not a
/// call to `write_all` (which `postcard::to_io` makes for every byte: a sixth of a cold
/// `check`'s cache time went there).
struct Chunked<W> {
    buf: Vec<u8>,
    out: W,
}

impl<W: std::io::Write> Chunked<W> {
    fn flush(&mut self) -> postcard::Result<()> {
        let written = self.out.write_all(&self.buf);
        self.buf.clear();
        written.map_err(|_| postcard::Error::SerializeBufferFull)
    }
}

impl<W: std::io::Write> postcard::ser_flavors::Flavor for Chunked<W> {
    type Output = W;

    #[inline]
    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        if self.buf.len() == CHUNK {
            self.flush()?;
        }
        self.buf.push(byte);
        Ok(())
    }

    #[inline]
    fn try_extend(&mut self, bytes: &[u8]) -> postcard::Result<()> {
        if self.buf.len() + bytes.len() > CHUNK {
            self.flush()?;
        }
        self.buf.extend_from_slice(bytes); // a string longer than a chunk grows it once
        Ok(())
    }

    fn finalize(mut self) -> postcard::Result<W> {
        self.flush()?;
        Ok(self.out)
    }
}

/// A writer that hashes what goes through it.
struct Checksummed<W> {
    out: W,
    sum: blake3::Hasher,
}

impl<W: std::io::Write> std::io::Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.sum.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// `get` of a value stored as JSON (for types whose serde form skips fields, which the
/// compact binary form cannot read back).
pub fn get_json<T: DeserializeOwned>(key: &Key) -> Option<T> {
    serde_json::from_str(&get::<String>(key)?).ok()
}

/// `put` of a value as JSON.
pub fn put_json<T: Serialize>(key: &Key, value: &T) {
    if active_dir().is_none() {
        return;
    }
    if let Ok(text) = serde_json::to_string(value) {
        put(key, &text);
    }
}

/// Removes the least recently used entries beyond [`MAX_ENTRIES`].
fn prune(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "bin"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if found.len() <= MAX_ENTRIES {
        return;
    }
    found.sort();
    for (_, path) in &found[..found.len() - MAX_ENTRIES] {
        let _ = std::fs::remove_file(path);
    }
}

/// How many entries the cache holds, and their size in bytes.
pub fn usage() -> (usize, u64) {
    let Some(entries) = dir().and_then(|d| std::fs::read_dir(d).ok()) else {
        return (0, 0);
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "bin"))
        .filter_map(|e| e.metadata().ok())
        .fold((0, 0), |(n, b), m| (n + 1, b + m.len()))
}

/// `hotelschema cache clear`: removes every entry; returns how many.
pub fn clear() -> anyhow::Result<usize> {
    let Some(dir) = dir() else { return Ok(0) };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(0);
    };
    let mut removed = 0;
    for e in entries.filter_map(|e| e.ok()) {
        if e.path().extension().is_some_and(|x| x == "bin") {
            std::fs::remove_file(e.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_depend_on_every_input_and_its_boundaries() {
        let k = |parts: &[&str]| {
            let mut b = Key::builder("test");
            for p in parts {
                b.text(p);
            }
            b.finish()
        };
        assert_eq!(k(&["a", "b"]), k(&["a", "b"]));
        assert_ne!(k(&["ab", "c"]), k(&["a", "bc"]));
        assert_ne!(k(&["a"]), k(&["b"]));
    }
}
