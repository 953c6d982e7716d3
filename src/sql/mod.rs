//! SQL text: quoting and rendering the model as DDL.
pub mod ident;
pub mod render;
