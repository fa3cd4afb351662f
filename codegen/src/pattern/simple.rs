//! The simple form of a pattern: `^`, then a sequence of character classes
//! each repeated between a minimum and a maximum count, then `$` or not;
//! optionally with lookaheads right after the `^` (`^(?!\s*$)[a-z ]+$`);
//! or a few such alternatives (`^[a-z]+$|^\$next$`, `^(aws|aws-cn):[0-9]+$`).
//! The generated crate matches it directly: one pass, greedy, no engine.
//!
//! Greedy matching is exact when no class of variable count shares a
//! character with what may follow it: the classes up to and including the
//! next one that must occur. A shorter run would leave a character for the
//! rest that the rest cannot start with.

use super::class::CharSet;
use super::parse::Node;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Item {
    pub set: CharSet,
    pub min: u32,
    /// `None`: unbounded.
    pub max: Option<u32>,
}

/// Items matched from the start of the input; `to_end`: up to its end too.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Seq {
    pub items: Vec<Item>,
    pub to_end: bool,
}

/// One alternative of a pattern: a sequence, with the lookaheads at its start.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Branch {
    pub seq: Seq,
    /// `(?=...)` must match, `(?!...)` must not.
    pub must: Vec<Seq>,
    pub must_not: Vec<Seq>,
}

/// A pattern as alternatives, any of which may match:
/// `^(a|b)-[0-9]+$` is `^a-[0-9]+$` or `^b-[0-9]+$`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Simple {
    pub branches: Vec<Branch>,
}

/// More alternatives than this are left to an engine.
const MAX_BRANCHES: usize = 32;

/// The simple form of a pattern, if it has one.
pub fn simple(node: &Node) -> Option<Simple> {
    let branches = expand(node)?
        .into_iter()
        .map(branch)
        .collect::<Option<Vec<_>>>()?;
    Some(Simple { branches })
}

fn branch(parts: Vec<Part<'_>>) -> Option<Branch> {
    let mut parts = parts.into_iter().peekable();
    if parts.next()? != Part::Start {
        return None;
    }
    let (mut must, mut must_not) = (Vec::new(), Vec::new());
    // Before the first character, another `^` holds trivially.
    while let Some(Part::Look(..) | Part::Start) = parts.peek() {
        let Some(Part::Look(node, negated)) = parts.peek() else {
            parts.next();
            continue;
        };
        let mut inner = expand(node)?;
        // Only a lookahead without alternatives is taken.
        let mut inner = inner.pop().filter(|_| inner.is_empty())?;
        // `^` inside a lookahead at the start holds trivially.
        if inner.first() == Some(&Part::Start) {
            inner.remove(0);
        }
        let seq = sequence(inner)?;
        if *negated {
            must_not.push(seq);
        } else {
            must.push(seq);
        }
        parts.next();
    }
    let seq = sequence(parts.collect())?;
    Some(Branch {
        seq,
        must,
        must_not,
    })
}

#[derive(Clone, Debug, PartialEq)]
enum Part<'a> {
    Start,
    End,
    Item(Item),
    /// A possessive run: never merged with its neighbours.
    Possessive(Item),
    /// A lookahead and whether it is negated.
    Look(&'a Node, bool),
}

/// The alternatives of a node, each a flat list of parts.
fn expand(node: &Node) -> Option<Vec<Vec<Part<'_>>>> {
    let one = |part| Some(vec![vec![part]]);
    match node {
        Node::Empty => Some(vec![Vec::new()]),
        Node::Start => one(Part::Start),
        Node::End => one(Part::End),
        Node::Set(s) => one(Part::Item(Item {
            set: s.clone(),
            min: 1,
            max: Some(1),
        })),
        Node::Concat(nodes) => {
            let mut out = vec![Vec::new()];
            for n in nodes {
                let alts = expand(n)?;
                if out.len() * alts.len() > MAX_BRANCHES {
                    return None;
                }
                out = out
                    .iter()
                    .flat_map(|prefix| {
                        alts.iter().map(move |alt| {
                            let mut v = prefix.clone();
                            v.extend(alt.iter().cloned());
                            v
                        })
                    })
                    .collect();
            }
            Some(out)
        }
        Node::Alt(alts) => {
            let mut out = Vec::new();
            for a in alts {
                out.extend(expand(a)?);
                if out.len() > MAX_BRANCHES {
                    return None;
                }
            }
            Some(out)
        }
        Node::Group { node, .. } => expand(node),
        Node::Repeat { node, min, max, .. } => match single_set(node) {
            Some(set) => one(Part::Item(Item {
                set: set.clone(),
                min: *min,
                max: *max,
            })),
            // `(-[a-z]+)?`: with and without.
            None if *min == 0 && *max == Some(1) => {
                let mut out = expand(node)?;
                out.push(Vec::new());
                Some(out)
            }
            None => None,
        },
        // A possessive run is greedy; the exactness check below makes sure
        // greedy never has to give back, so the two agree.
        Node::Atomic(node) => match &**node {
            Node::Repeat { node, min, max, .. } => one(Part::Possessive(Item {
                set: single_set(node)?.clone(),
                min: *min,
                max: *max,
            })),
            _ => None,
        },
        Node::Look {
            node,
            ahead: true,
            negated,
        } => one(Part::Look(node, *negated)),
        _ => None,
    }
}

fn single_set(node: &Node) -> Option<&CharSet> {
    match node {
        Node::Set(s) => Some(s),
        Node::Group { node, .. } => single_set(node),
        _ => None,
    }
}

/// Items, then an optional `$`, merged and checked for greedy exactness.
fn sequence(parts: Vec<Part<'_>>) -> Option<Seq> {
    let mut items: Vec<Item> = Vec::new();
    let mut to_end = false;
    let mut mergeable = false;
    for part in parts {
        match part {
            Part::End => to_end = true,
            _ if to_end => return None,
            Part::Possessive(item) => {
                items.push(item);
                mergeable = false;
            }
            Part::Item(item) => match items.last_mut() {
                // `[a-z][a-z]*` is `[a-z]+`.
                Some(last) if mergeable && last.set == item.set => {
                    last.min = last.min.saturating_add(item.min);
                    last.max = match (last.max, item.max) {
                        (Some(a), Some(b)) => Some(a.saturating_add(b)),
                        _ => None,
                    };
                }
                _ => {
                    items.push(item);
                    mergeable = true;
                }
            },
            Part::Start | Part::Look(..) => return None,
        }
    }
    for (i, item) in items.iter().enumerate() {
        if item.max == Some(item.min) {
            continue;
        }
        let mut follow = CharSet::empty();
        for next in &items[i + 1..] {
            follow = follow.union(&next.set);
            if next.min > 0 {
                break;
            }
        }
        if !item.set.is_disjoint(&follow) {
            return None;
        }
    }
    Some(Seq { items, to_end })
}

impl Seq {
    /// Matches as the generated crate does (for tests).
    pub fn matches(&self, s: &str) -> bool {
        let mut chars = s.chars().peekable();
        for item in &self.items {
            let mut n = 0u32;
            while item.max.is_none_or(|m| n < m) {
                match chars.peek() {
                    Some(&c) if item.set.contains(c as u32) => {
                        chars.next();
                        n += 1;
                    }
                    _ => break,
                }
            }
            if n < item.min {
                return false;
            }
        }
        !self.to_end || chars.peek().is_none()
    }
}

impl Branch {
    pub fn matches(&self, s: &str) -> bool {
        self.seq.matches(s)
            && self.must.iter().all(|m| m.matches(s))
            && !self.must_not.iter().any(|m| m.matches(s))
    }
}

impl Simple {
    pub fn matches(&self, s: &str) -> bool {
        self.branches.iter().any(|b| b.matches(s))
    }
}
