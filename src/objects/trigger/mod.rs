//! Triggers: the model, how one is read from `CREATE TRIGGER` (replay) or from a table's
//! `triggers:` in the YAML, and the SQL that creates, drops, enables and disables it. A trigger
//! belongs to its table (it lives in `Table::triggers`): dropping or renaming the table carries
//! it along, as PostgreSQL does.

pub mod declare;
pub mod diff;
pub mod read;
pub mod rename;
pub mod replay;

use pg_query::protobuf::{self, node::Node as N};

use crate::objects::function::qualified;
use crate::origin::Origin;
use crate::sql::ident::{literal, quote, quote_qualified};
use crate::sql::normal::{expression_sql, normalize_expression};

#[derive(serde::Serialize, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    Before,
    After,
    InsteadOf,
}

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    pub name: String,
    pub timing: Timing,
    /// In PostgreSQL's order: insert, delete, update, truncate.
    pub events: Vec<String>,
    /// `UPDATE OF` these columns.
    pub update_of: Vec<String>,
    pub for_each_row: bool,
    /// The WHEN condition, in PostgreSQL's canonical spelling.
    pub when: Option<String>,
    /// The function it executes (`name` or `schema.name`; it takes no declared arguments).
    pub function: String,
    /// Constant arguments, passed as text (TG_ARGV).
    pub args: Vec<String>,
    /// `REFERENCING OLD TABLE AS name` / `NEW TABLE AS name` of an AFTER trigger: the rows
    /// the statement changed, as a relation the function reads.
    #[serde(default)]
    pub old_table: Option<String>,
    #[serde(default)]
    pub new_table: Option<String>,
    pub enabled: bool,
    pub comment: Option<String>,
    /// `renamed_from:` in the YAML: the next migration renames it.
    pub renamed_from: crate::origin::Hint<Option<String>>,
    pub origin: Origin,
}

/// The events a trigger may fire on, in PostgreSQL's order (and bit).
const EVENTS: &[(&str, i32)] = &[
    ("insert", 4),
    ("delete", 8),
    ("update", 16),
    ("truncate", 32),
];

impl Trigger {
    /// From the YAML's spelling: timing `before | after | instead_of`, events as words.
    #[allow(clippy::too_many_arguments)]
    pub fn declared(
        name: String,
        timing: &str,
        events: &[String],
        update_of: Vec<String>,
        for_each: &str,
        when: Option<&str>,
        function: String,
        args: Vec<String>,
        enabled: bool,
        origin: Origin,
    ) -> Result<Trigger, String> {
        let timing = match timing {
            "before" => Timing::Before,
            "after" => Timing::After,
            "instead_of" => Timing::InsteadOf,
            other => {
                return Err(format!(
                    "timing `{other}` is not one of before, after, instead_of"
                ))
            }
        };
        let mut ordered = Vec::new();
        for (event, _) in EVENTS {
            if events.iter().any(|e| e == event) {
                ordered.push(event.to_string());
            }
        }
        if let Some(bad) = events.iter().find(|e| !EVENTS.iter().any(|(x, _)| x == e)) {
            return Err(format!(
                "event `{bad}` is not one of insert, update, delete, truncate"
            ));
        }
        if ordered.is_empty() {
            return Err("lists no events; give e.g. `events: [insert, update]`".into());
        }
        let for_each_row = match for_each {
            "row" => true,
            "statement" => false,
            other => return Err(format!("for_each `{other}` is not row or statement")),
        };
        Ok(Trigger {
            name,
            timing,
            events: ordered,
            update_of,
            for_each_row,
            when: when.map(normalize_expression),
            function: function.trim_end_matches("()").to_string(),
            args,
            old_table: None,
            new_table: None,
            enabled,
            comment: None,
            renamed_from: Default::default(),
            origin,
        })
    }

    /// From a `CREATE TRIGGER` statement: (table, trigger).
    pub fn from_statement(s: &protobuf::CreateTrigStmt, origin: Origin) -> Result<Trigger, String> {
        if s.isconstraint {
            return Err("constraint triggers are not modelled".into());
        }
        let mut old_table = None;
        let mut new_table = None;
        for r in &s.transition_rels {
            let Some(N::TriggerTransition(t)) = r.node.as_ref() else {
                continue;
            };
            if !t.is_table {
                return Err("REFERENCING OLD ROW / NEW ROW is not a PostgreSQL trigger".into());
            }
            if t.is_new {
                new_table = Some(t.name.clone());
            } else {
                old_table = Some(t.name.clone());
            }
        }
        let timing = if s.timing & 2 != 0 {
            Timing::Before
        } else if s.timing & 64 != 0 {
            Timing::InsteadOf
        } else {
            Timing::After
        };
        let events = EVENTS
            .iter()
            .filter(|(_, bit)| s.events & bit != 0)
            .map(|(e, _)| e.to_string())
            .collect();
        let strings = |nodes: &[protobuf::Node]| -> Vec<String> {
            nodes
                .iter()
                .filter_map(|n| match n.node.as_ref() {
                    Some(N::String(s)) => Some(s.sval.clone()),
                    _ => None,
                })
                .collect()
        };
        let when = match s.when_clause.as_deref() {
            Some(node) => Some(normalize_expression(&expression_sql(node)?)),
            None => None,
        };
        Ok(Trigger {
            name: s.trigname.clone(),
            timing,
            events,
            update_of: strings(&s.columns),
            for_each_row: s.row,
            when,
            function: qualified(&s.funcname)?,
            args: strings(&s.args),
            old_table,
            new_table,
            enabled: true,
            comment: None,
            renamed_from: Default::default(),
            origin,
        })
    }

    /// `CREATE TRIGGER ...` on `table` (and `DISABLE` after it when it is disabled).
    pub fn create_sql(&self, table: &str) -> String {
        let timing = match self.timing {
            Timing::Before => "BEFORE",
            Timing::After => "AFTER",
            Timing::InsteadOf => "INSTEAD OF",
        };
        let events: Vec<String> = self
            .events
            .iter()
            .map(|e| {
                if e == "update" && !self.update_of.is_empty() {
                    format!(
                        "UPDATE OF {}",
                        crate::sql::ident::quote_list(&self.update_of)
                    )
                } else {
                    e.to_uppercase()
                }
            })
            .collect();
        let mut referencing = String::new();
        if let Some(old) = &self.old_table {
            referencing.push_str(&format!(" OLD TABLE AS {}", quote(old)));
        }
        if let Some(new) = &self.new_table {
            referencing.push_str(&format!(" NEW TABLE AS {}", quote(new)));
        }
        if !referencing.is_empty() {
            referencing = format!(" REFERENCING{referencing}");
        }
        let mut sql = format!(
            "CREATE TRIGGER {} {timing} {} ON {}{referencing} FOR EACH {}",
            quote(&self.name),
            events.join(" OR "),
            quote_qualified(table),
            if self.for_each_row {
                "ROW"
            } else {
                "STATEMENT"
            }
        );
        if let Some(when) = &self.when {
            sql.push_str(&format!(" WHEN ({when})"));
        }
        let args: Vec<String> = self.args.iter().map(|a| literal(a)).collect();
        sql.push_str(&format!(
            " EXECUTE FUNCTION {}({});",
            quote_qualified(&self.function),
            args.join(", ")
        ));
        if !self.enabled {
            sql.push('\n');
            sql.push_str(&self.enable_sql(table, false));
        }
        sql
    }

    pub fn drop_sql(&self, table: &str) -> String {
        format!(
            "DROP TRIGGER {} ON {};",
            quote(&self.name),
            quote_qualified(table)
        )
    }

    pub fn enable_sql(&self, table: &str, enabled: bool) -> String {
        format!(
            "ALTER TABLE {} {} TRIGGER {};",
            quote_qualified(table),
            if enabled { "ENABLE" } else { "DISABLE" },
            quote(&self.name)
        )
    }

    /// Whether the two differ in anything but being enabled and their comment.
    pub fn same_definition(&self, other: &Trigger) -> bool {
        Trigger {
            enabled: other.enabled,
            comment: other.comment.clone(),
            ..self.clone()
        } == *other
    }
}

/// The (table, trigger name) a `DROP TRIGGER` or `ALTER TRIGGER` names: its name list is
/// `[schema,] table, trigger`.
pub fn table_and_name(names: &[String]) -> Option<(Vec<String>, String)> {
    let (name, table) = names.split_last()?;
    Some((table.to_vec(), name.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_sql_give_the_same_trigger() {
        let yaml = Trigger::declared(
            "ticket_touch".into(),
            "before",
            &["update".into(), "insert".into()],
            vec!["status".into()],
            "row",
            Some("NEW.number IS NULL"),
            "touch_updated_at()".into(),
            vec!["a'b".into()],
            true,
            Origin::default(),
        )
        .unwrap();
        let sql = yaml.create_sql("ticket");
        assert_eq!(
            sql,
            "CREATE TRIGGER ticket_touch BEFORE INSERT OR UPDATE OF status ON ticket FOR EACH ROW \
             WHEN (new.number IS NULL) EXECUTE FUNCTION touch_updated_at('a''b');"
        );
        let parsed = pg_query::parse(&sql, 0).unwrap();
        let Some(N::CreateTrigStmt(s)) = parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|s| s.node.as_ref())
        else {
            panic!()
        };
        assert_eq!(Trigger::from_statement(s, Origin::default()).unwrap(), yaml);
    }
}
