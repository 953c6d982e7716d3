//! Column types: parsing what people write (`int`, `timestamp(3) with time zone`, `text[]`)
//! into one canonical form, so two spellings of the same type compare equal and render the same.

use std::fmt;

/// A column's type: a built-in type or an enum of the schema, possibly an array.
#[derive(serde::Serialize, serde::Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ColumnType {
    pub base: BaseType,
    /// 0 for a scalar, 1 for `text[]`, 2 for `text[][]`.
    pub array_dims: usize,
}

#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq, Hash)]
pub enum BaseType {
    /// A built-in (or extension) type under its canonical name, with its modifiers,
    /// e.g. `numeric` with `[10, 2]`.
    Builtin {
        name: &'static str,
        modifiers: Vec<u32>,
    },
    /// A type the schema declares: an enum, a domain or a composite type.
    Named(String),
    /// A type an extension declares (`geometry`, `ltree`), as written (maybe qualified by
    /// the extension's schema), with its modifiers as text in lower case without spaces
    /// (`point,4326`): PostgreSQL hands them to the extension, which alone knows them.
    Extension { name: String, modifiers: String },
}

/// The types extensions declare that a column may use.
#[derive(Clone, Copy)]
pub enum ExtensionTypes<'a> {
    /// These (`extensions: [{ name: postgis, types: [geometry] }]`, or what the catalog says
    /// an extension owns).
    Listed(&'a [&'a str]),
    /// Any type not otherwise known (a migration that PostgreSQL ran: the type existed).
    Any,
}

/// `BaseType` as the cache stores it: a built-in's name is read back as the one `&'static`
/// name the table of known types holds.
#[derive(serde::Deserialize)]
enum StoredBaseType {
    Builtin { name: String, modifiers: Vec<u32> },
    Named(String),
    Extension { name: String, modifiers: String },
}

impl<'de> serde::Deserialize<'de> for BaseType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<BaseType, D::Error> {
        Ok(match StoredBaseType::deserialize(d)? {
            StoredBaseType::Named(n) => BaseType::Named(n),
            StoredBaseType::Extension { name, modifiers } => {
                BaseType::Extension { name, modifiers }
            }
            StoredBaseType::Builtin { name, modifiers } => BaseType::Builtin {
                name: KNOWN_TYPES
                    .iter()
                    .find(|k| k.name == name)
                    .map(|k| k.name)
                    .ok_or_else(|| {
                        serde::de::Error::custom(format!("unknown built-in type {name}"))
                    })?,
                modifiers,
            },
        })
    }
}

/// One known type: canonical name, other spellings, how many modifiers it takes, and the
/// extension that provides it, if any.
struct KnownType {
    name: &'static str,
    aliases: &'static [&'static str],
    max_modifiers: usize,
    extension: Option<&'static str>,
}

const fn t(
    name: &'static str,
    aliases: &'static [&'static str],
    max_modifiers: usize,
) -> KnownType {
    KnownType {
        name,
        aliases,
        max_modifiers,
        extension: None,
    }
}

const KNOWN_TYPES: &[KnownType] = &[
    t("text", &[], 0),
    t("smallint", &["int2"], 0),
    t("integer", &["int", "int4"], 0),
    t("bigint", &["int8"], 0),
    // integer/bigint/smallint with a sequence of their own as default.
    t("serial", &["serial4"], 0),
    t("bigserial", &["serial8"], 0),
    t("smallserial", &["serial2"], 0),
    t("real", &["float4"], 0),
    t("double precision", &["float8", "double"], 0),
    t("numeric", &["decimal"], 2),
    t("boolean", &["bool"], 0),
    t("uuid", &[], 0),
    t("date", &[], 0),
    t("time", &["time without time zone"], 1),
    t("timetz", &["time with time zone"], 1),
    t("timestamp", &["timestamp without time zone"], 1),
    t("timestamptz", &["timestamp with time zone"], 1),
    t("interval", &[], 0),
    t("json", &[], 0),
    t("jsonb", &[], 0),
    t("varchar", &["character varying"], 1),
    t("char", &["character"], 1),
    t("bytea", &[], 0),
    t("inet", &[], 0),
    t("cidr", &[], 0),
    t("macaddr", &[], 0),
    t("money", &[], 0),
    t("tsvector", &[], 0),
    t("xml", &[], 0),
    // Geometric types.
    t("point", &[], 0),
    t("line", &[], 0),
    t("lseg", &[], 0),
    t("box", &[], 0),
    t("path", &[], 0),
    t("polygon", &[], 0),
    t("circle", &[], 0),
    t("tsquery", &[], 0),
    t("macaddr8", &[], 0),
    t("bit", &[], 1),
    t("varbit", &["bit varying"], 1),
    // Range types (exclusion constraints: no two bookings of a room overlap).
    t("int4range", &[], 0),
    t("int8range", &[], 0),
    t("numrange", &[], 0),
    t("tsrange", &[], 0),
    t("tstzrange", &[], 0),
    t("daterange", &[], 0),
    KnownType {
        name: "citext",
        aliases: &[],
        max_modifiers: 0,
        extension: Some("citext"),
    },
    KnownType {
        name: "vector",
        aliases: &[],
        max_modifiers: 1,
        extension: Some("vector"),
    },
    KnownType {
        name: "hstore",
        aliases: &[],
        max_modifiers: 0,
        extension: Some("hstore"),
    },
];

/// Why a type string could not be understood.
#[derive(Debug, PartialEq, Eq)]
pub enum TypeError {
    Unknown {
        suggestion: Option<String>,
    },
    Malformed(String),
    TooManyModifiers {
        name: &'static str,
        max: usize,
    },
    NeedsExtension {
        name: &'static str,
        extension: &'static str,
    },
}

impl ColumnType {
    /// Parses a type as written in YAML. `enums` are the schema's enum names and
    /// `extensions` the declared extensions (for types such as `citext`).
    pub fn parse(raw: &str, enums: &[&str], extensions: &[&str]) -> Result<Self, TypeError> {
        Self::parse_with(raw, enums, extensions, ExtensionTypes::Listed(&[]))
    }

    /// [`ColumnType::parse`], accepting the types extensions declare too.
    pub fn parse_with(
        raw: &str,
        enums: &[&str],
        extensions: &[&str],
        extension_types: ExtensionTypes,
    ) -> Result<Self, TypeError> {
        match Self::parse_known(raw, enums, extensions) {
            // Not a built-in, or modifiers that are not numbers (`geometry(Point,4326)`).
            Err(e @ (TypeError::Unknown { .. } | TypeError::Malformed(_))) => {
                extension_type(raw, extension_types).ok_or(e)
            }
            other => other,
        }
    }

    fn parse_known(raw: &str, enums: &[&str], extensions: &[&str]) -> Result<Self, TypeError> {
        let mut rest = raw.trim();
        let mut array_dims = 0;
        while let Some(stripped) = rest.strip_suffix("[]") {
            array_dims += 1;
            rest = stripped.trim_end();
        }
        if enums.contains(&rest) {
            return Ok(ColumnType {
                base: BaseType::Named(rest.to_string()),
                array_dims,
            });
        }
        // Modifiers may sit in the middle: `timestamp(3) with time zone`.
        let (words, modifiers) = split_modifiers(rest)?;
        let lowered = words.to_lowercase();
        let Some(known) = KNOWN_TYPES
            .iter()
            .find(|k| k.name == lowered || k.aliases.contains(&lowered.as_str()))
        else {
            let candidates = KNOWN_TYPES
                .iter()
                .map(|k| k.name)
                .chain(enums.iter().copied());
            return Err(TypeError::Unknown {
                suggestion: crate::schema::suggest::closest(&lowered, candidates),
            });
        };
        if modifiers.len() > known.max_modifiers {
            return Err(TypeError::TooManyModifiers {
                name: known.name,
                max: known.max_modifiers,
            });
        }
        check_modifier_ranges(known.name, &modifiers)?;
        if let Some(extension) = known.extension {
            if !extensions.contains(&extension) {
                return Err(TypeError::NeedsExtension {
                    name: known.name,
                    extension,
                });
            }
        }
        Ok(ColumnType {
            base: BaseType::Builtin {
                name: known.name,
                modifiers,
            },
            array_dims,
        })
    }

    /// The type values are stored as: a serial is an integer with a sequence, so an integer
    /// column can reference it.
    pub fn storage(&self) -> ColumnType {
        let mut t = self.clone();
        if let BaseType::Builtin { name, .. } = &mut t.base {
            *name = match *name {
                "serial" => "integer",
                "bigserial" => "bigint",
                "smallserial" => "smallint",
                other => other,
            };
        }
        t
    }

    /// The declared type (enum, domain or composite) a scalar column has; callers look the
    /// name up among the kind they need.
    pub fn is_enum(&self) -> Option<&str> {
        match (&self.base, self.array_dims) {
            (BaseType::Named(name), 0) => Some(name),
            _ => None,
        }
    }
}

/// `geometry(Point, 4326)[]` as a type an extension declares, when it is one of `listed`.
fn extension_type(raw: &str, listed: ExtensionTypes) -> Option<ColumnType> {
    let mut rest = raw.trim();
    let mut array_dims = 0;
    while let Some(stripped) = rest.strip_suffix("[]") {
        array_dims += 1;
        rest = stripped.trim_end();
    }
    let (name, modifiers) = match rest.split_once('(') {
        Some((name, mods)) => (name.trim(), mods.strip_suffix(')')?),
        None => (rest, ""),
    };
    let name = name.to_lowercase();
    let word_ok = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    if !name.split('.').all(word_ok) || name.split('.').count() > 2 {
        return None;
    }
    // Modifiers are pasted into the SQL: words and numbers only (`Point,4326`, `3`).
    if !modifiers
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == ',' || c == '-' || c.is_whitespace())
    {
        return None;
    }
    let local = name.rsplit('.').next().unwrap_or(&name);
    let declared = match listed {
        ExtensionTypes::Any => true,
        ExtensionTypes::Listed(types) => types.iter().any(|t| t.eq_ignore_ascii_case(local)),
    };
    declared.then(|| ColumnType {
        base: BaseType::Extension {
            modifiers: modifiers
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase(),
            name,
        },
        array_dims,
    })
}

/// Splits `numeric(10, 2)` into (`numeric`, [10, 2]).
fn split_modifiers(raw: &str) -> Result<(String, Vec<u32>), TypeError> {
    let Some(open) = raw.find('(') else {
        return Ok((normalise_spaces(raw), Vec::new()));
    };
    let close = raw[open..]
        .find(')')
        .map(|i| open + i)
        .ok_or_else(|| TypeError::Malformed("a `(` without its `)`".into()))?;
    let modifiers = raw[open + 1..close]
        .split(',')
        .map(|m| {
            m.trim().parse::<u32>().map_err(|_| {
                TypeError::Malformed(format!(
                    "`{}` is not a whole number between 0 and {}",
                    m.trim(),
                    u32::MAX
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let words = format!("{} {}", &raw[..open], &raw[close + 1..]);
    Ok((normalise_spaces(&words), modifiers))
}

/// PostgreSQL's own limits on type modifiers, so `numeric(2147483648,2)` is refused at its
/// file and line instead of by the database in the middle of a migration.
fn check_modifier_ranges(name: &str, modifiers: &[u32]) -> Result<(), TypeError> {
    let limits: &[(&str, u32, u32)] = match name {
        "numeric" => &[("precision", 1, 1000), ("scale", 0, 1000)],
        "time" | "timetz" | "timestamp" | "timestamptz" => &[("precision", 0, 6)],
        "varchar" | "char" => &[("length", 1, 10_485_760)],
        "vector" => &[("dimensions", 1, 16_000)],
        _ => &[],
    };
    for (value, (what, min, max)) in modifiers.iter().zip(limits) {
        if !(*min..=*max).contains(value) {
            return Err(TypeError::Malformed(format!(
                "{name} {what} {value} is out of range: PostgreSQL allows {min} to {max}"
            )));
        }
    }
    Ok(())
}

fn normalise_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl ColumnType {
    /// Whether PostgreSQL changes a column from `self` to `new` in the catalog alone, without
    /// rewriting the table: a varchar made longer or unbounded, varchar to text (and text to
    /// unbounded varchar), a numeric given more precision at the same scale or made unbounded.
    pub fn changes_in_place(&self, new: &ColumnType) -> bool {
        if self == new {
            return true;
        }
        if self.array_dims != new.array_dims {
            return false;
        }
        let (
            BaseType::Builtin {
                name: a,
                modifiers: ma,
            },
            BaseType::Builtin {
                name: b,
                modifiers: mb,
            },
        ) = (&self.base, &new.base)
        else {
            return false;
        };
        match (*a, *b) {
            ("varchar", "varchar") => mb.is_empty() || (!ma.is_empty() && mb[0] >= ma[0]),
            ("varchar", "text") => true,
            ("text", "varchar") => mb.is_empty(),
            ("numeric", "numeric") => {
                mb.is_empty()
                    || (ma.len() == mb.len()
                        && !ma.is_empty()
                        && mb[0] >= ma[0]
                        && ma.get(1) == mb.get(1))
            }
            _ => false,
        }
    }
}

impl fmt::Display for ColumnType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.base {
            BaseType::Builtin { name, modifiers } => {
                f.write_str(name)?;
                if !modifiers.is_empty() {
                    let list: Vec<String> = modifiers.iter().map(u32::to_string).collect();
                    write!(f, "({})", list.join(","))?;
                }
            }
            BaseType::Named(name) => f.write_str(&crate::sql::ident::quote_qualified(name))?,
            BaseType::Extension { name, modifiers } => {
                f.write_str(name)?;
                if !modifiers.is_empty() {
                    write!(f, "({modifiers})")?;
                }
            }
        }
        for _ in 0..self.array_dims {
            f.write_str("[]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<String, TypeError> {
        ColumnType::parse(s, &["room_status"], &["citext"]).map(|t| t.to_string())
    }

    #[test]
    fn spellings_of_one_type_render_the_same() {
        assert_eq!(parse("int").unwrap(), "integer");
        assert_eq!(parse("INT4").unwrap(), "integer");
        assert_eq!(parse("timestamp with time zone").unwrap(), "timestamptz");
        assert_eq!(
            parse("timestamp(3) with time zone").unwrap(),
            "timestamptz(3)"
        );
        assert_eq!(parse("numeric(10, 2)").unwrap(), "numeric(10,2)");
        assert_eq!(parse("character varying(255)").unwrap(), "varchar(255)");
        assert_eq!(parse("text[]").unwrap(), "text[]");
        assert_eq!(parse("room_status[]").unwrap(), "room_status[]");
        assert_eq!(parse("citext").unwrap(), "citext");
    }

    #[test]
    fn types_an_extension_declares_are_taken_with_their_modifiers() {
        let listed = ExtensionTypes::Listed(&["geometry", "ltree"]);
        let t =
            |raw: &str, l| ColumnType::parse_with(raw, &[], &["postgis"], l).map(|t| t.to_string());
        assert_eq!(
            t("geometry(Point, 4326)", listed).unwrap(),
            "geometry(point,4326)"
        );
        assert_eq!(
            t("extensions.geometry(Point,4326)[]", listed).unwrap(),
            "extensions.geometry(point,4326)[]"
        );
        assert_eq!(t("ltree", listed).unwrap(), "ltree");
        // Not listed: unknown, with the built-ins' suggestion.
        assert!(matches!(
            t("geography", listed),
            Err(TypeError::Unknown { .. })
        ));
        assert_eq!(
            t("geography(Point)", ExtensionTypes::Any).unwrap(),
            "geography(point)"
        );
        // Built-ins keep their rules.
        assert_eq!(t("int4", listed).unwrap(), "integer");
        assert!(matches!(
            t("numeric(a)", listed),
            Err(TypeError::Malformed(_))
        ));
        assert!(t("geometry; drop table x", ExtensionTypes::Any).is_err());
        assert!(t("geometry(point); drop table x; --)", ExtensionTypes::Any).is_err());
    }

    #[test]
    fn unknown_types_suggest_the_closest_name() {
        assert_eq!(
            parse("integr"),
            Err(TypeError::Unknown {
                suggestion: Some("integer".into())
            })
        );
        assert_eq!(
            parse("room_statu"),
            Err(TypeError::Unknown {
                suggestion: Some("room_status".into())
            })
        );
    }

    #[test]
    fn bad_modifiers_and_missing_extensions_are_errors() {
        assert!(matches!(parse("numeric(a)"), Err(TypeError::Malformed(_))));
        assert!(matches!(parse("numeric(10"), Err(TypeError::Malformed(_))));
        // PostgreSQL's own limits, not a u32's.
        assert!(matches!(
            parse("numeric(2147483648,2)"),
            Err(TypeError::Malformed(_))
        ));
        assert!(matches!(
            parse("numeric(1001)"),
            Err(TypeError::Malformed(_))
        ));
        assert!(matches!(parse("numeric(0)"), Err(TypeError::Malformed(_))));
        assert!(matches!(
            parse("timestamptz(7)"),
            Err(TypeError::Malformed(_))
        ));
        assert!(matches!(parse("varchar(0)"), Err(TypeError::Malformed(_))));
        assert_eq!(parse("numeric(1000,1000)").unwrap(), "numeric(1000,1000)");
        assert!(matches!(
            parse("uuid(3)"),
            Err(TypeError::TooManyModifiers { .. })
        ));
        assert!(matches!(
            parse("vector(3)"),
            Err(TypeError::NeedsExtension {
                extension: "vector",
                ..
            })
        ));
    }
}
