//! Findings in the formats CI systems read: SARIF 2.1.0 (GitHub code scanning), GitLab Code
//! Quality, and JUnit XML (most CI test reports). Each carries the file and line when the
//! finding has one.

use serde_json::{json, Value};

use super::rules::all;
use super::{Finding, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// SARIF 2.1.0: one run of the `hotelschema` tool, its rules (every built-in one, and the custom
/// ones found), and one result per finding.
pub fn sarif(findings: &[Finding], checked: &super::Checked) -> String {
    let mut rules: Vec<Value> = all()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.summary },
                "defaultConfiguration": { "level": level(r.default_severity) },
            })
        })
        .collect();
    let mut ids: Vec<String> = all().map(|r| r.id.to_string()).collect();
    for f in findings {
        if !ids.contains(&f.rule) {
            ids.push(f.rule.clone());
            rules.push(json!({ "id": f.rule, "shortDescription": { "text": f.rule } }));
        }
    }
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": ids.iter().position(|i| *i == f.rule).unwrap_or(0),
                "level": level(f.severity),
                "message": { "text": f.message },
            });
            let place = f.place();
            let mut location = serde_json::Map::new();
            if let Some(file) = &f.file {
                let mut physical = json!({ "artifactLocation": { "uri": file } });
                if let Some(line) = f.line {
                    physical["region"] = json!({ "startLine": line.max(1) });
                }
                location.insert("physicalLocation".into(), physical);
            }
            if !place.is_empty() {
                location.insert(
                    "logicalLocations".into(),
                    json!([{ "fullyQualifiedName": place }]),
                );
            }
            if !location.is_empty() {
                result["locations"] = json!([Value::Object(location)]);
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "hotelschema",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
            // What the run judged: the files offline, or a live database.
            "properties": { "checked": checked },
        }],
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("SARIF serialises");
    out.push('\n');
    out
}

/// A fingerprint that is the same for the same finding in every run, and every build (GitLab
/// tracks findings across pipelines by it): a BLAKE3 hash of the rule, the file and the object,
/// not of the message (whose wording may change) nor with the standard library's hasher (which
/// may change between Rust releases).
fn fingerprint(f: &Finding) -> String {
    let mut h = blake3::Hasher::new();
    for part in [
        f.rule.as_str(),
        f.file.as_deref().unwrap_or(""),
        &f.object(),
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().to_hex()[..16].to_string()
}

/// GitLab Code Quality: a JSON array of issues.
pub fn gitlab(findings: &[Finding]) -> String {
    let issues: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": fingerprint(f),
                "severity": match f.severity { Severity::Error => "major", Severity::Warning => "minor" },
                "location": {
                    "path": f.file.clone().unwrap_or_else(|| "schema".into()),
                    "lines": { "begin": f.line.unwrap_or(1).max(1) },
                },
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).expect("issues serialise");
    out.push('\n');
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// JUnit XML: one test case per finding (errors fail, warnings pass with their text in
/// `system-out`), or one passing case when there are none.
pub fn junit(findings: &[Finding], checked: &super::Checked) -> String {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let tests = findings.len().max(1);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hotelschema check\" \
         tests=\"{tests}\" failures=\"{errors}\">\n  <testsuite name=\"hotelschema check\" \
         tests=\"{tests}\" failures=\"{errors}\">\n    <properties>\n      <property \
         name=\"checked\" value=\"{}\"/>\n    </properties>\n",
        xml(&checked.what)
    );
    if findings.is_empty() {
        out.push_str("    <testcase classname=\"hotelschema\" name=\"every rule passes\"/>\n");
    }
    for f in findings {
        let place = f.place();
        let at = match (&f.file, f.line) {
            (Some(file), Some(line)) => format!(" file=\"{}\" line=\"{line}\"", xml(file)),
            (Some(file), None) => format!(" file=\"{}\"", xml(file)),
            _ => String::new(),
        };
        let name = if place.is_empty() {
            f.rule.clone()
        } else {
            format!("{} {place}", f.rule)
        };
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\"{at}>\n",
            xml(&f.rule),
            xml(&name)
        ));
        match f.severity {
            Severity::Error => out.push_str(&format!(
                "      <failure type=\"error\" message=\"{}\">{}</failure>\n",
                xml(f.message.lines().next().unwrap_or("")),
                xml(&f.message)
            )),
            Severity::Warning => out.push_str(&format!(
                "      <system-out>warning: {}</system-out>\n",
                xml(&f.message)
            )),
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(message: &str, table: &str) -> Finding {
        Finding::new(&crate::check::rules::UNKNOWN_RULE, message)
            .table(table)
            .at(&crate::origin::Origin::new("schema/rooms.yaml", 12))
    }

    #[test]
    fn gitlab_fingerprints_follow_the_finding_not_its_wording_nor_the_build() {
        let a = fingerprint(&finding("no index", "room"));
        assert_eq!(a, fingerprint(&finding("no index on room_id", "room")));
        assert_ne!(a, fingerprint(&finding("no index", "guest")));
        // A hash defined by its algorithm: the same in every build and Rust release.
        let mut h = blake3::Hasher::new();
        for part in ["unknown-rule", "schema/rooms.yaml", "room"] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        // Lines move; the finding is the same.
        let moved =
            finding("no index", "room").at(&crate::origin::Origin::new("schema/rooms.yaml", 40));
        assert_eq!(a, fingerprint(&moved));
        assert_eq!(a, h.finalize().to_hex()[..16].to_string());
    }
}
