//! A domain's comment (domains hold no grants the model plans).

use crate::objects::annotated::Annotated;
use crate::schema::model::Schema;
use crate::sql::ident::quote_qualified;

pub fn annotated(schema: &Schema, out: &mut Vec<Annotated>) {
    for d in &schema.domains {
        out.push(Annotated::with_comment(
            format!("domain:{}", d.name),
            format!("COMMENT ON DOMAIN {}", quote_qualified(&d.name)),
            &d.comment,
        ));
    }
}
