//! Command-line interface: commands and the option groups they share.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::UsageError;

#[derive(Parser, Debug)]
#[command(
    name = "hotelschema",
    version,
    about = "A PostgreSQL schema as code: YAML in schema/, reversible migrations out.",
    long_about = "A PostgreSQL schema as code.\n\n\
        You describe extensions, enums, tables, columns, indexes and constraints in YAML \
        (schema/*.yaml), and functions, views, triggers on views, sequences, domains, composite \
        types and privileges in SQL (schema/*.sql); hotelschema validates it and compiles it \
        into SQL migrations, each an up \
        file and a down file that exactly undoes it (migrations/V0001__init.sql and \
        migrations/V0001__init.down.sql).",
    after_help = "Exit codes: 0 success; 1 a migration or rollback failed in the database (it \
        was rolled back; the database stays at the last good version), or `generate --check` \
        found changes without a migration; 2 invalid input or a \
        refused request (schema errors, bad usage, an edited or missing migration file); 3 the \
        database could not be reached, the lock wait timed out, or another I/O failure.\n\n\
        See docs/language/ for the schema language."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour in output: auto (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it),
    /// always, never.
    #[arg(long, global = true, value_enum, default_value_t = crate::colour::ColorChoice::Auto)]
    pub color: crate::colour::ColorChoice,
    /// Do not read or write the cache of loaded schemas and replayed migration histories
    /// (it is keyed by file contents and never the source of truth; see `hotelschema cache`).
    #[arg(long, global = true, env = "HOTELSCHEMA_NO_CACHE")]
    pub no_cache: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load schema/*.yaml, report every error with file:line, and summarise the schema.
    #[command(after_help = "Examples:\n  \
        hotelschema validate\n  \
        hotelschema validate --schema-dir path/to/schema")]
    Validate {
        #[command(flatten)]
        schema: SchemaOpts,
        /// A table for people, or JSON ({"valid", "counts"} or {"valid": false, "errors"}).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write the next migration pair (up and down) from the YAML schema.
    #[command(
        long_about = "Write the next migration pair from the YAML schema.\n\n\
            generate replays every up file of migrations/ with PostgreSQL's parser (offline, no \
            database) to learn the schema they produce, compares it with schema/ (the YAML and \
            the .sql files of functions, views, types, sequences and privileges), and \
            writes V{next}__<name>.sql with the changes and V{next}__<name>.down.sql with their \
            exact inverse. With no change it says so and writes nothing.\n\n\
            Renames are declared, never guessed: `renamed_from: old_name` on a table, column, \
            trigger or policy, `renamed: { new: old }` on an enum, a `-- renamed from: old_name` \
            line above a CREATE in schema/*.sql. Changes that lose data (dropping a table, column, \
            type or enum value; narrowing a type) are refused unless --allow-destructive is \
            given. New enum values, and indexes built CONCURRENTLY, go in migrations of their \
            own, marked to run outside a transaction.\n\n\
            Changes to tables that already exist are lock-safe by default: foreign keys and \
            checks added NOT VALID then validated in a later migration, indexes built and \
            dropped CONCURRENTLY, unique constraints and primary keys adopting a concurrently \
            built index (USING INDEX), SET NOT NULL behind a validated check; a NOT NULL column \
            without a default is refused unless it declares `backfill: <constant>`; type \
            changes that rewrite the table are listed in the file's header. `plain_ddl: true` on \
            a table, or --plain-ddl, writes plain DDL instead.",
        after_help = "Examples:\n  \
            hotelschema generate --name init\n  \
            hotelschema generate --name add_spa_rooms\n  \
            hotelschema generate --check              # CI: exit 1 if the YAML has unmigrated changes\n  \
            hotelschema generate --allow-destructive --name drop_legacy_notes\n  \
            hotelschema generate --plain-ddl          # small tables: plain ALTERs, one migration"
    )]
    Generate {
        #[command(flatten)]
        schema: SchemaOpts,
        #[command(flatten)]
        migrations: MigrationsOpts,
        /// Name of the migration, sanitised to letters, digits and `_` [default: `init` for the
        /// first migration, else derived from the changes].
        #[arg(long)]
        name: Option<String>,
        /// Write nothing; exit 1 and show the difference when the YAML and the migrations
        /// disagree, 0 when they agree.
        #[arg(long)]
        check: bool,
        /// Allow changes that lose data; the migration's header lists them.
        #[arg(long)]
        allow_destructive: bool,
        /// Write plain DDL for tables that already exist, instead of the lock-safe forms (NOT
        /// VALID then VALIDATE, CONCURRENTLY, USING INDEX, SET NOT NULL behind a check): for a
        /// database whose tables are all small. Per table: `plain_ddl: true` in the YAML.
        #[arg(long)]
        plain_ddl: bool,
        /// Build new indexes on existing tables with CREATE INDEX CONCURRENTLY even with
        /// --plain-ddl (also per index: `concurrently: true`); the lock-safe default does.
        #[arg(long)]
        concurrently: bool,
        /// What was written (or, with --check, what is pending) as text or JSON.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// A PostgreSQL server to prove the new migrations on before writing them (also
        /// HOTELSCHEMA_DEV_DB): in a scratch database, the history, the up files and the down
        /// files are applied for real — the down files must give back exactly the database
        /// before, and the up files exactly the declared schema built from nothing.
        #[arg(long = "dev-db", value_name = "URL")]
        dev_db: Option<String>,
    },
    /// Apply pending migrations to a database, or roll back applied ones (--rollback).
    #[command(
        long_about = "Apply the pending up files of migrations/ to a database, in version order, \
            with refinery. Each migration runs in its own transaction together with its row in \
            refinery_schema_history, so it is applied entirely or not at all; a migration whose \
            header holds `-- hotelschema:no-transaction` runs statement by statement outside a \
            transaction.\n\n\
            With --rollback, run the down files of the most recently applied migrations, newest \
            first, each in one transaction together with the removal of its history row. \
            Rollback refuses, changing nothing, when a down file is missing or when an applied \
            migration's file was edited after it was applied.\n\n\
            An advisory lock is held for the whole run: two runs on one database never \
            interleave; the second waits (up to --lock-timeout) and says so.\n\n\
            Under load, give statements a short --lock-timeout and a few --lock-retries: a \
            statement that cannot get its table lock in time gives up (releasing the sessions \
            queued behind it) and is tried again after 1 s, 2 s, 4 s...; a transactional \
            migration is tried again whole. --dry-run shows the lock each statement would take, \
            on which table, and how big that table is now.",
        after_help = "Examples:\n  \
            DATABASE_URL=postgres://app@db/hotel hotelschema migrate\n  \
            hotelschema migrate --db postgres://app@db/hotel --target 12\n  \
            hotelschema migrate --dry-run                 # each statement's lock, table and its size\n  \
            hotelschema migrate --lock-timeout 2s --lock-retries 5   # wait out long queries\n  \
            hotelschema migrate --baseline --dev-db target   # adopt: record V1..Vn as applied, after proof\n  \
            hotelschema migrate --rollback                # undo the last migration\n  \
            hotelschema migrate --rollback --steps 3\n  \
            hotelschema migrate --rollback --to 7         # keep 1..7, undo the rest\n  \
            hotelschema migrate --db 'postgres://app:pw@db/hotel?sslmode=require'\n  \
            hotelschema migrate --targets targets.yaml --group production --canary 2 --parallel 8"
    )]
    Migrate {
        #[command(flatten)]
        migrations: MigrationsOpts,
        #[command(flatten)]
        db: DbOpts,
        #[command(flatten)]
        session: SessionOpts,
        #[command(flatten)]
        dev: DevDbOpts,
        /// Undo applied migrations instead of applying pending ones.
        #[arg(long)]
        rollback: bool,
        /// Apply pending migrations up to and including this version only.
        #[arg(long, value_name = "VERSION", conflicts_with = "rollback")]
        target: Option<u32>,
        /// With --rollback: how many applied migrations to undo (default 1).
        #[arg(long, value_name = "N", requires = "rollback", conflicts_with = "to")]
        steps: Option<u32>,
        /// With --rollback: undo every applied migration newer than this version (0 undoes all).
        #[arg(
            long,
            value_name = "VERSION",
            requires = "rollback",
            allow_negative_numbers = true
        )]
        to: Option<i64>,
        /// Print the plan — each statement's lock level, its table and the table's size in the
        /// database — and the SQL that would run; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Adopt a database that already holds what the migrations build: record them (up to
        /// --target) as applied, without running them, after proving the database equals what
        /// they build (else nothing is recorded and the difference is shown).
        #[arg(long, conflicts_with_all = ["rollback", "dry_run"])]
        baseline: bool,
        #[command(flatten)]
        fleet: FleetOpts,
        /// What ran (and how long each took) as text or JSON; with --targets, the summary per
        /// target.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The CI merge gate: conventions on the schema, safety of the migrations.
    #[command(
        long_about = "The CI merge gate. Runs every rule (`--list-rules`) on the YAML schema and \
            on the migrations directory, and reports findings as a table, JSON, GitHub \
            annotations, SARIF 2.1.0 (GitHub code scanning), GitLab Code Quality or JUnit XML. Exit 0 when no finding is an error (warnings allowed), 1 when one is, 2 \
            when the input itself is invalid (YAML, config, an unparseable migration).\n\n\
            Exemptions carry a reason: `exempt: { rule-id: reason }` on a table or a column in \
            the YAML, or `exemptions:` in checks/config.yaml, which also sets each rule's \
            severity (error, warning, off) and the tenant column and root table.\n\n\
            Every statement of every up file — hand-written ones too — is judged for what it \
            does to a table that already holds rows (the lock it takes, a scan or rewrite, a \
            rename the running application would miss), at its file:line. One hazard is \
            accepted by a comment line just before its statement: `-- hotelschema:allow \
            <rule> <reason>`; an allow that accepts nothing is reported (stale-allow).\n\n\
            Offline unless --db is given, whatever the environment holds (`--db` alone reads \
            DATABASE_URL); every format says which mode ran. \
            With --db the schema rules judge the live database instead — any \
            existing database, even without a schema/ directory. With a schema/ directory it \
            also reports drift (schema-drift: the applied migrations built in a scratch database on \
            the server --dev-db names — `--dev-db target` for the target's own) and applied migrations edited since \
            (applied-migration-edited: then nothing is built, so an edited file never runs), \
            and runs the custom rules checks/*.sql: queries that \
            must return no rows, each row (its `message` column) a finding; statement hazards \
            say how big their table is there.",
        after_help = "Examples:\n  \
            hotelschema check\n  \
            hotelschema check --format github      # in GitHub Actions (the default there)\n  \
            hotelschema check --format json | jq '.summary'\n  \
            hotelschema check --db postgres://app@db/hotel --dev-db postgres://ci@localhost/postgres\n  \
            hotelschema check --db postgres://app@db/hotel --dev-db target --schema public --schema billing\n  \
            hotelschema check --targets targets.yaml       # every database: findings, drift, skew\n  \
            hotelschema check --list-rules"
    )]
    Check {
        #[command(flatten)]
        schema: SchemaOpts,
        #[command(flatten)]
        migrations: MigrationsOpts,
        /// The checker's configuration [default: checks/config.yaml, when it exists]. A file
        /// given here must exist.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Output format [default: github under GitHub Actions, else table].
        #[arg(long, value_enum)]
        format: Option<crate::check::report::Format>,
        /// List the rules, their ids and default severities, and exit.
        #[arg(long)]
        list_rules: bool,
        /// Judge the statements (hazards, destructive changes) of only the migrations added
        /// after this git ref (`origin/main`, a tag, a commit): those already in it have run
        /// everywhere, and a finding of theirs can no longer be fixed. Every other rule runs
        /// as usual.
        #[arg(long, value_name = "GIT_REF")]
        since: Option<String>,
        /// Accept every finding of today in checks/baseline.yaml (rule, file, object), then exit
        /// 0: later runs fail only on new findings, and report entries fixed since
        /// (stale-baseline). `adopt` writes it for the database it takes over.
        #[arg(long)]
        update_baseline: bool,
        #[command(flatten)]
        db: CheckDbOpts,
        #[command(flatten)]
        dev: DevDbOpts,
        #[command(flatten)]
        read: ReadOpts,
        #[command(flatten)]
        fleet: FleetOpts,
    },
    /// The drift of a live database: what it holds that its applied migrations do not create.
    #[command(
        long_about = "Show the drift of a live database as a readable diff: `-` what the \
            applied migrations create and the database lacks, `+` what the database holds that \
            no applied migration creates (an index added by hand in production, a column \
            dropped outside a migration). The applied migrations are built for real in a \
            scratch database — on the server --dev-db names (the role needs CREATEDB), or with \
            `--dev-db target` on the target server, never there unless asked — so both sides are compared in PostgreSQL's own spelling. Nothing \
            the target server has not already run is run there: an applied file edited since \
            (its checksum in the history) is refused before anything is built, and a platform \
            stand-in of your own runs only on --dev-db. Exit 0 without drift, 1 with drift.",
        after_help = "Examples:\n  \
            hotelschema diff --db postgres://app@db/hotel --dev-db target\n  \
            hotelschema diff --db postgres://app@db/hotel --dev-db target --schema public --schema billing\n  \
            hotelschema diff --db postgres://app@prod/hotel --dev-db postgres://ci@localhost/postgres\n  \
            DATABASE_URL=postgres://app@db/hotel HOTELSCHEMA_DEV_DB=target hotelschema diff\n  \
            hotelschema diff --targets targets.yaml --format json"
    )]
    Diff {
        #[command(flatten)]
        migrations: MigrationsOpts,
        #[command(flatten)]
        db: DbOpts,
        #[command(flatten)]
        dev: DevDbOpts,
        #[command(flatten)]
        read: ReadOpts,
        #[command(flatten)]
        fleet: FleetOpts,
        /// The drift as a readable diff, or JSON ({"drift": [{"summary", "sql"}]}); with
        /// --targets, the summary per target.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write an existing database out as YAML, to take it over.
    #[command(
        long_about = "Read a live database (its public schema, or those named with --schema) and \
            write it as hotelschema YAML: `_types.yaml` for schemas, extensions and enums, then \
            one file per table (`billing.invoice.yaml` outside public) with its triggers, row \
            security and policies (a platform table such as `auth.users` with `external: true` \
            when the project's triggers sit on it), `types.sql` for domains, composite types \
            and sequences, `functions.sql` for functions, procedures, views and materialized \
            views with their comments, and `privileges.sql` for default privileges and grants, \
            with the language's shorthands and without names that are the defaults. A \
            partitioned table is one file with `partition_by:` and its `partitions:`. Objects the \
            model does not cover but PostgreSQL can print (rules, event triggers, range types, a \
            partition's own index, a column of an unknown type, plain aggregates) are kept as raw \
            SQL in `_raw.yaml`; the rest (ordered-set aggregates, operators, foreign tables) is \
            listed on stderr by name. With --platform, what the platform provides (its schemas, tables, functions, \
            extensions) is left out. The output directory must be new or empty; what is written always \
            loads back. Then `hotelschema generate --name init` writes the first migration, \
            which recreates the database.",
        after_help = "Examples:\n  \
            hotelschema pull --db postgres://app@db/legacy --out schema\n  \
            hotelschema pull --db postgres://app@db/legacy --schema public --schema billing\n  \
            hotelschema pull --db postgres://postgres@db.xyz.supabase.co/postgres --platform supabase\n  \
            hotelschema pull --db postgres://app@db/legacy --out /tmp/pulled && hotelschema validate --schema-dir /tmp/pulled"
    )]
    Pull {
        #[command(flatten)]
        db: DbOpts,
        #[command(flatten)]
        read: ReadOpts,
        /// Directory to write the YAML into (new or empty).
        #[arg(long, default_value = "schema", value_name = "DIR")]
        out: PathBuf,
        /// What the platform provides (`supabase`, `citus`, or a stand-in .sql file): its
        /// schemas, tables, functions and extensions are not pulled.
        #[arg(long, value_name = "supabase|citus|FILE")]
        platform: Option<String>,
        /// What was written, and what was not modelled, as text or JSON.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Take over an existing database in place: pull + generate --name init + migrate --baseline.
    #[command(
        long_about = "Take over an existing database in place, in one step: `pull` writes its \
            schema (--schema-dir, which must be new or empty), `generate --name init` writes \
            the first migration (--migrations-dir, which must be new or empty), and `migrate \
            --baseline` records that migration as applied on the database — after proving that \
            the database holds exactly what it builds (built in a scratch database on the \
            server --dev-db names, `--dev-db target` for the target's own, and compared). If the proof fails, the files stay written and nothing is recorded: the \
            difference is shown, and `hotelschema migrate --baseline` can be run again once \
            they agree.",
        after_help = "Examples:\n  \
            hotelschema adopt --db postgres://app@db/legacy --dev-db target\n  \
            hotelschema adopt --db postgres://postgres@db.xyz.supabase.co/postgres --platform supabase \\\n      \
            --dev-db postgres://postgres@localhost/postgres   # the proof built off the platform\n  \
            hotelschema adopt --db postgres://app@db/legacy --dev-db target --schema public --schema billing\n  \
            HOTELSCHEMA_DEV_DB=target hotelschema adopt --db postgres://app@db/legacy --schema-dir db/schema --migrations-dir db/migrations"
    )]
    Adopt {
        /// What the platform provides before any migration: `supabase` or `citus` (built-in
        /// stand-ins) or a .sql file. Written to migrations/platform.sql, which drift and
        /// baseline run first in their scratch databases.
        #[arg(long, value_name = "supabase|citus|FILE")]
        platform: Option<String>,
        #[command(flatten)]
        db: DbOpts,
        #[command(flatten)]
        dev: DevDbOpts,
        #[command(flatten)]
        read: ReadOpts,
        #[command(flatten)]
        schema: SchemaOpts,
        #[command(flatten)]
        migrations: MigrationsOpts,
        #[command(flatten)]
        session: SessionOpts,
    },
    /// Write Markdown documentation of the schema, with a Mermaid ER diagram per schema file.
    #[command(
        long_about = "Write Markdown documentation of the schema into DIR (default docs/schema): \
            an index, and one page per schema file (a domain) with a Mermaid ER diagram of its \
            tables and their relations — GitHub renders it — then each table's columns (type, \
            null, default, comment), references (linked across pages), indexes, checks, \
            triggers and policies.",
        after_help = "Examples:\n  \
            hotelschema docs\n  \
            hotelschema docs --out wiki/schema --schema-dir db/schema"
    )]
    Docs {
        #[command(flatten)]
        schema: SchemaOpts,
        /// Where to write the pages.
        #[arg(long, default_value = "docs/schema", value_name = "DIR")]
        out: PathBuf,
    },
    /// Move a branch's new migrations after every other one (two branches both added V0007).
    #[command(
        long_about = "After merging the main branch, a branch's new migrations may share a version \
            with main's. renumber moves the named migrations, in the order given, after every \
            other one: both files are renamed and the header lines that name them rewritten. \
            Only for migrations not yet applied anywhere: an applied migration keeps its version.",
        after_help = "Examples:\n  \
            hotelschema renumber V0007__add_spa V0008__spa_prices\n  \
            hotelschema renumber add_spa spa_prices --dry-run"
    )]
    Renumber {
        #[command(flatten)]
        migrations: MigrationsOpts,
        /// The migrations to move (file name without .sql, or the name part), in order.
        #[arg(required = true, value_name = "MIGRATION")]
        names: Vec<String>,
        /// Say what would be renamed; rename nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the JSON Schema of the YAML language, for editors (yaml-language-server).
    #[command(
        after_help = "The repository ships it as hotelschema.schema.json; each schema file \
        points at it with a first line `# yaml-language-server: $schema=../hotelschema.schema.json`, \
        so VS Code's YAML extension underlines a typo such as `nulable` while you type.\n\n\
        Examples:\n  \
        hotelschema json-schema > hotelschema.schema.json"
    )]
    JsonSchema,
    /// Start a new project: an example schema, migrations/, checks/config.yaml, a CI workflow.
    #[command(
        long_about = "Start a new project in DIR (default: here): schema/schema.yaml, a commented \
            example that passes validate, generate and check as it is; an empty migrations/; \
            checks/config.yaml with the tenant settings; and .github/workflows/hotelschema.yml, \
            which runs `generate --check` and `check` on every pull request. Nothing is \
            overwritten: if any of these exists, nothing is written.",
        after_help = "Examples:\n  \
            hotelschema init\n  \
            hotelschema init my-service && cd my-service && hotelschema generate --name init"
    )]
    Init {
        /// The project directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = "Examples:\n  \
        hotelschema completions bash > /etc/bash_completion.d/hotelschema\n  \
        hotelschema completions zsh > \"${fpath[1]}/_hotelschema\"\n  \
        hotelschema completions fish > ~/.config/fish/completions/hotelschema.fish")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Show where the cache lives, or empty it (`clear`).
    #[command(
        long_about = "The offline commands (validate, generate, check, diff) cache the schema \
            loaded from schema/ and the schema and findings that replaying migrations/ gives, \
            keyed by a hash of this build of hotelschema and of every file's name and bytes. \
            An applied migration never changes, so a later run replays only the files that are \
            new. The cache is never the source of truth: an edited file misses, a damaged entry \
            is ignored and rebuilt. It lives in $HOTELSCHEMA_CACHE_DIR, else \
            $XDG_CACHE_HOME/hotelschema, else ~/.cache/hotelschema, and keeps the 64 most \
            recently used entries. --no-cache (or HOTELSCHEMA_NO_CACHE=1) bypasses it.",
        after_help = "Examples:\n  \
            hotelschema cache              # where it is, how many entries, how big\n  \
            hotelschema cache clear\n  \
            hotelschema cache --dev-db postgres://ci@localhost/postgres        # drift's templates there\n  \
            hotelschema cache clear --dev-db postgres://ci@localhost/postgres  # and drop them\n  \
            hotelschema check --no-cache"
    )]
    Cache {
        #[arg(value_enum)]
        action: Option<CacheAction>,
        /// A dev server drift builds on (`--dev-db URL` of diff and check): also list the
        /// template databases kept there (hotelschema_template_<hash>), and with `clear` drop
        /// them. Only hotelschema's templates are touched.
        #[arg(long = "dev-db", value_name = "URL")]
        dev_db: Option<String>,
    },
    /// Print the man page (roff), or write one per command into a directory.
    #[command(after_help = "Examples:\n  \
        hotelschema man | man -l -\n  \
        hotelschema man --out /usr/local/share/man/man1")]
    Man {
        /// Write hotelschema.1 and hotelschema-<command>.1 here instead of printing.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// One row per migration: version, name, applied at, state.
    #[command(
        after_help = "States: applied; baselined (recorded by `migrate --baseline`, not run); \
            pending; checksum differs (the file was edited \
            after it was applied); file missing (applied, but no file on disk); down file \
            missing; failed or interrupted (a non-transactional migration that started and did \
            not finish: `migrate` runs it again, first dropping the INVALID indexes it left). \
            INVALID indexes anywhere in the database are listed after the table.\n\n\
            Examples:\n  \
            hotelschema status --db postgres://app@db/hotel\n  \
            hotelschema status --format json\n  \
            hotelschema status --targets targets.yaml      # every database: versions, skew"
    )]
    Status {
        #[command(flatten)]
        migrations: MigrationsOpts,
        #[command(flatten)]
        db: DbOpts,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        fleet: FleetOpts,
    },
}

pub use crate::format::Format;

/// The fleet options every fleet-capable command takes.
#[derive(Args, Debug, Clone, Default)]
pub struct FleetOpts {
    /// Run on every database a targets file lists (see docs/many-databases.md) instead
    /// of one --db.
    #[arg(long, value_name = "FILE", conflicts_with = "url")]
    pub targets: Option<PathBuf>,
    /// Only the targets of this group.
    #[arg(long, value_name = "GROUP", requires = "targets")]
    pub group: Option<String>,
    /// How many targets run at once.
    #[arg(long, value_name = "N", default_value_t = 4, requires = "targets")]
    pub parallel: usize,
    /// Migrate the first N targets first; if one fails, start no other.
    #[arg(long, value_name = "N", requires = "targets")]
    pub canary: Option<usize>,
    /// Keep starting targets after one failed (by default the first failure stops new ones).
    #[arg(long, requires = "targets")]
    pub keep_going: bool,
}

impl FleetOpts {
    /// The rollout these options ask for, when `--targets` is given: plain values for the
    /// fleet, which knows nothing of the command line.
    pub fn rollout(&self) -> Option<crate::fleet::Rollout<'_>> {
        Some(crate::fleet::Rollout {
            targets: self.targets.as_deref()?,
            group: self.group.as_deref(),
            parallel: self.parallel,
            canary: self.canary,
            keep_going: self.keep_going,
        })
    }
}

/// Which schemas (namespaces) of a live database to read.
#[derive(Args, Debug, Clone, Default)]
pub struct ReadOpts {
    /// A schema of the database to read, repeatable (`--schema public --schema billing`).
    /// Tables and enums outside `public` are named `schema.name`. [default: public; for check
    /// and diff, also the schemas the project's YAML or migrations create]
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
}

/// Which database to work on.
#[derive(Args, Debug, Clone)]
pub struct DbOpts {
    /// PostgreSQL URL, e.g. postgres://user:password@host:5432/dbname?sslmode=require.
    /// Without a user, the operating system user is the role (as with psql). Also read from
    /// DATABASE_URL, which a `.env` file in this directory or a parent may set.
    #[arg(
        long = "db",
        env = "DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub url: Option<String>,
}

/// `check`'s database: none unless asked. The merge gate judges the YAML and the migrations;
/// a `DATABASE_URL` in the environment (a CI job's Postgres service, a `.env`) never turns it
/// into a check of a live database.
#[derive(Args, Debug, Clone, Default)]
pub struct CheckDbOpts {
    /// Judge a live database instead of the YAML alone: `--db postgres://user@host/dbname`, or
    /// `--db` alone for the database DATABASE_URL names (a `.env` file may set it). Without
    /// --db, check is offline whatever the environment holds.
    #[arg(
        long = "db",
        value_name = "URL",
        num_args = 0..=1,
        default_missing_value = "",
        hide_default_value = true
    )]
    pub url: Option<String>,
}

impl CheckDbOpts {
    /// The database to judge, if any: `--db URL`, or `--db` alone and DATABASE_URL.
    pub fn resolved(&self) -> Result<DbOpts, UsageError> {
        let url = match self.url.as_deref() {
            None => None,
            Some("") => Some(std::env::var("DATABASE_URL").map_err(|_| {
                UsageError(
                    "--db without a URL reads DATABASE_URL, which is not set; pass --db \
                     postgres://user@host/dbname"
                        .into(),
                )
            })?),
            Some(url) => Some(url.to_string()),
        };
        Ok(DbOpts { url })
    }
}

/// Where scratch databases are built (drift and baseline build the applied migrations in one).
#[derive(Args, Debug, Clone, Default)]
pub struct DevDbOpts {
    /// Where the scratch database that drift and baseline build the applied migrations in is
    /// made: the URL of any database on a throwaway or CI server of the same major version and
    /// extensions as the target (the role needs CREATEDB), or `target` to make it on the target
    /// server itself (hotelschema_expected_<pid>, dropped afterwards). Never on the target
    /// unless asked: without this option (or HOTELSCHEMA_DEV_DB), commands that need a scratch
    /// database stop before touching anything and say so. On a URL's server (never the
    /// target), a build is kept as a template database (hotelschema_template_<hash>, the
    /// newest three) so that the next build of the same or a longer history starts from a copy;
    /// --no-cache keeps none. With `check` offline (no --db), a URL here proves every migration
    /// pair of the history on that server (rule server-proof).
    #[arg(long = "dev-db", id = "dev_db", value_name = "URL|target")]
    pub url: Option<String>,
}

/// The server a scratch database is made on.
#[derive(Debug, Clone)]
pub enum ScratchServer {
    /// The target server, as asked with `--dev-db target`.
    Target,
    /// A server of the user's choosing.
    Dev(Box<crate::db::connect::Database>),
}

impl ScratchServer {
    /// The dev server, or `None` for the target's.
    pub fn dev(&self) -> Option<&crate::db::connect::Database> {
        match self {
            ScratchServer::Target => None,
            ScratchServer::Dev(db) => Some(db),
        }
    }
}

/// The word `--dev-db` takes for the target server.
pub const DEV_DB_TARGET: &str = "target";

/// The server `generate` proves its new migrations on: `--dev-db URL`, else
/// `HOTELSCHEMA_DEV_DB` when it names a server (`target` names none: generate has no target).
pub fn proof_server(
    given: Option<&str>,
) -> Result<Option<crate::db::connect::Database>, crate::UsageError> {
    let Some((url, from)) = dev_db_choice(given) else {
        return Ok(None);
    };
    if url == DEV_DB_TARGET {
        if from == DEV_DB_VARIABLE {
            return Ok(None);
        }
        return Err(crate::UsageError(
            "generate --dev-db target: generate has no target database; give the URL of a \
             throwaway or CI server to prove the new migrations on"
                .into(),
        ));
    }
    crate::db::connect::Database::from_url(&url)
        .map(Some)
        .map_err(|e| crate::UsageError(format!("{from}: {}", e.0)))
}

/// The variable that gives `--dev-db` for every run.
const DEV_DB_VARIABLE: &str = "HOTELSCHEMA_DEV_DB";

/// What `--dev-db` says (`given`), else `HOTELSCHEMA_DEV_DB` when it is set and not empty, and
/// which of the two said it.
fn dev_db_choice(given: Option<&str>) -> Option<(String, &'static str)> {
    match given {
        Some(url) => Some((url.to_string(), "--dev-db")),
        None => std::env::var(DEV_DB_VARIABLE)
            .ok()
            .filter(|url| !url.is_empty())
            .map(|url| (url, DEV_DB_VARIABLE)),
    }
}

impl DevDbOpts {
    /// Where `what` (the command, e.g. "diff") makes its scratch database: `--dev-db`, else
    /// `HOTELSCHEMA_DEV_DB`; with neither, a usage error that says how to choose.
    pub fn server(&self, what: &str) -> Result<ScratchServer, crate::UsageError> {
        let Some((given, from)) = dev_db_choice(self.url.as_deref()) else {
            return Err(crate::UsageError(format!(
                "{what} builds the applied migrations in a scratch database, and \
                 hotelschema never creates one on the target server unless asked; \
                 nothing was done. Say where: --dev-db postgres://user@dev-host/postgres \
                 (a throwaway or CI server with the target's major version and \
                 extensions; the role needs CREATEDB), or --dev-db {DEV_DB_TARGET} to \
                 make it on the target server (created and dropped by this run). \
                 HOTELSCHEMA_DEV_DB=URL|{DEV_DB_TARGET} sets it for every run"
            )));
        };
        if given == DEV_DB_TARGET {
            return Ok(ScratchServer::Target);
        }
        crate::db::connect::Database::from_url(&given)
            .map(|db| ScratchServer::Dev(Box::new(db)))
            .map_err(|e| crate::UsageError(format!("{from}: {}", e.0)))
    }
}

impl DbOpts {
    /// The database `--db` (or DATABASE_URL) names.
    pub fn database(&self) -> Result<crate::db::connect::Database, UsageError> {
        let Some(url) = &self.url else {
            return Err(UsageError(
                "no database given: pass --db postgres://user@host/dbname or set DATABASE_URL"
                    .into(),
            ));
        };
        crate::db::connect::Database::from_url(url)
    }
}

/// Session settings for runs that change the database.
#[derive(Args, Debug, Clone)]
pub struct SessionOpts {
    /// How long to wait for a lock (another run's migration lock, or a table lock held by a
    /// production query) before giving up; PostgreSQL syntax: 30s, 5min, 0 = forever.
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    pub lock_timeout: String,
    /// When a statement gives up waiting for a table lock (--lock-timeout), try it again this
    /// many times, pausing 1 s, 2 s, 4 s... in between (a transactional migration is tried
    /// again whole). With a short timeout (`--lock-timeout 2s --lock-retries 5`), a long query
    /// holding the table delays the deploy instead of failing it, and the sessions queued
    /// behind the waiting ALTER are released every 2 s instead of piling up.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub lock_retries: u32,
    /// Longest time one statement may run; 0 = no limit.
    #[arg(long, default_value = "0", value_name = "DURATION")]
    pub statement_timeout: String,
}

/// Where the schema's YAML files are.
#[derive(Args, Debug, Clone)]
pub struct SchemaOpts {
    /// Directory holding the schema's *.yaml files.
    #[arg(long, default_value = "schema", value_name = "DIR")]
    pub schema_dir: PathBuf,
}

impl MigrationsOpts {
    /// A migrations directory named on the command line (not the default) that does not exist:
    /// a typo must not read as "no migrations yet" to a command that judges them.
    pub fn refuse_a_missing_explicit_dir(&self) -> Result<(), crate::UsageError> {
        let dir = &self.migrations_dir;
        if dir != std::path::Path::new("migrations") && !dir.exists() {
            return Err(crate::UsageError(format!(
                "--migrations-dir {} does not exist; check the path (without it, ./migrations \
                 is read)",
                dir.display()
            )));
        }
        Ok(())
    }
}

/// Where the migrations are.
#[derive(Args, Debug, Clone)]
pub struct MigrationsOpts {
    /// Directory holding the migrations (V0001__name.sql and V0001__name.down.sql).
    #[arg(long, default_value = "migrations", value_name = "DIR")]
    pub migrations_dir: PathBuf,
}

// Each option group writes itself back as arguments, for the runs a fleet starts per target.

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum CacheAction {
    /// Remove every entry.
    Clear,
}
