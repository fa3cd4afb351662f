//! Smithy's protocol tests, server side: request tests parse the test's
//! request and compare the input with `params`; response tests write
//! `params` and compare the response; malformed-request tests send the
//! request through the router and compare the rejection's response. A
//! parameterised malformed test (`testParameters`) becomes one test per
//! value set.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::protocol_test_values::{has_nan, headers, io_value, opt_str, strings, test_name};
use super::tokens::ident;
use crate::ir::{Crate, Operation, Operations};

type Skip = BTreeMap<String, String>;

pub fn tests(
    krate: &Crate,
    ops: &Operations,
    skip: &Skip,
    names: &mut BTreeSet<String>,
) -> Vec<TokenStream> {
    let mut out = Vec::new();
    // Per operation: its tests' requests, fed mutated to the router and to
    // the operation's own reader.
    let mut fuzz = Vec::new();
    for op in &ops.operations {
        let mut seeds = Vec::new();
        for case in op.request_tests.iter().chain(&op.server_request_tests) {
            seeds.push(request_expr(case));
        }
        for case in &op.malformed_tests {
            for case in expand(case) {
                if let Some(request) = case.get("request") {
                    seeds.push(request_expr(request));
                }
            }
        }
        if seeds.is_empty() {
            continue;
        }
        let op_ty = ident(&op.name);
        fuzz.push(quote! {
            runs += support::fuzz_requests(&[#(#seeds),*], 48, |request| {
                if let Err(rejection) = crate::server::parse_request(request) {
                    let _ = rejection.to_response();
                }
                let _ = operation::#op_ty::parse_request(request);
            });
        });
    }
    if !fuzz.is_empty() {
        out.push(quote! {
        /// Mutations of every test's request: the router and the operations'
        /// readers answer each one, never panic.
        #[test]
        fn server_fuzz_mutated_requests() {
            let mut runs = 0;
            #(#fuzz)*
            assert!(runs > 0);
        }
        });
    }
    for op in &ops.operations {
        for case in &op.server_request_tests {
            out.push(request_test(krate, op, case, skip, names));
        }
        for case in &op.server_response_tests {
            out.push(response_test(krate, op, case, None, skip, names));
        }
        for &e in &op.errors {
            let error = &ops.errors[e];
            for case in &error.server_response_tests {
                out.push(response_test(krate, op, case, Some(error.ty), skip, names));
            }
        }
        for case in &op.malformed_tests {
            for (i, case) in expand(case).iter().enumerate() {
                out.push(malformed_test(op, case, i, skip, names));
            }
        }
    }
    out
}

/// Server cases are skipped by `server:<id>` entries of the skip file (an
/// id alone skips the client side); `server-response:<id>` skips only the
/// response case of an id that names a request case too.
fn ignore(op: &Operation, id: &str, skip: &Skip) -> TokenStream {
    if let Some(reason) = skip.get(&format!("server:{id}")) {
        return quote!(#[ignore = #reason]);
    }
    if let Some(reason) = &op.unsupported {
        return quote!(#[ignore = #reason]);
    }
    quote!()
}

fn id_of(case: &Value) -> &str {
    case.get("id").and_then(Value::as_str).unwrap_or("unnamed")
}

fn request_test(
    krate: &Crate,
    op: &Operation,
    case: &Value,
    skip: &Skip,
    names: &mut BTreeSet<String>,
) -> TokenStream {
    let id = id_of(case);
    let name = test_name(&format!("server_{id}"), None, names);
    let ignore = ignore(op, id, skip);
    let op_ty = ident(&op.name);
    let expected = io_value(krate, op.input, case.get("params"));
    let request = request_expr(case);
    let compare = if case.get("params").is_some_and(has_nan) {
        quote!(assert_eq!(format!("{:?}", actual), format!("{:?}", expected));)
    } else {
        quote!(assert_eq!(actual, expected);)
    };
    let doc = format!(" `{id}`, server side");
    quote! {
        #[doc = #doc]
        #[test]
        #ignore
        fn #name() {
            let request = #request;
            let actual = operation::#op_ty::parse_request(&request)
                .unwrap_or_else(|e| panic!("the request is refused: {e}"));
            let expected = #expected;
            #compare
        }
    }
}

/// `support::request(..)` of a case's request fields.
fn request_expr(case: &Value) -> TokenStream {
    let method = case.get("method").and_then(Value::as_str).unwrap_or("GET");
    let uri = case.get("uri").and_then(Value::as_str).unwrap_or("/");
    let query = strings(case, "queryParams");
    let headers = headers(case);
    let body = opt_str(case, "body");
    quote!(support::request(#method, #uri, &[#(#query),*], &[#(#headers),*], #body))
}

fn response_test(
    krate: &Crate,
    op: &Operation,
    case: &Value,
    error: Option<usize>,
    skip: &Skip,
    names: &mut BTreeSet<String>,
) -> TokenStream {
    let id = id_of(case);
    let name = test_name(
        &format!("server_{id}"),
        error.map(|_| op.name.as_str()),
        names,
    );
    let ignore = match skip.get(&format!("server-response:{id}")) {
        Some(reason) => quote!(#[ignore = #reason]),
        None => ignore(op, id, skip),
    };
    let op_ty = ident(&op.name);
    let code = case.get("code").and_then(Value::as_u64).unwrap_or(200) as u16;
    let headers = headers(case);
    let body = opt_str(case, "body");
    let media = opt_str(case, "bodyMediaType");
    let write = match error {
        None => {
            let output = io_value(krate, op.output, case.get("params"));
            quote!(operation::#op_ty::serialize_response(&#output))
        }
        Some(ty) => {
            let value = io_value(krate, Some(ty), case.get("params"));
            let error_enum = format_ident!("{}Error", op.name);
            let variant = ident(&krate.types[ty].name);
            quote!(operation::#op_ty::serialize_error(&operation::#error_enum::#variant(#value)))
        }
    };
    let doc = format!(" `{id}`, server side");
    quote! {
        #[doc = #doc]
        #[test]
        #ignore
        fn #name() {
            let response = #write.expect("the response serializes");
            support::check_response(&response, #code, &[#(#headers),*], #body, #media);
        }
    }
}

fn malformed_test(
    op: &Operation,
    case: &Value,
    index: usize,
    skip: &Skip,
    names: &mut BTreeSet<String>,
) -> TokenStream {
    let id = id_of(case);
    let parameterised = case.get("testParameters").is_some();
    let case_id = if parameterised {
        format!("{id}_case{index}")
    } else {
        id.to_string()
    };
    let name = test_name(&format!("server_{case_id}"), None, names);
    // A skip entry names the case, or every case of the test.
    let ignore = match skip.get(&format!("server:{case_id}")) {
        Some(reason) => quote!(#[ignore = #reason]),
        None => ignore(op, id, skip),
    };
    let empty = Value::Object(Default::default());
    let request = request_expr(case.get("request").unwrap_or(&empty));
    let response = case.get("response").unwrap_or(&empty);
    let code = response.get("code").and_then(Value::as_u64).unwrap_or(400) as u16;
    let headers = headers(response);
    let body = response.get("body");
    let media = body.map_or(quote!(None), |b| opt_str(b, "mediaType"));
    let contents = body
        .and_then(|b| b.get("assertion"))
        .map_or(quote!(None), |a| opt_str(a, "contents"));
    let doc = format!(" `{case_id}`, server side (malformed request)");
    quote! {
        #[doc = #doc]
        #[test]
        #ignore
        fn #name() {
            let request = #request;
            let rejection = match crate::server::parse_request(&request) {
                Ok(input) => panic!("the request is accepted: {input:?}"),
                Err(rejection) => rejection,
            };
            support::check_response(&rejection.to_response(), #code, &[#(#headers),*], #contents, #media);
        }
    }
}

/// The cases of a malformed-request test: one, or one per value set of
/// its `testParameters`, with `$name:L` (the value) and `$name:S` (the value
/// as a JSON string) substituted and `$$` read as `$`.
fn expand(case: &Value) -> Vec<Value> {
    let Some(params) = case.get("testParameters").and_then(Value::as_object) else {
        return vec![case.clone()];
    };
    let count = params
        .values()
        .filter_map(Value::as_array)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    (0..count)
        .map(|i| {
            let values: Vec<(String, String)> = params
                .iter()
                .map(|(k, v)| {
                    let value = v.get(i).and_then(Value::as_str).unwrap_or("").to_string();
                    (k.clone(), value)
                })
                .collect();
            let mut out = case.clone();
            for key in ["request", "response"] {
                if let Some(part) = out.get_mut(key) {
                    substitute(part, &values);
                }
            }
            out
        })
        .collect()
}

fn substitute(v: &mut Value, values: &[(String, String)]) {
    match v {
        Value::String(s) => *s = fill(s, values),
        Value::Array(items) => items.iter_mut().for_each(|x| substitute(x, values)),
        Value::Object(map) => {
            let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            for (k, mut x) in entries {
                substitute(&mut x, values);
                map.insert(fill(&k, values), x);
            }
        }
        _ => {}
    }
}

fn fill(text: &str, values: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
            continue;
        }
        for (name, value) in values {
            for (suffix, quoted) in [(":L", false), (":S", true)] {
                if let Some(tail) = after
                    .strip_prefix(name.as_str())
                    .and_then(|t| t.strip_prefix(suffix))
                {
                    if quoted {
                        out.push_str(&Value::String(value.clone()).to_string());
                    } else {
                        out.push_str(value);
                    }
                    rest = tail;
                    continue 'outer;
                }
            }
        }
        out.push('$');
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_fill_literals_and_strings() {
        let values = vec![("value".to_string(), "a\"b".to_string())];
        assert_eq!(fill("x$value:Ly", &values), "xa\"by");
        assert_eq!(fill("{\"s\": $value:S}", &values), "{\"s\": \"a\\\"b\"}");
        assert_eq!(fill("^$$[a-z]", &values), "^$[a-z]");
    }
}
