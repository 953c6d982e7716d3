//! Whether PostgreSQL can cast a column's old type to its new one, as the type change generate
//! writes does (`ALTER COLUMN c TYPE point USING c::point`). Judged offline for the built-in
//! types, so a change no server would run (`timestamptz` to `point`) is refused at generate
//! instead of failing at migrate. Types the model only names (enums, domains, extension
//! types other than citext) are not judged: the real-server proof is where they are.

use crate::schema::types::{BaseType, ColumnType};

/// The casts between two different built-in types the model knows, as PostgreSQL 15 lists
/// them (`pg_cast`, both types in `pg_catalog`, by `typname`). `tests/it/edge_cases_db.rs`
/// compares this list with the server's.
pub const BUILT_IN_CASTS: &[(&str, &str)] = &[
    ("bit", "int4"),
    ("bit", "int8"),
    ("bit", "varbit"),
    ("bool", "bpchar"),
    ("bool", "int4"),
    ("bool", "text"),
    ("bool", "varchar"),
    ("box", "circle"),
    ("box", "lseg"),
    ("box", "point"),
    ("box", "polygon"),
    ("bpchar", "text"),
    ("bpchar", "varchar"),
    ("bpchar", "xml"),
    ("cidr", "bpchar"),
    ("cidr", "inet"),
    ("cidr", "text"),
    ("cidr", "varchar"),
    ("circle", "box"),
    ("circle", "point"),
    ("circle", "polygon"),
    ("date", "timestamp"),
    ("date", "timestamptz"),
    ("float4", "float8"),
    ("float4", "int2"),
    ("float4", "int4"),
    ("float4", "int8"),
    ("float4", "numeric"),
    ("float8", "float4"),
    ("float8", "int2"),
    ("float8", "int4"),
    ("float8", "int8"),
    ("float8", "numeric"),
    ("inet", "bpchar"),
    ("inet", "cidr"),
    ("inet", "text"),
    ("inet", "varchar"),
    ("int2", "float4"),
    ("int2", "float8"),
    ("int2", "int4"),
    ("int2", "int8"),
    ("int2", "numeric"),
    ("int4", "bit"),
    ("int4", "bool"),
    ("int4", "float4"),
    ("int4", "float8"),
    ("int4", "int2"),
    ("int4", "int8"),
    ("int4", "money"),
    ("int4", "numeric"),
    ("int8", "bit"),
    ("int8", "float4"),
    ("int8", "float8"),
    ("int8", "int2"),
    ("int8", "int4"),
    ("int8", "money"),
    ("int8", "numeric"),
    ("interval", "time"),
    ("json", "jsonb"),
    ("jsonb", "bool"),
    ("jsonb", "float4"),
    ("jsonb", "float8"),
    ("jsonb", "int2"),
    ("jsonb", "int4"),
    ("jsonb", "int8"),
    ("jsonb", "json"),
    ("jsonb", "numeric"),
    ("lseg", "point"),
    ("macaddr", "macaddr8"),
    ("macaddr8", "macaddr"),
    ("money", "numeric"),
    ("numeric", "float4"),
    ("numeric", "float8"),
    ("numeric", "int2"),
    ("numeric", "int4"),
    ("numeric", "int8"),
    ("numeric", "money"),
    ("path", "polygon"),
    ("point", "box"),
    ("polygon", "box"),
    ("polygon", "circle"),
    ("polygon", "path"),
    ("polygon", "point"),
    ("text", "bpchar"),
    ("text", "varchar"),
    ("text", "xml"),
    ("time", "interval"),
    ("time", "timetz"),
    ("timestamp", "date"),
    ("timestamp", "time"),
    ("timestamp", "timestamptz"),
    ("timestamptz", "date"),
    ("timestamptz", "time"),
    ("timestamptz", "timestamp"),
    ("timestamptz", "timetz"),
    ("timetz", "time"),
    ("varbit", "bit"),
    ("varchar", "bpchar"),
    ("varchar", "text"),
    ("varchar", "xml"),
    ("xml", "bpchar"),
    ("xml", "text"),
    ("xml", "varchar"),
];

/// The built-in types the list covers (every type `schema::types` knows but those an extension
/// provides): a type outside it is not judged.
pub const JUDGED: &[&str] = &[
    "text",
    "int2",
    "int4",
    "int8",
    "float4",
    "float8",
    "numeric",
    "bool",
    "uuid",
    "date",
    "time",
    "timetz",
    "timestamp",
    "timestamptz",
    "interval",
    "json",
    "jsonb",
    "varchar",
    "bpchar",
    "bytea",
    "inet",
    "cidr",
    "macaddr",
    "money",
    "tsvector",
    "xml",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "tsquery",
    "macaddr8",
    "bit",
    "varbit",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
];

/// The types of the string category (`typcategory = 'S'`): PostgreSQL casts any type to and
/// from them through its text form (I/O conversion), even where `pg_cast` lists nothing.
const STRING_TYPES: &[&str] = &["text", "varchar", "bpchar", "citext"];

/// The `pg_type.typname` of a type the model knows, or `None` for one it only names.
pub fn typname(t: &BaseType) -> Option<&'static str> {
    match t {
        BaseType::Builtin { name, .. } => Some(match *name {
            "smallint" | "smallserial" => "int2",
            "integer" | "serial" => "int4",
            "bigint" | "bigserial" => "int8",
            "real" => "float4",
            "double precision" => "float8",
            "boolean" => "bool",
            "char" => "bpchar",
            other => other,
        }),
        BaseType::Named(_) | BaseType::Extension { .. } => None,
    }
}

/// `Some(false)` when PostgreSQL has no cast from `from` to `to` (the type change would
/// fail on every server), `Some(true)` when it has one, `None` when the model cannot tell.
pub fn castable(from: &ColumnType, to: &ColumnType) -> Option<bool> {
    let (a, b) = (typname(&from.base)?, typname(&to.base)?);
    let known = |t: &str| JUDGED.contains(&t) || STRING_TYPES.contains(&t);
    if !known(a) || !known(b) {
        return None;
    }
    let string = |t: &str, dims: usize| dims == 0 && STRING_TYPES.contains(&t);
    // Through the text form: to or from a string type (not an array of one), any type.
    if string(a, from.array_dims) || string(b, to.array_dims) {
        return Some(true);
    }
    // An array becomes an array of the same depth element by element; never a scalar.
    if from.array_dims != to.array_dims {
        return Some(false);
    }
    Some(
        a == b
            || STRING_TYPES.contains(&a)
            || STRING_TYPES.contains(&b)
            || BUILT_IN_CASTS.contains(&(a, b)),
    )
}

/// Whether PostgreSQL compares `a` and `b` in a foreign key although they differ: types of
/// one btree operator family (`integer` and `bigint`, `text` and `varchar`, `date` and
/// `timestamptz`). Anything else it refuses ("Key columns are of incompatible types").
pub fn comparable_in_a_key(a: &ColumnType, b: &ColumnType) -> bool {
    const FAMILIES: &[&[&str]] = &[
        &["int2", "int4", "int8"],
        &["float4", "float8"],
        &["text", "varchar"],
        &["date", "timestamp", "timestamptz"],
    ];
    if a.array_dims != 0 || b.array_dims != 0 {
        return false;
    }
    let (Some(x), Some(y)) = (typname(&a.base), typname(&b.base)) else {
        return false;
    };
    FAMILIES
        .iter()
        .any(|family| family.contains(&x) && family.contains(&y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> ColumnType {
        ColumnType::parse(s, &["room_status"], &["citext", "vector"]).unwrap()
    }

    #[test]
    fn a_type_with_no_cast_is_told_apart_from_one_with_a_cast() {
        assert_eq!(castable(&ty("timestamptz"), &ty("point")), Some(false));
        assert_eq!(castable(&ty("uuid"), &ty("integer")), Some(false));
        assert_eq!(castable(&ty("integer[]"), &ty("integer")), Some(false));
        assert_eq!(castable(&ty("timestamptz"), &ty("date")), Some(true));
        assert_eq!(castable(&ty("integer"), &ty("bigint")), Some(true));
        assert_eq!(castable(&ty("serial"), &ty("boolean")), Some(true));
        assert_eq!(castable(&ty("varchar(20)"), &ty("varchar(10)")), Some(true));
    }

    #[test]
    fn string_types_cast_to_and_from_anything_through_text() {
        assert_eq!(castable(&ty("text"), &ty("point")), Some(true));
        assert_eq!(castable(&ty("uuid"), &ty("varchar(40)")), Some(true));
        assert_eq!(castable(&ty("text"), &ty("integer[]")), Some(true));
        assert_eq!(castable(&ty("text[]"), &ty("integer[]")), Some(true));
        assert_eq!(castable(&ty("citext"), &ty("uuid")), Some(true));
    }

    #[test]
    fn types_the_model_only_names_are_not_judged() {
        assert_eq!(castable(&ty("room_status"), &ty("point")), None);
        assert_eq!(castable(&ty("vector(3)"), &ty("point")), None);
    }
}
