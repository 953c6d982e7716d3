//! Unit tests of the replay.

mod unit {
    use super::super::*;

    fn replay(sql: &str) -> Result<Schema, Diagnostic> {
        let mut s = Schema::default();
        replay_file(&mut s, "V1__t.sql", sql)?;
        Ok(s)
    }

    #[test]
    fn replays_tables_constraints_and_indexes() {
        let s = replay(
            "CREATE TYPE mood AS ENUM ('a', 'b');
             CREATE TABLE t (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'a', n numeric(10,2),
                             u text UNIQUE, CONSTRAINT t_n_check CHECK (n > 0));
             CREATE TABLE c (id bigint NOT NULL, t_id int REFERENCES t ON DELETE CASCADE);
             CREATE INDEX c_t_id_idx ON c (t_id DESC NULLS LAST) WHERE t_id IS NOT NULL;
             CREATE UNIQUE INDEX c_id_uq ON c (id);
             COMMENT ON TABLE t IS 'hi';
             ALTER TYPE mood ADD VALUE 'z' BEFORE 'b';
             SELECT 1; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
        )
        .unwrap();
        let t = s.table("t").unwrap();
        assert_eq!(t.primary_key.as_ref().unwrap().name, "t_pkey");
        assert_eq!(t.column("m").unwrap().default.as_deref(), Some("'a'"));
        assert!(!t.column("m").unwrap().nullable);
        assert!(
            !t.column("id").unwrap().nullable,
            "primary key columns are NOT NULL"
        );
        assert_eq!(
            t.column("n").unwrap().column_type.to_string(),
            "numeric(10,2)"
        );
        assert_eq!(t.uniques[0].name, "t_u_key");
        assert_eq!(t.checks[0].expression, "n > 0");
        assert_eq!(t.comment.as_deref(), Some("hi"));
        let c = s.table("c").unwrap();
        assert_eq!(c.foreign_keys[0].ref_columns, ["id"]);
        assert_eq!(c.foreign_keys[0].on_delete, FkAction::Cascade);
        assert!(c.indexes[0].elements[0].descending);
        assert_eq!(c.indexes[0].predicate.as_deref(), Some("t_id IS NOT NULL"));
        assert_eq!(s.enum_type("mood").unwrap().values, ["a", "z", "b"]);
    }

    #[test]
    fn foreign_keys_may_point_at_tables_of_other_schemas() {
        let s = replay(
            "CREATE TABLE p (id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE);",
        )
        .unwrap();
        let fk = &s.table("p").unwrap().foreign_keys[0];
        assert_eq!(fk.ref_table, "auth.users");
        assert_eq!(
            crate::objects::table::render::add_foreign_key(s.table("p").unwrap(), fk),
            "ALTER TABLE p ADD CONSTRAINT p_id_fkey FOREIGN KEY (id) REFERENCES auth.users (id) ON DELETE CASCADE;"
        );
    }

    #[test]
    fn replays_alter_rename_and_drop() {
        let s = replay(
            "CREATE TABLE t (id int PRIMARY KEY, a text, b text);
             CREATE INDEX t_a_idx ON t (a);
             ALTER TABLE t ADD CONSTRAINT t_b_check CHECK (b <> '');
             ALTER TABLE t RENAME COLUMN b TO bee;
             ALTER TABLE t ALTER COLUMN a TYPE varchar(10), ALTER COLUMN a SET NOT NULL;
             ALTER TABLE t ALTER COLUMN bee SET DEFAULT 'x';
             ALTER TABLE t RENAME TO tt;
             ALTER INDEX t_a_idx RENAME TO tt_a_idx;
             ALTER TABLE tt DROP COLUMN a;
             ALTER TABLE tt ENABLE ROW LEVEL SECURITY;",
        )
        .unwrap();
        let t = s.table("tt").unwrap();
        assert_eq!(
            t.columns
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>(),
            ["id", "bee"]
        );
        assert_eq!(t.checks[0].expression, "bee <> ''");
        assert_eq!(t.column("bee").unwrap().default.as_deref(), Some("'x'"));
        assert!(t.indexes.is_empty(), "the index went with its column");
    }

    #[test]
    fn errors_name_the_line_and_what_cannot_be_followed() {
        let e = replay("CREATE TABLE t (id int);\n\nALTER TABLE t ALTER COLUMN nope SET NOT NULL;")
            .unwrap_err();
        assert_eq!(e.origin.line, 3);
        assert!(e.message.contains("no column `nope`"), "{e}");
        let e = replay("CREATE TABLE t (id int);\nCREATE TABLE u AS SELECT * FROM t;").unwrap_err();
        assert_eq!(e.origin.line, 2);
        let e = replay("CREATE TABLE t (id int);\n\nCREAT TABLE u ();").unwrap_err();
        assert_eq!(e.origin.line, 3);
        assert!(e.message.contains("cannot parse"), "{e}");
    }

    #[test]
    fn each_kind_of_failure_gets_its_own_fix() {
        let hint = |sql: &str| replay(sql).unwrap_err().hint.unwrap_or_default();
        // Named before it is created: the order of the files is the thing to look at.
        let missing = hint("ALTER TABLE nowhere ADD COLUMN x int;");
        assert!(
            missing.contains("an earlier migration must create it"),
            "{missing}"
        );
        // Every kind's replay says it the same way.
        for sql in [
            "DROP VIEW v;",
            "DROP EXTENSION citext;",
            "ALTER TYPE mood ADD VALUE 'ok';",
            "DROP FUNCTION f(int);",
            "DROP PUBLICATION feed;",
            "CREATE TABLE t (id int);\nDROP TRIGGER nope ON t;",
            "CREATE TABLE t (id int);\nALTER TRIGGER nope ON t RENAME TO x;",
            "CREATE TABLE t (id int);\nALTER POLICY nope ON t USING (true);",
        ] {
            assert_eq!(hint(sql), missing, "{sql}");
        }
        // Created twice.
        let exists = hint("CREATE TABLE t (id int);\nCREATE SEQUENCE t;");
        assert!(exists.contains("creates it already"), "{exists}");
        for sql in [
            "CREATE EXTENSION citext;\nCREATE EXTENSION citext;",
            "CREATE TYPE mood AS ENUM ('a');\nCREATE TYPE mood AS ENUM ('b');",
            "CREATE TABLE t (id int);\nCREATE TABLE t (id int);",
        ] {
            assert_eq!(hint(sql), exists, "{sql}");
        }
        // Valid SQL the model does not follow.
        let other = hint("CREATE TABLE t (id int);\nCREATE TABLE u AS SELECT * FROM t;");
        assert!(other.contains("docs/replay.md"), "{other}");
    }

    #[test]
    fn schemas_the_history_creates_hold_tables_enums_and_indexes() {
        let s = replay(
            "CREATE SCHEMA billing;
             CREATE TYPE billing.state AS ENUM ('draft');
             CREATE TABLE billing.invoice (id int PRIMARY KEY, state billing.state, n int UNIQUE);
             CREATE INDEX invoice_state_idx ON billing.invoice (state);
             CREATE INDEX ON billing.invoice (n);
             CREATE TABLE payment (invoice_id int REFERENCES billing.invoice);
             CREATE INDEX invoice_state_idx ON payment (invoice_id);
             ALTER INDEX billing.invoice_state_idx RENAME TO by_state;
             ALTER TABLE billing.invoice RENAME TO bill;
             ALTER TYPE billing.state RENAME TO status;
             DROP INDEX billing.invoice_n_idx;",
        )
        .unwrap();
        assert_eq!(s.schemas[0].name, "billing");
        let t = s.table("billing.bill").expect("renamed within its schema");
        assert_eq!(t.primary_key.as_ref().unwrap().name, "invoice_pkey");
        assert_eq!(t.uniques[0].name, "invoice_n_key");
        let indexes: Vec<&str> = t.indexes.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(indexes, ["by_state"]);
        assert_eq!(t.columns[1].column_type.to_string(), "billing.status");
        assert_eq!(s.enums[0].name, "billing.status");
        let p = s.table("payment").unwrap();
        assert_eq!(p.indexes[0].name, "invoice_state_idx", "public's own index");
        assert_eq!(p.foreign_keys[0].ref_table, "billing.bill");

        let e = replay("CREATE TABLE billing.t (id int);").unwrap_err();
        assert!(
            e.message
                .contains("schema `billing` is not created by the migrations"),
            "{e}"
        );
        let e = replay("CREATE SCHEMA a;\nCREATE TABLE a.t (id int);\nDROP SCHEMA a;").unwrap_err();
        assert_eq!(e.origin.line, 3);
        assert!(e.message.contains("still holds `a.t`"), "{e}");
        let s =
            replay("CREATE SCHEMA a;\nCREATE TABLE a.t (id int);\nDROP SCHEMA a CASCADE;").unwrap();
        assert!(s.is_empty());
    }

    #[test]
    fn expressions_normalise() {
        assert_eq!(
            normalize_expression("NOW( )"),
            normalize_expression("now()")
        );
        assert_eq!(
            normalize_expression("status in ('a','b')"),
            normalize_expression("status IN ('a', 'b')")
        );
    }
}

mod chunks {
    use super::super::*;
    use crate::sql::pieces::{pieces, CHUNK_BYTES};

    #[test]
    fn a_large_file_is_parsed_in_pieces_with_the_same_statements_and_lines() {
        // 1.5 MB: long literals keep the statement count small; a function body with `;`
        // inside dollar quotes must not be cut.
        let filler = "x".repeat(10_000);
        let mut sql = String::from("-- header\n");
        for i in 0..150 {
            sql.push_str(&format!(
                "SELECT '{filler}';\nCREATE TABLE t{i} (id int);\n"
            ));
            if i == 100 {
                sql.push_str(
                    "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql;\n",
                );
            }
        }
        assert!(sql.len() > CHUNK_BYTES);
        let pieces = pieces(&sql);
        assert!(pieces.len() > 1, "{pieces:?}");
        let statements = parse_statements("big.sql", &sql).unwrap();
        // 150 tables and the function; the SELECTs are data statements, not kept.
        assert_eq!(statements.len(), 151);
        let line_of_t149 = sql
            .lines()
            .position(|l| l == "CREATE TABLE t149 (id int);")
            .unwrap()
            + 1;
        assert_eq!(statements.last().unwrap().origin.line, line_of_t149);
        let mut schema = Schema::default();
        replay_file(&mut schema, "big.sql", &sql).unwrap();
        assert_eq!(schema.tables.len(), 150);
    }

    #[test]
    fn a_function_body_across_a_piece_boundary_is_not_cut() {
        // PostgreSQL's scanner split cut a BEGIN ATOMIC body at its first `;`, and the piece
        // failed to parse.
        let mut sql = String::new();
        while sql.len() < CHUNK_BYTES - 40 {
            sql.push_str(&format!("CREATE TABLE t{} (id int);\n", sql.len()));
        }
        sql.push_str(
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  \
             SELECT 2;\n  SELECT 3;\nEND;\nCREATE TABLE last (id int);\n",
        );
        let boundary = pieces(&sql)[0].1;
        assert!(
            sql[..boundary].ends_with("END;"),
            "{}",
            &sql[boundary - 60..]
        );
        let statements = parse_statements("big.sql", &sql).unwrap();
        assert!(matches!(statements.last().unwrap().node, N::CreateStmt(_)));
    }
}

mod types {
    use super::super::*;

    fn t(sql: &str) -> String {
        let parsed = pg_query::parse(&format!("CREATE DOMAIN d AS {sql}"), 0).unwrap();
        let Some(N::CreateDomainStmt(d)) = parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|s| s.node.as_ref())
        else {
            panic!("{sql}")
        };
        let tn = d.type_name.as_ref().unwrap();
        type_sql(tn).unwrap()
    }

    #[test]
    fn spellings_of_one_type_read_the_same() {
        assert_eq!(t("int"), t("integer"));
        assert_eq!(t("int4"), t("integer"));
        assert_eq!(t("public.mood"), t("mood"));
        assert_eq!(t("character varying(10)"), t("varchar(10)"));
        assert_ne!(t("varchar(10)"), t("varchar(11)"));
        assert_eq!(t("numeric(10, 2)[]"), t("numeric(10,2)[]"));
    }

    /// The regression guard of the speed issue: a history of one big file is placed on lines
    /// in time linear in its size (the old count from the start of the file for every
    /// statement scanned 2,000 × the file here). Deterministic: bytes scanned, not seconds.
    #[test]
    fn placing_statements_is_linear() {
        let mut sql = String::new();
        for i in 0..1000 {
            sql.push_str(&format!(
                "-- table {i}\nCREATE TABLE t{i} (id int PRIMARY KEY, code text);\n\n\
                 CREATE INDEX t{i}_code_idx ON t{i} (code);\n"
            ));
        }
        let before = bytes_scanned();
        let statements = parse_statements("V1__big.sql", &sql).unwrap();
        let scanned = bytes_scanned() - before;
        assert_eq!(statements.len(), 2000);
        assert_eq!(statements[1999].origin.line, 4000);
        assert_eq!(statements[0].origin.line, 2, "past the comment line");
        assert!(
            scanned <= 2 * sql.len(),
            "placing 2,000 statements scanned {scanned} bytes of a {}-byte file",
            sql.len()
        );
        let mut s = Schema::default();
        History::new(Schema::default()).apply(&statements).unwrap();
        replay_file(&mut s, "V1__big.sql", &sql).unwrap();
        assert_eq!(s.tables.len(), 1000);
    }
}

/// The object kinds' statements through the replay (kept beside the replay: the kinds
/// themselves do not depend on it).
mod object_kinds {
    use crate::objects::function::Function;
    use crate::schema::model::Schema;
    use crate::sql::replay::replay_file;

    #[test]
    fn the_history_follows_create_replace_rename_and_drop_and_refuses_the_rest() {
        let mut s = Schema::default();
        replay_file(
            &mut s,
            "V1.sql",
            "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';\n\
             CREATE OR REPLACE FUNCTION f(x integer) RETURNS int LANGUAGE sql AS 'SELECT x + 1';\n\
             CREATE FUNCTION f(x bigint) RETURNS int LANGUAGE sql AS 'SELECT 1';\n\
             ALTER FUNCTION f(bigint) RENAME TO g;\n\
             DROP FUNCTION IF EXISTS nothing(int);",
        )
        .unwrap();
        let ids: Vec<String> = s.functions.iter().map(Function::identity).collect();
        assert_eq!(ids, ["f(int4)", "g(int8)"]);
        assert!(s.functions[0].definition.contains("x + 1"));
        assert!(s.functions[1].definition.contains("FUNCTION g("));
        for (sql, why) in [
            (
                "CREATE OR REPLACE FUNCTION f(x int) RETURNS bigint LANGUAGE sql AS 'SELECT 1';",
                "cannot change the parameters or return type",
            ),
            ("DROP FUNCTION missing(int);", "does not exist"),
            ("ALTER FUNCTION f(int) SET SCHEMA other;", "not modelled"),
            (
                "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS 'SELECT 2';",
                "created twice",
            ),
        ] {
            let e = replay_file(&mut s.clone(), "V2.sql", sql).unwrap_err();
            assert!(e.message.contains(why), "{sql}: {}", e.message);
            assert_eq!(e.origin.line, 1);
        }
    }

    #[test]
    fn the_history_follows_row_security_and_policies() {
        let mut s = Schema::default();
        replay_file(
            &mut s,
            "V1.sql",
            "CREATE TABLE t (id int, org uuid);\n\
             ALTER TABLE t ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;\n\
             CREATE POLICY p ON t FOR SELECT TO app USING (id > 0);\n\
             CREATE POLICY q ON t AS RESTRICTIVE USING (true) WITH CHECK (org IS NOT NULL);\n\
             ALTER POLICY p ON t TO app, admin USING (id >= 0);\n\
             ALTER POLICY q ON t RENAME TO q2;\n\
             DROP POLICY IF EXISTS nothing ON t;",
        )
        .unwrap();
        let t = s.table("t").unwrap();
        assert!(t.rls && t.force_rls);
        assert_eq!(t.policies[0].roles, ["admin", "app"]);
        assert_eq!(t.policies[0].using.as_deref(), Some("id >= 0"));
        assert_eq!(
            (t.policies[1].name.as_str(), t.policies[1].permissive),
            ("q2", false)
        );
        replay_file(
            &mut s,
            "V2.sql",
            "DROP POLICY p ON t; ALTER TABLE t NO FORCE ROW LEVEL SECURITY;",
        )
        .unwrap();
        let t = s.table("t").unwrap();
        assert_eq!((t.policies.len(), t.force_rls), (1, false));
        for (sql, why) in [
            ("DROP POLICY p ON t;", "does not exist"),
            ("CREATE POLICY q2 ON t USING (true);", "created twice"),
            (
                "CREATE POLICY r ON t TO CURRENT_USER USING (true);",
                "not modelled",
            ),
        ] {
            let e = replay_file(&mut s.clone(), "V3.sql", sql).unwrap_err();
            assert!(e.message.contains(why), "{sql}: {}", e.message);
        }
    }

    #[test]
    fn the_history_follows_triggers_and_refuses_what_it_cannot_model() {
        let mut s = Schema::default();
        replay_file(
            &mut s,
            "V1.sql",
            "CREATE TABLE t (id int);\n\
             CREATE TRIGGER a BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();\n\
             CREATE TRIGGER b AFTER INSERT ON t FOR EACH STATEMENT EXECUTE PROCEDURE f('x');\n\
             ALTER TABLE t DISABLE TRIGGER b;\n\
             ALTER TRIGGER a ON t RENAME TO a2;\n\
             CREATE OR REPLACE TRIGGER a2 BEFORE DELETE ON t FOR EACH ROW EXECUTE FUNCTION f();\n\
             ALTER TABLE t RENAME TO u;",
        )
        .unwrap();
        let u = s.table("u").unwrap();
        let names: Vec<(&str, bool)> = u
            .triggers
            .iter()
            .map(|t| (t.name.as_str(), t.enabled))
            .collect();
        assert_eq!(names, [("a2", true), ("b", false)]);
        assert_eq!(u.triggers[0].events, ["delete"]);
        assert_eq!(u.triggers[1].args, ["x"]);
        replay_file(
            &mut s,
            "V2.sql",
            "DROP TRIGGER a2 ON u; DROP TRIGGER IF EXISTS zz ON u;",
        )
        .unwrap();
        assert_eq!(s.table("u").unwrap().triggers.len(), 1);
        for (sql, why) in [
            ("DROP TRIGGER nope ON u;", "does not exist"),
            ("ALTER TABLE u ENABLE ALWAYS TRIGGER b;", "not modelled"),
            ("ALTER TABLE u DISABLE TRIGGER ALL;", "not modelled"),
            (
                "CREATE TRIGGER b AFTER INSERT ON u EXECUTE FUNCTION f();",
                "created twice",
            ),
            (
                "CREATE CONSTRAINT TRIGGER c AFTER INSERT ON u FOR EACH ROW EXECUTE FUNCTION f();",
                "not modelled",
            ),
        ] {
            let e = replay_file(&mut s.clone(), "V3.sql", sql).unwrap_err();
            assert!(e.message.contains(why), "{sql}: {}", e.message);
        }
    }

    #[test]
    fn the_history_follows_views() {
        let mut s = Schema::default();
        replay_file(
            &mut s,
            "V1.sql",
            "CREATE TABLE t (id int);\n\
             CREATE VIEW v AS SELECT id FROM t;\n\
             CREATE OR REPLACE VIEW v AS SELECT id, id + 1 AS next FROM t;\n\
             ALTER VIEW v RENAME TO w;\n\
             DROP VIEW IF EXISTS nothing;",
        )
        .unwrap();
        assert_eq!(s.views.len(), 1);
        assert_eq!(s.views[0].name, "w");
        assert!(s.views[0]
            .definition
            .starts_with("CREATE VIEW w AS SELECT id, id + 1"));
        for (sql, why) in [
            ("CREATE VIEW w AS SELECT 1;", "created twice"),
            ("DROP VIEW v;", "does not exist"),
            ("CREATE VIEW t AS SELECT 1;", "already a table"),
        ] {
            let e = replay_file(&mut s.clone(), "V2.sql", sql).unwrap_err();
            assert!(e.message.contains(why), "{sql}: {}", e.message);
        }
    }
}

/// `ALTER FUNCTION` through the replay.
mod alter_function {
    use crate::schema::model::Schema;
    use crate::sql::replay::replay_file;

    #[test]
    fn alter_function_reaches_what_the_same_options_declared_give() {
        let mut altered = Schema::default();
        replay_file(
            &mut altered,
            "V1.sql",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n\
             ALTER FUNCTION f() SECURITY DEFINER SET search_path = pg_catalog, public STABLE;\n\
             ALTER FUNCTION f() SET work_mem = '64MB';\n\
             ALTER FUNCTION f() RESET work_mem;",
        )
        .unwrap();
        let mut declared = Schema::default();
        replay_file(
            &mut declared,
            "V1.sql",
            "CREATE FUNCTION f() RETURNS int STABLE SET search_path = pg_catalog, public \
             SECURITY DEFINER LANGUAGE sql AS $$ SELECT 1 $$;",
        )
        .unwrap();
        assert_eq!(altered.functions, declared.functions);
        let mut other = Schema::default();
        replay_file(
            &mut other,
            "V1.sql",
            "CREATE FUNCTION f() RETURNS int STABLE LANGUAGE sql AS $$ SELECT 1 $$;",
        )
        .unwrap();
        assert_ne!(altered.functions, other.functions);
    }

    #[test]
    fn drop_if_exists_passes_over_a_missing_function_but_not_an_ambiguous_name() {
        let replay = |sql: &str| {
            let mut schema = Schema::default();
            replay_file(&mut schema, "V0001__f.sql", sql)
        };
        let two = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'SELECT 1';\n\
                   CREATE FUNCTION f(a text) RETURNS int LANGUAGE sql AS 'SELECT 2';\n";
        assert!(replay(&format!("{two}DROP FUNCTION IF EXISTS g;")).is_ok());
        let ambiguous = replay(&format!("{two}DROP FUNCTION IF EXISTS f;"))
            .expect_err("PostgreSQL refuses an ambiguous name, IF EXISTS or not");
        assert!(ambiguous.to_string().contains("ambiguous"), "{ambiguous}");
        assert!(replay(&format!("{two}DROP FUNCTION IF EXISTS f(text);")).is_ok());
    }
}
