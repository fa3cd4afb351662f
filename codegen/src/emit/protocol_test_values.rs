//! What the client and server protocol tests share: Rust values from a
//! test's node values (`params`), its headers and strings, and test names.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::tokens::{ident, rust_type, type_path};
use crate::ir::{Crate, NamedKind, Ty};

pub fn test_name(
    id: &str,
    suffix: Option<&str>,
    names: &mut BTreeSet<String>,
) -> proc_macro2::Ident {
    let mut name = id.to_snake_case();
    if let Some(s) = suffix {
        name = format!("{name}_for_{}", s.to_snake_case());
    }
    let mut unique = name.clone();
    let mut n = 2;
    while !names.insert(unique.clone()) {
        unique = format!("{name}_{n}");
        n += 1;
    }
    format_ident!("{}", unique)
}

pub fn strings(case: &Value, key: &str) -> Vec<String> {
    case.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

pub fn headers(case: &Value) -> Vec<TokenStream> {
    case.get("headers")
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(k, v)| {
                    let v = v.as_str().unwrap_or_default();
                    quote!((#k, #v))
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn opt_str(case: &Value, key: &str) -> TokenStream {
    match case.get(key).and_then(Value::as_str) {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

pub fn has_nan(v: &Value) -> bool {
    match v {
        Value::String(s) => s == "NaN",
        Value::Array(a) => a.iter().any(has_nan),
        Value::Object(o) => o.values().any(has_nan),
        _ => false,
    }
}

/// The input, output or error value the params describe.
pub fn io_value(krate: &Crate, ty: Option<usize>, params: Option<&Value>) -> TokenStream {
    match ty {
        None => quote!(()),
        Some(i) => value(
            krate,
            &Ty::Named(i),
            params.unwrap_or(&Value::Object(Default::default())),
        ),
    }
}

/// A Rust expression of type `ty` for a Smithy node value.
fn value(krate: &Crate, ty: &Ty, v: &Value) -> TokenStream {
    match ty {
        Ty::Bool => {
            let b = v.as_bool().unwrap_or_default();
            quote!(#b)
        }
        Ty::Byte => int(Literal::i8_suffixed(v.as_i64().unwrap_or_default() as i8)),
        Ty::Short => int(Literal::i16_suffixed(v.as_i64().unwrap_or_default() as i16)),
        Ty::Integer => int(Literal::i32_suffixed(v.as_i64().unwrap_or_default() as i32)),
        Ty::Long => {
            let n = Literal::i64_suffixed(v.as_i64().unwrap_or_default());
            quote!(#n)
        }
        Ty::Float | Ty::Double => {
            let t = if *ty == Ty::Float {
                quote!(f32)
            } else {
                quote!(f64)
            };
            match v {
                Value::String(s) if s == "NaN" => quote!(#t::NAN),
                Value::String(s) if s == "Infinity" => quote!(#t::INFINITY),
                Value::String(s) if s == "-Infinity" => quote!(#t::NEG_INFINITY),
                _ => {
                    let f = v.as_f64().unwrap_or_default();
                    if *ty == Ty::Float {
                        let l = Literal::f32_suffixed(f as f32);
                        quote!(#l)
                    } else {
                        let l = Literal::f64_suffixed(f);
                        quote!(#l)
                    }
                }
            }
        }
        Ty::String => {
            let s = v.as_str().unwrap_or_default();
            quote!(String::from(#s))
        }
        Ty::Blob => {
            let bytes = Literal::byte_string(v.as_str().unwrap_or_default().as_bytes());
            quote!(#bytes.to_vec())
        }
        Ty::Timestamp(_) => {
            let f = Literal::f64_suffixed(v.as_f64().unwrap_or_default());
            quote!(primitives::DateTime::from_secs_f64(#f).expect("a valid timestamp"))
        }
        Ty::Document => {
            let json = v.to_string();
            quote!(crate::json::from_str::<crate::document::Document>(#json).expect("a JSON document"))
        }
        Ty::BigInteger | Ty::BigDecimal => {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let t = rust_type(krate, ty);
            quote!(#t::new(#text).expect("a number"))
        }
        Ty::List { item, sparse } => {
            let items = v.as_array().into_iter().flatten().map(|x| {
                if *sparse {
                    if x.is_null() {
                        quote!(None)
                    } else {
                        let x = value(krate, item, x);
                        quote!(Some(#x))
                    }
                } else {
                    value(krate, item, x)
                }
            });
            quote!(vec![#(#items),*])
        }
        Ty::Map {
            key,
            value: value_ty,
            sparse,
        } => {
            let entries: Vec<TokenStream> = v
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, x)| {
                    let k = value(krate, key, &Value::String(k.clone()));
                    let x = if *sparse {
                        if x.is_null() {
                            quote!(None)
                        } else {
                            let x = value(krate, value_ty, x);
                            quote!(Some(#x))
                        }
                    } else {
                        value(krate, value_ty, x)
                    };
                    quote!((#k, #x))
                })
                .collect();
            quote!(::std::collections::BTreeMap::from([#(#entries),*]))
        }
        Ty::Named(i) => named(krate, *i, v),
    }
}

fn int(l: Literal) -> TokenStream {
    quote!(#l)
}

fn named(krate: &Crate, i: usize, v: &Value) -> TokenStream {
    let path = type_path(krate, i);
    match &krate.types[i].kind {
        NamedKind::Enum(_) => {
            let s = v.as_str().unwrap_or_default();
            quote!(#path::from(#s))
        }
        NamedKind::IntEnum(_) => {
            let n = Literal::i32_suffixed(v.as_i64().unwrap_or_default() as i32);
            quote!(#path::from(#n))
        }
        NamedKind::Structure(s) => {
            let sets = v.as_object().into_iter().flatten().filter_map(|(k, x)| {
                let m = s.members.iter().find(|m| m.name == *k)?;
                if x.is_null() {
                    return None;
                }
                let setter = ident(&m.setter);
                let x = value(krate, &m.ty, x);
                Some(quote!(.#setter(#x)))
            });
            let build = if s.builder_fallible {
                quote!(.build().expect("the test gives every required member"))
            } else {
                quote!(.build())
            };
            quote!(#path::builder() #(#sets)* #build)
        }
        NamedKind::Union(u) => {
            let Some((k, x)) = v.as_object().and_then(|o| o.iter().next()) else {
                return quote!(unreachable!("a union value names one member"));
            };
            let Some(variant) = u.variants.iter().find(|var| var.member == *k) else {
                return quote!(unreachable!("an unknown union member"));
            };
            let name = ident(&variant.name);
            match &variant.ty {
                None => quote!(#path::#name),
                Some(t) => {
                    let x = value(krate, t, x);
                    if variant.boxed {
                        quote!(#path::#name(Box::new(#x)))
                    } else {
                        quote!(#path::#name(#x))
                    }
                }
            }
        }
    }
}
