//! Replay of declarative partitioning: `CREATE TABLE ... PARTITION BY`, `CREATE TABLE ...
//! PARTITION OF`, `ALTER TABLE ... ATTACH | DETACH PARTITION`, and DROP TABLE of a partition.
//! A partition is a name and a bound on its parent (see `objects::partition`), never a table
//! of the model.

use pg_query::protobuf::{self, node::Node as N, AlterTableType};

use super::*;
use crate::objects::partition::{bound_of, Partition};

impl Replayer<'_> {
    /// `CREATE TABLE name PARTITION OF parent <bound>`.
    pub(super) fn create_partition(
        &mut self,
        s: &protobuf::CreateStmt,
        bound: &protobuf::PartitionBoundSpec,
    ) -> Step {
        let name = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
        let parent = match s.inh_relations.as_slice() {
            [p] => match p.node.as_ref() {
                Some(N::RangeVar(rv)) => relation_name(Some(rv), &self.schema.schemas)?,
                _ => return Err("PARTITION OF names no table".into()),
            },
            _ => return Err("PARTITION OF names no table".into()),
        };
        if !s.table_elts.is_empty() || s.partspec.is_some() {
            return Err(format!(
                "partition `{name}` declares columns, constraints or partitions of its own: the \
                 model keeps partitions as their parent's (declare indexes and constraints on \
                 `{parent}`)"
            )
            .into());
        }
        self.add_partition(&parent, name, bound_of(bound)?)
    }

    fn add_partition(&mut self, parent: &str, name: String, bound: String) -> Step {
        if self.has_table(&name) || self.partition_parent(&name).is_some() {
            return Err(twice("table", name));
        }
        let origin = self.origin.clone();
        let table = self.table_mut(parent)?;
        let Some(partitioning) = table.partitioning.as_mut() else {
            return Err(format!("table `{parent}` is not partitioned (no PARTITION BY)").into());
        };
        partitioning.partitions.push(Partition {
            name,
            bound,
            origin,
        });
        Ok(())
    }

    /// The table `name` is a partition of.
    pub(super) fn partition_parent(&self, name: &str) -> Option<usize> {
        parent_of(&self.schema.tables, name)
    }

    /// DROP TABLE of a partition: it leaves its parent.
    pub(super) fn drop_partition(&mut self, name: &str) -> bool {
        let Some(i) = self.partition_parent(name) else {
            return false;
        };
        if let Some(p) = self.schema.tables[i].partitioning.as_mut() {
            p.partitions.retain(|p| p.name != name);
        }
        true
    }

    /// `ALTER TABLE parent ATTACH PARTITION t FOR VALUES ...` (the table `t` becomes a
    /// partition) and `DETACH PARTITION t` (a partition becomes a table with its parent's
    /// columns and checks). `None` when `cmd` is neither.
    pub(super) fn attach_or_detach(
        &mut self,
        parent: &str,
        cmd: &protobuf::AlterTableCmd,
    ) -> Option<Step> {
        let subtype = AlterTableType::try_from(cmd.subtype).ok()?;
        if !matches!(
            subtype,
            AlterTableType::AtAttachPartition
                | AlterTableType::AtDetachPartition
                | AlterTableType::AtDetachPartitionFinalize
        ) {
            return None;
        }
        let Some(N::PartitionCmd(pc)) = cmd.def.as_ref().and_then(|d| d.node.as_ref()) else {
            return Some(Err("ATTACH/DETACH PARTITION without its partition".into()));
        };
        Some(self.partition_cmd(parent, subtype, pc))
    }

    fn partition_cmd(
        &mut self,
        parent: &str,
        subtype: AlterTableType,
        pc: &protobuf::PartitionCmd,
    ) -> Step {
        let name = relation_name(pc.name.as_ref(), &self.schema.schemas)?;
        match subtype {
            AlterTableType::AtAttachPartition => {
                let bound = pc
                    .bound
                    .as_ref()
                    .ok_or("ATTACH PARTITION without FOR VALUES")?;
                let bound = bound_of(bound)?;
                let Some(&i) = self.lookup.tables.get(&name) else {
                    return Err(missing("table", &name));
                };
                if self.table_mut(parent)?.partitioning.is_none() {
                    return Err(
                        format!("table `{parent}` is not partitioned (no PARTITION BY)").into(),
                    );
                }
                let removed = self.schema.tables.remove(i);
                self.lookup.table_removed(&removed, i, &self.schema.tables);
                self.add_partition(parent, name, bound)
            }
            // DETACH ... FINALIZE completes a DETACH ... CONCURRENTLY, already replayed.
            AlterTableType::AtDetachPartitionFinalize => Ok(()),
            _ => {
                let origin = self.origin.clone();
                let table = self.table_mut(parent)?;
                let found = table.partitioning.as_mut().is_some_and(|p| {
                    let before = p.partitions.len();
                    p.partitions.retain(|p| p.name != name);
                    p.partitions.len() < before
                });
                if !found {
                    return Err(format!("`{name}` is not a partition of `{parent}`").into());
                }
                // What PostgreSQL leaves: a table with the parent's columns and checks (its
                // cloned indexes and foreign keys keep names the model cannot know).
                let mut detached = Table::empty(&name, origin);
                detached.columns = table.columns.clone();
                detached.checks = table.checks.clone();
                self.lookup.table_added(&detached, self.schema.tables.len());
                self.schema.tables.push(detached);
                Ok(())
            }
        }
    }
}

/// The position among `tables` of the table that has a partition named `name`.
fn parent_of(tables: &[crate::schema::model::Table], name: &str) -> Option<usize> {
    tables.iter().position(|t| {
        t.partitioning
            .as_ref()
            .is_some_and(|p| p.partitions.iter().any(|p| p.name == name))
    })
}
