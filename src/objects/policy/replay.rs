//! Policies replayed onto the model: CREATE, ALTER, RENAME and DROP POLICY, on a table of the
//! history or of the platform's (`auth.users`, added as an external table when first named).

use pg_query::protobuf::{node::Node as N, ObjectType};

use super::Policy;
use crate::objects::replaying::{named_mut, twice_on, ReplayError, Replayer, Step};
use crate::schema::model::Table;

fn is_policy(t: i32) -> bool {
    ObjectType::try_from(t) == Ok(ObjectType::ObjectPolicy)
}

/// Replays `node` when it is a statement about policies; `None` otherwise.
pub fn replay(r: &mut Replayer, node: &N) -> Option<Step> {
    Some(match node {
        N::CreatePolicyStmt(s) => (|| -> Step {
            let table = r.table_name_or_platform(s.table.as_ref())?;
            let policy = Policy::from_statement(s, r.origin.clone())?;
            let t = r.table_or_platform_mut(&table)?;
            if t.policies.iter().any(|p| p.name == policy.name) {
                return Err(twice_on("policy", policy.name, &table));
            }
            t.policies.push(policy);
            Ok(())
        })(),
        N::AlterPolicyStmt(s) => (|| -> Step {
            let table = r.relation_name(s.table.as_ref())?;
            Ok(policy_mut(r.table_mut(&table)?, &s.policy_name)?.alter(s)?)
        })(),
        N::DropStmt(s) if is_policy(s.remove_type) => {
            r.drop_table_objects(s, "policy", |t, name| {
                let before = t.policies.len();
                t.policies.retain(|p| p.name != name);
                t.policies.len() != before
            })
        }
        N::RenameStmt(s) if is_policy(s.rename_type) => (|| -> Step {
            let table = r.relation_name(s.relation.as_ref())?;
            policy_mut(r.table_mut(&table)?, &s.subname)?.name = s.newname.clone();
            Ok(())
        })(),
        _ => return None,
    })
}

fn policy_mut<'t>(table: &'t mut Table, name: &str) -> Result<&'t mut Policy, ReplayError> {
    named_mut(
        &mut table.policies,
        |p| &p.name,
        name,
        "policy",
        &table.name,
    )
}
