//! Privileges: `GRANT`/`REVOKE` on tables, views, sequences, functions and schemas, and
//! `ALTER DEFAULT PRIVILEGES`. Everything about this kind lives here: the model, how a
//! statement changes it, and the SQL (with its inverse) that moves a database from one set of
//! grants to another.
//!
//! An object's grants are what its ACL holds beyond what PostgreSQL gives by itself — the
//! owner's own rights are never listed, and a right PostgreSQL grants by default (EXECUTE on a
//! function to PUBLIC, USAGE on schema `public` to PUBLIC) appears only when it was taken away,
//! as a `revoked` entry. So a fresh object has no entries, and the same history always gives the
//! same list, whether it was replayed offline or read from `pg_class.relacl` / `pg_proc.proacl`.
//!
//! Default privileges apply to the objects the migrating role creates afterwards. A declared
//! schema has no "afterwards": every declared object gets the project's default privileges, then
//! the `GRANT`/`REVOKE` statements of `schema/*.sql` apply on top, in order.

pub mod declare;
pub mod read;

use pg_query::protobuf::{self, node::Node as N, ObjectType, RoleSpecType};

use crate::sql::ident::quote;

/// One right of one role on one object.
#[derive(
    serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub struct Grant {
    /// A role name, or `public` for PUBLIC.
    pub grantee: String,
    /// Upper case, as PostgreSQL names it: `SELECT`, `EXECUTE`, `USAGE`...
    pub privilege: String,
    /// WITH GRANT OPTION.
    pub grantable: bool,
    /// A right PostgreSQL gives by default, taken away (`REVOKE EXECUTE ... FROM PUBLIC`).
    pub revoked: bool,
}

/// The kinds of object that hold grants, as `GRANT ... ON <kind>` names them.
#[derive(
    serde::Serialize, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum Target {
    /// Tables, views and materialized views (GRANT ... ON TABLE covers all three).
    Table,
    Sequence,
    /// Functions and procedures (`ON ROUTINE` names both).
    Function,
    Schema,
}

impl Target {
    pub fn keyword(self) -> &'static str {
        match self {
            Target::Table => "TABLE",
            Target::Sequence => "SEQUENCE",
            Target::Function => "ROUTINE",
            Target::Schema => "SCHEMA",
        }
    }

    /// What `ALL PRIVILEGES` means for this kind (PostgreSQL 15).
    pub fn all(self) -> &'static [&'static str] {
        match self {
            Target::Table => &[
                "SELECT",
                "INSERT",
                "UPDATE",
                "DELETE",
                "TRUNCATE",
                "REFERENCES",
                "TRIGGER",
            ],
            Target::Sequence => &["USAGE", "SELECT", "UPDATE"],
            Target::Function => &["EXECUTE"],
            Target::Schema => &["USAGE", "CREATE"],
        }
    }

    /// The plural `ALTER DEFAULT PRIVILEGES ... ON <kinds>` uses.
    pub fn plural(self) -> &'static str {
        match self {
            Target::Table => "TABLES",
            Target::Sequence => "SEQUENCES",
            Target::Function => "FUNCTIONS",
            Target::Schema => "SCHEMAS",
        }
    }

    pub fn of_object_type(t: i32) -> Option<Target> {
        match ObjectType::try_from(t).ok()? {
            ObjectType::ObjectTable
            | ObjectType::ObjectView
            | ObjectType::ObjectMatview
            | ObjectType::ObjectForeignTable => Some(Target::Table),
            ObjectType::ObjectSequence => Some(Target::Sequence),
            ObjectType::ObjectFunction
            | ObjectType::ObjectProcedure
            | ObjectType::ObjectRoutine => Some(Target::Function),
            ObjectType::ObjectSchema => Some(Target::Schema),
            _ => None,
        }
    }
}

/// The rights PostgreSQL gives a new object of `target` named `name` by itself, besides its
/// owner's: (grantee, privilege).
pub fn builtin(target: Target, name: &str) -> &'static [(&'static str, &'static str)] {
    match target {
        Target::Function => &[("public", "EXECUTE")],
        Target::Schema if name == "public" => &[("public", "USAGE")],
        _ => &[],
    }
}

/// One change a GRANT or REVOKE statement makes to one (grantee, privilege).
#[derive(Clone, Debug)]
pub struct Action {
    pub grant: bool,
    pub grantee: String,
    pub privilege: String,
    /// GRANT ... WITH GRANT OPTION / REVOKE GRANT OPTION FOR.
    pub option: bool,
}

/// Applies `a` to `grants` (kept sorted), the list of an object whose rights given by
/// PostgreSQL itself are `builtin` (see [`builtin`]).
pub fn apply(grants: &mut Vec<Grant>, builtin: &[(&str, &str)], a: &Action) {
    let by_default = builtin
        .iter()
        .any(|(g, p)| *g == a.grantee && *p == a.privilege);
    let at = grants
        .iter()
        .position(|g| g.grantee == a.grantee && g.privilege == a.privilege);
    match (a.grant, at) {
        // Given back: the default is whole again.
        (true, Some(i)) if grants[i].revoked => {
            grants.remove(i);
            if a.option {
                apply(grants, builtin, a);
            }
        }
        (true, Some(i)) => grants[i].grantable |= a.option,
        (true, None) if by_default && !a.option => {}
        (true, None) => grants.push(Grant {
            grantee: a.grantee.clone(),
            privilege: a.privilege.clone(),
            grantable: a.option,
            revoked: false,
        }),
        (false, Some(i)) if grants[i].revoked => {}
        (false, Some(i)) if a.option => grants[i].grantable = false,
        (false, Some(i)) => {
            grants.remove(i);
            if by_default {
                apply(grants, builtin, a);
            }
        }
        (false, None) if by_default && !a.option => grants.push(Grant {
            grantee: a.grantee.clone(),
            privilege: a.privilege.clone(),
            grantable: false,
            revoked: true,
        }),
        (false, None) => {}
    }
    grants.sort();
}

/// What a GRANT/REVOKE statement does: its kind and its actions (one per grantee × privilege),
/// `ALL` spelled out.
pub fn actions(s: &protobuf::GrantStmt) -> Result<(Target, Vec<Action>), String> {
    let target = Target::of_object_type(s.objtype).ok_or_else(|| {
        "privileges on this kind of object are not modelled (tables, views, sequences, \
         functions and schemas are)"
            .to_string()
    })?;
    let mut privileges = Vec::new();
    for p in &s.privileges {
        let Some(N::AccessPriv(p)) = p.node.as_ref() else {
            continue;
        };
        if !p.cols.is_empty() {
            return Err(
                "column privileges (GRANT ... (column) ON ...) are not modelled: grant on the \
                 whole table, or use a view"
                    .into(),
            );
        }
        privileges.push(p.priv_name.to_uppercase());
    }
    if privileges.is_empty() {
        privileges = target.all().iter().map(|p| p.to_string()).collect();
    }
    for p in &privileges {
        if !target.all().contains(&p.as_str()) {
            return Err(format!(
                "{p} is not a privilege on {} (valid: {})",
                target.keyword(),
                target.all().join(", ")
            ));
        }
    }
    let mut out = Vec::new();
    for g in &s.grantees {
        let Some(N::RoleSpec(r)) = g.node.as_ref() else {
            continue;
        };
        let grantee = grantee(r)?;
        for p in &privileges {
            out.push(Action {
                grant: s.is_grant,
                grantee: grantee.clone(),
                privilege: p.clone(),
                option: s.grant_option,
            });
        }
    }
    Ok((target, out))
}

pub fn grantee(r: &protobuf::RoleSpec) -> Result<String, String> {
    match RoleSpecType::try_from(r.roletype) {
        Ok(RoleSpecType::RolespecPublic) => Ok("public".into()),
        Ok(RoleSpecType::RolespecCstring) => Ok(r.rolename.clone()),
        _ => Err(
            "CURRENT_USER / SESSION_USER / CURRENT_ROLE as a grantee is not modelled: name the role"
                .into(),
        ),
    }
}

fn grantee_sql(g: &str) -> String {
    if g == "public" {
        "PUBLIC".into()
    } else {
        quote(g)
    }
}

/// Entries that `GRANT`/`REVOKE` together: same grantee, same option, same direction.
fn groups(grants: &[&Grant]) -> Vec<Vec<Grant>> {
    let mut out: Vec<Vec<Grant>> = Vec::new();
    for g in grants {
        match out.iter_mut().find(|x| {
            x[0].grantee == g.grantee && x[0].grantable == g.grantable && x[0].revoked == g.revoked
        }) {
            Some(group) => group.push((*g).clone()),
            None => out.push(vec![(*g).clone()]),
        }
    }
    out
}

/// `GRANT SELECT, INSERT ON TABLE room TO app` for a group (no semicolon): what gives the
/// entries (`give`) or takes them away.
fn statement(object: &str, group: &[Grant], give: bool) -> String {
    let privileges: Vec<&str> = group.iter().map(|g| g.privilege.as_str()).collect();
    let g = &group[0];
    let to = grantee_sql(&g.grantee);
    // A revoked entry is given by REVOKE and taken away by GRANT.
    if give != g.revoked {
        let option = if g.grantable {
            " WITH GRANT OPTION"
        } else {
            ""
        };
        format!(
            "GRANT {} ON {object} TO {to}{option}",
            privileges.join(", ")
        )
    } else {
        format!("REVOKE {} ON {object} FROM {to}", privileges.join(", "))
    }
}

/// One step from `old` to `new` grants of `object` (e.g. `TABLE room`): (summary, up, down).
pub struct GrantChange {
    pub summary: String,
    pub up: String,
    pub down: String,
}

/// The steps that turn the grants `old` into `new` on `object`, each with its inverse: the
/// entries only in `new` are given, those only in `old` taken away, and a changed grant option
/// is granted or revoked on its own.
pub fn changes(object: &str, old: &[Grant], new: &[Grant]) -> Vec<GrantChange> {
    let key = |g: &&Grant| (g.grantee.clone(), g.privilege.clone());
    let old_keys: std::collections::HashSet<_> = old.iter().map(|g| key(&g)).collect();
    let new_keys: std::collections::HashSet<_> = new.iter().map(|g| key(&g)).collect();
    let mut out = Vec::new();
    let taken: Vec<&Grant> = old
        .iter()
        .filter(|g| !new_keys.contains(&key(g)) || !new.contains(g))
        .collect();
    let given: Vec<&Grant> = new
        .iter()
        .filter(|g| !old_keys.contains(&key(g)) || !old.contains(g))
        .collect();
    // A grant option added or removed on a right kept: take the old entry away and give the
    // new one, which PostgreSQL does as REVOKE then GRANT (both inverses stay exact).
    // Summaries read `grant select on table room to app`.
    let (keyword, rest) = object.split_once(' ').unwrap_or((object, ""));
    let shown = format!("{} {rest}", keyword.to_lowercase());
    for group in groups(&taken) {
        out.push(GrantChange {
            summary: summary(&group, false, &shown),
            up: format!("{};", statement(object, &group, false)),
            down: format!("{};", statement(object, &group, true)),
        });
    }
    for group in groups(&given) {
        out.push(GrantChange {
            summary: summary(&group, true, &shown),
            up: format!("{};", statement(object, &group, true)),
            down: format!("{};", statement(object, &group, false)),
        });
    }
    out
}

/// `grant select on table room to app` / `revoke ... from ...`, for headers and drift.
fn summary(group: &[Grant], give: bool, object: &str) -> String {
    let privileges: Vec<String> = group.iter().map(|g| g.privilege.to_lowercase()).collect();
    let (verb, to) = if give != group[0].revoked {
        ("grant", "to")
    } else {
        ("revoke", "from")
    };
    format!(
        "{verb} {} on {object} {to} {}",
        privileges.join(", "),
        group[0].grantee
    )
}

/// `ALTER DEFAULT PRIVILEGES [FOR ROLE r] [IN SCHEMA s] GRANT ...`, one entry per grantee ×
/// privilege, as `pg_default_acl` holds them.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DefaultPrivilege {
    /// `FOR ROLE`: `None` is the role that runs the migrations (the only one whose defaults
    /// apply to what the migrations create).
    pub for_role: Option<String>,
    /// `IN SCHEMA`: `None` for every schema.
    pub schema: Option<String>,
    pub on: Target,
    pub grant: Grant,
}

impl DefaultPrivilege {
    fn prefix(&self) -> String {
        let mut s = "ALTER DEFAULT PRIVILEGES".to_string();
        if let Some(r) = &self.for_role {
            s.push_str(&format!(" FOR ROLE {}", quote(r)));
        }
        if let Some(n) = &self.schema {
            s.push_str(&format!(" IN SCHEMA {}", quote(n)));
        }
        s
    }

    /// The statement that sets this entry (`give`) or takes it away.
    fn statement(&self, give: bool) -> String {
        let g = &self.grant;
        let to = grantee_sql(&g.grantee);
        let on = self.on.plural();
        if give != g.revoked {
            let option = if g.grantable {
                " WITH GRANT OPTION"
            } else {
                ""
            };
            format!(
                "{} GRANT {} ON {on} TO {to}{option};",
                self.prefix(),
                g.privilege
            )
        } else {
            format!(
                "{} REVOKE {} ON {on} FROM {to};",
                self.prefix(),
                g.privilege
            )
        }
    }

    pub fn create_sql(&self) -> String {
        self.statement(true)
    }

    pub fn drop_sql(&self) -> String {
        self.statement(false)
    }

    pub fn summary(&self) -> String {
        format!(
            "default privilege {} {} on {} {} {}{}",
            if self.grant.revoked {
                "revoke"
            } else {
                "grant"
            },
            self.grant.privilege.to_lowercase(),
            self.on.plural().to_lowercase(),
            if self.grant.revoked { "from" } else { "to" },
            self.grant.grantee,
            self.schema
                .as_ref()
                .map(|s| format!(" in schema {s}"))
                .unwrap_or_default()
        )
    }
}

/// Applies `ALTER DEFAULT PRIVILEGES` to `defaults` (kept sorted).
pub fn alter_defaults(
    defaults: &mut Vec<DefaultPrivilege>,
    s: &protobuf::AlterDefaultPrivilegesStmt,
) -> Result<(), String> {
    let mut roles: Vec<Option<String>> = Vec::new();
    let mut schemas: Vec<Option<String>> = Vec::new();
    for o in &s.options {
        let Some(N::DefElem(d)) = o.node.as_ref() else {
            continue;
        };
        let Some(N::List(l)) = d.arg.as_ref().and_then(|a| a.node.as_ref()) else {
            continue;
        };
        for item in &l.items {
            match (d.defname.as_str(), item.node.as_ref()) {
                ("roles", Some(N::RoleSpec(r))) => roles.push(Some(grantee(r)?)),
                ("schemas", Some(N::String(n))) => schemas.push(Some(n.sval.clone())),
                _ => return Err(format!("ALTER DEFAULT PRIVILEGES option `{}`", d.defname)),
            }
        }
    }
    if roles.is_empty() {
        roles.push(None);
    }
    if schemas.is_empty() {
        schemas.push(None);
    }
    let action = s
        .action
        .as_ref()
        .ok_or("ALTER DEFAULT PRIVILEGES without GRANT/REVOKE")?;
    let (target, actions) = actions(action)?;
    for role in &roles {
        for schema in &schemas {
            for a in &actions {
                // Global defaults replace PostgreSQL's own (EXECUTE to PUBLIC can be revoked);
                // per-schema ones only add to them.
                let mut entries: Vec<Grant> = defaults
                    .iter()
                    .filter(|d| &d.for_role == role && &d.schema == schema && d.on == target)
                    .map(|d| d.grant.clone())
                    .collect();
                let builtin_here = if schema.is_none() {
                    builtin(target, "")
                } else {
                    &[]
                };
                apply(&mut entries, builtin_here, a);
                defaults
                    .retain(|d| !(&d.for_role == role && &d.schema == schema && d.on == target));
                defaults.extend(entries.into_iter().map(|grant| DefaultPrivilege {
                    for_role: role.clone(),
                    schema: schema.clone(),
                    on: target,
                    grant,
                }));
            }
        }
    }
    defaults.sort();
    Ok(())
}

/// The grants a new object of `target` in schema `namespace` (`None`: public) gets from the
/// migrating role's default privileges.
pub fn defaults_for(
    defaults: &[DefaultPrivilege],
    target: Target,
    namespace: Option<&str>,
    name: &str,
) -> Vec<Grant> {
    let namespace = namespace.unwrap_or("public");
    let mut out: Vec<Grant> = Vec::new();
    for d in defaults.iter().filter(|d| {
        d.for_role.is_none() && d.on == target && d.schema.as_deref().is_none_or(|s| s == namespace)
    }) {
        apply(
            &mut out,
            builtin(target, name),
            &Action {
                grant: !d.grant.revoked,
                grantee: d.grant.grantee.clone(),
                privilege: d.grant.privilege.clone(),
                option: d.grant.grantable,
            },
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(grant: bool, grantee: &str, privilege: &str) -> Action {
        Action {
            grant,
            grantee: grantee.into(),
            privilege: privilege.into(),
            option: false,
        }
    }

    #[test]
    fn revoking_a_default_right_is_recorded_and_granting_it_back_forgets_it() {
        let mut g = Vec::new();
        apply(
            &mut g,
            builtin(Target::Function, "f"),
            &act(false, "public", "EXECUTE"),
        );
        assert_eq!(g.len(), 1);
        assert!(g[0].revoked);
        apply(
            &mut g,
            builtin(Target::Function, "f"),
            &act(true, "public", "EXECUTE"),
        );
        assert!(g.is_empty());
        // Granting what PUBLIC already has changes nothing.
        apply(
            &mut g,
            builtin(Target::Function, "f"),
            &act(true, "public", "EXECUTE"),
        );
        assert!(g.is_empty());
    }

    #[test]
    fn grant_then_revoke_is_nothing_and_revoke_of_nothing_is_nothing() {
        let mut g = Vec::new();
        apply(&mut g, &[], &act(true, "app", "SELECT"));
        assert_eq!(g.len(), 1);
        apply(&mut g, &[], &act(false, "app", "SELECT"));
        assert!(g.is_empty());
        apply(&mut g, &[], &act(false, "app", "SELECT"));
        assert!(g.is_empty());
    }

    #[test]
    fn changes_group_by_grantee_and_invert_exactly() {
        let grant = |p: &str| Grant {
            grantee: "app".into(),
            privilege: p.into(),
            grantable: false,
            revoked: false,
        };
        let c = changes("TABLE room", &[], &[grant("INSERT"), grant("SELECT")]);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].up, "GRANT INSERT, SELECT ON TABLE room TO app;");
        assert_eq!(c[0].down, "REVOKE INSERT, SELECT ON TABLE room FROM app;");
        let revoked = Grant {
            grantee: "public".into(),
            privilege: "EXECUTE".into(),
            grantable: false,
            revoked: true,
        };
        let c = changes("ROUTINE f()", &[], &[revoked]);
        assert_eq!(c[0].up, "REVOKE EXECUTE ON ROUTINE f() FROM PUBLIC;");
        assert_eq!(c[0].down, "GRANT EXECUTE ON ROUTINE f() TO PUBLIC;");
    }
}
