//! Publications replayed onto the model — `schema/*.sql` declarations and the migration
//! history alike (that the tables exist is validation's to say, at the declaration's line:
//! the history walk replays onto the tables a file touches only): CREATE, ALTER (ADD/DROP/SET TABLE, SET options), DROP and RENAME of a
//! publication; and what PostgreSQL does to publications by itself: a dropped table leaves the
//! publications it was in, a renamed one stays in them under its new name.

use pg_query::protobuf::{self, node::Node as N, AlterPublicationAction, ObjectType};

use super::{Publication, ALL_ACTIONS};
use crate::objects::replaying::{missing, twice, ReplayError, Step};
use crate::origin::Origin;
use crate::schema::model::Schema;
use crate::sql::normal::public_stripped as model_name;

fn is(t: i32, kind: ObjectType) -> bool {
    ObjectType::try_from(t).is_ok_and(|k| k == kind)
}

fn string(n: &protobuf::Node) -> Option<String> {
    match n.node.as_ref() {
        Some(N::String(s)) => Some(s.sval.clone()),
        Some(N::Boolean(b)) => Some(b.boolval.to_string()),
        _ => None,
    }
}

/// The tables a statement names, refusing what the model does not hold.
fn tables(name: &str, objects: &[protobuf::Node]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for o in objects {
        let Some(N::PublicationObjSpec(spec)) = o.node.as_ref() else {
            continue;
        };
        let table = spec.pubtable.as_ref().and_then(|t| {
            (t.where_clause.is_none() && t.columns.is_empty()).then_some(t.relation.as_ref())?
        });
        match table {
            Some(rv) => out.push(model_name(&rv.schemaname, &rv.relname)),
            None => {
                return Err(format!(
                    "publication {name}: row filters (WHERE), column lists and TABLES IN SCHEMA \
                     are not modelled; keep this publication under `raw:`"
                ))
            }
        }
    }
    Ok(out)
}

/// Sets the options `WITH (...)` names on `p`.
fn options(p: &mut Publication, options: &[protobuf::Node]) -> Result<(), String> {
    for o in options {
        let Some(N::DefElem(d)) = o.node.as_ref() else {
            continue;
        };
        let value = d.arg.as_deref().and_then(string);
        match d.defname.as_str() {
            "publish" => {
                let wanted: Vec<String> = value
                    .unwrap_or_default()
                    .split(',')
                    .map(|a| a.trim().to_lowercase())
                    .filter(|a| !a.is_empty())
                    .collect();
                if let Some(bad) = wanted.iter().find(|a| !ALL_ACTIONS.contains(&a.as_str())) {
                    return Err(format!("publication {}: cannot publish `{bad}`", p.name));
                }
                p.publish = ALL_ACTIONS
                    .iter()
                    .filter(|a| wanted.iter().any(|w| w == *a))
                    .map(|a| a.to_string())
                    .collect();
            }
            "publish_via_partition_root" => {
                p.via_root = value.is_none_or(|v| matches!(v.as_str(), "true" | "on" | "1"));
            }
            other => return Err(format!("publication {}: unknown option `{other}`", p.name)),
        }
    }
    Ok(())
}

fn find<'s>(schema: &'s mut Schema, name: &str) -> Result<&'s mut Publication, ReplayError> {
    schema
        .publications
        .iter_mut()
        .find(|p| p.name == name)
        .ok_or_else(|| missing("publication", name))
}

/// Replays `node` when it is about publications (or moves tables publications hold); `None`
/// when it is none of theirs. A statement about tables returns `None` after following it, so
/// the tables' own replay still runs.
pub fn replay(schema: &mut Schema, node: &N, origin: &Origin) -> Option<Step> {
    match node {
        N::CreatePublicationStmt(s) => Some((|| -> Step {
            if schema.publications.iter().any(|p| p.name == s.pubname) {
                return Err(twice("publication", &s.pubname));
            }
            let mut tables = tables(&s.pubname, &s.pubobjects)?;
            tables.sort();
            tables.dedup();
            let mut p = Publication {
                name: s.pubname.clone(),
                all_tables: s.for_all_tables,
                tables,
                publish: ALL_ACTIONS.iter().map(|a| a.to_string()).collect(),
                via_root: false,
                external: crate::origin::Hint(false),
                origin: origin.clone(),
            };
            options(&mut p, &s.options)?;
            schema.publications.push(p);
            Ok(())
        })()),
        N::AlterPublicationStmt(s) => Some((|| -> Step {
            let named = tables(&s.pubname, &s.pubobjects)?;
            // Tables added to a publication the history never created: the platform's
            // (Supabase's `supabase_realtime`), which exists before any migration.
            let adds = matches!(
                AlterPublicationAction::try_from(s.action),
                Ok(AlterPublicationAction::ApAddObjects | AlterPublicationAction::ApSetObjects)
            );
            if adds && !schema.publications.iter().any(|p| p.name == s.pubname) {
                schema.publications.push(Publication {
                    name: s.pubname.clone(),
                    all_tables: false,
                    tables: Vec::new(),
                    publish: ALL_ACTIONS.iter().map(|a| a.to_string()).collect(),
                    via_root: false,
                    external: crate::origin::Hint(true),
                    origin: origin.clone(),
                });
            }
            let p = find(schema, &s.pubname)?;
            options(p, &s.options)?;
            if s.pubobjects.is_empty() {
                return Ok(());
            }
            match AlterPublicationAction::try_from(s.action) {
                Ok(AlterPublicationAction::ApAddObjects) => p.tables.extend(named),
                Ok(AlterPublicationAction::ApDropObjects) => {
                    p.tables.retain(|t| !named.contains(t))
                }
                _ => p.tables = named,
            }
            p.tables.sort();
            p.tables.dedup();
            Ok(())
        })()),
        N::DropStmt(s) if is(s.remove_type, ObjectType::ObjectPublication) => Some((|| -> Step {
            for name in s.objects.iter().filter_map(string) {
                let before = schema.publications.len();
                schema.publications.retain(|p| p.name != name);
                if before == schema.publications.len() && !s.missing_ok {
                    return Err(missing("publication", &name));
                }
            }
            Ok(())
        })()),
        N::RenameStmt(s) if is(s.rename_type, ObjectType::ObjectPublication) => {
            Some((|| -> Step {
                let old = s.object.as_deref().and_then(string).unwrap_or_default();
                find(schema, &old)?.name = s.newname.clone();
                Ok(())
            })())
        }
        // A table dropped leaves its publications; a table renamed stays in them.
        N::DropStmt(s) if is(s.remove_type, ObjectType::ObjectTable) => {
            for o in &s.objects {
                if let Some(N::List(l)) = o.node.as_ref() {
                    let parts: Vec<String> = l.items.iter().filter_map(string).collect();
                    let name = match parts.as_slice() {
                        [t] => model_name("", t),
                        [s, t] => model_name(s, t),
                        _ => continue,
                    };
                    for p in &mut schema.publications {
                        p.tables.retain(|t| *t != name);
                    }
                }
            }
            None
        }
        N::RenameStmt(s) if is(s.rename_type, ObjectType::ObjectTable) && s.relation.is_some() => {
            let rv = s.relation.as_ref()?;
            let old = model_name(&rv.schemaname, &rv.relname);
            let new = model_name(&rv.schemaname, &s.newname);
            for p in &mut schema.publications {
                for t in p.tables.iter_mut().filter(|t| **t == old) {
                    *t = new.clone();
                }
                p.tables.sort();
            }
            None
        }
        _ => None,
    }
}
