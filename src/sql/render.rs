//! The whole schema as DDL, for a readable diff. Each kind's statements live with the kind
//! (`objects/<kind>/`: a table's in `objects/table/render.rs`, an enum's in
//! `objects/enum_type/sql.rs`...), each paired with its inverse; output is deterministic.

use crate::schema::model::*;

use crate::objects::enum_type::sql::create_enum;
use crate::objects::extension::create_extension;
use crate::objects::namespace::create_schema;
use crate::objects::table::render::{
    add_foreign_key, create_index, create_table, create_unique_index, set_replica_identity,
};

/// The whole schema as DDL, one object at a time in name order, for a readable diff.
pub fn schema_ddl(schema: &Schema) -> String {
    let mut parts: Vec<(String, String)> = Vec::new();
    for n in &schema.schemas {
        parts.push((format!("0 {}", n.name), create_schema(n)));
    }
    for e in &schema.extensions {
        parts.push((format!("0 {}", e.name), create_extension(e)));
    }
    for e in &schema.enums {
        parts.push((format!("1 {}", e.name), create_enum(e)));
    }
    for t in &schema.tables {
        let mut sql = create_table(t);
        for fk in &t.foreign_keys {
            sql.push('\n');
            sql.push_str(&add_foreign_key(t, fk));
        }
        for u in t.uniques.iter().filter(|u| u.is_index()) {
            sql.push('\n');
            sql.push_str(&create_unique_index(t, u));
        }
        for i in &t.indexes {
            sql.push('\n');
            sql.push_str(&create_index(t, i));
        }
        if t.replica_identity.is_some() {
            sql.push('\n');
            sql.push_str(&set_replica_identity(&t.name, t.replica_identity.as_ref()));
        }
        for tr in &t.triggers {
            sql.push('\n');
            sql.push_str(&tr.create_sql(&t.name));
        }
        for line in
            crate::objects::policy::switch_sql(&t.name, (false, false), (t.rls, t.force_rls))
        {
            sql.push('\n');
            sql.push_str(&line);
        }
        for p in &t.policies {
            sql.push('\n');
            sql.push_str(&p.create_sql(&t.name));
        }
        parts.push((format!("2 {}", t.name), sql));
    }
    for f in &schema.functions {
        parts.push((format!("3 {}", f.identity()), format!("{};", f.definition)));
    }
    for v in &schema.views {
        parts.push((format!("4 {}", v.name), v.create_sql()));
    }
    parts.sort();
    parts.into_iter().map(|(_, s)| s + "\n\n").collect()
}
