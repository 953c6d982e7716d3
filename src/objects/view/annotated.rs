//! A view's grants and comment, and the comments of its (INSTEAD OF) triggers.

use crate::objects::annotated::Annotated;
use crate::objects::privilege::Target;
use crate::schema::model::Schema;
use crate::sql::ident::{quote, quote_qualified};

pub fn annotated(schema: &Schema, out: &mut Vec<Annotated>) {
    for v in &schema.views {
        for tr in &v.triggers {
            out.push(Annotated::with_comment(
                format!("trigger:{}.{}", v.name, tr.name),
                format!(
                    "COMMENT ON TRIGGER {} ON {}",
                    quote(&tr.name),
                    quote_qualified(&v.name)
                ),
                &tr.comment,
            ));
        }
        let mut a = Annotated::with_grants(
            format!("view:{}", v.name),
            Target::Table,
            &v.name,
            &v.grants,
        );
        a.comment = Some((
            format!("COMMENT ON {} {}", v.keyword(), quote_qualified(&v.name)),
            v.comment.clone(),
        ));
        out.push(a);
    }
}
