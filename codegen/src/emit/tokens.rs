//! Shared pieces of emitted code: identifiers, types, docs, attributes.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ir::{Crate, DefaultValue, Deprecation, Member, TimestampFormat, Ty};

/// An identifier from an IR name, which may be raw (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `use crate::{..};` of the crate modules a generated file names; the
/// emitters write `wire::`, `types::` etc. and import exactly what is used.
pub fn imports(modules: &[(&str, bool)]) -> TokenStream {
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

/// Whether a type, or any type inside it, satisfies `pred`.
pub fn mentions(ty: &Ty, pred: &dyn Fn(&Ty) -> bool) -> bool {
    pred(ty)
        || match ty {
            Ty::List { item, .. } => mentions(item, pred),
            Ty::Map { key, value, .. } => mentions(key, pred) || mentions(value, pred),
            _ => false,
        }
}

/// `types::Name` of a named type (files import `crate::types`).
pub fn type_path(krate: &Crate, idx: usize) -> TokenStream {
    let name = ident(&krate.types[idx].name);
    quote!(types::#name)
}

/// The Rust type of a value.
pub fn rust_type(krate: &Crate, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Bool => quote!(bool),
        Ty::Byte => quote!(i8),
        Ty::Short => quote!(i16),
        Ty::Integer => quote!(i32),
        Ty::Long => quote!(i64),
        Ty::Float => quote!(f32),
        Ty::Double => quote!(f64),
        Ty::String => quote!(String),
        Ty::Blob => quote!(Vec<u8>),
        Ty::Timestamp(_) => quote!(primitives::DateTime),
        Ty::Document => quote!(primitives::Document),
        Ty::BigInteger => quote!(primitives::BigInteger),
        Ty::BigDecimal => quote!(primitives::BigDecimal),
        Ty::Named(i) => type_path(krate, *i),
        Ty::List { item, sparse } => {
            let item = rust_type(krate, item);
            if *sparse {
                quote!(Vec<Option<#item>>)
            } else {
                quote!(Vec<#item>)
            }
        }
        Ty::Map { key, value, sparse } => {
            let key = rust_type(krate, key);
            let value = rust_type(krate, value);
            if *sparse {
                quote!(::std::collections::BTreeMap<#key, Option<#value>>)
            } else {
                quote!(::std::collections::BTreeMap<#key, #value>)
            }
        }
    }
}

/// The value type of a member, boxed when it closes a cycle.
pub fn value_type(krate: &Crate, ty: &Ty, boxed: bool) -> TokenStream {
    let t = rust_type(krate, ty);
    if boxed {
        quote!(Box<#t>)
    } else {
        t
    }
}

/// The `crate::wire` adapter, as a value (`ListOf(Base64)`), for a type whose
/// plain serde impls do not read or write its Smithy JSON form.
pub fn adapter(ty: &Ty) -> TokenStream {
    let optional = |a: TokenStream, sparse: bool| {
        if sparse {
            quote!(wire::OptionOf(#a))
        } else {
            a
        }
    };
    match ty {
        Ty::Blob => quote!(wire::Base64),
        Ty::Float | Ty::Double => quote!(wire::Float),
        Ty::Byte | Ty::Short | Ty::Integer | Ty::Long => quote!(wire::Int),
        Ty::Timestamp(TimestampFormat::EpochSeconds) => quote!(wire::EpochSeconds),
        Ty::Timestamp(TimestampFormat::DateTime) => quote!(wire::DateTimeFormat),
        Ty::Timestamp(TimestampFormat::HttpDate) => quote!(wire::HttpDate),
        Ty::List { item, sparse } => {
            let a = optional(adapter(item), *sparse);
            quote!(wire::ListOf(#a))
        }
        Ty::Map { value, sparse, .. } => {
            let a = optional(adapter(value), *sparse);
            quote!(wire::MapOf(#a))
        }
        _ => quote!(wire::Native),
    }
}

/// `#[doc = "..."]` lines, or nothing.
pub fn docs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#(#[doc = #lines])*)
}

/// Docs, or a fallback line for items the model leaves undocumented.
pub fn docs_or(text: Option<&str>, fallback: &str) -> TokenStream {
    docs(Some(text.unwrap_or(fallback)))
}

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

/// `Debug` that prints nothing of the value: for sensitive enums and unions.
pub fn redacted_debug(name: &Ident) -> TokenStream {
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("*** Sensitive Data Redacted ***")
            }
        }
    }
}

/// An expression of the default value of a member.
pub fn default_expr(krate: &Crate, ty: &Ty, d: &DefaultValue) -> TokenStream {
    match d {
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::Int(i) => Literal::i64_unsuffixed(*i).into_token_stream_(),
        DefaultValue::Float(f) => Literal::f64_unsuffixed(*f).into_token_stream_(),
        DefaultValue::String(s) => quote!(String::from(#s)),
        DefaultValue::EnumVariant(v) => {
            let path = match ty {
                Ty::Named(i) => type_path(krate, *i),
                _ => unreachable!("resolve gives enum defaults only to enum members"),
            };
            let v = ident(v);
            quote!(#path::#v)
        }
        DefaultValue::IntEnumValue(v) => {
            let path = match ty {
                Ty::Named(i) => type_path(krate, *i),
                _ => unreachable!("resolve gives intEnum defaults only to intEnum members"),
            };
            let v = Literal::i32_unsuffixed(*v as i32);
            quote!(#path::from(#v))
        }
        DefaultValue::EmptyBlob | DefaultValue::EmptyList => quote!(Vec::new()),
        DefaultValue::Timestamp(secs) => {
            let secs = Literal::i64_unsuffixed(*secs);
            quote!(primitives::DateTime::from_secs(#secs))
        }
        DefaultValue::EmptyMap => quote!(::std::collections::BTreeMap::new()),
    }
}

/// Whether a default is the `Default` of its Rust type (`unwrap_or_default()` gives it).
pub fn is_type_default(d: &DefaultValue) -> bool {
    matches!(
        d,
        DefaultValue::Bool(false)
            | DefaultValue::Int(0)
            | DefaultValue::EmptyBlob
            | DefaultValue::EmptyList
            | DefaultValue::EmptyMap
    ) || matches!(d, DefaultValue::Float(f) if *f == 0.0 && f.is_sign_positive())
        || matches!(d, DefaultValue::String(s) if s.is_empty())
}

/// `Option<T>` expression `opt` with the member's default filled in.
pub fn with_default(krate: &Crate, m: &Member, d: &DefaultValue, opt: TokenStream) -> TokenStream {
    if is_type_default(d) && !m.boxed {
        return quote!(#opt.unwrap_or_default());
    }
    let mut value = default_expr(krate, &m.ty, d);
    if m.boxed {
        value = quote!(Box::new(#value));
    }
    match d {
        DefaultValue::Bool(_)
        | DefaultValue::Int(_)
        | DefaultValue::Float(_)
        | DefaultValue::EnumVariant(_)
            if !m.boxed =>
        {
            quote!(#opt.unwrap_or(#value))
        }
        _ => quote!(#opt.unwrap_or_else(|| #value)),
    }
}

trait IntoTokens {
    fn into_token_stream_(self) -> TokenStream;
}

impl IntoTokens for Literal {
    fn into_token_stream_(self) -> TokenStream {
        quote!(#self)
    }
}
