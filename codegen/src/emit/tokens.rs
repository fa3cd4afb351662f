//! Shared pieces of emitted code as tokens, for the items that are written
//! with `quote!` and parsed (the rare ones; see `template` for the rest).
//! Built on `syntax`, which does not import this module.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, ToTokens};

use super::syntax;
pub use super::syntax::{deprecated, ident, import_tokens as imports};
use crate::ir::{Crate, DefaultValue, Member, Ty};

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
    syntax::rust_type(krate, ty).into_token_stream()
}

/// The value type of a member, boxed when it closes a cycle.
pub fn value_type(krate: &Crate, ty: &Ty, boxed: bool) -> TokenStream {
    syntax::value_type(krate, ty, boxed).into_token_stream()
}

/// The `crate::wire` adapter, as a value (`ListOf(Base64)`), for a type whose
/// plain serde impls do not read or write its Smithy JSON form.
pub fn adapter(ty: &Ty) -> TokenStream {
    syntax::adapter(ty).into_token_stream()
}

/// The `crate::codec` form of a type, as a value (`ListOf(Base64)`).
pub fn form(ty: &Ty) -> TokenStream {
    syntax::form(ty).into_token_stream()
}

/// `#[doc = "..."]` lines, or nothing.
pub fn docs(text: Option<&str>) -> TokenStream {
    let attrs = text.map(syntax::docs).unwrap_or_default();
    quote!(#(#attrs)*)
}

/// Docs, or a fallback line for items the model leaves undocumented.
pub fn docs_or(text: Option<&str>, fallback: &str) -> TokenStream {
    docs(Some(text.unwrap_or(fallback)))
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
        DefaultValue::Blob(bytes) => {
            let bytes = proc_macro2::Literal::byte_string(bytes);
            quote!(#bytes.to_vec())
        }
        // The generator checked the text, so these cannot fail.
        DefaultValue::Document(json) => {
            quote!(crate::json::from_str::<crate::document::Document>(#json).unwrap_or_default())
        }
        DefaultValue::BigNumber(text) => {
            let ty = match ty {
                Ty::BigInteger => quote!(primitives::BigInteger),
                _ => quote!(primitives::BigDecimal),
            };
            quote!(#ty::new(#text).expect("the generator checked the number"))
        }
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

/// `Option<T>` expression `opt` with the member's default filled in; for a
/// default that `unwrap_or_default()` does not give (`is_type_default`).
pub fn with_default(krate: &Crate, m: &Member, d: &DefaultValue, opt: TokenStream) -> TokenStream {
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
        // A `match`, not `unwrap_or_else`: no closure per member for the
        // consumer's compiler to check, and the default is built only when used.
        _ => quote!(match #opt { Some(value) => value, None => #value }),
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
