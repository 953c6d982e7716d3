//! One walk over the migrations directory that every migration rule reads: each up file is
//! parsed and replayed in order (as `generate` does), and for each step we keep what the rules
//! need — what was there before, what its statements did, whether its down file undoes it.

use std::collections::HashSet;
use std::path::Path;

use pg_query::protobuf::{node::Node as N, AlterTableType, ObjectType};

use crate::diff::{diff, Options};
use crate::migrations::{self, MigrationFile};
use crate::schema::diagnostic::Diagnostic;
use crate::schema::model::{EnumType, Origin, Schema};
use crate::sql::replay::{parse_statements, History, Statement};

/// What one migration did.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Step {
    pub file: MigrationFile,
    /// CREATE INDEX without CONCURRENTLY on a table that existed before: (where, table, index).
    pub blocking_indexes: Vec<(Origin, String, String)>,
    /// Data-losing statements: (where, what).
    pub destructive: Vec<(Origin, String)>,
    /// Whether the file carries `-- hotelschema:allow-destructive`.
    pub acknowledged: bool,
    /// Why replaying up then down does not give back the schema before it.
    pub irreversible: Option<String>,
    /// Identifiers over 63 bytes, which PostgreSQL (and so the replay) silently truncates.
    pub long_identifiers: Vec<(Origin, String)>,
}

pub struct Walk {
    pub files: Vec<MigrationFile>,
    /// Pairs of files with the same version (the second is not replayed).
    pub duplicates: Vec<(MigrationFile, MigrationFile)>,
    pub steps: Vec<Step>,
    /// Files that cannot be parsed or followed; the replay stops at the first.
    pub unreadable: Vec<Diagnostic>,
    /// The schema the whole history produces, when it could be replayed to the end.
    pub schema: Option<Schema>,
}

/// The steps and the schema of a history's prefix, as the cache keeps them.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Walked {
    steps: Vec<Step>,
    schema: Schema,
}

pub fn walk(dir: &Path) -> anyhow::Result<Walk> {
    let files = migrations::scan(dir)?;
    let mut walk = Walk {
        files: files.clone(),
        duplicates: Vec::new(),
        steps: Vec::new(),
        unreadable: Vec::new(),
        schema: None,
    };
    let mut replayed: Vec<&MigrationFile> = Vec::new();
    for f in &files {
        match replayed.last() {
            Some(p) if p.version == f.version => walk.duplicates.push(((*p).clone(), f.clone())),
            _ => replayed.push(f),
        }
    }
    // Every text is read first: the cache key of a prefix is made of them.
    let mut texts: Vec<[String; 4]> = Vec::new();
    for f in &replayed {
        let (down_path, down) = match &f.down {
            Some(p) => (p.display().to_string(), crate::text_file::read(p)?),
            None => Default::default(),
        };
        texts.push([
            f.up.display().to_string(),
            crate::text_file::read(&f.up)?,
            down_path,
            down,
        ]);
    }
    let borrowed: Vec<[&str; 4]> = texts
        .iter()
        .map(|[a, b, c, d]| [a.as_str(), b.as_str(), c.as_str(), d.as_str()])
        .collect();
    let keys = crate::cache::prefix_keys("walk", borrowed.iter().map(|t| &t[..]));
    let (done, Walked { steps, schema }) = crate::cache::longest_prefix(&keys).unwrap_or_default();
    walk.steps = steps;
    let mut history = History::new(schema);
    for (f, [up_path, sql, down_path, down_sql]) in replayed.iter().zip(&texts).skip(done) {
        let statements = match parse_statements(up_path, sql) {
            Ok(s) => s,
            Err(d) => {
                walk.unreadable.push(d);
                return Ok(walk);
            }
        };
        let down = f
            .down
            .as_ref()
            .map(|_| parse_statements(down_path, down_sql));
        // Only the tables this migration touches are compared before and after, so a long
        // history costs a little per step, not a copy of the whole schema.
        let up_touched = history.tables_touched(&statements);
        let enums_before = history.schema.enums.clone();
        let before = project(&history.schema, &up_touched);
        let mut step = Step {
            file: (*f).clone(),
            blocking_indexes: blocking_indexes(&statements, &history),
            destructive: destructive_statements(&statements),
            acknowledged: migrations::has_marker(sql, migrations::DESTRUCTIVE_MARKER),
            irreversible: None,
            long_identifiers: long_identifiers(up_path, sql),
        };
        if let Err(d) = history.apply(&statements) {
            walk.unreadable.push(d);
            return Ok(walk);
        }
        step.destructive
            .extend(removed_enum_values(&enums_before, &history.schema, f));
        if let Some(parsed) = down {
            step.irreversible = match parsed {
                Err(d) => Some(format!("its down file cannot be parsed: {d}")),
                Ok(down_statements) => {
                    let down_touched = history.tables_touched(&down_statements);
                    let before =
                        with_untouched(before, &up_touched, &down_touched, &history.schema);
                    let all: HashSet<String> = up_touched.union(&down_touched).cloned().collect();
                    reversal_problem(&before, &project(&history.schema, &all), &down_statements)
                }
            };
        }
        walk.steps.push(step);
    }
    let walked = Walked {
        steps: walk.steps,
        schema: history.schema,
    };
    if done < replayed.len() {
        crate::cache::put(&keys[replayed.len() - 1], &walked);
    }
    walk.steps = walked.steps;
    walk.schema = Some(walked.schema);
    Ok(walk)
}

/// Identifier tokens longer than PostgreSQL keeps, read from the text itself (the parser has
/// already truncated them).
fn long_identifiers(file: &str, sql: &str) -> Vec<(Origin, String)> {
    let Ok(tokens) = pg_query::scan_tokens(sql) else {
        return Vec::new();
    };
    let lines = crate::sql::replay::LineIndex::new(sql);
    tokens
        .iter()
        .filter(|t| t.token == pg_query::protobuf::Token::Ident as i32)
        .filter_map(|t| {
            let text = &sql[t.start as usize..t.end as usize];
            let name = text.trim_matches('"');
            (name.len() > crate::schema::validate::MAX_IDENTIFIER_BYTES).then(|| {
                let line = lines.line_of(sql, t.start as usize);
                (
                    Origin {
                        file: file.to_string(),
                        line,
                    },
                    name.to_string(),
                )
            })
        })
        .collect()
}

fn blocking_indexes(statements: &[Statement], before: &History) -> Vec<(Origin, String, String)> {
    statements
        .iter()
        .filter_map(|st| match &st.node {
            N::IndexStmt(s) if !s.concurrent => {
                let table = crate::sql::replay::loose_relation(s.relation.as_ref()?);
                before
                    .has_table(&table)
                    .then(|| (st.origin.clone(), table, s.idxname.clone()))
            }
            _ => None,
        })
        .collect()
}

fn destructive_statements(statements: &[Statement]) -> Vec<(Origin, String)> {
    let mut out = Vec::new();
    for st in statements {
        match &st.node {
            N::DropStmt(s) => {
                let kind = match ObjectType::try_from(s.remove_type) {
                    Ok(ObjectType::ObjectTable) => "DROP TABLE",
                    Ok(ObjectType::ObjectType) => "DROP TYPE",
                    _ => continue,
                };
                out.push((st.origin.clone(), kind.to_string()));
            }
            N::AlterTableStmt(s) => {
                for cmd in &s.cmds {
                    if let Some(N::AlterTableCmd(c)) = cmd.node.as_ref() {
                        if c.subtype == AlterTableType::AtDropColumn as i32 {
                            out.push((st.origin.clone(), format!("DROP COLUMN {}", c.name)));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `schema` reduced to the tables named in `tables` (extensions and enums are kept whole:
/// they are few, and a table's columns need them).
fn project(schema: &Schema, tables: &HashSet<String>) -> Schema {
    Schema {
        schemas: schema.schemas.clone(),
        extensions: schema.extensions.clone(),
        enums: schema.enums.clone(),
        tables: schema
            .tables
            .iter()
            .filter(|t| tables.contains(&t.name))
            .cloned()
            .collect(),
        functions: schema.functions.clone(),
        roles: schema.roles.clone(),
        views: schema.views.clone(),
        sequences: schema.sequences.clone(),
        domains: schema.domains.clone(),
        composites: schema.composites.clone(),
        public_grants: schema.public_grants.clone(),
        default_privileges: schema.default_privileges.clone(),
    }
}

/// Adds to `before` the tables of `more` that the up file did not touch: it left them as they
/// were, so the schema after it holds them as they were before.
fn with_untouched(
    mut before: Schema,
    up_touched: &HashSet<String>,
    more: &HashSet<String>,
    after: &Schema,
) -> Schema {
    for t in &after.tables {
        if more.contains(&t.name) && !up_touched.contains(&t.name) {
            before.tables.push(t.clone());
        }
    }
    before
}

/// An enum that lost values (PostgreSQL has no DROP VALUE: it is a rebuild of the type).
fn removed_enum_values(
    before: &[EnumType],
    after: &Schema,
    f: &MigrationFile,
) -> Vec<(Origin, String)> {
    let mut out = Vec::new();
    for e in before {
        if let Some(a) = after.enum_type(&e.name) {
            let lost: Vec<&str> = e
                .values
                .iter()
                .filter(|v| !a.values.contains(v))
                .map(String::as_str)
                .collect();
            if a.values.len() < e.values.len() {
                out.push((
                    Origin {
                        file: f.up.display().to_string(),
                        line: 1,
                    },
                    format!("removes value(s) {} from enum {}", lost.join(", "), e.name),
                ));
            }
        }
    }
    out
}

/// Replays the down file on the schema after the up file; describes what differs from before.
fn reversal_problem(before: &Schema, after: &Schema, down: &[Statement]) -> Option<String> {
    let mut back = History::new(after.clone());
    if let Err(d) = back.apply(down) {
        return Some(format!("its down file cannot be replayed: {d}"));
    }
    let left = diff(&back.schema, before, Options::default());
    if left.is_empty() {
        return None;
    }
    let list: Vec<&str> = left.iter().map(|c| c.summary.as_str()).collect();
    Some(format!(
        "after up then down, the schema still differs from before it; the down file lacks: {}",
        list.join("; ")
    ))
}
