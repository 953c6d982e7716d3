//! Replay of tables, their columns, constraints and indexes.

use pg_query::protobuf::{self, node::Node as N, AlterTableType, ConstrType, ObjectType};

use super::*;

impl Replayer<'_> {
    pub(super) fn column_type(&self, tn: &protobuf::TypeName) -> Result<ColumnType, String> {
        let names = strings(&tn.names);
        let base = model_name(&names, &self.schema.schemas)?;
        // PostgreSQL's internal spelling of `char(n)`.
        let base = if base == "bpchar" {
            "char".to_string()
        } else {
            base
        };
        let mut modifiers = Vec::new();
        for m in &tn.typmods {
            match m.node.as_ref() {
                Some(N::AConst(c)) => match &c.val {
                    Some(protobuf::a_const::Val::Ival(i)) => modifiers.push(i.ival.to_string()),
                    _ => {
                        return Err(format!(
                            "type `{base}` has a modifier the model cannot read"
                        ))
                    }
                },
                // A word, for an extension's type: `geometry(Point, 4326)`.
                Some(N::ColumnRef(_)) => modifiers.push(expression_sql(m)?),
                _ => {
                    return Err(format!(
                        "type `{base}` has a modifier the model cannot read"
                    ))
                }
            }
        }
        let mut written = base.clone();
        if !modifiers.is_empty() {
            written.push_str(&format!("({})", modifiers.join(",")));
        }
        for _ in &tn.array_bounds {
            written.push_str("[]");
        }
        let enums = self.schema.type_names();
        let extensions: Vec<&str> = self
            .schema
            .extensions
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        // A type the model does not know, once an extension exists, is one it declared:
        // PostgreSQL ran the statement, so the type was there.
        let extension_types = if extensions.is_empty() {
            crate::schema::types::ExtensionTypes::Listed(&[])
        } else {
            crate::schema::types::ExtensionTypes::Any
        };
        ColumnType::parse_with(&written, &enums, &extensions, extension_types)
            .map_err(|e| format!("type `{written}` is not one the model knows ({e:?})"))
    }

    /// Applies a column definition's inline constraints to the table being built.
    pub(super) fn column(&self, table: &mut Table, def: &protobuf::ColumnDef) -> Step {
        let tn = def
            .type_name
            .as_ref()
            .ok_or_else(|| format!("column `{}` has no type", def.colname))?;
        let mut column = Column {
            name: def.colname.clone(),
            column_type: self.column_type(tn)?,
            nullable: !def.is_not_null,
            default: None,
            identity: None,
            generated: None,
            collation: collation_of(def.coll_clause.as_deref()),
            comment: None,
            renamed_from: Hint(None),
            origin: self.origin.clone(),
        };
        if let Some(d) = &def.raw_default {
            column.default = Some(expression_sql(d)?);
        }
        if table.column(&column.name).is_some() {
            return Err(format!(
                "table `{}` already has a column `{}`",
                table.name, column.name
            )
            .into());
        }
        let name = column.name.clone();
        table.columns.push(column);
        for c in &def.constraints {
            if let Some(N::Constraint(c)) = c.node.as_ref() {
                self.constraint(table, c, Some(&name))?;
            }
        }
        Ok(())
    }

    /// A table or column constraint. `column` is set for a column constraint.
    pub(super) fn constraint(
        &self,
        table: &mut Table,
        c: &protobuf::Constraint,
        column: Option<&str>,
    ) -> Step {
        let keys = |nodes: &[protobuf::Node]| -> Vec<String> {
            let k = strings(nodes);
            if k.is_empty() {
                column.map(|c| vec![c.to_string()]).unwrap_or_default()
            } else {
                k
            }
        };
        // Default names are built from the name without its schema, as PostgreSQL's are.
        let t = local_name(&table.name).to_string();
        let named = |default: String| {
            if c.conname.is_empty() {
                default
            } else {
                c.conname.clone()
            }
        };
        let kind = ConstrType::try_from(c.contype).unwrap_or(ConstrType::Undefined);
        // `ADD CONSTRAINT name UNIQUE | PRIMARY KEY USING INDEX index`: the unique index
        // becomes the constraint (and takes its name).
        if !c.indexname.is_empty()
            && matches!(kind, ConstrType::ConstrUnique | ConstrType::ConstrPrimary)
        {
            let at = table
                .uniques
                .iter()
                .position(|u| u.name == c.indexname && u.as_index && u.predicate.is_none())
                .ok_or_else(|| {
                    format!(
                        "USING INDEX {}: table `{t}` has no plain unique index of that name",
                        c.indexname
                    )
                })?;
            let index = table.uniques.remove(at);
            let name = named(index.name.clone());
            if kind == ConstrType::ConstrPrimary {
                if table.primary_key.is_some() {
                    return Err(format!("table `{t}` gets a second primary key").into());
                }
                for col in &index.columns {
                    column_mut(table, col)?.nullable = false;
                }
                table.primary_key = Some(PrimaryKey {
                    name,
                    columns: index.columns,
                    origin: self.origin.clone(),
                });
            } else {
                table.uniques.push(Unique {
                    name,
                    as_index: false,
                    origin: self.origin.clone(),
                    ..index
                });
            }
            return Ok(());
        }
        match kind {
            ConstrType::ConstrNotnull => {
                set_nullable(table, column, false)?;
            }
            ConstrType::ConstrNull => {
                set_nullable(table, column, true)?;
            }
            ConstrType::ConstrDefault => {
                let col = column.ok_or("DEFAULT without a column")?;
                let expr = c.raw_expr.as_ref().ok_or("DEFAULT without a value")?;
                let sql = expression_sql(expr)?;
                column_mut(table, col)?.default = Some(sql);
            }
            ConstrType::ConstrPrimary => {
                if table.primary_key.is_some() {
                    return Err(format!("table `{t}` gets a second primary key").into());
                }
                let columns = keys(&c.keys);
                for col in &columns {
                    column_mut(table, col)?.nullable = false;
                }
                table.primary_key = Some(PrimaryKey {
                    name: named(format!("{t}_pkey")),
                    columns,
                    origin: self.origin.clone(),
                });
            }
            ConstrType::ConstrUnique => {
                let columns = keys(&c.keys);
                table.uniques.push(Unique {
                    name: named(default_name(&t, &columns, "key")),
                    columns,
                    predicate: None,
                    as_index: false,
                    include: strings(&c.including),
                    nulls_not_distinct: c.nulls_not_distinct,
                    origin: self.origin.clone(),
                });
            }
            ConstrType::ConstrCheck => {
                let expr = c.raw_expr.as_ref().ok_or("CHECK without an expression")?;
                let name = match (c.conname.is_empty(), column) {
                    (false, _) => c.conname.clone(),
                    (true, Some(col)) => format!("{t}_{col}_check"),
                    (true, None) => format!("{t}_check"),
                };
                table.checks.push(Check {
                    name,
                    expression: expression_sql(expr)?,
                    // (CREATE TABLE validates whatever it says: see `create_table`.)
                    not_valid: c.skip_validation,
                    origin: self.origin.clone(),
                });
            }
            ConstrType::ConstrExclusion => {
                let mut e = exclusion_of(c.conname.clone(), c, self.origin.clone())?;
                if e.name.is_empty() {
                    let columns: Vec<String> = e
                        .elements
                        .iter()
                        .filter_map(|(k, _)| match k {
                            IndexKey::Column(c) => Some(c.clone()),
                            IndexKey::Expression(_) => None,
                        })
                        .collect();
                    e.name = default_name(&t, &columns, "excl");
                }
                table.exclusions.push(e);
            }
            ConstrType::ConstrForeign => {
                let columns = keys(&c.fk_attrs);
                let ref_table = fk_target_name(c.pktable.as_ref())?;
                let mut ref_columns = strings(&c.pk_attrs);
                if ref_columns.is_empty() {
                    ref_columns = if ref_table == t {
                        table.primary_key.as_ref().map(|p| p.columns.clone())
                    } else {
                        self.lookup
                            .tables
                            .get(&ref_table)
                            .and_then(|&i| self.schema.tables[i].primary_key.as_ref())
                            .map(|p| p.columns.clone())
                    }
                    .ok_or_else(|| {
                        format!("REFERENCES {ref_table} without columns, and it has no primary key")
                    })?;
                }
                table.foreign_keys.push(ForeignKey {
                    name: named(default_name(&t, &columns, "fkey")),
                    columns,
                    ref_table,
                    ref_columns,
                    on_delete: fk_action(&c.fk_del_action),
                    on_update: fk_action(&c.fk_upd_action),
                    on_delete_columns: c
                        .fk_del_set_cols
                        .iter()
                        .filter_map(|n| match n.node.as_ref() {
                            Some(N::String(s)) => Some(s.sval.clone()),
                            _ => None,
                        })
                        .collect(),
                    not_valid: c.skip_validation,
                    origin: self.origin.clone(),
                });
            }
            ConstrType::ConstrGenerated => {
                let col = column_mut(table, column.ok_or("GENERATED without a column")?)?;
                let expr = c
                    .raw_expr
                    .as_ref()
                    .ok_or("GENERATED without an expression")?;
                col.generated = Some(expression_sql(expr)?);
            }
            ConstrType::ConstrIdentity => {
                let col = column_mut(table, column.ok_or("IDENTITY without a column")?)?;
                col.identity = Some(if c.generated_when == "a" {
                    Identity::Always
                } else {
                    Identity::ByDefault
                });
                col.nullable = false;
            }
            // DEFERRABLE and friends attach to the previous constraint; not modelled.
            ConstrType::ConstrAttrDeferrable
            | ConstrType::ConstrAttrNotDeferrable
            | ConstrType::ConstrAttrDeferred
            | ConstrType::ConstrAttrImmediate => {}
            other => return Err(format!("{other:?} constraints are not modelled").into()),
        }
        Ok(())
    }

    pub(super) fn create_table(&mut self, s: &protobuf::CreateStmt) -> Step {
        let name = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
        if self.has_table(&name) {
            return if s.if_not_exists {
                Ok(())
            } else {
                Err(twice("table", name))
            };
        }
        if let Some(bound) = &s.partbound {
            return self.create_partition(s, bound);
        }
        if !s.inh_relations.is_empty() {
            return Err(
                "table inheritance (INHERITS) is not modelled: use declarative \
                        partitioning, or keep the table as raw SQL"
                    .into(),
            );
        }
        let mut table = Table::empty(&name, self.origin.clone());
        let columns = s
            .table_elts
            .iter()
            .filter(|e| matches!(e.node, Some(N::ColumnDef(_))))
            .count();
        table.columns.reserve_exact(columns);
        if let Some(spec) = &s.partspec {
            table.partitioning = Some(crate::objects::partition::Partitioning {
                by: crate::objects::partition::key_of(spec)?,
                partitions: Vec::new(),
            });
        }
        for element in &s.table_elts {
            match element.node.as_ref() {
                Some(N::ColumnDef(def)) => self.column(&mut table, def)?,
                Some(N::Constraint(c)) => self.constraint(&mut table, c, None)?,
                _ => {
                    return Err(
                        format!("table `{name}` has an element the model cannot read").into(),
                    )
                }
            }
        }
        super::duplicate_keys::fold(&mut table, &s.table_elts);
        // CREATE TABLE validates its constraints whatever they say (`NOT VALID` is ignored).
        for f in &mut table.foreign_keys {
            f.not_valid = false;
        }
        for c in &mut table.checks {
            c.not_valid = false;
        }
        self.lookup.table_added(&table, self.schema.tables.len());
        table.grants = self.created_grants(crate::objects::privilege::Target::Table, &table.name);
        self.schema.tables.push(table);
        Ok(())
    }

    pub(super) fn alter_table(&mut self, s: &protobuf::AlterTableStmt) -> Step {
        if ObjectType::try_from(s.objtype) == Ok(ObjectType::ObjectIndex) {
            return Ok(()); // ALTER INDEX ... SET (...): storage only
        }
        if ObjectType::try_from(s.objtype) != Ok(ObjectType::ObjectTable) {
            return Ok(()); // sequences, views: not modelled
        }
        let name = relation_name(s.relation.as_ref(), &self.schema.schemas)?;
        if !self.has_table(&name) && s.missing_ok {
            return Ok(());
        }
        if let [cmd] = s.cmds.as_slice() {
            if let Some(N::AlterTableCmd(cmd)) = cmd.node.as_ref() {
                if let Some(step) = self.attach_or_detach(&name, cmd) {
                    return step;
                }
            }
        }
        // Work on a copy so a failing command leaves the model untouched.
        let mut table = self.table_mut(&name)?.clone();
        for cmd in &s.cmds {
            let Some(N::AlterTableCmd(cmd)) = cmd.node.as_ref() else {
                continue;
            };
            self.alter_table_cmd(&mut table, cmd)?;
        }
        let i = self.lookup.tables[&name];
        self.lookup.refresh_table(&self.schema.tables[i], &table);
        // A sequence owned by a dropped column goes with it.
        self.schema.sequences.retain(|q| match &q.owned_by {
            Some((t, c)) if *t == name => table.column(c).is_some(),
            _ => true,
        });
        *self.table_mut(&name)? = table;
        Ok(())
    }

    pub(super) fn alter_table_cmd(&self, table: &mut Table, cmd: &protobuf::AlterTableCmd) -> Step {
        use AlterTableType as A;
        let subtype = A::try_from(cmd.subtype).unwrap_or(A::Undefined);
        let def = cmd.def.as_ref().and_then(|d| d.node.as_ref());
        match subtype {
            A::AtAddColumn => match def {
                Some(N::ColumnDef(c)) => {
                    if cmd.missing_ok && table.column(&c.colname).is_some() {
                        return Ok(());
                    }
                    self.column(table, c)
                }
                _ => Err("ADD COLUMN without a column".into()),
            },
            A::AtDropColumn => {
                if table.column(&cmd.name).is_none() && cmd.missing_ok {
                    return Ok(());
                }
                column_mut(table, &cmd.name)?;
                drop_column(table, &cmd.name);
                Ok(())
            }
            A::AtAlterColumnType => match def {
                Some(N::ColumnDef(c)) => {
                    let tn = c.type_name.as_ref().ok_or("ALTER TYPE without a type")?;
                    let new_type = self.column_type(tn)?;
                    let column = column_mut(table, &cmd.name)?;
                    column.column_type = new_type;
                    // A new type takes its own default collation unless COLLATE says otherwise.
                    column.collation = collation_of(c.coll_clause.as_deref());
                    Ok(())
                }
                _ => Err("ALTER COLUMN TYPE without a type".into()),
            },
            A::AtSetNotNull => set_nullable(table, Some(&cmd.name), false),
            A::AtAddIdentity => match def {
                Some(N::Constraint(c)) => self.constraint(table, c, Some(&cmd.name)),
                _ => Err("ADD GENERATED AS IDENTITY without its definition".into()),
            },
            A::AtDropIdentity => {
                column_mut(table, &cmd.name)?.identity = None;
                Ok(())
            }
            A::AtDropNotNull => set_nullable(table, Some(&cmd.name), true),
            A::AtColumnDefault => {
                let default = match cmd.def.as_ref() {
                    Some(expr) => Some(expression_sql(expr)?),
                    None => None,
                };
                column_mut(table, &cmd.name)?.default = default;
                Ok(())
            }
            A::AtAddConstraint => match def {
                Some(N::Constraint(c)) => self.constraint(table, c, None),
                _ => Err("ADD CONSTRAINT without a constraint".into()),
            },
            A::AtDropConstraint => {
                let name = &cmd.name;
                let before = constraint_count(table);
                if table.primary_key.as_ref().is_some_and(|p| &p.name == name) {
                    table.primary_key = None;
                }
                table.foreign_keys.retain(|f| &f.name != name);
                table.uniques.retain(|u| u.is_index() || &u.name != name);
                table.checks.retain(|c| &c.name != name);
                table.exclusions.retain(|e| &e.name != name);
                if constraint_count(table) == before && !cmd.missing_ok {
                    return Err(format!(
                        "table `{}` has no constraint `{name}` at this point of the history",
                        table.name
                    ).into());
                }
                Ok(())
            }
            // Storage, statistics, ownership, triggers, row security, replica identity,
            // validation: none of them is modelled or changes what is.
            A::AtSetStatistics
            | A::AtSetOptions
            | A::AtResetOptions
            | A::AtSetStorage
            | A::AtSetCompression
            | A::AtChangeOwner
            | A::AtClusterOn
            | A::AtDropCluster
            | A::AtSetRelOptions
            | A::AtResetRelOptions
            | A::AtReplaceRelOptions
            | A::AtEnableRule
            | A::AtEnableAlwaysRule
            | A::AtEnableReplicaRule
            | A::AtDisableRule
            // Persistence is not modelled (drift's catalog comparison sees it).
            | A::AtSetLogged
            | A::AtSetUnLogged => Ok(()),
            A::AtValidateConstraint => {
                let name = &cmd.name;
                let fk = table.foreign_keys.iter_mut().find(|f| &f.name == name);
                let check = table.checks.iter_mut().find(|c| &c.name == name);
                match (fk, check) {
                    (Some(f), _) => f.not_valid = false,
                    (_, Some(c)) => c.not_valid = false,
                    // A unique or primary key is always valid; one that does not exist is
                    // PostgreSQL's to refuse.
                    _ => {}
                }
                Ok(())
            }
            A::AtReplicaIdentity => {
                let Some(N::ReplicaIdentityStmt(r)) = def else {
                    return Err("REPLICA IDENTITY without its kind".into());
                };
                table.replica_identity = match r.identity_type.as_str() {
                    "d" => None,
                    "f" => Some(ReplicaIdentity::Full),
                    "n" => Some(ReplicaIdentity::Nothing),
                    "i" => Some(ReplicaIdentity::Index(r.name.clone())),
                    other => return Err(format!("REPLICA IDENTITY of an unknown kind `{other}`").into()),
                };
                Ok(())
            }
            A::AtEnableRowSecurity | A::AtDisableRowSecurity => {
                table.rls = subtype == A::AtEnableRowSecurity;
                Ok(())
            }
            A::AtForceRowSecurity | A::AtNoForceRowSecurity => {
                table.force_rls = subtype == A::AtForceRowSecurity;
                Ok(())
            }
            A::AtEnableTrig | A::AtDisableTrig => {
                trigger_mut(table, &cmd.name)?.enabled = subtype == A::AtEnableTrig;
                Ok(())
            }
            A::AtEnableAlwaysTrig | A::AtEnableReplicaTrig => Err(
                "ENABLE ALWAYS / REPLICA TRIGGER is not modelled: triggers are enabled or disabled"
                    .into(),
            ),
            A::AtEnableTrigAll
            | A::AtDisableTrigAll
            | A::AtEnableTrigUser
            | A::AtDisableTrigUser => {
                Err("ENABLE/DISABLE TRIGGER ALL or USER is not modelled: name each trigger".into())
            }
            other => Err(format!("ALTER TABLE {other:?} is not modelled").into()),
        }
    }
}

/// Removes the `what` named `target` from `list`; a name not there is an error unless the
/// statement said IF EXISTS (`missing_ok`).
pub(super) fn remove_named<T>(
    list: &mut Vec<T>,
    name: impl Fn(&T) -> &str,
    target: &str,
    what: &'static str,
    missing_ok: bool,
) -> Step {
    let before = list.len();
    list.retain(|x| name(x) != target);
    if list.len() == before && !missing_ok {
        return Err(missing(what, target));
    }
    Ok(())
}

pub(super) fn column_mut<'t>(table: &'t mut Table, name: &str) -> Result<&'t mut Column, String> {
    let t = table.name.clone();
    table
        .columns
        .iter_mut()
        .find(|c| c.name == name)
        .ok_or_else(|| format!("table `{t}` has no column `{name}` at this point of the history"))
}

pub(super) fn set_nullable(table: &mut Table, column: Option<&str>, nullable: bool) -> Step {
    let column = column.ok_or("NULL/NOT NULL without a column")?;
    column_mut(table, column)?.nullable = nullable;
    Ok(())
}

pub(super) fn constraint_count(t: &Table) -> usize {
    t.primary_key.iter().count()
        + t.foreign_keys.len()
        + t.uniques.len()
        + t.checks.len()
        + t.exclusions.len()
}

/// An EXCLUDE constraint as the model holds it (also read back from `pg_get_constraintdef`).
pub fn exclusion_of(
    name: String,
    c: &protobuf::Constraint,
    origin: Origin,
) -> Result<Exclusion, String> {
    let mut elements = Vec::new();
    for pair in &c.exclusions {
        let Some(N::List(l)) = pair.node.as_ref() else {
            continue;
        };
        let (Some(N::IndexElem(e)), Some(N::List(op))) = (
            l.items.first().and_then(|n| n.node.as_ref()),
            l.items.get(1).and_then(|n| n.node.as_ref()),
        ) else {
            return Err("an EXCLUDE element without its operator".into());
        };
        if !e.opclass.is_empty() || !e.collation.is_empty() {
            return Err("operator classes and collations in EXCLUDE are not modelled".into());
        }
        let key = match &e.expr {
            Some(x) => IndexKey::Expression(expression_sql(x)?),
            None => IndexKey::Column(e.name.clone()),
        };
        elements.push((key, strings(&op.items).join(".")));
    }
    let predicate = c.where_clause.as_deref().map(expression_sql).transpose()?;
    Ok(Exclusion {
        name,
        method: if c.access_method.is_empty() {
            "gist".to_string()
        } else {
            c.access_method.to_lowercase()
        },
        elements,
        predicate,
        origin,
    })
}

/// The collation a `COLLATE` clause names, as the model holds it: `pg_catalog."C"` is `C`,
/// and `"default"` (the type's own) is none.
fn collation_of(clause: Option<&protobuf::CollateClause>) -> Option<String> {
    catalog_name(&clause?.collname).filter(|c| c != "default")
}

/// A collation or operator class name as the model holds it: `pg_catalog."C"` (as pg_dump
/// writes it) is `C`, `public.gin_trgm_ops` is `gin_trgm_ops`; none for an empty list.
pub(super) fn catalog_name(names: &[protobuf::Node]) -> Option<String> {
    let mut names = strings(names);
    if names.len() == 2 && names[0] == "pg_catalog" {
        names.remove(0);
    }
    (!names.is_empty()).then(|| loose_name(&names))
}

/// What PostgreSQL drops with a column: indexes and constraints that use it.
pub(super) fn drop_column(table: &mut Table, name: &str) {
    let uses = |cols: &[String]| cols.iter().any(|c| c == name);
    table.columns.retain(|c| c.name != name);
    if table.primary_key.as_ref().is_some_and(|p| uses(&p.columns)) {
        table.primary_key = None;
    }
    table.foreign_keys.retain(|f| !uses(&f.columns));
    table.uniques.retain(|u| !uses(&u.columns));
    table.indexes.retain(|i| {
        !i.elements
            .iter()
            .any(|e| matches!(&e.key, IndexKey::Column(c) if c == name))
    });
    let mentions = |expr: &str| {
        crate::sql::scan_tokens(expr)
            .map(|tokens| {
                tokens
                    .iter()
                    .any(|t| expr[t.start as usize..t.end as usize].trim_matches('"') == name)
            })
            .unwrap_or(false)
    };
    table.checks.retain(|c| !mentions(&c.expression));
    table.exclusions.retain(|e| {
        !e.elements.iter().any(|(k, _)| match k {
            IndexKey::Column(c) => c == name,
            IndexKey::Expression(x) => mentions(x),
        })
    });
}

/// `expr` with every identifier token `old` replaced by `new` (PostgreSQL rewrites stored
/// expressions when a column is renamed; our text must follow).
pub fn rename_in_expression(expr: &str, old: &str, new: &str) -> String {
    let Ok(tokens) = crate::sql::scan_tokens(expr) else {
        return expr.to_string();
    };
    let mut out = String::new();
    let mut last = 0;
    for t in tokens {
        let (start, end) = (t.start as usize, t.end as usize);
        let word = &expr[start..end];
        if word == old || word.trim_matches('"') == old && word.starts_with('"') {
            out.push_str(&expr[last..start]);
            out.push_str(&crate::sql::ident::quote(new));
            last = end;
        }
    }
    out.push_str(&expr[last..]);
    out
}

pub(super) fn rename_column_references(table: &mut Table, old: &str, new: &str) {
    for c in &mut table.checks {
        c.expression = rename_in_expression(&c.expression, old, new);
    }
    for u in &mut table.uniques {
        if let Some(p) = &mut u.predicate {
            *p = rename_in_expression(p, old, new);
        }
    }
    for i in &mut table.indexes {
        if let Some(p) = &mut i.predicate {
            *p = rename_in_expression(p, old, new);
        }
        for e in &mut i.elements {
            if let IndexKey::Expression(x) = &mut e.key {
                *x = rename_in_expression(x, old, new);
            }
        }
    }
    let rename = |cols: &mut Vec<String>| {
        for c in cols.iter_mut() {
            if c == old {
                *c = new.to_string();
            }
        }
    };
    if let Some(p) = &mut table.primary_key {
        rename(&mut p.columns);
    }
    for f in &mut table.foreign_keys {
        rename(&mut f.columns);
        if f.ref_table == table.name {
            rename(&mut f.ref_columns);
        }
    }
    for u in &mut table.uniques {
        rename(&mut u.columns);
    }
    for i in &mut table.indexes {
        for e in &mut i.elements {
            if let IndexKey::Column(c) = &mut e.key {
                if c == old {
                    *c = new.to_string();
                }
            }
        }
    }
}
