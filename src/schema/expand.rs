//! Expand/contract — the seed's double migration for a breaking column change (a rename, a new
//! type, a normalised copy). **Expand**: the new column is declared beside the old one with
//! `expand: { from: old }`; the model then holds a trigger, and its function, that keeps the
//! two in step both ways (the running application writes the old column, the new version the
//! new one), and `generate` adds a migration that fills the new column of the existing rows
//! in batches. **Contract**, once the old version is gone: the old column and the `expand:`
//! block are removed from the YAML, and the next `generate` drops the column, the trigger and
//! its function. `migrate` refuses to apply an expand and its contract in one run.
//!
//! The trigger and function are derived here from the declaration, so the YAML, the replayed
//! migrations and the live database all hold them by the same names (`hs_expand_<table>_<column>`).

use crate::objects::trigger::Trigger;
use crate::schema::diagnostic::Diagnostics;
use crate::schema::load::ExpandSpec;
use crate::schema::model::{local_name, namespace_of, Origin, Schema, Table};
use crate::sql::ident::{quote, quote_qualified};

/// The prefix of the derived trigger and function names.
pub const PREFIX: &str = "hs_expand_";

/// The dollar-quote of the derived function's body.
const BODY_QUOTE: &str = "$hs_expand$";

pub use super::model::Expand;

/// The derived trigger's name (also its function's, in the table's schema).
pub fn trigger_name(table: &str, column: &str) -> String {
    let base = format!("{PREFIX}{}_{column}", local_name(table));
    crate::sql::ident::cut_at_char(&base, crate::names::MAX_IDENTIFIER_BYTES).to_string()
}

fn function_name(table: &str, column: &str) -> String {
    let name = trigger_name(table, column);
    match namespace_of(table) {
        None | Some("public") => name,
        Some(schema) => format!("{schema}.{name}"),
    }
}

/// Checks an `expand:` declaration against the table's resolved columns and fills in the
/// default conversions.
pub fn resolve(
    table: &Table,
    column: &str,
    spec: &ExpandSpec,
    origin: &Origin,
    object: &str,
    diags: &mut Diagnostics,
) -> Option<Expand> {
    let new = table.column(column)?;
    let Some(old) = table.column(&spec.from).filter(|_| spec.from != column) else {
        diags.error_with_hint(
            origin,
            object,
            format!(
                "`expand: {{ from: {} }}` names no other column of the table",
                spec.from
            ),
            "name the column this one replaces, still declared beside it until the contract",
        );
        return None;
    };
    if !new.nullable {
        diags.error_with_hint(
            origin,
            object,
            "a column that expands another must be nullable while both exist",
            "add `nullable: true`; make it NOT NULL in the contract, with the old column gone",
        );
        return None;
    }
    let expressions = [spec.forward.as_deref(), spec.backward.as_deref()];
    if expressions
        .iter()
        .flatten()
        .any(|e| e.contains(BODY_QUOTE) || e.contains(';'))
    {
        diags.error_with_hint(
            origin,
            object,
            "`forward`/`backward` must be one expression",
            format!(
                "write a single PL/pgSQL expression of `NEW.{}` (no `;`)",
                spec.from
            ),
        );
        return None;
    }
    Some(Expand {
        column: column.to_string(),
        from: spec.from.clone(),
        forward: spec
            .forward
            .clone()
            .unwrap_or_else(|| format!("NEW.{}::{}", quote(&spec.from), new.column_type)),
        backward: spec
            .backward
            .clone()
            .unwrap_or_else(|| format!("NEW.{}::{}", quote(column), old.column_type)),
        origin: origin.clone(),
    })
}

/// The function that keeps `e.column` and `e.from` of `table` in step. On INSERT it fills the
/// one left NULL from the other; on UPDATE the one that changed wins. A row whose new column is
/// still NULL gets it from the old one on any update: the backfill is `SET old = old`.
fn function_sql(table: &str, e: &Expand) -> String {
    let (new, old) = (quote(&e.column), quote(&e.from));
    format!(
        "CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS {BODY_QUOTE}\n\
         BEGIN\n\
         \x20 IF TG_OP = 'INSERT' THEN\n\
         \x20   IF NEW.{new} IS NULL THEN\n\
         \x20     NEW.{new} := {forward};\n\
         \x20   ELSIF NEW.{old} IS NULL THEN\n\
         \x20     NEW.{old} := {backward};\n\
         \x20   END IF;\n\
         \x20 ELSIF NEW.{old} IS DISTINCT FROM OLD.{old} OR (NEW.{new} IS NULL AND NEW.{old} IS NOT NULL) THEN\n\
         \x20   NEW.{new} := {forward};\n\
         \x20 ELSIF NEW.{new} IS DISTINCT FROM OLD.{new} THEN\n\
         \x20   NEW.{old} := {backward};\n\
         \x20 END IF;\n\
         \x20 RETURN NEW;\n\
         END\n\
         {BODY_QUOTE};",
        function = quote_qualified(&function_name(table, &e.column)),
        // Compiled in the session that first calls the trigger, whatever its settings.
        forward = crate::sql::ident::settings_proof(&e.forward),
        backward = crate::sql::ident::settings_proof(&e.backward),
    )
}

fn trigger_sql(table: &str, e: &Expand) -> String {
    format!(
        "CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}();",
        quote(&trigger_name(table, &e.column)),
        quote_qualified(table),
        quote_qualified(&function_name(table, &e.column))
    )
}

/// Adds each declared expand's function and trigger to the schema, as if the project had
/// written them (so `generate` creates them, and drops them when the declaration goes).
pub fn declare(schema: &mut Schema, diags: &mut Diagnostics) {
    let expands: Vec<(String, Expand)> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.migration
                .0
                .expands
                .iter()
                .map(|e| (t.name.clone(), e.clone()))
        })
        .collect();
    if expands.is_empty() {
        return;
    }
    let sources: Vec<(String, String)> = expands
        .iter()
        .map(|(table, e)| {
            (
                format!("{} (expand of {table}.{})", e.origin.file, e.column),
                function_sql(table, e),
            )
        })
        .collect();
    let mut statements = Vec::new();
    for (file, sql) in &sources {
        match crate::sql::replay::parse_statements(file, sql) {
            Ok(parsed) => statements.extend(parsed),
            Err(d) => diags.0.push(d),
        }
    }
    super::sql_files::declare_with_text(&statements, &sources, diags, schema);
    for (table, e) in &expands {
        let sql = trigger_sql(table, e);
        let parsed = pg_query::parse(&sql, 0)
            .ok()
            .and_then(|p| p.protobuf.stmts.into_iter().next()?.stmt?.node);
        let Some(pg_query::protobuf::node::Node::CreateTrigStmt(s)) = parsed else {
            continue;
        };
        match Trigger::from_statement(&s, e.origin.clone()) {
            Ok(trigger) => {
                if let Some(t) = schema.tables.iter_mut().find(|t| &t.name == table) {
                    t.triggers.push(trigger);
                }
            }
            Err(why) => diags.error_with_hint(
                &e.origin,
                format!("table {table}, column {}", e.column),
                format!("the expand trigger cannot be built: {why}"),
                "check the column names",
            ),
        }
    }
}

/// The non-transactional migration that fills the new column of the rows that exist, a few
/// pages at a time, each batch committed: `UPDATE ... SET old = old` lets the trigger compute
/// the new value, with row locks held only for one batch.
pub fn backfill_sql(table: &str, e: &Expand) -> String {
    let (new, old) = (quote(&e.column), quote(&e.from));
    crate::objects::table::render::in_batches(
        table,
        &format!("{old} = {old}"),
        &format!("{new} IS NULL AND {old} IS NOT NULL"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fit_and_live_in_the_tables_schema() {
        assert_eq!(
            trigger_name("guest", "phone_e164"),
            "hs_expand_guest_phone_e164"
        );
        assert_eq!(
            function_name("billing.invoice", "total"),
            "billing.hs_expand_invoice_total"
        );
        assert!(trigger_name(&"t".repeat(60), "c").len() <= 63);
    }
}
