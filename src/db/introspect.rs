//! A live database → the model, with a fixed number of set-based catalog queries whatever the
//! number of tables (a query per table takes minutes on large databases).
//!
//! It reads the schemas it is asked for (`public` by default); tables and enums outside
//! `public` get the model's `schema.name`, and an enum of another schema that a column uses is
//! read too, wherever it lives. Partitions are read onto their parent, never as tables.
//! Objects the model does not cover are never silently dropped: what PostgreSQL can print (a
//! rule, an event trigger, a column of an unknown type) becomes raw SQL (`objects::raw`), the
//! rest is named (`unmodelled`), and `introspect` refuses a database that holds what neither
//! covers.

use std::collections::HashMap;

use sqlx::PgConnection;

use crate::schema::model::*;
use crate::schema::types::ColumnType;

use super::snapshot::Readers;
use super::unmodelled::raw_name;
pub use super::unmodelled::{unmodelled, Unmodelled, KEPT_RAW, UNKNOWN_TYPE};

/// Something in the database the model cannot represent yet.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NotModelled(pub String);

fn origin() -> Origin {
    Origin::default()
}

/// The schemas to read: those asked for (`--schema`), else `public` and the schemas the
/// project creates (`project`, from its YAML or its migrations).
pub fn schemas_to_read(asked: &[String], project: &[&Schema]) -> Vec<String> {
    let mut names: Vec<String> = if asked.is_empty() {
        std::iter::once("public".to_string())
            .chain(
                project
                    .iter()
                    .flat_map(|s| s.schemas.iter().map(|n| n.name.clone())),
            )
            .collect()
    } else {
        asked.to_vec()
    };
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}

/// The database as the model, refusing it whole if it holds anything the model cannot
/// represent (what `pull`, `diff` and baseline need: a partial model would be a wrong one).
pub async fn introspect(
    conn: &mut PgConnection,
    readers: &mut Readers,
    schemas: &[String],
) -> anyhow::Result<Schema> {
    let (mut schema, mut unsupported) = introspect_all_it_can(conn, readers, schemas).await?;
    unsupported.retain(|m| !m.ends_with(KEPT_RAW));
    // What the model does not cover but PostgreSQL can print (a rule, an event trigger) is
    // compared as raw SQL: the drift of a raw object shows, as PostgreSQL prints it on both
    // sides.
    schema.raw.extend(
        unmodelled(conn, schemas)
            .await?
            .iter()
            .filter_map(Unmodelled::raw),
    );
    if !unsupported.is_empty() {
        return Err(NotModelled(format!(
            "the database holds what hotelschema does not model yet: {}",
            unsupported.join("; ")
        ))
        .into());
    }
    Ok(schema)
}

/// The database as far as the model can hold it, and what it left out (a column of a type it
/// does not know, an expression unique index...): for `check --db`, which judges the rest.
pub async fn introspect_all_it_can(
    conn: &mut PgConnection,
    readers: &mut Readers,
    schemas: &[String],
) -> anyhow::Result<(Schema, Vec<String>)> {
    let mut schema = Schema::default();
    let mut unsupported: Vec<String> = Vec::new();

    let found: Vec<(String,)> =
        sqlx::query_as("SELECT nspname::text FROM pg_namespace WHERE nspname = ANY($1)")
            .bind(schemas)
            .fetch_all(&mut *conn)
            .await?;
    if let Some(missing) = schemas.iter().find(|s| !found.iter().any(|(f,)| f == *s)) {
        return Err(crate::UsageError(format!(
            "the database has no schema `{missing}`; list its schemas with `psql -c '\\dn'` and \
             pass existing ones to --schema"
        ))
        .into());
    }
    schema.schemas = schemas
        .iter()
        .filter(|s| *s != "public")
        .map(|name| Namespace {
            name: name.clone(),
            grants: Vec::new(),
            origin: origin(),
        })
        .collect();

    // The types a table's columns may use, each read by its kind: extensions' (PostGIS's
    // geometry), enums, domains and composite types.
    let ext_types = crate::objects::extension::read::read(conn, &mut schema).await?;
    let types =
        crate::objects::registry::read_types(conn, &mut schema, schemas, &mut unsupported).await?;
    let mut types_used: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let ext_names: Vec<String> = schema.extensions.iter().map(|e| e.name.clone()).collect();
    let ext_refs: Vec<&str> = ext_names.iter().map(String::as_str).collect();
    let ext_type_refs = ext_types.names();
    let mut ext_types_used: std::collections::BTreeSet<&str> = Default::default();

    let (columns, constraints, indexes) = super::catalog_rows::read(conn, readers, schemas).await?;
    // (table, attnum) → column name, for index keys.
    let mut attnames: HashMap<(String, i16), String> = HashMap::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    for (
        table,
        table_comment,
        name,
        attnum,
        pg_type,
        not_null,
        mut default,
        comment,
        identity,
        serial,
        type_oid,
        generated,
        collation,
    ) in columns
    {
        // A stored generated column's expression is kept where defaults are.
        let generated = (generated == "s").then(|| default.take()).flatten();
        attnames.insert((table.clone(), attnum), name.clone());
        let i = *position.entry(table.clone()).or_insert_with(|| {
            let mut t = Table::empty(&table, origin());
            t.comment = table_comment;
            schema.tables.push(t);
            schema.tables.len() - 1
        });
        // An enum, domain or composite type by the model's name for it, whatever format_type
        // makes of it (`"Mood"`, `billing.state`, or bare when its schema is on the search
        // path).
        let type_name = types.by_oid.get(&type_oid).map(String::as_str);
        let mut written = match type_name {
            Some(name) => {
                types_used.insert(type_oid);
                format!("{name}{}", "[]".repeat(pg_type.matches("[]").count()))
            }
            None => pg_type.clone(),
        };
        // A column that owns the sequence of its default is a serial.
        if serial {
            written = match written.as_str() {
                "integer" => "serial".into(),
                "bigint" => "bigserial".into(),
                "smallint" => "smallserial".into(),
                other => other.into(),
            };
            default = None;
        }
        let enums: Vec<&str> = type_name.into_iter().collect();
        let column_type = match ColumnType::parse_with(
            &written,
            &enums,
            &ext_refs,
            crate::schema::types::ExtensionTypes::Listed(&ext_type_refs),
        ) {
            Ok(t) => {
                if let crate::schema::types::BaseType::Extension { name, .. } = &t.base {
                    ext_types_used.extend(ext_types.find(name));
                }
                t
            }
            Err(_) => {
                // Kept as raw SQL (added after the table is created), and named.
                unsupported.push(format!("{table}.{name} has type {pg_type}{KEPT_RAW}"));
                let t = crate::sql::ident::quote_qualified(&table);
                let c = crate::sql::ident::quote(&name);
                let mut add = format!("ALTER TABLE {t} ADD COLUMN {c} {pg_type}");
                if not_null {
                    add.push_str(" NOT NULL");
                }
                if let Some(d) = &default {
                    add.push_str(&format!(" DEFAULT {d}"));
                }
                schema.raw.push(crate::objects::raw::RawSql {
                    name: raw_name(&format!("column {table}.{name}")),
                    up: format!("{add};"),
                    down: format!("ALTER TABLE {t} DROP COLUMN {c};"),
                    why: Hint(Some(UNKNOWN_TYPE.to_string())),
                    early: false,
                    origin: origin(),
                });
                continue;
            }
        };
        schema.tables[i].columns.push(Column {
            name,
            column_type,
            nullable: !not_null,
            default,
            identity: match identity.as_str() {
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                _ => None,
            },
            generated,
            collation,
            comment,
            renamed_from: Hint(None),
            origin: origin(),
        });
    }

    ext_types.record_used(&mut schema, &ext_types_used);
    crate::objects::enum_type::read::keep_used(&mut schema, &types, &types_used);

    let action = |code: &str| match code {
        "r" => FkAction::Restrict,
        "c" => FkAction::Cascade,
        "n" => FkAction::SetNull,
        "d" => FkAction::SetDefault,
        _ => FkAction::NoAction,
    };
    for (
        table,
        name,
        kind,
        columns,
        ref_table,
        ref_schema,
        ref_columns,
        del,
        upd,
        def,
        include,
        nulls_not_distinct,
    ) in constraints
    {
        let Some(&i) = position.get(&table) else {
            continue;
        };
        let t = &mut schema.tables[i];
        // pg_get_constraintdef ends a constraint never validated with ` NOT VALID`.
        let not_valid = def.ends_with(" NOT VALID");
        let def = def.strip_suffix(" NOT VALID").unwrap_or(&def).to_string();
        match kind.as_str() {
            "p" => {
                t.primary_key = Some(PrimaryKey {
                    name,
                    columns,
                    origin: origin(),
                })
            }
            "u" => t.uniques.push(Unique {
                name,
                columns,
                predicate: None,
                as_index: false,
                include,
                nulls_not_distinct,
                origin: origin(),
            }),
            "f" => {
                // A table of another schema (Supabase's auth.users) is named `schema.table`.
                let target = match (ref_schema.as_deref(), ref_table) {
                    (Some("public") | None, Some(t)) => t,
                    (Some(s), Some(t)) => format!("{s}.{t}"),
                    (_, None) => continue,
                };
                t.foreign_keys.push(ForeignKey {
                    name,
                    columns,
                    ref_table: target,
                    ref_columns,
                    on_delete: action(&del),
                    on_update: action(&upd),
                    on_delete_columns: set_columns(&def),
                    not_valid,
                    origin: origin(),
                })
            }
            "x" => t.exclusions.push(exclusion_from_definition(&name, &def)?),
            _ => {
                let expression = def
                    .strip_prefix("CHECK (")
                    .and_then(|e| e.strip_suffix(')'))
                    .unwrap_or(&def)
                    .to_string();
                t.checks.push(Check {
                    name,
                    expression,
                    not_valid,
                    origin: origin(),
                })
            }
        }
    }

    for (
        table,
        name,
        method,
        unique,
        predicate,
        keys,
        options,
        expressions,
        opclasses,
        collations,
        include,
        nulls_not_distinct,
    ) in indexes
    {
        let Some(&i) = position.get(&table) else {
            continue;
        };
        let t = &mut schema.tables[i];
        let elements: Vec<IndexElement> = keys
            .iter()
            .zip(&options)
            .enumerate()
            .map(|(k, (key, option))| {
                let descending = option & 1 != 0;
                let nulls_first = option & 2 != 0;
                IndexElement {
                    key: if *key == 0 {
                        let def = expressions.as_ref().and_then(|e| e.get(k)).cloned();
                        IndexKey::Expression(def.unwrap_or_default())
                    } else {
                        IndexKey::Column(
                            attnames
                                .get(&(table.clone(), *key))
                                .cloned()
                                .unwrap_or_default(),
                        )
                    },
                    descending,
                    // Only when it differs from the default for the direction.
                    nulls_first: (nulls_first != descending).then_some(nulls_first),
                    collation: collations.get(k).filter(|c| !c.is_empty()).cloned(),
                    opclass: opclasses.get(k).filter(|c| !c.is_empty()).cloned(),
                }
            })
            .collect();
        let columns: Vec<String> = elements
            .iter()
            .filter_map(|e| match &e.key {
                IndexKey::Column(c)
                    if !e.descending
                        && e.nulls_first.is_none()
                        && e.opclass.is_none()
                        && e.collation.is_none() =>
                {
                    Some(c.clone())
                }
                _ => None,
            })
            .collect();
        // A unique index over plain columns is a unique; over expressions or with an
        // ordering, a unique index of its own.
        let plain = columns.len() == elements.len() && method == "btree";
        if unique && plain {
            t.uniques.push(Unique {
                name,
                columns,
                predicate,
                as_index: true,
                include,
                nulls_not_distinct,
                origin: origin(),
            });
        } else {
            t.indexes.push(Index {
                name,
                elements,
                unique,
                method: (method != "btree").then_some(method),
                predicate,
                concurrently: Hint(false),
                include,
                nulls_not_distinct,
                origin: origin(),
            });
        }
    }
    crate::objects::partition::read::read(conn, &mut schema, &position, schemas, &mut unsupported)
        .await?;
    crate::objects::table::read::replica_identities(conn, &mut schema, schemas).await?;
    super::code_objects::read(conn, &mut schema, schemas, &mut unsupported).await?;
    crate::objects::privilege::read::read(conn, &mut schema, schemas, &mut unsupported).await?;
    Ok((schema, unsupported))
}

/// An EXCLUDE constraint from `pg_get_constraintdef`, read with PostgreSQL's parser.
fn exclusion_from_definition(name: &str, definition: &str) -> anyhow::Result<Exclusion> {
    use pg_query::protobuf::node::Node as N;
    let sql = format!("ALTER TABLE t ADD CONSTRAINT x {definition}");
    let parsed = pg_query::parse(&sql, 0)?;
    let constraint = parsed
        .protobuf
        .stmts
        .first()
        .and_then(|s| match s.stmt.as_ref()?.node.as_ref()? {
            N::AlterTableStmt(a) => match a.cmds.first()?.node.as_ref()? {
                N::AlterTableCmd(c) => match c.def.as_ref()?.node.as_ref()? {
                    N::Constraint(k) => Some(k.as_ref().clone()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        })
        .ok_or_else(|| anyhow::anyhow!("cannot read the constraint {name}: {definition}"))?;
    crate::sql::replay::exclusion_of(name.to_string(), &constraint, origin())
        .map_err(|e| anyhow::anyhow!("constraint {name}: {e}"))
}

/// The columns of `ON DELETE SET NULL (a, b)` / `SET DEFAULT (a, b)` in a foreign key's
/// definition (`pg_get_constraintdef`); none when the action sets the whole key.
fn set_columns(def: &str) -> Vec<String> {
    // `... ON DELETE SET NULL (a, b)`: the action as the YAML's `set_null (a, b)` reads it.
    def.split_once("ON DELETE ")
        .map(|(_, action)| FkAction::split_columns(action.split(')').next().unwrap_or(action)).1)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::set_columns;

    #[test]
    fn the_columns_an_on_delete_action_sets_are_read_from_the_definition() {
        let fk = "FOREIGN KEY (organization_id, guest_id) REFERENCES guest(organization_id, id)";
        assert_eq!(
            set_columns(&format!("{fk} ON DELETE SET NULL (guest_id)")),
            ["guest_id"]
        );
        assert_eq!(
            set_columns(&format!(
                "{fk} ON DELETE SET DEFAULT (guest_id, \"Room\") NOT VALID"
            )),
            ["guest_id", "Room"]
        );
        assert!(set_columns(&format!("{fk} ON UPDATE CASCADE ON DELETE SET NULL")).is_empty());
        assert!(set_columns(&format!("{fk} ON DELETE CASCADE")).is_empty());
        assert!(set_columns(fk).is_empty());
    }
}
