//! A table's statements (create, alter, drop; its columns, keys, constraints, indexes and
//! comments), each paired with its inverse by the planner.

use crate::names::{local_name, sibling_name};
use crate::objects::table::*;
use crate::sql::ident::{literal, quote, quote_list, quote_qualified};

pub fn column_definition(c: &Column) -> String {
    let mut sql = format!("{} {}", quote(&c.name), c.column_type);
    if let Some(collation) = &c.collation {
        sql.push_str(&format!(" COLLATE {}", quote_qualified(collation)));
    }
    if let Some(expression) = &c.generated {
        sql.push_str(&format!(" GENERATED ALWAYS AS ({expression}) STORED"));
    }
    if !c.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(identity) = c.identity {
        sql.push(' ');
        sql.push_str(identity.sql());
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
    for u in t.uniques.iter().filter(|u| !u.is_index()) {
        lines.push(format!("CONSTRAINT {} {}", quote(&u.name), unique_body(u)));
    }
    // A check left NOT VALID is added after (CREATE TABLE would validate it).
    for c in t.checks.iter().filter(|c| !c.not_valid) {
        lines.push(format!(
            "CONSTRAINT {} CHECK ({})",
            quote(&c.name),
            c.expression
        ));
    }
    for e in &t.exclusions {
        lines.push(format!("CONSTRAINT {} {}", quote(&e.name), exclusion(e)));
    }
    let partition_by = match &t.partitioning {
        Some(p) => format!(" PARTITION BY {}", p.by),
        None => String::new(),
    };
    let mut sql = format!(
        "CREATE TABLE {} (\n    {}\n){partition_by};",
        quote_qualified(&t.name),
        lines.join(",\n    ")
    );
    if let Some(comment) = &t.comment {
        sql.push_str(&format!(
            "\nCOMMENT ON TABLE {} IS {};",
            quote_qualified(&t.name),
            literal(comment)
        ));
    }
    for c in &t.columns {
        if let Some(comment) = &c.comment {
            sql.push_str(&format!(
                "\nCOMMENT ON COLUMN {}.{} IS {};",
                quote_qualified(&t.name),
                quote(&c.name),
                literal(comment)
            ));
        }
    }
    // Its partitions, which take their columns from it (and its indexes, made later).
    for p in t.partitioning.iter().flat_map(|p| &p.partitions) {
        sql.push('\n');
        sql.push_str(&p.create_sql(&t.name));
    }
    sql
}

pub fn drop_table(t: &Table) -> String {
    format!("DROP TABLE {};", quote_qualified(&t.name))
}

pub fn add_foreign_key(t: &Table, fk: &ForeignKey) -> String {
    let mut sql = format!(
        "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
        quote_qualified(&t.name),
        quote(&fk.name),
        quote_list(&fk.columns),
        quote_qualified(&fk.ref_table),
        quote_list(&fk.ref_columns)
    );
    // NO ACTION is PostgreSQL's default: leave it out, as pg_dump does.
    if fk.on_delete != FkAction::NoAction {
        sql.push_str(&format!(" ON DELETE {}", fk.on_delete.sql()));
        if !fk.on_delete_columns.is_empty() {
            sql.push_str(&format!(" ({})", quote_list(&fk.on_delete_columns)));
        }
    }
    if fk.on_update != FkAction::NoAction {
        sql.push_str(&format!(" ON UPDATE {}", fk.on_update.sql()));
    }
    if fk.not_valid {
        sql.push_str(" NOT VALID");
    }
    sql.push(';');
    sql
}

pub fn drop_foreign_key(t: &Table, fk: &ForeignKey) -> String {
    format!(
        "ALTER TABLE {} DROP CONSTRAINT {};",
        quote_qualified(&t.name),
        quote(&fk.name)
    )
}

fn index_element(e: &IndexElement) -> String {
    let mut sql = match &e.key {
        IndexKey::Column(c) => quote(c),
        IndexKey::Expression(x) => format!("({x})"),
    };
    if let Some(collation) = &e.collation {
        sql.push_str(&format!(" COLLATE {}", quote_qualified(collation)));
    }
    if let Some(opclass) = &e.opclass {
        sql.push_str(&format!(" {}", quote_qualified(opclass)));
    }
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
    let mut sql = format!(
        "CREATE {}INDEX {} ON {}",
        if i.unique { "UNIQUE " } else { "" },
        quote(&i.name),
        quote_qualified(&t.name)
    );
    if let Some(method) = &i.method {
        sql.push_str(&format!(" USING {method}"));
    }
    let elements: Vec<String> = i.elements.iter().map(index_element).collect();
    sql.push_str(&format!(" ({})", elements.join(", ")));
    sql.push_str(&include(&i.include));
    if i.nulls_not_distinct {
        sql.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(predicate) = &i.predicate {
        sql.push_str(&format!(" WHERE {predicate}"));
    }
    sql.push(';');
    sql
}

/// A partial unique: PostgreSQL has no partial unique constraint, only a unique index.
pub fn create_unique_index(t: &Table, u: &Unique) -> String {
    let mut sql = format!(
        "CREATE UNIQUE INDEX {} ON {} ({}){}{}",
        quote(&u.name),
        quote_qualified(&t.name),
        quote_list(&u.columns),
        include(&u.include),
        if u.nulls_not_distinct {
            " NULLS NOT DISTINCT"
        } else {
            ""
        }
    );
    if let Some(predicate) = &u.predicate {
        sql.push_str(&format!(" WHERE {predicate}"));
    }
    sql.push(';');
    sql
}

/// An index lives in its table's schema, so `DROP INDEX` names it through the table `t`.
pub fn drop_index(t: &str, name: &str) -> String {
    format!("DROP INDEX {};", quote_qualified(&sibling_name(t, name)))
}

pub fn create_index_concurrently(t: &Table, i: &Index) -> String {
    create_index(t, i).replacen("INDEX", "INDEX CONCURRENTLY IF NOT EXISTS", 1)
}

pub fn drop_index_concurrently(t: &str, name: &str) -> String {
    format!(
        "DROP INDEX CONCURRENTLY IF EXISTS {};",
        quote_qualified(&sibling_name(t, name))
    )
}

pub(crate) fn alter(t: &str, rest: String) -> String {
    format!("ALTER TABLE {} {rest};", quote_qualified(t))
}

pub fn add_column(t: &str, c: &Column) -> String {
    let mut sql = alter(t, format!("ADD COLUMN {}", column_definition(c)));
    if let Some(comment) = &c.comment {
        sql.push('\n');
        sql.push_str(&comment_on_column(t, &c.name, Some(comment)));
    }
    sql
}

pub fn drop_column(t: &str, c: &str) -> String {
    alter(t, format!("DROP COLUMN {}", quote(c)))
}

pub fn alter_column_type(t: &str, c: &str, ty: &crate::schema::types::ColumnType) -> String {
    alter(
        t,
        format!(
            "ALTER COLUMN {} TYPE {ty} USING {}::{ty}",
            quote(c),
            quote(c)
        ),
    )
}

/// Adds or drops `GENERATED ... AS IDENTITY`.
pub fn set_identity(t: &str, c: &str, identity: Option<Identity>) -> String {
    match identity {
        Some(i) => alter(t, format!("ALTER COLUMN {} ADD {}", quote(c), i.sql())),
        None => alter(t, format!("ALTER COLUMN {} DROP IDENTITY", quote(c))),
    }
}

pub fn set_nullable(t: &str, c: &str, nullable: bool) -> String {
    let action = if nullable {
        "DROP NOT NULL"
    } else {
        "SET NOT NULL"
    };
    alter(t, format!("ALTER COLUMN {} {action}", quote(c)))
}

pub fn set_default(t: &str, c: &str, default: Option<&str>) -> String {
    match default {
        Some(d) => alter(t, format!("ALTER COLUMN {} SET DEFAULT {d}", quote(c))),
        None => alter(t, format!("ALTER COLUMN {} DROP DEFAULT", quote(c))),
    }
}

/// A comment as `COMMENT ON ... IS` takes it: a literal, or NULL to remove it.
pub fn comment_text(comment: Option<&String>) -> String {
    comment.map_or("NULL".to_string(), |c| literal(c))
}

pub fn comment_on_table(t: &str, comment: Option<&String>) -> String {
    format!(
        "COMMENT ON TABLE {} IS {};",
        quote_qualified(t),
        comment_text(comment)
    )
}

pub fn comment_on_column(t: &str, c: &str, comment: Option<&String>) -> String {
    format!(
        "COMMENT ON COLUMN {}.{} IS {};",
        quote_qualified(t),
        quote(c),
        comment_text(comment)
    )
}

pub fn add_primary_key(t: &str, pk: &PrimaryKey) -> String {
    alter(
        t,
        format!(
            "ADD CONSTRAINT {} PRIMARY KEY ({})",
            quote(&pk.name),
            quote_list(&pk.columns)
        ),
    )
}

/// `UNIQUE [NULLS NOT DISTINCT] (columns) [INCLUDE (columns)]` of a unique constraint.
fn unique_body(u: &Unique) -> String {
    format!(
        "UNIQUE {}({}){}",
        if u.nulls_not_distinct {
            "NULLS NOT DISTINCT "
        } else {
            ""
        },
        quote_list(&u.columns),
        include(&u.include)
    )
}

/// ` INCLUDE (columns)`, or nothing.
fn include(columns: &[String]) -> String {
    if columns.is_empty() {
        String::new()
    } else {
        format!(" INCLUDE ({})", quote_list(columns))
    }
}

pub fn add_unique(t: &str, u: &Unique) -> String {
    alter(
        t,
        format!("ADD CONSTRAINT {} {}", quote(&u.name), unique_body(u)),
    )
}

/// `EXCLUDE USING method (key WITH op, ...) [WHERE (predicate)]`.
pub fn exclusion(e: &Exclusion) -> String {
    let elements: Vec<String> = e
        .elements
        .iter()
        .map(|(k, op)| match k {
            IndexKey::Column(c) => format!("{} WITH {op}", quote(c)),
            IndexKey::Expression(x) => format!("({x}) WITH {op}"),
        })
        .collect();
    let mut sql = format!("EXCLUDE USING {} ({})", e.method, elements.join(", "));
    if let Some(p) = &e.predicate {
        sql.push_str(&format!(" WHERE ({p})"));
    }
    sql
}

pub fn add_exclusion(t: &str, e: &Exclusion) -> String {
    alter(
        t,
        format!("ADD CONSTRAINT {} {}", quote(&e.name), exclusion(e)),
    )
}

pub fn add_check(t: &str, c: &Check) -> String {
    alter(
        t,
        format!(
            "ADD CONSTRAINT {} CHECK ({}){}",
            quote(&c.name),
            c.expression,
            if c.not_valid { " NOT VALID" } else { "" }
        ),
    )
}

/// `sql` (one `ALTER TABLE ... ADD CONSTRAINT ...;`) added `NOT VALID`: it holds for new rows
/// at once, and the existing rows are checked later by [`validate_constraint`].
pub fn not_valid(sql: &str) -> String {
    let sql = sql.trim_end().trim_end_matches(';');
    if sql.ends_with(" NOT VALID") {
        return format!("{sql};");
    }
    format!("{sql} NOT VALID;")
}

/// `UPDATE t SET <set> WHERE <filter>` over the rows that exist, 100 pages per committed batch
/// (a DO block, run outside a transaction): row locks are held for one batch, never a long
/// transaction. The table's size is read once: rows the batches move to new pages are not
/// visited again.
pub fn in_batches(t: &str, set: &str, filter: &str) -> String {
    let table = quote_qualified(t);
    // The body carries the user's backfill expression: its dollar-quote tag is one the body
    // does not contain, or a literal holding `$hs_batches$` would end the block early.
    let body = format!(
        "\n\
         DECLARE\n\
         \x20 last_page bigint := pg_relation_size({regclass}) / current_setting('block_size')::bigint;\n\
         \x20 page bigint := 0;\n\
         BEGIN\n\
         \x20 WHILE page <= last_page LOOP\n\
         \x20   UPDATE {table} SET {set}\n\
         \x20    WHERE ctid >= format('(%s,0)', page)::tid AND ctid < format('(%s,0)', page + 100)::tid\n\
         \x20      AND {filter};\n\
         \x20   COMMIT;\n\
         \x20   page := page + 100;\n\
         \x20 END LOOP;\n\
         END\n",
        regclass = literal(&table),
    );
    let body = crate::sql::ident::settings_proof(&body);
    format!(
        "DO {};",
        crate::sql::ident::dollar_quote("hs_batches", &body)
    )
}

pub fn validate_constraint(t: &str, name: &str) -> String {
    alter(t, format!("VALIDATE CONSTRAINT {}", quote(name)))
}

/// `ADD CONSTRAINT name UNIQUE | PRIMARY KEY USING INDEX name`: the index becomes the
/// constraint, under a lock held only for an instant.
pub fn add_constraint_using_index(t: &str, name: &str, primary_key: bool) -> String {
    alter(
        t,
        format!(
            "ADD CONSTRAINT {} {} USING INDEX {}",
            quote(name),
            if primary_key { "PRIMARY KEY" } else { "UNIQUE" },
            quote(name)
        ),
    )
}

pub fn drop_constraint(t: &str, name: &str) -> String {
    alter(t, format!("DROP CONSTRAINT {}", quote(name)))
}

/// Renames within the schema: `new` is qualified like `old`, and only its local part is written.
pub fn rename_table(old: &str, new: &str) -> String {
    alter(old, format!("RENAME TO {}", quote(local_name(new))))
}

pub fn rename_column(t: &str, old: &str, new: &str) -> String {
    alter(t, format!("RENAME COLUMN {} TO {}", quote(old), quote(new)))
}

pub fn rename_index(t: &str, old: &str, new: &str) -> String {
    format!(
        "ALTER INDEX {} RENAME TO {};",
        quote_qualified(&sibling_name(t, old)),
        quote(new)
    )
}

pub fn rename_constraint(t: &str, old: &str, new: &str) -> String {
    alter(
        t,
        format!("RENAME CONSTRAINT {} TO {}", quote(old), quote(new)),
    )
}

/// `ALTER TABLE … REPLICA IDENTITY …`; `None` is the default (the primary key).
pub fn set_replica_identity(t: &str, identity: Option<&ReplicaIdentity>) -> String {
    let what = match identity {
        None => "DEFAULT".to_string(),
        Some(ReplicaIdentity::Full) => "FULL".to_string(),
        Some(ReplicaIdentity::Nothing) => "NOTHING".to_string(),
        Some(ReplicaIdentity::Index(i)) => format!("USING INDEX {}", quote(i)),
    };
    alter(t, format!("REPLICA IDENTITY {what}"))
}
