//! The `.sql` files of `schema/`: code objects and privileges, written as the SQL people already
//! write, read with PostgreSQL's parser into the same model as the YAML, through the same
//! replay that reads the migration history (so a statement means the same thing in both).
//!
//! A declared schema has no order in time, so the statements are taken in rounds
//! (`objects::declaration::Round`): types (domains, composite types) before the YAML tables
//! that may use them; then default privileges, which every declared object gets; then the
//! objects (functions, views, materialized views, sequences), the indexes and triggers of
//! views, the kinds that name tables (publications), and last the GRANT / REVOKE / COMMENT /
//! `ALTER SEQUENCE ... OWNED BY` statements that refer to them, each round in file order. Which
//! statement is whose, in which round, and what is checked of it, each kind says in the
//! registry (`objects::registry`, `objects/<kind>/declare.rs`); this file runs the rounds.

use pg_query::protobuf::node::Node as N;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::model::{namespace_of, Schema};
use crate::objects::declaration::{Declaration, Round, Twice};
use crate::objects::privilege::{defaults_for, Target};
use crate::sql::replay::{parse_statements, History, Statement};

/// Every statement of the `.sql` sources, file by file (an unparseable file is reported and
/// left out), with the rename each one declares.
pub fn parse(sources: &[(String, String)], diags: &mut Diagnostics) -> Vec<Statement> {
    let mut out = Vec::new();
    for (file, text) in sources.iter().filter(|(f, _)| f.ends_with(".sql")) {
        match parse_statements(file, text) {
            Ok(s) => out.extend(s),
            Err(d) => diags.0.push(d),
        }
    }
    out
}

/// `-- renamed from: old_name` in the comment lines right above line `line` of `text`: the
/// object the statement there declares had that name (the next migration renames it).
pub fn renamed_from(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    for l in lines[..line.saturating_sub(1).min(lines.len())]
        .iter()
        .rev()
    {
        let Some(comment) = l.trim().strip_prefix("--") else {
            break;
        };
        let comment = comment.trim();
        let lower = comment.to_lowercase();
        for prefix in ["renamed from:", "renamed_from:"] {
            if lower.starts_with(prefix) {
                let old = comment[prefix.len()..].trim();
                return (!old.is_empty()).then(|| old.to_string());
            }
        }
    }
    None
}

/// Round one: the types the YAML columns may use (domains, composite types), declared onto
/// an empty schema, which is returned. Reported here: a statement no kind declares.
pub fn declared_types(
    statements: &[Statement],
    sources: &[(String, String)],
    diags: &mut Diagnostics,
) -> Schema {
    let declared = declarations(statements);
    // Reported once, here: `declare_with_text` takes the same statements.
    for (st, _) in declared.iter().filter(|(_, d)| d.is_none()) {
        diags.error_with_hint(
            &st.origin,
            "",
            "this statement cannot be declared in schema/*.sql",
            format!(
                "schema/*.sql holds {ALLOWED}; declare tables, enums and their indexes in the YAML \
                 files"
            ),
        );
    }
    let mut history = History::new(Schema::default());
    take_round(&mut history, &declared, Round::Types, sources, diags);
    history.schema
}

/// What may be written in `schema/*.sql`, for error messages.
const ALLOWED: &str =
    "CREATE FUNCTION / PROCEDURE / VIEW / MATERIALIZED VIEW / SEQUENCE / DOMAIN / \
     TYPE ... AS (...), CREATE INDEX on a materialized view, CREATE TRIGGER on a view, GRANT, \
     REVOKE, ALTER DEFAULT \
     PRIVILEGES, COMMENT ON and ALTER SEQUENCE ... OWNED BY";

/// The rounds after the types onto `schema` (its YAML tables and the declared types already
/// in), with the files' text to read `-- renamed from:` directives from.
pub fn declare_with_text(
    statements: &[Statement],
    sources: &[(String, String)],
    diags: &mut Diagnostics,
    schema: &mut Schema,
) {
    let mut history = History::new(std::mem::take(schema));
    // A statement no kind declares was reported with the types (`declared_types`).
    let declared = declarations(statements);
    take_round(&mut history, &declared, Round::Defaults, sources, diags);
    // Every declared table and schema gets the default privileges (functions, views and
    // sequences get them as the replay creates them below).
    let defaults = history.schema.default_privileges.clone();
    for t in &mut history.schema.tables {
        let declared = std::mem::take(&mut t.grants);
        t.grants = defaults_for(&defaults, Target::Table, namespace_of(&t.name), &t.name);
        for g in declared {
            let action = crate::objects::privilege::Action {
                grant: true,
                grantee: g.grantee,
                privilege: g.privilege,
                option: g.grantable,
            };
            crate::objects::privilege::apply(&mut t.grants, &[], &action);
        }
    }
    for n in &mut history.schema.schemas {
        n.grants = defaults_for(&defaults, Target::Schema, None, &n.name);
    }
    // Round one (types) was taken before the YAML tables were built (`declared_types`).
    for round in [
        Round::Objects,
        Round::ViewIndexes,
        Round::ViewTriggers,
        Round::Registered,
        Round::Refinements,
    ] {
        take_round(&mut history, &declared, round, sources, diags);
    }
    *schema = history.schema;
}

/// A statement with the kind that declares it and its round (`None`: no kind declares it).
type Declared<'s> = (&'s Statement, Option<(&'static Declaration, Round)>);

/// Each statement with the kind that declares it.
fn declarations(statements: &[Statement]) -> Vec<Declared<'_>> {
    statements
        .iter()
        .map(|st| (st, crate::objects::registry::declaration(&st.node)))
        .collect()
}

/// Takes the statements of `round`, in file order: each is judged by its kind's declaration
/// (misplaced, wrong, declared twice), replayed onto the schema, and given its previous name.
fn take_round(
    history: &mut History,
    declared: &[Declared],
    round: Round,
    sources: &[(String, String)],
    diags: &mut Diagnostics,
) {
    let in_round = declared
        .iter()
        .filter_map(|(st, d)| d.filter(|(_, r)| *r == round).map(|(d, _)| (*st, d)));
    for (st, d) in in_round {
        if let Some((message, hint)) = d.misplaced.and_then(|m| m(&history.schema, &st.node)) {
            diags.error_with_hint(&st.origin, "", message, hint);
            continue;
        }
        if let Some((object, why, hint)) = d.check.and_then(|c| c(&st.node, &st.origin)) {
            diags.error_with_hint(&st.origin, object, why, hint);
        }
        let twice = d
            .twice
            .and_then(|t| t(&history.schema, &st.node, &st.origin));
        if let Some(Twice {
            object,
            hint,
            first,
        }) = twice
        {
            diags.error_with_hint(
                &st.origin,
                object,
                format!("is declared twice (also at {first})"),
                hint,
            );
            continue;
        }
        if !grantees_declared(&history.schema, st, diags) {
            continue;
        }
        if let Err(d) = history.apply(std::slice::from_ref(st)) {
            diags.0.push(Diagnostic {
                hint: Some(format!(
                    "schema/*.sql declares objects with {ALLOWED}; fix this statement"
                )),
                ..d
            });
            continue;
        }
        let text = sources
            .iter()
            .find(|(f, _)| **f == *st.origin.file)
            .map(|(_, t)| t);
        if let (Some(renamed), Some(old)) = (
            d.renamed,
            text.and_then(|t| renamed_from(t, st.origin.line)),
        ) {
            renamed(&mut history.schema, &st.node, old);
        }
    }
}

/// Whether every role a GRANT / REVOKE / ALTER DEFAULT PRIVILEGES names is declared under
/// `roles:`; each one that is not is an error at the statement.
fn grantees_declared(schema: &Schema, st: &Statement, diags: &mut Diagnostics) -> bool {
    let grant = match &st.node {
        N::GrantStmt(s) => s,
        N::AlterDefaultPrivilegesStmt(s) => match &s.action {
            Some(a) => a,
            None => return true,
        },
        _ => return true,
    };
    let Ok((_, actions)) = crate::objects::privilege::actions(grant) else {
        return true; // the replay says what is wrong with it
    };
    let mut ok = true;
    let mut seen = std::collections::HashSet::new();
    for a in actions {
        let known = a.grantee == "public" || schema.roles.iter().any(|r| r.name == a.grantee);
        if !known && seen.insert(a.grantee.clone()) {
            ok = false;
            diags.error_with_hint(
                &st.origin,
                format!("role {}", a.grantee),
                format!(
                    "is not declared{}",
                    super::suggest::closest(
                        &a.grantee,
                        schema.roles.iter().map(|r| r.name.as_str())
                    )
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default()
                ),
                format!(
                    "add `roles: [{}]` to a schema YAML file: roles belong to the server, are \
                     declared, never created by a migration",
                    a.grantee
                ),
            );
        }
    }
    ok
}

/// Declares the `.sql` file `file` alone onto `schema` (types included): for tests and tools
/// that build a schema from one file.
pub fn declare_file(file: &str, text: &str, diags: &mut Diagnostics, schema: &mut Schema) {
    let sources = [(file.to_string(), text.to_string())];
    let statements = parse(&sources, diags);
    let types = declared_types(&statements, &sources, diags);
    schema.domains.extend(types.domains);
    schema.composites.extend(types.composites);
    declare_with_text(&statements, &sources, diags, schema);
}
