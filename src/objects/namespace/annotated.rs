//! The grants of each schema the model creates, and of `public` (which it does not).

use crate::objects::annotated::Annotated;
use crate::objects::privilege::Target;
use crate::schema::model::Schema;

pub fn annotated(schema: &Schema, out: &mut Vec<Annotated>) {
    for n in &schema.schemas {
        out.push(Annotated::with_grants(
            format!("schema:{}", n.name),
            Target::Schema,
            &n.name,
            &n.grants,
        ));
    }
    out.push(Annotated::with_grants(
        "schema:public".into(),
        Target::Schema,
        "public",
        &schema.public_grants,
    ));
}
