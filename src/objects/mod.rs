//! Every object kind, one folder each: its model, how it is read from SQL,
//! identified, created, replaced and dropped (`mod.rs`), how two schemas' objects of the kind
//! become changes (`diff.rs`), and, for the kinds a live database is read for by a query of
//! their own, that query (`read.rs`). `registry.rs` lists the kinds, once; `keyed.rs` is what
//! their planners share.

pub mod annotated;
pub mod column_types;
pub mod composite;
pub mod declaration;
pub mod distribution;
pub mod domain;
pub mod enum_type;
pub mod extension;
pub mod function;
pub mod keyed;
pub mod namespace;
pub mod partition;
pub mod policy;
pub mod privilege;
pub mod publication;
pub mod raw;
pub mod registry;
pub mod renaming;
pub mod replaying;
pub mod sequence;
pub mod table;
pub mod trigger;
pub mod view;
