//! `@pattern` values are ECMA 262 regular expressions. One compiler turns
//! each into the cheapest exact matcher for the generated crate:
//!
//! 1. a simple form (anchored classes with counts) becomes tables that the
//!    crate's `pattern` module matches in one greedy pass, no engine;
//! 2. any other regular pattern goes to the `regex` crate, with every class
//!    written out as ECMA's code point set, matched in linear time;
//! 3. lookaround and backreferences go to `fancy-regex`, whose backtracking
//!    is bounded: hitting the bound counts as a mismatch, and the generator
//!    warns about the shape.

pub mod class;
pub mod parse;
pub mod simple;
mod to_regex;

pub use simple::{Branch, Item, Seq, Simple};

/// How the generated crate matches a pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    Simple(Simple),
    /// The pattern in `regex` syntax.
    Regex(String),
    /// The pattern in `fancy-regex` syntax.
    Backtrack(String),
}

/// The compiled size the generated crate allows a `regex` pattern (the
/// crate's default is 10 MiB; `.{1,100000}`-style counts inside patterns
/// that are not simple need more).
pub const REGEX_SIZE_LIMIT: usize = 64 << 20;

/// The step bound of the backtracking engine (fancy-regex's default).
pub const BACKTRACK_LIMIT: usize = 1_000_000;

/// Compiles a pattern; an error means it is not a valid ECMA 262 pattern.
pub fn compile(source: &str) -> Result<Plan, String> {
    let node = parse::parse(source)?;
    if let Some(s) = simple::simple(&node) {
        return Ok(Plan::Simple(s));
    }
    let (rust, needs) = to_regex::print(&node);
    let (plan, engine) = if needs.backtracking {
        (Plan::Backtrack(rust.clone()), "backtracking engine")
    } else {
        (Plan::Regex(rust.clone()), "regex engine")
    };
    if let Err(e) = plan.matcher() {
        let e = e.lines().last().unwrap_or("invalid").trim().to_string();
        return Err(format!("the {engine} refuses `{rust}`: {e}"));
    }
    Ok(plan)
}

/// A plan ready to match many strings: engines compiled once.
pub enum Matcher<'p> {
    Simple(&'p Simple),
    Regex(regex::Regex),
    Backtrack(Box<fancy_regex::Regex>),
}

impl Plan {
    /// Compiles the plan's engine, as the generated crate does.
    pub fn matcher(&self) -> Result<Matcher<'_>, String> {
        Ok(match self {
            Plan::Simple(simple) => Matcher::Simple(simple),
            Plan::Regex(rust) => Matcher::Regex(
                regex::RegexBuilder::new(rust)
                    .size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| e.to_string())?,
            ),
            Plan::Backtrack(rust) => Matcher::Backtrack(Box::new(
                fancy_regex::RegexBuilder::new(rust)
                    .backtrack_limit(BACKTRACK_LIMIT)
                    .delegate_size_limit(REGEX_SIZE_LIMIT)
                    .build()
                    .map_err(|e| e.to_string())?,
            )),
        })
    }

    /// Whether `s` matches (one string; see [`Plan::matcher`] for many).
    pub fn matches(&self, s: &str) -> Option<bool> {
        self.matcher().ok()?.matches(s)
    }
}

impl Matcher<'_> {
    /// Whether `s` matches, as the generated crate decides it; `None` when
    /// the backtracking engine reaches its bound.
    pub fn matches(&self, s: &str) -> Option<bool> {
        match self {
            Matcher::Simple(simple) => Some(simple.matches(s)),
            Matcher::Regex(re) => Some(re.is_match(s)),
            Matcher::Backtrack(re) => re.is_match(s).ok(),
        }
    }
}

#[cfg(test)]
mod tests;
