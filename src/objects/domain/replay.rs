//! Domains replayed onto the model: CREATE, ALTER (default, NOT NULL, constraints), RENAME and
//! DROP DOMAIN. A renamed domain is renamed in the columns that use it; a used one is not
//! dropped.

use pg_query::protobuf::{node::Node as N, ObjectType};

use super::Domain;
use crate::objects::replaying::{missing, Replayer, Step};
use crate::sql::normal::strings;

fn is_domain(t: i32) -> bool {
    ObjectType::try_from(t) == Ok(ObjectType::ObjectDomain)
}

/// Replays `node` when it is a statement about domains; `None` otherwise.
pub fn replay(r: &mut Replayer, node: &N) -> Option<Step> {
    Some(match node {
        N::CreateDomainStmt(s) => (|| -> Step {
            let d = Domain::from_statement(s, r.origin.clone())?;
            r.type_name_is_free(&d.name)?;
            r.schema.domains.push(d);
            Ok(())
        })(),
        N::AlterDomainStmt(s) => r.model_name(&strings(&s.type_name)).and_then(|name| {
            r.schema
                .domains
                .iter_mut()
                .find(|d| d.name == name)
                .ok_or_else(|| missing("domain", &name))?
                .alter(s)
                .map_err(Into::into)
        }),
        N::DropStmt(s) if is_domain(s.remove_type) => r.drop_each(s, "domain", |r, name| {
            r.refuse_if_used(name)?;
            let before = r.schema.domains.len();
            r.schema.domains.retain(|d| d.name != name);
            Ok(before != r.schema.domains.len())
        }),
        N::RenameStmt(s) if is_domain(s.rename_type) => (|| -> Step {
            let (old, new) = r.renaming(s)?;
            r.type_name_is_free(&new)?;
            let d = r
                .schema
                .domains
                .iter_mut()
                .find(|d| d.name == old)
                .ok_or_else(|| missing("domain", &old))?;
            d.name = new.clone();
            crate::objects::table::follow_type_rename(&mut r.schema.tables, &old, &new);
            Ok(())
        })(),
        _ => return None,
    })
}
