//! A function's (or procedure's) grants and comment, named with its argument types.

use crate::objects::annotated::Annotated;
use crate::objects::privilege::Target;
use crate::schema::model::Schema;
use crate::sql::ident::quote_qualified;

pub fn annotated(schema: &Schema, out: &mut Vec<Annotated>) {
    for f in &schema.functions {
        let keyword = if f.procedure { "PROCEDURE" } else { "FUNCTION" };
        let name = format!("{}({})", quote_qualified(&f.name), f.args.join(", "));
        out.push(Annotated {
            id: format!("function:{}", f.identity()),
            grants: Some((
                Target::Function,
                f.name.clone(),
                format!("{keyword} {name}"),
                f.grants.clone(),
            )),
            comment: Some((format!("COMMENT ON {keyword} {name}"), f.comment.clone())),
        });
    }
}
