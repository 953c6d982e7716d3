//! Property-based proof of `diff`: random schemas (tables, columns of many types, enums,
//! indexes, unique and foreign key constraints) and random edits of them (added, dropped,
//! renamed and retyped columns and tables, enum values, indexes, constraints), checked
//!
//! - offline, for many pairs: replay(create(before) + up) ≡ after, and
//!   replay(create(before) + up + down) ≡ before;
//! - on a real PostgreSQL, for fewer pairs: the migrated database has the catalog of one built
//!   from scratch for `after`, and rolling back gives the catalog of `before` again.

use crate::common;

use proptest::prelude::*;

use common::{assert_same_catalog, catalog, TestDb};
use hotelschema::diff::{create_all, diff, equivalent, Change, Options, Phase};
use hotelschema::schema::model::*;
use hotelschema::schema::types::ColumnType;
use hotelschema::sql::replay::replay_file;

/// Column types the generator uses, with a default valid for each.
const TYPES: &[(&str, &str)] = &[
    ("integer", "0"),
    ("bigint", "1"),
    ("text", "'x'"),
    ("boolean", "false"),
    ("numeric(10,2)", "0"),
    ("timestamptz", "now()"),
    ("uuid", "gen_random_uuid()"),
    ("jsonb", "'{}'::jsonb"),
    ("varchar(20)", "'v'"),
    ("date", "CURRENT_DATE"),
    ("text[]", "'{}'"),
    // An enum of another schema, so qualified names go through every enum change.
    ("app.mood", "'ok'"),
];

/// Type changes PostgreSQL can cast, as indexes into TYPES.
const CASTS: &[(usize, usize)] = &[
    (0, 1),
    (1, 0),
    (2, 8),
    (8, 2),
    (0, 4),
    (4, 0),
    (9, 5),
    (11, 2),
    (2, 11),
];

fn column_type(i: usize) -> ColumnType {
    ColumnType::parse(TYPES[i].0, &["app.mood"], &[]).unwrap()
}

#[derive(Clone, Debug)]
struct ColumnSpec {
    ty: usize,
    nullable: bool,
    default: bool,
    index: bool,
    unique: bool,
}

#[derive(Clone, Debug)]
struct TableSpec {
    columns: Vec<ColumnSpec>,
    /// A nullable foreign key to the table at this index (modulo the count).
    fk: Option<(usize, bool)>,
}

#[derive(Clone, Debug)]
enum Edit {
    AddColumn(usize, ColumnSpec),
    DropColumn(usize, usize),
    RenameColumn(usize, usize),
    Retype(usize, usize, usize),
    ToggleNullable(usize, usize),
    ToggleDefault(usize, usize),
    ToggleIndex(usize, usize),
    ToggleUnique(usize, usize),
    AddTable(TableSpec),
    DropTable(usize),
    RenameTable(usize),
    AddEnumValue(usize),
    RemoveEnumValue,
    ToggleFkAction(usize),
    /// Function slot (name and argument type) set to a variant (body and return type).
    SetFunction(usize, usize),
    DropFunction(usize),
    /// A BEFORE trigger on the table (calling `app.touch()`) added or removed; odd: disabled.
    ToggleTrigger(usize, usize),
    /// Row-level security on the table: off, on with a policy, forced, or with another policy.
    SetRowSecurity(usize, usize),
    /// A view over the table (`{table}_v`) added or removed.
    ToggleView(usize),
    /// Grants on the table to `hs_reader`: none, SELECT, SELECT + INSERT, or all with grant
    /// option.
    SetGrant(usize, usize),
    /// Project-wide: PUBLIC loses EXECUTE on `app.touch()`; default privileges give
    /// `hs_reader` SELECT on new tables of `app`; a comment on `app.touch()`; the standalone
    /// sequence `counter` (absent, or with one of three option sets, owned or not).
    ToggleRevokeExecute,
    ToggleDefaultGrant,
    ToggleFunctionComment,
    SetSequence(usize),
    /// The partitions of `app.events` (partitioned by HASH (id), modulus 4): a bit per
    /// remainder.
    SetPartitions(usize),
    /// A raw SQL object: none, or one of two variants (a range type over integer or bigint).
    SetRaw(usize),
}

fn column_spec() -> impl Strategy<Value = ColumnSpec> {
    (
        0..TYPES.len(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(ty, nullable, default, index, unique)| ColumnSpec {
            ty,
            nullable,
            default,
            index,
            unique,
        })
}

fn table_spec() -> impl Strategy<Value = TableSpec> {
    (
        prop::collection::vec(column_spec(), 1..4),
        prop::option::of((0usize..4, any::<bool>())),
    )
        .prop_map(|(columns, fk)| TableSpec { columns, fk })
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0usize..8;
    prop_oneof![
        (i.clone(), column_spec()).prop_map(|(t, c)| Edit::AddColumn(t, c)),
        (i.clone(), i.clone()).prop_map(|(t, c)| Edit::DropColumn(t, c)),
        (i.clone(), i.clone()).prop_map(|(t, c)| Edit::RenameColumn(t, c)),
        (i.clone(), i.clone(), 0..CASTS.len()).prop_map(|(t, c, k)| Edit::Retype(t, c, k)),
        (i.clone(), i.clone()).prop_map(|(t, c)| Edit::ToggleNullable(t, c)),
        (i.clone(), i.clone()).prop_map(|(t, c)| Edit::ToggleDefault(t, c)),
        (i.clone(), i.clone()).prop_map(|(t, c)| Edit::ToggleIndex(t, c)),
        (i.clone(), i.clone()).prop_map(|(t, c)| Edit::ToggleUnique(t, c)),
        table_spec().prop_map(Edit::AddTable),
        i.clone().prop_map(Edit::DropTable),
        i.clone().prop_map(Edit::RenameTable),
        (0usize..3).prop_map(Edit::AddEnumValue),
        Just(Edit::RemoveEnumValue),
        i.prop_map(Edit::ToggleFkAction),
        (0usize..4, 0usize..4).prop_map(|(f, v)| Edit::SetFunction(f, v)),
        (0usize..4).prop_map(Edit::DropFunction),
        (0usize..8, 0usize..2).prop_map(|(t, v)| Edit::ToggleTrigger(t, v)),
        (0usize..8, 0usize..4).prop_map(|(t, v)| Edit::SetRowSecurity(t, v)),
        (0usize..8).prop_map(Edit::ToggleView),
        (0usize..8, 0usize..4).prop_map(|(t, v)| Edit::SetGrant(t, v)),
        Just(Edit::ToggleRevokeExecute),
        Just(Edit::ToggleDefaultGrant),
        Just(Edit::ToggleFunctionComment),
        (0usize..5).prop_map(Edit::SetSequence),
        (0usize..16).prop_map(Edit::SetPartitions),
        (0usize..3).prop_map(Edit::SetRaw),
    ]
}

/// A column: name, previous name (a rename hint), spec.
type DesignColumn = (String, Option<String>, ColumnSpec);
/// A table: name, previous name, columns, foreign key (target, action).
type DesignTable = (
    String,
    Option<String>,
    Vec<DesignColumn>,
    Option<(String, FkAction)>,
);

/// Schema-level state the edits work on, turned into a model by `build`.
#[derive(Clone, Debug)]
struct Design {
    enum_values: Vec<String>,
    tables: Vec<DesignTable>,
    /// Function slot → variant.
    functions: std::collections::BTreeMap<usize, usize>,
    /// Tables with a trigger → whether it is enabled.
    triggers: std::collections::BTreeMap<String, bool>,
    /// Tables with row-level security → variant (see `Edit::SetRowSecurity`).
    row_security: std::collections::BTreeMap<String, usize>,
    /// Tables with a view over them.
    views: std::collections::BTreeSet<String>,
    /// Tables with grants → variant (see `Edit::SetGrant`).
    grants: std::collections::BTreeMap<String, usize>,
    revoke_execute: bool,
    default_grant: bool,
    function_comment: bool,
    /// 0: no sequence; else its variant.
    sequence: usize,
    /// Remainders (bits) of the partitions of `app.events`.
    partitions: usize,
    /// 0: no raw object; else its variant.
    raw: usize,
    counter: usize,
}

impl Design {
    fn new(specs: &[TableSpec]) -> Design {
        let mut d = Design {
            enum_values: vec!["ok".into(), "meh".into(), "bad".into()],
            tables: Vec::new(),
            // Two functions to start with, so edits replace, recreate and drop them.
            functions: [(0, 0), (3, 1)].into_iter().collect(),
            triggers: Default::default(),
            row_security: Default::default(),
            views: Default::default(),
            grants: Default::default(),
            revoke_execute: false,
            default_grant: false,
            function_comment: false,
            sequence: 0,
            partitions: 0b0101,
            raw: 0,
            counter: 0,
        };
        for s in specs {
            d.add_table(s);
        }
        d
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    fn add_table(&mut self, s: &TableSpec) {
        let name = self.fresh("t");
        let columns = s
            .columns
            .iter()
            .map(|c| (self.fresh("c"), None, c.clone()))
            .collect();
        let fk = s.fk.map(|(i, cascade)| {
            let target = if self.tables.is_empty() {
                name.clone()
            } else {
                self.tables[i % self.tables.len()].0.clone()
            };
            let action = if cascade {
                FkAction::Cascade
            } else {
                FkAction::SetNull
            };
            (target, action)
        });
        self.tables.push((name, None, columns, fk));
    }

    fn apply(&mut self, e: &Edit) {
        let n = self.tables.len();
        if n == 0
            && !matches!(
                e,
                Edit::AddTable(_)
                    | Edit::AddEnumValue(_)
                    | Edit::RemoveEnumValue
                    | Edit::SetFunction(..)
                    | Edit::DropFunction(_)
                    | Edit::ToggleRevokeExecute
                    | Edit::ToggleDefaultGrant
                    | Edit::ToggleFunctionComment
                    | Edit::SetSequence(_)
            )
        {
            return;
        }
        let counter = self.counter;
        let mut fresh = counter;
        let mut next = |p: &str| {
            fresh += 1;
            format!("{p}{fresh}")
        };
        match e {
            Edit::AddColumn(t, c) => {
                let name = next("c");
                self.tables[t % n].2.push((name, None, c.clone()));
            }
            Edit::DropColumn(t, c) => {
                let cols = &mut self.tables[t % n].2;
                if cols.len() > 1 {
                    let i = c % cols.len();
                    cols.remove(i);
                }
            }
            Edit::RenameColumn(t, c) => {
                let cols = &mut self.tables[t % n].2;
                let i = c % cols.len();
                let old = cols[i].0.clone();
                cols[i].0 = next("c");
                cols[i].1 = Some(old);
            }
            Edit::Retype(t, c, k) => {
                let cols = &mut self.tables[t % n].2;
                let i = c % cols.len();
                let (from, to) = CASTS[*k];
                if cols[i].2.ty == from {
                    cols[i].2.ty = to;
                    cols[i].2.default = false; // the old default may not cast
                    if to == 10 || to == 7 {
                        cols[i].2.index = false;
                        cols[i].2.unique = false;
                    }
                }
            }
            Edit::ToggleNullable(t, c) => {
                let cols = &mut self.tables[t % n].2;
                let i = c % cols.len();
                cols[i].2.nullable ^= true;
            }
            Edit::ToggleDefault(t, c) => {
                let cols = &mut self.tables[t % n].2;
                let i = c % cols.len();
                cols[i].2.default ^= true;
            }
            Edit::ToggleIndex(t, c) => {
                let cols = &mut self.tables[t % n].2;
                let i = c % cols.len();
                cols[i].2.index ^= true;
            }
            Edit::ToggleUnique(t, c) => {
                let cols = &mut self.tables[t % n].2;
                let i = c % cols.len();
                cols[i].2.unique ^= true;
            }
            Edit::AddTable(s) => {
                self.add_table(s);
                return;
            }
            Edit::DropTable(t) => {
                let name = self.tables.remove(t % n).0;
                for table in &mut self.tables {
                    if table.3.as_ref().is_some_and(|(target, _)| *target == name) {
                        table.3 = None;
                    }
                }
            }
            Edit::RenameTable(t) => {
                let new = next("t");
                let old = std::mem::replace(&mut self.tables[t % n].0, new.clone());
                self.tables[t % n].1 = Some(old.clone());
                for table in &mut self.tables {
                    if let Some((target, _)) = &mut table.3 {
                        if *target == old {
                            *target = new.clone();
                        }
                    }
                }
            }
            Edit::AddEnumValue(at) => {
                let value = next("v");
                let at = at % (self.enum_values.len() + 1);
                self.enum_values.insert(at, value);
            }
            Edit::RemoveEnumValue => {
                // Never the default one.
                if self.enum_values.len() > 1 {
                    let last = self.enum_values.len() - 1;
                    if self.enum_values[last] != "ok" {
                        self.enum_values.remove(last);
                    }
                }
            }
            Edit::ToggleFkAction(t) => {
                if let Some((_, action)) = &mut self.tables[t % n].3 {
                    *action = if *action == FkAction::Cascade {
                        FkAction::SetNull
                    } else {
                        FkAction::Cascade
                    };
                }
            }
            Edit::SetFunction(f, v) => {
                self.functions.insert(*f, *v);
            }
            Edit::DropFunction(f) => {
                self.functions.remove(f);
            }
            Edit::ToggleView(t) => {
                let name = self.tables[t % n].0.clone();
                if !self.views.remove(&name) {
                    self.views.insert(name);
                }
            }
            Edit::SetRowSecurity(t, v) => {
                let name = self.tables[t % n].0.clone();
                if *v == 0 {
                    self.row_security.remove(&name);
                } else {
                    self.row_security.insert(name, *v);
                }
            }
            Edit::SetGrant(t, v) => {
                let name = self.tables[t % n].0.clone();
                if *v == 0 {
                    self.grants.remove(&name);
                } else {
                    self.grants.insert(name, *v);
                }
            }
            Edit::ToggleRevokeExecute => self.revoke_execute = !self.revoke_execute,
            Edit::ToggleDefaultGrant => self.default_grant = !self.default_grant,
            Edit::ToggleFunctionComment => self.function_comment = !self.function_comment,
            Edit::SetSequence(v) => self.sequence = *v,
            Edit::SetPartitions(v) => self.partitions = *v,
            Edit::SetRaw(v) => self.raw = *v,
            Edit::ToggleTrigger(t, v) => {
                let name = self.tables[t % n].0.clone();
                if self.triggers.remove(&name).is_none() {
                    self.triggers.insert(name, v % 2 == 0);
                }
            }
        }
        self.counter = fresh.max(counter);
    }

    /// The model, with hotelschema's default names (so renames exercise derived names).
    fn build(&self, with_hints: bool) -> Schema {
        let hint = |h: &Option<String>| Hint(if with_hints { h.clone() } else { None });
        let mut schema = Schema {
            schemas: vec![Namespace {
                name: "app".into(),
                grants: Vec::new(),
                origin: Origin::default(),
            }],
            extensions: Vec::new(),
            roles: vec![ExternalRole {
                name: "hs_reader".into(),
                origin: Origin::default(),
            }],
            enums: vec![EnumType {
                name: "app.mood".into(),
                values: self.enum_values.clone(),
                comment: None,
                renamed_values: Hint(Vec::new()),
                origin: Origin::default(),
            }],
            tables: Vec::new(),
            ..Schema::default()
        };
        for (name, renamed_from, columns, fk) in &self.tables {
            let mut t = Table {
                external: false,
                grants: Vec::new(),
                triggers: Vec::new(),
                rls: false,
                force_rls: false,
                replica_identity: None,
                distribution: None,
                policies: Vec::new(),
                name: name.clone(),
                columns: vec![id_column()],
                primary_key: Some(PrimaryKey {
                    name: format!("{name}_pkey"),
                    columns: vec!["id".into()],
                    origin: Origin::default(),
                }),
                foreign_keys: Vec::new(),
                uniques: Vec::new(),
                indexes: Vec::new(),
                checks: Vec::new(),
                exclusions: Vec::new(),
                partitioning: None,
                comment: None,
                renamed_from: hint(renamed_from),
                lint: Hint::default(),
                migration: Hint::default(),
                origin: Origin::default(),
            };
            for (cname, old, spec) in columns {
                let ty = column_type(spec.ty);
                let mut default = spec.default.then(|| TYPES[spec.ty].1.to_string());
                if spec.ty == 11
                    && default.is_some()
                    && !self.enum_values.contains(&"ok".to_string())
                {
                    default = None;
                }
                t.columns.push(Column {
                    name: cname.clone(),
                    column_type: ty,
                    nullable: spec.nullable,
                    default,
                    identity: None,
                    generated: None,
                    collation: None,
                    comment: None,
                    renamed_from: hint(old),
                    origin: Origin::default(),
                });
                // jsonb and arrays have no btree opclass for unique/plain indexes in every case.
                let indexable = !matches!(spec.ty, 7 | 10);
                if spec.index && indexable {
                    t.indexes
                        .push(column_index(format!("{name}_{cname}_idx"), cname));
                }
                if spec.unique && indexable {
                    t.uniques.push(Unique {
                        name: format!("{name}_{cname}_uq"),
                        columns: vec![cname.clone()],
                        predicate: None,
                        as_index: false,
                        include: Vec::new(),
                        nulls_not_distinct: false,
                        origin: Origin::default(),
                    });
                }
            }
            if let Some((target, action)) = fk {
                t.columns.push(Column {
                    name: "ref_id".into(),
                    column_type: column_type(1),
                    nullable: true,
                    default: None,
                    identity: None,
                    generated: None,
                    collation: None,
                    comment: None,
                    renamed_from: Hint(None),
                    origin: Origin::default(),
                });
                t.foreign_keys.push(ForeignKey {
                    name: format!("{name}_ref_id_fkey"),
                    columns: vec!["ref_id".into()],
                    ref_table: target.clone(),
                    ref_columns: vec!["id".into()],
                    on_delete: *action,
                    on_update: FkAction::NoAction,
                    on_delete_columns: Vec::new(),
                    not_valid: false,
                    origin: Origin::default(),
                });
            }
            schema.tables.push(t);
        }
        // Slots 0 and 1 are `f0`/`f1(integer)`, 2 and 3 overload them on bigint; a variant
        // changes the body (replaced in place) and, when odd, the return type (recreated).
        let sql: String = self
            .functions
            .iter()
            .map(|(slot, variant)| {
                let arg = if *slot < 2 { "integer" } else { "bigint" };
                let returns = if variant % 2 == 0 {
                    "integer"
                } else {
                    "bigint"
                };
                format!(
                    "CREATE FUNCTION app.f{}(x {arg}) RETURNS {returns} LANGUAGE sql \
                     IMMUTABLE AS $$ SELECT (x + {variant})::{returns} $$;\n",
                    slot % 2
                )
            })
            .collect();
        let sql = format!(
            "{sql}CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             RETURN NEW; END $$;\n"
        );
        // Views over some tables, and one over each such view (its id column only: a view
        // over `*` would not see columns added later, in PostgreSQL as here).
        let mut sql = sql;
        for t in &schema.tables {
            if self.views.contains(&t.name) {
                sql.push_str(&format!(
                    "CREATE VIEW {0}_v AS SELECT id FROM {0};\nCREATE VIEW {0}_vv AS SELECT id FROM {0}_v;\n",
                    t.name
                ));
            }
        }
        if self.default_grant {
            sql.push_str("ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO hs_reader;\n");
        }
        if self.revoke_execute {
            sql.push_str("REVOKE EXECUTE ON FUNCTION app.touch() FROM PUBLIC;\n");
        }
        if self.function_comment {
            sql.push_str("COMMENT ON FUNCTION app.touch() IS 'keeps rows fresh';\n");
        }
        for (table, variant) in &self.grants {
            if !schema.tables.iter().any(|t| t.name == *table) {
                continue;
            }
            sql.push_str(&match variant {
                1 => format!("GRANT SELECT ON {table} TO hs_reader;\n"),
                2 => format!("GRANT SELECT, INSERT ON {table} TO hs_reader;\n"),
                _ => format!("GRANT ALL ON {table} TO hs_reader WITH GRANT OPTION;\n"),
            });
        }
        if self.sequence > 0 {
            let options = [
                "",
                "START 100 CACHE 3",
                "AS integer INCREMENT -2",
                "MAXVALUE 500 CYCLE",
            ];
            sql.push_str(&format!(
                "CREATE SEQUENCE counter {};\nGRANT USAGE ON SEQUENCE counter TO hs_reader;\n",
                options[self.sequence % 4]
            ));
            if self.sequence == 4 {
                if let Some(t) = schema.tables.first() {
                    sql.push_str(&format!("ALTER SEQUENCE counter OWNED BY {}.id;\n", t.name));
                }
            }
        }
        let mut diags = hotelschema::schema::diagnostic::Diagnostics::default();
        hotelschema::schema::sql_files::declare_file(
            "functions.sql",
            &sql,
            &mut diags,
            &mut schema,
        );
        // A hash-partitioned table and its partitions.
        let mut events = Table::empty("app.events", Origin::default());
        events.columns.push(id_column());
        events
            .indexes
            .push(column_index("events_id_idx".into(), "id"));
        events.partitioning = Some(hotelschema::objects::partition::Partitioning {
            by: "HASH (id)".into(),
            partitions: (0..4)
                .filter(|r| self.partitions & (1 << r) != 0)
                .map(|r| hotelschema::objects::partition::Partition {
                    name: format!("app.events_{r}"),
                    bound: format!("FOR VALUES WITH (MODULUS 4, REMAINDER {r})"),
                    origin: Origin::default(),
                })
                .collect(),
        });
        schema.tables.push(events);
        if self.raw > 0 {
            let over = if self.raw == 1 { "integer" } else { "bigint" };
            schema.raw.push(hotelschema::objects::raw::RawSql {
                name: "app_span".into(),
                up: format!("CREATE TYPE app.span AS RANGE (SUBTYPE = {over});"),
                down: "DROP TYPE app.span;".into(),
                why: Hint(None),
                // Both placements: among the functions, and last.
                early: self.raw == 2,
                origin: Origin::default(),
            });
        }
        for t in &mut schema.tables {
            if let Some(variant) = self.row_security.get(&t.name) {
                t.rls = true;
                t.force_rls = *variant == 2;
                let using = if *variant == 3 { "id > 0" } else { "id >= 0" };
                t.policies.push(
                    hotelschema::objects::policy::Policy::declared(
                        format!("{}_visible", t.name),
                        "select",
                        *variant != 3,
                        Vec::new(),
                        Some(using),
                        None,
                        Origin::default(),
                    )
                    .unwrap(),
                );
            }
            if let Some(enabled) = self.triggers.get(&t.name) {
                t.triggers.push(
                    hotelschema::objects::trigger::Trigger::declared(
                        format!("{}_touch", t.name),
                        "before",
                        &["insert".to_string(), "update".to_string()],
                        Vec::new(),
                        "row",
                        None,
                        "app.touch".into(),
                        vec!["x".into()],
                        *enabled,
                        Origin::default(),
                    )
                    .unwrap(),
                );
            }
        }
        assert!(diags.is_empty(), "{sql}");
        schema
    }
}

/// A plain btree index on one column.
fn column_index(name: String, column: &str) -> Index {
    Index {
        unique: false,
        name,
        elements: vec![IndexElement {
            key: IndexKey::Column(column.to_string()),
            descending: false,
            nulls_first: None,
            collation: None,
            opclass: None,
        }],
        method: None,
        predicate: None,
        concurrently: Hint(false),
        include: Vec::new(),
        nulls_not_distinct: false,
        origin: Origin::default(),
    }
}

/// Every table's `id integer NOT NULL`.
fn id_column() -> Column {
    Column {
        name: "id".into(),
        column_type: column_type(1),
        nullable: false,
        default: None,
        identity: None,
        generated: None,
        collation: None,
        comment: None,
        renamed_from: Hint(None),
        origin: Origin::default(),
    }
}

fn pair() -> impl Strategy<Value = (Schema, Schema)> {
    (
        prop::collection::vec(table_spec(), 0..4),
        prop::collection::vec(edit(), 1..6),
    )
        .prop_map(|(tables, edits)| {
            let before = Design::new(&tables);
            let mut after = before.clone();
            for e in &edits {
                after.apply(e);
            }
            (before.build(false), after.build(true))
        })
}

fn script(changes: &[Change], phase: Phase, up: bool) -> String {
    let parts: Vec<&str> = if up {
        changes
            .iter()
            .filter(|c| c.phase == phase)
            .map(|c| c.up.as_str())
            .collect()
    } else {
        changes
            .iter()
            .rev()
            .filter(|c| c.phase == phase)
            .map(|c| c.down.as_str())
            .collect()
    };
    parts.join("\n")
}

fn replayed(scripts: &[&str]) -> Schema {
    let mut s = Schema::default();
    for (i, sql) in scripts.iter().enumerate() {
        if let Err(e) = replay_file(&mut s, &format!("script{i}.sql"), sql) {
            panic!("replay failed: {e}\n--- script {i}:\n{sql}");
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn offline_up_reaches_after_and_down_returns_to_before((before, after) in pair()) {
        let init = script(&create_all(&before), Phase::Main, true);
        let base = replayed(&[&init]);
        prop_assert!(equivalent(&base, &before), "replay(create(before)) != before");
        // Plain DDL, and the lock-safe forms (which spread over four migrations).
        for plain in [true, false] {
            let changes = diff(&before, &after, options(plain));
            let ups = PHASES.map(|p| script(&changes, p, true));
            let downs = PHASES.map(|p| script(&changes, p, false));
            let mut files: Vec<&str> = vec![&init];
            files.extend(ups.iter().map(String::as_str));
            let up = replayed(&files);
            prop_assert!(equivalent(&up, &after), "up (plain: {plain}) does not reach after: {:#?}", diff(&up, &after, Options::default()));
            files.extend(downs.iter().rev().map(String::as_str));
            let down = replayed(&files);
            prop_assert!(equivalent(&down, &before), "down (plain: {plain}) does not return to before: {:#?}", diff(&down, &before, Options::default()));
            // Nothing left to do once applied.
            prop_assert!(diff(&up, &after, Options::default()).is_empty());
        }
    }
}

/// The migrations one diff is written in, in the order they run.
const PHASES: [Phase; 5] = [
    Phase::EnumValues,
    Phase::Main,
    Phase::Backfill,
    Phase::Concurrent,
    Phase::Validate,
];

fn options(plain: bool) -> Options {
    Options {
        plain,
        ..Options::default()
    }
}

/// Runs statements one by one outside a transaction, as `migrate` runs a non-transactional file.
async fn run_statements(db: &TestDb, sql: &str) {
    let mut conn = db.connect().await;
    for statement in pg_query::split_with_parser(sql).unwrap() {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_string()))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

async fn on_postgresql(before: Schema, after: Schema) {
    let init = script(&create_all(&before), Phase::Main, true);
    // Half the cases in plain DDL, half in the lock-safe forms.
    let plain = before.tables.len() & 1 == 0;
    let changes = diff(&before, &after, options(plain));
    let a = TestDb::new().await;
    a.ensure_role("hs_reader").await;
    a.run_script(&init)
        .await
        .unwrap_or_else(|e| panic!("{init}\n{e}"));
    let catalog_before = catalog(&a).await;
    // Enum values and concurrent builds run outside a transaction, as `migrate` runs them.
    let outside = |p: Phase| matches!(p, Phase::EnumValues | Phase::Backfill | Phase::Concurrent);
    for phase in PHASES {
        let up = script(&changes, phase, true);
        if outside(phase) {
            run_statements(&a, &up).await;
        } else {
            a.run_script(&up)
                .await
                .unwrap_or_else(|e| panic!("{up}\n{e}"));
        }
    }

    let b = TestDb::new().await;
    b.run_script(&script(&create_all(&after), Phase::Main, true))
        .await
        .unwrap();
    assert_same_catalog("up vs fresh", &catalog(&a).await, &catalog(&b).await);

    for phase in PHASES.into_iter().rev() {
        let down = script(&changes, phase, false);
        if phase == Phase::Concurrent {
            run_statements(&a, &down).await;
        } else {
            a.run_script(&down)
                .await
                .unwrap_or_else(|e| panic!("{down}\n{e}"));
        }
    }
    assert_same_catalog("down vs before", &catalog(&a).await, &catalog_before);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn on_postgresql_up_equals_fresh_and_down_equals_before((before, after) in pair()) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(on_postgresql(before, after));
    }
}
