//! Lenient reads for untrusted input (`json::from_str_validated`, and a
//! server reading a request): a `@required` member that is absent (or
//! `null`) is recorded, with its JSON Pointer, instead of failing the read,
//! so that it is reported as a violation together with every other
//! violation of the value. Such reads are strict where a server must be: a
//! date-time in UTC only, base64 padded, no unknown union member.
//!
//! The reader fills the missing member with a placeholder value and records
//! its name; each enclosing member, list element, map entry and union
//! variant prefixes its own segment as the read returns, so the pointer is
//! built from the inside out. Plain reads pay one relaxed atomic load per
//! member for this.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::json_read::pointer_segment;
use crate::primitives::{BigDecimal, BigInteger, DateTime};

/// Lenient reads in progress on any thread: none is the common case, which
/// then needs no thread-local lookup.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Pointers of the members found missing, while this thread reads leniently.
    static MISSING: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// A value to stand in for a missing member, so that the read goes on.
/// It is never seen: the missing member is reported and the value refused.
pub trait Placeholder {
    fn placeholder() -> Self;
}

/// A lenient read on this thread, from `start` until `finish` (or drop).
pub struct Lenient {
    /// The records of an enclosing lenient read, put back at the end.
    outer: Option<Vec<String>>,
    finished: bool,
}

impl Lenient {
    pub fn start() -> Lenient {
        ACTIVE.fetch_add(1, Ordering::Relaxed);
        let outer = MISSING.with(|m| m.borrow_mut().replace(Vec::new()));
        Lenient {
            outer,
            finished: false,
        }
    }

    /// The pointers of the members found missing, in the order read.
    pub fn finish(mut self) -> Vec<String> {
        self.finished = true;
        self.restore()
    }

    fn restore(&mut self) -> Vec<String> {
        let outer = self.outer.take();
        MISSING.with(|m| std::mem::replace(&mut *m.borrow_mut(), outer).unwrap_or_default())
    }
}

impl Drop for Lenient {
    fn drop(&mut self) {
        if !self.finished {
            self.restore();
        }
        ACTIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Whether this thread reads leniently.
#[inline]
pub fn active() -> bool {
    ACTIVE.load(Ordering::Relaxed) != 0 && MISSING.with(|m| m.borrow().is_some())
}

/// An RFC 3339 date-time; in a lenient read only in UTC (`Z`), as Smithy
/// servers require.
pub fn parse_date_time(text: &str) -> Option<DateTime> {
    if active() && !text.ends_with(['Z', 'z']) {
        return None;
    }
    DateTime::parse_rfc3339(text)
}

/// Where the records of a nested read begin; `None` when not lenient.
#[inline]
pub fn mark() -> Option<usize> {
    if ACTIVE.load(Ordering::Relaxed) == 0 {
        return None;
    }
    MISSING.with(|m| m.borrow().as_ref().map(Vec::len))
}

/// Prefixes `/segment` to what was recorded since `mark`.
#[inline]
pub fn nest(mark: Option<usize>, segment: &str) {
    let Some(mark) = mark else { return };
    MISSING.with(|m| {
        if let Some(list) = m.borrow_mut().as_mut() {
            if list.len() > mark {
                let prefix = pointer_segment(segment);
                for p in &mut list[mark..] {
                    p.insert_str(0, &prefix);
                }
            }
        }
    });
}

/// `nest` for a list element.
#[inline]
pub fn nest_index(mark: Option<usize>, index: usize) {
    if mark.is_some() {
        nest(mark, &index.to_string());
    }
}

/// A required member's value, or a placeholder with the member recorded
/// as missing (only lenient reads get here without one).
pub fn or_missing<T: Placeholder>(value: Option<T>, name: &str) -> T {
    if let Some(value) = value {
        return value;
    }
    MISSING.with(|m| {
        if let Some(list) = m.borrow_mut().as_mut() {
            list.push(pointer_segment(name));
        }
    });
    // A placeholder structure fills its own required members: not recorded.
    let mark = mark();
    let value = T::placeholder();
    if let Some(mark) = mark {
        MISSING.with(|m| {
            if let Some(list) = m.borrow_mut().as_mut() {
                list.truncate(mark);
            }
        });
    }
    value
}

macro_rules! placeholder_default {
    ($($t:ty),*) => {
        $(impl Placeholder for $t {
            fn placeholder() -> Self {
                Default::default()
            }
        })*
    };
}

placeholder_default!(bool, i8, i16, i32, i64, f32, f64, String);

impl<T> Placeholder for Vec<T> {
    fn placeholder() -> Self {
        Vec::new()
    }
}

impl<K, V> Placeholder for BTreeMap<K, V> {
    fn placeholder() -> Self {
        BTreeMap::new()
    }
}

impl<T> Placeholder for Option<T> {
    fn placeholder() -> Self {
        None
    }
}

impl<T: Placeholder> Placeholder for Box<T> {
    fn placeholder() -> Self {
        Box::new(T::placeholder())
    }
}

impl Placeholder for DateTime {
    fn placeholder() -> Self {
        DateTime::from_secs(0)
    }
}

impl Placeholder for BigInteger {
    fn placeholder() -> Self {
        BigInteger::new("0").expect("an integer")
    }
}

impl Placeholder for BigDecimal {
    fn placeholder() -> Self {
        BigDecimal::new("0").expect("a decimal")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_built_from_the_inside_out() {
        let lenient = Lenient::start();
        let outer = mark();
        let inner = mark();
        let _: String = or_missing(None, "a/b");
        nest_index(inner, 3);
        nest(outer, "list~");
        let _: String = or_missing(Some(String::new()), "present");
        assert_eq!(lenient.finish(), ["/list~0/3/a~1b"]);
        assert!(!active());
        assert_eq!(mark(), None);
    }

    #[test]
    fn a_placeholder_records_nothing() {
        struct Holder;
        impl Placeholder for Holder {
            fn placeholder() -> Self {
                let _: String = or_missing(None, "inner");
                Holder
            }
        }
        let lenient = Lenient::start();
        let _: Holder = or_missing(None, "outer");
        assert_eq!(lenient.finish(), ["/outer"]);
    }
}
