//! The `.sql` files of `schema/`: code objects and privileges, written as the SQL people already
//! write, read with PostgreSQL's parser into the same model as the YAML, through the same
//! replay that reads the migration history (so a statement means the same thing in both).
//!
//! A declared schema has no order in time, so the statements are taken in three rounds:
//! types (domains, composite types) before the YAML tables that may use them; then default
//! privileges, which every declared object gets; then the objects (functions, views,
//! materialized views and their indexes, sequences), and last the GRANT / REVOKE / COMMENT /
//! `ALTER SEQUENCE ... OWNED BY` statements that refer to them, in file order.

use pg_query::protobuf::node::Node as N;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::model::{namespace_of, Schema};
use crate::objects::composite::Composite;
use crate::objects::domain::Domain;
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

/// Round one: the domains and composite types, which YAML columns may use.
pub fn declared_types(
    statements: &[Statement],
    sources: &[(String, String)],
    diags: &mut Diagnostics,
) -> (Vec<Domain>, Vec<Composite>) {
    let hint = |st: &Statement| {
        let text = sources
            .iter()
            .find(|(f, _)| **f == *st.origin.file)
            .map(|(_, t)| t);
        super::model::Hint(text.and_then(|t| renamed_from(t, st.origin.line)))
    };
    let mut domains: Vec<Domain> = Vec::new();
    let mut composites: Vec<Composite> = Vec::new();
    for st in statements {
        let read = match &st.node {
            N::CreateDomainStmt(s) => Domain::from_statement(s, st.origin.clone()).map(|mut d| {
                let name = d.name.clone();
                d.renamed_from = hint(st);
                domains.push(d);
                name
            }),
            N::CompositeTypeStmt(s) => {
                Composite::from_statement(s, st.origin.clone()).map(|mut c| {
                    let name = c.name.clone();
                    c.renamed_from = hint(st);
                    composites.push(c);
                    name
                })
            }
            _ => continue,
        };
        match read {
            Ok(name) => {
                let count = domains.iter().filter(|d| d.name == name).count()
                    + composites.iter().filter(|c| c.name == name).count();
                if count > 1 {
                    diags.error_with_hint(
                        &st.origin,
                        format!("type {name}"),
                        "is declared twice",
                        "keep one declaration",
                    );
                }
            }
            Err(why) => diags.error(&st.origin, "", why),
        }
    }
    (domains, composites)
}

/// What may be written in `schema/*.sql`, for error messages.
const ALLOWED: &str =
    "CREATE FUNCTION / PROCEDURE / VIEW / MATERIALIZED VIEW / SEQUENCE / DOMAIN / \
     TYPE ... AS (...), CREATE INDEX on a materialized view, CREATE TRIGGER on a view, GRANT, \
     REVOKE, ALTER DEFAULT \
     PRIVILEGES, COMMENT ON and ALTER SEQUENCE ... OWNED BY";

enum Round {
    Types,
    Defaults,
    Objects,
    /// `CREATE TRIGGER ... INSTEAD OF ... ON view`: after the views.
    ViewTriggers,
    /// The registry's kinds (`objects::registry`): after the tables and views they name.
    Registered,
    Refinements,
}

fn round(node: &N) -> Option<Round> {
    Some(match node {
        N::CreateDomainStmt(_) | N::CompositeTypeStmt(_) => Round::Types,
        N::AlterDefaultPrivilegesStmt(_) => Round::Defaults,
        N::CreateFunctionStmt(_)
        | N::ViewStmt(_)
        | N::CreateSeqStmt(_)
        | N::IndexStmt(_)
        | N::CreateTableAsStmt(_) => Round::Objects,
        N::CreateTrigStmt(_) => Round::ViewTriggers,
        N::GrantStmt(_) | N::CommentStmt(_) | N::AlterSeqStmt(_) => Round::Refinements,
        // The registered kinds (publications...): after the tables and views they name.
        n if crate::objects::registry::declares(n) => Round::Registered,
        _ => return None,
    })
}

/// Rounds two and three onto `schema` (its YAML tables and the types of round one already in).
pub fn declare(statements: &[Statement], diags: &mut Diagnostics, schema: &mut Schema) {
    declare_with_text(statements, &[], diags, schema)
}

/// [`declare`], with the files' text to read `-- renamed from:` directives from.
pub fn declare_with_text(
    statements: &[Statement],
    sources: &[(String, String)],
    diags: &mut Diagnostics,
    schema: &mut Schema,
) {
    let mut history = History::new(std::mem::take(schema));
    let apply = |history: &mut History, st: &Statement, diags: &mut Diagnostics| {
        if !grantees_declared(&history.schema, st, diags) {
            return;
        }
        if let Err(d) = history.apply(std::slice::from_ref(st)) {
            diags.0.push(Diagnostic {
                hint: Some(format!(
                    "schema/*.sql declares objects with {ALLOWED}; fix this statement"
                )),
                ..d
            });
        }
    };
    for st in statements {
        match round(&st.node) {
            None => diags.error_with_hint(
                &st.origin,
                "",
                "this statement cannot be declared in schema/*.sql",
                format!(
                    "schema/*.sql holds {ALLOWED}; declare tables, enums and their indexes in \
                     the YAML files"
                ),
            ),
            Some(Round::Defaults) => apply(&mut history, st, diags),
            _ => {}
        }
    }
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
    for st in statements {
        if let N::CreateFunctionStmt(stmt) = &st.node {
            if let Ok(f) =
                crate::objects::function::Function::from_statement(stmt, st.origin.clone())
            {
                if let Err(why) = crate::objects::function::check_body(&f.definition, stmt) {
                    diags.error_with_hint(
                        &st.origin,
                        format!("function {}", f.identity()),
                        why,
                        "fix the body; PostgreSQL would reject it when the migration runs",
                    );
                }
            }
        }
        let object =
            matches!(round(&st.node), Some(Round::Objects)) && !matches!(st.node, N::IndexStmt(_));
        if object && !declared_twice(&history.schema, st, diags) {
            apply(&mut history, st, diags);
            let text = sources
                .iter()
                .find(|(f, _)| **f == *st.origin.file)
                .map(|(_, t)| t);
            if let Some(old) = text.and_then(|t| renamed_from(t, st.origin.line)) {
                mark_renamed(&mut history.schema, st, old);
            }
        }
    }
    // Indexes after the materialized views they belong to.
    for st in statements {
        let N::IndexStmt(s) = &st.node else { continue };
        let on_matview = s.relation.as_ref().is_some_and(|r| {
            let name = crate::sql::replay::public_stripped(&r.schemaname, &r.relname);
            history
                .schema
                .views
                .iter()
                .any(|v| v.materialized && v.name == name)
        });
        if on_matview {
            apply(&mut history, st, diags);
        } else {
            diags.error_with_hint(
                &st.origin,
                "",
                "only indexes of materialized views are declared in schema/*.sql",
                "declare a table's indexes under `indexes:` in its YAML",
            );
        }
    }
    // Triggers on views (a table's triggers are declared in its YAML).
    for st in statements {
        let N::CreateTrigStmt(s) = &st.node else {
            continue;
        };
        let on_view = s.relation.as_ref().is_some_and(|r| {
            let name = crate::sql::replay::public_stripped(&r.schemaname, &r.relname);
            history.schema.views.iter().any(|v| v.name == name)
        });
        if on_view {
            apply(&mut history, st, diags);
        } else {
            diags.error_with_hint(
                &st.origin,
                "",
                "only triggers on views are declared in schema/*.sql",
                "declare a table's triggers under `triggers:` in its YAML",
            );
        }
    }
    // The registered kinds (publications...), once the tables and views they name exist.
    for st in statements {
        if matches!(round(&st.node), Some(Round::Registered)) {
            apply(&mut history, st, diags);
        }
    }
    for st in statements {
        if matches!(round(&st.node), Some(Round::Refinements)) {
            apply(&mut history, st, diags);
        }
    }
    *schema = history.schema;
}

/// Sets the rename hint of the object `st` created (the last of its kind).
fn mark_renamed(schema: &mut Schema, st: &Statement, old: String) {
    let hint = super::model::Hint(Some(old));
    match &st.node {
        N::CreateFunctionStmt(_) => {
            if let Some(f) = schema.functions.last_mut() {
                f.renamed_from = hint;
            }
        }
        N::ViewStmt(_) | N::CreateTableAsStmt(_) => {
            if let Some(v) = schema.views.last_mut() {
                v.renamed_from = hint;
            }
        }
        N::CreateSeqStmt(_) => {
            if let Some(q) = schema.sequences.last_mut() {
                q.renamed_from = hint;
            }
        }
        _ => {}
    }
}

/// Whether `st` declares an object already declared (an error naming both places).
fn declared_twice(schema: &Schema, st: &Statement, diags: &mut Diagnostics) -> bool {
    use crate::objects::{function::Function, sequence::Sequence, view::View};
    let (object, hint, previous) = match &st.node {
        N::CreateFunctionStmt(s) => {
            let Ok(f) = Function::from_statement(s, st.origin.clone()) else {
                return false;
            };
            let prev = schema
                .functions
                .iter()
                .find(|x| x.identity() == f.identity());
            (
                format!("function {}", f.identity()),
                "keep one definition; an overload needs different argument types",
                prev.map(|x| x.origin.clone()),
            )
        }
        N::ViewStmt(s) => {
            let Ok(v) = View::from_statement(s, st.origin.clone()) else {
                return false;
            };
            let prev = schema.views.iter().find(|x| x.name == v.name);
            (
                format!("view {}", v.name),
                "keep one definition",
                prev.map(|x| x.origin.clone()),
            )
        }
        N::CreateTableAsStmt(s) => {
            let Ok(v) = View::from_matview(s, st.origin.clone()) else {
                return false;
            };
            let prev = schema.views.iter().find(|x| x.name == v.name);
            (
                format!("materialized view {}", v.name),
                "keep one definition",
                prev.map(|x| x.origin.clone()),
            )
        }
        N::CreateSeqStmt(s) => {
            let Ok(q) = Sequence::from_statement(s, st.origin.clone()) else {
                return false;
            };
            let prev = schema.sequences.iter().find(|x| x.name == q.name);
            (
                format!("sequence {}", q.name),
                "keep one definition",
                prev.map(|x| x.origin.clone()),
            )
        }
        _ => return false,
    };
    match previous {
        Some(prev) => {
            diags.error_with_hint(
                &st.origin,
                object,
                format!("is declared twice (also at {prev})"),
                hint,
            );
            true
        }
        None => false,
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
    let (domains, composites) = declared_types(&statements, &sources, diags);
    schema.domains.extend(domains);
    schema.composites.extend(composites);
    declare_with_text(&statements, &sources, diags, schema);
}
