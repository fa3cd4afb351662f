//! The Smithy `document` type: arbitrary JSON-like data. Copied only into
//! crates whose model has one; its own type, so that no JSON crate is needed.

use std::collections::BTreeMap;
use std::fmt;

use crate::codec::{ReadJson, WriteJson};
use crate::json_read::{Next, ReadError, Reader};
use crate::json_write::Writer;

/// Arbitrary data, untyped in the model: the Smithy `document` type.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Document {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A list of documents.
    Array(Vec<Document>),
    /// Members sorted by name.
    Object(BTreeMap<String, Document>),
}

/// A document's number: an integer when it is written as one and fits 64
/// bits, else a double.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// An integer from 0 to `u64::MAX`.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A finite double.
    Float(f64),
}

impl Number {
    /// The value as a double (large integers lose precision).
    pub fn as_f64(&self) -> f64 {
        match *self {
            Number::PosInt(v) => v as f64,
            Number::NegInt(v) => v as f64,
            Number::Float(v) => v,
        }
    }

    /// The value, if it is an integer that fits `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Number::PosInt(v) => i64::try_from(v).ok(),
            Number::NegInt(v) => Some(v),
            Number::Float(_) => None,
        }
    }

    /// A number as JSON text reads: an integer when it fits, else a double
    /// (`None` beyond a double's range).
    fn parse(text: &str) -> Option<Number> {
        if !text.contains(['.', 'e', 'E']) {
            if let Ok(v) = text.parse::<u64>() {
                return Some(Number::PosInt(v));
            }
            // `-0` keeps its sign as a double, as serde_json reads it.
            if let Ok(v) = text.parse::<i64>() {
                if v != 0 {
                    return Some(Number::NegInt(v));
                }
            }
        }
        let v: f64 = text.parse().ok()?;
        v.is_finite().then_some(Number::Float(v))
    }
}

impl Document {
    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Document::String(s) => Some(s),
            _ => None,
        }
    }

    /// A member, if this is an object that has it.
    pub fn get(&self, name: &str) -> Option<&Document> {
        match self {
            Document::Object(members) => members.get(name),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Document::Null)
    }
}

static NULL: Document = Document::Null;

/// `document["name"]`: the member, or `Null` when there is none.
impl std::ops::Index<&str> for Document {
    type Output = Document;
    fn index(&self, name: &str) -> &Document {
        self.get(name).unwrap_or(&NULL)
    }
}

/// `document[i]`: the element, or `Null` when there is none.
impl std::ops::Index<usize> for Document {
    type Output = Document;
    fn index(&self, i: usize) -> &Document {
        match self {
            Document::Array(items) => items.get(i).unwrap_or(&NULL),
            _ => &NULL,
        }
    }
}

impl PartialEq<str> for Document {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Document {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

/// Compact JSON.
impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut writer = Writer::new();
        self.write_json(&mut writer);
        f.write_str(&writer.finish().unwrap_or_default())
    }
}

impl From<bool> for Document {
    fn from(v: bool) -> Self {
        Document::Bool(v)
    }
}

impl From<i64> for Document {
    fn from(v: i64) -> Self {
        Document::Number(if v < 0 {
            Number::NegInt(v)
        } else {
            Number::PosInt(v as u64)
        })
    }
}

impl From<f64> for Document {
    fn from(v: f64) -> Self {
        Document::Number(Number::Float(v))
    }
}

impl From<&str> for Document {
    fn from(v: &str) -> Self {
        Document::String(v.to_string())
    }
}

impl From<String> for Document {
    fn from(v: String) -> Self {
        Document::String(v)
    }
}

impl From<Vec<Document>> for Document {
    fn from(v: Vec<Document>) -> Self {
        Document::Array(v)
    }
}

impl From<BTreeMap<String, Document>> for Document {
    fn from(v: BTreeMap<String, Document>) -> Self {
        Document::Object(v)
    }
}

impl crate::lenient::Placeholder for Document {
    fn placeholder() -> Self {
        Document::Null
    }
}

impl ReadJson for Document {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        const EXPECTED: &str = "any JSON value";
        Ok(match reader.peek()? {
            Next::Null => {
                reader.null()?;
                Document::Null
            }
            Next::Bool => Document::Bool(reader.bool(EXPECTED)?),
            Next::String => Document::String(reader.string(EXPECTED)?.into_owned()),
            Next::Number => {
                let text = reader.number(EXPECTED)?;
                let n = Number::parse(text).ok_or_else(|| reader.error("number out of range"))?;
                Document::Number(n)
            }
            Next::Array => {
                let mut items = Vec::new();
                reader.array(EXPECTED, |reader, i| {
                    items.push(Document::read_json(reader).map_err(|e| e.within_index(i))?);
                    Ok(())
                })?;
                Document::Array(items)
            }
            Next::Object => {
                let mut members = BTreeMap::new();
                reader.object(EXPECTED, |reader, key| {
                    let value = Document::read_json(reader).map_err(|e| e.within(key))?;
                    members.insert(key.to_string(), value);
                    Ok(())
                })?;
                Document::Object(members)
            }
        })
    }
}

impl WriteJson for Document {
    fn write_json(&self, writer: &mut Writer) {
        match self {
            Document::Null => writer.null(),
            Document::Bool(b) => writer.bool(*b),
            Document::Number(Number::PosInt(v)) => match i64::try_from(*v) {
                Ok(v) => writer.i64(v),
                Err(_) => writer.raw(&v.to_string()),
            },
            Document::Number(Number::NegInt(v)) => writer.i64(*v),
            // JSON has no NaN or infinity: `null`, as serde_json writes them.
            Document::Number(Number::Float(v)) if !v.is_finite() => writer.null(),
            Document::Number(Number::Float(v)) => writer.f64(*v),
            Document::String(s) => writer.string(s),
            Document::Array(items) => {
                let mut array = writer.array();
                for item in items {
                    item.write_json(array.element());
                }
                array.end();
            }
            Document::Object(members) => {
                let mut object = writer.object();
                for (k, v) in members {
                    v.write_json(object.key(k));
                }
                object.end();
            }
        }
    }
}

/// serde_json's `Value` of the same data.
#[cfg(feature = "serde")]
impl From<serde_json::Value> for Document {
    fn from(v: serde_json::Value) -> Self {
        match v {
            serde_json::Value::Null => Document::Null,
            serde_json::Value::Bool(b) => Document::Bool(b),
            serde_json::Value::Number(n) => Document::Number(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Number::PosInt(u),
                (None, Some(i)) => Number::NegInt(i),
                _ => Number::Float(n.as_f64().unwrap_or(f64::NAN)),
            }),
            serde_json::Value::String(s) => Document::String(s),
            serde_json::Value::Array(items) => {
                Document::Array(items.into_iter().map(Document::from).collect())
            }
            serde_json::Value::Object(members) => Document::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k, Document::from(v)))
                    .collect(),
            ),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Document {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Document::Null => serializer.serialize_unit(),
            Document::Bool(b) => serializer.serialize_bool(*b),
            Document::Number(Number::PosInt(v)) => serializer.serialize_u64(*v),
            Document::Number(Number::NegInt(v)) => serializer.serialize_i64(*v),
            Document::Number(Number::Float(v)) => serializer.serialize_f64(*v),
            Document::String(s) => serializer.serialize_str(s),
            Document::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Document::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Document {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Document;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Document, E> {
                Ok(Document::Null)
            }
            fn visit_none<E>(self) -> Result<Document, E> {
                Ok(Document::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
                serde::Deserialize::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Document, E> {
                Ok(Document::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Document, E> {
                Ok(Document::from(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Document, E> {
                Ok(Document::Number(Number::PosInt(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Document, E> {
                Ok(Document::Number(Number::Float(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Document, E> {
                Ok(Document::String(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Document, E> {
                Ok(Document::String(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Document, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Document::Array(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Document, A::Error> {
                let mut members = BTreeMap::new();
                while let Some((k, v)) = map.next_entry()? {
                    members.insert(k, v);
                }
                Ok(Document::Object(members))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_round_trip() {
        let text = r#"{"a":[1,-2,1.5,18446744073709551615,true,null,"x\n"],"b":{}}"#;
        let doc: Document = crate::json::from_str(text).unwrap();
        assert_eq!(doc.to_string(), text);
        assert_eq!(
            doc.get("a").map(|a| matches!(a, Document::Array(_))),
            Some(true)
        );
        assert!(crate::json::from_str::<Document>("1e400").is_err());
        let nan = Document::Array(vec![Document::Number(Number::Float(f64::NAN))]);
        assert_eq!(nan.to_string(), "[null]");
        let e = crate::json::from_str::<Document>(r#"{"a":[1,}"#).unwrap_err();
        assert_eq!(e.pointer(), "/a/1");
    }
}
