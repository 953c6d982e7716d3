//! Findings as a table (people), JSON (tools) or GitHub workflow commands (annotations on the
//! pull request's diff).

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
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

pub fn render(findings: &[Finding], format: Format) -> String {
    let s = summary(findings);
    match format {
        Format::Sarif => super::ci_formats::sarif(findings),
        Format::Gitlab => super::ci_formats::gitlab(findings),
        Format::Junit => super::ci_formats::junit(findings),
        Format::Json => {
            #[derive(Serialize)]
            struct Report<'a> {
                findings: &'a [Finding],
                summary: Summary,
            }
            let mut out = serde_json::to_string_pretty(&Report {
                findings,
                summary: s,
            })
            .expect("findings serialise");
            out.push('\n');
            out
        }
        Format::Github => {
            let mut out = String::new();
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
            if findings.is_empty() {
                return "No findings: every rule passes.\n".to_string();
            }
            let mut table = Table::new();
            table
                .load_preset(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(["severity", "rule", "where", "message"]);
            let colour = crate::colour::stdout();
            for f in findings {
                let level = match f.severity {
                    Severity::Error => crate::colour::paint("error", "31", colour),
                    Severity::Warning => crate::colour::paint("warning", "33", colour),
                };
                table.add_row([level.as_str(), f.rule.as_str(), &f.place(), &f.message]);
            }
            format!(
                "{table}\n{} error(s), {} warning(s)\n",
                s.errors, s.warnings
            )
        }
    }
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
    fn github_annotations_escape_their_text() {
        assert_eq!(
            render(&[finding()], Format::Github),
            "::error file=schema/rooms.yaml,line=12,title=fk-without-index::no index%0Aadd one\n1 error(s), 0 warning(s)\n"
        );
    }

    #[test]
    fn json_has_the_documented_fields() {
        let v: serde_json::Value =
            serde_json::from_str(&render(&[finding()], Format::Json)).unwrap();
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
