//! SQL text: quoting, rendering the model as DDL, and replaying DDL onto the model.
pub mod comment;
pub mod ident;
pub mod locks;
pub mod pipeline;
pub mod render;
pub mod replay;
pub mod statements;
