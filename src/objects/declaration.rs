//! How `schema/*.sql` declares a kind's objects: which statements, taken in which round (a
//! declared schema has no order in time, so statements are taken kind by kind, each after the
//! objects it may name), where an object may be declared, whether it is declared twice, and how
//! a `-- renamed from:` line above it reaches it. Each kind gives its [`Declaration`] in the
//! registry (`registry.rs`); `schema/sql_files.rs` only runs the rounds.

use pg_query::protobuf::node::Node as N;

use crate::origin::Origin;
use crate::schema::model::Schema;

/// When a declaring statement is taken, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Round {
    /// Domains and composite types, before the YAML tables that may use them.
    Types,
    /// `ALTER DEFAULT PRIVILEGES`, which every declared object then gets.
    Defaults,
    /// Functions, procedures, views, materialized views, sequences.
    Objects,
    /// Indexes of materialized views, after the views.
    ViewIndexes,
    /// `INSTEAD OF` triggers, on the views.
    ViewTriggers,
    /// Kinds that name tables and views (publications).
    Registered,
    /// `GRANT` / `REVOKE` / `COMMENT ON` / `ALTER SEQUENCE ... OWNED BY`, on what exists by then.
    Refinements,
}

/// An object declared a second time: what it is, how to fix it, and where it was first.
pub struct Twice {
    pub object: String,
    pub hint: &'static str,
    pub first: Origin,
}

/// Why a statement may not be declared where it is: (message, fix).
pub type Misplaced = fn(&Schema, &N) -> Option<(&'static str, &'static str)>;

/// What is wrong with a declared object: (object, message, fix).
pub type Check = fn(&N, &Origin) -> Option<(String, String, &'static str)>;

/// The object a statement declares, when the schema has it already.
pub type DeclaredTwice = fn(&Schema, &N, &Origin) -> Option<Twice>;

/// What a kind lets `schema/*.sql` declare.
pub struct Declaration {
    /// The round of a statement of this kind (`None`: not one of its statements).
    pub round: fn(&N) -> Option<Round>,
    /// Why the statement may not be declared where it is (message, fix), judged on the
    /// schema declared so far: an index on a table rather than a materialized view... Such a
    /// statement is not taken.
    pub misplaced: Option<Misplaced>,
    /// What is wrong with the object whatever the catalog holds (object, message, fix),
    /// reported while the object is still declared (so what names it finds it).
    pub check: Option<Check>,
    /// The object the statement declares when `schema` has it already.
    pub twice: Option<DeclaredTwice>,
    /// Gives the object the statement just declared its previous name.
    pub renamed: Option<fn(&mut Schema, &N, String)>,
}

impl Declaration {
    /// A kind's statements, all taken in `round`'s way, with nothing more to say.
    pub const fn plain(round: fn(&N) -> Option<Round>) -> Declaration {
        Declaration {
            round,
            misplaced: None,
            check: None,
            twice: None,
            renamed: None,
        }
    }
}

/// `COMMENT ON` belongs to no kind (it refines any): taken with the refinements.
pub const COMMENTS: Declaration =
    Declaration::plain(|n| matches!(n, N::CommentStmt(_)).then_some(Round::Refinements));

/// A domain or composite type named `name` when one is declared already (they share pg_type's
/// names).
pub fn type_declared_twice(schema: &Schema, name: &str) -> Option<Twice> {
    let first = (schema.domains.iter().map(|d| (&d.name, &d.origin)))
        .chain(schema.composites.iter().map(|c| (&c.name, &c.origin)))
        .find(|(n, _)| *n == name)?;
    Some(Twice {
        object: format!("type {name}"),
        hint: "keep one declaration",
        first: first.1.clone(),
    })
}
