//! Model → DDL. One function per statement kind, each paired with its inverse, so the diff can
//! build an up and a down script from the same objects. Output is deterministic: the same model
//! always gives byte-identical SQL.

use super::ident::{literal, quote, quote_list};
use crate::schema::model::*;

pub fn create_extension(e: &Extension) -> String {
    format!("CREATE EXTENSION {};", quote(&e.name))
}

pub fn drop_extension(e: &Extension) -> String {
    format!("DROP EXTENSION {};", quote(&e.name))
}

pub fn create_enum(e: &EnumType) -> String {
    let values: Vec<String> = e.values.iter().map(|v| literal(v)).collect();
    let mut sql = format!(
        "CREATE TYPE {} AS ENUM ({});",
        quote(&e.name),
        values.join(", ")
    );
    if let Some(comment) = &e.comment {
        sql.push_str(&format!(
            "\nCOMMENT ON TYPE {} IS {};",
            quote(&e.name),
            literal(comment)
        ));
    }
    sql
}

pub fn drop_enum(e: &EnumType) -> String {
    format!("DROP TYPE {};", quote(&e.name))
}

pub fn column_definition(c: &Column) -> String {
    let mut sql = format!("{} {}", quote(&c.name), c.column_type);
    if !c.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = &c.default {
        sql.push_str(" DEFAULT ");
        sql.push_str(default);
    }
    sql
}

/// `CREATE TABLE` with its columns, primary key, unique and check constraints, then its
/// comments. Foreign keys and indexes come separately, after every table exists, so that
/// cyclic and self references work.
pub fn create_table(t: &Table) -> String {
    let width = t
        .columns
        .iter()
        .map(|c| quote(&c.name).len())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let def = column_definition(c);
            let name = quote(&c.name);
            // Align the types for readability.
            format!("{name:width$}{}", &def[name.len()..])
        })
        .collect();
    if let Some(pk) = &t.primary_key {
        lines.push(format!(
            "CONSTRAINT {} PRIMARY KEY ({})",
            quote(&pk.name),
            quote_list(&pk.columns)
        ));
    }
    for u in t.uniques.iter().filter(|u| u.predicate.is_none()) {
        lines.push(format!(
            "CONSTRAINT {} UNIQUE ({})",
            quote(&u.name),
            quote_list(&u.columns)
        ));
    }
    for c in &t.checks {
        lines.push(format!(
            "CONSTRAINT {} CHECK ({})",
            quote(&c.name),
            c.expression
        ));
    }
    let mut sql = format!(
        "CREATE TABLE {} (\n    {}\n);",
        quote(&t.name),
        lines.join(",\n    ")
    );
    if let Some(comment) = &t.comment {
        sql.push_str(&format!(
            "\nCOMMENT ON TABLE {} IS {};",
            quote(&t.name),
            literal(comment)
        ));
    }
    for c in &t.columns {
        if let Some(comment) = &c.comment {
            sql.push_str(&format!(
                "\nCOMMENT ON COLUMN {}.{} IS {};",
                quote(&t.name),
                quote(&c.name),
                literal(comment)
            ));
        }
    }
    sql
}

pub fn drop_table(t: &Table) -> String {
    format!("DROP TABLE {};", quote(&t.name))
}

pub fn add_foreign_key(t: &Table, fk: &ForeignKey) -> String {
    let mut sql = format!(
        "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
        quote(&t.name),
        quote(&fk.name),
        quote_list(&fk.columns),
        quote(&fk.ref_table),
        quote_list(&fk.ref_columns)
    );
    // NO ACTION is PostgreSQL's default: leave it out, as pg_dump does.
    if fk.on_delete != FkAction::NoAction {
        sql.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
    }
    if fk.on_update != FkAction::NoAction {
        sql.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    sql.push(';');
    sql
}

pub fn drop_foreign_key(t: &Table, fk: &ForeignKey) -> String {
    format!(
        "ALTER TABLE {} DROP CONSTRAINT {};",
        quote(&t.name),
        quote(&fk.name)
    )
}

fn index_element(e: &IndexElement) -> String {
    let mut sql = match &e.key {
        IndexKey::Column(c) => quote(c),
        IndexKey::Expression(x) => format!("({x})"),
    };
    if e.descending {
        sql.push_str(" DESC");
    }
    match e.nulls_first {
        Some(true) => sql.push_str(" NULLS FIRST"),
        Some(false) => sql.push_str(" NULLS LAST"),
        None => {}
    }
    sql
}

pub fn create_index(t: &Table, i: &Index) -> String {
    let mut sql = format!("CREATE INDEX {} ON {}", quote(&i.name), quote(&t.name));
    if let Some(method) = &i.method {
        sql.push_str(&format!(" USING {method}"));
    }
    let elements: Vec<String> = i.elements.iter().map(index_element).collect();
    sql.push_str(&format!(" ({})", elements.join(", ")));
    if let Some(predicate) = &i.predicate {
        sql.push_str(&format!(" WHERE {predicate}"));
    }
    sql.push(';');
    sql
}

/// A partial unique: PostgreSQL has no partial unique constraint, only a unique index.
pub fn create_unique_index(t: &Table, u: &Unique) -> String {
    let mut sql = format!(
        "CREATE UNIQUE INDEX {} ON {} ({})",
        quote(&u.name),
        quote(&t.name),
        quote_list(&u.columns)
    );
    if let Some(predicate) = &u.predicate {
        sql.push_str(&format!(" WHERE {predicate}"));
    }
    sql.push(';');
    sql
}

pub fn drop_index(name: &str) -> String {
    format!("DROP INDEX {};", quote(name))
}
