//! An ECMA 262 pattern parser. It reads code points, as the `u` flag does
//! (a surrogate pair written as two `\u` escapes is the code point it
//! stands for), and accepts what Annex B adds to patterns without it, since
//! Smithy models are written that way: identity escapes such as `\:`,
//! octal escapes, `\c` controls, a literal `-` next to a class escape in a
//! class (`[\w-.]`), literal `{` `}` `]`, and quantified lookaheads. Property
//! escapes take Java's names as well (see [`super::class::property`]).
//!
//! AWS models also hold Java-only syntax, which Smithy's reference
//! implementation (Java) accepts, so it is read with Java's meaning: inline
//! flags `(?i)` (ASCII case folding, as Java's default), `(?s)` and `(?m)`,
//! scoped `(?-s:...)`; possessive quantifiers (`a*+`); a quantified
//! assertion (`${1,4}`); and a quantifier applied to a quantified atom
//! (`a{2}{0,3}`).

use super::class::{self, CharSet};

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Empty,
    /// One character of the set.
    Set(CharSet),
    /// `^` (start of input: patterns have no `m` flag).
    Start,
    /// `$` (end of input).
    End,
    /// `\b` (`negated`: `\B`), with ECMA's ASCII word characters.
    WordBoundary {
        negated: bool,
    },
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        /// `None`: unbounded.
        max: Option<u32>,
        greedy: bool,
    },
    /// `(...)` (capture index from 1) or `(?:...)` (`None`).
    Group {
        node: Box<Node>,
        capture: Option<u32>,
    },
    Look {
        node: Box<Node>,
        ahead: bool,
        negated: bool,
    },
    /// `\1`, `\k<name>` (resolved to its index).
    Backref(u32),
    /// Java's possessive quantifiers (`a*+`): a run that never gives back.
    Atomic(Box<Node>),
    /// `^` and `$` under Java's `(?m)` flag: at line boundaries.
    LineStart,
    LineEnd,
}

/// Parses a pattern; the error says what is wrong and where (in characters).
pub fn parse(source: &str) -> Result<Node, String> {
    let chars: Vec<char> = source.chars().collect();
    let (groups, names) = count_groups(&chars);
    let mut p = Parser {
        chars,
        pos: 0,
        groups,
        names,
        next_group: 1,
        flags: Flags::default(),
    };
    let node = p.disjunction()?;
    if p.pos < p.chars.len() {
        return Err(p.error("unmatched `)`"));
    }
    Ok(node)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Capturing groups in the whole pattern (a `\N` beyond it is octal).
    groups: u32,
    /// Group names with their capture indexes.
    names: Vec<(String, u32)>,
    next_group: u32,
    flags: Flags,
}

/// Java's inline flags.
#[derive(Clone, Copy, Default)]
struct Flags {
    /// `i`: ASCII letters match either case.
    fold: bool,
    /// `s`: `.` matches line terminators too.
    dot_all: bool,
    /// `m`: `^` and `$` match at line boundaries.
    multi_line: bool,
}

/// Counts capturing groups ahead of parsing, as ECMA needs to tell a
/// backreference from an octal escape; also collects group names.
fn count_groups(chars: &[char]) -> (u32, Vec<(String, u32)>) {
    let (mut n, mut names, mut i, mut in_class) = (0, Vec::new(), 0, false);
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => {
                if chars.get(i + 1) != Some(&'?') {
                    n += 1;
                } else if chars.get(i + 2) == Some(&'<')
                    && !matches!(chars.get(i + 3), Some('=' | '!'))
                {
                    n += 1;
                    let name: String = chars[i + 3..].iter().take_while(|&&c| c != '>').collect();
                    names.push((name, n));
                }
            }
            _ => {}
        }
        i += 1;
    }
    (n, names)
}

enum ClassAtom {
    Char(u32),
    Set(CharSet),
}

impl Parser {
    fn error(&self, what: &str) -> String {
        format!("{what} at character {}", self.pos)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn disjunction(&mut self) -> Result<Node, String> {
        let mut alts = vec![self.alternative()?];
        while self.eat('|') {
            alts.push(self.alternative()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().expect("one")
        } else {
            Node::Alt(alts)
        })
    }

    fn alternative(&mut self) -> Result<Node, String> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            terms.push(self.term()?);
        }
        Ok(match terms.len() {
            0 => Node::Empty,
            1 => terms.pop().expect("one"),
            _ => Node::Concat(terms),
        })
    }

    fn term(&mut self) -> Result<Node, String> {
        let start = self.pos;
        let (mut atom, quantifiable) = self.atom()?;
        let mut quantified = false;
        while let Some((min, max)) = self.quantifier()? {
            let greedy = !self.eat('?');
            let possessive = greedy && self.eat('+');
            if matches!(max, Some(max) if max < min) {
                return Err(self.error("numbers out of order in `{}` quantifier"));
            }
            atom = match atom {
                // Annex B: a quantified lookahead is tried once; an iteration
                // that matches nothing ends the loop, so at most one counts.
                // Java reads a quantified `^`, `$` or `\b` the same way.
                Node::Look { .. }
                | Node::Start
                | Node::End
                | Node::LineStart
                | Node::LineEnd
                | Node::WordBoundary { .. }
                    if !quantified =>
                {
                    if min == 0 {
                        Node::Empty
                    } else {
                        atom
                    }
                }
                Node::Empty if !quantifiable => Node::Empty,
                _ if !quantifiable && !quantified => {
                    self.pos = start;
                    return Err(self.error("nothing to repeat"));
                }
                atom => {
                    let repeat = Node::Repeat {
                        node: Box::new(atom),
                        min,
                        max,
                        greedy,
                    };
                    if possessive {
                        Node::Atomic(Box::new(repeat))
                    } else {
                        repeat
                    }
                }
            };
            quantified = true;
        }
        Ok(atom)
    }

    /// `Some((min, max))` for a quantifier; a `{` that does not start one is a literal.
    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>)>, String> {
        Ok(match self.peek() {
            Some('*') => {
                self.pos += 1;
                Some((0, None))
            }
            Some('+') => {
                self.pos += 1;
                Some((1, None))
            }
            Some('?') => {
                self.pos += 1;
                Some((0, Some(1)))
            }
            Some('{') => {
                let save = self.pos;
                self.pos += 1;
                match self.braces() {
                    Some(q) => Some(q),
                    None => {
                        self.pos = save;
                        None
                    }
                }
            }
            _ => None,
        })
    }

    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let min = self.number()?;
        let max = if self.eat(',') {
            if self.peek() == Some('}') {
                None
            } else {
                Some(self.number()?)
            }
        } else {
            Some(min)
        };
        self.eat('}').then_some((min, max))
    }

    /// Decimal digits; huge counts saturate (they mean "unbounded" in practice).
    fn number(&mut self) -> Option<u32> {
        let start = self.pos;
        let mut n: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            n = n.saturating_mul(10).saturating_add(d);
            self.pos += 1;
        }
        (self.pos > start).then_some(n)
    }

    /// The atom, and whether it may be quantified.
    fn atom(&mut self) -> Result<(Node, bool), String> {
        let c = self.peek().expect("called with input left");
        self.pos += 1;
        Ok(match c {
            '^' if self.flags.multi_line => (Node::LineStart, false),
            '$' if self.flags.multi_line => (Node::LineEnd, false),
            '^' => (Node::Start, false),
            '$' => (Node::End, false),
            '.' if self.flags.dot_all => (Node::Set(CharSet::any()), true),
            '.' => (Node::Set(CharSet::dot()), true),
            '[' => (Node::Set(self.class()?), true),
            '(' => self.group()?,
            '\\' => self.atom_escape()?,
            '*' | '+' | '?' => {
                self.pos -= 1;
                return Err(self.error("nothing to repeat"));
            }
            '{' if self.pos > 0 && {
                let save = self.pos;
                let q = self.braces();
                self.pos = save;
                q.is_some()
            } =>
            {
                self.pos -= 1;
                return Err(self.error("nothing to repeat"));
            }
            c => (Node::Set(self.fold(CharSet::single(c as u32))), true),
        })
    }

    /// Under `(?i)`, a set with its ASCII letters in both cases.
    fn fold(&self, set: CharSet) -> CharSet {
        if !self.flags.fold {
            return set;
        }
        let mut extra = Vec::new();
        for &(a, b) in set.ranges() {
            for c in a.max(0x41)..=b.min(0x7A) {
                match char::from_u32(c) {
                    Some(l) if l.is_ascii_uppercase() => extra.push(c + 32),
                    Some(l) if l.is_ascii_lowercase() => extra.push(c - 32),
                    _ => {}
                }
            }
        }
        set.union(&CharSet::from_ranges(extra.into_iter().map(|c| (c, c))))
    }

    /// `(?ims-ims)` or `(?ims-ims:`; `self.pos` is after the `?`. `None`
    /// when the text is not a flag group.
    fn flag_group(&mut self) -> Option<(Flags, bool)> {
        let save = self.pos;
        let mut flags = self.flags;
        let mut on = true;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                'i' => flags.fold = on,
                's' => flags.dot_all = on,
                'm' => flags.multi_line = on,
                '-' if on => on = false,
                ')' => return Some((flags, false)),
                ':' => return Some((flags, true)),
                _ => break,
            }
        }
        self.pos = save;
        None
    }

    fn group(&mut self) -> Result<(Node, bool), String> {
        let (kind, quantifiable) = if self.eat('?') {
            if let Some((flags, scoped)) = self.flag_group() {
                if !scoped {
                    // `(?i)`: for the rest of the enclosing group.
                    self.flags = flags;
                    return Ok((Node::Empty, false));
                }
                let outer = std::mem::replace(&mut self.flags, flags);
                let node = self.group_body();
                self.flags = outer;
                return Ok((
                    Node::Group {
                        node: Box::new(node?),
                        capture: None,
                    },
                    true,
                ));
            }
            match (self.peek(), self.peek_at(1)) {
                (Some(':'), _) => {
                    self.pos += 1;
                    (None, true)
                }
                (Some('='), _) | (Some('!'), _) => {
                    let negated = self.peek() == Some('!');
                    self.pos += 1;
                    (Some((true, negated)), true)
                }
                (Some('<'), Some('=')) | (Some('<'), Some('!')) => {
                    let negated = self.peek_at(1) == Some('!');
                    self.pos += 2;
                    (Some((false, negated)), false)
                }
                (Some('<'), _) => {
                    self.pos += 1;
                    while self.peek().is_some_and(|c| c != '>') {
                        self.pos += 1;
                    }
                    if !self.eat('>') {
                        return Err(self.error("unterminated group name"));
                    }
                    return self.capture_group();
                }
                _ => return Err(self.error("invalid group")),
            }
        } else {
            return self.capture_group();
        };
        let node = Box::new(self.group_body()?);
        Ok(match kind {
            None => (
                Node::Group {
                    node,
                    capture: None,
                },
                quantifiable,
            ),
            Some((ahead, negated)) => (
                Node::Look {
                    node,
                    ahead,
                    negated,
                },
                quantifiable,
            ),
        })
    }

    /// A capturing group's body, numbered in order of its `(`.
    fn capture_group(&mut self) -> Result<(Node, bool), String> {
        let capture = self.next_group;
        self.next_group += 1;
        let node = self.group_body()?;
        Ok((
            Node::Group {
                node: Box::new(node),
                capture: Some(capture),
            },
            true,
        ))
    }

    fn group_body(&mut self) -> Result<Node, String> {
        let outer = self.flags;
        let node = self.disjunction();
        self.flags = outer;
        let node = node?;
        if !self.eat(')') {
            return Err(self.error("unterminated group"));
        }
        Ok(node)
    }

    fn atom_escape(&mut self) -> Result<(Node, bool), String> {
        let Some(c) = self.peek() else {
            return Err(self.error("`\\` at end of pattern"));
        };
        match c {
            'b' | 'B' => {
                self.pos += 1;
                Ok((Node::WordBoundary { negated: c == 'B' }, false))
            }
            '1'..='9' => {
                let save = self.pos;
                let n = self.number().expect("a digit");
                if n <= self.groups {
                    return Ok((Node::Backref(n), true));
                }
                // Annex B: not a group, so an octal escape or a literal 8/9.
                self.pos = save;
                let c = self.legacy_octal_or_digit();
                Ok((Node::Set(CharSet::single(c)), true))
            }
            'k' if !self.names.is_empty() => {
                self.pos += 1;
                if !self.eat('<') {
                    return Err(self.error("`\\k` needs a group name"));
                }
                let name: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|&&c| c != '>')
                    .collect();
                self.pos += name.chars().count();
                if !self.eat('>') {
                    return Err(self.error("unterminated group name"));
                }
                let index = self
                    .names
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, i)| *i)
                    .ok_or_else(|| self.error(&format!("no group named `{name}`")))?;
                Ok((Node::Backref(index), true))
            }
            _ => Ok((
                match self.class_escape()? {
                    ClassAtom::Char(c) => Node::Set(self.fold(CharSet::single(c))),
                    ClassAtom::Set(s) => Node::Set(s),
                },
                true,
            )),
        }
    }

    /// Annex B `\0`-`\377` (up to three octal digits, value at most 0o377),
    /// or a literal `8`/`9`.
    fn legacy_octal_or_digit(&mut self) -> u32 {
        let first = self.peek().expect("a digit");
        if !('0'..='7').contains(&first) {
            self.pos += 1;
            return first as u32;
        }
        let mut v = 0u32;
        let mut n = 0;
        while n < 3 {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) if v * 8 + d <= 0o377 => {
                    v = v * 8 + d;
                    self.pos += 1;
                    n += 1;
                }
                _ => break,
            }
        }
        v
    }

    /// An escape after `\` that stands for one character or a set; `self.pos`
    /// is at the character after the backslash.
    fn class_escape(&mut self) -> Result<ClassAtom, String> {
        let c = self
            .peek()
            .ok_or_else(|| self.error("`\\` at end of pattern"))?;
        self.pos += 1;
        Ok(match c {
            'd' => ClassAtom::Set(CharSet::digit()),
            'D' => ClassAtom::Set(CharSet::digit().negate()),
            'w' => ClassAtom::Set(CharSet::word()),
            'W' => ClassAtom::Set(CharSet::word().negate()),
            's' => ClassAtom::Set(CharSet::space()),
            'S' => ClassAtom::Set(CharSet::space().negate()),
            'p' | 'P' if self.peek() == Some('{') => {
                self.pos += 1;
                let name: String = self.chars[self.pos..]
                    .iter()
                    .take_while(|&&c| c != '}')
                    .collect();
                self.pos += name.chars().count();
                if !self.eat('}') {
                    return Err(self.error("unterminated `\\p{`"));
                }
                let set = class::property(&name).map_err(|e| self.error(&e))?;
                ClassAtom::Set(if c == 'P' { set.negate() } else { set })
            }
            't' => ClassAtom::Char(0x09),
            'n' => ClassAtom::Char(0x0A),
            'v' => ClassAtom::Char(0x0B),
            'f' => ClassAtom::Char(0x0C),
            'r' => ClassAtom::Char(0x0D),
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.pos += 1;
                    ClassAtom::Char(l as u32 % 32)
                }
                // Annex B: `\c` without a letter is a backslash, then `c`.
                _ => {
                    self.pos -= 1;
                    ClassAtom::Char('\\' as u32)
                }
            },
            '0'..='7' => {
                self.pos -= 1;
                ClassAtom::Char(self.legacy_octal_or_digit())
            }
            'x' => match self.hex(2) {
                Some(v) => ClassAtom::Char(v),
                None => ClassAtom::Char('x' as u32),
            },
            'u' => ClassAtom::Char(self.unicode_escape()?),
            other => ClassAtom::Char(other as u32),
        })
    }

    fn hex(&mut self, digits: usize) -> Option<u32> {
        let mut v = 0;
        for i in 0..digits {
            v = v * 16 + self.peek_at(i)?.to_digit(16)?;
        }
        self.pos += digits;
        Some(v)
    }

    /// `\uXXXX` (a high surrogate followed by an escaped low surrogate is one
    /// code point), `\u{X...}`, or Annex B's literal `u`.
    fn unicode_escape(&mut self) -> Result<u32, String> {
        if self.peek() == Some('{') {
            let save = self.pos;
            self.pos += 1;
            let start = self.pos;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.pos += 1;
            }
            let digits: String = self.chars[start..self.pos].iter().collect();
            if !digits.is_empty() && self.eat('}') {
                return u32::from_str_radix(&digits, 16)
                    .ok()
                    .filter(|&v| v <= class::MAX)
                    .ok_or_else(|| self.error("`\\u{...}` beyond U+10FFFF"));
            }
            self.pos = save;
        }
        let Some(unit) = self.hex(4) else {
            return Ok('u' as u32);
        };
        if (0xD800..0xDC00).contains(&unit)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            let save = self.pos;
            self.pos += 2;
            match self.hex(4) {
                Some(low) if (0xDC00..0xE000).contains(&low) => {
                    return Ok(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                }
                _ => self.pos = save,
            }
        }
        Ok(unit)
    }

    /// A `[...]` class; `self.pos` is after the `[`.
    fn class(&mut self) -> Result<CharSet, String> {
        let negated = self.eat('^');
        let mut set = CharSet::empty();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("unterminated character class"));
            };
            if c == ']' {
                self.pos += 1;
                break;
            }
            let first = self.class_atom()?;
            let is_range = self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']');
            if !is_range {
                set = set.union(&atom_set(first));
                continue;
            }
            self.pos += 1;
            let second = self.class_atom()?;
            match (first, second) {
                (ClassAtom::Char(a), ClassAtom::Char(b)) => {
                    if a > b {
                        return Err(self.error("character class range out of order"));
                    }
                    set = set.union(&CharSet::range(a, b));
                }
                // Annex B: next to a class escape, `-` is itself.
                (a, b) => {
                    set = set
                        .union(&atom_set(a))
                        .union(&atom_set(b))
                        .union(&CharSet::single('-' as u32));
                }
            }
        }
        let set = self.fold(set);
        Ok(if negated { set.negate() } else { set })
    }

    fn class_atom(&mut self) -> Result<ClassAtom, String> {
        let c = self.peek().expect("checked by the caller");
        self.pos += 1;
        if c != '\\' {
            return Ok(ClassAtom::Char(c as u32));
        }
        match self.peek() {
            Some('b') => {
                self.pos += 1;
                Ok(ClassAtom::Char(0x08))
            }
            Some('-') => {
                self.pos += 1;
                Ok(ClassAtom::Char('-' as u32))
            }
            // Annex B: in a class, `\c` also takes a digit or `_`.
            Some('c')
                if self
                    .peek_at(1)
                    .is_some_and(|d| d.is_ascii_digit() || d == '_') =>
            {
                self.pos += 2;
                Ok(ClassAtom::Char(self.chars[self.pos - 1] as u32 % 32))
            }
            Some('8' | '9') => {
                self.pos += 1;
                Ok(ClassAtom::Char(self.chars[self.pos - 1] as u32))
            }
            _ => self.class_escape(),
        }
    }
}

fn atom_set(a: ClassAtom) -> CharSet {
    match a {
        ClassAtom::Char(c) => CharSet::single(c),
        ClassAtom::Set(s) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(p: &str) -> CharSet {
        match parse(p).unwrap() {
            Node::Set(s) => s,
            other => panic!("{p}: {other:?}"),
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(set("\\000"), CharSet::single(0));
        assert_eq!(set("\\037"), CharSet::single(0o37));
        assert_eq!(set("\\cJ"), CharSet::single(10));
        assert_eq!(set("\\x41"), CharSet::single(0x41));
        assert_eq!(set("\\:"), CharSet::single(':' as u32));
        assert_eq!(set("\\uD83D\\uDE00"), CharSet::single(0x1F600));
        assert_eq!(set("\\u{1F600}"), CharSet::single(0x1F600));
        assert_eq!(set("\\8"), CharSet::single('8' as u32));
    }

    #[test]
    fn classes() {
        let s = set("[\\w-\\/]");
        assert!(s.contains('-' as u32) && s.contains('/' as u32) && s.contains('a' as u32));
        assert!(!s.contains('.' as u32));
        let s = set("[\\000-\\037]");
        assert_eq!(s, CharSet::range(0, 31));
        let s = set("[\\S\\s]");
        assert_eq!(s, CharSet::any());
        assert!(set("[^\\W]").contains('a' as u32));
        assert!(set("[a-]").contains('-' as u32));
        assert!(parse("[z-a]").is_err());
        assert!(parse("[a").is_err());
    }

    #[test]
    fn structure() {
        assert!(matches!(
            parse("a{2,3}").unwrap(),
            Node::Repeat {
                min: 2,
                max: Some(3),
                ..
            }
        ));
        assert!(
            matches!(parse("a{,3}").unwrap(), Node::Concat(_)),
            "literal brace"
        );
        assert!(matches!(parse("(a)\\1").unwrap(), Node::Concat(v) if v[1] == Node::Backref(1)));
        assert!(
            matches!(parse("(?<x>a)\\k<x>").unwrap(), Node::Concat(v) if v[1] == Node::Backref(1))
        );
        assert_eq!(parse("(?!\\.)*").unwrap(), Node::Empty);
        assert!(parse("*a").is_err());
        assert!(parse("(a").is_err());
        assert!(parse("a)").is_err());
        // Java's readings of what ECMA 262 refuses.
        assert_eq!(parse("${1,4}").unwrap(), Node::End);
        assert!(matches!(parse("a?+").unwrap(), Node::Atomic(_)));
        assert!(matches!(
            parse("a{2}{0,3}").unwrap(),
            Node::Repeat {
                min: 0,
                max: Some(3),
                ..
            }
        ));
    }
}
