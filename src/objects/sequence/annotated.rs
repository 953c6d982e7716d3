//! A sequence's grants and comment.

use crate::objects::annotated::Annotated;
use crate::objects::privilege::Target;
use crate::schema::model::Schema;
use crate::sql::ident::quote_qualified;

pub fn annotated(schema: &Schema, out: &mut Vec<Annotated>) {
    for q in &schema.sequences {
        let mut a = Annotated::with_grants(
            format!("sequence:{}", q.name),
            Target::Sequence,
            &q.name,
            &q.grants,
        );
        a.comment = Some((
            format!("COMMENT ON SEQUENCE {}", quote_qualified(&q.name)),
            q.comment.clone(),
        ));
        out.push(a);
    }
}
