//! Shape ids resolved while parsing, so that the parsed file need not be
//! walked again. A relative id names an imported shape, else a shape of the
//! file's namespace, else a prelude shape; but a prelude name may be defined
//! in the namespace by this file or by another file of the model, which is
//! only known later. The prelude names relative ids were read as are noted:
//! when one of them turns out to be defined (further on in the file, or in
//! another file), the file is parsed again with that name read as the
//! namespace's (see `super::read`).

use serde_json::{Map, Value};

use super::marks::MARK;
use super::prelude;
use crate::ast::Traits;

pub struct Early<'a> {
    /// `namespace#`
    ns_hash: String,
    /// Imported names and their ids (the first `use` of a name; a conflict
    /// is reported by `resolve`), in the text. Few: looked through, lengths
    /// first.
    uses: Vec<(&'a str, &'a str)>,
    /// Prelude names that name shapes of the namespace.
    shadowed: prelude::Names,
    /// Prelude names that relative ids were read as prelude shapes.
    pub read_as_prelude: prelude::Names,
}

impl<'a> Early<'a> {
    /// `uses`: the imported ids.
    pub fn new(ns: &str, uses: &[&'a str], shadowed: prelude::Names) -> Self {
        let mut map: Vec<(&str, &str)> = Vec::with_capacity(uses.len());
        for &id in uses {
            let name = crate::shape_id::name_of(id);
            if !map.iter().any(|(n, _)| *n == name) {
                map.push((name, id));
            }
        }
        Early {
            ns_hash: [ns, "#"].concat(),
            uses: map,
            shadowed,
            read_as_prelude: prelude::Names::default(),
        }
    }

    /// A shape of the file has the name: from here on ids name it.
    pub fn define(&mut self, name: &str) {
        if let Some(i) = prelude::index(name) {
            self.shadowed.insert(i);
        }
    }

    /// The absolute id of an id as written.
    pub fn resolve(&mut self, id: &str) -> String {
        // One look at the bytes: `#` makes it absolute, `$` starts a member.
        let mut base = id;
        let mut member = "";
        for (i, b) in id.bytes().enumerate() {
            match b {
                b'#' => return id.to_string(),
                b'$' if base.len() == id.len() => (base, member) = (&id[..i], &id[i + 1..]),
                _ => {}
            }
        }
        self.resolve_relative(id, base, member)
    }

    /// [`Early::resolve`] of a plain name (no `#`, no `$`), which the lexer
    /// has looked at already.
    pub fn resolve_name(&mut self, name: &str) -> String {
        self.resolve_relative(name, name, "")
    }

    /// A relative id: its base name, and member name if any.
    fn resolve_relative(&mut self, id: &str, base: &str, member: &str) -> String {
        let import = self
            .uses
            .iter()
            .find(|(n, _)| n.len() == base.len() && *n == base);
        if let Some((_, abs)) = import {
            let mut out = String::with_capacity(abs.len() + 1 + member.len());
            out.push_str(abs);
            if id.len() > base.len() {
                out.push('$');
                out.push_str(member);
            }
            return out;
        }
        let prefix = match prelude::index(base) {
            Some(i) if !self.shadowed.contains(i) => {
                self.read_as_prelude.insert(i);
                "smithy.api#"
            }
            _ => &self.ns_hash,
        };
        let mut out = String::with_capacity(prefix.len() + id.len());
        out.push_str(prefix);
        out.push_str(id);
        out
    }
}

/// Replaces the marked ids of a value (strings and object keys) in place.
pub fn walk_value(v: &mut Value, resolve: &mut impl FnMut(&str) -> String) {
    match v {
        Value::String(s) => {
            if let Some(id) = s.strip_prefix(MARK) {
                *s = resolve(id);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|v| walk_value(v, resolve)),
        Value::Object(m) => {
            let taken = std::mem::take(m);
            *m = walk_map(taken, resolve);
        }
        _ => {}
    }
}

/// Most maps have no marked key and are kept; the others are rebuilt (when
/// two keys become one, the last in the order of the marked keys stays).
pub fn walk_map(
    mut m: Map<String, Value>,
    resolve: &mut impl FnMut(&str) -> String,
) -> Map<String, Value> {
    if !m.keys().any(|k| k.starts_with(MARK)) {
        m.values_mut().for_each(|v| walk_value(v, resolve));
        return m;
    }
    m.into_iter()
        .map(|(k, mut v)| {
            let k = match k.strip_prefix(MARK) {
                Some(id) => resolve(id),
                None => k,
            };
            walk_value(&mut v, resolve);
            (k, v)
        })
        .collect()
}

/// [`walk_map`] for traits.
pub fn walk_traits(mut t: Traits, resolve: &mut impl FnMut(&str) -> String) -> Traits {
    if !t.keys().any(|k| k.starts_with(MARK)) {
        t.values_mut().for_each(|v| walk_value(v, resolve));
        return t;
    }
    let mut out = Traits::new();
    for (k, mut v) in t {
        let k = match k.strip_prefix(MARK) {
            Some(id) => resolve(id),
            None => k,
        };
        walk_value(&mut v, resolve);
        out.insert(k, v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_then_the_prelude_then_the_namespace() {
        let uses = ["a.b#Thing", "c#Thing"];
        let mut e = Early::new("ex", &uses, prelude::Names::default());
        assert_eq!(e.resolve("Thing$m"), "a.b#Thing$m");
        assert_eq!(e.resolve("x.y#String"), "x.y#String");
        assert_eq!(e.resolve("Other"), "ex#Other");
        assert_eq!(e.read_as_prelude, prelude::Names::default());
        assert_eq!(e.resolve("String$x"), "smithy.api#String$x");
        assert_eq!(e.read_as_prelude.iter().collect::<Vec<_>>(), ["String"]);
        let mut shadowed = prelude::Names::default();
        shadowed.insert(prelude::index("String").unwrap());
        let mut e = Early::new("ex", &uses, shadowed);
        assert_eq!(e.resolve("String"), "ex#String");
        assert_eq!(e.resolve("Integer"), "smithy.api#Integer");
        e.define("Integer");
        assert_eq!(e.resolve("Integer"), "ex#Integer");
        assert_eq!(e.read_as_prelude.iter().collect::<Vec<_>>(), ["Integer"]);
    }
}
