//! Small types that generated code relies on.

use std::fmt;

/// An enum value or union member that this version of the crate does not know.
/// Only the crate creates it, from input it read, so a known value is never
/// held as unknown.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        UnknownValue(value.into())
    }

    /// The value (or union member name) exactly as it was read.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An intEnum value that this version of the crate does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownIntValue(i32);

impl UnknownIntValue {
    #[doc(hidden)]
    pub fn new(value: i32) -> Self {
        UnknownIntValue(value)
    }

    /// The value exactly as it was read.
    pub fn value(&self) -> i32 {
        self.0
    }
}

/// A builder's `build()` found a required member unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    member: &'static str,
}

impl BuildError {
    #[doc(hidden)]
    pub fn missing(member: &'static str) -> Self {
        BuildError { member }
    }

    /// The Smithy name of the member that is missing.
    pub fn member(&self) -> &'static str {
        self.member
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the required member `{}` was not set", self.member)
    }
}

impl std::error::Error for BuildError {}

/// An instant, with nanosecond precision: the Smithy `timestamp` type.
/// How it is written depends on the member's `@timestampFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    seconds: i64,
    nanos: u32,
}

impl DateTime {
    /// Seconds since the Unix epoch, and nanoseconds (below 1,000,000,000) after them.
    pub fn from_parts(seconds: i64, nanos: u32) -> Option<Self> {
        (nanos < 1_000_000_000).then_some(DateTime { seconds, nanos })
    }

    /// Whole seconds since the Unix epoch.
    pub fn from_secs(seconds: i64) -> Self {
        DateTime { seconds, nanos: 0 }
    }

    /// Milliseconds since the Unix epoch.
    pub fn from_millis(millis: i64) -> Self {
        DateTime {
            seconds: millis.div_euclid(1000),
            nanos: (millis.rem_euclid(1000) as u32) * 1_000_000,
        }
    }

    /// Fractional seconds since the epoch, rounded to the microsecond (the
    /// precision a double keeps for present-day instants).
    pub fn from_secs_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || value.abs() > 1e15 {
            return None;
        }
        let micros = (value * 1e6).round() as i64;
        Some(DateTime {
            seconds: micros.div_euclid(1_000_000),
            nanos: (micros.rem_euclid(1_000_000) as u32) * 1000,
        })
    }

    /// Whole seconds since the epoch (rounded down).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds after `secs()`.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Fractional seconds since the epoch.
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.nanos) / 1e9
    }

    /// RFC 3339 in UTC: `2023-11-14T22:13:20Z`, with as many fraction digits as needed.
    pub fn to_rfc3339(&self) -> String {
        let (y, mo, d, h, mi, s) = civil(self.seconds);
        let mut out = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
        if self.nanos > 0 {
            let frac = format!("{:09}", self.nanos);
            out.push('.');
            out.push_str(frac.trim_end_matches('0'));
        }
        out.push('Z');
        out
    }

    /// Parses RFC 3339 (`2023-11-14T22:13:20.5+01:00`, `...Z`).
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't')
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = text.get(r)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let (y, mo, d, h, mi, s) = (
            num(0..4)?,
            num(5..7)?,
            num(8..10)?,
            num(11..13)?,
            num(14..16)?,
            num(17..19)?,
        );
        if !(1..=12).contains(&mo)
            || d < 1
            || d > days_in_month(y, mo)
            || h > 23
            || mi > 59
            || s > 60
        {
            return None;
        }
        let mut i = 19;
        let mut nanos = 0u32;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            i = start;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &text[start..i];
            if digits.is_empty() {
                return None;
            }
            let kept = &digits[..digits.len().min(9)];
            nanos = kept.parse::<u32>().ok()? * 10u32.pow(9 - kept.len() as u32);
        }
        let offset = match &text[i..] {
            "Z" | "z" => 0,
            rest if rest.len() == 6
                && matches!(rest.as_bytes()[0], b'+' | b'-')
                && rest.as_bytes()[3] == b':' =>
            {
                let oh = num(i + 1..i + 3)?;
                let om = num(i + 4..i + 6)?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (oh * 3600 + om * 60)
            }
            _ => return None,
        };
        let seconds = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s.min(59) - offset;
        Some(DateTime { seconds, nanos })
    }

    /// IMF-fixdate (RFC 7231): `Tue, 14 Nov 2023 22:13:20 GMT`.
    pub fn to_http_date(&self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        let (y, mo, d, h, mi, s) = civil(self.seconds);
        let weekday = DAYS[self.seconds.div_euclid(86_400).rem_euclid(7) as usize];
        let month = MONTHS[(mo - 1) as usize];
        let mut out = format!("{weekday}, {d:02} {month} {y:04} {h:02}:{mi:02}:{s:02}");
        if self.nanos > 0 {
            out.push_str(&format!(".{:03}", self.nanos / 1_000_000));
        }
        out.push_str(" GMT");
        out
    }

    /// Parses IMF-fixdate, with optional fractional seconds.
    pub fn parse_http_date(text: &str) -> Option<Self> {
        let rest = text.get(5..)?.strip_suffix(" GMT")?;
        let mut parts = rest.split(' ');
        let d: i64 = parts.next()?.parse().ok()?;
        let month = parts.next()?;
        let mo = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
        let y: i64 = parts.next()?.parse().ok()?;
        let time = parts.next()?;
        if parts.next().is_some() || time.len() < 8 {
            return None;
        }
        let rfc = format!("{y:04}-{mo:02}-{d:02}T{time}Z");
        DateTime::parse_rfc3339(&rfc)
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day, hour, minute, second) of seconds since the epoch.
fn civil(seconds: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
}

impl From<std::time::SystemTime> for DateTime {
    fn from(t: std::time::SystemTime) -> Self {
        match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => DateTime {
                seconds: d.as_secs() as i64,
                nanos: d.subsec_nanos(),
            },
            Err(e) => {
                let d = e.duration();
                let neg = DateTime {
                    seconds: -(d.as_secs() as i64),
                    nanos: 0,
                };
                match d.subsec_nanos() {
                    0 => neg,
                    n => DateTime {
                        seconds: neg.seconds - 1,
                        nanos: 1_000_000_000 - n,
                    },
                }
            }
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// An arbitrary-precision integer (`bigInteger`), kept as its decimal text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

/// An arbitrary-precision decimal (`bigDecimal`), kept as its text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

impl BigInteger {
    /// `None` unless the text is an integer: an optional `-` and digits.
    pub fn new(text: impl Into<String>) -> Option<Self> {
        let text = text.into();
        let digits = text.strip_prefix('-').unwrap_or(&text);
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(BigInteger(text))
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl BigDecimal {
    /// `None` unless the text is a JSON number.
    pub fn new(text: impl Into<String>) -> Option<Self> {
        let text = text.into();
        is_json_number(&text).then_some(BigDecimal(text))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_json_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    digits(int)
        && frac.is_none_or(digits)
        && exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)))
}

impl From<i64> for BigInteger {
    fn from(v: i64) -> Self {
        BigInteger(v.to_string())
    }
}

impl fmt::Display for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_and_accepts_offsets() {
        let t = DateTime::parse_rfc3339("2023-11-14T22:13:20Z").unwrap();
        assert_eq!(t.secs(), 1_700_000_000);
        assert_eq!(t.to_rfc3339(), "2023-11-14T22:13:20Z");
        let t = DateTime::parse_rfc3339("2023-11-14T23:13:20.123+01:00").unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (1_700_000_000, 123_000_000));
        assert_eq!(t.to_rfc3339(), "2023-11-14T22:13:20.123Z");
        assert_eq!(
            DateTime::parse_rfc3339("1969-12-31T23:59:59Z")
                .unwrap()
                .secs(),
            -1
        );
        for bad in [
            "2023-02-30T00:00:00Z",
            "2023-11-14 22:13:20Z",
            "2023-11-14T22:13:20",
            "2023-11-14T24:00:00Z",
            "x",
        ] {
            assert!(DateTime::parse_rfc3339(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn http_dates_round_trip() {
        let t = DateTime::from_secs(1_700_000_000);
        assert_eq!(t.to_http_date(), "Tue, 14 Nov 2023 22:13:20 GMT");
        assert_eq!(
            DateTime::parse_http_date("Tue, 14 Nov 2023 22:13:20 GMT"),
            Some(t)
        );
        assert_eq!(
            DateTime::from_secs(0).to_http_date(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }

    #[test]
    fn epoch_seconds_keep_milliseconds() {
        let t = DateTime::from_secs_f64(1_700_000_000.123).unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (1_700_000_000, 123_000_000));
        assert_eq!(t.as_secs_f64(), 1_700_000_000.123);
        let t = DateTime::from_secs_f64(-1.5).unwrap();
        assert_eq!((t.secs(), t.subsec_nanos()), (-2, 500_000_000));
        assert!(DateTime::from_secs_f64(f64::NAN).is_none());
        assert_eq!(DateTime::from_millis(-1).subsec_nanos(), 999_000_000);
    }

    #[test]
    fn big_numbers_check_their_text() {
        assert!(BigInteger::new("-123456789012345678901234567890").is_some());
        assert!(BigInteger::new("1.0").is_none());
        assert!(BigDecimal::new("1.5e-300").is_some());
        assert!(BigDecimal::new("1.").is_none());
        assert!(BigDecimal::new("NaN").is_none());
    }
}
