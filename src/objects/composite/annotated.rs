//! A composite type's comment.

use crate::objects::annotated::Annotated;
use crate::schema::model::Schema;
use crate::sql::ident::quote_qualified;

pub fn annotated(schema: &Schema, out: &mut Vec<Annotated>) {
    for c in &schema.composites {
        out.push(Annotated::with_comment(
            format!("composite:{}", c.name),
            format!("COMMENT ON TYPE {}", quote_qualified(&c.name)),
            &c.comment,
        ));
    }
}
