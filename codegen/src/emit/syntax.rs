//! The pieces that emitters fill templates with, as syntax trees: types,
//! wire adapters, attributes, literals (built from templates, not parsed).

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::template::{fill, templates, Hole};
use crate::ir::{Crate, Deprecation, Member, Presence, TimestampFormat, Ty};

templates! {
    BOOL: syn::Type = { bool };
    I8: syn::Type = { i8 };
    I16: syn::Type = { i16 };
    I32: syn::Type = { i32 };
    I64: syn::Type = { i64 };
    F32: syn::Type = { f32 };
    F64: syn::Type = { f64 };
    STRING: syn::Type = { String };
    BYTES: syn::Type = { Vec<u8> };
    DATE_TIME: syn::Type = { primitives::DateTime };
    DOCUMENT: syn::Type = { crate::document::Document };
    BIG_INTEGER: syn::Type = { primitives::BigInteger };
    BIG_DECIMAL: syn::Type = { primitives::BigDecimal };
    NAMED: syn::Type = { types::__Name };
    VEC: syn::Type = { Vec<__T> };
    OPTION: syn::Type = { Option<__T> };
    BOX: syn::Type = { Box<__T> };
    MAP: syn::Type = { ::std::collections::BTreeMap<__K, __V> };

    NATIVE: syn::Expr = { wire::Native };
    BASE64: syn::Expr = { wire::Base64 };
    FLOAT: syn::Expr = { wire::Float };
    INT: syn::Expr = { wire::Int };
    EPOCH_SECONDS: syn::Expr = { wire::EpochSeconds };
    DATE_TIME_FORMAT: syn::Expr = { wire::DateTimeFormat };
    HTTP_DATE: syn::Expr = { wire::HttpDate };
    OPTION_OF: syn::Expr = { wire::OptionOf(__a) };
    LIST_OF: syn::Expr = { wire::ListOf(__a) };
    MAP_OF: syn::Expr = { wire::MapOf(__a) };

    FORM_NATIVE: syn::Expr = { codec::Native };
    FORM_BASE64: syn::Expr = { codec::Base64 };
    FORM_FLOAT: syn::Expr = { codec::Float };
    FORM_INT: syn::Expr = { codec::Int };
    FORM_EPOCH_SECONDS: syn::Expr = { codec::EpochSeconds };
    FORM_DATE_TIME_FORMAT: syn::Expr = { codec::DateTimeFormat };
    FORM_HTTP_DATE: syn::Expr = { codec::HttpDate };
    FORM_OPTION_OF: syn::Expr = { codec::OptionOf(__a) };
    FORM_LIST_OF: syn::Expr = { codec::ListOf(__a) };
    FORM_MAP_OF: syn::Expr = { codec::MapOf(__a) };

    DOC: syn::Attribute = { #[doc = __line] };
}

/// An identifier from an IR name, which may be raw (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `use crate::{..};` of the crate modules a generated file names; the
/// emitters write `wire::`, `types::` etc. and import exactly what is used.
pub fn import_tokens(modules: &[(&str, bool)]) -> TokenStream {
    let names: Vec<Ident> = modules
        .iter()
        .filter(|(_, used)| *used)
        .map(|(m, _)| Ident::new(m, Span::call_site()))
        .collect();
    match names.as_slice() {
        [] => TokenStream::new(),
        [one] => quote!(use crate::#one;),
        many => quote!(use crate::{#(#many),*};),
    }
}

/// `#[deprecated]`, with the model's message and `since` in the note.
pub fn deprecated(d: Option<&Deprecation>) -> TokenStream {
    let Some(d) = d else {
        return TokenStream::new();
    };
    // Smithy's `since` is free text (often a date), not the semver Rust wants: it goes in the note.
    let note = match (&d.message, &d.since) {
        (Some(m), Some(s)) => format!("{m} (deprecated since {s})"),
        (Some(m), None) => m.clone(),
        (None, Some(s)) => format!("deprecated since {s}"),
        (None, None) => return quote!(#[deprecated]),
    };
    quote!(#[deprecated(note = #note)])
}

fn wrap(
    template: &'static std::thread::LocalKey<super::template::Template<syn::Type>>,
    inner: syn::Type,
) -> syn::Type {
    fill(template, &mut [("__T", Hole::Type(inner))])
}

/// The Rust type of a value.
pub fn rust_type(krate: &Crate, ty: &Ty) -> syn::Type {
    let plain = match ty {
        Ty::Bool => &BOOL,
        Ty::Byte => &I8,
        Ty::Short => &I16,
        Ty::Integer => &I32,
        Ty::Long => &I64,
        Ty::Float => &F32,
        Ty::Double => &F64,
        Ty::String => &STRING,
        Ty::Blob => &BYTES,
        Ty::Timestamp(_) => &DATE_TIME,
        Ty::Document => &DOCUMENT,
        Ty::BigInteger => &BIG_INTEGER,
        Ty::BigDecimal => &BIG_DECIMAL,
        Ty::Named(i) => {
            let name = ident(&krate.types[*i].name);
            return fill(&NAMED, &mut [("__Name", Hole::Ident(name))]);
        }
        Ty::List { item, sparse } => {
            let mut item = rust_type(krate, item);
            if *sparse {
                item = wrap(&OPTION, item);
            }
            return wrap(&VEC, item);
        }
        Ty::Map { key, value, sparse } => {
            let key = rust_type(krate, key);
            let mut value = rust_type(krate, value);
            if *sparse {
                value = wrap(&OPTION, value);
            }
            return fill(
                &MAP,
                &mut [("__K", Hole::Type(key)), ("__V", Hole::Type(value))],
            );
        }
    };
    fill(plain, &mut [])
}

/// The value type of a member, boxed when it closes a cycle.
pub fn value_type(krate: &Crate, ty: &Ty, boxed: bool) -> syn::Type {
    let t = rust_type(krate, ty);
    if boxed {
        wrap(&BOX, t)
    } else {
        t
    }
}

/// The field type of a structure member.
pub fn field_type(krate: &Crate, m: &Member) -> syn::Type {
    let t = value_type(krate, &m.ty, m.boxed);
    match m.presence {
        Presence::Optional => wrap(&OPTION, t),
        _ => t,
    }
}

/// The `crate::wire` adapter, as a value (`ListOf(Base64)`), for a type whose
/// plain serde impls do not read or write its Smithy JSON form.
pub fn adapter(ty: &Ty) -> syn::Expr {
    let wrap = |template, a: syn::Expr| fill(template, &mut [("__a", Hole::Expr(a))]);
    let optional = |a: syn::Expr, sparse: bool| if sparse { wrap(&OPTION_OF, a) } else { a };
    let plain = match ty {
        Ty::Blob => &BASE64,
        Ty::Float | Ty::Double => &FLOAT,
        Ty::Byte | Ty::Short | Ty::Integer | Ty::Long => &INT,
        Ty::Timestamp(TimestampFormat::EpochSeconds) => &EPOCH_SECONDS,
        Ty::Timestamp(TimestampFormat::DateTime) => &DATE_TIME_FORMAT,
        Ty::Timestamp(TimestampFormat::HttpDate) => &HTTP_DATE,
        Ty::List { item, sparse } => return wrap(&LIST_OF, optional(adapter(item), *sparse)),
        Ty::Map { value, sparse, .. } => return wrap(&MAP_OF, optional(adapter(value), *sparse)),
        _ => &NATIVE,
    };
    fill(plain, &mut [])
}

/// The `crate::codec` form, as a value (`ListOf(Base64)`), that reads and
/// writes a value of the type in its Smithy JSON form.
pub fn form(ty: &Ty) -> syn::Expr {
    let wrap = |template, a: syn::Expr| fill(template, &mut [("__a", Hole::Expr(a))]);
    let optional = |a: syn::Expr, sparse: bool| {
        if sparse {
            wrap(&FORM_OPTION_OF, a)
        } else {
            a
        }
    };
    let plain = match ty {
        Ty::Blob => &FORM_BASE64,
        Ty::Float | Ty::Double => &FORM_FLOAT,
        Ty::Byte | Ty::Short | Ty::Integer | Ty::Long => &FORM_INT,
        Ty::Timestamp(TimestampFormat::EpochSeconds) => &FORM_EPOCH_SECONDS,
        Ty::Timestamp(TimestampFormat::DateTime) => &FORM_DATE_TIME_FORMAT,
        Ty::Timestamp(TimestampFormat::HttpDate) => &FORM_HTTP_DATE,
        Ty::List { item, sparse } => return wrap(&FORM_LIST_OF, optional(form(item), *sparse)),
        Ty::Map { value, sparse, .. } => return wrap(&FORM_MAP_OF, optional(form(value), *sparse)),
        _ => &FORM_NATIVE,
    };
    fill(plain, &mut [])
}

/// `#[doc = "..."]` attributes, one per line of `text`.
pub fn docs(text: &str) -> Vec<syn::Attribute> {
    // rustdoc refuses a bare CR, and clippy tabs.
    let text = text.replace('\r', "").replace('\t', "    ");
    text.lines()
        .map(|l| {
            let line = if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            };
            fill(&DOC, &mut [("__line", Hole::Str(line))])
        })
        .collect()
}

/// Docs, then `#[deprecated]` when the shape or member is deprecated.
pub fn docs_and_deprecation(text: &str, deprecation: Option<&Deprecation>) -> Vec<syn::Attribute> {
    let mut attrs = docs(text);
    if deprecation.is_some() {
        attrs.extend(attributes(deprecated(deprecation)));
    }
    attrs
}

/// Outer attributes from tokens (parsed: for the rare ones).
pub fn attributes(tokens: TokenStream) -> Vec<syn::Attribute> {
    use syn::parse::Parser;
    syn::Attribute::parse_outer
        .parse2(tokens)
        .expect("emitted attributes parse")
}

/// `use crate::{..};` of the crate modules a file names (as
/// `import_tokens`); parsed once per thread for each set of modules.
pub fn imports(modules: &[(&'static str, bool)]) -> Vec<syn::Item> {
    use std::collections::HashMap;
    thread_local! {
        static PARSED: std::cell::RefCell<HashMap<Vec<&'static str>, Vec<syn::Item>>> =
            Default::default();
    }
    let used: Vec<&'static str> = modules
        .iter()
        .filter(|(_, u)| *u)
        .map(|(m, _)| *m)
        .collect();
    PARSED.with(|parsed| {
        parsed
            .borrow_mut()
            .entry(used)
            .or_insert_with(|| items(import_tokens(modules)))
            .clone()
    })
}

/// Items from tokens (parsed: for the rare ones).
pub fn items(tokens: TokenStream) -> Vec<syn::Item> {
    syn::parse2::<syn::File>(tokens)
        .expect("emitted items parse")
        .items
}

/// A string literal expression.
pub fn str_expr(s: &str) -> syn::Expr {
    syn::Expr::Lit(super::template::str_lit(s))
}

/// A `usize` literal expression, suffixed (`3usize`).
pub fn usize_expr(n: usize) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(Literal::usize_suffixed(n)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn printed<T: ToTokens>(t: &T) -> String {
        t.to_token_stream().to_string()
    }

    #[test]
    fn types_and_adapters() {
        let krate = Crate {
            package: String::new(),
            docs: None,
            types: Vec::new(),
            validators: Vec::new(),
            patterns: Vec::new(),
            warnings: Vec::new(),
            validators_use_deprecated: false,
            example_type: None,
            operations: None,
            protocol_tests: None,
            mqtt: Vec::new(),
            features: true,
        };
        let sparse_map = Ty::Map {
            key: Box::new(Ty::String),
            value: Box::new(Ty::List {
                item: Box::new(Ty::Blob),
                sparse: true,
            }),
            sparse: true,
        };
        let cases = [
            (Ty::Bool, "bool", "wire :: Native"),
            (Ty::Long, "i64", "wire :: Int"),
            (
                Ty::Timestamp(TimestampFormat::HttpDate),
                "primitives :: DateTime",
                "wire :: HttpDate",
            ),
            (
                sparse_map,
                ":: std :: collections :: BTreeMap < String , Option < Vec < Option < Vec < u8 > > > > >",
                "wire :: MapOf (wire :: OptionOf (wire :: ListOf (wire :: OptionOf (wire :: Base64))))",
            ),
        ];
        for (ty, rust, adapter_value) in cases {
            assert_eq!(printed(&rust_type(&krate, &ty)), rust);
            assert_eq!(printed(&adapter(&ty)), adapter_value);
        }
        assert_eq!(
            printed(&value_type(&krate, &Ty::String, true)),
            "Box < String >"
        );
    }

    #[test]
    fn docs_lines_start_with_a_space_except_blank_ones() {
        let printed: Vec<String> = docs("one\n\ntwo").iter().map(printed).collect();
        assert_eq!(
            printed,
            ["# [doc = \" one\"]", "# [doc = \"\"]", "# [doc = \" two\"]"]
        );
    }
}
