//! Declarations → model: expands column groups, resolves types, turns shorthands
//! (`references:`, `unique: true`, bare enum defaults) into constraints and SQL, and gives every
//! constraint and index its default name. Problems that can only be seen on the whole model
//! (unknown referenced tables, type mismatches) are `validate`'s.

use super::diagnostic::Diagnostics;
use super::load::{ColumnDecl, Declarations, IndexSpec, TableDecl};
use super::model::*;
use super::suggest::did_you_mean;
use super::types::{ColumnType, TypeError};
use crate::objects::policy::Policy;
use crate::objects::trigger::Trigger;

mod indexes;
mod partitions;
use indexes::{exclusion_from_spec, index_from_spec};
use partitions::partitioning_from_decl;

/// Bare words that are valid SQL defaults on their own.
const SQL_VALUE_WORDS: &[&str] = &[
    "true",
    "false",
    "null",
    "current_timestamp",
    "current_date",
    "current_time",
    "localtimestamp",
    "localtime",
    "current_user",
    "session_user",
    "current_role",
];

/// Columns that could not be resolved (their type was invalid), as (table, column). They are
/// left out of the model; `validate` must not report them again as unknown.
pub type Unresolved = std::collections::HashSet<(String, String)>;

/// `sql_types` are the domains and composite types the `.sql` files declare.
pub fn resolve(
    mut decls: Declarations,
    sql_types: &[&str],
    diags: &mut Diagnostics,
) -> (Schema, Unresolved) {
    let enum_names: Vec<&str> = decls
        .enums
        .iter()
        .map(|e| e.name.as_str())
        .chain(sql_types.iter().copied())
        .collect();
    let extension_names: Vec<&str> = decls.extensions.iter().map(|e| e.name.as_str()).collect();
    let extension_types: Vec<&str> = decls
        .extensions
        .iter()
        .flat_map(|e| e.types.0.iter().map(String::as_str))
        .collect();
    // Each table's declaration goes as soon as its table is built: the memory it frees is
    // reused for the next tables instead of fresh pages (a large share of loading's cost).
    let table_decls = std::mem::take(&mut decls.tables);
    let ctx = Context {
        decls: &decls,
        enum_names: &enum_names,
        extension_names: &extension_names,
        extension_types: &extension_types,
        unresolved: std::cell::RefCell::new(Unresolved::new()),
    };
    let mut tables: Vec<Table> = table_decls
        .into_iter()
        .map(|t| ctx.table(&t, diags))
        .collect();
    link_references(&mut tables);
    let schema = Schema {
        schemas: decls.schemas.clone(),
        extensions: decls.extensions.clone(),
        enums: decls.enums.clone(),
        tables,
        roles: decls.roles.clone(),
        raw: decls.raw.clone(),
        ..Schema::default()
    };
    (schema, ctx.unresolved.into_inner())
}

/// `references: organization` points at the target's primary key, once all tables are known.
/// A target without a one-column primary key is left empty for `validate` to report.
fn link_references(tables: &mut [Table]) {
    let primary_keys: std::collections::HashMap<String, Vec<String>> = tables
        .iter()
        .filter_map(|t| Some((t.name.clone(), t.primary_key.as_ref()?.columns.clone())))
        .filter(|(_, cols)| cols.len() == 1)
        .collect();
    for fk in tables.iter_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
        if fk.ref_columns.is_empty() {
            if let Some(pk) = primary_keys.get(&fk.ref_table) {
                fk.ref_columns = pk.clone();
            }
        }
    }
}

struct Context<'a> {
    decls: &'a Declarations,
    enum_names: &'a [&'a str],
    extension_names: &'a [&'a str],
    /// The types the declared extensions declare (`types:` of each).
    extension_types: &'a [&'a str],
    unresolved: std::cell::RefCell<Unresolved>,
}

/// `{table}_{columns joined by _}_{suffix}`: the default name of a constraint or index.
/// PostgreSQL stores an empty comment as no comment at all (`COMMENT ... IS ''` removes it):
/// the model says the same, so the YAML and the database agree.
fn comment(written: &Option<String>) -> Option<String> {
    written.clone().filter(|c| !c.is_empty())
}

pub use crate::names::default_name;

impl Context<'_> {
    /// The table's columns in order: `position: first` groups, its own, then `position: last`.
    fn expanded_columns<'t>(
        &'t self,
        table: &'t TableDecl,
        diags: &mut Diagnostics,
    ) -> Vec<&'t ColumnDecl> {
        let mut first = Vec::new();
        let mut last = Vec::new();
        for (group_name, origin) in &table.include {
            match self.decls.groups.iter().find(|g| &g.name == group_name) {
                Some(group) if group.last => last.extend(group.columns.iter()),
                Some(group) => first.extend(group.columns.iter()),
                None => diags.error_with_hint(
                    origin,
                    format!("table {}", table.name),
                    format!(
                        "includes unknown column group `{group_name}`{}",
                        did_you_mean(
                            group_name,
                            self.decls.groups.iter().map(|g| g.name.as_str())
                        )
                    ),
                    "define it under `column_groups:` or remove it from `include`",
                ),
            }
        }
        let mut all: Vec<&ColumnDecl> = Vec::new();
        for column in first.into_iter().chain(&table.columns).chain(last) {
            if let Some(prev) = all.iter().find(|c| c.name == column.name) {
                diags.error_with_hint(
                    &column.origin,
                    format!("table {}, column {}", table.name, column.name),
                    format!("defined twice (also at {})", prev.origin),
                    "a column comes either from an included group or from the table, not both",
                );
                continue;
            }
            all.push(column);
        }
        all
    }

    fn table(&self, decl: &TableDecl, diags: &mut Diagnostics) -> Table {
        let name = &decl.name;
        // Default names are built from the name without its schema, as PostgreSQL's are.
        let local = local_name(name);
        let mut table = Table {
            comment: comment(&decl.comment),
            renamed_from: Hint(decl.renamed_from.clone()),
            external: decl.external,
            lint: Hint(TableLint {
                // The platform's tables are not tenant tables of the project.
                global: decl.global.clone().or_else(|| {
                    decl.external
                        .then(|| "provided by the platform".to_string())
                }),
                scoped_through: decl.scoped_through.clone(),
                critical: decl.critical,
                exemptions: decl
                    .exempt
                    .iter()
                    .map(|(rule, reason, origin)| Exemption {
                        rule: rule.clone(),
                        reason: reason.clone(),
                        table: name.clone(),
                        column: None,
                        origin: origin.clone(),
                    })
                    .collect(),
            }),
            migration: Hint(TableMigration {
                plain_ddl: decl.plain_ddl,
                backfill: decl
                    .columns
                    .iter()
                    .filter_map(|c| Some((c.name.clone(), c.spec.rare().backfill.clone()?)))
                    .collect(),
                expands: Vec::new(),
            }),
            // Room for the table's own columns at once (a 2,000-table schema grew these
            // vectors to a third more than they hold, in fresh memory).
            columns: Vec::with_capacity(decl.columns.len()),
            ..Table::empty(name, decl.origin.clone())
        };
        if decl.global.as_deref().is_some_and(|r| r.trim().is_empty()) {
            diags.error_with_hint(
                &decl.origin,
                format!("table {name}"),
                "`global:` needs a reason",
                "write why the table has no tenant column, e.g. `global: Better Auth table, shared by all organizations`",
            );
        }
        for (rule, reason, origin) in &decl.exempt {
            if reason.trim().is_empty() {
                diags.error_with_hint(
                    origin,
                    format!("table {name}"),
                    format!("the exemption from `{rule}` has no reason"),
                    format!("write `{rule}: <why this table is an exception>`"),
                );
            }
        }
        let mut pk_columns = Vec::new();
        for col in self.expanded_columns(decl, diags) {
            let object = format!("table {name}, column {}", col.name);
            let spec = &col.spec;
            let Some(column_type) = self.column_type(&spec.type_name, &col.origin, &object, diags)
            else {
                self.unresolved
                    .borrow_mut()
                    .insert((name.clone(), col.name.clone()));
                continue;
            };
            let default = spec
                .default
                .as_deref()
                .and_then(|d| self.default_sql(d, &column_type, &col.origin, &object, diags));
            if spec.primary_key {
                pk_columns.push((col.name.clone(), col.origin.clone()));
            }
            if let Some(target) = &spec.references {
                // `table.column`, `table`, or `schema.table.column` for a table of another schema.
                let (ref_table, ref_columns) = match target.rsplit_once('.') {
                    // `billing.invoice`: a table of schema billing, not column `invoice`.
                    Some((t, _))
                        if !self.decls.declares_table(t) && self.decls.declares_table(target) =>
                    {
                        (target.clone(), Vec::new())
                    }
                    Some((t, c)) => (t.to_string(), vec![c.to_string()]),
                    // Resolved to the target's primary key by `validate`.
                    None => (target.clone(), Vec::new()),
                };
                let columns = vec![col.name.clone()];
                table.foreign_keys.push(ForeignKey {
                    name: default_name(local, &columns, "fkey"),
                    columns,
                    ref_table,
                    ref_columns,
                    on_delete: fk_action(spec.on_delete.as_deref(), &col.origin, &object, diags),
                    on_delete_columns: Vec::new(),
                    on_update: fk_action(
                        spec.rare().on_update.as_deref(),
                        &col.origin,
                        &object,
                        diags,
                    ),
                    not_valid: false,
                    origin: col.origin.clone(),
                });
            } else if spec.on_delete.is_some() || spec.rare().on_update.is_some() {
                diags.error_with_hint(
                    &col.origin,
                    &object,
                    "`on_delete`/`on_update` without `references`",
                    "add `references: table.column`, or remove the action",
                );
            }
            if spec.unique {
                let columns = vec![col.name.clone()];
                table.uniques.push(Unique {
                    name: default_name(local, &columns, "uq"),
                    columns,
                    predicate: None,
                    as_index: false,
                    include: Vec::new(),
                    nulls_not_distinct: false,
                    origin: col.origin.clone(),
                });
            }
            if spec.index {
                let columns = vec![col.name.clone()];
                table.indexes.push(Index {
                    name: default_name(local, &columns, "idx"),
                    elements: vec![IndexElement {
                        key: IndexKey::Column(col.name.clone()),
                        descending: false,
                        nulls_first: None,
                        collation: None,
                        opclass: None,
                    }],
                    unique: false,
                    method: None,
                    predicate: None,
                    concurrently: Hint(false),
                    include: Vec::new(),
                    nulls_not_distinct: false,
                    origin: col.origin.clone(),
                });
            }
            for (rule, reason) in &spec.rare().exempt {
                if reason.trim().is_empty() {
                    diags.error_with_hint(
                        &col.origin,
                        &object,
                        format!("the exemption from `{rule}` has no reason"),
                        format!("write `{rule}: <why this column is an exception>`"),
                    );
                }
                table.lint.0.exemptions.push(Exemption {
                    rule: rule.clone(),
                    reason: reason.clone(),
                    table: name.clone(),
                    column: Some(col.name.clone()),
                    origin: col.origin.clone(),
                });
            }
            let identity = self.identity(spec, &column_type, &col.origin, &object, diags);
            table.columns.push(Column {
                name: col.name.clone(),
                column_type,
                nullable: spec.nullable,
                default,
                identity,
                generated: spec.rare().generated.clone(),
                collation: spec.rare().collation.clone(),
                comment: comment(&spec.comment),
                renamed_from: Hint(spec.rare().renamed_from.clone()),
                origin: col.origin.clone(),
            });
        }

        // Expand/contract: a column that replaces another, kept in sync with it.
        for col in &decl.columns {
            let Some(spec) = &col.spec.rare().expand else {
                continue;
            };
            let object = format!("table {name}, column {}", col.name);
            if let Some(e) =
                super::expand::resolve(&table, &col.name, spec, &col.origin, &object, diags)
            {
                table.migration.0.expands.push(e);
            }
        }
        let pk_name = decl
            .primary_key_name
            .as_ref()
            .map_or_else(|| format!("{local}_pkey"), |(n, _)| n.clone());
        table.primary_key = match (&decl.primary_key, pk_columns.as_slice()) {
            (Some((columns, origin)), []) => Some(PrimaryKey {
                name: pk_name.clone(),
                columns: columns.clone(),
                origin: origin.clone(),
            }),
            (None, []) => {
                if let Some((_, origin)) = &decl.primary_key_name {
                    diags.error_with_hint(
                        origin,
                        format!("table {name}"),
                        "has `primary_key_name:` but no primary key",
                        "declare the key (`primary_key: [...]` or `primary_key: true` on a column), or remove the name",
                    );
                }
                None
            }
            (None, cols) => Some(PrimaryKey {
                name: pk_name.clone(),
                columns: cols.iter().map(|(c, _)| c.clone()).collect(),
                origin: cols[0].1.clone(),
            }),
            (Some((_, origin)), _) => {
                diags.error_with_hint(
                    origin,
                    format!("table {name}"),
                    "has both `primary_key:` on the table and `primary_key: true` on a column",
                    "keep one: the table-level list for a composite key, the column flag otherwise",
                );
                None
            }
        };

        for (fk, origin) in &decl.foreign_keys {
            let object = format!("table {name}, foreign key ({})", fk.columns.join(", "));
            table.foreign_keys.push(ForeignKey {
                name: fk
                    .name
                    .clone()
                    .unwrap_or_else(|| default_name(local, &fk.columns, "fkey")),
                columns: fk.columns.clone(),
                ref_table: fk.references.table.clone(),
                ref_columns: fk.references.columns.clone(),
                on_delete: fk_action(fk.on_delete.as_deref(), origin, &object, diags),
                on_update: fk_action(fk.on_update.as_deref(), origin, &object, diags),
                on_delete_columns: fk
                    .on_delete
                    .as_deref()
                    .map(|raw| FkAction::split_columns(raw).1)
                    .unwrap_or_default(),
                not_valid: fk.not_valid,
                origin: origin.clone(),
            });
        }
        for (unique, origin) in &decl.uniques {
            table.uniques.push(Unique {
                name: unique
                    .name
                    .clone()
                    .unwrap_or_else(|| default_name(local, &unique.columns, "uq")),
                columns: unique.columns.clone(),
                predicate: unique.predicate.clone(),
                as_index: unique.index,
                include: unique.include.clone(),
                nulls_not_distinct: unique.nulls_not_distinct,
                origin: origin.clone(),
            });
        }
        // A unique constraint on exactly the primary key's columns is the primary key's own
        // index: PostgreSQL folds it into the key in CREATE TABLE (replay does the same), so
        // the model does not keep it either.
        if let Some(pk) = &table.primary_key {
            let pk = pk.columns.clone();
            table
                .uniques
                .retain(|u| u.as_index || u.predicate.is_some() || u.columns != pk);
        }
        for (index, origin) in &decl.indexes {
            if let Some(index) = index_from_spec(name, index, origin, diags) {
                table.indexes.push(index);
            }
        }
        for (check, origin) in &decl.checks {
            table.checks.push(Check {
                name: check.name.clone(),
                expression: check.expression.clone(),
                not_valid: check.not_valid,
                origin: origin.clone(),
            });
        }
        for (spec, origin) in &decl.exclusions {
            if let Some(e) = exclusion_from_spec(name, spec, origin, diags) {
                table.exclusions.push(e);
            }
        }
        table.partitioning = partitioning_from_decl(decl, diags);
        partitions::check_unique_keys(&table, diags);
        // The included groups' triggers first (`{table}` in their names is this table), then
        // the table's own.
        let from_groups = decl.include.iter().flat_map(|(g, _)| {
            self.decls
                .groups
                .iter()
                .filter(move |group| &group.name == g)
                .flat_map(|group| group.triggers.iter())
        });
        for (spec, origin) in from_groups.chain(decl.triggers.iter()) {
            let name = spec.name.replace("{table}", local);
            match Trigger::declared(
                name.clone(),
                &spec.timing,
                &spec.events,
                spec.columns.clone(),
                &spec.for_each,
                spec.when.as_deref(),
                spec.function.clone(),
                spec.args.clone(),
                spec.enabled,
                origin.clone(),
            ) {
                Ok(mut t) => {
                    t.old_table = spec.old_table.clone();
                    t.new_table = spec.new_table.clone();
                    t.renamed_from = Hint(
                        spec.renamed_from
                            .as_ref()
                            .map(|r| r.replace("{table}", local)),
                    );
                    table.triggers.push(t)
                }
                Err(why) => {
                    diags.error(origin, format!("table {}, trigger {name}", decl.name), why)
                }
            }
        }
        // Row-level security: on when the table or an included group turns it on; the groups'
        // policies (`{table}` in their names), then the table's own.
        let groups: Vec<&super::load::GroupDecl> = decl
            .include
            .iter()
            .filter_map(|(g, _)| self.decls.groups.iter().find(|group| &group.name == g))
            .collect();
        table.rls = decl.rls || groups.iter().any(|g| g.rls);
        table.force_rls = decl.force_rls;
        table.replica_identity = decl.replica_identity.as_ref().map(|(i, _)| i.clone());
        table.distribution = match (&decl.distribution, &self.decls.distribution) {
            (Some((declared, _)), _) => declared.clone(),
            (None, Some((default, _))) => {
                crate::objects::distribution::project::by_default(default, &table)
            }
            (None, None) => None,
        };
        let group_policies = groups.iter().flat_map(|g| g.policies.iter());
        for (spec, origin) in group_policies.chain(decl.policies.iter()) {
            let name = spec.name.replace("{table}", local);
            match Policy::declared(
                name.clone(),
                &spec.command,
                spec.permissive,
                spec.roles.clone(),
                spec.using.as_deref(),
                spec.with_check.as_deref(),
                origin.clone(),
            ) {
                Ok(mut p) => {
                    p.renamed_from = Hint(
                        spec.renamed_from
                            .as_ref()
                            .map(|r| r.replace("{table}", local)),
                    );
                    table.policies.push(p)
                }
                Err(why) => diags.error(origin, format!("table {}, policy {name}", decl.name), why),
            }
        }
        // Grants: the groups', then the table's own (the default privileges are added under
        // them once the `.sql` files are read).
        let group_grants = groups.iter().flat_map(|g| g.grants.iter());
        for (spec, origin) in group_grants.chain(decl.grants.iter()) {
            self.grants(&mut table, spec, origin, diags);
        }
        table
    }

    fn grants(
        &self,
        table: &mut Table,
        spec: &super::load::GrantsSpec,
        origin: &Origin,
        diags: &mut Diagnostics,
    ) {
        use super::load::Privileges;
        use crate::objects::privilege::{apply, Action, Target};
        for (role, privileges) in spec {
            let object = format!("table {}, grants to {role}", table.name);
            if role != "public" && !self.decls.roles.iter().any(|r| &r.name == role) {
                diags.error_with_hint(
                    origin,
                    &object,
                    format!(
                        "role `{role}` is not declared{}",
                        did_you_mean(role, self.decls.roles.iter().map(|r| r.name.as_str()))
                    ),
                    format!("add `roles: [{role}]` to a schema file: roles are the database's, declared, never created"),
                );
                continue;
            }
            let list: Vec<String> = match privileges {
                Privileges::All(all) if all.eq_ignore_ascii_case("all") => {
                    Target::Table.all().iter().map(|p| p.to_string()).collect()
                }
                Privileges::All(one) => vec![one.to_uppercase()],
                Privileges::Some(list) => list.iter().map(|p| p.to_uppercase()).collect(),
            };
            for p in list {
                if !Target::Table.all().contains(&p.as_str()) {
                    diags.error_with_hint(
                        origin,
                        &object,
                        format!("`{}` is not a privilege on a table", p.to_lowercase()),
                        "use select, insert, update, delete, truncate, references, trigger, or `all`",
                    );
                    continue;
                }
                let action = Action {
                    grant: true,
                    grantee: role.clone(),
                    privilege: p,
                    option: false,
                };
                apply(&mut table.grants, &[], &action);
            }
        }
    }

    fn column_type(
        &self,
        raw: &str,
        origin: &Origin,
        object: &str,
        diags: &mut Diagnostics,
    ) -> Option<ColumnType> {
        match ColumnType::parse_with(
            raw,
            self.enum_names,
            self.extension_names,
            crate::schema::types::ExtensionTypes::Listed(self.extension_types),
        ) {
            Ok(t) => Some(t),
            Err(e) => {
                let (message, hint) = match e {
                    TypeError::Unknown { suggestion } => (
                        format!(
                            "unknown type `{raw}`{}",
                            suggestion
                                .map(|s| format!(" (did you mean `{s}`?)"))
                                .unwrap_or_default()
                        ),
                        "use a PostgreSQL type (text, integer, bigint, boolean, uuid, numeric(p,s), \
                         date, time, timestamptz, jsonb, varchar(n), text[]...) or an enum declared \
                         under `enums:`; a type an extension declares is listed with it: \
                         `extensions: [{ name: postgis, types: [geometry] }]`"
                            .to_string(),
                    ),
                    TypeError::Malformed(why) => (
                        format!("malformed type `{raw}`: {why}"),
                        "write modifiers as whole numbers, e.g. numeric(10,2)".to_string(),
                    ),
                    TypeError::TooManyModifiers { name, max } => (
                        format!("type `{raw}`: {name} takes at most {max} modifier(s)"),
                        format!("write {name} with at most {max} number(s) in parentheses"),
                    ),
                    TypeError::NeedsExtension { name, extension } => (
                        format!("type `{name}` comes from the `{extension}` extension, which is not declared"),
                        format!("add `{extension}` to `extensions:`"),
                    ),
                };
                diags.error_with_hint(origin, object, message, hint);
                None
            }
        }
    }

    /// The SQL for a column's `default:`. A bare word on an enum column is one of its values
    /// (`default: available` → `'available'`); anything else is a SQL expression, except a bare
    /// word on a non-enum column, which is almost always a forgotten pair of quotes.
    fn default_sql(
        &self,
        raw: &str,
        column_type: &ColumnType,
        origin: &Origin,
        object: &str,
        diags: &mut Diagnostics,
    ) -> Option<String> {
        let raw = raw.trim();
        let bare_word = raw
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && raw.chars().all(|c| c.is_alphanumeric() || c == '_');
        let enum_values = column_type.is_enum().and_then(|name| {
            self.decls
                .enums
                .iter()
                .find(|e| e.name == name)
                .map(|e| (name, &e.values))
        });
        if let Some((enum_name, values)) = enum_values {
            let value = if bare_word && !SQL_VALUE_WORDS.contains(&raw.to_lowercase().as_str()) {
                Some(raw)
            } else {
                raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\''))
            };
            if let Some(value) = value {
                if !values.iter().any(|v| v == value) {
                    diags.error_with_hint(
                        origin,
                        object,
                        format!(
                            "default `{value}` is not a value of enum {enum_name}{}",
                            did_you_mean(value, values.iter().map(String::as_str))
                        ),
                        format!("use one of: {}", values.join(", ")),
                    );
                    return None;
                }
                return Some(crate::sql::ident::literal(value));
            }
        } else if bare_word && !SQL_VALUE_WORDS.contains(&raw.to_lowercase().as_str()) {
            diags.error_with_hint(
                origin,
                object,
                format!("default `{raw}` is a bare word, which SQL would read as a column name"),
                format!("for the text value write `default: \"'{raw}'\"`; for a function call write `{raw}()`"),
            );
            return None;
        }
        Some(raw.to_string())
    }
}

impl Context<'_> {
    /// `identity: always | by_default`, on an integer column without a default.
    fn identity(
        &self,
        spec: &super::load::ColumnOptions,
        column_type: &ColumnType,
        origin: &Origin,
        object: &str,
        diags: &mut Diagnostics,
    ) -> Option<Identity> {
        let raw = spec.rare().identity.as_deref()?;
        let identity = match raw {
            "always" => Identity::Always,
            "by_default" => Identity::ByDefault,
            _ => {
                diags.error_with_hint(
                    origin,
                    object,
                    format!("unknown identity `{raw}`"),
                    "use `identity: always` or `identity: by_default`",
                );
                return None;
            }
        };
        let integer = column_type.array_dims == 0
            && matches!(
                column_type.base,
                crate::schema::types::BaseType::Builtin {
                    name: "smallint" | "integer" | "bigint",
                    ..
                }
            );
        if !integer || spec.default.is_some() || spec.nullable {
            diags.error_with_hint(
                origin,
                object,
                "an identity column is a NOT NULL smallint, integer or bigint without a default",
                "declare it `{ type: bigint, identity: by_default }`",
            );
            return None;
        }
        Some(identity)
    }
}

fn fk_action(
    raw: Option<&str>,
    origin: &Origin,
    object: &str,
    diags: &mut Diagnostics,
) -> FkAction {
    let Some(raw) = raw else {
        return FkAction::NoAction;
    };
    let (raw, columns) = FkAction::split_columns(raw);
    let action = FkAction::from_yaml(raw);
    if !columns.is_empty() && !matches!(action, Some(FkAction::SetNull | FkAction::SetDefault)) {
        diags.error_with_hint(
            origin,
            object,
            format!("`{raw} (...)`: only set_null and set_default take columns"),
            "write `set_null (column)` to set only some of the key's columns",
        );
    }
    action.unwrap_or_else(|| {
        diags.error_with_hint(
            origin,
            object,
            format!(
                "unknown foreign key action `{raw}`{}",
                did_you_mean(raw, FkAction::YAML_NAMES.iter().copied())
            ),
            format!("use one of: {}", FkAction::YAML_NAMES.join(", ")),
        );
        FkAction::NoAction
    })
}
