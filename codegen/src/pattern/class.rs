//! Sets of code points, the one representation of every character class of
//! a pattern: literals, `[...]`, `.`, `\d`, `\p{L}` and their negations.

/// Sorted, non-overlapping, non-adjacent inclusive ranges of code points.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CharSet(Vec<(u32, u32)>);

pub const MAX: u32 = 0x10FFFF;
const SURROGATES: (u32, u32) = (0xD800, 0xDFFF);

impl CharSet {
    pub fn empty() -> Self {
        CharSet(Vec::new())
    }

    pub fn any() -> Self {
        CharSet(vec![(0, MAX)])
    }

    pub fn single(c: u32) -> Self {
        CharSet(vec![(c, c)])
    }

    pub fn range(lo: u32, hi: u32) -> Self {
        CharSet::from_ranges([(lo, hi)])
    }

    pub fn from_ranges(ranges: impl IntoIterator<Item = (u32, u32)>) -> Self {
        let mut v: Vec<(u32, u32)> = ranges.into_iter().filter(|(a, b)| a <= b).collect();
        v.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(v.len());
        for (a, b) in v {
            match out.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => out.push((a, b)),
            }
        }
        CharSet(out)
    }

    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.0
    }

    pub fn union(&self, other: &CharSet) -> CharSet {
        CharSet::from_ranges(self.0.iter().chain(&other.0).copied())
    }

    pub fn negate(&self) -> CharSet {
        let mut out = Vec::new();
        let mut next = 0u32;
        for &(a, b) in &self.0 {
            if a > next {
                out.push((next, a - 1));
            }
            next = b + 1;
        }
        if next <= MAX {
            out.push((next, MAX));
        }
        CharSet(out)
    }

    pub fn intersect(&self, other: &CharSet) -> CharSet {
        self.negate().union(&other.negate()).negate()
    }

    pub fn is_disjoint(&self, other: &CharSet) -> bool {
        self.intersect(other).0.is_empty()
    }

    pub fn contains(&self, c: u32) -> bool {
        self.0
            .binary_search_by(|&(a, b)| {
                if b < c {
                    std::cmp::Ordering::Less
                } else if a > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    /// The set as a Rust string can meet it: lone surrogates are not
    /// `char`s, so no valid string holds one.
    pub fn scalar_ranges(&self) -> Vec<(char, char)> {
        let without = self.intersect(&CharSet::range(SURROGATES.0, SURROGATES.1).negate());
        without
            .0
            .iter()
            .map(|&(a, b)| {
                (
                    char::from_u32(a).expect("not a surrogate"),
                    char::from_u32(b).expect("not a surrogate"),
                )
            })
            .collect()
    }

    /// ECMA 262 `\d`: ASCII digits only.
    pub fn digit() -> Self {
        CharSet::range('0' as u32, '9' as u32)
    }

    /// ECMA 262 `\w`: ASCII letters, digits and `_` only.
    pub fn word() -> Self {
        CharSet::from_ranges([(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
    }

    /// ECMA 262 `\s`: WhiteSpace and LineTerminator.
    pub fn space() -> Self {
        CharSet::from_ranges([
            (0x09, 0x0D),
            (0x20, 0x20),
            (0xA0, 0xA0),
            (0x1680, 0x1680),
            (0x2000, 0x200A),
            (0x2028, 0x2029),
            (0x202F, 0x202F),
            (0x205F, 0x205F),
            (0x3000, 0x3000),
            (0xFEFF, 0xFEFF),
        ])
    }

    /// ECMA 262 `.` without the `s` flag: anything but a line terminator.
    pub fn dot() -> Self {
        CharSet::from_ranges([(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)]).negate()
    }
}

/// A `\p{...}` property: Unicode properties as ECMA 262 (and `regex-syntax`)
/// name them, and the Java names AWS models also use (`\p{Punct}`,
/// `\p{all}`, `\p{LD}`, `\p{IsAlphabetic}`), with Java's meaning.
pub fn property(name: &str) -> Result<CharSet, String> {
    let ascii = |s: &[(u8, u8)]| CharSet::from_ranges(s.iter().map(|&(a, b)| (a as u32, b as u32)));
    // Java's POSIX classes are ASCII-only (without UNICODE_CHARACTER_CLASS).
    let posix = match name {
        "Lower" => Some(ascii(&[(b'a', b'z')])),
        "Upper" => Some(ascii(&[(b'A', b'Z')])),
        "ASCII" => Some(ascii(&[(0, 0x7F)])),
        "Alpha" => Some(ascii(&[(b'a', b'z'), (b'A', b'Z')])),
        "Digit" => Some(ascii(&[(b'0', b'9')])),
        "Alnum" => Some(ascii(&[(b'a', b'z'), (b'A', b'Z'), (b'0', b'9')])),
        "Punct" => Some(ascii(&[
            (b'!', b'/'),
            (b':', b'@'),
            (b'[', b'`'),
            (b'{', b'~'),
        ])),
        "Graph" => Some(ascii(&[(b'!', b'~')])),
        "Print" => Some(ascii(&[(b' ', b'~')])),
        "Blank" => Some(ascii(&[(b' ', b' '), (b'\t', b'\t')])),
        "Cntrl" => Some(ascii(&[(0, 0x1F), (0x7F, 0x7F)])),
        "XDigit" => Some(ascii(&[(b'0', b'9'), (b'a', b'f'), (b'A', b'F')])),
        "Space" => Some(ascii(&[(b' ', b' '), (b'\t', b'\r')])),
        "all" => Some(CharSet::any()),
        "L1" => Some(CharSet::range(0, 0xFF)),
        _ => None,
    };
    if let Some(set) = posix {
        return Ok(set);
    }
    if name == "LD" {
        return Ok(unicode("L")?.union(&unicode("Nd")?));
    }
    match unicode(name) {
        Ok(set) => Ok(set),
        // Java's `IsAlphabetic`, `IsLatin`, `IsL`: the property after `Is`.
        Err(e) => match name.strip_prefix("Is") {
            Some(rest) if !rest.is_empty() => unicode(rest).map_err(|_| e),
            _ => Err(e),
        },
    }
}

/// A Unicode property from `regex-syntax`'s tables (`L`, `Letter`,
/// `Script=Greek`, `White_Space`, ...).
fn unicode(name: &str) -> Result<CharSet, String> {
    use regex_syntax::hir::{Class, HirKind};
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&format!("\\p{{{name}}}"))
        .map_err(|_| format!("unknown Unicode property `\\p{{{name}}}`"))?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => Ok(CharSet::from_ranges(
            c.ranges()
                .iter()
                .map(|r| (r.start() as u32, r.end() as u32)),
        )),
        _ => Err(format!("unknown Unicode property `\\p{{{name}}}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_merge_negate_and_intersect() {
        let s = CharSet::from_ranges([(5, 9), (1, 3), (4, 4), (20, 30)]);
        assert_eq!(s.ranges(), &[(1, 9), (20, 30)]);
        assert_eq!(s.negate().negate(), s);
        assert_eq!(s.negate().ranges()[0], (0, 0));
        assert_eq!(
            s.intersect(&CharSet::range(8, 25)).ranges(),
            &[(8, 9), (20, 25)]
        );
        assert!(s.contains(25) && !s.contains(10));
    }

    #[test]
    fn surrogates_are_not_chars() {
        let s = CharSet::from_ranges([(0xD800, 0xD800), (0xDBFF, 0xDC00)]);
        assert!(s.scalar_ranges().is_empty());
        assert_eq!(
            CharSet::range(0xD000, 0xE000).scalar_ranges(),
            vec![('\u{D000}', '\u{D7FF}'), ('\u{E000}', '\u{E000}')]
        );
    }

    #[test]
    fn properties() {
        assert!(property("L").unwrap().contains('é' as u32));
        assert!(
            !property("Alpha").unwrap().contains('é' as u32),
            "Java POSIX is ASCII"
        );
        assert!(property("all").unwrap().contains(0x10FFFF));
        assert!(property("LD").unwrap().contains('٣' as u32));
        assert!(property("IsAlphabetic").unwrap().contains('a' as u32));
        assert!(property("Script=Greek").unwrap().contains('α' as u32));
        assert!(property("Nope").is_err());
    }
}
