//! Replay of `CREATE INDEX`: a unique index over plain columns is a unique (as Prisma makes
//! them), anything else an index; a partition's own index is its parent's.

use pg_query::protobuf;

use super::tables::catalog_name;
use super::*;

impl Replayer<'_> {
    pub(super) fn create_index(&mut self, s: &protobuf::IndexStmt) -> Step {
        let table_name = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
        // A partition's own index (built CONCURRENTLY partition by partition, then attached to
        // its parent's ON ONLY index): the parent's index is what the model holds.
        if !self.has_table(&table_name) && self.partition_parent(&table_name).is_some() {
            return Ok(());
        }
        let mut elements = Vec::new();
        for p in &s.index_params {
            let Some(N::IndexElem(e)) = p.node.as_ref() else {
                continue;
            };
            if !e.opclassopts.is_empty() {
                return Err(
                    "operator class parameters (`gist_trgm_ops(siglen=32)`) are not modelled"
                        .into(),
                );
            }
            let key = match &e.expr {
                Some(expr) => IndexKey::Expression(expression_sql(expr)?),
                None => IndexKey::Column(e.name.clone()),
            };
            elements.push(IndexElement {
                key,
                descending: e.ordering == protobuf::SortByDir::SortbyDesc as i32,
                nulls_first: match protobuf::SortByNulls::try_from(e.nulls_ordering) {
                    Ok(protobuf::SortByNulls::SortbyNullsFirst) => Some(true),
                    Ok(protobuf::SortByNulls::SortbyNullsLast) => Some(false),
                    _ => None,
                },
                collation: catalog_name(&e.collation),
                opclass: catalog_name(&e.opclass),
            });
        }
        let predicate = match &s.where_clause {
            Some(w) => Some(expression_sql(w)?),
            None => None,
        };
        let column_names: Vec<String> = elements
            .iter()
            .map(|e| match &e.key {
                IndexKey::Column(c) => c.clone(),
                IndexKey::Expression(_) => "expr".to_string(),
            })
            .collect();
        let name = if s.idxname.is_empty() {
            default_name(local_name(&table_name), &column_names, "idx")
        } else {
            s.idxname.clone()
        };
        let key = sibling_name(&table_name, &name);
        let exists = self.lookup.indexes.contains_key(&key);
        if exists {
            return if s.if_not_exists {
                Ok(())
            } else {
                Err(twice("index", name))
            };
        }
        let origin = self.origin.clone();
        self.lookup.indexes.insert(key, table_name.clone());
        let table = self.table_mut(&table_name)?;
        let plain = elements.iter().all(|e| {
            matches!(e.key, IndexKey::Column(_))
                && !e.descending
                && e.nulls_first.is_none()
                && e.opclass.is_none()
                && e.collation.is_none()
        }) && s.access_method == "btree";
        let include: Vec<String> = s
            .index_including_params
            .iter()
            .filter_map(|n| match n.node.as_ref() {
                Some(N::IndexElem(e)) => Some(e.name.clone()),
                _ => None,
            })
            .collect();
        if s.unique && plain {
            table.uniques.push(Unique {
                name,
                columns: column_names,
                predicate,
                as_index: true,
                include,
                nulls_not_distinct: s.nulls_not_distinct,
                origin,
            });
        } else {
            table.indexes.push(Index {
                name,
                elements,
                // Unique over expressions or with an ordering: an index, not a constraint.
                unique: s.unique,
                method: (s.access_method != "btree").then(|| s.access_method.clone()),
                predicate,
                concurrently: Hint(false),
                include,
                nulls_not_distinct: s.nulls_not_distinct,
                origin,
            });
        }
        Ok(())
    }
}
