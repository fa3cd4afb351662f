//! The serde side (the `serde` feature) of the crate's JSON: the wire forms
//! that the plain serde impls of the Rust types do not write:
//! blobs as base64 strings and non-finite floats as `"NaN"`, `"Infinity"`,
//! `"-Infinity"`. Adapters compose, so a list of blobs is `ListOf<Base64>`.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor,
};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use crate::codec::{base64_decode, base64_encode, epoch_text, parse_epoch};
use crate::primitives::{BigDecimal, BigInteger, BuildError, DateTime};

/// How a value of type `T` is written and read.
pub trait Adapter<T> {
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// Serializes `&T` through the adapter `A`.
pub struct Ser<'a, T, A>(&'a T, PhantomData<A>);

impl<'a, T, A> Ser<'a, T, A> {
    pub fn new(value: &'a T) -> Self {
        Ser(value, PhantomData)
    }
}

impl<T, A: Adapter<T>> serde::Serialize for Ser<'_, T, A> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        A::serialize(self.0, serializer)
    }
}

/// Deserializes a `T` through the adapter `A`.
pub struct De<T, A>(PhantomData<(T, A)>);

impl<T, A> De<T, A> {
    pub fn new() -> Self {
        De(PhantomData)
    }
}

/// A seed that reads `Option<T>` (null as `None`) through an adapter value.
pub fn de_option<T, A: Adapter<T>>(_adapter: A) -> De<Option<T>, OptionOf<A>> {
    De::new()
}

impl<T, A> Default for De<T, A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T, A: Adapter<T>> DeserializeSeed<'de> for De<T, A> {
    type Value = T;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        A::deserialize(deserializer)
    }
}

/// The type's own serde impls.
pub struct Native;

impl<T: serde::Serialize + DeserializeOwned> Adapter<T> for Native {
    #[inline]
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
    #[inline]
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// `null` reads as `None`.
pub struct OptionOf<A>(pub A);

impl<T, A: Adapter<T>> Adapter<Option<T>> for OptionOf<A> {
    #[inline]
    fn serialize<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.serialize_some(&Ser::<T, A>::new(v)),
            None => serializer.serialize_none(),
        }
    }
    #[inline]
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        struct V<T, A>(PhantomData<(T, A)>);
        impl<'de, T, A: Adapter<T>> Visitor<'de> for V<T, A> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            #[inline]
            fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            #[inline]
            fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            #[inline]
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                A::deserialize(d).map(Some)
            }
        }
        deserializer.deserialize_option(V::<T, A>(PhantomData))
    }
}

/// A dense list: every element present.
pub struct ListOf<A>(pub A);

impl<T, A: Adapter<T>> Adapter<Vec<T>> for ListOf<A> {
    #[inline]
    fn serialize<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(value.len()))?;
        for item in value {
            seq.serialize_element(&Ser::<T, A>::new(item))?;
        }
        seq.end()
    }
    #[inline]
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        struct V<T, A>(PhantomData<(T, A)>);
        impl<'de, T, A: Adapter<T>> Visitor<'de> for V<T, A> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            #[inline]
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<T>, S::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element_seed(De::<T, A>::new())? {
                    out.push(item);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_seq(V::<T, A>(PhantomData))
    }
}

/// A dense map with string (or string enum) keys.
pub struct MapOf<A>(pub A);

impl<K, V, A> Adapter<BTreeMap<K, V>> for MapOf<A>
where
    K: Ord + AsRef<str> + serde::Serialize + DeserializeOwned,
    A: Adapter<V>,
{
    #[inline]
    fn serialize<S: Serializer>(value: &BTreeMap<K, V>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(value.len()))?;
        for (k, v) in value {
            map.serialize_entry(k, &Ser::<V, A>::new(v))?;
        }
        map.end()
    }
    #[inline]
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error> {
        struct Vis<K, V, A>(PhantomData<(K, V, A)>);
        impl<'de, K, V, A> Visitor<'de> for Vis<K, V, A>
        where
            K: Ord + AsRef<str> + DeserializeOwned,
            A: Adapter<V>,
        {
            type Value = BTreeMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            #[inline]
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<BTreeMap<K, V>, M::Error> {
                let mut out = BTreeMap::new();
                while let Some(k) = map.next_key::<K>()? {
                    let v = map.next_value_seed(De::<V, A>::new())?;
                    out.insert(k, v);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Vis::<K, V, A>(PhantomData))
    }
}

/// A member name read from a map: borrowed from the input when it can be,
/// so matching it against the known names allocates nothing.
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            #[inline]
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            #[inline]
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
            #[inline]
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_identifier(V)
    }
}

/// Adapters are also values (`ListOf(Base64)`), so that generated code names
/// one by writing it and type inference does the rest.
#[inline]
pub fn ser<T, A: Adapter<T>>(value: &T, _adapter: A) -> Ser<'_, T, A> {
    Ser::new(value)
}

/// How a generated structure reads its members; every structure's
/// `Deserialize` is `deserialize_struct`, which supplies the visitor.
pub trait ReadStruct: Sized {
    /// The shape name.
    const NAME: &'static str;
    /// Reads the members of one object.
    fn read<'de, M: MapAccess<'de>>(map: M) -> Result<Self, M::Error>;
}

/// `Deserialize::deserialize` of every generated structure.
pub fn deserialize_struct<'de, T: ReadStruct, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<'de, T: ReadStruct> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} object", T::NAME)
        }
        #[inline]
        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
            T::read(map)
        }
    }
    // A map, not a struct: the same for JSON, and a smaller instantiation
    // per type (no branch for structures written as arrays).
    deserializer.deserialize_map(V(PhantomData))
}

/// What a structure read from the wire gives when a required member was
/// absent: serde's `missing_field` error.
pub fn built<T, E: serde::de::Error>(result: Result<T, BuildError>) -> Result<T, E> {
    result.map_err(|e| E::missing_field(e.member()))
}

/// `Deserialize::deserialize` of every generated enum: any string, known or not.
pub fn deserialize_enum<'de, D, T>(deserializer: D, expecting: &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct V<T>(&'static str, PhantomData<T>);
    impl<T: for<'a> From<&'a str> + From<String>> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        #[inline]
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
        #[inline]
        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(V(expecting, PhantomData))
}

/// How many of the optional members are present.
#[inline]
pub fn count(present: &[bool]) -> usize {
    present.iter().filter(|p| **p).count()
}

/// Reads a structure member into its builder slot (`null` is absent); a
/// member given a value twice is an error. Shared by every generated
/// `Deserialize`, so that each member costs one line there.
#[inline]
pub fn read<'de, M: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut M,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), M::Error> {
    if slot.is_some() {
        return Err(M::Error::duplicate_field(name));
    }
    *slot = map.next_value()?;
    Ok(())
}

/// Reads a union variant's value (`null` is absent).
#[inline]
pub fn read_variant<'de, M: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut M,
) -> Result<Option<T>, M::Error> {
    map.next_value()
}

/// `read_variant` through an adapter.
#[inline]
pub fn read_variant_as<'de, M: MapAccess<'de>, T, A: Adapter<T>>(
    map: &mut M,
    _adapter: A,
) -> Result<Option<T>, M::Error> {
    map.next_value_seed(De::<Option<T>, OptionOf<A>>::new())
}

/// `read` through an adapter.
#[inline]
pub fn read_as<'de, M: MapAccess<'de>, T, A: Adapter<T>>(
    map: &mut M,
    slot: &mut Option<T>,
    name: &'static str,
    _adapter: A,
) -> Result<(), M::Error> {
    if slot.is_some() {
        return Err(M::Error::duplicate_field(name));
    }
    *slot = map.next_value_seed(De::<Option<T>, OptionOf<A>>::new())?;
    Ok(())
}

/// Writes an optional member: nothing when absent.
#[inline]
pub fn write<S: serde::ser::SerializeStruct, T: serde::Serialize>(
    state: &mut S,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(v) => state.serialize_field(name, v),
        None => state.skip_field(name),
    }
}

/// `write` through an adapter.
#[inline]
pub fn write_as<S: serde::ser::SerializeStruct, T, A: Adapter<T>>(
    state: &mut S,
    name: &'static str,
    value: &Option<T>,
    _adapter: A,
) -> Result<(), S::Error> {
    match value {
        Some(v) => state.serialize_field(name, &Ser::<T, A>::new(v)),
        None => state.skip_field(name),
    }
}

/// Blobs: base64 (RFC 4648, with padding) strings.
pub struct Base64;

impl Adapter<Vec<u8>> for Base64 {
    #[inline]
    fn serialize<S: Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64_encode(value))
    }
    #[inline]
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            #[inline]
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
                base64_decode(v).ok_or_else(|| E::custom("invalid base64"))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Integers: JSON integers, and numbers written with an exponent or a zero
/// fraction (`1.0`, `1e2`) as the AWS SDKs accept them; a fraction or a value
/// outside the type is an error.
pub struct Int;

struct IntVisitor<T>(PhantomData<T>);

macro_rules! int_adapter {
    ($($t:ty),*) => {$(
        impl Visitor<'_> for IntVisitor<$t> {
            type Value = $t;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "an integer from {} to {}", <$t>::MIN, <$t>::MAX)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$t, E> {
                <$t>::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$t, E> {
                <$t>::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$t, E> {
                // Only below 2^53 is a double an exact integer; beyond it the
                // text may have been rounded (an overflowing literal included).
                if v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_992.0 {
                    self.visit_i64(v as i64)
                } else {
                    Err(E::invalid_type(serde::de::Unexpected::Float(v), &self))
                }
            }
        }

        impl Adapter<$t> for Int {
            #[inline]
            fn serialize<S: Serializer>(value: &$t, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(value, serializer)
            }
            #[inline]
            fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$t, D::Error> {
                deserializer.deserialize_i64(IntVisitor::<$t>(PhantomData))
            }
        }
    )*};
}

int_adapter!(i8, i16, i32, i64);

/// Floats: numbers, or the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub struct Float;

fn serialize_float<S: Serializer>(
    v: f64,
    serializer: S,
    native: impl FnOnce(S) -> Result<S::Ok, S::Error>,
) -> Result<S::Ok, S::Error> {
    if v.is_nan() {
        serializer.serialize_str("NaN")
    } else if v.is_infinite() {
        serializer.serialize_str(if v > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        native(serializer)
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or one of \"NaN\", \"Infinity\", \"-Infinity\"")
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    #[inline]
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
        }
    }
}

impl Adapter<f64> for Float {
    #[inline]
    fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_float(*value, serializer, |s| s.serialize_f64(*value))
    }
    #[inline]
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl Adapter<f32> for Float {
    #[inline]
    fn serialize<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_float(f64::from(*value), serializer, |s| s.serialize_f32(*value))
    }
    #[inline]
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        let v = deserializer.deserialize_any(FloatVisitor)?;
        let narrow = v as f32;
        if v.is_finite() && narrow.is_infinite() {
            return Err(D::Error::custom("number out of range for a float"));
        }
        Ok(narrow)
    }
}

/// The value of a union member that targets `smithy.api#Unit`: `{}`.
pub struct Unit;

impl serde::Serialize for Unit {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_map(Some(0))?.end()
    }
}

/// Timestamps as epoch seconds: a JSON number with fractional seconds.
pub struct EpochSeconds;

impl Adapter<DateTime> for EpochSeconds {
    #[inline]
    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        if value.subsec_nanos() == 0 {
            serializer.serialize_i64(value.secs())
        } else if serializer.is_human_readable() {
            // Exact decimal text: a double would add noise to the last digits.
            let raw = serde_json::value::RawValue::from_string(epoch_text(value))
                .map_err(serde::ser::Error::custom)?;
            serde::Serialize::serialize(&raw, serializer)
        } else {
            serializer.serialize_f64(value.as_secs_f64())
        }
    }
    #[inline]
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_newtype_struct(
            RAW_JSON,
            BigVisitor("a timestamp in epoch seconds", |text: String| {
                parse_epoch(&text)
            }),
        )
    }
}

/// Timestamps as RFC 3339 strings (`date-time`).
pub struct DateTimeFormat;

/// Timestamps as IMF-fixdate strings (`http-date`).
pub struct HttpDate;

struct TextTimestamp(&'static str, fn(&str) -> Option<DateTime>);

impl Visitor<'_> for TextTimestamp {
    type Value = DateTime;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
    #[inline]
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
        (self.1)(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
    }
}

impl Adapter<DateTime> for DateTimeFormat {
    #[inline]
    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_rfc3339())
    }
    #[inline]
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_str(TextTimestamp(
            "an RFC 3339 date-time",
            crate::lenient::parse_date_time,
        ))
    }
}

impl Adapter<DateTime> for HttpDate {
    #[inline]
    fn serialize<S: Serializer>(value: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_http_date())
    }
    #[inline]
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        deserializer.deserialize_str(TextTimestamp("an HTTP date", DateTime::parse_http_date))
    }
}

/// serde_json's marker for raw JSON text (its `raw_value` feature). Big numbers
/// are read through it so that no digit is lost to `f64`; other formats see a
/// newtype and read the number or string inside.
const RAW_JSON: &str = "$serde_json::private::RawValue";

struct BigVisitor<T>(&'static str, fn(String) -> Option<T>);

impl<T> BigVisitor<T> {
    fn finish<E: serde::de::Error>(self, text: String) -> Result<T, E> {
        match (self.1)(text.clone()) {
            Some(v) => Ok(v),
            None => Err(E::invalid_value(serde::de::Unexpected::Str(&text), &self)),
        }
    }
}

/// Numbers only: a JSON string holding digits is refused, as for any number.
impl<'de, T> Visitor<'de> for BigVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }
    #[inline]
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<T, M::Error> {
        // serde_json hands raw text over as a one-entry map (so do other
        // formats that wrote one of our raw numbers).
        let key: Option<String> = map.next_key()?;
        if key.as_deref() != Some(RAW_JSON) {
            return Err(M::Error::invalid_type(serde::de::Unexpected::Map, &self));
        }
        let raw: String = map.next_value()?;
        let raw = raw.trim();
        if !raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            use serde::de::Unexpected;
            let text: Option<String> = serde_json::from_str(raw).ok();
            let unexpected = match raw.as_bytes().first() {
                _ if raw == "null" => Unexpected::Unit,
                _ if raw == "true" => Unexpected::Bool(true),
                _ if raw == "false" => Unexpected::Bool(false),
                Some(b'"') => Unexpected::Str(text.as_deref().unwrap_or(raw)),
                Some(b'[') => Unexpected::Seq,
                Some(b'{') => Unexpected::Map,
                _ => Unexpected::Other(raw),
            };
            return Err(M::Error::invalid_type(unexpected, &self));
        }
        self.finish(raw.to_string())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<T, E> {
        self.finish(v.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
        self.finish(v.to_string())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<T, E> {
        let text = serde_json::to_string(&v).map_err(E::custom)?;
        self.finish(text)
    }
}

fn serialize_big<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    if let Ok(v) = text.parse::<i64>() {
        return serializer.serialize_i64(v);
    }
    if let Ok(v) = text.parse::<u64>() {
        return serializer.serialize_u64(v);
    }
    if let Ok(v) = text.parse::<f64>() {
        if serde_json::to_string(&v).is_ok_and(|s| s == text) {
            return serializer.serialize_f64(v);
        }
    }
    let raw = serde_json::value::RawValue::from_string(text.to_string())
        .map_err(serde::ser::Error::custom)?;
    serde::Serialize::serialize(&raw, serializer)
}

impl serde::Serialize for BigInteger {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_big(self.as_str(), serializer)
    }
}

impl<'de> serde::Deserialize<'de> for BigInteger {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_JSON, BigVisitor("an integer", BigInteger::new))
    }
}

impl serde::Serialize for BigDecimal {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_big(self.as_str(), serializer)
    }
}

impl<'de> serde::Deserialize<'de> for BigDecimal {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_JSON, BigVisitor("a number", BigDecimal::new))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_accept_integral_numbers_only() {
        let read = |text: &str| {
            let mut de = serde_json::Deserializer::from_str(text);
            <Int as Adapter<i64>>::deserialize(&mut de).map_err(|e| e.to_string())
        };
        assert_eq!(read("3"), Ok(3));
        assert_eq!(read("1.0"), Ok(1));
        assert_eq!(read("1e2"), Ok(100));
        assert!(read("1.5").is_err());
        assert!(read("9223372036854775808").is_err());
        assert!(read("1e300").is_err());
        assert!(
            read("-9223372036854775809").is_err(),
            "parsed as a double that rounds into range"
        );
        assert!(read("\"1\"").is_err());
        let mut de = serde_json::Deserializer::from_str("300");
        assert!(<Int as Adapter<i8>>::deserialize(&mut de).is_err());
    }

    #[test]
    fn big_numbers_keep_every_digit_in_json() {
        let text = "123456789012345678901234567890";
        let big: BigInteger = serde_json::from_str(text).unwrap();
        assert_eq!(big.as_str(), text);
        assert_eq!(serde_json::to_string(&big).unwrap(), text);
        let dec: BigDecimal = serde_json::from_str("0.1000000000000000000000000001").unwrap();
        assert_eq!(
            serde_json::to_string(&dec).unwrap(),
            "0.1000000000000000000000000001"
        );
        let small: BigDecimal = serde_json::from_str("2.5").unwrap();
        assert_eq!(serde_json::to_string(&small).unwrap(), "2.5");
        assert!(serde_json::from_str::<BigInteger>("1.5").is_err());
        assert!(serde_json::from_str::<BigInteger>("true").is_err());
        assert!(
            serde_json::from_str::<BigInteger>("\"12\"").is_err(),
            "a string is not a number"
        );
    }

    #[test]
    fn timestamps_in_each_format() {
        let t = DateTime::from_parts(1_700_000_000, 123_000_000).unwrap();
        let json = serde_json::to_string(&Ser::<_, EpochSeconds>::new(&t)).unwrap();
        assert_eq!(json, "1700000000.123");
        for (text, secs, nanos) in [
            ("-1.5", -2, 500_000_000),
            ("-8589934592.762", -8_589_934_593, 238_000_000),
            ("0.000000001", 0, 1),
            ("-3", -3, 0),
        ] {
            let t = parse_epoch(text).unwrap();
            assert_eq!((t.secs(), t.subsec_nanos()), (secs, nanos), "{text}");
            if nanos > 0 {
                assert_eq!(epoch_text(&t), text);
            }
        }
        assert_eq!(parse_epoch("1.7e9").unwrap().secs(), 1_700_000_000);
        assert!(parse_epoch("1.2.3").is_none());
        let mut de = serde_json::Deserializer::from_str(&json);
        assert_eq!(
            <EpochSeconds as Adapter<DateTime>>::deserialize(&mut de).unwrap(),
            t
        );
        let json = serde_json::to_string(&Ser::<_, DateTimeFormat>::new(&t)).unwrap();
        assert_eq!(json, "\"2023-11-14T22:13:20.123Z\"");
        let whole = DateTime::from_secs(1_700_000_000);
        assert_eq!(
            serde_json::to_string(&Ser::<_, EpochSeconds>::new(&whole)).unwrap(),
            "1700000000"
        );
        assert_eq!(
            serde_json::to_string(&Ser::<_, HttpDate>::new(&whole)).unwrap(),
            "\"Tue, 14 Nov 2023 22:13:20 GMT\""
        );
    }
}
