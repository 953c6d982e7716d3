//! The plan a diff builds: changes (SQL forward and its exact inverse), the step each belongs
//! to (which orders them), and the phase (which migration file). Every object kind's planner
//! (`objects/<kind>/diff.rs`, `diff/tables.rs`...) pushes onto one [`Plan`].

use std::collections::HashMap;

use crate::schema::model::{Schema, Table};

/// What a change does to the database, for headers and summaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Schema,
    Extension,
    Enum,
    Rename,
    Table,
    Column,
    Constraint,
    ForeignKey,
    Index,
    Comment,
    Function,
    Trigger,
    Policy,
    View,
    Sequence,
    Type,
    Privilege,
    Publication,
    Distribution,
    Raw,
}

impl Kind {
    pub fn noun(self, count: usize) -> &'static str {
        let (one, many) = match self {
            Kind::Schema => ("schema", "schemas"),
            Kind::Extension => ("extension", "extensions"),
            Kind::Enum => ("enum", "enums"),
            Kind::Rename => ("rename", "renames"),
            Kind::Table => ("table", "tables"),
            Kind::Column => ("column change", "column changes"),
            Kind::Constraint => ("constraint", "constraints"),
            Kind::ForeignKey => ("foreign key", "foreign keys"),
            Kind::Index => ("index", "indexes"),
            Kind::Comment => ("comment", "comments"),
            Kind::Function => ("function", "functions"),
            Kind::Trigger => ("trigger", "triggers"),
            Kind::Policy => ("row security change", "row security changes"),
            Kind::View => ("view", "views"),
            Kind::Sequence => ("sequence change", "sequence changes"),
            Kind::Type => ("type change", "type changes"),
            Kind::Privilege => ("privilege change", "privilege changes"),
            Kind::Publication => ("publication change", "publication changes"),
            Kind::Distribution => ("Citus distribution", "Citus distributions"),
            Kind::Raw => ("raw SQL object", "raw SQL objects"),
        };
        if count == 1 {
            one
        } else {
            many
        }
    }
}

/// Which migration file a change belongs in. PostgreSQL cannot use a new enum value in the
/// transaction that adds it, nor build an index CONCURRENTLY inside a transaction: such
/// statements go in migrations of their own, before and after the main one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    EnumValues,
    Main,
    /// Expand/contract: filling a new column of the existing rows in batches, each committed.
    Backfill,
    Concurrent,
    /// After the concurrent builds, in a transaction of its own: VALIDATE CONSTRAINT of what
    /// the main migration added NOT VALID, constraints adopting the indexes just built, SET NOT
    /// NULL behind a validated check.
    Validate,
}

/// One step of a migration: SQL forward, and the SQL that exactly undoes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    /// e.g. `table room`, written as a comment above the SQL.
    pub summary: String,
    pub up: String,
    pub down: String,
    /// Set when the up statement loses data: what is lost.
    pub loses_data: Option<String>,
    /// Set when the down statement loses data (the up created something that holds rows).
    pub down_loses_data: Option<String>,
    /// Set when the change cannot be written safely as declared: why, and what to declare.
    pub refused: Option<String>,
    /// Set when the up statement rewrites a table that holds rows: which, and why.
    pub rewrites: Option<String>,
    pub phase: Phase,
}

impl Change {
    pub fn new(kind: Kind, summary: String, up: String, down: String) -> Change {
        Change {
            kind,
            summary,
            up,
            down,
            loses_data: None,
            down_loses_data: None,
            refused: None,
            rewrites: None,
            phase: Phase::Main,
        }
    }

    pub fn losing(mut self, what: String) -> Change {
        self.loses_data = Some(what);
        self
    }

    pub fn down_losing(mut self, what: String) -> Change {
        self.down_loses_data = Some(what);
        self
    }

    pub fn in_phase(mut self, phase: Phase) -> Change {
        self.phase = phase;
        self
    }

    pub fn refusing(mut self, why: String) -> Change {
        self.refused = Some(why);
        self
    }

    pub fn rewriting(mut self, what: String) -> Change {
        self.rewrites = Some(what);
        self
    }
}

/// Ordered steps, see the module comment; `Step::*` values order the changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    // Raw SQL may depend on anything: removed first, created last.
    DropRaw,
    CreateSchema,
    CreateExtension,
    DefaultPrivileges,
    CreateEnum,
    CreateEarlyFunction,
    CreateType,
    CreateSequence,
    Rename,
    Unannotate,
    DropPublication,
    DropView,
    DropPolicy,
    DropTrigger,
    DropRawEarly,
    DropFunction,
    DropForeignKey,
    DropIndex,
    DropConstraint,
    DisownSequence,
    DropTable,
    CreateTable,
    AlterColumn,
    DropSequence,
    DropLateFunction,
    OwnSequence,
    // Citus: a table is distributed once it exists, before foreign keys tie it to others.
    Distribute,
    CreateFunction,
    CreateRawEarly,
    CreateTrigger,
    RowSecurity,
    CreatePolicy,
    CreateView,
    CreatePublication,
    RebuildEnum,
    AddConstraint,
    AddForeignKey,
    CreateIndex,
    Annotate,
    DropType,
    DropEnum,
    DropExtension,
    DropSchema,
    CreateRaw,
}

#[derive(Default)]
pub struct Plan {
    pub steps: Vec<(Step, Change)>,
    /// Objects dropped and created again (`view:v`, `function:f(int4)`, `trigger:t.name`,
    /// `policy:t.name`): their grants and comments are given again after.
    pub rebuilt: std::collections::HashSet<String>,
}

impl Plan {
    pub fn push(&mut self, step: Step, change: Change) {
        self.steps.push((step, change));
    }
}

/// A schema's tables by name: each planner looks a table up with one hash, not a scan of every
/// table (a scan per table made the diff of 2,000 tables quadratic).
pub fn tables_by_name(s: &Schema) -> HashMap<&str, &Table> {
    s.tables.iter().map(|t| (t.name.as_str(), t)).collect()
}

/// Positions of a schema's tables by name, for planners that change the tables in place.
pub fn table_positions(s: &Schema) -> HashMap<String, usize> {
    s.tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect()
}
