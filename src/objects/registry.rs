//! Every object kind, registered once. Tables (with their columns, constraints and indexes)
//! and enums have their folders here too (`objects/table/`, `objects/enum_type/`) but are
//! planned by `diff::diff` itself, around the renames and before the other kinds: renames and
//! the lock-safe forms touch them all, and the table planner takes the lock-safe options.
//! Grants and comments of every kind are planned by `diff/annotations.rs`. A new kind is a
//! folder beside the others and one entry below (docs/architecture.md, "Adding an object kind").

use pg_query::protobuf::node::Node as N;
use sqlx::PgConnection;

use super::annotated::Annotated;
use super::column_types::ColumnTypes;
use super::declaration::{Declaration, Round, COMMENTS};
use super::renaming::Rename;
use super::replaying::{Replayer, Step};
use crate::diff::plan::Plan;
use crate::schema::diagnostic::Diagnostics;
use crate::schema::model::Schema;

use super::{
    composite, distribution, domain, enum_type, extension, function, namespace, policy, privilege,
    publication, raw, sequence, table, trigger, view,
};

/// A kind's reading of a live database, under way.
pub type Reading<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send + 'a>>;

/// Reads a kind's objects of the schemas read (`&[String]`) into the model; what cannot be
/// read, by name, into the list.
pub type Reader = for<'a> fn(
    &'a mut PgConnection,
    &'a mut Schema,
    &'a [String],
    &'a mut Vec<String>,
) -> Reading<'a>;

/// Replays a statement onto the model when it is the kind's (`None` otherwise): declaration
/// in `schema/*.sql` and the migration history share it.
pub type Replay = fn(&mut Replayer, &N) -> Option<Step>;

/// A kind's `replay(schema, node, origin)`, for kinds that need neither the replay's lookups
/// nor names checked across kinds, as a [`Replay`].
macro_rules! on_schema {
    ($replay:path) => {
        Some(|r, node| $replay(r.schema, node, r.origin).map(|step| step.map_err(Into::into)))
    };
}

/// Reads a kind's types (a column may use them) before the tables: into the model, and each
/// into the [`ColumnTypes`] the column reader names types by.
pub type TypeReader = for<'a> fn(
    &'a mut PgConnection,
    &'a mut Schema,
    &'a [String],
    &'a mut Vec<String>,
    &'a mut ColumnTypes,
) -> Reading<'a>;

/// A kind's `read(conn, schema, schemas, unsupported, types)` as a [`TypeReader`].
macro_rules! type_reader {
    ($read:path) => {
        Some(|conn, schema, schemas, unsupported, types| {
            Box::pin($read(conn, schema, schemas, unsupported, types)) as Reading<'_>
        })
    };
}

/// A kind's `read(conn, schema, schemas, unsupported)` as a [`Reader`].
macro_rules! reader {
    ($read:path) => {
        Some(|conn, schema, schemas, unsupported| {
            Box::pin($read(conn, schema, schemas, unsupported)) as Reading<'_>
        })
    };
}

/// `pull`'s SQL file for a kind's objects: (file name, statements), when it has any.
pub type Write = fn(&Schema) -> Option<(String, String)>;

/// One kind of object and what the generic machinery asks of it. A field is `None` when the
/// kind has nothing of that sort (no statement of its own in schema/*.sql, nothing more to read
/// than its tables hold) or when others depend on it coming first: tables and enums are
/// planned by `diff::diff` itself, tables replayed by `sql/replay/` and read by
/// `db/introspect.rs` (after the extensions and the types phase, `read_types`).
pub struct ObjectKind {
    /// Its name, as in `objects/<name>/`.
    pub name: &'static str,
    /// Plans the changes that turn one schema's objects of this kind into another's, each with
    /// its inverse, at the steps that order them among the other kinds' changes.
    pub diff: fn(&Schema, &Schema, &mut Plan),
    pub replay: Option<Replay>,
    /// What of the kind `schema/*.sql` may declare, and how (`declaration.rs`).
    pub declares: Option<Declaration>,
    /// Its catalog query for a live database, after the tables.
    pub read: Option<Reader>,
    /// Its catalog query for a live database, before the tables: for the types a column may
    /// use (enums, domains, composite types).
    pub read_types: Option<TypeReader>,
    /// `pull`'s SQL file for the kind's objects: (file name, statements).
    pub write: Option<Write>,
    /// Its declared renames (`-- renamed from:`), applied before the diff.
    pub rename: Option<Rename>,
    /// What `validate` judges of its objects before any SQL runs, at their lines.
    pub validate: Option<fn(&Schema, &mut Diagnostics)>,
    /// Its objects' grants and comments, planned by `diff/annotations.rs` for every kind at
    /// once (and written by `pull` into privileges.sql).
    pub annotated: Option<fn(&Schema, &mut Vec<Annotated>)>,
}

impl ObjectKind {
    /// A kind with its planner and nothing else yet: each entry below fills in what it gives.
    const fn new(name: &'static str, diff: fn(&Schema, &Schema, &mut Plan)) -> ObjectKind {
        ObjectKind {
            name,
            diff,
            replay: None,
            declares: None,
            read: None,
            read_types: None,
            write: None,
            rename: None,
            validate: None,
            annotated: None,
        }
    }
}

/// Planned by `diff::diff` itself, not here (see the module's doc).
const PLANNED_BY_THE_DIFF: fn(&Schema, &Schema, &mut Plan) = |_, _, _| {};

/// The kinds, in the order their changes are planned (within one step, changes keep it).
pub const KINDS: &[ObjectKind] = &[
    ObjectKind {
        annotated: Some(namespace::annotated::annotated),
        ..ObjectKind::new("namespace", namespace::diff::namespaces)
    },
    ObjectKind {
        replay: on_schema!(extension::replay::replay),
        ..ObjectKind::new("extension", extension::diff::extensions)
    },
    // Planned around the renames, before the tables.
    ObjectKind {
        replay: on_schema!(enum_type::replay::replay),
        read_types: type_reader!(enum_type::read::read),
        ..ObjectKind::new("enum", PLANNED_BY_THE_DIFF)
    },
    // Planned with the lock-safe options, replayed by `sql/replay/`, read by
    // `db/introspect.rs`; its grants and the comments of its triggers and policies are listed
    // here, after the schemas and before the kinds that use tables.
    ObjectKind {
        annotated: Some(table::annotated::annotated),
        ..ObjectKind::new("table", PLANNED_BY_THE_DIFF)
    },
    ObjectKind {
        replay: on_schema!(function::replay::replay),
        declares: Some(function::declare::DECLARATION),
        read: reader!(function::read::read),
        rename: Some(function::rename::RENAME),
        validate: Some(function::validate::check),
        annotated: Some(function::annotated::annotated),
        ..ObjectKind::new("function", function::diff::functions)
    },
    // Views before triggers: a trigger may be on a view (INSTEAD OF), and is read onto it.
    ObjectKind {
        replay: Some(view::replay::replay),
        declares: Some(view::declare::DECLARATION),
        read: reader!(view::read::read),
        rename: Some(view::rename::RENAME),
        validate: Some(view::validate::check),
        annotated: Some(view::annotated::annotated),
        ..ObjectKind::new("view", view::diff::views)
    },
    ObjectKind {
        replay: Some(trigger::replay::replay),
        declares: Some(trigger::declare::DECLARATION),
        read: reader!(trigger::read::read),
        rename: Some(trigger::rename::RENAME),
        ..ObjectKind::new("trigger", trigger::diff::triggers)
    },
    ObjectKind {
        replay: Some(policy::replay::replay),
        read: reader!(policy::read::read),
        rename: Some(policy::rename::RENAME),
        ..ObjectKind::new("policy", policy::diff::policies)
    },
    ObjectKind {
        replay: Some(sequence::replay::replay),
        declares: Some(sequence::declare::DECLARATION),
        // Sequences have nothing the model cannot read.
        read: Some(|conn, schema, schemas, _| {
            Box::pin(sequence::read::read(conn, schema, schemas)) as Reading<'_>
        }),
        rename: Some(sequence::rename::RENAME),
        annotated: Some(sequence::annotated::annotated),
        ..ObjectKind::new("sequence", sequence::diff::sequences)
    },
    ObjectKind {
        replay: Some(domain::replay::replay),
        declares: Some(domain::declare::DECLARATION),
        read_types: type_reader!(domain::read::read),
        rename: Some(domain::rename::RENAME),
        annotated: Some(domain::annotated::annotated),
        ..ObjectKind::new("domain", domain::diff::domains)
    },
    ObjectKind {
        replay: Some(composite::replay::replay),
        declares: Some(composite::declare::DECLARATION),
        read_types: type_reader!(composite::read::read),
        rename: Some(composite::rename::RENAME),
        annotated: Some(composite::annotated::annotated),
        ..ObjectKind::new("composite", composite::diff::composites)
    },
    // Privileges are planned with every kind's grants (`diff/annotations.rs`); declared here.
    ObjectKind {
        declares: Some(privilege::declare::DECLARATION),
        ..ObjectKind::new("privilege", |_, _, _| {})
    },
    ObjectKind {
        replay: on_schema!(publication::replay::replay),
        declares: Some(publication::declare::DECLARATION),
        read: reader!(publication::read::read),
        write: Some(publication::write::write),
        validate: Some(publication::validate::check),
        ..ObjectKind::new("publication", publication::diff::publications)
    },
    // Citus: a table's place on the cluster, its own statements (`SELECT
    // create_distributed_table(...)`), read from `pg_dist_partition`.
    ObjectKind {
        replay: on_schema!(distribution::replay::replay),
        read: reader!(distribution::read::read),
        validate: Some(distribution::validate::check),
        ..ObjectKind::new("distribution", distribution::diff::distributions)
    },
    ObjectKind::new("raw", raw::diff::raw),
];

/// Replays `node` by the kind whose statement it is; `None` when no registered kind's.
pub fn replay(r: &mut Replayer, node: &N) -> Option<Step> {
    KINDS
        .iter()
        .filter_map(|k| k.replay)
        .find_map(|replay| replay(r, node))
}

/// How `schema/*.sql` declares `node`, and in which round; `None`: it may not.
pub fn declaration(node: &N) -> Option<(&'static Declaration, Round)> {
    KINDS
        .iter()
        .filter_map(|k| k.declares.as_ref())
        .chain(std::iter::once(&COMMENTS))
        .find_map(|d| Some((d, (d.round)(node)?)))
}

/// Reads every registered kind of a live database.
pub async fn read_all(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<()> {
    for read in KINDS.iter().filter_map(|k| k.read) {
        read(conn, schema, schemas, unsupported).await?;
    }
    Ok(())
}

/// Reads every registered kind's types of a live database (before its tables).
pub async fn read_types(
    conn: &mut PgConnection,
    schema: &mut Schema,
    schemas: &[String],
    unsupported: &mut Vec<String>,
) -> anyhow::Result<ColumnTypes> {
    let mut types = ColumnTypes::default();
    for read in KINDS.iter().filter_map(|k| k.read_types) {
        read(conn, schema, schemas, unsupported, &mut types).await?;
    }
    Ok(types)
}

/// `pull`'s SQL files of the registered kinds.
pub fn write_all(schema: &Schema) -> Vec<(String, String)> {
    KINDS
        .iter()
        .filter_map(|k| k.write)
        .filter_map(|w| w(schema))
        .collect()
}

/// The declared renames of the registered kinds, in the registry's order.
pub fn renames() -> impl Iterator<Item = &'static Rename> {
    KINDS.iter().filter_map(|k| k.rename.as_ref())
}

/// The registered kinds' own checks, for `validate`.
pub fn validations() -> impl Iterator<Item = fn(&Schema, &mut Diagnostics)> {
    KINDS.iter().filter_map(|k| k.validate)
}

/// The grants and comments of every registered kind's objects, in the registry's order.
pub fn annotated(schema: &Schema) -> Vec<Annotated> {
    let mut out = Vec::new();
    for list in KINDS.iter().filter_map(|k| k.annotated) {
        list(schema, &mut out);
    }
    out
}
