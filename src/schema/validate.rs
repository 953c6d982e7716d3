//! Judges a resolved model: everything PostgreSQL would reject (or, worse, silently accept with
//! another meaning) is reported here with its file and line, before any SQL is written.

use std::collections::HashMap;

use super::diagnostic::Diagnostics;
use super::model::*;
use super::resolve::Unresolved;
use super::suggest::did_you_mean;

mod functions_named;
pub mod identifier;
mod literals;
mod namespaces;
mod objects;
mod opclasses;
mod raw_sql;
mod replica_identity;
mod sql_fragments;
mod types_named;
mod view_columns;
use functions_named::check_function_calls;
pub(crate) use identifier::{check_comment, check_name};
use namespaces::check_namespaces;
use objects::{check_grants, check_shared_names};
use raw_sql::check_raw;
use replica_identity::check_replica_identities;
use sql_fragments::check_sql;
use types_named::check_type_names;
use view_columns::check_view_columns;

pub use crate::names::MAX_IDENTIFIER_BYTES;

const INDEX_METHODS: &[&str] = &["btree", "hash", "gist", "spgist", "gin", "brin"];
/// Index methods that extensions add, with the extension.
const EXTENSION_INDEX_METHODS: &[(&str, &str)] = &[
    ("hnsw", "vector"),
    ("ivfflat", "vector"),
    ("bloom", "bloom"),
];

pub fn validate(schema: &Schema, unresolved: &Unresolved, diags: &mut Diagnostics) {
    check_schemas(schema, diags);
    check_namespaces(schema, diags);
    check_view_columns(schema, diags);
    check_replica_identities(schema, diags);
    // Each registered kind's own checks (objects/<kind>/validate.rs).
    for check in crate::objects::registry::validations() {
        check(schema, diags);
    }
    check_raw(schema, diags);
    check_shared_names(schema, diags);
    check_grants(schema, diags);
    check_type_names(schema, diags);
    check_function_calls(schema, diags);
    for r in &schema.roles {
        check_name(
            &r.name,
            "role name",
            &r.origin,
            &format!("role {}", r.name),
            diags,
        );
    }
    for e in &schema.extensions {
        check_name(
            &e.name,
            "extension name",
            &e.origin,
            &format!("extension {}", e.name),
            diags,
        );
    }
    for e in &schema.enums {
        check_enum(e, diags);
    }
    let mut checker = Checker {
        tables: schema.tables.iter().map(|t| (t.name.as_str(), t)).collect(),
        schema,
        unresolved,
        diags,
    };
    for table in &schema.tables {
        checker.table(table);
    }
}

/// Walks the tables; holds what every check needs.
struct Checker<'a> {
    schema: &'a Schema,
    /// The schema's tables by name: a foreign key finds its target by hash.
    tables: HashMap<&'a str, &'a Table>,
    unresolved: &'a Unresolved,
    diags: &'a mut Diagnostics,
}

/// `schemas:` names real, new schemas, and every `schema.name` table or enum names one of them.
fn check_schemas(schema: &Schema, diags: &mut Diagnostics) {
    for n in &schema.schemas {
        let object = format!("schema {}", n.name);
        check_name(&n.name, "schema name", &n.origin, &object, diags);
        if n.name == "public" || n.name.starts_with("pg_") || n.name == "information_schema" {
            diags.error_with_hint(
                &n.origin,
                &object,
                "is not a schema the project can create",
                "remove it from `schemas:`: tables without a `schema.` prefix live in `public`",
            );
        } else if n.name.is_empty() || n.name.contains('.') {
            diags.error(&n.origin, &object, "is not a schema name");
        }
    }
    let named = schema
        .tables
        .iter()
        .filter(|t| !t.external)
        .map(|t| ("table", &t.name, &t.origin))
        .chain(schema.enums.iter().map(|e| ("enum", &e.name, &e.origin)));
    for (kind, name, origin) in named {
        let Some(namespace) = namespace_of(name) else {
            continue;
        };
        let object = format!("{kind} {name}");
        if namespace == "public" {
            diags.error_with_hint(
                origin,
                &object,
                "names the public schema",
                format!(
                    "write `{}`: a name without a schema lives in `public`",
                    local_name(name)
                ),
            );
        } else if local_name(name).contains('.')
            || namespace.is_empty()
            || local_name(name).is_empty()
        {
            diags.error_with_hint(
                origin,
                &object,
                "has more than one dot",
                "name it `schema.name`, or `name` for the public schema",
            );
        } else if !schema.schemas.iter().any(|n| n.name == namespace) {
            diags.error_with_hint(
                origin,
                &object,
                format!("lives in schema `{namespace}`, which is not declared"),
                format!("add `schemas: [{namespace}]` to a schema file, so migrations create it"),
            );
        }
    }
    for t in &schema.tables {
        if let Some(old) = &t.renamed_from.0 {
            if namespace_of(old) != namespace_of(&t.name) {
                diags.error_with_hint(
                    &t.origin,
                    format!("table {}", t.name),
                    format!("is renamed from `{old}`, in another schema"),
                    "moving a table to another schema is not modelled: create the new table and copy the rows in a migration of your own",
                );
            }
        }
    }
}

/// `table t, column c`, put in words only when reported (as `namespaces::Relation`).
struct ColumnOf<'a>(&'a str, &'a str);

impl std::fmt::Display for ColumnOf<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "table {}, column {}", self.0, self.1)
    }
}

fn check_enum(e: &EnumType, diags: &mut Diagnostics) {
    let object = format!("enum {}", e.name);
    check_comment(e.comment.as_deref(), &e.origin, &object, diags);
    for (new, old) in &e.renamed_values.0 {
        check_name(new, "enum value", &e.origin, &object, diags);
        check_name(old, "renamed enum value", &e.origin, &object, diags);
    }
    check_name(local_name(&e.name), "enum name", &e.origin, &object, diags);
    // By hash: a scan of the values before each one was quadratic (100,000 values: 17 s).
    let mut seen = std::collections::HashSet::with_capacity(e.values.len());
    for value in &e.values {
        check_name(value, "enum value", &e.origin, &object, diags);
        if !seen.insert(value.as_str()) {
            diags.error_with_hint(
                &e.origin,
                &object,
                format!("value `{value}` is listed twice"),
                "list each value once",
            );
        }
    }
}

impl Checker<'_> {
    fn table(&mut self, table: &Table) {
        let t = &table.name;
        let object = format!("table {t}");
        check_name(
            local_name(t),
            "table name",
            &table.origin,
            &object,
            self.diags,
        );
        let max = super::load::MAX_COLUMNS;
        if table.columns.len() > max {
            self.diags.error_with_hint(
                &table.origin,
                &object,
                format!(
                    "has {} columns with its column groups; PostgreSQL allows at most {max}",
                    table.columns.len()
                ),
                "include fewer column groups, or split the table",
            );
        }
        check_comment(table.comment.as_deref(), &table.origin, &object, self.diags);
        if let Some(old) = &table.renamed_from.0 {
            check_name(
                local_name(old),
                "previous name",
                &table.origin,
                &object,
                self.diags,
            );
        }
        for c in &table.columns {
            let object = ColumnOf(t, &c.name);
            check_name(&c.name, "column name", &c.origin, &object, self.diags);
            check_comment(c.comment.as_deref(), &c.origin, &object, self.diags);
            if let Some(old) = &c.renamed_from.0 {
                check_name(old, "previous name", &c.origin, &object, self.diags);
            }
            if let Some(default) = &c.default {
                check_sql(default, None, "default", &c.origin, &object, self.diags);
            }
            if let Some(expression) = &c.generated {
                check_sql(
                    expression,
                    Some(table),
                    "generated",
                    &c.origin,
                    &object,
                    self.diags,
                );
                if c.default.is_some() || c.identity.is_some() {
                    self.diags.error_with_hint(
                        &c.origin,
                        object.to_string(),
                        "a generated column has no `default` or `identity`: its value is computed",
                        "keep `generated:` alone, or remove it",
                    );
                }
            }
            if let Some(collation) = &c.collation {
                check_name(collation, "collation", &c.origin, &object, self.diags);
            }
        }

        // Constraint names are unique per table.
        let mut constraint_names: HashMap<&str, &Origin> = HashMap::new();
        let constraints = table
            .primary_key
            .iter()
            .map(|p| (&p.name, &p.origin))
            .chain(table.foreign_keys.iter().map(|f| (&f.name, &f.origin)))
            .chain(
                table
                    .uniques
                    .iter()
                    .filter(|u| !u.is_index())
                    .map(|u| (&u.name, &u.origin)),
            )
            .chain(table.checks.iter().map(|c| (&c.name, &c.origin)));
        for (name, origin) in constraints {
            check_name(name, "constraint name", origin, &object, self.diags);
            if let Some(prev) = constraint_names.insert(name, origin) {
                self.diags.error_with_hint(
                    origin,
                    &object,
                    format!("two constraints are named `{name}` (the other at {prev})"),
                    "set a distinct `name:`",
                );
            }
        }

        if let Some(pk) = &table.primary_key {
            self.columns_exist(table, &pk.columns, "primary key", &pk.origin);
            for c in pk.columns.iter().filter_map(|c| table.column(c)) {
                if c.nullable {
                    self.diags.error_with_hint(
                        &c.origin,
                        format!("table {t}, column {}", c.name),
                        "is part of the primary key but declared `nullable: true`",
                        "remove `nullable: true`: primary key columns are always NOT NULL",
                    );
                }
            }
        }
        if let Some(pk) = &table.primary_key {
            self.btree_keys(table, &pk.columns, "primary key", &pk.origin);
        }
        for u in &table.uniques {
            let what = format!("unique {}", u.name);
            self.columns_exist(table, &u.columns, &what, &u.origin);
            if !u.include.is_empty() {
                self.columns_exist(table, &u.include, &format!("{what} include"), &u.origin);
            }
            self.btree_keys(table, &u.columns, &what, &u.origin);
            if let Some(p) = &u.predicate {
                check_sql(
                    p,
                    Some(table),
                    "where",
                    &u.origin,
                    &format!("table {t}, {what}"),
                    self.diags,
                );
            }
        }
        for c in &table.checks {
            check_name(&c.name, "constraint name", &c.origin, &object, self.diags);
            check_sql(
                &c.expression,
                Some(table),
                "check expression",
                &c.origin,
                &format!("table {t}, check {}", c.name),
                self.diags,
            );
            // A CHECK reads the row: every column it names must be one of the table's.
            let read = sql_fragments::columns_read(&c.expression);
            if !read.is_empty() {
                self.columns_exist(table, &read, &format!("check {}", c.name), &c.origin);
            }
        }
        for i in &table.indexes {
            self.index(table, i);
            if !i.include.is_empty() {
                let what = format!("index {} include", i.name);
                self.columns_exist(table, &i.include, &what, &i.origin);
            }
            if i.nulls_not_distinct && !i.unique {
                self.diags.error_with_hint(
                    &i.origin,
                    &object,
                    format!(
                        "index {} has `nulls_not_distinct` but is not unique",
                        i.name
                    ),
                    "add `unique: true`, or remove `nulls_not_distinct`",
                );
            }
        }
        for fk in &table.foreign_keys {
            check_name(&fk.name, "constraint name", &fk.origin, &object, self.diags);
            self.foreign_key(table, fk);
        }
        self.triggers(table);
        self.policies(table);
    }

    fn columns_exist(&mut self, table: &Table, columns: &[String], what: &str, origin: &Origin) {
        if columns.is_empty() {
            self.diags.error(
                origin,
                format!("table {}, {what}", table.name),
                "lists no columns",
            );
        }
        for c in columns {
            let unresolved = self.unresolved.contains(&(table.name.clone(), c.clone()));
            if table.column(c).is_none() && !unresolved {
                self.diags.error_with_hint(
                    origin,
                    format!("table {}, {what}", table.name),
                    format!(
                        "names unknown column `{c}`{}",
                        did_you_mean(c, table.columns.iter().map(|c| c.name.as_str()))
                    ),
                    format!("declare `{c}` under the table's `columns:` or fix the name"),
                );
            }
        }
    }

    fn index(&mut self, table: &Table, index: &Index) {
        let object = format!("table {}, index {}", table.name, index.name);
        let mut names = Vec::new();
        for e in &index.elements {
            match &e.key {
                IndexKey::Column(c) => names.push(c.clone()),
                IndexKey::Expression(x) => check_sql(
                    x,
                    Some(table),
                    "index expression",
                    &index.origin,
                    &object,
                    self.diags,
                ),
            }
        }
        // An index on expressions only has no column names to look up.
        if index.elements.is_empty() || !names.is_empty() {
            self.columns_exist(
                table,
                &names,
                &format!("index {}", index.name),
                &index.origin,
            );
        }
        if let Some(p) = &index.predicate {
            check_sql(p, Some(table), "where", &index.origin, &object, self.diags);
        }
        self.index_shape(table, index, &object);
        if let Some(method) = &index.method {
            let from_extension = EXTENSION_INDEX_METHODS
                .iter()
                .find(|(m, _)| m == method)
                .map(|(_, ext)| *ext);
            let known = INDEX_METHODS.contains(&method.as_str())
                || from_extension
                    .is_some_and(|ext| self.schema.extensions.iter().any(|e| e.name == ext));
            if !known {
                self.diags.error_with_hint(
                    &index.origin,
                    &object,
                    format!(
                        "unknown index method `{method}`{}",
                        did_you_mean(method, INDEX_METHODS.iter().copied())
                    ),
                    match from_extension {
                        Some(ext) => format!("add `{ext}` to `extensions:`"),
                        None => format!("use one of: {}", INDEX_METHODS.join(", ")),
                    },
                );
            }
        }
    }

    /// What PostgreSQL refuses of an index's shape: a schema in its name (it lives in its
    /// table's schema), an ordering on a method that keeps none, several columns on a method
    /// that takes one, a btree over a type that has no btree operator class.
    fn index_shape(&mut self, table: &Table, index: &Index, object: &str) {
        if index.name.contains('.') {
            self.diags.error_with_hint(
                &index.origin,
                object,
                "an index's name cannot hold a schema: an index lives in its table's schema",
                format!("name it `{}`", local_name(&index.name)),
            );
        }
        let method = index.method.as_deref().unwrap_or("btree");
        if method != "btree"
            && index
                .elements
                .iter()
                .any(|e| e.descending || e.nulls_first.is_some())
        {
            self.diags.error_with_hint(
                &index.origin,
                object,
                format!(
                    "a {method} index keeps no order: ASC/DESC and NULLS FIRST/LAST are btree's"
                ),
                "remove `desc`/`nulls first|last` from its columns, or make it a btree index",
            );
        }
        if matches!(method, "hash" | "spgist") && index.elements.len() > 1 {
            self.diags.error_with_hint(
                &index.origin,
                object,
                format!("a {method} index covers one column"),
                "index one column, or use `using: btree` (or gist) for several",
            );
        }
        for e in index.elements.iter().filter(|e| e.opclass.is_none()) {
            let IndexKey::Column(c) = &e.key else {
                continue;
            };
            let Some(col) = table.column(c) else { continue };
            if let Some(hint) = opclasses::missing(method, &col.column_type, self.schema) {
                self.diags.error_with_hint(
                    &index.origin,
                    object,
                    format!(
                        "column `{c}` is {}, which has no default operator class for {method}: \
                         PostgreSQL cannot build the index",
                        col.column_type
                    ),
                    hint,
                );
            }
        }
    }

    /// A primary key or unique constraint is a btree index over its columns: each needs a
    /// btree operator class (`json` has none).
    fn btree_keys(&mut self, table: &Table, columns: &[String], what: &str, origin: &Origin) {
        for c in columns.iter().filter_map(|c| table.column(c)) {
            if let Some(hint) = opclasses::missing("btree", &c.column_type, self.schema) {
                self.diags.error_with_hint(
                    origin,
                    format!("table {}, {what}", table.name),
                    format!(
                        "column `{}` is {}, which has no default operator class for btree: \
                         PostgreSQL cannot build the index behind the key",
                        c.name, c.column_type
                    ),
                    hint,
                );
            }
        }
    }

    fn foreign_key(&mut self, table: &Table, fk: &ForeignKey) {
        let object = format!(
            "table {}, foreign key ({}) → {}",
            table.name,
            fk.columns.join(", "),
            fk.ref_table
        );
        self.columns_exist(table, &fk.columns, "foreign key", &fk.origin);
        // The referenced names reach the SQL too, even when the table is not ours to check.
        for part in [namespace_of(&fk.ref_table), Some(local_name(&fk.ref_table))]
            .into_iter()
            .flatten()
            .chain(fk.ref_columns.iter().map(String::as_str))
        {
            check_name(part, "referenced name", &fk.origin, &object, self.diags);
        }
        // A table of a schema the project does not create (`auth.users`) is not the schema's
        // to check: it exists in the database before any migration runs.
        if namespace_of(&fk.ref_table)
            .is_some_and(|ns| !self.schema.schemas.iter().any(|n| n.name == ns))
        {
            return;
        }
        let Some(target) = self.tables.get(fk.ref_table.as_str()).copied() else {
            self.diags.error_with_hint(
                &fk.origin,
                &object,
                format!(
                    "references unknown table `{}`{}",
                    fk.ref_table,
                    did_you_mean(
                        &fk.ref_table,
                        self.schema.tables.iter().map(|t| t.name.as_str())
                    )
                ),
                "declare the table under `tables:` or fix the name",
            );
            return;
        };
        if fk.ref_columns.is_empty() {
            // `references: table` without a column needs a one-column primary key to point at.
            self.diags.error_with_hint(
                &fk.origin,
                &object,
                format!(
                    "`references: {}` names no column and the table has no one-column primary key",
                    fk.ref_table
                ),
                format!("write `references: {}.<column>`", fk.ref_table),
            );
            return;
        }
        self.columns_exist(target, &fk.ref_columns, "referenced columns", &fk.origin);
        if fk.columns.len() != fk.ref_columns.len() {
            self.diags.error_with_hint(
                &fk.origin,
                &object,
                format!(
                    "has {} column(s) but references {}",
                    fk.columns.len(),
                    fk.ref_columns.len()
                ),
                "list as many referenced columns as referencing ones",
            );
            return;
        }
        // Types PostgreSQL cannot compare in a key are refused ("Key columns are of
        // incompatible types"). Types of one family it compares (`integer` referencing a
        // `bigint`), and SET NULL on a NOT NULL column, PostgreSQL accepts (a database taken
        // over may have them): `check` rules (fk-type-mismatch, set-null-on-not-null).
        for (local, remote) in fk.columns.iter().zip(&fk.ref_columns) {
            let (Some(l), Some(r)) = (table.column(local), target.column(remote)) else {
                continue;
            };
            let (a, b) = (l.column_type.storage(), r.column_type.storage());
            if a != b && !crate::diff::casts::comparable_in_a_key(&a, &b) {
                self.diags.error_with_hint(
                    &l.origin,
                    format!("table {}, column {}", table.name, l.name),
                    format!(
                        "is {} but references {}.{}, which is {}: PostgreSQL cannot compare \
                         the two in a key",
                        l.column_type, target.name, r.name, r.column_type
                    ),
                    format!("declare `{}` as `type: {}`", l.name, b),
                );
            }
        }
        let mut wanted = fk.ref_columns.clone();
        wanted.sort();
        let sorted = |cols: &[String]| {
            let mut c = cols.to_vec();
            c.sort();
            c
        };
        let referencable = target
            .primary_key
            .iter()
            .map(|p| sorted(&p.columns))
            .chain(
                target
                    .uniques
                    .iter()
                    .filter(|u| u.predicate.is_none())
                    .map(|u| sorted(&u.columns)),
            )
            .any(|cols| cols == wanted);
        if !referencable && fk.ref_columns.iter().all(|c| target.column(c).is_some()) {
            self.diags.error_with_hint(
                &fk.origin,
                &object,
                format!(
                    "references ({}) of {}, which is neither its primary key nor a unique constraint",
                    fk.ref_columns.join(", "),
                    target.name
                ),
                format!(
                    "add `unique: [{{ columns: [{}] }}]` to table {}, or reference its primary key",
                    fk.ref_columns.join(", "),
                    target.name
                ),
            );
        }
    }
}
