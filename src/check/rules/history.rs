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
use crate::sql::replay::{parse_statements, History, Source, Statement};
use crate::sql::statements::Parsed;

/// What one migration did.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Step {
    pub file: MigrationFile,
    /// What the statement rules found (`hazards`), not accepted by an allow comment.
    pub hazards: Vec<super::hazards::Hazard>,
    /// Allow comments that are malformed or accept nothing: (where, why).
    pub allow_problems: Vec<(Origin, String)>,
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
    /// How many files were parsed and replayed this time (the others came from the cache).
    pub replayed: usize,
    /// The cache key the walk is to be stored under, when it replayed something new.
    to_store: Option<crate::cache::Key>,
}

/// The steps and the schema of a history's prefix, as the cache keeps them.
#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Walked {
    steps: Vec<Step>,
    schema: Schema,
}

/// `Walked` borrowed from a `Walk`, for storing (the same bytes: a slice is written as a `Vec`).
#[derive(serde::Serialize)]
struct WalkedRef<'a> {
    steps: &'a [Step],
    schema: &'a Schema,
}

/// A migrations directory read from disk: every file, and the texts of those replayed (the
/// first of each version) as `[up path, up SQL, down path, down SQL]`.
pub struct HistoryFiles {
    pub files: Vec<MigrationFile>,
    duplicates: Vec<(MigrationFile, MigrationFile)>,
    replayed: Vec<MigrationFile>,
    pub texts: Vec<[String; 4]>,
}

pub fn read(dir: &Path) -> anyhow::Result<HistoryFiles> {
    let files = migrations::scan(dir)?;
    let mut duplicates = Vec::new();
    let mut replayed: Vec<MigrationFile> = Vec::new();
    for f in &files {
        match replayed.last() {
            Some(p) if p.version == f.version => duplicates.push((p.clone(), f.clone())),
            _ => replayed.push(f.clone()),
        }
    }
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
    Ok(HistoryFiles {
        files,
        duplicates,
        replayed,
        texts,
    })
}

pub fn walk(dir: &Path) -> anyhow::Result<Walk> {
    let walk = walk_read(read(dir)?);
    store(&walk);
    Ok(walk)
}

/// Stores a complete walk in the cache, when it replayed something new. `check` does it on
/// another thread while its migration rules run (it was on the path to the result).
pub fn store(walk: &Walk) {
    if let (Some(key), Some(schema)) = (&walk.to_store, &walk.schema) {
        crate::cache::put(
            key,
            &WalkedRef {
                steps: &walk.steps,
                schema,
            },
        );
    }
}

/// Walks a history already read (every text is read first: the cache key of a prefix is made
/// of them); [`store`] puts the result in the cache.
pub fn walk_read(read: HistoryFiles) -> Walk {
    let HistoryFiles {
        files,
        duplicates,
        replayed,
        texts,
    } = read;
    let mut walk = Walk {
        files,
        duplicates,
        steps: Vec::new(),
        unreadable: Vec::new(),
        schema: None,
        replayed: 0,
        to_store: None,
    };
    let borrowed: Vec<[&str; 4]> = texts
        .iter()
        .map(|[a, b, c, d]| [a.as_str(), b.as_str(), c.as_str(), d.as_str()])
        .collect();
    let keys = crate::cache::prefix_keys("walk", borrowed.iter().map(|t| &t[..]));
    let (done, Walked { steps, schema }) = crate::cache::longest_prefix(&keys).unwrap_or_default();
    walk.steps = steps;
    let mut history = History::new(schema);
    let todo: Vec<(&MigrationFile, &[String; 4])> =
        replayed.iter().zip(&texts).skip(done).collect();
    walk.replayed = todo.len();
    let sources: Vec<Source> = todo
        .iter()
        .map(|(f, [path, sql, down_path, down_sql])| Source {
            path,
            sql,
            down: f
                .down
                .is_some()
                .then_some((down_path.as_str(), down_sql.as_str())),
        })
        .collect();
    let mut open: Option<OpenStep> = None;
    let mut complete = true;
    // Each piece of each file is parsed on a second thread while the previous one is replayed.
    crate::sql::statements::parse_in_order(&sources, |i, parsed| {
        let parsed = match parsed {
            // After the last piece of its up file: kept for the proof when the step closes.
            Parsed::Down(down) => {
                if let Some(o) = open.as_mut().filter(|o| o.index == i) {
                    o.down = Some(std::mem::replace(down, Ok(Vec::new())));
                }
                return true;
            }
            Parsed::Up(parsed) => parsed,
        };
        if open.as_ref().is_none_or(|o| o.index != i) {
            if let Some(o) = open.take() {
                walk.steps.push(o.close(&history));
            }
            open = Some(OpenStep::open(i, todo[i].0, todo[i].1, &history));
        }
        let (Some(o), Ok(statements)) = (open.as_mut(), parsed.as_ref()) else {
            walk.unreadable.extend(parsed.as_ref().err().cloned());
            complete = false;
            return false;
        };
        o.piece(statements, &history);
        if let Err(d) = history.apply(statements) {
            walk.unreadable.push(d);
            complete = false;
            return false;
        }
        true
    });
    if !complete {
        return walk;
    }
    if let Some(o) = open.take() {
        walk.steps.push(o.close(&history));
    }
    if done < replayed.len() {
        walk.to_store = Some(keys[replayed.len() - 1]);
    }
    walk.schema = Some(history.schema);
    walk
}

/// A migration being replayed piece by piece: the schema before it, kept only for the tables
/// its statements touch (each saved when a statement first touches it, so a long history
/// costs a little per step, not a copy of the whole schema), and what its statements did.
struct OpenStep<'a> {
    index: usize,
    texts: &'a [String; 4],
    /// The schema before the migration: everything but tables, and the touched tables.
    before: Schema,
    touched: HashSet<String>,
    /// The touched tables that existed before the migration.
    existed: HashSet<String>,
    /// The statement rules' state for this file.
    hazards: super::hazards::FileState,
    /// The down file, parsed on a parsing thread (see `parse_in_order`).
    down: Option<Result<Vec<Statement>, Diagnostic>>,
    /// The extensions the up file creates `IF NOT EXISTS` (see `conditional_creates`).
    created_if_missing: std::collections::BTreeSet<String>,
    step: Step,
}

impl<'a> OpenStep<'a> {
    fn open(index: usize, file: &MigrationFile, texts: &'a [String; 4], history: &History) -> Self {
        let [up_path, sql, ..] = texts;
        OpenStep {
            index,
            texts,
            before: project(history, &HashSet::new()),
            touched: HashSet::new(),
            existed: HashSet::new(),
            hazards: super::hazards::FileState::new(up_path, sql),
            down: None,
            created_if_missing: Default::default(),
            step: Step {
                file: file.clone(),
                hazards: Vec::new(),
                allow_problems: Vec::new(),
                destructive: Vec::new(),
                acknowledged: migrations::has_marker(sql, migrations::DESTRUCTIVE_MARKER),
                irreversible: None,
                long_identifiers: long_identifiers(up_path, sql),
            },
        }
    }

    /// Before `statements` are replayed: save the tables they touch, note their hazards.
    fn piece(&mut self, statements: &[Statement], history: &History) {
        for name in history.tables_touched(statements) {
            if let Some(t) = history
                .table(&name)
                .filter(|_| !self.touched.contains(&name))
            {
                self.before.tables.push(t.clone());
                self.existed.insert(name.clone());
            }
            self.touched.insert(name);
        }
        let ctx = super::statement::Context {
            history,
            existed: &self.existed,
            transactional: migrations::is_transactional(&self.texts[1]),
        };
        self.hazards.judge(statements, &ctx);
        self.created_if_missing
            .extend(super::conditional_creates::created_if_missing(statements));
        self.step
            .destructive
            .extend(destructive_statements(statements));
    }

    /// After the whole up file: what it removed from enums, and whether its down file undoes it.
    fn close(mut self, history: &History) -> Step {
        let [_, _, down_path, down_sql] = self.texts;
        (self.step.hazards, self.step.allow_problems) = self.hazards.finish();
        self.step.destructive.extend(removed_enum_values(
            &self.before.enums,
            &history.schema,
            &self.step.file,
        ));
        if self.step.file.down.is_some() {
            let down = self
                .down
                .take()
                .unwrap_or_else(|| parse_statements(down_path, down_sql));
            self.step.irreversible = match down {
                Err(d) => Some(format!("its down file cannot be parsed: {d}")),
                Ok(down_statements) => {
                    let down_touched = history.tables_touched(&down_statements);
                    let before = with_untouched(self.before, &self.touched, &down_touched, history);
                    let all: HashSet<String> = self.touched.union(&down_touched).cloned().collect();
                    reversal_problem(&before, project(history, &all), &down_statements).or_else(
                        || {
                            super::conditional_creates::problem(
                                &self.created_if_missing,
                                &down_statements,
                            )
                        },
                    )
                }
            };
        }
        self.step
    }
}

/// Identifier tokens longer than PostgreSQL keeps, read from the text itself (the parser has
/// already truncated them).
fn long_identifiers(file: &str, sql: &str) -> Vec<(Origin, String)> {
    if !may_hold_a_long_word(sql) {
        return Vec::new(); // the common case, without tokenizing the file a second time
    }
    let Ok(tokens) = crate::sql::scan_tokens(sql) else {
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
                (Origin::new(file, line), name.to_string())
            })
        })
        .collect()
}

/// Whether `sql` has a run of more than 63 bytes without a space, comma or parenthesis, or a
/// double-quoted stretch that long: no identifier can be too long otherwise.
fn may_hold_a_long_word(sql: &str) -> bool {
    let limit = crate::schema::validate::MAX_IDENTIFIER_BYTES;
    let (mut run, mut quoted, mut in_quotes) = (0usize, 0usize, false);
    for b in sql.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
            quoted = 0;
            continue;
        }
        quoted += 1;
        // A `match` (a table lookup), not a search of a list per byte: every byte of every up
        // file goes through here on the thread that replays the history.
        run = match b {
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b',' | b'(' | b')' | b';' => 0,
            _ => run + 1,
        };
        if run > limit || (in_quotes && quoted > limit) {
            return true;
        }
    }
    false
}

/// The drops of `statements`, raw blocks' statements included.
fn destructive_statements(statements: &[Statement]) -> Vec<(Origin, String)> {
    let mut out = Vec::new();
    for st in statements.iter().flat_map(Statement::with_inner) {
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
            // Every row goes (with CASCADE, the rows of every table that references it too).
            N::TruncateStmt(s) => {
                let cascade = s.behavior == pg_query::protobuf::DropBehavior::DropCascade as i32;
                out.push((
                    st.origin.clone(),
                    if cascade {
                        "TRUNCATE ... CASCADE"
                    } else {
                        "TRUNCATE"
                    }
                    .to_string(),
                ));
            }
            _ => {}
        }
    }
    out
}

/// The schema of `history` reduced to the tables named in `tables` (in name order; the other
/// kinds are kept whole: they are few, and a table's columns need them). Tables are found by
/// hash, so a step costs what it touches, not the size of the schema.
fn project(history: &History, tables: &HashSet<String>) -> Schema {
    let schema = &history.schema;
    let mut names: Vec<&String> = tables.iter().collect();
    names.sort();
    Schema {
        schemas: schema.schemas.clone(),
        extensions: schema.extensions.clone(),
        enums: schema.enums.clone(),
        tables: names
            .into_iter()
            .filter_map(|n| history.table(n))
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
        raw: schema.raw.clone(),
        publications: schema.publications.clone(),
    }
}

/// Adds to `before` the tables of `more` that the up file did not touch: it left them as they
/// were, so the schema after it holds them as they were before.
fn with_untouched(
    mut before: Schema,
    up_touched: &HashSet<String>,
    more: &HashSet<String>,
    after: &History,
) -> Schema {
    let mut names: Vec<&String> = more.difference(up_touched).collect();
    names.sort();
    before
        .tables
        .extend(names.into_iter().filter_map(|n| after.table(n)).cloned());
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
                        file: f.up.display().to_string().into(),
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
fn reversal_problem(before: &Schema, after: Schema, down: &[Statement]) -> Option<String> {
    let mut back = History::new(after);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_file_with_a_long_word_is_tokenized_again() {
        let long = "a".repeat(64);
        assert!(may_hold_a_long_word(&format!(
            "CREATE TABLE {long} (id int);"
        )));
        assert!(may_hold_a_long_word(&format!(
            "CREATE TABLE \"{} x\" (id int);",
            "é".repeat(31)
        )));
        assert!(!may_hold_a_long_word(&format!(
            "CREATE TABLE {} (id int);",
            "a".repeat(63)
        )));
        assert!(!may_hold_a_long_word(
            "CREATE TABLE t (id int, name text);\nCREATE INDEX t_name_idx ON t (name);"
        ));
        let found = long_identifiers("V1.sql", &format!("CREATE TABLE {long} (id int);"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, long);
    }

    /// The cache at work: a second walk replays nothing, a new file alone is replayed, an
    /// edited old file replays everything — and every walk equals one without the cache.
    #[test]
    fn a_later_walk_replays_only_the_new_files() {
        let cache = tempfile::tempdir().unwrap();
        std::env::set_var("HOTELSCHEMA_CACHE_DIR", cache.path());
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, sql: &str| std::fs::write(dir.path().join(name), sql).unwrap();
        write("V0001__a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
        write("V0001__a.down.sql", "DROP TABLE a;\n");
        write(
            "V0002__b.sql",
            "CREATE TABLE b (id int);\nCREATE INDEX a_id_idx ON a (id);\n",
        );
        write("V0002__b.down.sql", "DROP INDEX a_id_idx;\nDROP TABLE b;\n");
        let first = walk(dir.path()).unwrap();
        assert_eq!(first.replayed, 2);
        let again = walk(dir.path()).unwrap();
        assert_eq!(again.replayed, 0);
        assert_eq!(again.schema, first.schema);
        assert_eq!(
            again.steps[1]
                .hazards
                .iter()
                .filter(|h| h.rule == "non-concurrent-index")
                .count(),
            1,
            "a's index, from the cache"
        );
        write("V0003__c.sql", "ALTER TABLE b DROP COLUMN id;\n");
        let added = walk(dir.path()).unwrap();
        assert_eq!(added.replayed, 1);
        assert_eq!(added.steps[2].destructive.len(), 1);
        assert!(added.steps[2].file.down.is_none());
        write("V0001__a.sql", "CREATE TABLE a (id bigint PRIMARY KEY);\n");
        let edited = walk(dir.path()).unwrap();
        assert_eq!(edited.replayed, 3);
        crate::cache::disable();
        let uncached = walk(dir.path()).unwrap();
        assert_eq!(edited.schema, uncached.schema);
        assert_ne!(edited.schema, added.schema, "the edit is seen");
    }
}
