//! Standalone sequences replayed onto the model: CREATE, ALTER (options, OWNED BY), RENAME and
//! DROP SEQUENCE. A sequence shares pg_class's names with tables and views.

use pg_query::protobuf::{self, node::Node as N, ObjectType};

use super::Sequence;
use crate::names::namespace_of;
use crate::objects::privilege::Target;
use crate::objects::replaying::{missing, Replayer, Step};

fn is_sequence(t: i32) -> bool {
    ObjectType::try_from(t) == Ok(ObjectType::ObjectSequence)
}

/// Replays `node` when it is a statement about sequences; `None` otherwise.
pub fn replay(r: &mut Replayer, node: &N) -> Option<Step> {
    Some(match node {
        N::CreateSeqStmt(s) => create(r, s),
        N::AlterSeqStmt(s) => alter(r, s),
        N::DropStmt(s) if is_sequence(s.remove_type) => r.drop_each(s, "sequence", |r, name| {
            let before = r.schema.sequences.len();
            r.schema.sequences.retain(|q| q.name != name);
            Ok(before != r.schema.sequences.len())
        }),
        N::RenameStmt(s) if is_sequence(s.rename_type) => (|| -> Step {
            let (old, new) = r.renaming(s)?;
            r.name_is_free(&new)?;
            let q = r
                .schema
                .sequences
                .iter_mut()
                .find(|q| q.name == old)
                .ok_or_else(|| missing("sequence", &old))?;
            q.name = new;
            Ok(())
        })(),
        _ => return None,
    })
}

fn create(r: &mut Replayer, s: &protobuf::CreateSeqStmt) -> Step {
    let mut seq = Sequence::from_statement(s, r.origin.clone())?;
    if s.if_not_exists && r.schema.sequences.iter().any(|q| q.name == seq.name) {
        return Ok(());
    }
    r.name_is_free(&seq.name)?;
    check_owner(r, &seq)?;
    seq.grants = r.created_grants(Target::Sequence, &seq.name);
    r.schema.sequences.push(seq);
    Ok(())
}

fn alter(r: &mut Replayer, s: &protobuf::AlterSeqStmt) -> Step {
    let name = r.relation_name(s.sequence.as_ref())?;
    let Some(i) = r.schema.sequences.iter().position(|q| q.name == name) else {
        return if s.missing_ok {
            Ok(())
        } else {
            Err(missing("sequence", &name))
        };
    };
    let mut seq = r.schema.sequences[i].clone();
    seq.apply_options(&s.options, false)?;
    check_owner(r, &seq)?;
    r.schema.sequences[i] = seq;
    Ok(())
}

/// OWNED BY names a column of a table that exists, in the sequence's own schema.
fn check_owner(r: &Replayer, seq: &Sequence) -> Step {
    if let Some((t, c)) = &seq.owned_by {
        let table = r
            .schema
            .table(t)
            .ok_or_else(|| format!("OWNED BY names table `{t}`, which does not exist"))?;
        if table.column(c).is_none() {
            return Err(format!("OWNED BY names column `{t}.{c}`, which does not exist").into());
        }
        if namespace_of(t) != namespace_of(&seq.name) {
            return Err(format!(
                "sequence `{}` cannot be owned by `{t}.{c}`: a sequence must be in the schema \
                 of the table that owns it",
                seq.name
            )
            .into());
        }
    }
    Ok(())
}
