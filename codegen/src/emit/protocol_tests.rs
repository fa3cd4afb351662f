//! Smithy's protocol tests (`smithy.test#httpRequestTests` and
//! `#httpResponseTests`) as `#[test]`s of the generated crate, client side:
//! `params` become Rust values, and requests and responses are compared as
//! the compliance-test chapter says (see `runtime/protocol_test_support.rs`).

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::tokens::{ident, rust_type, type_path};
use crate::ir::{Crate, NamedKind, Operation, Operations, Ty};

/// `src/protocol_tests.rs`.
pub fn file(krate: &Crate, ops: &Operations) -> TokenStream {
    let skip = krate.protocol_tests.clone().unwrap_or_default();
    let mut names = BTreeSet::new();
    let mut tests = Vec::new();
    for op in &ops.operations {
        for case in &op.request_tests {
            tests.push(request_test(krate, op, case, &skip, &mut names));
        }
        for case in &op.response_tests {
            tests.push(response_test(krate, op, case, None, &skip, &mut names));
        }
        for &e in &op.errors {
            let error = &ops.errors[e];
            for case in &error.response_tests {
                tests.push(response_test(
                    krate,
                    op,
                    case,
                    Some(error.ty),
                    &skip,
                    &mut names,
                ));
            }
        }
    }
    let server = super::protocol_tests_server::tests(krate, ops, &skip, &mut names);
    quote! {
        //! Smithy's protocol tests for this service, client and server side.
        #![allow(clippy::all, unused_imports, unused_mut, deprecated)]
        use crate::operation::{self, Operation as _};
        use crate::protocol_test_support as support;
        use crate::{primitives, types};

        #(#tests)*
        #(#server)*
    }
}

pub(super) fn test_name(
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

pub(super) fn ignore(
    op: &Operation,
    id: &str,
    skip: &std::collections::BTreeMap<String, String>,
) -> TokenStream {
    if let Some(reason) = skip.get(id) {
        return quote!(#[ignore = #reason]);
    }
    if let Some(reason) = &op.unsupported {
        return quote!(#[ignore = #reason]);
    }
    quote!()
}

pub(super) fn strings(case: &Value, key: &str) -> Vec<String> {
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

pub(super) fn headers(case: &Value) -> Vec<TokenStream> {
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

pub(super) fn opt_str(case: &Value, key: &str) -> TokenStream {
    match case.get(key).and_then(Value::as_str) {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn request_test(
    krate: &Crate,
    op: &Operation,
    case: &Value,
    skip: &std::collections::BTreeMap<String, String>,
    names: &mut BTreeSet<String>,
) -> TokenStream {
    let id = case.get("id").and_then(Value::as_str).unwrap_or("unnamed");
    let name = test_name(id, None, names);
    let ignore = ignore(op, id, skip);
    let op_ty = ident(&op.name);
    let input = io_value(krate, op.input, case.get("params"));
    let method = case.get("method").and_then(Value::as_str).unwrap_or("");
    let uri = case.get("uri").and_then(Value::as_str).unwrap_or("");
    let host = opt_str(case, "host");
    let query = strings(case, "queryParams");
    let forbid_query = strings(case, "forbidQueryParams");
    let require_query = strings(case, "requireQueryParams");
    let headers = headers(case);
    let forbid_headers = strings(case, "forbidHeaders");
    let require_headers = strings(case, "requireHeaders");
    let body = opt_str(case, "body");
    let media = opt_str(case, "bodyMediaType");
    let host_check = case.get("resolvedHost").and_then(Value::as_str).map(|resolved| {
        let host = case
            .get("host")
            .and_then(Value::as_str)
            .unwrap_or("example.com");
        let host = host.split('/').next().unwrap_or(host);
        quote! {
            let prefix = operation::#op_ty::host_prefix(&input).expect("the host prefix is filled").unwrap_or_default();
            assert_eq!(format!("{}{}", prefix, #host), #resolved, "host");
        }
    });
    let doc = format!(" `{id}`");
    quote! {
        #[doc = #doc]
        #[test]
        #ignore
        fn #name() {
            crate::protocol::set_idempotency_token_source(Some(support::fixed_token));
            let input = #input;
            let request = operation::#op_ty::serialize_request(&input).expect("the request serializes");
            support::check_request(&request, &support::ExpectedRequest {
                method: #method,
                uri: #uri,
                host: #host,
                query_params: &[#(#query),*],
                forbid_query_params: &[#(#forbid_query),*],
                require_query_params: &[#(#require_query),*],
                headers: &[#(#headers),*],
                forbid_headers: &[#(#forbid_headers),*],
                require_headers: &[#(#require_headers),*],
                body: #body,
                body_media_type: #media,
            });
            #host_check
        }
    }
}

fn response_test(
    krate: &Crate,
    op: &Operation,
    case: &Value,
    error: Option<usize>,
    skip: &std::collections::BTreeMap<String, String>,
    names: &mut BTreeSet<String>,
) -> TokenStream {
    let id = case.get("id").and_then(Value::as_str).unwrap_or("unnamed");
    let name = test_name(id, error.map(|_| op.name.as_str()), names);
    let ignore = ignore(op, id, skip);
    let op_ty = ident(&op.name);
    let code = case.get("code").and_then(Value::as_u64).unwrap_or(200) as u16;
    let headers = headers(case);
    let body = case.get("body").and_then(Value::as_str).unwrap_or("");
    let params = case.get("params");
    let nan = params.is_some_and(has_nan);
    let compare = if nan {
        quote!(assert_eq!(format!("{:?}", actual), format!("{:?}", expected));)
    } else {
        quote!(assert_eq!(actual, expected);)
    };
    let check = match error {
        None => {
            let expected = io_value(krate, op.output, params);
            quote! {
                let actual = operation::#op_ty::parse_response(&response).expect("the response parses");
                let expected = #expected;
                #compare
            }
        }
        Some(ty) => {
            let expected = io_value(krate, Some(ty), params);
            let error_enum = format_ident!("{}Error", op.name);
            let variant = ident(&krate.types[ty].name);
            quote! {
                let expected = #expected;
                match operation::#op_ty::parse_response(&response) {
                    Err(operation::ResponseError::Modeled(operation::#error_enum::#variant(actual))) => {
                        #compare
                    }
                    other => panic!("expected the modelled error, got {other:?}"),
                }
            }
        }
    };
    let doc = format!(" `{id}`");
    quote! {
        #[doc = #doc]
        #[test]
        #ignore
        fn #name() {
            let response = support::response(#code, &[#(#headers),*], #body);
            #check
        }
    }
}

pub(super) fn has_nan(v: &Value) -> bool {
    match v {
        Value::String(s) => s == "NaN",
        Value::Array(a) => a.iter().any(has_nan),
        Value::Object(o) => o.values().any(has_nan),
        _ => false,
    }
}

/// The input, output or error value the params describe.
pub(super) fn io_value(krate: &Crate, ty: Option<usize>, params: Option<&Value>) -> TokenStream {
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
            quote!(serde_json::from_str::<primitives::Document>(#json).expect("a JSON document"))
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
