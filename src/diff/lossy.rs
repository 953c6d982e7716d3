//! Which type changes can lose data. Anything not known to be widening counts as narrowing:
//! better to ask for `--allow-destructive` once too often than to cut values in silence
//! (`USING c::varchar(3)` truncates without an error).

use crate::schema::types::{BaseType, ColumnType as Type};

fn builtin(t: &Type) -> Option<(&'static str, &[u32])> {
    match &t.base {
        BaseType::Builtin { name, modifiers } => Some((name, modifiers.as_slice())),
        BaseType::Named(_) | BaseType::Extension { .. } => None,
    }
}

pub fn may_lose_data(from: &Type, to: &Type) -> bool {
    if from == to {
        return false;
    }
    if from.array_dims != to.array_dims {
        return true;
    }
    // Any enum becomes text safely; everything else involving enums may fail to cast.
    let (Some((a, am)), Some((b, bm))) = (builtin(from), builtin(to)) else {
        return !(matches!(from.base, BaseType::Named(_))
            && builtin(to).map(|t| t.0) == Some("text"));
    };
    let rank = |n: &str| match n {
        "smallint" => Some(1),
        "integer" => Some(2),
        "bigint" => Some(3),
        _ => None,
    };
    match (a, b) {
        _ if a == b && am.is_empty() && bm.is_empty() => false,
        (x, y) if rank(x).is_some() && rank(y).is_some() => rank(y) < rank(x),
        (x, "numeric") if rank(x).is_some() => !bm.is_empty() && bm[0] < 20,
        ("numeric", "numeric") => match (am, bm) {
            (_, []) => false,
            ([], _) => true,
            ([p1, rest1 @ ..], [p2, rest2 @ ..]) => {
                let s1 = rest1.first().copied().unwrap_or(0);
                let s2 = rest2.first().copied().unwrap_or(0);
                s2 < s1 || p2 - s2 < p1 - s1
            }
        },
        ("varchar" | "char", "varchar") | ("varchar", "char") => match (am, bm) {
            (_, []) => false,
            ([], _) => true,
            ([n], [m]) => m < n,
            _ => true,
        },
        ("varchar" | "char" | "citext", "text") => false,
        ("text", "citext") | ("citext", "citext") => false,
        ("real", "double precision") => false,
        ("date", "timestamp" | "timestamptz") => false,
        ("timestamp", "timestamptz") | ("timestamptz", "timestamp") => false,
        ("time" | "timestamp" | "timestamptz", same) if same == a => match (am, bm) {
            (_, []) => false,
            ([], _) => true,
            ([p], [q]) => q < p,
            _ => true,
        },
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Type {
        Type::parse(s, &["mood"], &[]).unwrap()
    }

    #[test]
    fn widening_is_safe_and_everything_else_may_lose_data() {
        for (a, b) in [
            ("integer", "bigint"),
            ("varchar(10)", "varchar(20)"),
            ("varchar(10)", "text"),
            ("numeric(10,2)", "numeric(12,2)"),
            ("numeric(10,2)", "numeric"),
            ("mood", "text"),
            ("timestamptz(3)", "timestamptz"),
        ] {
            assert!(!may_lose_data(&t(a), &t(b)), "{a} → {b}");
        }
        for (a, b) in [
            ("bigint", "integer"),
            ("text", "varchar(10)"),
            ("varchar(20)", "varchar(10)"),
            ("numeric(10,2)", "numeric(10,1)"),
            ("numeric", "numeric(10,2)"),
            ("text", "integer"),
            ("text", "mood"),
            ("timestamptz", "date"),
            ("jsonb", "json"),
        ] {
            assert!(may_lose_data(&t(a), &t(b)), "{a} → {b}");
        }
    }
}
