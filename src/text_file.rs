//! Reading the user's text files (YAML, SQL): every failure names the path, and a file that is
//! not UTF-8 is invalid input (exit 2) at the line of its first bad byte — not an I/O error.

use std::path::Path;

use anyhow::Context;

use crate::UsageError;

/// The text of `path`. A directory, a device (a symlink to /dev/zero would be read until
/// memory runs out) or a non-UTF-8 file is refused with the path and what to do.
pub fn read(path: &Path) -> anyhow::Result<String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {shown}"))?;
    if meta.is_dir() {
        return Err(UsageError(format!(
            "{shown} is a directory, not a file; move it out of the way or rename it"
        ))
        .into());
    }
    if !meta.is_file() {
        return Err(UsageError(format!(
            "{shown} is not a regular file (a device, socket or pipe); hotelschema reads only \
             regular files"
        ))
        .into());
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
    // A NUL byte ends the text for the YAML parser (the rest of the file would be ignored, and
    // validate would say valid) and PostgreSQL refuses it in SQL: refused where it is.
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        let (line, column) = place(&bytes, at);
        return Err(UsageError(format!(
            "{shown}:{line}:{column}: the file holds a NUL byte (0x00), which is not text; \
             remove it"
        ))
        .into());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let (line, column) = place(bytes, valid);
        UsageError(format!(
            "{shown}:{line}:{column}: the file is not valid UTF-8 (byte 0x{:02x}); save it as \
             UTF-8",
            bytes[valid]
        ))
        .into()
    })
}

/// The line and column (1-based, in bytes) of byte `at`.
fn place(bytes: &[u8], at: usize) -> (usize, usize) {
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let column = at
        - bytes[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bytes_are_placed_and_paths_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.yaml");
        std::fs::write(&file, b"tables:\n  ab\xffc: {}\n").unwrap();
        let e = read(&file).unwrap_err();
        assert!(e.is::<UsageError>());
        assert_eq!(
            e.to_string(),
            format!(
                "{}:2:5: the file is not valid UTF-8 (byte 0xff); save it as UTF-8",
                file.display()
            )
        );
        std::fs::write(&file, b"tables:\n  a: {}\x00\n  b: {}\n").unwrap();
        let e = read(&file).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}:2:8: the file holds a NUL byte (0x00), which is not text; remove it",
                file.display()
            )
        );
        let e = read(dir.path()).unwrap_err();
        assert!(e.to_string().contains("is a directory"), "{e}");
        let e = read(Path::new("/dev/zero")).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let e = read(&dir.path().join("missing.sql")).unwrap_err();
        assert!(format!("{e:#}").contains("missing.sql"), "{e:#}");
    }
}
