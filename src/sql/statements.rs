//! Migration files → statements: PostgreSQL's own parser (pg_query), each statement placed on
//! the line it starts on, big files cut into pieces, and a history parsed on a second core
//! while the first replays it.

use pg_query::protobuf::node::Node as N;

use crate::origin::Origin;
use crate::schema::diagnostic::Diagnostic;

/// One parsed statement of a migration file, with the line it starts on.
pub struct Statement {
    pub origin: Origin,
    pub node: N,
    /// A raw block (see `objects::raw`) in place of its statements, which are not replayed:
    /// then `node` is an empty placeholder.
    pub raw: Option<Box<crate::objects::raw::RawOp>>,
    /// A raw block's own statements: never replayed (the block is opaque to the model), but
    /// judged like any other by the statement rules (hazards, destructive changes) — SQL that
    /// drops a table is no safer for being raw.
    pub inner: Vec<Statement>,
}

impl Statement {
    /// This statement, and a raw block's statements after it.
    pub fn with_inner(&self) -> impl Iterator<Item = &Statement> {
        std::iter::once(self).chain(self.inner.iter())
    }
}

/// Parses a migration file into its statements (an unparseable file is an error at the line
/// of the statement PostgreSQL rejects).
///
/// A large file is parsed in pieces of about
/// [`CHUNK_BYTES`](crate::sql::pieces::CHUNK_BYTES), cut between statements (see
/// `sql::pieces`): one parse tree of a 50 MB file (millions of statements) costs
/// gigabytes and has crashed the parser; pieces keep memory flat and the work linear.
pub fn parse_statements(file: &str, sql: &str) -> Result<Vec<Statement>, Diagnostic> {
    let lines = LineIndex::new(sql);
    let raw = crate::objects::raw::blocks(file, sql)?;
    let mut out = Vec::new();
    for range in crate::sql::pieces::pieces(sql) {
        out.extend(parse_chunk(file, sql, &lines, &raw, range)?);
    }
    Ok(out)
}

/// The statements of `sql[start..end]`, a piece cut between two statements by
/// `sql::pieces::pieces`.
fn parse_chunk(
    file: &str,
    sql: &str,
    lines: &LineIndex,
    raw_blocks: &[crate::objects::raw::Block],
    (start, end): (usize, usize),
) -> Result<Vec<Statement>, Diagnostic> {
    let parsed = pg_query::parse(&sql[start..end], 0).map_err(|e| parse_error(file, sql, e))?;
    let statements = parsed.protobuf.stmts.into_iter().filter_map(|raw| {
        let offset = start + raw.stmt_location.max(0) as usize;
        let node = raw.stmt.and_then(|s| s.node)?;
        // Data statements never change the schema and no rule reads them: not kept, so a
        // file of millions of them holds no memory once parsed. (BEGIN and COMMIT are kept:
        // the hazard rules see a transaction block of a no-transaction file.)
        if is_data_statement(&node) {
            return None;
        }
        Some((offset, node))
    });
    if raw_blocks.is_empty() {
        return Ok(statements
            .map(|(offset, node)| Statement {
                origin: Origin::new(file, lines.line_of(sql, offset)),
                node,
                raw: None,
                inner: Vec::new(),
            })
            .collect());
    }
    // The statements of raw blocks give way to one placeholder per block, where it begins,
    // which carries them.
    let mut inside: Vec<Vec<Statement>> = raw_blocks.iter().map(|_| Vec::new()).collect();
    let mut out: Vec<(usize, Statement)> = Vec::new();
    for (offset, node) in statements {
        let st = Statement {
            origin: Origin::new(file, lines.line_of(sql, offset)),
            node,
            raw: None,
            inner: Vec::new(),
        };
        match raw_blocks
            .iter()
            .position(|b| (b.start..b.end).contains(&offset))
        {
            Some(i) => inside[i].push(st),
            None => out.push((offset, st)),
        }
    }
    for (b, inner) in raw_blocks.iter().zip(inside) {
        if !(start..end).contains(&b.start) {
            continue;
        }
        out.push((
            b.start,
            Statement {
                origin: Origin::new(file, lines.line_of(sql, b.start)),
                node: N::String(Default::default()),
                raw: Some(b.op.clone().into()),
                inner,
            },
        ));
    }
    out.sort_by_key(|(offset, _)| *offset);
    Ok(out.into_iter().map(|(_, s)| s).collect())
}

/// A byte range of a file to parse, or why the file cannot be parsed.
type Piece = Result<(usize, usize), Diagnostic>;

/// One file of a history to parse: its path (as errors name it) and its text, and its down
/// file's, when the down file is to be parsed too.
pub struct Source<'a> {
    pub path: &'a str,
    pub sql: &'a str,
    pub down: Option<(&'a str, &'a str)>,
}

/// What [`parse_in_order`] hands over: a piece of an up file, or a whole down file (after the
/// last piece of its up file; the consumer may take its statements).
pub enum Parsed<'a> {
    Up(&'a Result<Vec<Statement>, Diagnostic>),
    Down(&'a mut Result<Vec<Statement>, Diagnostic>),
}

/// What a parsing thread is given: a piece of an up file (or why it could not be cut), or a
/// down file.
enum Job {
    Up(Piece),
    Down,
}

/// Parses `files` piece by piece on two helper threads while `consume` replays the pieces in
/// order on this one (the parser is the larger cost; the two parsers and the replay share the
/// machine's cores with whatever else runs, such as the YAML loading of `check`):
/// `consume(i, Parsed::Up(statements))` for each piece of file `i` (at least one per file, an
/// empty one for an empty file; a parse error ends that file's pieces and is the last thing
/// consumed), then `Parsed::Down` for its down file when it has one (parsed on the helpers
/// too, instead of on the replaying thread after the up file). `consume` returns false to
/// stop. The parser runs a few pieces ahead, so memory holds a few pieces' trees, however big
/// one file is.
pub fn parse_in_order(files: &[Source], mut consume: impl FnMut(usize, Parsed) -> bool) {
    // What to parse: (file, job).
    let mut pieces: Vec<(usize, Job)> = Vec::new();
    let mut lines = Vec::new();
    let mut raw = Vec::new();
    for (i, f) in files.iter().enumerate() {
        lines.push(LineIndex::new(f.sql));
        match crate::objects::raw::blocks(f.path, f.sql) {
            Ok(blocks) => raw.push(blocks),
            Err(d) => {
                raw.push(Vec::new());
                pieces.push((i, Job::Up(Err(d))));
                break;
            }
        }
        pieces.extend(
            crate::sql::pieces::pieces(f.sql)
                .into_iter()
                .map(|r| (i, Job::Up(Ok(r)))),
        );
        if f.down.is_some() {
            pieces.push((i, Job::Down));
        }
    }
    let parse = |(i, job): &(usize, Job)| match job {
        Job::Up(Ok(range)) => {
            parse_chunk(files[*i].path, files[*i].sql, &lines[*i], &raw[*i], *range)
        }
        Job::Up(Err(d)) => Err(d.clone()),
        Job::Down => {
            let (path, sql) = files[*i].down.unwrap_or_default();
            parse_statements(path, sql)
        }
    };
    // The trees go back to the parsers to be freed where they were allocated.
    crate::sql::pipeline::pipelined(&pieces, PARSERS, parse, |(i, job), parsed| match job {
        Job::Up(_) => {
            let failed = parsed.is_err();
            consume(*i, Parsed::Up(parsed)) && !failed
        }
        Job::Down => consume(*i, Parsed::Down(parsed)),
    });
}

fn is_data_statement(node: &N) -> bool {
    // Citus's calls (`SELECT create_distributed_table(...)`) change the schema: kept.
    if matches!(node, N::SelectStmt(_)) && crate::objects::distribution::call::call(node).is_some()
    {
        return false;
    }
    matches!(
        node,
        N::SelectStmt(_)
            | N::InsertStmt(_)
            | N::UpdateStmt(_)
            | N::DeleteStmt(_)
            | N::MergeStmt(_)
            | N::CopyStmt(_)
            | N::VariableSetStmt(_)
            | N::NotifyStmt(_)
    )
}

/// Threads that parse a history's pieces (one measured 3% slower than two on `check`).
const PARSERS: usize = 2;

/// pg_query does not say where a syntax error is: find the failing statement by parsing them
/// one by one, so the error still names its line.
fn parse_error(file: &str, sql: &str, e: pg_query::Error) -> Diagnostic {
    let mut line = 1;
    if let Ok(statements) = pg_query::split_with_scanner(sql) {
        for statement in statements {
            if pg_query::parse(statement, 0).is_err() {
                let offset = statement.as_ptr() as usize - sql.as_ptr() as usize;
                let skipped = statement.len() - statement.trim_start().len();
                line = line_of(sql, offset + skipped);
                break;
            }
        }
    }
    Diagnostic {
        origin: Origin::new(file, line),
        object: String::new(),
        message: format!("cannot parse this SQL: {e}"),
        hint: Some("fix the statement; PostgreSQL would reject it too".into()),
    }
}

fn line_of(sql: &str, byte_offset: usize) -> usize {
    LineIndex::new(sql).line_of(sql, byte_offset)
}

/// Where each line of a file starts, built once per file, so placing each of its statements
/// costs a binary search instead of a count from the start of the file (which made a
/// 36,000-line migration quadratic).
pub struct LineIndex {
    newlines: Vec<usize>,
}

thread_local! {
    /// Bytes of SQL text scanned to place statements on lines, on this thread: a deterministic
    /// measure that the regression test `placing_statements_is_linear` holds to a multiple of
    /// the file's size.
    static BYTES_SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many bytes of text line placement has scanned on this thread so far.
pub fn bytes_scanned() -> usize {
    BYTES_SCANNED.with(|c| c.get())
}

fn scanned(bytes: usize) {
    BYTES_SCANNED.with(|c| c.set(c.get() + bytes));
}

impl LineIndex {
    pub fn new(sql: &str) -> LineIndex {
        scanned(sql.len());
        LineIndex {
            newlines: sql
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The 1-based line of the statement at `byte_offset`: its first token's, past the blank
    /// and comment lines the statement's location includes.
    pub fn line_of(&self, sql: &str, byte_offset: usize) -> usize {
        let end = byte_offset.min(sql.len());
        let mut line = self.newlines.partition_point(|&n| n < end) + 1;
        for l in sql[end..].lines() {
            scanned(l.len() + 1);
            let t = l.trim();
            if t.is_empty() || t.starts_with("--") {
                line += 1;
            } else {
                break;
            }
        }
        line
    }
}
