//! Wire forms that the plain serde impls of the Rust types do not write:
//! blobs as base64 strings and non-finite floats as `"NaN"`, `"Infinity"`,
//! `"-Infinity"`. Adapters compose, so a list of blobs is `ListOf<Base64>`.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

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

impl<T, A> Default for De<T, A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T, A: Adapter<T>> DeserializeSeed<'de> for De<T, A> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        A::deserialize(deserializer)
    }
}

/// The type's own serde impls.
pub struct Native;

impl<T: serde::Serialize + DeserializeOwned> Adapter<T> for Native {
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// `null` reads as `None`.
pub struct OptionOf<A>(PhantomData<A>);

impl<T, A: Adapter<T>> Adapter<Option<T>> for OptionOf<A> {
    fn serialize<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.serialize_some(&Ser::<T, A>::new(v)),
            None => serializer.serialize_none(),
        }
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        struct V<T, A>(PhantomData<(T, A)>);
        impl<'de, T, A: Adapter<T>> Visitor<'de> for V<T, A> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                A::deserialize(d).map(Some)
            }
        }
        deserializer.deserialize_option(V::<T, A>(PhantomData))
    }
}

/// A dense list: every element present.
pub struct ListOf<A>(PhantomData<A>);

impl<T, A: Adapter<T>> Adapter<Vec<T>> for ListOf<A> {
    fn serialize<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(value.len()))?;
        for item in value {
            seq.serialize_element(&Ser::<T, A>::new(item))?;
        }
        seq.end()
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        struct V<T, A>(PhantomData<(T, A)>);
        impl<'de, T, A: Adapter<T>> Visitor<'de> for V<T, A> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
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

/// A dense map with string (or enum) keys.
pub struct MapOf<A>(PhantomData<A>);

impl<K, V, A> Adapter<BTreeMap<K, V>> for MapOf<A>
where
    K: Ord + serde::Serialize + DeserializeOwned,
    A: Adapter<V>,
{
    fn serialize<S: Serializer>(value: &BTreeMap<K, V>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(value.len()))?;
        for (k, v) in value {
            map.serialize_entry(k, &Ser::<V, A>::new(v))?;
        }
        map.end()
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error> {
        struct Vis<K, V, A>(PhantomData<(K, V, A)>);
        impl<'de, K: Ord + DeserializeOwned, V, A: Adapter<V>> Visitor<'de> for Vis<K, V, A> {
            type Value = BTreeMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
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

/// Blobs: base64 (RFC 4648, with padding) strings.
pub struct Base64;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes bytes as padded base64.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes padded or unpadded base64; `None` if it is not base64.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

impl Adapter<Vec<u8>> for Base64 {
    fn serialize<S: Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64_encode(value))
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
                base64_decode(v).ok_or_else(|| E::custom("invalid base64"))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Floats: numbers, or the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub struct Float;

fn serialize_float<S: Serializer>(v: f64, serializer: S, native: impl FnOnce(S) -> Result<S::Ok, S::Error>) -> Result<S::Ok, S::Error> {
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
    fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_float(*value, serializer, |s| s.serialize_f64(*value))
    }
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl Adapter<f32> for Float {
    fn serialize<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_float(f64::from(*value), serializer, |s| s.serialize_f32(*value))
    }
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
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_map(Some(0))?.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_every_length() {
        for n in 0..10u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(97)).collect();
            let text = base64_encode(&bytes);
            assert_eq!(text.len() % 4, 0);
            assert_eq!(base64_decode(&text).unwrap(), bytes);
        }
        assert_eq!(base64_encode(b"a"), "YQ==");
        assert_eq!(base64_decode("YQ").unwrap(), b"a");
        assert!(base64_decode("Y").is_none());
        assert!(base64_decode("a b=").is_none());
    }
}
