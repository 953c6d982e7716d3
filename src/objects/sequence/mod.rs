//! Standalone sequences (those not behind a `serial` column or an identity): the model with
//! every option PostgreSQL keeps, read from `CREATE SEQUENCE` / `ALTER SEQUENCE` (schema `.sql`
//! files and the migration history alike) or from `pg_sequence`, and the SQL that creates,
//! alters and drops one. Options are held explicitly (PostgreSQL's defaults filled in), so
//! `START 1` and no START are the same sequence, and an ALTER's inverse is exact.

pub mod annotated;
pub mod declare;
pub mod diff;
pub mod read;
pub mod rename;
pub mod replay;

use pg_query::protobuf::{self, node::Node as N};

use super::privilege::Grant;
use crate::origin::Origin;
use crate::sql::ident::{quote, quote_qualified};

#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Sequence {
    /// `name`, or `schema.name` outside public.
    pub name: String,
    /// `smallint`, `integer` or `bigint`.
    pub data_type: String,
    pub increment: i64,
    pub min: i64,
    pub max: i64,
    pub start: i64,
    pub cache: i64,
    pub cycle: bool,
    /// OWNED BY: (table, column); the sequence is dropped with the table.
    pub owned_by: Option<(String, String)>,
    pub grants: Vec<Grant>,
    pub comment: Option<String>,
    /// A declared rename (`-- renamed from: old_name` above it): the next migration renames it.
    pub renamed_from: crate::origin::Hint<Option<String>>,
    pub origin: Origin,
}

fn type_range(t: &str) -> (i64, i64) {
    match t {
        "smallint" => (i16::MIN as i64, i16::MAX as i64),
        "integer" => (i32::MIN as i64, i32::MAX as i64),
        _ => (i64::MIN, i64::MAX),
    }
}

/// PostgreSQL's name for the type of a sequence.
fn canonical_type(t: &str) -> Result<String, String> {
    match t.trim_start_matches("pg_catalog.") {
        "int2" | "smallint" => Ok("smallint".into()),
        "int4" | "int" | "integer" => Ok("integer".into()),
        "int8" | "bigint" => Ok("bigint".into()),
        other => Err(format!(
            "a sequence is smallint, integer or bigint, not `{other}`"
        )),
    }
}

fn number(d: &protobuf::DefElem) -> Result<Option<i64>, String> {
    match d.arg.as_ref().and_then(|a| a.node.as_ref()) {
        None => Ok(None),
        Some(N::Integer(i)) => Ok(Some(i.ival as i64)),
        Some(N::Float(f)) => f
            .fval
            .parse()
            .map(Some)
            .map_err(|_| format!("{} {} is out of range", d.defname, f.fval)),
        _ => Err(format!("{}: a number was expected", d.defname)),
    }
}

impl Sequence {
    pub fn new(name: String, origin: Origin) -> Sequence {
        Sequence {
            name,
            data_type: "bigint".into(),
            increment: 1,
            min: 1,
            max: i64::MAX,
            start: 1,
            cache: 1,
            cycle: false,
            owned_by: None,
            grants: Vec::new(),
            comment: None,
            renamed_from: Default::default(),
            origin,
        }
    }

    /// The options of `CREATE SEQUENCE` / `ALTER SEQUENCE` applied to this sequence, as
    /// PostgreSQL does: bounds and start left unsaid follow the type and the direction.
    pub fn apply_options(
        &mut self,
        options: &[protobuf::Node],
        creating: bool,
    ) -> Result<(), String> {
        let (mut min, mut max, mut start) = (None, None, None);
        let (mut min_said, mut max_said) = (false, false);
        let old_type = self.data_type.clone();
        let old_increment = self.increment;
        for o in options {
            let Some(N::DefElem(d)) = o.node.as_ref() else {
                continue;
            };
            match d.defname.as_str() {
                "as" => {
                    let Some(N::TypeName(t)) = d.arg.as_ref().and_then(|a| a.node.as_ref()) else {
                        return Err("AS without a type".into());
                    };
                    self.data_type = canonical_type(&crate::sql::normal::type_sql(t)?)?;
                }
                "increment" => {
                    self.increment = number(d)?.ok_or("INCREMENT without a value")?;
                    if self.increment == 0 {
                        return Err("INCREMENT must not be zero".into());
                    }
                }
                "minvalue" => {
                    min_said = true;
                    min = number(d)?;
                }
                "maxvalue" => {
                    max_said = true;
                    max = number(d)?;
                }
                "start" => start = number(d)?,
                "cache" => self.cache = number(d)?.unwrap_or(1),
                "cycle" => {
                    self.cycle = matches!(
                        d.arg.as_ref().and_then(|a| a.node.as_ref()),
                        Some(N::Boolean(b)) if b.boolval
                    )
                }
                "owned_by" => {
                    let Some(N::List(l)) = d.arg.as_ref().and_then(|a| a.node.as_ref()) else {
                        return Err("OWNED BY without a column".into());
                    };
                    let names = crate::sql::normal::string_list(&l.items);
                    self.owned_by = match names.as_slice() {
                        [none] if none == "none" => None,
                        [table, column] => Some((table.clone(), column.clone())),
                        [schema, table, column] => Some((
                            crate::sql::normal::public_stripped(schema, table),
                            column.clone(),
                        )),
                        _ => return Err("OWNED BY names table.column".into()),
                    };
                }
                // Data, not schema: where the next value starts.
                "restart" => {}
                other => return Err(format!("sequence option `{other}` is not modelled")),
            }
        }
        let (type_min, type_max) = type_range(&self.data_type);
        let (old_min, old_max) = type_range(&old_type);
        let ascending = self.increment > 0;
        let default_min = |asc: bool, tmin: i64| if asc { 1 } else { tmin };
        let default_max = |asc: bool, tmax: i64| if asc { tmax } else { -1 };
        // An unsaid bound follows the type and direction when it was at its default before
        // (always, when creating).
        self.min = match (min_said, min) {
            (true, Some(v)) => v,
            (true, None) => default_min(ascending, type_min),
            (false, _) if creating || self.min == default_min(old_increment > 0, old_min) => {
                default_min(ascending, type_min)
            }
            (false, _) => self.min,
        };
        self.max = match (max_said, max) {
            (true, Some(v)) => v,
            (true, None) => default_max(ascending, type_max),
            (false, _) if creating || self.max == default_max(old_increment > 0, old_max) => {
                default_max(ascending, type_max)
            }
            (false, _) => self.max,
        };
        if let Some(s) = start {
            self.start = s;
        } else if creating {
            self.start = if ascending { self.min } else { self.max };
        }
        if self.min > self.max {
            return Err(format!(
                "MINVALUE ({}) must be less than MAXVALUE ({})",
                self.min, self.max
            ));
        }
        if self.min < type_min || self.max > type_max {
            return Err(format!("bounds out of range for {}", self.data_type));
        }
        if self.start < self.min || self.start > self.max {
            return Err(format!(
                "START value ({}) must lie between MINVALUE and MAXVALUE",
                self.start
            ));
        }
        Ok(())
    }

    pub fn from_statement(s: &protobuf::CreateSeqStmt, origin: Origin) -> Result<Sequence, String> {
        let rv = s.sequence.as_ref().ok_or("a sequence without a name")?;
        let name = crate::sql::normal::public_stripped(&rv.schemaname, &rv.relname);
        let mut seq = Sequence::new(name, origin);
        seq.apply_options(&s.options, true)?;
        Ok(seq)
    }

    /// `AS ... CYCLE`: every option, explicit.
    fn all_options(&self) -> String {
        format!(
            "AS {} INCREMENT BY {} MINVALUE {} MAXVALUE {} START WITH {} CACHE {} {}",
            self.data_type,
            self.increment,
            self.min,
            self.max,
            self.start,
            self.cache,
            if self.cycle { "CYCLE" } else { "NO CYCLE" }
        )
    }

    /// `CREATE SEQUENCE`, with only the options that differ from PostgreSQL's defaults.
    pub fn create_sql(&self) -> String {
        let defaults = {
            let mut d = Sequence::new(self.name.clone(), Origin::default());
            d.data_type = self.data_type.clone();
            d.increment = self.increment;
            let _ = d.apply_options(&[], true);
            d
        };
        let mut sql = format!("CREATE SEQUENCE {}", quote_qualified(&self.name));
        if self.data_type != "bigint" {
            sql.push_str(&format!(" AS {}", self.data_type));
        }
        if self.increment != 1 {
            sql.push_str(&format!(" INCREMENT BY {}", self.increment));
        }
        if self.min != defaults.min {
            sql.push_str(&format!(" MINVALUE {}", self.min));
        }
        if self.max != defaults.max {
            sql.push_str(&format!(" MAXVALUE {}", self.max));
        }
        let default_start = if self.increment > 0 {
            self.min
        } else {
            self.max
        };
        if self.start != default_start {
            sql.push_str(&format!(" START WITH {}", self.start));
        }
        if self.cache != 1 {
            sql.push_str(&format!(" CACHE {}", self.cache));
        }
        if self.cycle {
            sql.push_str(" CYCLE");
        }
        sql.push(';');
        sql
    }

    pub fn drop_sql(&self) -> String {
        format!("DROP SEQUENCE {};", quote_qualified(&self.name))
    }

    /// Whether the options (not the owner, grants or comment) differ.
    pub fn same_options(&self, other: &Sequence) -> bool {
        self.all_options() == other.all_options()
    }

    /// `ALTER SEQUENCE` setting every option to this sequence's.
    pub fn alter_sql(&self) -> String {
        format!(
            "ALTER SEQUENCE {} {};",
            quote_qualified(&self.name),
            self.all_options()
        )
    }

    pub fn owned_by_sql(&self) -> String {
        format!(
            "ALTER SEQUENCE {} OWNED BY {};",
            quote_qualified(&self.name),
            match &self.owned_by {
                Some((t, c)) => format!("{}.{}", quote_qualified(t), quote(c)),
                None => "NONE".into(),
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(sql: &str) -> Result<Sequence, String> {
        let parsed = pg_query::parse(sql, 0).unwrap();
        let Some(N::CreateSeqStmt(s)) = parsed.protobuf.stmts[0]
            .stmt
            .as_ref()
            .and_then(|s| s.node.as_ref())
        else {
            panic!("{sql}")
        };
        Sequence::from_statement(s, Origin::default())
    }

    #[test]
    fn defaults_are_filled_so_spellings_compare_equal() {
        let a = read("CREATE SEQUENCE s").unwrap();
        let b = read("CREATE SEQUENCE public.s AS int8 START 1 INCREMENT BY 1 NO CYCLE").unwrap();
        assert_eq!(a, b);
        let down = read("CREATE SEQUENCE d AS integer INCREMENT -1").unwrap();
        assert_eq!((down.min, down.max, down.start), (i32::MIN as i64, -1, -1));
        assert_eq!(
            down.create_sql(),
            "CREATE SEQUENCE d AS integer INCREMENT BY -1;"
        );
        let s = read("CREATE SEQUENCE t START 1000 CACHE 10 CYCLE").unwrap();
        assert_eq!(
            s.create_sql(),
            "CREATE SEQUENCE t START WITH 1000 CACHE 10 CYCLE;"
        );
    }

    #[test]
    fn impossible_bounds_are_refused() {
        assert!(read("CREATE SEQUENCE s MINVALUE 10 MAXVALUE 5").is_err());
        assert!(read("CREATE SEQUENCE s AS smallint MAXVALUE 100000").is_err());
        assert!(read("CREATE SEQUENCE s START 0").is_err());
    }
}
