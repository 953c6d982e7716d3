//! `timestamp-without-tz`: `timestamp` stores a wall-clock time with no zone, so the same
//! instant reads differently on servers with different settings. Use `timestamptz`.

use super::{Rule, SchemaContext};
use crate::check::{Finding, Severity};
use crate::schema::types::BaseType;

pub const RULE: Rule = Rule {
    id: "timestamp-without-tz",
    default_severity: Severity::Error,
    summary: "a timestamp (or timestamp[]) column without time zone",
};

pub fn check(ctx: &SchemaContext) -> Vec<Finding> {
    let mut findings = Vec::new();
    for t in &ctx.schema.tables {
        for c in &t.columns {
            if let BaseType::Builtin {
                name: "timestamp", ..
            } = c.column_type.base
            {
                let fixed = c
                    .column_type
                    .to_string()
                    .replacen("timestamp", "timestamptz", 1);
                findings.push(
                    Finding::new(
                        &RULE,
                        format!(
                            "{}.{} is {} (without time zone); declare it `type: {fixed}`",
                            t.name, c.name, c.column_type
                        ),
                    )
                    .table(&t.name)
                    .column(&c.name)
                    .at(&c.origin),
                );
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::super::testing::{run, ORG};
    use super::*;

    #[test]
    fn timestamps_and_their_arrays_need_a_time_zone() {
        let yaml = format!(
            "{ORG}      seen: timestamp(3)\n      log: \"timestamp[]\"\n      ok: timestamptz\n"
        );
        assert_eq!(
            run(check, &yaml),
            [
                (
                    "organization.seen (schema/test.yaml:6)".to_string(),
                    "organization.seen is timestamp(3) (without time zone); declare it `type: timestamptz(3)`".to_string()
                ),
                (
                    "organization.log (schema/test.yaml:7)".to_string(),
                    "organization.log is timestamp[] (without time zone); declare it `type: timestamptz[]`".to_string()
                ),
            ]
        );
        assert_eq!(run(check, &format!("{ORG}      ok: timestamptz\n")), []);
    }
}
