//! Which lock a DDL statement takes, on which table — PostgreSQL's documented table-level lock
//! modes (https://www.postgresql.org/docs/current/explicit-locking.html), weakest first. Read by
//! the hazard rules of `check` and shown by `migrate --dry-run`.

use pg_query::protobuf::{node::Node as N, AlterTableType, ConstrType, ObjectType};

use super::replay::{loose_relation, strings};

/// A table-level lock mode; the derived order is PostgreSQL's, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LockLevel {
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
}

impl LockLevel {
    pub fn name(self) -> &'static str {
        match self {
            LockLevel::AccessShare => "ACCESS SHARE",
            LockLevel::RowShare => "ROW SHARE",
            LockLevel::RowExclusive => "ROW EXCLUSIVE",
            LockLevel::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            LockLevel::Share => "SHARE",
            LockLevel::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            LockLevel::Exclusive => "EXCLUSIVE",
            LockLevel::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }

    /// What the lock stops while it is held.
    pub fn blocks(self) -> &'static str {
        match self {
            LockLevel::AccessShare | LockLevel::RowShare | LockLevel::RowExclusive => {
                "nothing but ACCESS EXCLUSIVE locks"
            }
            LockLevel::ShareUpdateExclusive => {
                "other schema changes and VACUUM, not reads or writes"
            }
            LockLevel::Share | LockLevel::ShareRowExclusive | LockLevel::Exclusive => "writes",
            LockLevel::AccessExclusive => "reads and writes",
        }
    }
}

/// The tables `node` locks and how; the strongest lock per table. An index is named by the
/// index (`DROP INDEX`, `REINDEX INDEX`): `index_table` finds its table.
pub fn locks(node: &N, index_table: impl Fn(&str) -> Option<String>) -> Vec<(LockLevel, String)> {
    use LockLevel::*;
    let mut out: Vec<(LockLevel, String)> = Vec::new();
    let mut add = |level: LockLevel, table: String| match out.iter_mut().find(|(_, t)| *t == table)
    {
        Some(seen) => seen.0 = seen.0.max(level),
        None => out.push((level, table)),
    };
    match node {
        N::AlterTableStmt(s) => {
            let Some(table) = s.relation.as_ref().map(loose_relation) else {
                return out;
            };
            for cmd in &s.cmds {
                let Some(N::AlterTableCmd(c)) = cmd.node.as_ref() else {
                    continue;
                };
                let level = match AlterTableType::try_from(c.subtype) {
                    Ok(AlterTableType::AtValidateConstraint)
                    | Ok(AlterTableType::AtSetStatistics)
                    | Ok(AlterTableType::AtClusterOn)
                    | Ok(AlterTableType::AtDropCluster)
                    | Ok(AlterTableType::AtSetOptions)
                    | Ok(AlterTableType::AtResetOptions) => ShareUpdateExclusive,
                    Ok(AlterTableType::AtAddConstraint) => {
                        match c.def.as_ref().and_then(|d| d.node.as_ref()) {
                            Some(N::Constraint(k))
                                if k.contype == ConstrType::ConstrForeign as i32 =>
                            {
                                // A foreign key locks the table it references too.
                                if let Some(target) = k.pktable.as_ref() {
                                    add(ShareRowExclusive, loose_relation(target));
                                }
                                ShareRowExclusive
                            }
                            _ => AccessExclusive,
                        }
                    }
                    // ATTACH takes the parent lightly and the table attached whole (it is
                    // scanned for rows outside the bound); DETACH ... CONCURRENTLY lightly.
                    Ok(AlterTableType::AtAttachPartition) => {
                        if let Some(N::PartitionCmd(p)) =
                            c.def.as_ref().and_then(|d| d.node.as_ref())
                        {
                            if let Some(r) = &p.name {
                                add(AccessExclusive, loose_relation(r));
                            }
                        }
                        ShareUpdateExclusive
                    }
                    Ok(AlterTableType::AtDetachPartition) => {
                        match c.def.as_ref().and_then(|d| d.node.as_ref()) {
                            Some(N::PartitionCmd(p)) if p.concurrent => ShareUpdateExclusive,
                            _ => AccessExclusive,
                        }
                    }
                    Ok(AlterTableType::AtDetachPartitionFinalize) => ShareUpdateExclusive,
                    Ok(AlterTableType::AtEnableTrig)
                    | Ok(AlterTableType::AtDisableTrig)
                    | Ok(AlterTableType::AtEnableAlwaysTrig)
                    | Ok(AlterTableType::AtEnableReplicaTrig) => ShareRowExclusive,
                    _ => AccessExclusive,
                };
                add(level, table.clone());
            }
        }
        N::CreateStmt(s) => {
            // A partition locks its parent whole while it is added (ATTACH PARTITION does not).
            if s.partbound.is_some() {
                for parent in &s.inh_relations {
                    if let Some(N::RangeVar(r)) = parent.node.as_ref() {
                        add(AccessExclusive, loose_relation(r));
                    }
                }
            }
            // A new table locks nothing of its own, but each table its foreign keys reference.
            let mut constraints: Vec<&pg_query::protobuf::Constraint> = Vec::new();
            for e in &s.table_elts {
                match e.node.as_ref() {
                    Some(N::Constraint(c)) => constraints.push(c),
                    Some(N::ColumnDef(d)) => constraints.extend(d.constraints.iter().filter_map(
                        |c| match c.node.as_ref() {
                            Some(N::Constraint(c)) => Some(c.as_ref()),
                            _ => None,
                        },
                    )),
                    _ => {}
                }
            }
            for c in constraints {
                if c.contype == ConstrType::ConstrForeign as i32 {
                    if let Some(target) = c.pktable.as_ref() {
                        add(ShareRowExclusive, loose_relation(target));
                    }
                }
            }
        }
        N::IndexStmt(s) => {
            if let Some(r) = &s.relation {
                add(
                    if s.concurrent {
                        ShareUpdateExclusive
                    } else {
                        Share
                    },
                    loose_relation(r),
                );
            }
        }
        N::DropStmt(s) => {
            let kind = ObjectType::try_from(s.remove_type);
            for object in &s.objects {
                let Some(N::List(l)) = object.node.as_ref() else {
                    continue;
                };
                let name = super::replay::loose_name(&strings(&l.items));
                match kind {
                    Ok(ObjectType::ObjectTable) | Ok(ObjectType::ObjectMatview) => {
                        add(AccessExclusive, name)
                    }
                    Ok(ObjectType::ObjectIndex) => {
                        if let Some(table) = index_table(&name) {
                            add(
                                if s.concurrent {
                                    ShareUpdateExclusive
                                } else {
                                    AccessExclusive
                                },
                                table,
                            )
                        }
                    }
                    _ => {}
                }
            }
        }
        N::RenameStmt(s) => {
            if let Some(r) = &s.relation {
                add(AccessExclusive, loose_relation(r));
            }
        }
        N::CreateTrigStmt(s) => {
            if let Some(r) = &s.relation {
                add(ShareRowExclusive, loose_relation(r));
            }
        }
        N::CreatePolicyStmt(s) => {
            if let Some(r) = &s.table {
                add(AccessExclusive, loose_relation(r));
            }
        }
        N::TruncateStmt(s) => {
            for r in &s.relations {
                if let Some(N::RangeVar(r)) = r.node.as_ref() {
                    add(AccessExclusive, loose_relation(r));
                }
            }
        }
        N::VacuumStmt(s) => {
            let full = s.is_vacuumcmd && has_option(&s.options, "full");
            for r in &s.rels {
                if let Some(N::VacuumRelation(v)) = r.node.as_ref() {
                    if let Some(r) = &v.relation {
                        add(
                            if full {
                                AccessExclusive
                            } else {
                                ShareUpdateExclusive
                            },
                            loose_relation(r),
                        );
                    }
                }
            }
        }
        N::ClusterStmt(s) => {
            if let Some(r) = &s.relation {
                add(AccessExclusive, loose_relation(r));
            }
        }
        // COMMENT ON TABLE / COLUMN takes SHARE UPDATE EXCLUSIVE on the table: it waits behind
        // a long transaction on it like any lock.
        N::CommentStmt(s) => {
            use pg_query::protobuf::ObjectType;
            let kind = ObjectType::try_from(s.objtype);
            let names = match s.object.as_ref().and_then(|o| o.node.as_ref()) {
                Some(N::List(l)) => crate::sql::normal::string_list(&l.items),
                _ => Vec::new(),
            };
            let table = match (kind, names.as_slice()) {
                (Ok(ObjectType::ObjectTable), [.., _]) => Some(names.clone()),
                (Ok(ObjectType::ObjectColumn), [table @ .., _]) if !table.is_empty() => {
                    Some(table.to_vec())
                }
                _ => None,
            };
            if let Some(t) = table {
                add(ShareUpdateExclusive, crate::sql::replay::loose_name(&t));
            }
        }
        // LOCK TABLE takes the mode it names (ACCESS EXCLUSIVE by default).
        N::LockStmt(s) => {
            let level = match s.mode {
                1 => AccessShare,
                2 => RowShare,
                3 => RowExclusive,
                4 => ShareUpdateExclusive,
                5 => Share,
                6 => ShareRowExclusive,
                7 => Exclusive,
                _ => AccessExclusive,
            };
            for r in &s.relations {
                if let Some(N::RangeVar(r)) = r.node.as_ref() {
                    add(level, loose_relation(r));
                }
            }
        }
        N::ReindexStmt(s) => {
            let concurrent = has_option(&s.params, "concurrently");
            let table = match &s.relation {
                Some(r)
                    if s.kind
                        == pg_query::protobuf::ReindexObjectType::ReindexObjectIndex as i32 =>
                {
                    index_table(&loose_relation(r))
                }
                Some(r) => Some(loose_relation(r)),
                None => None,
            };
            if let Some(t) = table {
                add(
                    if concurrent {
                        ShareUpdateExclusive
                    } else {
                        AccessExclusive
                    },
                    t,
                );
            }
        }
        N::RefreshMatViewStmt(s) => {
            if let Some(r) = &s.relation {
                add(
                    if s.concurrent {
                        Exclusive
                    } else {
                        AccessExclusive
                    },
                    loose_relation(r),
                );
            }
        }
        _ => {}
    }
    out
}

/// Whether a list of `DefElem` options (`VACUUM (FULL)`, `REINDEX (CONCURRENTLY)`) names `name`.
/// Whether the option `name` is on among a statement's options (`VACUUM (FULL)`, `REINDEX
/// (CONCURRENTLY true)`): named, and not given a false value (`FULL false`, `CONCURRENTLY
/// off`, `FULL 0`), which PostgreSQL reads as the option left off.
pub fn has_option(options: &[pg_query::protobuf::Node], name: &str) -> bool {
    options.iter().any(|o| match o.node.as_ref() {
        Some(N::DefElem(d)) if d.defname.eq_ignore_ascii_case(name) => {
            match d.arg.as_ref().and_then(|a| a.node.as_ref()) {
                None => true,
                Some(N::Boolean(b)) => b.boolval,
                Some(N::Integer(i)) => i.ival != 0,
                Some(N::String(s)) => !matches!(
                    s.sval.to_ascii_lowercase().as_str(),
                    "false" | "off" | "no" | "0"
                ),
                Some(_) => true,
            }
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(sql: &str) -> Vec<(&'static str, String)> {
        let st = crate::sql::replay::parse_statements("t.sql", sql).unwrap();
        locks(&st[0].node, |i| (i == "a_idx").then(|| "a".to_string()))
            .into_iter()
            .map(|(l, t)| (l.name(), t))
            .collect()
    }

    #[test]
    fn a_comment_and_a_lock_table_lock_their_table() {
        assert_eq!(
            of("COMMENT ON COLUMN a.id IS 'k';"),
            [("SHARE UPDATE EXCLUSIVE", "a".to_string())]
        );
        assert_eq!(
            of("COMMENT ON TABLE a IS 'k';"),
            [("SHARE UPDATE EXCLUSIVE", "a".to_string())]
        );
        assert_eq!(
            of("LOCK TABLE a IN SHARE MODE;"),
            [("SHARE", "a".to_string())]
        );
        assert_eq!(of("LOCK a;"), [("ACCESS EXCLUSIVE", "a".to_string())]);
    }

    #[test]
    fn lock_levels_follow_postgresql() {
        let a = || "a".to_string();
        assert_eq!(
            of("ALTER TABLE a ADD COLUMN b int"),
            [("ACCESS EXCLUSIVE", a())]
        );
        assert_eq!(
            of("ALTER TABLE a VALIDATE CONSTRAINT c"),
            [("SHARE UPDATE EXCLUSIVE", a())]
        );
        assert_eq!(
            of("ALTER TABLE a ADD CONSTRAINT f FOREIGN KEY (b) REFERENCES s.b (id) NOT VALID"),
            [
                ("SHARE ROW EXCLUSIVE", "s.b".to_string()),
                ("SHARE ROW EXCLUSIVE", a())
            ]
        );
        assert_eq!(of("CREATE INDEX i ON a (b)"), [("SHARE", a())]);
        assert_eq!(
            of("CREATE TABLE a_2027 PARTITION OF a FOR VALUES FROM (1) TO (2)"),
            [("ACCESS EXCLUSIVE", a())]
        );
        assert_eq!(
            of("ALTER TABLE a ATTACH PARTITION a_2027 FOR VALUES FROM (1) TO (2)"),
            [
                ("ACCESS EXCLUSIVE", "a_2027".to_string()),
                ("SHARE UPDATE EXCLUSIVE", a())
            ]
        );
        assert_eq!(
            of("ALTER TABLE a DETACH PARTITION a_2027 CONCURRENTLY"),
            [("SHARE UPDATE EXCLUSIVE", a())]
        );
        assert_eq!(
            of("ALTER TABLE a DETACH PARTITION a_2027"),
            [("ACCESS EXCLUSIVE", a())]
        );
        assert_eq!(
            of("CREATE INDEX CONCURRENTLY i ON a (b)"),
            [("SHARE UPDATE EXCLUSIVE", a())]
        );
        assert_eq!(of("DROP INDEX a_idx"), [("ACCESS EXCLUSIVE", a())]);
        assert_eq!(
            of("DROP INDEX CONCURRENTLY a_idx"),
            [("SHARE UPDATE EXCLUSIVE", a())]
        );
        assert_eq!(of("VACUUM FULL a"), [("ACCESS EXCLUSIVE", a())]);
        assert_eq!(
            of("REINDEX (CONCURRENTLY) TABLE a"),
            [("SHARE UPDATE EXCLUSIVE", a())]
        );
        assert_eq!(
            of("ALTER TABLE a RENAME COLUMN b TO c"),
            [("ACCESS EXCLUSIVE", a())]
        );
        assert!(of("CREATE TABLE z (id int)").is_empty());
        assert_eq!(
            of("CREATE TABLE z (id int REFERENCES a (id))"),
            [("SHARE ROW EXCLUSIVE", a())]
        );
    }
}
