//! Declarative partitioning: a partitioned table's key (`PARTITION BY RANGE (created_at)`)
//! and its partitions with their bounds. Partitions are not tables of the model: they take
//! their columns, indexes, foreign keys and checks from their parent (PostgreSQL clones them),
//! so the model holds each as a name and a bound on the parent, nothing more.
//!
//! Keys and bounds are text, written back by PostgreSQL's deparser on every side — what the
//! YAML says, what a migration says, and what `pg_get_partkeydef` / `relpartbound` print — so
//! `range (created_at)` and `RANGE (created_at)` compare equal. Bound literals are kept as
//! written: the YAML of a `timestamptz` key is best written as PostgreSQL prints it
//! (`'2026-01-01 00:00:00+00'`), which `pull` does.

pub mod diff;
pub mod read;

use pg_query::protobuf::{self, node::Node as N};

use crate::origin::Origin;
use crate::sql::ident::quote_qualified;

/// How a table is partitioned, and its partitions.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Partitioning {
    /// The key, as after `PARTITION BY`: `RANGE (created_at)`, `LIST (region)`,
    /// `HASH (guest_id)`.
    pub by: String,
    pub partitions: Vec<Partition>,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Partition {
    /// `name`, or `schema.name` outside public.
    pub name: String,
    /// The bound, as after `PARTITION OF parent`: `FOR VALUES FROM (...) TO (...)`,
    /// `FOR VALUES IN (...)`, `FOR VALUES WITH (modulus 4, remainder 0)` or `DEFAULT`.
    pub bound: String,
    pub origin: Origin,
}

impl Partition {
    /// The bound as the YAML writes it: without `FOR VALUES`, `default` for DEFAULT.
    pub fn yaml_values(&self) -> String {
        match self.bound.strip_prefix("FOR VALUES ") {
            Some(values) => values.to_string(),
            None => self.bound.to_lowercase(),
        }
    }

    pub fn create_sql(&self, parent: &str) -> String {
        format!(
            "CREATE TABLE {} PARTITION OF {} {};",
            quote_qualified(&self.name),
            quote_qualified(parent),
            self.bound
        )
    }

    pub fn drop_sql(&self) -> String {
        format!("DROP TABLE {};", quote_qualified(&self.name))
    }
}

/// `CREATE TABLE x () PARTITION BY <spec>` as the deparser writes it, cut after
/// `PARTITION BY `.
pub fn key_of(spec: &protobuf::PartitionSpec) -> Result<String, String> {
    let sql = deparse_create(|c| c.partspec = Some(spec.clone()))?;
    sql.split_once(" PARTITION BY ")
        .map(|(_, key)| key.trim_end_matches(';').to_string())
        .ok_or_else(|| format!("cannot write back the partition key ({sql})"))
}

/// `CREATE TABLE x PARTITION OF y <bound>` as the deparser writes it, cut after `y `.
pub fn bound_of(bound: &protobuf::PartitionBoundSpec) -> Result<String, String> {
    let sql = deparse_create(|c| {
        c.inh_relations = vec![relation_node("hs_partition_parent")];
        c.partbound = Some(bound.clone());
    })?;
    sql.split_once("hs_partition_parent ")
        .map(|(_, b)| b.trim_end_matches(';').to_string())
        .ok_or_else(|| format!("cannot write back the partition bound ({sql})"))
}

/// A key as written by hand (`range (created_at)`) in its canonical form.
pub fn normalise_key(written: &str) -> Result<String, String> {
    let sql = format!("CREATE TABLE hs_partitioned () PARTITION BY {written}");
    let spec = match first_create(&sql)? {
        CreateStmtParts {
            partspec: Some(s), ..
        } => s,
        _ => return Err(format!("`{written}` is not a partition key")),
    };
    key_of(&spec)
}

/// A bound as written by hand (`from ('2026-01-01') to ('2027-01-01')`, `in ('eu')`,
/// `with (modulus 4, remainder 0)`, `default`), or as `pg_get_expr(relpartbound)` prints it
/// (`FOR VALUES ...`), in its canonical form.
pub fn normalise_bound(written: &str) -> Result<String, String> {
    let trimmed = written.trim();
    let bound = if trimmed.eq_ignore_ascii_case("default")
        || trimmed.to_ascii_uppercase().starts_with("FOR VALUES")
    {
        trimmed.to_string()
    } else {
        format!("FOR VALUES {trimmed}")
    };
    let sql = format!("CREATE TABLE hs_partition PARTITION OF hs_partition_parent {bound}");
    let bound = match first_create(&sql)? {
        CreateStmtParts {
            partbound: Some(b), ..
        } => b,
        _ => return Err(format!("`{written}` is not a partition bound")),
    };
    bound_of(&bound)
}

/// The columns of a key (`RANGE (occurred_at, region)` → both); `None` when a part of it is an
/// expression.
pub fn key_columns(by: &str) -> Option<Vec<String>> {
    let sql = format!("CREATE TABLE hs_partitioned () PARTITION BY {by}");
    let spec = first_create(&sql).ok()?.partspec?;
    spec.part_params
        .iter()
        .map(|p| match p.node.as_ref() {
            Some(N::PartitionElem(e)) if e.expr.is_none() => Some(e.name.clone()),
            _ => None,
        })
        .collect()
}

struct CreateStmtParts {
    partspec: Option<protobuf::PartitionSpec>,
    partbound: Option<protobuf::PartitionBoundSpec>,
}

fn first_create(sql: &str) -> Result<CreateStmtParts, String> {
    let parsed = pg_query::parse(sql, 0).map_err(|e| e.to_string())?;
    match parsed
        .protobuf
        .stmts
        .first()
        .and_then(|s| s.stmt.as_ref()?.node.as_ref())
    {
        Some(N::CreateStmt(c)) if parsed.protobuf.stmts.len() == 1 => Ok(CreateStmtParts {
            partspec: c.partspec.clone(),
            partbound: c.partbound.clone(),
        }),
        _ => Err("more than a partition key or bound".into()),
    }
}

fn relation_node(name: &str) -> protobuf::Node {
    protobuf::Node {
        node: Some(N::RangeVar(relation(name).into())),
    }
}

fn relation(name: &str) -> protobuf::RangeVar {
    protobuf::RangeVar {
        relname: name.to_string(),
        inh: true,
        relpersistence: "p".into(),
        location: -1,
        ..Default::default()
    }
}

/// Deparses a `CREATE TABLE hs_partitioned` built from PostgreSQL's own parse of one (every
/// enum field set as the C library expects), after `edit`.
fn deparse_create(edit: impl FnOnce(&mut protobuf::CreateStmt)) -> Result<String, String> {
    thread_local! {
        static TEMPLATE: protobuf::ParseResult =
            pg_query::parse("CREATE TABLE hs_partitioned ()", 0).expect("parses").protobuf;
    }
    let mut template = TEMPLATE.with(|t| t.clone());
    let Some(N::CreateStmt(create)) = template.stmts[0]
        .stmt
        .as_mut()
        .and_then(|s| s.node.as_mut())
    else {
        return Err("unexpected parse of CREATE TABLE".into());
    };
    edit(create);
    pg_query::deparse(&template, Default::default()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_bounds_written_any_way_read_the_same() {
        assert_eq!(
            normalise_key("range (created_at)").unwrap(),
            "RANGE (created_at)"
        );
        assert_eq!(
            normalise_key("RANGE (created_at)").unwrap(),
            "RANGE (created_at)"
        );
        assert_eq!(
            normalise_key("list (lower(region))").unwrap(),
            "LIST ((lower(region)))"
        );
        assert_eq!(normalise_key("hash (guest_id)").unwrap(), "HASH (guest_id)");
        assert_eq!(
            normalise_bound("from ('2026-01-01') to ('2027-01-01')").unwrap(),
            "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
        );
        assert_eq!(
            normalise_bound("FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')").unwrap(),
            "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
        );
        assert_eq!(
            normalise_bound("in ('eu', 'us')").unwrap(),
            "FOR VALUES IN ('eu', 'us')"
        );
        assert_eq!(
            normalise_bound("from (MINVALUE) to (10)").unwrap(),
            "FOR VALUES FROM (minvalue) TO (10)"
        );
        assert_eq!(
            normalise_bound("with (modulus 4, remainder 0)").unwrap(),
            "FOR VALUES WITH (MODULUS 4, REMAINDER 0)"
        );
        assert_eq!(normalise_bound("default").unwrap(), "DEFAULT");
        assert_eq!(
            key_columns("RANGE (occurred_at, region)").unwrap(),
            ["occurred_at", "region"]
        );
        assert_eq!(key_columns("LIST ((lower(region)))"), None);
        assert!(normalise_bound("from (1)").is_err());
        assert!(normalise_key("range (a); DROP TABLE x").is_err());
    }
}
