//! Direct matchers for `@pattern`s of the simple form: `^`, a sequence of
//! character classes each with a count, then `$` or not, with optional
//! lookaheads at the start; or a few such alternatives. The generator chose this form only where a
//! greedy pass is exact (a run never takes a character the rest needs), so
//! one pass over the string decides, with no regex engine.

/// A character class: ASCII as a bit set, the rest as sorted ranges.
pub(crate) struct Class {
    pub(crate) ascii: u128,
    pub(crate) ranges: &'static [(char, char)],
}

impl Class {
    #[inline]
    fn contains(&self, c: char) -> bool {
        let n = c as u32;
        if n < 128 {
            return self.ascii >> n & 1 == 1;
        }
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    ::std::cmp::Ordering::Less
                } else if lo > c {
                    ::std::cmp::Ordering::Greater
                } else {
                    ::std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// A class repeated `min..=max` times (`u32::MAX`: unbounded).
pub(crate) struct Item {
    pub(crate) class: &'static Class,
    pub(crate) min: u32,
    pub(crate) max: u32,
}

/// Items matched from the start of the string; `to_end`: up to its end too.
pub(crate) struct Seq {
    pub(crate) items: &'static [Item],
    pub(crate) to_end: bool,
}

impl Seq {
    fn matches(&self, s: &str) -> bool {
        let bytes = s.as_bytes();
        let mut at = 0;
        for item in self.items {
            let mut n = 0;
            while n < item.max && at < bytes.len() {
                let b = bytes[at];
                let (c, width) = if b < 0x80 {
                    (b as char, 1)
                } else {
                    let c = s[at..].chars().next().unwrap_or('\0');
                    (c, c.len_utf8())
                };
                if !item.class.contains(c) {
                    break;
                }
                at += width;
                n += 1;
            }
            if n < item.min {
                return false;
            }
        }
        !self.to_end || at == bytes.len()
    }
}

/// One alternative: the sequence, and the lookaheads at its start.
pub(crate) struct Branch {
    pub(crate) seq: Seq,
    pub(crate) must: &'static [Seq],
    pub(crate) must_not: &'static [Seq],
}

/// A whole pattern: alternatives, any of which may match.
pub(crate) struct Pattern {
    pub(crate) branches: &'static [Branch],
}

impl Pattern {
    pub(crate) fn is_match(&self, s: &str) -> bool {
        self.branches.iter().any(|b| {
            b.seq.matches(s)
                && b.must.iter().all(|m| m.matches(s))
                && !b.must_not.iter().any(|m| m.matches(s))
        })
    }
}
