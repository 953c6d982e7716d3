//! The findings baseline: findings a team accepts as they are today (an existing database's,
//! after `adopt`), so that the gate fails on anything new without hiding it behind a
//! table-wide exemption. `checks/baseline.yaml` lists them, each keyed by what does not move
//! when a file is edited — the rule, the file and the object, never the message nor the line:
//!
//! ```yaml
//! accepted:
//!   - { rule: missing-organization-id, file: schema/note.yaml, object: note }
//! ```
//!
//! `hotelschema check --update-baseline` writes it (and `adopt` does); `check` drops the
//! findings it lists, and reports an entry that matches nothing any more (`stale-baseline`), so
//! the file shrinks as problems are fixed.

use std::path::Path;

use anyhow::Context;

use super::rules::STALE_BASELINE;
use super::Finding;
use crate::origin::Origin;
use crate::UsageError;

/// The file's name, beside `checks/config.yaml`.
pub const FILE: &str = "baseline.yaml";

#[derive(serde::Deserialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub rule: String,
    #[serde(default)]
    pub file: String,
    #[serde(default)]
    pub object: String,
}

impl Entry {
    fn of(f: &Finding) -> Entry {
        Entry {
            rule: f.rule.clone(),
            file: f.file.clone().unwrap_or_default(),
            object: f.object(),
        }
    }
}

#[derive(serde::Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct Baseline {
    #[serde(default)]
    accepted: Vec<Entry>,
}

/// The entries of the baseline at `path`; none when it does not exist.
pub fn read(path: &Path) -> anyhow::Result<Vec<Entry>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = crate::text_file::read(path)?;
    let baseline: Baseline = if text.trim().is_empty() {
        Baseline::default()
    } else {
        crate::schema::load::tree::deserialize(&text).map_err(|e| {
            UsageError(format!(
                "{}{}: {}; write `accepted:` and a list of {{ rule, file, object }}, or run \
                 `hotelschema check --update-baseline` to write it anew",
                path.display(),
                e.line.map(|l| format!(":{l}")).unwrap_or_default(),
                e.message
            ))
        })?
    };
    Ok(baseline.accepted)
}

/// Writes the baseline accepting `findings` (all of them, whatever their severity), whole or
/// not at all. Returns how many entries it holds.
pub fn write(path: &Path, findings: &[Finding]) -> anyhow::Result<usize> {
    let mut accepted: Vec<Entry> = findings.iter().map(Entry::of).collect();
    accepted.sort();
    accepted.dedup();
    let mut text = String::from(
        "# Findings accepted as they are (hotelschema check --update-baseline): `check` fails\n\
         # on anything else. Keyed by rule, file and object; remove an entry once it is fixed.\n",
    );
    // (pull's own: plain where it reads back as written, a JSON string — a YAML
    // double-quoted scalar — elsewhere.)
    let quoted = crate::schema::scalars::scalar;
    if accepted.is_empty() {
        text.push_str("accepted: []\n");
    } else {
        text.push_str("accepted:\n");
    }
    for e in &accepted {
        text.push_str(&format!("- rule: {}\n", quoted(&e.rule)));
        if !e.file.is_empty() {
            text.push_str(&format!("  file: {}\n", quoted(&e.file)));
        }
        if !e.object.is_empty() {
            text.push_str(&format!("  object: {}\n", quoted(&e.object)));
        }
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    std::fs::write(tmp.path(), text).with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(accepted.len())
}

/// `findings` without those the baseline accepts, and a `stale-baseline` finding for each
/// entry that accepts nothing. Also how many were accepted.
pub fn apply(findings: Vec<Finding>, entries: &[Entry], path: &Path) -> (Vec<Finding>, usize) {
    if entries.is_empty() {
        return (findings, 0);
    }
    let mut used = vec![false; entries.len()];
    let mut kept = Vec::new();
    let mut accepted = 0;
    for f in findings {
        let key = Entry::of(&f);
        match entries.iter().position(|e| *e == key) {
            Some(i) => {
                used[i] = true;
                accepted += 1;
            }
            None => kept.push(f),
        }
    }
    let shown = path.display().to_string();
    for (e, _) in entries.iter().zip(used).filter(|(_, used)| !used) {
        kept.push(
            Finding::new(
                &STALE_BASELINE,
                format!(
                    "the baseline accepts {} on {}{}, which is not found any more: remove the \
                     entry (or run `hotelschema check --update-baseline`)",
                    e.rule,
                    if e.file.is_empty() { "-" } else { &e.file },
                    if e.object.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", e.object)
                    }
                ),
            )
            .at(&Origin::new(&shown, 1)),
        );
    }
    (kept, accepted)
}

#[cfg(test)]
mod tests {
    /// The baseline writes names with pull's `scalar`: every one reads back as written.
    #[test]
    fn every_name_reads_back_as_written() {
        #[derive(serde::Deserialize)]
        struct One {
            v: String,
        }
        for v in [
            "enum mood",
            "schema/s.yaml",
            "true",
            "123",
            "a: b",
            "#x",
            "- x",
            "it's \"quoted\"\\",
            "line\nbreak",
            "\u{1b}[31m",
            "",
            " lead",
        ] {
            let text = format!("v: {}\n", crate::schema::scalars::scalar(v));
            let back: One = crate::schema::load::tree::deserialize(&text)
                .unwrap_or_else(|e| panic!("{text}: {}", e.message));
            assert_eq!(back.v, v, "{text}");
        }
        assert_eq!(crate::schema::scalars::scalar("enum mood"), "enum mood");
    }
}
