//! Smithy's protocol tests (`smithy.test#httpRequestTests` and
//! `#httpResponseTests`) as `#[test]`s of the generated crate, client side:
//! `params` become Rust values, and requests and responses are compared as
//! the compliance-test chapter says (see `runtime/protocol_test_support.rs`).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::protocol_test_values::{has_nan, headers, io_value, opt_str, strings, test_name};
use super::tokens::ident;
use crate::ir::{Crate, Operation, Operations};

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
