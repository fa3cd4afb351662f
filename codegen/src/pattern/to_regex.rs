//! Prints a parsed pattern in the syntax of the `regex` crate (and of
//! `fancy-regex`, which adds lookaround and backreferences). Every class is
//! written out as code point ranges, so both engines see ECMA's sets.

use std::fmt::Write;

use super::class::CharSet;
use super::parse::Node;

/// What a pattern needs beyond the `regex` crate.
#[derive(Default)]
pub struct Needs {
    /// Lookaround or backreferences: only a backtracking engine has them.
    pub backtracking: bool,
}

pub fn print(node: &Node) -> (String, Needs) {
    let mut out = String::new();
    let mut needs = Needs::default();
    write_node(node, &mut out, &mut needs);
    if needs.backtracking {
        // fancy-regex has no `(?-u:\b)`: print `\b` as lookaround instead.
        out.clear();
        write_node(node, &mut out, &mut needs);
    }
    (out, needs)
}

/// ECMA's `\b` and `\B` as lookaround over its ASCII word characters.
const WORD_BOUNDARY: &str =
    "(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))";
const NOT_WORD_BOUNDARY: &str =
    "(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))";

fn write_node(node: &Node, out: &mut String, needs: &mut Needs) {
    match node {
        Node::Empty => {}
        Node::Set(s) => write_set(s, out),
        Node::Start => out.push('^'),
        Node::End => out.push('$'),
        // ECMA's word characters are ASCII.
        Node::WordBoundary { negated } if needs.backtracking => out.push_str(if *negated {
            NOT_WORD_BOUNDARY
        } else {
            WORD_BOUNDARY
        }),
        Node::WordBoundary { negated: false } => out.push_str("(?-u:\\b)"),
        Node::WordBoundary { negated: true } => out.push_str("(?-u:\\B)"),
        // Line terminators as `regex`'s CRLF mode knows them: `\r`, `\n`, `\r\n`.
        Node::LineStart => out.push_str("(?mR:^)"),
        Node::LineEnd => out.push_str("(?mR:$)"),
        Node::Atomic(node) => {
            needs.backtracking = true;
            out.push_str("(?>");
            write_node(node, out, needs);
            out.push(')');
        }
        Node::Concat(nodes) => {
            for n in nodes {
                // An alternation inside a sequence needs its own group.
                if matches!(n, Node::Alt(_)) {
                    out.push_str("(?:");
                    write_node(n, out, needs);
                    out.push(')');
                } else {
                    write_node(n, out, needs);
                }
            }
        }
        Node::Alt(alts) => {
            for (i, a) in alts.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                write_node(a, out, needs);
            }
        }
        Node::Repeat {
            node,
            min,
            max,
            greedy,
        } => {
            if matches!(**node, Node::Set(_) | Node::Group { .. }) {
                write_node(node, out, needs);
            } else {
                out.push_str("(?:");
                write_node(node, out, needs);
                out.push(')');
            }
            match (min, max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (m, None) => write!(out, "{{{m},}}").expect("string"),
                (m, Some(x)) if m == x => write!(out, "{{{m}}}").expect("string"),
                (m, Some(x)) => write!(out, "{{{m},{x}}}").expect("string"),
            }
            if !greedy {
                out.push('?');
            }
        }
        Node::Group { node, capture } => {
            out.push_str(if capture.is_some() { "(" } else { "(?:" });
            write_node(node, out, needs);
            out.push(')');
        }
        Node::Look {
            node,
            ahead,
            negated,
        } => {
            needs.backtracking = true;
            out.push_str(match (ahead, negated) {
                (true, false) => "(?=",
                (true, true) => "(?!",
                (false, false) => "(?<=",
                (false, true) => "(?<!",
            });
            write_node(node, out, needs);
            out.push(')');
        }
        Node::Backref(n) => {
            needs.backtracking = true;
            write!(out, "\\{n}").expect("string");
        }
    }
}

fn write_set(set: &CharSet, out: &mut String) {
    let ranges = set.scalar_ranges();
    match ranges.as_slice() {
        // Lone surrogates only: nothing a string holds.
        [] => out.push_str("[^\\x{0}-\\x{10FFFF}]"),
        [(a, b)] if a == b => write_char(*a, out),
        _ => {
            out.push('[');
            for &(a, b) in &ranges {
                write_char(a, out);
                if b != a {
                    if b as u32 > a as u32 + 1 {
                        out.push('-');
                    }
                    write_char(b, out);
                }
            }
            out.push(']');
        }
    }
}

fn write_char(c: char, out: &mut String) {
    // Only meta characters are escaped: `\<` means a word start to `regex`.
    if "\\.+*?()|[]{}^$#&-~".contains(c) {
        out.push('\\');
        out.push(c);
    } else if c.is_ascii_graphic() || c == ' ' {
        out.push(c);
    } else {
        write!(out, "\\x{{{:X}}}", c as u32).expect("string");
    }
}
