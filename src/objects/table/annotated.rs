//! A table's grants, and the comments of its triggers and policies (the table's own comment
//! and its columns' are planned with the table).

use crate::objects::annotated::Annotated;
use crate::objects::privilege::Target;
use crate::schema::model::Schema;
use crate::sql::ident::{quote, quote_qualified};

pub fn annotated(schema: &Schema, out: &mut Vec<Annotated>) {
    for t in &schema.tables {
        out.push(Annotated::with_grants(
            format!("table:{}", t.name),
            Target::Table,
            &t.name,
            &t.grants,
        ));
        let on = |what: &str, name: &str| {
            format!(
                "COMMENT ON {what} {} ON {}",
                quote(name),
                quote_qualified(&t.name)
            )
        };
        for tr in &t.triggers {
            out.push(Annotated::with_comment(
                format!("trigger:{}.{}", t.name, tr.name),
                on("TRIGGER", &tr.name),
                &tr.comment,
            ));
        }
        for p in &t.policies {
            out.push(Annotated::with_comment(
                format!("policy:{}.{}", t.name, p.name),
                on("POLICY", &p.name),
                &p.comment,
            ));
        }
    }
}
