//! A parse-tree node's content without its positions, as bytes: the key of a memo of what is
//! computed from a node (`replay::expression_sql`).
//!
//! Nodes carry `location`, their offset in the text it was parsed from, so the `now()` of
//! two columns are two different trees; written without their locations they are one key. The
//! encoding is unambiguous — every value tagged, every string length-prefixed, every sequence
//! and struct closed by an end tag — so two keys are equal only when the nodes are equal but for
//! their locations. It goes through the nodes' `serde::Serialize` (pg_query derives it), so no
//! node kind can be forgotten.

use serde::ser::{self, Serialize};

/// The key of `node`: its serialized content, `location` fields left out.
pub fn key(node: &impl Serialize) -> Vec<u8> {
    let mut writer = KeyWriter(Vec::with_capacity(128));
    // Writing to a `Vec` cannot fail, and no value of a parse tree is refused.
    let _ = node.serialize(&mut writer);
    writer.0
}

struct KeyWriter(Vec<u8>);

/// The fields of pg_query's nodes that are offsets in the parsed text: `location` (most
/// nodes), `name_location`, `arg_location`..., an `ARRAY[...]`'s `list_start` and `list_end`,
/// and a statement's `stmt_location` and `stmt_len`.
fn is_position(field: &str) -> bool {
    field == "location"
        || field.ends_with("_location")
        || field.ends_with("list_start")
        || field.ends_with("list_end")
        || field == "stmt_len"
}

// One tag per kind of value; `END` closes sequences, maps and structs.
const BOOL: u8 = 1;
const INT: u8 = 2;
const UINT: u8 = 3;
const FLOAT: u8 = 4;
const CHAR: u8 = 5;
const STR: u8 = 6;
const BYTES: u8 = 7;
const NONE: u8 = 8;
const SOME: u8 = 9;
const UNIT: u8 = 10;
const VARIANT: u8 = 11;
const SEQ: u8 = 12;
const MAP: u8 = 13;
const STRUCT: u8 = 14;
const END: u8 = 15;

impl KeyWriter {
    fn tagged(&mut self, tag: u8, bytes: &[u8]) {
        self.0.push(tag);
        self.0.extend_from_slice(bytes);
    }

    fn text(&mut self, tag: u8, bytes: &[u8]) {
        self.tagged(tag, &(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
    }
}

#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a node key cannot be written")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

type Done = Result<(), Never>;

impl ser::Serializer for &mut KeyWriter {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.tagged(BOOL, &[v as u8]);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.tagged(INT, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.tagged(UINT, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.tagged(FLOAT, &v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.tagged(CHAR, &u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.text(STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.text(BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.0.push(NONE);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Done {
        self.0.push(SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.0.push(UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> Done {
        self.tagged(VARIANT, &index.to_le_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> Done {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> Done {
        self.tagged(VARIANT, &index.to_le_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Never> {
        self.0.push(SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Never> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.serialize_seq(None)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tagged(VARIANT, &index.to_le_bytes());
        self.serialize_seq(None)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Never> {
        self.0.push(MAP);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.0.push(STRUCT);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tagged(VARIANT, &index.to_le_bytes());
        self.serialize_struct("", 0)
    }
}

/// The four kinds of sequence serde knows (a list, a tuple, a tuple struct, a tuple variant)
/// are written alike: their elements, then `END`.
macro_rules! sequence {
    ($kind:ident, $element:ident) => {
        impl ser::$kind for &mut KeyWriter {
            type Ok = ();
            type Error = Never;
            fn $element<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.0.push(END);
                Ok(())
            }
        }
    };
}

sequence!(SerializeSeq, serialize_element);
sequence!(SerializeTuple, serialize_element);
sequence!(SerializeTupleStruct, serialize_field);
sequence!(SerializeTupleVariant, serialize_field);

impl ser::SerializeMap for &mut KeyWriter {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.0.push(END);
        Ok(())
    }
}

impl ser::SerializeStruct for &mut KeyWriter {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, name: &'static str, value: &T) -> Done {
        if is_position(name) {
            return Ok(()); // where it was written, not what it is
        }
        self.text(STR, name.as_bytes());
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.0.push(END);
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut KeyWriter {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, name: &'static str, value: &T) -> Done {
        ser::SerializeStruct::serialize_field(self, name, value)
    }
    fn end(self) -> Done {
        self.0.push(END);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::key;

    /// The expression of `SELECT <expr>` parsed after `pad` spaces (its locations shift).
    fn expression(expr: &str, pad: usize) -> pg_query::protobuf::Node {
        let sql = format!("{}SELECT {expr}", " ".repeat(pad));
        let parsed = pg_query::parse(&sql, 0).unwrap().protobuf;
        let stmt = parsed.stmts[0].stmt.clone().unwrap().node.unwrap();
        let pg_query::NodeEnum::SelectStmt(select) = stmt else {
            panic!("not a SELECT")
        };
        let Some(pg_query::NodeEnum::ResTarget(target)) = select.target_list[0].node.clone() else {
            panic!("not a target")
        };
        *target.val.unwrap()
    }

    #[test]
    fn the_same_expression_elsewhere_has_the_same_key() {
        for e in [
            "now()",
            "amount >= 0",
            "'{}'::jsonb",
            "lower(email) || 'x'",
            "ARRAY[1, 2]",
        ] {
            let (here, there) = (expression(e, 0), expression(e, 17));
            assert_ne!(here, there, "{e}: the locations differ");
            assert_eq!(key(&here), key(&there), "{e}");
        }
    }

    #[test]
    fn different_expressions_have_different_keys() {
        let exprs = [
            "amount >= 0",
            "amount >= 1",
            "amount > 0",
            "amount >= 0.0",
            "count >= 0",
            "now()",
            "clock_timestamp()",
            "'a'",
            "'b'",
            "'a'::text",
            "'a'::varchar",
            "true",
            "false",
            "NULL",
            "ARRAY[1, 2]",
            "ARRAY[2, 1]",
            "a AND b",
            "a OR b",
        ];
        let keys: Vec<Vec<u8>> = exprs.iter().map(|e| key(&expression(e, 0))).collect();
        for (i, a) in keys.iter().enumerate() {
            for (j, b) in keys.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "`{}` and `{}`", exprs[i], exprs[j]);
            }
        }
    }
}
