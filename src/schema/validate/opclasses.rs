//! Which built-in types an index method can index without naming an operator class: PostgreSQL
//! refuses the rest ("data type timestamp with time zone has no default operator class for
//! access method gin"). The lists are PostgreSQL 15's default operator classes
//! (`SELECT amname, typname FROM pg_opclass JOIN pg_am ... JOIN pg_type ... WHERE opcdefault`).
//! Extensions add classes (btree_gin, btree_gist, pg_trgm, PostGIS...): with an extension that
//! may, nothing is refused.

use super::super::model::Schema;
use super::super::types::{BaseType, ColumnType};

const DEFAULTS: &[(&str, &[&str])] = &[
    (
        "brin",
        &[
            "anyrange",
            "bit",
            "box",
            "bpchar",
            "bytea",
            "char",
            "date",
            "float4",
            "float8",
            "inet",
            "int2",
            "int4",
            "int8",
            "interval",
            "macaddr",
            "macaddr8",
            "name",
            "numeric",
            "oid",
            "pg_lsn",
            "text",
            "tid",
            "time",
            "timestamp",
            "timestamptz",
            "timetz",
            "uuid",
            "varbit",
        ],
    ),
    (
        "btree",
        &[
            "anyarray",
            "anyenum",
            "anymultirange",
            "anyrange",
            "bit",
            "bool",
            "bpchar",
            "bytea",
            "char",
            "date",
            "float4",
            "float8",
            "inet",
            "int2",
            "int4",
            "int8",
            "interval",
            "jsonb",
            "macaddr",
            "macaddr8",
            "money",
            "name",
            "numeric",
            "oid",
            "oidvector",
            "pg_lsn",
            "record",
            "text",
            "tid",
            "time",
            "timestamp",
            "timestamptz",
            "timetz",
            "tsquery",
            "tsvector",
            "uuid",
            "varbit",
            "xid8",
        ],
    ),
    ("gin", &["anyarray", "jsonb", "tsvector"]),
    (
        "gist",
        &[
            "anymultirange",
            "anyrange",
            "box",
            "circle",
            "point",
            "polygon",
            "tsquery",
            "tsvector",
        ],
    ),
    (
        "hash",
        &[
            "anyarray",
            "anyenum",
            "anymultirange",
            "anyrange",
            "bool",
            "bpchar",
            "bytea",
            "char",
            "date",
            "float4",
            "float8",
            "inet",
            "int2",
            "int4",
            "int8",
            "interval",
            "jsonb",
            "macaddr",
            "macaddr8",
            "name",
            "numeric",
            "oid",
            "oidvector",
            "pg_lsn",
            "record",
            "text",
            "tid",
            "time",
            "timestamp",
            "timestamptz",
            "timetz",
            "uuid",
            "xid",
            "xid8",
        ],
    ),
    (
        "spgist",
        &["anyrange", "box", "inet", "point", "polygon", "text"],
    ),
];

/// Extensions that add no operator class to a built-in type.
const ADD_NO_CLASSES: &[&str] = &[
    "pgcrypto",
    "uuid-ossp",
    "citext",
    "pg_stat_statements",
    "plpgsql",
    "unaccent",
    "fuzzystrmatch",
    "tablefunc",
    "vector",
    "pg_partman",
    "pg_cron",
];

/// The name PostgreSQL's catalog gives the type an index key of type `t` is indexed as, for
/// the built-in types (`varchar` is indexed as `text`, `integer` is `int4`, arrays as
/// `anyarray`, enums as `anyenum`); `None` when it cannot be told.
fn indexed_as(t: &ColumnType, schema: &Schema) -> Option<&'static str> {
    if t.array_dims > 0 {
        return Some("anyarray");
    }
    match &t.base {
        BaseType::Named(n) => schema
            .enums
            .iter()
            .any(|e| &e.name == n)
            .then_some("anyenum"),
        BaseType::Extension { .. } => None,
        BaseType::Builtin { name, .. } => Some(match *name {
            "integer" | "serial" => "int4",
            "bigint" | "bigserial" => "int8",
            "smallint" | "smallserial" => "int2",
            "real" => "float4",
            "double precision" => "float8",
            "boolean" => "bool",
            "varchar" | "text" => "text",
            "char" => "bpchar",
            "cidr" | "inet" => "inet",
            "int4range" | "int8range" | "numrange" | "tsrange" | "tstzrange" | "daterange" => {
                "anyrange"
            }
            other => other,
        }),
    }
}

/// When `method` has no default operator class for `t`: the way out, for the message's hint.
pub(super) fn missing(method: &str, t: &ColumnType, schema: &Schema) -> Option<&'static str> {
    if schema
        .extensions
        .iter()
        .any(|e| !ADD_NO_CLASSES.contains(&e.name.as_str()))
    {
        return None;
    }
    let (_, types) = DEFAULTS.iter().find(|(m, _)| *m == method)?;
    let indexed = indexed_as(t, schema)?;
    if types.contains(&indexed) {
        return None;
    }
    // A type the lists do not know at all (a domain over a base type...) is the server's.
    if !DEFAULTS.iter().any(|(_, types)| types.contains(&indexed))
        && !matches!(indexed, "json" | "xml" | "line" | "lseg" | "path")
    {
        return None;
    }
    Some(match method {
        "gin" => {
            "gin indexes arrays, jsonb and tsvector; use btree for this column, or add the \
                  btree_gin extension"
        }
        "gist" => {
            "gist indexes geometric types, ranges and tsvector; use btree for this column, \
                   or add the btree_gist extension"
        }
        "btree" | "hash" => {
            "index it with a method that has a class for it (gist for geometric \
                             types), or index an expression of it"
        }
        _ => "use btree for this column, or name an operator class (`column opclass`)",
    })
}
