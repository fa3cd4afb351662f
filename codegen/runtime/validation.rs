//! Constraint validation: where a value sits (a JSON Pointer with wire names),
//! what it violates, and the messages Smithy servers use for it.

use std::fmt;

/// Checks every constraint trait of the model on a value and its contents.
pub trait Validate {
    /// Every violation found, or `Ok(())`. Allocates nothing when the value is valid.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut violations = Vec::new();
        self.validate_at(&Path::ROOT, &mut violations);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors { violations })
        }
    }

    /// Appends the violations of `self`, which sits at `path`, to `out`.
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>);
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, path: &Path<'_>, out: &mut Vec<Violation>) {
        (**self).validate_at(path, out)
    }
}

/// A location in a value, rendered as a JSON Pointer only when a violation is found.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    /// The value itself (`""`).
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };

    /// The member or map entry `key` of this value.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// The list element `index` of this value.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// The JSON Pointer (RFC 6901) of this location, such as `/statusDetails/step`.
    pub fn to_pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            segments.push(p.segment);
            at = p.parent;
        }
        let mut out = String::new();
        for segment in segments.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Key(k) => {
                    out.push('/');
                    for c in k.chars() {
                        match c {
                            '~' => out.push_str("~0"),
                            '/' => out.push_str("~1"),
                            c => out.push(c),
                        }
                    }
                }
                Segment::Index(i) => {
                    out.push('/');
                    out.push_str(&i.to_string());
                }
            }
        }
        out
    }
}

/// Which constraint a value violates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ViolationKind {
    /// `@length`.
    Length,
    /// `@pattern`.
    Pattern,
    /// `@range`.
    Range,
    /// The value set of an enum or intEnum.
    Enum,
    /// `@required`.
    Required,
    /// `@uniqueItems`.
    UniqueItems,
}

/// One constraint violation. The message never contains the offending value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    kind: ViolationKind,
    path: String,
    message: String,
}

impl Violation {
    /// Which constraint was violated.
    pub fn kind(&self) -> ViolationKind {
        self.kind
    }

    /// JSON Pointer of the value, with wire names (`/statusDetails/step`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The message Smithy servers use for this violation.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn new(kind: ViolationKind, path: &Path<'_>, describe: impl FnOnce(&str) -> String) -> Self {
        let path = path.to_pointer();
        let message = describe(&path);
        Violation {
            kind,
            path,
            message,
        }
    }

    /// `@length` failed: `length` is what was counted.
    pub fn length(path: &Path<'_>, length: usize, min: Option<u64>, max: Option<u64>) -> Self {
        Violation::new(ViolationKind::Length, path, |p| {
            format!(
                "Value with length {length} at '{p}' failed to satisfy constraint: Member must have length {}",
                bounds_text(min.map(|m| m.to_string()).as_deref(), max.map(|m| m.to_string()).as_deref())
            )
        })
    }

    /// `@pattern` failed; the pattern is printed as the model writes it.
    pub fn pattern(path: &Path<'_>, pattern: &str) -> Self {
        Violation::new(ViolationKind::Pattern, path, |p| {
            format!("Value at '{p}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}")
        })
    }

    /// `@range` failed; bounds are printed as the model writes them.
    pub fn range(path: &Path<'_>, min: Option<&str>, max: Option<&str>) -> Self {
        Violation::new(ViolationKind::Range, path, |p| {
            format!(
                "Value at '{p}' failed to satisfy constraint: Member must be {}",
                bounds_text(min, max)
            )
        })
    }

    /// A value outside an enum's value set, given as `[a, b, c]`.
    pub fn enum_value(path: &Path<'_>, value_set: &str) -> Self {
        Violation::new(ViolationKind::Enum, path, |p| {
            format!("Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: {value_set}")
        })
    }

    /// A `@required` member is absent or null.
    pub fn required(path: &Path<'_>) -> Self {
        Violation::new(ViolationKind::Required, path, |p| {
            format!("Value at '{p}' failed to satisfy constraint: Member must not be null")
        })
    }

    /// A `@required` member found absent or null while reading: `pointer`
    /// is its JSON Pointer.
    pub(crate) fn missing(pointer: String) -> Self {
        let message =
            format!("Value at '{pointer}' failed to satisfy constraint: Member must not be null");
        Violation {
            kind: ViolationKind::Required,
            path: pointer,
            message,
        }
    }

    /// A `@uniqueItems` list holds two equal elements.
    pub fn unique_items(path: &Path<'_>) -> Self {
        Violation::new(ViolationKind::UniqueItems, path, |p| {
            format!("Value at '{p}' failed to satisfy constraint: Member must have unique values")
        })
    }
}

fn bounds_text(min: Option<&str>, max: Option<&str>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("between {min} and {max}, inclusive"),
        (Some(min), None) => format!("greater than or equal to {min}"),
        (None, Some(max)) => format!("less than or equal to {max}"),
        (None, None) => String::new(),
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every violation found in a value, in the order the value was walked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// The violations; never empty.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// `violations` must not be empty.
    pub(crate) fn new(violations: Vec<Violation>) -> Self {
        ValidationErrors { violations }
    }

    /// Takes the violations out.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(
            f,
            "{n} validation error{} detected. ",
            if n == 1 { "" } else { "s" }
        )?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&v.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// The body of Smithy's `smithy.framework#ValidationException`:
/// `{"message": "...", "fieldList": [{"path": "...", "message": "..."}]}`.
impl crate::codec::WriteJson for ValidationErrors {
    fn write_json(&self, writer: &mut crate::json_write::Writer) {
        let mut object = writer.object();
        object.key("message").string(&self.to_string());
        let mut list = object.key("fieldList").array();
        for v in &self.violations {
            let mut field = list.element().object();
            field.key("path").string(&v.path);
            field.key("message").string(&v.message);
            field.end();
        }
        list.end();
        object.end();
    }
}

/// Checks used by the generated validators.
#[doc(hidden)]
pub mod check {
    use super::{Path, Violation};

    /// `@length` of a string: Unicode scalar values, counted only when the byte
    /// length cannot decide.
    #[inline]
    pub fn string_length(
        s: &str,
        min: Option<u64>,
        max: Option<u64>,
        path: &Path<'_>,
        out: &mut Vec<Violation>,
    ) {
        let bytes = s.len() as u64;
        // A scalar value takes 1 to 4 bytes.
        let surely_long_enough = min.is_none_or(|min| bytes / 4 >= min);
        let surely_short_enough = max.is_none_or(|max| bytes <= max);
        if !(surely_long_enough && surely_short_enough) {
            length(s.chars().count(), min, max, path, out);
        }
    }

    /// `@length` of anything counted by `len`.
    #[inline]
    pub fn length(
        len: usize,
        min: Option<u64>,
        max: Option<u64>,
        path: &Path<'_>,
        out: &mut Vec<Violation>,
    ) {
        let n = len as u64;
        if min.is_some_and(|min| n < min) || max.is_some_and(|max| n > max) {
            out.push(Violation::length(path, len, min, max));
        }
    }

    /// Compares two decimal numbers written as JSON numbers, exactly (for
    /// `@range` on bigInteger and bigDecimal).
    pub fn decimal_cmp(a: &str, b: &str) -> std::cmp::Ordering {
        let (a, b) = (Decimal::parse(a), Decimal::parse(b));
        match (a.negative, b.negative) {
            (false, true) => std::cmp::Ordering::Greater,
            (true, false) => std::cmp::Ordering::Less,
            (false, false) => a.magnitude_cmp(&b),
            (true, true) => b.magnitude_cmp(&a),
        }
    }

    /// `0.d1d2d3... * 10^exponent`, digits without leading or trailing zeros.
    struct Decimal {
        negative: bool,
        digits: Vec<u8>,
        exponent: i64,
    }

    impl Decimal {
        fn parse(text: &str) -> Decimal {
            let (negative, text) = match text.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, text),
            };
            let (mantissa, exp) = match text.find(['e', 'E']) {
                Some(i) => (&text[..i], text[i + 1..].parse::<i64>().unwrap_or(0)),
                None => (text, 0),
            };
            let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
            let mut digits: Vec<u8> = int
                .bytes()
                .chain(frac.bytes())
                .map(|b| b.wrapping_sub(b'0'))
                .collect();
            let mut exponent = exp.saturating_add(int.len() as i64);
            let leading = digits.iter().take_while(|&&d| d == 0).count();
            digits.drain(..leading);
            exponent = exponent.saturating_sub(leading as i64);
            while digits.last() == Some(&0) {
                digits.pop();
            }
            let negative = negative && !digits.is_empty();
            Decimal {
                negative,
                digits,
                exponent,
            }
        }

        fn magnitude_cmp(&self, other: &Decimal) -> std::cmp::Ordering {
            match (self.digits.is_empty(), other.digits.is_empty()) {
                (true, true) => return std::cmp::Ordering::Equal,
                (true, false) => return std::cmp::Ordering::Less,
                (false, true) => return std::cmp::Ordering::Greater,
                _ => {}
            }
            self.exponent
                .cmp(&other.exponent)
                .then_with(|| self.digits.cmp(&other.digits))
        }
    }

    /// `@uniqueItems`: value equality, element by element.
    /// `@uniqueItems` for ordered elements (strings, numbers, enums, blobs,
    /// timestamps): pairwise for short lists, sorted references for long ones.
    pub fn unique_items_ord<T: Ord>(items: &[T], path: &Path<'_>, out: &mut Vec<Violation>) {
        if items.len() <= 16 {
            return unique_items(items, path, out);
        }
        let mut sorted: Vec<&T> = items.iter().collect();
        sorted.sort_unstable();
        if sorted.windows(2).any(|w| w[0] == w[1]) {
            out.push(Violation::unique_items(path));
        }
    }

    pub fn unique_items<T: PartialEq>(items: &[T], path: &Path<'_>, out: &mut Vec<Violation>) {
        let repeated = items
            .iter()
            .enumerate()
            .any(|(i, a)| items[i + 1..].contains(a));
        if repeated {
            out.push(Violation::unique_items(path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_nest() {
        let root = Path::ROOT;
        let map = root.key("statusDetails");
        let key = map.key("a/b~c");
        let item = key.index(3);
        assert_eq!(root.to_pointer(), "");
        assert_eq!(item.to_pointer(), "/statusDetails/a~1b~0c/3");
    }

    #[test]
    fn messages_follow_the_smithy_templates() {
        let root = Path::ROOT;
        let p = root.key("jobId");
        assert_eq!(
            Violation::length(&p, 65, Some(1), Some(64)).message(),
            "Value with length 65 at '/jobId' failed to satisfy constraint: Member must have length between 1 and 64, inclusive"
        );
        assert_eq!(
            Violation::length(&p, 0, Some(1), None).message(),
            "Value with length 0 at '/jobId' failed to satisfy constraint: Member must have length greater than or equal to 1"
        );
        assert_eq!(
            Violation::range(&p, None, Some("8.8")).message(),
            "Value at '/jobId' failed to satisfy constraint: Member must be less than or equal to 8.8"
        );
        assert_eq!(
            Violation::required(&p).message(),
            "Value at '/jobId' failed to satisfy constraint: Member must not be null"
        );
    }

    #[test]
    fn display_counts_and_joins() {
        let root = Path::ROOT;
        let a = root.key("a");
        let one = ValidationErrors {
            violations: vec![Violation::required(&a)],
        };
        assert_eq!(
            one.to_string(),
            format!(
                "1 validation error detected. {}",
                one.violations()[0].message()
            )
        );
        let two = ValidationErrors {
            violations: vec![Violation::required(&a), Violation::unique_items(&a)],
        };
        assert!(two
            .to_string()
            .starts_with("2 validation errors detected. Value at '/a'"));
        assert!(two.to_string().contains("; Value at '/a'"));
    }

    #[test]
    fn decimals_compare_exactly() {
        use std::cmp::Ordering::*;
        let cases = [
            ("1", "1.0", Equal),
            ("0.1", "1e-1", Equal),
            ("-0", "0", Equal),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567891",
                Less,
            ),
            ("8.8", "8.80000000000000000001", Less),
            ("-2", "-10", Greater),
            ("100", "99.999", Greater),
            ("0.001", "-5", Greater),
        ];
        for (a, b, expected) in cases {
            assert_eq!(check::decimal_cmp(a, b), expected, "{a} vs {b}");
        }
    }

    #[test]
    fn unique_items_long_and_short() {
        let root = Path::ROOT;
        let mut out = Vec::new();
        let long: Vec<u32> = (0..1000).collect();
        check::unique_items_ord(&long, &root, &mut out);
        assert!(out.is_empty());
        let mut repeated = long.clone();
        repeated.push(500);
        check::unique_items_ord(&repeated, &root, &mut out);
        check::unique_items_ord(&[1, 2, 1], &root, &mut out);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn string_length_counts_scalar_values() {
        let root = Path::ROOT;
        let mut out = Vec::new();
        check::string_length("👍", Some(1), Some(1), &root, &mut out);
        assert!(out.is_empty());
        check::string_length("👍👍", Some(1), Some(1), &root, &mut out);
        assert_eq!(out.len(), 1);
        assert!(out[0].message().starts_with("Value with length 2 at ''"));
    }
}
