//! A replica identity `USING INDEX` names a unique index of its table that PostgreSQL accepts:
//! not partial, on columns that are all NOT NULL (PostgreSQL: "index … cannot be used as
//! replica identity because column … is nullable").

use super::super::diagnostic::Diagnostics;
use super::super::model::*;
use crate::schema::suggest::did_you_mean;

pub(super) fn check_replica_identities(schema: &Schema, diags: &mut Diagnostics) {
    for t in &schema.tables {
        let Some(ReplicaIdentity::Index(name)) = &t.replica_identity else {
            continue;
        };
        let object = format!("table {}, replica_identity", t.name);
        // (name, its key columns — `None` for an expression —, partial)
        let keys = t
            .uniques
            .iter()
            .map(|u| {
                let columns = u.columns.iter().cloned().map(Some).collect::<Vec<_>>();
                (u.name.clone(), columns, u.predicate.is_some())
            })
            .chain(t.indexes.iter().filter(|i| i.unique).map(|i| {
                let columns = i
                    .elements
                    .iter()
                    .map(|e| match &e.key {
                        IndexKey::Column(c) => Some(c.clone()),
                        IndexKey::Expression(_) => None,
                    })
                    .collect::<Vec<_>>();
                (i.name.clone(), columns, i.predicate.is_some())
            }));
        let mut names = Vec::new();
        let mut found = None;
        for (key, columns, partial) in keys {
            if &key == name {
                found = Some((columns.clone(), partial));
            }
            names.push(key);
        }
        match found {
            None => diags.error_with_hint(
                &t.origin,
                object,
                format!(
                    "using index {name}: {} has no unique index or unique constraint {name}{}",
                    t.name,
                    did_you_mean(name, names.iter().map(String::as_str))
                ),
                "name a unique index of the table (not partial, on NOT NULL columns), or write \
                 `full`",
            ),
            Some((_, true)) => diags.error(
                &t.origin,
                object,
                format!("using index {name}: a partial index cannot be a replica identity"),
            ),
            Some((columns, false)) => {
                let nullable = columns.iter().find_map(|c| match c {
                    None => Some("an expression".to_string()),
                    Some(c) => t
                        .column(c)
                        .is_some_and(|c| c.nullable)
                        .then(|| format!("column {c}, which is nullable")),
                });
                if let Some(what) = nullable {
                    diags.error_with_hint(
                        &t.origin,
                        object,
                        format!(
                            "using index {name}: its key holds {what}, and PostgreSQL refuses \
                             such an index as replica identity"
                        ),
                        "key it on NOT NULL columns, or write `full`",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn errors(yaml: &str) -> String {
        match crate::schema::load_sources(&[("s.yaml".into(), yaml.into())]) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    const TABLE: &str = "tables:\n  tag:\n    global: test\n    columns:\n      \
                         id: { type: int, primary_key: true }\n      code: text\n      \
                         label: { type: text, nullable: true }\n    unique:\n      \
                         - { name: tag_code_uq, columns: [code] }\n      \
                         - { name: tag_label_uq, columns: [label] }\n";

    #[test]
    fn a_replica_identity_names_a_unique_index_postgresql_accepts() {
        let with = |what: &str| errors(&format!("{TABLE}    replica_identity: {what}\n"));
        assert_eq!(with("full"), "");
        assert_eq!(with("using index tag_code_uq"), "");
        let e = with("using index tag_cod_uq");
        assert!(
            e.contains("has no unique index or unique constraint tag_cod_uq"),
            "{e}"
        );
        assert!(e.contains("tag_code_uq"), "did you mean: {e}");
        let e = with("using index tag_label_uq");
        assert!(e.contains("column label, which is nullable"), "{e}");
        let e = with("sometimes");
        assert!(
            e.contains("s.yaml:") && e.contains("write `default`, `full`"),
            "{e}"
        );
    }
}
