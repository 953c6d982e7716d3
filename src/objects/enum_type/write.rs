//! An enum as `pull` writes it under `_types.yaml`'s `enums:`: its values, and its comment when
//! it has one.

use super::EnumType;
use crate::schema::scalars::{key, list, scalar};

/// `  mood: [happy, sad]`, or with its comment `  mood: { values: [...], comment: ... }`.
pub fn entry(e: &EnumType) -> String {
    match &e.comment {
        None => format!("  {}: {}\n", key(&e.name), list(&e.values)),
        Some(c) => format!(
            "  {}: {{ values: {}, comment: {} }}\n",
            key(&e.name),
            list(&e.values),
            scalar(c)
        ),
    }
}
