//! Defaults PostgreSQL refuses when the table is created. A default is coerced to its column's
//! type as it is stored: a constant is read by the type's input function then and there
//! (`'x'` on an integer: "invalid input syntax"), and a value of another type needs an
//! assignment cast (`true` on `jsonb`: "column is of type jsonb but default expression is of
//! type boolean"). What can be known offline is judged here — literals, casts of literals, the
//! usual functions (`now()`, `gen_random_uuid()`) — for the types whose rules are plain; the
//! rest (other functions, domains, extension types) is left to the server.

use super::super::types::{BaseType, ColumnType};

/// Families of types that convert into one another by assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// Every type converts to a string type by assignment (through its text form).
    Text,
    Integer,
    Number,
    Boolean,
    Uuid,
    Json,
    Time,
    /// inet and cidr.
    Address,
}

/// The family of a built-in type under the model's one name for it (`integer`, not `int4`:
/// `types.rs` knows the other spellings).
fn family_of_name(name: &str) -> Option<Family> {
    Some(match name {
        "text" | "varchar" | "char" | "citext" => Family::Text,
        "smallint" | "integer" | "bigint" | "serial" | "bigserial" | "smallserial" => {
            Family::Integer
        }
        "numeric" | "real" | "double precision" => Family::Number,
        "boolean" => Family::Boolean,
        "inet" | "cidr" => Family::Address,
        "uuid" => Family::Uuid,
        "json" | "jsonb" => Family::Json,
        "date" | "time" | "timetz" | "timestamp" | "timestamptz" => Family::Time,
        _ => return None,
    })
}

/// The family of a type as a cast writes it (`int4`, `character varying(12)`, `timestamp with
/// time zone`), through `types.rs`'s reading of its spellings.
fn family_of_spelling(spelling: &str) -> Option<Family> {
    use super::super::types::TypeError;
    match ColumnType::parse(spelling.trim(), &[], &[]) {
        Ok(ColumnType {
            base: BaseType::Builtin { name, .. },
            array_dims: 0,
        }) => family_of_name(name),
        // citext: the same type whether or not the extension is declared here.
        Err(TypeError::NeedsExtension { name, .. }) => family_of_name(name),
        _ => None,
    }
}

/// What a default is, as far as it can be known offline.
enum Value {
    Number {
        integer: bool,
    },
    Bool,
    /// A quoted constant: its text.
    Text(String),
    /// A value of a known family (a cast, a well-known function).
    Of(Family, String),
}

fn value_of(default: &str) -> Option<Value> {
    let t = default.trim();
    let lowered = t.to_lowercase();
    if lowered == "true" || lowered == "false" {
        return Some(Value::Bool);
    }
    if let Some(integer) = number_literal(t) {
        return Some(Value::Number { integer });
    }
    if let Some(text) = quoted(t) {
        return Some(Value::Text(text));
    }
    // `'...'::type`: the constant read by that type, then assigned.
    if let Some((value, ty)) = t.rsplit_once("::") {
        let family = family_of_spelling(ty)?;
        let text = quoted(value.trim())?;
        return Some(Value::Of(family, text));
    }
    let function = match lowered.replace(' ', "").as_str() {
        "now()"
        | "current_timestamp"
        | "transaction_timestamp()"
        | "statement_timestamp()"
        | "clock_timestamp()"
        | "localtimestamp"
        | "current_date"
        | "current_time"
        | "localtime" => Family::Time,
        "gen_random_uuid()" | "uuid_generate_v4()" | "uuid_generate_v1()" => Family::Uuid,
        _ => return None,
    };
    Some(Value::Of(function, String::new()))
}

/// Whether `expr` is nothing but a number (`1.5`, `-1`, `99999999999999999999`, `1_000`), and
/// if so whether it is an integer.
pub(super) fn number_literal(expr: &str) -> Option<bool> {
    let t = expr.trim();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let number = digits
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '_')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    number.then(|| !digits.contains('.'))
}

/// The text of a plain `'...'` constant (not an escape string, which is left to the server).
fn quoted(t: &str) -> Option<String> {
    let inner = t.strip_prefix('\'')?.strip_suffix('\'')?;
    // One constant: every quote inside is doubled.
    if inner.replace("''", "").contains('\'') {
        return None;
    }
    Some(inner.replace("''", "'"))
}

/// Whether `text` is something the input function of `family` reads.
fn reads_as(family: Family, text: &str) -> bool {
    let t = text.trim();
    match family {
        Family::Text => true,
        // Dates and times have many spellings (the server's to judge), but all hold a digit
        // or are one of the special words.
        Family::Time => {
            t.chars().any(|c| c.is_ascii_digit())
                || [
                    "now",
                    "today",
                    "tomorrow",
                    "yesterday",
                    "epoch",
                    "infinity",
                    "-infinity",
                    "allballs",
                ]
                .contains(&t.to_lowercase().as_str())
        }
        Family::Integer => t.parse::<i128>().is_ok(),
        Family::Number => {
            t.parse::<f64>().is_ok()
                || ["nan", "infinity", "-infinity", "+infinity", "inf", "-inf"]
                    .contains(&t.to_lowercase().as_str())
        }
        Family::Boolean => {
            let l = t.to_lowercase();
            !l.is_empty()
                && (["true", "false", "yes", "no", "on", "off", "1", "0"]
                    .iter()
                    .any(|w| w.starts_with(&l))
                    && l != "o")
        }
        Family::Uuid => {
            let hex: String = t
                .trim_start_matches('{')
                .trim_end_matches('}')
                .chars()
                .filter(|c| *c != '-')
                .collect();
            hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit())
        }
        Family::Json => serde_json::from_str::<serde_json::Value>(t).is_ok(),
        // Addresses have abbreviations (`10.1` as a cidr): only what cannot be one is judged.
        Family::Address => {
            t.chars().any(|c| c.is_ascii_hexdigit())
                && t.chars()
                    .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.' | '/'))
        }
    }
}

/// Whether a value of `from` is assigned to a column of `to` without an explicit cast.
fn assignable(from: Family, to: Family) -> bool {
    from == to
        || to == Family::Text
        || matches!(
            (from, to),
            (Family::Integer, Family::Number) | (Family::Number, Family::Integer)
        )
}

/// Why PostgreSQL refuses `default` on a column of type `t`, when it can be told offline.
pub(super) fn default_refused(
    default: &str,
    t: &ColumnType,
    enum_values: Option<&[String]>,
) -> Option<String> {
    let value = value_of(default)?;
    if t.array_dims > 0 {
        return match value {
            Value::Text(text) if !text.trim_start().starts_with('{') => Some(format!(
                "default `{default}` is not an array literal: the column is {t} (write `'{{}}'` or \
                 `'{{a,b}}'`)"
            )),
            Value::Number { .. } | Value::Bool | Value::Of(..) => Some(format!(
                "default `{default}` is not an array: the column is {t}"
            )),
            Value::Text(_) => None,
        };
    }
    if let (BaseType::Named(_), Some(values)) = (&t.base, enum_values) {
        return match value {
            Value::Text(text) if !values.contains(&text) => Some(format!(
                "default `{default}` is not a value of enum {t} ({})",
                values.join(", ")
            )),
            // A number, a boolean, a value of another type: no cast makes an enum of it.
            Value::Number { .. } | Value::Bool | Value::Of(..) => {
                Some(format!("default `{default}` is not a value of enum {t}"))
            }
            Value::Text(_) => None,
        };
    }
    let BaseType::Builtin { name, .. } = &t.base else {
        return None;
    };
    let Some(to) = family_of_name(name) else {
        // Another built-in type (inet, point, bytea...): no number (but into money), boolean or
        // value of the families above is assigned to it; a quoted constant is the server's.
        let refused = match value {
            Value::Number { .. } => *name != "money",
            Value::Bool | Value::Of(..) => true,
            // A point is two numbers: `(1,2)` or `1,2`.
            Value::Text(text) if *name == "point" => {
                let inner = text.trim().trim_start_matches('(').trim_end_matches(')');
                let parts: Vec<&str> = inner.split(',').collect();
                !(parts.len() == 2 && parts.iter().all(|p| p.trim().parse::<f64>().is_ok()))
            }
            Value::Text(_) => false,
        };
        return refused.then(|| {
            format!("default `{default}` is of another kind than the column's type, {t}, and PostgreSQL does not convert it")
        });
    };
    if let (Family::Text, Some(n)) = (to, length_limit(t)) {
        if let Some(least) = text_length_at_least(default, &value) {
            if least > n {
                return Some(format!(
                    "default `{default}` is at least {least} characters as text; {t} holds {n} \
                     (PostgreSQL refuses it as soon as it computes it, e.g. when the column is \
                     added to a table)"
                ));
            }
        }
    }
    let (from, text) = match value {
        Value::Number { integer } => {
            if let Some(why) = out_of_range(default, t) {
                return Some(why);
            }
            let from = if integer {
                Family::Integer
            } else {
                Family::Number
            };
            (from, None)
        }
        Value::Bool => (Family::Boolean, None),
        Value::Text(text) => {
            return (!reads_as(to, &text)).then(|| {
                format!("default `{default}` is not a valid {t}: PostgreSQL cannot read it as one")
            });
        }
        Value::Of(family, text) => (family, Some(text)),
    };
    if let Some(text) = text.filter(|_| from != Family::Time) {
        if !text.is_empty() && !reads_as(from, &text) {
            return Some(format!(
                "default `{default}`: the constant is not a valid value of the type it is cast to"
            ));
        }
    }
    (!assignable(from, to)).then(|| {
        format!("default `{default}` is of another kind than the column's type, {t}, and PostgreSQL does not convert it")
    })
}

/// The length limit of a `varchar(n)` or `char(n)`, when it has one.
fn length_limit(t: &ColumnType) -> Option<usize> {
    match &t.base {
        BaseType::Builtin { name, modifiers } if matches!(*name, "varchar" | "char") => {
            modifiers.first().map(|n| *n as usize)
        }
        _ => None,
    }
}

/// The fewest characters the text form of a default can have, when it can be told.
fn text_length_at_least(default: &str, value: &Value) -> Option<usize> {
    Some(match value {
        Value::Text(text) => text.chars().count(),
        Value::Number { .. } => default.trim().trim_start_matches('+').len(),
        Value::Bool => 4,
        Value::Of(Family::Uuid, constant) if constant.is_empty() => 36,
        Value::Of(Family::Time, constant) if constant.is_empty() => {
            match default.trim().to_lowercase().replace(' ', "").as_str() {
                "current_date" => 10,
                "current_time" | "localtime" => 8,
                // `2026-12-07 08:52:00` and more.
                _ => 19,
            }
        }
        _ => return None,
    })
}

/// A number the column can never hold (`99999999999999999999999` on a bigint, `1000000` on a
/// `numeric(8,2)`): every row would fail, and adding the column to a table that has rows fails
/// at once (the default is computed for them).
fn out_of_range(default: &str, t: &ColumnType) -> Option<String> {
    let BaseType::Builtin { name, modifiers } = &t.base else {
        return None;
    };
    let value: f64 = default.trim().parse().ok()?;
    let fits = match *name {
        "smallint" | "smallserial" => (-32_768.0..=32_767.0).contains(&value.round()),
        "integer" | "serial" => (-2_147_483_648.0..=2_147_483_647.0).contains(&value.round()),
        // f64 holds 2^63 exactly: the bounds are those of int8.
        "bigint" | "bigserial" => {
            (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&value.round())
        }
        "numeric" => {
            let (p, s) = match modifiers.as_slice() {
                [p] => (*p as i32, 0),
                [p, s] => (*p as i32, *s as i32),
                _ => return None,
            };
            // Rounded to the scale, it must have fewer than p - s digits before the point.
            let scale = 10f64.powi(s);
            ((value * scale).round() / scale).abs() < 10f64.powi(p - s)
        }
        _ => return None,
    };
    (!fits).then(|| format!("default `{default}` is out of the range of {t}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(default: &str, ty: &str) -> bool {
        let t = ColumnType::parse(ty, &["mood"], &["citext"]).unwrap();
        let values = ["calm".to_string(), "busy".to_string()];
        default_refused(default, &t, Some(&values)).is_some()
    }

    #[test]
    fn what_postgresql_refuses_at_create_table_is_refused() {
        for (default, ty) in [
            ("1.5", "jsonb"),
            ("99999999999999999999999", "boolean"),
            ("true", "jsonb"),
            ("true", "integer"),
            ("'x'", "integer"),
            ("'{}'", "integer"),
            ("'127.0.0.1'", "numeric(8,2)"),
            ("now()", "integer"),
            ("CURRENT_DATE", "uuid"),
            ("gen_random_uuid()", "jsonb"),
            ("'{}'::jsonb", "boolean"),
            ("'x'", "uuid"),
            ("'{'", "jsonb"),
            ("'x'", "text[]"),
            ("0", "text[]"),
            ("'happy'", "mood"),
            ("true", "mood"),
            ("'{}'::jsonb", "mood"),
            ("1.5", "inet"),
            ("'{}'", "inet"),
            ("'127.0.0.1'", "point"),
            ("99999999999999999999999", "bigint"),
            ("1000000", "numeric(8,2)"),
            ("40000", "smallint"),
            ("gen_random_uuid()", "text[]"),
            ("now()", "varchar(12)"),
            ("'abcdef'", "varchar(3)"),
            ("gen_random_uuid()", "varchar(20)"),
            ("'x'", "date"),
            ("true", "point"),
            ("now()", "bytea"),
            ("now()", "mood"),
        ] {
            assert!(refused(default, ty), "{default} on {ty}");
        }
    }

    #[test]
    fn what_postgresql_takes_is_taken() {
        for (default, ty) in [
            ("0", "numeric(8,2)"),
            ("1.5", "integer"),
            ("'1.5'", "numeric(8,2)"),
            ("'12'", "bigint"),
            ("true", "text"),
            ("'t'", "boolean"),
            ("'off'", "boolean"),
            ("now()", "timestamptz"),
            ("now()", "date"),
            ("now()", "text"),
            ("CURRENT_DATE", "timestamptz"),
            ("'{}'::jsonb", "jsonb"),
            ("'{}'", "jsonb"),
            ("'[1, 2]'", "json"),
            ("gen_random_uuid()", "uuid"),
            ("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "uuid"),
            ("'{}'", "text[]"),
            ("'calm'", "mood"),
            ("'x'", "citext"),
            ("'2024-01-01'", "date"),
            ("'10.0.0.1'", "inet"),
            ("'(1,2)'", "point"),
            ("now()", "varchar(40)"),
            ("'abc'", "varchar(3)"),
            ("999999.99", "numeric(8,2)"),
            ("-2147483648", "integer"),
            ("'today'", "date"),
            ("lower('X')", "integer"), // unknown: the server's
        ] {
            assert!(!refused(default, ty), "{default} on {ty}");
        }
    }
}
