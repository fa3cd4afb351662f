//! How generated types read and write Smithy's JSON, without serde: the
//! traits every generated type implements, the forms of values whose Rust
//! type does not say how they travel (a blob is base64, a timestamp has a
//! format, an integer may be written `1.0`), and the member helpers that keep
//! each generated member to one line. Forms compose: a list of blobs is
//! `ListOf(Base64)`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::json_read::{float_text, Next, ReadError, Reader};
use crate::json_write::{ObjectWriter, Writer};
use crate::lenient;
use crate::primitives::{BigDecimal, BigInteger, BuildError, DateTime};

/// A type that reads itself from JSON.
pub trait ReadJson: Sized {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError>;
}

/// A type that writes itself as JSON.
pub trait WriteJson {
    fn write_json(&self, writer: &mut Writer);
}

/// How a value of type `T` is read and written.
pub trait Form<T> {
    fn read(reader: &mut Reader<'_>) -> Result<T, ReadError>;
    fn write(value: &T, writer: &mut Writer);
}

/// The type's own `ReadJson` and `WriteJson`.
pub struct Native;

impl<T: ReadJson + WriteJson> Form<T> for Native {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<T, ReadError> {
        T::read_json(reader)
    }
    #[inline]
    fn write(value: &T, writer: &mut Writer) {
        value.write_json(writer)
    }
}

/// `null` reads as `None` (sparse lists and maps).
pub struct OptionOf<F>(pub F);

impl<T, F: Form<T>> Form<Option<T>> for OptionOf<F> {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Option<T>, ReadError> {
        if reader.null()? {
            return Ok(None);
        }
        F::read(reader).map(Some)
    }
    #[inline]
    fn write(value: &Option<T>, writer: &mut Writer) {
        match value {
            Some(v) => F::write(v, writer),
            None => writer.null(),
        }
    }
}

/// A list; a failure names the element's index.
pub struct ListOf<F>(pub F);

impl<T, F: Form<T>> Form<Vec<T>> for ListOf<F> {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Vec<T>, ReadError> {
        let mut out = Vec::new();
        // A read is lenient from start to end or not at all; the plain loop
        // is the common one.
        if lenient::mark().is_none() {
            reader.array("a list", |reader, i| match F::read(reader) {
                Ok(item) => {
                    out.push(item);
                    Ok(())
                }
                Err(e) => Err(e.within_index(i)),
            })?;
            return Ok(out);
        }
        reader.array("a list", |reader, i| {
            let mark = lenient::mark();
            match F::read(reader) {
                Ok(item) => {
                    lenient::nest_index(mark, i);
                    out.push(item);
                    Ok(())
                }
                Err(e) => Err(e.within_index(i)),
            }
        })?;
        Ok(out)
    }
    #[inline]
    fn write(value: &Vec<T>, writer: &mut Writer) {
        let mut array = writer.array();
        for item in value {
            F::write(item, array.element());
        }
        array.end();
    }
}

/// A map with string (or string enum) keys; a failure names the key.
pub struct MapOf<F>(pub F);

impl<K, V, F> Form<BTreeMap<K, V>> for MapOf<F>
where
    K: Ord + AsRef<str> + for<'k> From<&'k str>,
    F: Form<V>,
{
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<BTreeMap<K, V>, ReadError> {
        let mut out = BTreeMap::new();
        if lenient::mark().is_none() {
            reader.object("a map", |reader, key| match F::read(reader) {
                Ok(value) => {
                    out.insert(K::from(key), value);
                    Ok(())
                }
                Err(e) => Err(e.within(key)),
            })?;
            return Ok(out);
        }
        reader.object("a map", |reader, key| {
            let mark = lenient::mark();
            match F::read(reader) {
                Ok(value) => {
                    // The key's text names the entry in a missing member's pointer.
                    lenient::nest(mark, key);
                    out.insert(K::from(key), value);
                    Ok(())
                }
                Err(e) => Err(e.within(key)),
            }
        })?;
        Ok(out)
    }
    #[inline]
    fn write(value: &BTreeMap<K, V>, writer: &mut Writer) {
        let mut object = writer.object();
        for (k, v) in value {
            F::write(v, object.key(k.as_ref()));
        }
        object.end();
    }
}

/// Reads a structure member into its builder slot (`null` is absent); a
/// member given a value twice is an error.
#[inline]
pub fn member<T, F: Form<T>>(
    reader: &mut Reader<'_>,
    slot: &mut Option<T>,
    name: &'static str,
    _form: F,
) -> Result<(), ReadError> {
    if slot.is_some() {
        return Err(duplicate(reader, name));
    }
    *slot = variant(reader, name, _form)?;
    Ok(())
}

#[cold]
fn missing(reader: &Reader<'_>, e: &BuildError) -> ReadError {
    reader.error(format!("missing field `{}`", e.member()))
}

#[cold]
fn duplicate(reader: &Reader<'_>, name: &str) -> ReadError {
    reader.error(format!("duplicate field `{name}`"))
}

/// Reads a union member's value (`null` is absent).
#[inline]
pub fn variant<T, F: Form<T>>(
    reader: &mut Reader<'_>,
    name: &str,
    _form: F,
) -> Result<Option<T>, ReadError> {
    if reader.null()? {
        return Ok(None);
    }
    let mark = lenient::mark();
    match F::read(reader) {
        Ok(value) => {
            lenient::nest(mark, name);
            Ok(Some(value))
        }
        Err(e) => Err(e.within(name)),
    }
}

/// Reads a union member that targets `smithy.api#Unit`: any value but `null`.
#[inline]
pub fn unit_variant(reader: &mut Reader<'_>) -> Result<bool, ReadError> {
    if reader.null()? {
        return Ok(false);
    }
    reader.skip()?;
    Ok(true)
}

/// A union member this version does not know: refused in a lenient read (a
/// server's), kept by name otherwise (a client's).
pub fn unknown_variant(
    reader: &mut Reader<'_>,
    name: &str,
    known: &[&str],
) -> Result<bool, ReadError> {
    if lenient::active() {
        let expected: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        return Err(reader.error(format!(
            "unknown field `{name}`, expected one of {}",
            expected.join(", ")
        )));
    }
    unit_variant(reader)
}

/// The builder's result: a missing required member is an error, except in
/// a lenient read, which fills it and records it (`lenient`).
#[inline]
pub fn built<B, T>(
    reader: &Reader<'_>,
    builder: B,
    build: impl FnOnce(B) -> Result<T, BuildError>,
    build_lenient: impl FnOnce(B) -> T,
) -> Result<T, ReadError> {
    if lenient::active() {
        return Ok(build_lenient(builder));
    }
    match build(builder) {
        Ok(value) => Ok(value),
        Err(e) => Err(missing(reader, &e)),
    }
}

/// Writes a member that is always present.
#[inline]
pub fn write<T, F: Form<T>>(object: &mut ObjectWriter<'_>, name: &str, value: &T, _form: F) {
    F::write(value, object.key(name));
}

/// Writes an optional member: nothing when absent.
#[inline]
pub fn write_some<T, F: Form<T>>(
    object: &mut ObjectWriter<'_>,
    name: &str,
    value: &Option<T>,
    _form: F,
) {
    if let Some(value) = value {
        F::write(value, object.key(name));
    }
}

/// A JSON array of values (`json::from_str::<Vec<T>>`).
impl<T: ReadJson + WriteJson> ReadJson for Vec<T> {
    #[inline]
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        <ListOf<Native> as Form<Vec<T>>>::read(reader)
    }
}

impl<T: ReadJson + WriteJson> WriteJson for Vec<T> {
    #[inline]
    fn write_json(&self, writer: &mut Writer) {
        <ListOf<Native> as Form<Vec<T>>>::write(self, writer)
    }
}

/// A member boxed to close a cycle of structures.
impl<T: ReadJson> ReadJson for Box<T> {
    #[inline]
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        T::read_json(reader).map(Box::new)
    }
}

impl<T: WriteJson> WriteJson for Box<T> {
    #[inline]
    fn write_json(&self, writer: &mut Writer) {
        (**self).write_json(writer)
    }
}

/// A union's unknown member has no value to write: the writer reports it.
#[cold]
pub fn write_unknown(object: &mut ObjectWriter<'_>, name: &str) {
    object
        .key(name)
        .fail(format!("cannot write the unknown union member `{name}`"));
}

impl ReadJson for String {
    #[inline]
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.string("a string").map(Cow::into_owned)
    }
}

impl WriteJson for String {
    #[inline]
    fn write_json(&self, writer: &mut Writer) {
        writer.string(self)
    }
}

impl ReadJson for bool {
    #[inline]
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        reader.bool("a boolean")
    }
}

impl WriteJson for bool {
    #[inline]
    fn write_json(&self, writer: &mut Writer) {
        writer.bool(*self)
    }
}

/// Integers: JSON integers, and numbers written with an exponent or a zero
/// fraction (`1.0`, `1e2`) as the AWS SDKs accept them; a fraction or a value
/// outside the type is an error.
pub struct Int;

/// An integer in `min..=max`, as `Int` reads it.
#[inline]
fn integer(
    reader: &mut Reader<'_>,
    min: i64,
    max: i64,
    expected: &'static str,
) -> Result<i64, ReadError> {
    let value = match reader.integer(expected)? {
        Ok(v) => v,
        Err(text) => {
            let v: f64 = text.parse().unwrap_or(f64::NAN);
            // Only below 2^53 is a double an exact integer; beyond it the
            // text may have been rounded (an overflowing literal included).
            if v.fract() != 0.0 || v.abs() > 9_007_199_254_740_992.0 || v.is_nan() {
                let what = if text.contains(['.', 'e', 'E']) {
                    format!("floating point `{}`", float_text(v))
                } else {
                    format!("integer `{text}`")
                };
                return Err(reader.error(format!("invalid type: {what}, expected {expected}")));
            }
            v as i64
        }
    };
    if value < min || value > max {
        return Err(reader.error(format!(
            "invalid value: integer `{value}`, expected {expected}"
        )));
    }
    Ok(value)
}

macro_rules! int_form {
    ($($t:ty: $expected:literal),*) => {$(
        impl Form<$t> for Int {
            #[inline]
            fn read(reader: &mut Reader<'_>) -> Result<$t, ReadError> {
                integer(reader, <$t>::MIN.into(), <$t>::MAX.into(), $expected).map(|v| v as $t)
            }
            #[inline]
            fn write(value: &$t, writer: &mut Writer) {
                writer.i64((*value).into())
            }
        }
    )*};
}

int_form!(
    i8: "an integer from -128 to 127",
    i16: "an integer from -32768 to 32767",
    i32: "an integer from -2147483648 to 2147483647",
    i64: "an integer from -9223372036854775808 to 9223372036854775807"
);

/// Floats: numbers, or the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub struct Float;

const FLOAT_EXPECTED: &str = "a number or one of \"NaN\", \"Infinity\", \"-Infinity\"";

fn read_double(reader: &mut Reader<'_>) -> Result<f64, ReadError> {
    match reader.peek()? {
        Next::String => {
            let text = reader.string(FLOAT_EXPECTED)?;
            match &*text {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                other => Err(reader.error(format!(
                    "invalid value: string {other:?}, expected {FLOAT_EXPECTED}"
                ))),
            }
        }
        _ => {
            let text = reader.number(FLOAT_EXPECTED)?;
            let v: f64 = text.parse().unwrap_or(f64::NAN);
            if v.is_finite() {
                Ok(v)
            } else {
                Err(reader.error("number out of range"))
            }
        }
    }
}

fn write_double(value: f64, writer: &mut Writer, finite: impl FnOnce(&mut Writer)) {
    if value.is_nan() {
        writer.string("NaN")
    } else if value.is_infinite() {
        writer.string(if value > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        finite(writer)
    }
}

impl Form<f64> for Float {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<f64, ReadError> {
        read_double(reader)
    }
    #[inline]
    fn write(value: &f64, writer: &mut Writer) {
        write_double(*value, writer, |w| w.f64(*value))
    }
}

impl Form<f32> for Float {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<f32, ReadError> {
        let v = read_double(reader)?;
        let narrow = v as f32;
        if v.is_finite() && narrow.is_infinite() {
            return Err(reader.error("number out of range for a float"));
        }
        Ok(narrow)
    }
    #[inline]
    fn write(value: &f32, writer: &mut Writer) {
        write_double(f64::from(*value), writer, |w| w.f32(*value))
    }
}

/// Blobs: base64 (RFC 4648, with padding) strings.
pub struct Base64;

impl Form<Vec<u8>> for Base64 {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<Vec<u8>, ReadError> {
        let text = reader.string("a base64 string")?;
        base64_decode(&text).ok_or_else(|| reader.error("invalid base64"))
    }
    #[inline]
    fn write(value: &Vec<u8>, writer: &mut Writer) {
        writer.string(&base64_encode(value))
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes bytes as padded base64.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
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
    // Untrusted input (`lenient`) must be padded as RFC 4648 says.
    if text.len() % 4 != 0 && lenient::active() {
        return None;
    }
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

/// Timestamps as epoch seconds: a JSON number with fractional seconds.
pub struct EpochSeconds;

impl Form<DateTime> for EpochSeconds {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<DateTime, ReadError> {
        const EXPECTED: &str = "a timestamp in epoch seconds";
        let text = reader.number(EXPECTED)?;
        parse_epoch(text).ok_or_else(|| {
            reader.error(format!(
                "invalid value: string {text:?}, expected {EXPECTED}"
            ))
        })
    }
    #[inline]
    fn write(value: &DateTime, writer: &mut Writer) {
        if value.subsec_nanos() == 0 {
            writer.i64(value.secs())
        } else {
            // Exact decimal text: a double would add noise to the last digits.
            writer.raw(&epoch_text(value))
        }
    }
}

/// `-1.5` for (-2 s, 500,000,000 ns): seconds with as many fraction digits as needed.
pub fn epoch_text(t: &DateTime) -> String {
    let (secs, nanos) = (t.secs(), t.subsec_nanos());
    let (sign, whole, frac) = if secs < 0 && nanos > 0 {
        ("-", (secs + 1).unsigned_abs(), 1_000_000_000 - nanos)
    } else {
        (if secs < 0 { "-" } else { "" }, secs.unsigned_abs(), nanos)
    };
    let digits = format!("{frac:09}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// Reads epoch seconds exactly from decimal text (`1700000000.123`), or
/// through a double when written with an exponent.
pub fn parse_epoch(text: &str) -> Option<DateTime> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if body.contains(['e', 'E']) {
        return DateTime::from_secs_f64(text.parse().ok()?);
    }
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let kept = &frac[..frac.len().min(9)];
    let nanos = if kept.is_empty() {
        0
    } else {
        kept.parse::<u32>().ok()? * 10u32.pow(9 - kept.len() as u32)
    };
    match (negative, nanos) {
        (false, n) => DateTime::from_parts(whole, n),
        (true, 0) => DateTime::from_parts(whole.checked_neg()?, 0),
        (true, n) => DateTime::from_parts(whole.checked_neg()?.checked_sub(1)?, 1_000_000_000 - n),
    }
}

/// Timestamps as RFC 3339 strings (`date-time`).
pub struct DateTimeFormat;

/// Timestamps as IMF-fixdate strings (`http-date`).
pub struct HttpDate;

fn read_text_timestamp(
    reader: &mut Reader<'_>,
    expected: &str,
    parse: fn(&str) -> Option<DateTime>,
) -> Result<DateTime, ReadError> {
    let text = reader.string(expected)?;
    parse(&text).ok_or_else(|| {
        reader.error(format!(
            "invalid value: string {:?}, expected {expected}",
            &*text
        ))
    })
}

impl Form<DateTime> for DateTimeFormat {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<DateTime, ReadError> {
        read_text_timestamp(
            reader,
            "an RFC 3339 date-time",
            crate::lenient::parse_date_time,
        )
    }
    #[inline]
    fn write(value: &DateTime, writer: &mut Writer) {
        writer.string(&value.to_rfc3339())
    }
}

impl Form<DateTime> for HttpDate {
    #[inline]
    fn read(reader: &mut Reader<'_>) -> Result<DateTime, ReadError> {
        read_text_timestamp(reader, "an HTTP date", DateTime::parse_http_date)
    }
    #[inline]
    fn write(value: &DateTime, writer: &mut Writer) {
        writer.string(&value.to_http_date())
    }
}

/// A big number's text, exactly as written; strings are refused.
fn read_big<T>(
    reader: &mut Reader<'_>,
    expected: &str,
    make: fn(String) -> Option<T>,
) -> Result<T, ReadError> {
    let text = reader.number(expected)?;
    make(text.to_string()).ok_or_else(|| {
        reader.error(format!(
            "invalid value: string {text:?}, expected {expected}"
        ))
    })
}

impl ReadJson for BigInteger {
    #[inline]
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        read_big(reader, "an integer", BigInteger::new)
    }
}

impl WriteJson for BigInteger {
    #[inline]
    fn write_json(&self, writer: &mut Writer) {
        writer.raw(self.as_str())
    }
}

impl ReadJson for BigDecimal {
    #[inline]
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        read_big(reader, "a number", BigDecimal::new)
    }
}

impl WriteJson for BigDecimal {
    #[inline]
    fn write_json(&self, writer: &mut Writer) {
        writer.raw(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T>(
        text: &str,
        form: impl Fn(&mut Reader<'_>) -> Result<T, ReadError>,
    ) -> Result<T, String> {
        let mut reader = Reader::new(text);
        let value = form(&mut reader).map_err(|e| e.to_string())?;
        reader.end().map_err(|e| e.to_string())?;
        Ok(value)
    }

    fn write<T>(value: &T, form: impl Fn(&T, &mut Writer)) -> String {
        let mut writer = Writer::new();
        form(value, &mut writer);
        writer.finish().unwrap()
    }

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

    #[test]
    fn integers_accept_integral_numbers_only() {
        let int = |text: &str| read(text, <Int as Form<i32>>::read);
        assert_eq!(int("7"), Ok(7));
        assert_eq!(int("1.0"), Ok(1));
        assert_eq!(int("1e2"), Ok(100));
        assert_eq!(int("-2147483648"), Ok(i32::MIN));
        assert!(int("1.5")
            .unwrap_err()
            .contains("invalid type: floating point `1.5`"));
        assert!(int("2147483648")
            .unwrap_err()
            .contains("invalid value: integer `2147483648`"));
        assert!(int("\"7\"").is_err());
        let long = |text: &str| read(text, <Int as Form<i64>>::read);
        assert_eq!(long("9223372036854775807"), Ok(i64::MAX));
        assert!(long("9223372036854775808").is_err());
        assert!(long("1e300").is_err());
    }

    #[test]
    fn floats_take_the_three_strings() {
        let double = |text: &str| read(text, <Float as Form<f64>>::read);
        assert_eq!(double("1.5"), Ok(1.5));
        assert_eq!(double("2"), Ok(2.0));
        assert!(double("\"NaN\"").unwrap().is_nan());
        assert_eq!(double("\"-Infinity\""), Ok(f64::NEG_INFINITY));
        assert!(double("\"nan\"").is_err());
        assert!(double("1e400").is_err());
        assert!(read("1e39", <Float as Form<f32>>::read).is_err());
        assert_eq!(write(&f64::NAN, <Float as Form<f64>>::write), "\"NaN\"");
        assert_eq!(write(&0.1f32, <Float as Form<f32>>::write), "0.1");
    }

    #[test]
    fn epoch_seconds_keep_every_digit() {
        let t = read(
            "1700000000.123456789",
            <EpochSeconds as Form<DateTime>>::read,
        )
        .unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (1_700_000_000, 123_456_789));
        assert_eq!(
            write(&t, <EpochSeconds as Form<DateTime>>::write),
            "1700000000.123456789"
        );
        let t = read("-1.5", <EpochSeconds as Form<DateTime>>::read).unwrap();
        assert_eq!(write(&t, <EpochSeconds as Form<DateTime>>::write), "-1.5");
        assert!(read("\"1\"", <EpochSeconds as Form<DateTime>>::read).is_err());
    }

    #[test]
    fn big_numbers_keep_their_text() {
        let big = read("123456789012345678901234567890", BigInteger::read_json).unwrap();
        assert_eq!(
            write(&big, BigInteger::write_json),
            "123456789012345678901234567890"
        );
        assert!(read("1.5", BigInteger::read_json).is_err());
        assert!(read("\"12\"", BigInteger::read_json).is_err());
        let dec = read("0.1000000000000000000000000001", BigDecimal::read_json).unwrap();
        assert_eq!(dec.as_str(), "0.1000000000000000000000000001");
    }

    #[test]
    fn lists_and_maps_name_the_failing_element() {
        let list = read("[1, 2, \"x\"]", <ListOf<Int> as Form<Vec<i32>>>::read).unwrap_err();
        assert!(list.starts_with("invalid type: string \"x\""), "{list}");
        let mut reader = Reader::new("{\"a/b\": [1, true]}");
        let e = <MapOf<ListOf<Int>> as Form<BTreeMap<String, Vec<i64>>>>::read(&mut reader)
            .unwrap_err();
        assert_eq!(e.pointer(), "/a~1b/1");
        let sparse = read(
            "[1, null]",
            <ListOf<OptionOf<Int>> as Form<Vec<Option<i8>>>>::read,
        );
        assert_eq!(sparse, Ok(vec![Some(1), None]));
        let map: BTreeMap<String, Vec<i64>> = [("k".to_string(), vec![1, 2])].into();
        assert_eq!(
            write(&map, <MapOf<ListOf<Int>> as Form<_>>::write),
            r#"{"k":[1,2]}"#
        );
    }
}
