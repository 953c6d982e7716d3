//! Views: the model, how one is read from `CREATE VIEW` (the schema's `.sql` files, the
//! migration history, and `pg_get_viewdef` of a live database all go through
//! [`View::from_statement`]), and the SQL that creates and drops it. A view's query is text the
//! model does not interpret, written back by PostgreSQL's deparser; what it reads (tables and
//! views) is kept, so a change to a column under it drops and recreates it around the change.

pub mod annotated;
pub mod columns;
pub mod declare;
pub mod diff;
pub mod read;
pub mod rename;
pub mod replay;
pub mod validate;

use pg_query::protobuf::{self, node::Node as N};

use crate::origin::Origin;
use crate::sql::ident::quote_qualified;

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug)]
pub struct View {
    /// `name`, or `schema.name` outside public.
    pub name: String,
    /// `CREATE VIEW ...` / `CREATE MATERIALIZED VIEW ...` as pg_query deparses it (never
    /// `OR REPLACE`, never `WITH NO DATA`: whether a materialized view holds rows is data).
    pub definition: String,
    pub materialized: bool,
    /// The relations its query reads (model names), to order views and to rebuild them when a
    /// column under them changes.
    pub reads: Vec<String>,
    /// Indexes of a materialized view: (name, `CREATE INDEX` as pg_query deparses it).
    pub indexes: Vec<(String, String)>,
    /// Its triggers (INSTEAD OF, on a view), created with it.
    pub triggers: Vec<crate::objects::trigger::Trigger>,
    /// GRANTs on it (see `objects::privilege`); compared by the grants planner, not here.
    pub grants: Vec<crate::objects::privilege::Grant>,
    pub comment: Option<String>,
    /// A declared rename (`-- renamed from: old_name` above it): the next migration renames it.
    pub renamed_from: crate::origin::Hint<Option<String>>,
    pub origin: Origin,
}

/// Two views are the same view when their names and queries are: grants, comments and the
/// indexes of a materialized view change without rebuilding it.
impl PartialEq for View {
    fn eq(&self, other: &View) -> bool {
        self.name == other.name
            && self.definition == other.definition
            && self.materialized == other.materialized
    }
}

impl Eq for View {}

/// The model's name of a relation a view statement names: `name` in public (or unqualified),
/// `schema.name` elsewhere.
pub(crate) fn model_name(schema: &str, relname: &str) -> String {
    match schema {
        "" | "public" => relname.to_string(),
        schema => format!("{schema}.{relname}"),
    }
}

impl View {
    pub fn from_statement(s: &protobuf::ViewStmt, origin: Origin) -> Result<View, String> {
        let relation = s.view.as_ref().ok_or("a view without a name")?;
        let name = model_name(&relation.schemaname, &relation.relname);
        let mut canonical = s.clone();
        canonical.replace = false;
        if let Some(v) = canonical.view.as_mut() {
            if v.schemaname == "public" {
                v.schemaname.clear();
            }
        }
        let node = N::ViewStmt(canonical.into());
        Self::read(name, node, relation, false, origin)
    }

    /// Reads `CREATE MATERIALIZED VIEW` (a `CREATE TABLE AS` for pg_query).
    pub fn from_matview(s: &protobuf::CreateTableAsStmt, origin: Origin) -> Result<View, String> {
        let into = s
            .into
            .as_ref()
            .ok_or("a materialized view without a name")?;
        let relation = into
            .rel
            .as_ref()
            .ok_or("a materialized view without a name")?;
        let name = model_name(&relation.schemaname, &relation.relname);
        let mut canonical = s.clone();
        canonical.if_not_exists = false;
        if let Some(into) = canonical.into.as_mut() {
            into.skip_data = false;
            if let Some(rel) = into.rel.as_mut() {
                if rel.schemaname == "public" {
                    rel.schemaname.clear();
                }
            }
        }
        let relation = relation.clone();
        let node = N::CreateTableAsStmt(canonical.into());
        Self::read(name, node, &relation, true, origin)
    }

    fn read(
        name: String,
        node: N,
        relation: &protobuf::RangeVar,
        materialized: bool,
        origin: Origin,
    ) -> Result<View, String> {
        let definition = node
            .deparse(Default::default())
            .map_err(|e| format!("cannot write back the view: {e}"))?;
        let nodes = node.nodes();
        // A WITH query's name read in FROM is not a relation.
        let ctes: Vec<&str> = nodes
            .iter()
            .filter_map(|(n, ..)| match n {
                pg_query::NodeRef::CommonTableExpr(c) => Some(c.ctename.as_str()),
                _ => None,
            })
            .collect();
        let mut reads: Vec<String> = nodes
            .iter()
            .filter_map(|(n, ..)| match n {
                pg_query::NodeRef::RangeVar(r)
                    if (r.relname != relation.relname || r.schemaname != relation.schemaname)
                        && !(r.schemaname.is_empty() && ctes.contains(&r.relname.as_str())) =>
                {
                    Some(model_name(&r.schemaname, &r.relname))
                }
                _ => None,
            })
            .collect();
        reads.sort();
        reads.dedup();
        Ok(View {
            name,
            definition,
            materialized,
            reads,
            indexes: Vec::new(),
            triggers: Vec::new(),
            grants: Vec::new(),
            comment: None,
            renamed_from: Default::default(),
            origin,
        })
    }

    /// This view under the name `new` (in its schema), its definition written back with it;
    /// indexes, grants and comment kept.
    pub fn renamed(&self, new: &str) -> Result<View, String> {
        let new = crate::names::sibling_name(&self.name, new);
        let renamed = self.definition.replacen(
            &format!("VIEW {}", quote_qualified(&self.name)),
            &format!("VIEW {}", quote_qualified(&new)),
            1,
        );
        let parsed = pg_query::parse(&renamed, 0).map_err(|e| e.to_string())?;
        let fresh = match parsed.protobuf.stmts[0].stmt.clone().and_then(|s| s.node) {
            Some(N::ViewStmt(s)) => View::from_statement(&s, self.origin.clone())?,
            Some(N::CreateTableAsStmt(s)) => View::from_matview(&s, self.origin.clone())?,
            _ => return Err(format!("cannot read back view {}", self.name)),
        };
        Ok(View {
            indexes: self.indexes.clone(),
            triggers: self.triggers.clone(),
            grants: self.grants.clone(),
            comment: self.comment.clone(),
            renamed_from: self.renamed_from.clone(),
            ..fresh
        })
    }

    pub fn rename_sql(&self, new: &str) -> String {
        format!(
            "ALTER {} {} RENAME TO {};",
            self.keyword(),
            quote_qualified(&self.name),
            crate::sql::ident::quote(new)
        )
    }

    /// `VIEW` or `MATERIALIZED VIEW`, as statements about it say.
    pub fn keyword(&self) -> &'static str {
        if self.materialized {
            "MATERIALIZED VIEW"
        } else {
            "VIEW"
        }
    }

    /// Adds (or replaces, `CREATE INDEX IF NOT EXISTS` aside) an index of a materialized view.
    pub fn add_index(&mut self, s: &protobuf::IndexStmt) -> Result<(), String> {
        if !self.materialized {
            return Err(format!(
                "{} is a view: only materialized views have indexes",
                self.name
            ));
        }
        if s.idxname.is_empty() {
            return Err(format!(
                "an index on materialized view {} needs a name (CREATE INDEX name ON ...)",
                self.name
            ));
        }
        if self.indexes.iter().any(|(n, _)| *n == s.idxname) {
            return if s.if_not_exists {
                Ok(())
            } else {
                Err(format!("index `{}` is created twice", s.idxname))
            };
        }
        let mut canonical = s.clone();
        canonical.concurrent = false;
        canonical.if_not_exists = false;
        if let Some(r) = canonical.relation.as_mut() {
            if r.schemaname == "public" {
                r.schemaname.clear();
            }
        }
        let definition = N::IndexStmt(canonical.into())
            .deparse(Default::default())
            .map_err(|e| format!("cannot write back the index: {e}"))?;
        self.indexes.push((s.idxname.clone(), definition));
        self.indexes.sort();
        Ok(())
    }

    pub fn index_drop_sql(&self, name: &str) -> String {
        format!(
            "DROP INDEX {};",
            quote_qualified(&crate::names::sibling_name(&self.name, name))
        )
    }

    /// The `CREATE` statement as a reviewer reads it: pretty-printed by PostgreSQL's deparser
    /// (one clause a line), not the one line the model compares. The same text either way
    /// to PostgreSQL; if the deparser cannot print it so, the one line.
    pub fn create_sql(&self) -> String {
        let pretty = pg_query::parse(&self.definition, 0).and_then(|parsed| {
            pg_query::deparse(
                &parsed.protobuf,
                pg_query::DeparseOptions {
                    pretty_print: true,
                    indent_size: 4,
                    ..Default::default()
                },
            )
        });
        match pretty {
            Ok(sql) => format!("{};", sql.trim_end().trim_end_matches(';')),
            Err(_) => format!("{};", self.definition),
        }
    }

    pub fn drop_sql(&self) -> String {
        format!("DROP {} {};", self.keyword(), quote_qualified(&self.name))
    }
}

/// `views` in an order where each comes after the views it reads (stable otherwise).
pub fn in_dependency_order<'v>(views: &[&'v View]) -> Vec<&'v View> {
    let mut out: Vec<&View> = Vec::new();
    let mut left: Vec<&View> = views.to_vec();
    while !left.is_empty() {
        let before = left.len();
        let mut i = 0;
        while i < left.len() {
            let ready = left[i]
                .reads
                .iter()
                .all(|r| !left.iter().any(|v| &v.name == r) || r == &left[i].name);
            if ready {
                out.push(left.remove(i));
            } else {
                i += 1;
            }
        }
        if left.len() == before {
            out.append(&mut left); // a cycle: PostgreSQL will say so
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(sql: &str) -> View {
        let parsed = pg_query::parse(sql, 0).unwrap();
        let Some(N::ViewStmt(s)) = parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|s| s.node.as_ref())
        else {
            panic!("{sql}")
        };
        View::from_statement(s, Origin::default()).unwrap()
    }

    #[test]
    fn views_know_what_they_read_and_spelling_never_counts() {
        let a = read("create view open_tickets as select t.id, g.name from ticket t join guest g on g.id = t.guest_id where t.status = 'open'");
        let b = read("CREATE OR REPLACE VIEW public.open_tickets AS SELECT t.id, g.name FROM ticket t JOIN guest g ON g.id = t.guest_id WHERE t.status = 'open';");
        assert_eq!(a, b);
        assert_eq!(a.reads, ["guest", "ticket"]);
        let c = read("CREATE VIEW busy AS SELECT * FROM open_tickets");
        let order = in_dependency_order(&[&c, &a]);
        assert_eq!(order[0].name, "open_tickets");
        assert_eq!(c.drop_sql(), "DROP VIEW busy;");
    }
}

#[cfg(test)]
mod pretty_tests {
    use super::*;

    #[test]
    fn a_view_is_written_one_clause_a_line_and_reads_back_the_same() {
        let sql = "CREATE VIEW open_tickets AS SELECT t.id, t.title, count(m.id) AS messages \
                   FROM ticket t LEFT JOIN message m ON m.ticket_id = t.id \
                   WHERE t.status = 'open' GROUP BY t.id, t.title ORDER BY t.id";
        let parsed = pg_query::parse(sql, 0).unwrap();
        let Some(N::ViewStmt(s)) = parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|n| n.node.as_ref())
        else {
            panic!("a view");
        };
        let view = View::from_statement(s, Origin::default()).unwrap();
        let written = view.create_sql();
        assert!(written.lines().count() > 4, "{written}");
        assert!(
            written.contains("\nFROM") || written.contains("\n    FROM"),
            "{written}"
        );
        // Read back, it is the same view.
        let again = pg_query::parse(&written, 0).unwrap();
        let Some(N::ViewStmt(s)) = again.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|n| n.node.as_ref())
        else {
            panic!("a view");
        };
        assert_eq!(View::from_statement(s, Origin::default()).unwrap(), view);
    }
}
