//! What is wrong with the input, where, and how to fix it.

use std::fmt;

use crate::origin::Origin;

/// One problem in the user's input, always tied to a file and line.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub origin: Origin,
    /// The object concerned, e.g. `table room, column floor`.
    pub object: String,
    pub message: String,
    /// How to fix it, when there is something more useful to say than the message.
    pub hint: Option<String>,
}

/// `name` in backticks, with control characters written as escapes (`ta\nDROP`), so a name
/// that holds a line break is shown on one line, as what it is.
pub fn shown(name: &str) -> String {
    format!("`{}`", escape_controls(name))
}

/// `text` with every control character written as a Rust-style escape.
pub fn escape_controls(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.origin)?;
        if !self.object.is_empty() {
            // The object is built from names the user wrote: one line, whatever they hold.
            write!(f, "{}: ", escape_controls(&self.object))?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    fix: {hint}")?;
        }
        Ok(())
    }
}

/// Collects every problem of a load, so the user sees them all at once; and the lines where a
/// name with a control character was reported, so names derived from it are not reported again.
#[derive(Default)]
pub struct Diagnostics(
    pub Vec<Diagnostic>,
    std::collections::HashSet<(std::sync::Arc<str>, usize)>,
);

impl Diagnostics {
    /// Whether `origin`'s line is told of a control character in a name for the first time
    /// (and so should be); remembers it.
    pub fn first_control_character_at(&mut self, origin: &Origin) -> bool {
        self.1.insert((origin.file.clone(), origin.line))
    }

    pub fn error(
        &mut self,
        origin: &Origin,
        object: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.push(origin, object, message, None::<String>);
    }

    pub fn error_with_hint(
        &mut self,
        origin: &Origin,
        object: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(origin, object, message, Some(hint));
    }

    fn push(
        &mut self,
        origin: &Origin,
        object: impl Into<String>,
        message: impl Into<String>,
        hint: Option<impl Into<String>>,
    ) {
        self.0.push(Diagnostic {
            origin: origin.clone(),
            object: object.into(),
            message: message.into(),
            hint: hint.map(Into::into),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A schema that failed to load: every diagnostic, in file order.
#[derive(Debug, thiserror::Error)]
pub struct InvalidSchema(pub Vec<Diagnostic>);

impl fmt::Display for InvalidSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} error{} in the schema; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}
