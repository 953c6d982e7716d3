//! Findings as a table (people), JSON (tools) or GitHub workflow commands (annotations on the
//! pull request's diff).

use std::io::IsTerminal;

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, Color, ContentArrangement, Table};
use serde::Serialize;

use super::{Finding, Severity};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    /// GitHub workflow commands: annotations on the pull request's diff.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`).
    Sarif,
    /// GitLab Code Quality (`artifacts: reports: codequality:`).
    Gitlab,
    /// JUnit XML, for CI test reports.
    Junit,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
}

fn summary(findings: &[Finding]) -> Summary {
    Summary {
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
    }
}

pub use super::Checked;

pub fn render(findings: &[Finding], format: Format, checked: &Checked) -> String {
    let s = summary(findings);
    match format {
        Format::Sarif => super::ci_formats::sarif(findings, checked),
        Format::Gitlab => super::ci_formats::gitlab(findings),
        Format::Junit => super::ci_formats::junit(findings, checked),
        Format::Json => {
            #[derive(Serialize)]
            struct Report<'a> {
                checked: &'a Checked,
                findings: &'a [Finding],
                summary: Summary,
            }
            let mut out = serde_json::to_string_pretty(&Report {
                checked,
                findings,
                summary: s,
            })
            .expect("findings serialise");
            out.push('\n');
            out
        }
        Format::Github => {
            let mut out = format!(
                "::notice title=hotelschema check::Checked {}\n",
                escape_data(&checked.what)
            );
            for f in findings {
                let level = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let mut props = Vec::new();
                if let Some(file) = &f.file {
                    props.push(format!("file={}", escape_property(file)));
                }
                if let Some(line) = f.line {
                    props.push(format!("line={line}"));
                }
                props.push(format!("title={}", f.rule));
                out.push_str(&format!(
                    "::{level} {}::{}\n",
                    props.join(","),
                    escape_data(&f.message)
                ));
            }
            out.push_str(&format!(
                "{} error(s), {} warning(s)\n",
                s.errors, s.warnings
            ));
            out
        }
        Format::Table => {
            let mut out = table(findings, &s, std::io::stdout().is_terminal());
            out.push_str(&format!("Checked {}.\n", checked.what));
            out
        }
    }
}

/// For people: on a terminal, a table of one line per finding with the longer details (a diff,
/// the SQL of a fix) below it, where they can be read and copied; piped, one plain line per
/// finding (`file:line: error rule: message`, details indented under it), for grep.
fn table(findings: &[Finding], s: &Summary, terminal: bool) -> String {
    if findings.is_empty() {
        return "No findings: every rule passes.\n".to_string();
    }
    let colour = crate::colour::stdout();
    let level = |f: &Finding| match f.severity {
        Severity::Error => crate::colour::paint("error", crate::colour::RED, colour),
        Severity::Warning => crate::colour::paint("warning", crate::colour::YELLOW, colour),
    };
    // Messages carry names read from a live database: a control character in one (an escape
    // sequence, a carriage return) is shown escaped, never sent to the terminal.
    use crate::schema::diagnostic::escape_controls;
    let split = |f: &Finding| -> (String, Vec<String>) {
        let mut lines = f.message.lines();
        let first = escape_controls(lines.next().unwrap_or_default());
        (first, lines.map(escape_controls).collect())
    };
    let mut out = String::new();
    if !terminal {
        for f in findings {
            let (first, rest) = split(f);
            let at = match (&f.file, f.line) {
                (Some(file), Some(line)) => format!("{}:{line}: ", escape_controls(file)),
                (Some(file), None) => format!("{}: ", escape_controls(file)),
                _ => {
                    let place = escape_controls(&f.place());
                    if place.is_empty() {
                        String::new()
                    } else {
                        format!("{place}: ")
                    }
                }
            };
            out.push_str(&format!("{at}{} {}: {first}\n", level(f), f.rule));
            for line in rest {
                out.push_str(&format!("    {line}\n"));
            }
        }
    } else {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(["#", "severity", "rule", "where", "message"]);
        if table.width().is_none_or(|w| w < 60) {
            table.set_width(120); // a terminal that does not say how wide it is
        }
        if colour {
            table.enforce_styling();
        }
        let mut details = String::new();
        for (i, f) in findings.iter().enumerate() {
            let (first, rest) = split(f);
            let first = if rest.is_empty() {
                first
            } else {
                format!("{first} (details [{}] below)", i + 1)
            };
            let severity = match f.severity {
                Severity::Error => Cell::new("error").fg(Color::Red),
                Severity::Warning => Cell::new("warning").fg(Color::Yellow),
            };
            table.add_row(vec![
                Cell::new(i + 1),
                severity,
                Cell::new(&f.rule),
                Cell::new(escape_controls(&f.place())),
                Cell::new(first),
            ]);
            if !rest.is_empty() {
                details.push_str(&format!("\n[{}] {}:\n{}\n", i + 1, f.rule, rest.join("\n")));
            }
        }
        out.push_str(&format!("{table}\n{details}"));
    }
    out.push_str(&format!(
        "{} error(s), {} warning(s)\n",
        s.errors, s.warnings
    ));
    out
}

/// GitHub's escaping for the message part of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// ... and for a property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::by_id;

    fn finding() -> Finding {
        Finding::new(by_id("fk-without-index").unwrap(), "no index\nadd one")
            .table("room")
            .columns(&["guest_id".to_string()])
            .name("room_guest_id_fkey")
            .at(&crate::schema::model::Origin {
                file: "schema/rooms.yaml".into(),
                line: 12,
            })
    }

    #[test]
    fn piped_one_greppable_line_per_finding_and_on_a_terminal_details_below_the_table() {
        let f = finding();
        let s = summary(std::slice::from_ref(&f));
        assert_eq!(
            table(std::slice::from_ref(&f), &s, false),
            "schema/rooms.yaml:12: error fk-without-index: no index\n    add one\n1 error(s), 0 warning(s)\n"
        );
        let shown = table(std::slice::from_ref(&f), &s, true);
        let (grid, below) = shown.split_once("\n\n[1] fk-without-index:\n").unwrap();
        assert!(grid.contains("no index (details [1] below)"), "{shown}");
        assert!(!grid.contains("add one"), "{shown}");
        assert!(below.starts_with("add one\n"), "{shown}");
    }

    #[test]
    fn names_holding_control_characters_reach_the_terminal_escaped() {
        let mut f = finding();
        f.message = "table \u{1b}[2Jevil\r has no index".into();
        let s = summary(std::slice::from_ref(&f));
        for terminal in [false, true] {
            let shown = table(std::slice::from_ref(&f), &s, terminal);
            assert!(
                !shown.contains('\u{1b}') && !shown.contains('\r'),
                "{shown:?}"
            );
            assert!(shown.contains("\\u{1b}[2Jevil\\r"), "{shown}");
        }
    }

    #[test]
    fn github_annotations_escape_their_text() {
        assert_eq!(
            render(
                &[finding()],
                Format::Github,
                &Checked::offline("schema", "migrations")
            ),
            "::notice title=hotelschema check::Checked schema and migrations (offline; a live \
             database only with --db)\n::error file=schema/rooms.yaml,line=12,\
             title=fk-without-index::no index%0Aadd one\n1 error(s), 0 warning(s)\n"
        );
    }

    #[test]
    fn json_has_the_documented_fields() {
        let v: serde_json::Value = serde_json::from_str(&render(
            &[finding()],
            Format::Json,
            &Checked::offline("schema", "migrations"),
        ))
        .unwrap();
        assert_eq!(v["summary"]["errors"], 1);
        let f = &v["findings"][0];
        assert_eq!(f["rule"], "fk-without-index");
        assert_eq!(f["severity"], "error");
        assert_eq!(f["table"], "room");
        assert_eq!(f["columns"][0], "guest_id");
        assert_eq!(f["name"], "room_guest_id_fkey");
        assert_eq!(f["line"], 12);
        assert!(f.get("column").is_none());
    }
}
