//! Raw SQL: the escape hatch for what the model does not represent (a rule, an event
//! trigger, an operator, an aggregate, a partition's own index...). A raw object is a name,
//! the SQL that creates it and the SQL that removes it, kept verbatim: `generate` carries it
//! into the migrations after everything the model creates (and removes it before anything is
//! dropped), and replay treats it as opaque — it records the block by name and never looks
//! inside.
//!
//! In a migration a raw object is a block between marker comments, so replay finds it without
//! understanding it:
//!
//! ```sql
//! -- hotelschema:raw begin no_delete_on_log
//! -- hotelschema:raw down DROP RULE no_delete_on_log ON activity_log;
//! CREATE RULE no_delete_on_log AS ON DELETE TO activity_log DO INSTEAD NOTHING;
//! -- hotelschema:raw end no_delete_on_log
//! ```
//!
//! and its removal (in the down file, or when the YAML drops it) is a `drop` block holding the
//! down SQL.

pub mod diff;

use crate::origin::Hint;
use crate::origin::Origin;
use crate::schema::diagnostic::Diagnostic;

pub const MARKER: &str = "-- hotelschema:raw ";

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RawSql {
    pub name: String,
    /// The SQL that creates it, verbatim (trimmed).
    pub up: String,
    /// The SQL that removes it, verbatim (trimmed).
    pub down: String,
    /// Why it is raw (what the model lacks), for the reader of the YAML; a migration does not
    /// keep it, so it never makes two raw objects differ.
    pub why: Hint<Option<String>>,
    /// Created with the functions, before views and triggers, and removed after them (an
    /// aggregate a view uses); the marker line says so (`begin NAME early`).
    #[serde(default)]
    pub early: bool,
    pub origin: Origin,
}

/// A raw block of a migration file: what it does, and the bytes it spans (its statements are
/// not replayed one by one).
#[derive(Clone, Debug)]
pub struct Block {
    pub start: usize,
    pub end: usize,
    pub op: RawOp,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawOp {
    Create(RawSql),
    Drop(String),
}

impl RawSql {
    /// The block that creates it (an up file, or a down file undoing its removal).
    pub fn create_block(&self) -> String {
        let mut out = format!("{MARKER}begin {}{}\n", self.name, self.early_word());
        for line in self.down.lines() {
            out.push_str(&format!("{MARKER}down {line}\n"));
        }
        out.push_str(&self.up);
        out.push_str(&format!("\n{MARKER}end {}", self.name));
        out
    }

    /// The block that removes it.
    pub fn drop_block(&self) -> String {
        format!(
            "{MARKER}drop {}{}\n{}\n{MARKER}end {}",
            self.name,
            self.early_word(),
            self.down,
            self.name
        )
    }

    fn early_word(&self) -> &'static str {
        if self.early {
            " early"
        } else {
            ""
        }
    }
}

/// Whether a raw object's name can sit on a marker line: one word.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A block being read: a `begin` (creates) or a `drop`.
struct OpenBlock {
    creates: bool,
    name: String,
    early: bool,
    /// Byte offset of its first marker, and that marker's line.
    start: usize,
    first: usize,
    /// Where its SQL starts (after the `down` lines).
    sql_start: usize,
    downs: Vec<String>,
}

/// The raw blocks of a migration file, in order. A marker out of place (an `end` without its
/// `begin`, a block left open, blocks inside blocks) is an error at its line.
pub fn blocks(file: &str, sql: &str) -> Result<Vec<Block>, Diagnostic> {
    if !sql.contains(MARKER) {
        return Ok(Vec::new());
    }
    let error = |line: usize, message: String| Diagnostic {
        origin: Origin::new(file, line),
        object: String::new(),
        message,
        hint: Some(format!(
            "a raw block is `{MARKER}begin NAME` (then `{MARKER}down SQL` lines), the SQL, and \
             `{MARKER}end NAME`; or `{MARKER}drop NAME`, the SQL, `{MARKER}end NAME`"
        )),
    };
    let mut open: Option<OpenBlock> = None;
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, line) in sql.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        let here = offset;
        offset += line.len();
        let Some(rest) = line.trim_end().strip_prefix(MARKER) else {
            continue;
        };
        let (word, arg) = rest.split_once(' ').unwrap_or((rest, ""));
        match (word, open.as_mut()) {
            ("begin" | "drop", None) => {
                let (name, early) = match arg.trim().strip_suffix(" early") {
                    Some(name) => (name.trim(), true),
                    None => (arg.trim(), false),
                };
                if !valid_name(name) {
                    return Err(error(
                        line_no,
                        format!("raw block without a name: `{}`", line.trim_end()),
                    ));
                }
                open = Some(OpenBlock {
                    creates: word == "begin",
                    name: name.to_string(),
                    early,
                    start: here,
                    first: line_no,
                    sql_start: offset,
                    downs: Vec::new(),
                });
            }
            // `down` lines come first, before the SQL.
            ("down", Some(b)) if b.creates && sql[b.sql_start..here].trim().is_empty() => {
                b.downs.push(arg.to_string());
                b.sql_start = offset;
            }
            ("end", Some(_)) => {
                let b = open.take().expect("a block is open");
                if arg.trim() != b.name {
                    return Err(error(
                        line_no,
                        format!(
                            "`end {}` closes the raw block `{}` (line {})",
                            arg.trim(),
                            b.name,
                            b.first
                        ),
                    ));
                }
                let body = sql[b.sql_start..here].trim().to_string();
                let op = if b.creates {
                    RawOp::Create(RawSql {
                        name: b.name,
                        up: body,
                        down: b.downs.join("\n").trim().to_string(),
                        why: Hint(None),
                        early: b.early,
                        origin: Origin::new(file, b.first),
                    })
                } else {
                    RawOp::Drop(b.name)
                };
                out.push(Block {
                    start: b.start,
                    end: offset,
                    op,
                });
            }
            (_, Some(b)) => {
                return Err(error(
                    line_no,
                    format!(
                        "`{}` inside the raw block `{}` opened at line {}",
                        line.trim_end(),
                        b.name,
                        b.first
                    ),
                ))
            }
            (_, None) => {
                return Err(error(
                    line_no,
                    format!("`{}` outside a raw block", line.trim_end()),
                ))
            }
        }
    }
    if let Some(b) = open {
        return Err(error(
            b.first,
            format!(
                "the raw block `{}` is never closed (`{MARKER}end {}`)",
                b.name, b.name
            ),
        ));
    }
    Ok(out)
}

/// Applies a block to the raw objects of a schema being replayed.
pub fn replay(raw: &mut Vec<RawSql>, op: &RawOp) -> Result<(), String> {
    match op {
        RawOp::Create(r) => {
            if raw.iter().any(|x| x.name == r.name) {
                return Err(format!("raw object `{}` is created twice", r.name));
            }
            raw.push(r.clone());
        }
        RawOp::Drop(name) => {
            let before = raw.len();
            raw.retain(|x| &x.name != name);
            if raw.len() == before {
                return Err(format!(
                    "raw object `{name}` does not exist at this point of the history"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> RawSql {
        RawSql {
            name: "no_delete".into(),
            up: "CREATE RULE no_delete AS ON DELETE TO log DO INSTEAD NOTHING;".into(),
            down: "DROP RULE no_delete ON log;\n-- and a second line".into(),
            why: Hint(None),
            early: false,
            origin: Origin::default(),
        }
    }

    #[test]
    fn blocks_read_back_what_was_written() {
        let up = format!("CREATE TABLE log (id int);\n\n{}\n", rule().create_block());
        let found = blocks("up.sql", &up).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].op, RawOp::Create(rule()));
        assert_eq!(
            &up[found[0].start..found[0].end],
            format!("{}\n", rule().create_block())
        );
        let down = rule().drop_block();
        assert_eq!(
            blocks("down.sql", &down).unwrap()[0].op,
            RawOp::Drop("no_delete".into())
        );
    }

    #[test]
    fn misplaced_markers_are_errors_at_their_line() {
        let open = format!("{MARKER}begin a\nSELECT 1;\n");
        assert_eq!(blocks("f.sql", &open).unwrap_err().origin.line, 1);
        let stray = format!("SELECT 1;\n{MARKER}end a\n");
        assert_eq!(blocks("f.sql", &stray).unwrap_err().origin.line, 2);
        let nested = format!("{MARKER}begin a\n{MARKER}begin b\n{MARKER}end b\n{MARKER}end a\n");
        assert_eq!(blocks("f.sql", &nested).unwrap_err().origin.line, 2);
        let wrong = format!("{MARKER}begin a\nSELECT 1;\n{MARKER}end b\n");
        assert_eq!(blocks("f.sql", &wrong).unwrap_err().origin.line, 3);
    }

    #[test]
    fn an_early_block_says_so_on_its_marker_and_reads_back() {
        let early = RawSql {
            early: true,
            ..rule()
        };
        for sql in [early.create_block(), early.drop_block()] {
            assert!(
                sql.starts_with("-- hotelschema:raw ")
                    && sql.lines().next().unwrap().ends_with(" early"),
                "{sql}"
            );
        }
        let read = blocks("f.sql", &early.create_block()).unwrap();
        assert_eq!(
            read[0].op,
            RawOp::Create(RawSql {
                origin: read_origin(&read[0]),
                ..early
            })
        );
    }

    fn read_origin(b: &Block) -> Origin {
        match &b.op {
            RawOp::Create(r) => r.origin.clone(),
            RawOp::Drop(_) => Origin::default(),
        }
    }
}
