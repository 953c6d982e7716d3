//! A table as `pull` writes it, one YAML file per table: shorthands where they fit (`name:
//! text`, `references: organization.id`, `unique: true`), default names left out. Loading what
//! it writes gives back the same table (`schema::write`'s round-trip test).

use crate::objects::trigger::Timing;
use crate::schema::model::*;
use crate::schema::resolve::default_name;
use crate::schema::scalars::{key, list, scalar};
use crate::schema::types::{BaseType, ColumnType};

/// The type as the YAML language writes it (enum names bare, not SQL-quoted).
fn type_name(t: &ColumnType) -> String {
    let mut s = match &t.base {
        BaseType::Named(name) => name.clone(),
        BaseType::Builtin { .. } | BaseType::Extension { .. } => {
            let mut plain = t.clone();
            plain.array_dims = 0;
            plain.to_string()
        }
    };
    for _ in 0..t.array_dims {
        s.push_str("[]");
    }
    s
}

/// A default as YAML: a bare enum value, or the SQL expression without PostgreSQL's cast of a
/// literal to the column's own type (`'EUR'::text` → `'EUR'`).
fn default_value(c: &Column, schema: &Schema) -> Option<String> {
    let d = c.default.as_deref()?;
    // PostgreSQL writes back `'EUR'::text` and `'pending'::status` for `'EUR'` and
    // `'pending'`; other casts (`'{}'::jsonb`) are kept, as people write them too.
    let mut own_casts = vec!["::text".to_string(), "::character varying".to_string()];
    if c.column_type.is_enum().is_some() {
        own_casts.push(format!("::{}", c.column_type));
        own_casts.push(format!("::{}", type_name(&c.column_type)));
    }
    let mut d = d.to_string();
    if d.starts_with('\'') {
        for cast in &own_casts {
            if let Some(stripped) = d.strip_suffix(cast.as_str()) {
                if stripped.ends_with('\'') {
                    d = stripped.to_string();
                    break;
                }
            }
        }
    }
    if let Some(e) = c.column_type.is_enum().and_then(|n| schema.enum_type(n)) {
        if let Some(v) = d.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
            if e.values.iter().any(|x| x == v)
                && v.chars().all(|ch| ch.is_alphanumeric() || ch == '_')
                && v.chars()
                    .next()
                    .is_some_and(|ch| ch.is_alphabetic() || ch == '_')
            {
                return Some(v.to_string());
            }
        }
    }
    Some(d)
}

fn action(a: FkAction) -> &'static str {
    match a {
        FkAction::NoAction => "no_action",
        FkAction::Restrict => "restrict",
        FkAction::Cascade => "cascade",
        FkAction::SetNull => "set_null",
        FkAction::SetDefault => "set_default",
    }
}

/// One table's file.
pub fn table_file(schema: &Schema, t: &Table) -> String {
    let name = &t.name;
    // Default names are built from the name without its schema.
    let local = local_name(name);
    let mut out = format!(
        "# Written by `hotelschema pull`.\ntables:\n  {}:\n",
        key(name)
    );
    if let Some(c) = &t.comment {
        out.push_str(&format!("    comment: {}\n", scalar(c)));
    }
    if t.external {
        out.push_str("    external: true\n");
    }
    let pk_inline = t
        .primary_key
        .as_ref()
        .filter(|pk| pk.columns.len() == 1 && pk.name == format!("{local}_pkey"));
    // One-column foreign keys and unique constraints with their default names go inline.
    let inline_fk = |col: &str| {
        t.foreign_keys.iter().find(|f| {
            f.columns == [col.to_string()]
                && !f.not_valid
                && f.name == default_name(local, &f.columns, "fkey")
        })
    };
    let inline_unique = |col: &str| {
        t.uniques.iter().find(|u| {
            !u.is_index()
                && u.include.is_empty()
                && !u.nulls_not_distinct
                && u.columns == [col.to_string()]
                && u.name == default_name(local, &u.columns, "uq")
        })
    };
    if !t.external || !t.columns.is_empty() {
        out.push_str("    columns:\n");
    }
    for c in &t.columns {
        let mut props: Vec<String> = Vec::new();
        if c.nullable {
            props.push("nullable: true".into());
        }
        if pk_inline.is_some_and(|pk| pk.columns[0] == c.name) {
            props.push("primary_key: true".into());
        }
        if let Some(i) = c.identity {
            props.push(format!("identity: {}", i.yaml()));
        }
        if let Some(g) = &c.generated {
            props.push(format!("generated: {}", scalar(g)));
        }
        if let Some(collation) = &c.collation {
            props.push(format!("collation: {}", scalar(collation)));
        }
        if let Some(d) = default_value(c, schema) {
            props.push(format!("default: {}", scalar(&d)));
        }
        if let Some(fk) = inline_fk(&c.name) {
            props.push(format!(
                "references: {}.{}",
                fk.ref_table, fk.ref_columns[0]
            ));
            if fk.on_delete != FkAction::NoAction {
                props.push(format!("on_delete: {}", action(fk.on_delete)));
            }
            if fk.on_update != FkAction::NoAction {
                props.push(format!("on_update: {}", action(fk.on_update)));
            }
        }
        if inline_unique(&c.name).is_some() {
            props.push("unique: true".into());
        }
        if let Some(comment) = &c.comment {
            props.push(format!("comment: {}", scalar(comment)));
        }
        let ty = scalar(&type_name(&c.column_type));
        if props.is_empty() {
            out.push_str(&format!("      {}: {ty}\n", key(&c.name)));
        } else {
            out.push_str(&format!(
                "      {}: {{ type: {ty}, {} }}\n",
                key(&c.name),
                props.join(", ")
            ));
        }
    }
    if let Some(pk) = t.primary_key.as_ref().filter(|_| pk_inline.is_none()) {
        out.push_str(&format!("    primary_key: {}\n", list(&pk.columns)));
        if pk.name != format!("{local}_pkey") {
            // Its real name (a renamed table's key keeps the old one): kept, not defaulted.
            out.push_str(&format!("    primary_key_name: {}\n", scalar(&pk.name)));
        }
    }
    let fks: Vec<&ForeignKey> = t
        .foreign_keys
        .iter()
        .filter(|f| f.columns.len() != 1 || inline_fk(&f.columns[0]) != Some(*f))
        .collect();
    if !fks.is_empty() {
        out.push_str("    foreign_keys:\n");
        for f in fks {
            let mut props = vec![
                format!("columns: {}", list(&f.columns)),
                format!(
                    "references: {{ table: {}, columns: {} }}",
                    scalar(&f.ref_table),
                    list(&f.ref_columns)
                ),
            ];
            if f.on_delete != FkAction::NoAction && f.on_delete_columns.is_empty() {
                props.push(format!("on_delete: {}", action(f.on_delete)));
            } else if f.on_delete != FkAction::NoAction {
                props.push(format!(
                    "on_delete: {}",
                    scalar(&format!(
                        "{} ({})",
                        action(f.on_delete),
                        f.on_delete_columns.join(", ")
                    ))
                ));
            }
            if f.on_update != FkAction::NoAction {
                props.push(format!("on_update: {}", action(f.on_update)));
            }
            if f.not_valid {
                props.push("not_valid: true".into());
            }
            if f.name != default_name(local, &f.columns, "fkey") {
                props.push(format!("name: {}", scalar(&f.name)));
            }
            out.push_str(&format!("      - {{ {} }}\n", props.join(", ")));
        }
    }
    let uniques: Vec<&Unique> = t
        .uniques
        .iter()
        .filter(|u| u.columns.len() != 1 || inline_unique(&u.columns[0]) != Some(*u))
        .collect();
    if !uniques.is_empty() {
        out.push_str("    unique:\n");
        for u in uniques {
            let mut props = vec![format!("columns: {}", list(&u.columns))];
            if let Some(p) = &u.predicate {
                props.push(format!("where: {}", scalar(p)));
            } else if u.as_index {
                props.push("index: true".into());
            }
            if !u.include.is_empty() {
                props.push(format!("include: {}", list(&u.include)));
            }
            if u.nulls_not_distinct {
                props.push("nulls_not_distinct: true".into());
            }
            if u.name != default_name(local, &u.columns, "uq") {
                props.push(format!("name: {}", scalar(&u.name)));
            }
            out.push_str(&format!("      - {{ {} }}\n", props.join(", ")));
        }
    }
    if !t.indexes.is_empty() {
        out.push_str("    indexes:\n");
        for i in &t.indexes {
            let mut columns = Vec::new();
            let mut names = Vec::new();
            for e in &i.elements {
                let mut s = match &e.key {
                    IndexKey::Column(c) => {
                        names.push(c.clone());
                        c.clone()
                    }
                    IndexKey::Expression(x) => x.clone(),
                };
                if let Some(collation) = &e.collation {
                    s.push_str(&format!(" collate \"{collation}\""));
                }
                if let Some(opclass) = &e.opclass {
                    s.push_str(&format!(" {opclass}"));
                }
                if e.descending {
                    s.push_str(" desc");
                }
                match e.nulls_first {
                    Some(true) => s.push_str(" nulls first"),
                    Some(false) => s.push_str(" nulls last"),
                    None => {}
                }
                columns.push(s);
            }
            let mut props = vec![format!("columns: {}", list(&columns))];
            if i.unique {
                props.push("unique: true".into());
            }
            if let Some(m) = &i.method {
                props.push(format!("using: {m}"));
            }
            if let Some(p) = &i.predicate {
                props.push(format!("where: {}", scalar(p)));
            }
            if !i.include.is_empty() {
                props.push(format!("include: {}", list(&i.include)));
            }
            if i.nulls_not_distinct {
                props.push("nulls_not_distinct: true".into());
            }
            let derived =
                names.len() == i.elements.len() && i.name == default_name(local, &names, "idx");
            if !derived {
                props.push(format!("name: {}", scalar(&i.name)));
            }
            out.push_str(&format!("      - {{ {} }}\n", props.join(", ")));
        }
    }
    if !t.checks.is_empty() {
        out.push_str("    checks:\n");
        for c in &t.checks {
            out.push_str(&format!(
                "      - {{ name: {}, expression: {}{} }}\n",
                scalar(&c.name),
                scalar(&c.expression),
                if c.not_valid { ", not_valid: true" } else { "" }
            ));
        }
    }
    if !t.exclusions.is_empty() {
        out.push_str("    exclude:\n");
        for e in &t.exclusions {
            let elements: Vec<String> = e
                .elements
                .iter()
                .map(|(k, op)| match k {
                    IndexKey::Column(c) => format!("{c} with {op}"),
                    IndexKey::Expression(x) => format!("{x} with {op}"),
                })
                .collect();
            let mut props = vec![
                format!("name: {}", scalar(&e.name)),
                format!("elements: {}", list(&elements)),
            ];
            if e.method != "gist" {
                props.push(format!("using: {}", e.method));
            }
            if let Some(p) = &e.predicate {
                props.push(format!("where: {}", scalar(p)));
            }
            out.push_str(&format!("      - {{ {} }}\n", props.join(", ")));
        }
    }
    if let Some(p) = &t.partitioning {
        out.push_str(&format!("    partition_by: {}\n", scalar(&p.by)));
        if !p.partitions.is_empty() {
            out.push_str("    partitions:\n");
            for part in &p.partitions {
                out.push_str(&format!(
                    "      - {{ name: {}, values: {} }}\n",
                    scalar(&part.name),
                    scalar(&part.yaml_values())
                ));
            }
        }
    }
    if !t.triggers.is_empty() {
        out.push_str("    triggers:\n");
        for tr in &t.triggers {
            let timing = match tr.timing {
                Timing::Before => "before",
                Timing::After => "after",
                Timing::InsteadOf => "instead_of",
            };
            let mut props = vec![
                format!("name: {}", scalar(&tr.name)),
                format!("timing: {timing}"),
                format!("events: {}", list(&tr.events)),
            ];
            if !tr.update_of.is_empty() {
                props.push(format!("columns: {}", list(&tr.update_of)));
            }
            if !tr.for_each_row {
                props.push("for_each: statement".into());
            }
            if let Some(w) = &tr.when {
                props.push(format!("when: {}", scalar(w)));
            }
            props.push(format!("function: {}", scalar(&tr.function)));
            if !tr.args.is_empty() {
                props.push(format!("args: {}", list(&tr.args)));
            }
            if let Some(t) = &tr.old_table {
                props.push(format!("old_table: {}", scalar(t)));
            }
            if let Some(t) = &tr.new_table {
                props.push(format!("new_table: {}", scalar(t)));
            }
            if !tr.enabled {
                props.push("enabled: false".into());
            }
            out.push_str(&format!("      - {{ {} }}\n", props.join(", ")));
        }
    }
    if t.rls {
        out.push_str("    rls: true\n");
    }
    if t.force_rls {
        out.push_str("    force_rls: true\n");
    }
    if let Some(identity) = &t.replica_identity {
        out.push_str(&format!(
            "    replica_identity: {}\n",
            scalar(&identity.yaml())
        ));
    }
    if let Some(d) = &t.distribution {
        out.push_str(&format!("    distribution: {}\n", d.yaml(scalar)));
    }
    if !t.policies.is_empty() {
        out.push_str("    policies:\n");
        for p in &t.policies {
            let mut props = vec![format!("name: {}", scalar(&p.name))];
            if p.command != "all" {
                props.push(format!("command: {}", p.command));
            }
            if !p.permissive {
                props.push("permissive: false".into());
            }
            if p.roles != ["public"] {
                props.push(format!("roles: {}", list(&p.roles)));
            }
            if let Some(u) = &p.using {
                props.push(format!("using: {}", scalar(u)));
            }
            if let Some(c) = &p.with_check {
                props.push(format!("with_check: {}", scalar(c)));
            }
            out.push_str(&format!("      - {{ {} }}\n", props.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_yaml_loads_back_to_the_same_model() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for fixture in ["schema", "tests/fixtures/every_feature/schema"] {
            let schema = crate::schema::load_dir(&dir.join(fixture)).unwrap();
            let mut sources = vec![(
                "_types.yaml".to_string(),
                crate::schema::write::types_file(&schema),
            )];
            sources.extend(crate::schema::write_sql::sql_files(&schema));
            for t in &schema.tables {
                sources.push((format!("{}.yaml", t.name), table_file(&schema, t)));
            }
            let back = crate::schema::load_sources(&sources)
                .unwrap_or_else(|e| panic!("{fixture}: the written YAML is invalid:\n{e}"));
            assert!(
                crate::diff::equivalent(&back, &schema),
                "{fixture}: {:#?}",
                crate::diff::diff(&back, &schema, Default::default())
            );
        }
    }
}
