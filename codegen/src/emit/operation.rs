//! Operations: one unit struct per operation implementing `Operation`, with
//! its request writer and response reader. The binding plan comes from the
//! IR; the protocol rules live in the `protocol` runtime module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::message::{
    body_write, error_reader_name, format_of, from_text, header_writes, io_type, opt_ref,
    structure, text,
};
use super::tokens::{self, ident, type_path};
use crate::ir::{
    Binding, Crate, ErrorShape, Location, Operation, Operations, PathPart, Payload, Protocol,
    Structure, TimestampFormat, Ty,
};

/// `src/operation/mod.rs`: the trait, the operations, and the error readers.
pub fn module(krate: &Crate, ops: &Operations) -> TokenStream {
    let mods = ops.operations.iter().map(|op| {
        let module = ident(&op.module);
        let name = ident(&op.name);
        let error = format_ident!("{}Error", op.name);
        quote! {
            pub(crate) mod #module;
            pub use #module::{#name, #error};
        }
    });
    let client = super::cfg(krate, &[super::CLIENT]);
    let server = super::cfg(krate, &[super::SERVER]);
    let readers = ops.errors.iter().map(|e| error_reader(krate, e));
    let writers = ops
        .errors
        .iter()
        .map(|e| super::server::error_writer(krate, e));
    let server_items = super::server::trait_items(krate);
    quote! {
        //! Operations: requests to send and responses to read, as the service's
        //! protocol writes them. Sans-IO: pair them with any HTTP client.
        // Deprecated operations and errors are still part of the service; the
        // lint is for the caller who uses them, not for this module.
        #![allow(deprecated)]
        #[allow(unused_imports)]
        use crate::{protocol, types};
        #server
        #[allow(unused_imports)]
        use crate::server_support;
        pub use crate::protocol::{ResponseParseError, SerializeError};
        #client
        pub use crate::protocol::{ResponseError, UnmodeledError};
        #server
        pub use crate::server_support::{Limits, RequestRejection};

        /// One operation of the service.
        pub trait Operation {
            /// What the caller gives.
            type Input;
            /// What a successful response holds.
            type Output;
            /// The operation's modelled errors.
            type Error;
            /// The operation's name in the model.
            const NAME: &'static str;
            /// The request for `input`: method, origin-form URI (the caller adds
            /// scheme and host), headers and body.
            #client
            fn serialize_request(input: &Self::Input) -> Result<::http::Request<Vec<u8>>, SerializeError>;
            /// Reads a response: the output, a modelled error, or why not.
            #client
            fn parse_response<B: AsRef<[u8]>>(
                response: &::http::Response<B>,
            ) -> Result<Self::Output, ResponseError<Self::Error>>;
            /// The host prefix (`@endpoint`) to put before the endpoint's host, with
            /// its labels filled; `None` when the operation has none.
            #client
            fn host_prefix(input: &Self::Input) -> Result<Option<String>, SerializeError> {
                let _ = input;
                Ok(None)
            }
            #server_items
        }

        #(#mods)*
        #(#client #readers)*
        #(#server #writers)*
    }
}

/// `src/operation/<op>.rs`.
pub fn file(krate: &Crate, ops: &Operations, op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let error = format_ident!("{}Error", op.name);
    let docs = tokens::docs_or(op.docs.as_deref(), &format!("The `{}` operation.", op.name));
    let deprecated = tokens::deprecated(op.deprecated.as_ref());
    let input_ty = io_type(krate, op.input);
    let output_ty = io_type(krate, op.output);
    let op_name = &op.name;
    let client = super::cfg(krate, &[super::CLIENT]);
    let server = super::cfg(krate, &[super::SERVER]);
    let request = serialize_request(krate, op);
    let response = parse_response(op);
    let host_prefix = host_prefix(krate, op);
    let server_impl = super::server::impl_items(krate, ops, op);
    let server_items = super::server::file_items(krate, op);
    // An empty `host_prefix` (the trait's default) takes no attribute.
    let host_prefix = (!host_prefix.is_empty()).then(|| quote!(#client #host_prefix));
    let read_output = op.output.map(|ty| {
        let path = type_path(krate, ty);
        let read = read_structure(krate, ty, &op.response, true);
        quote! {
            #client
            fn read_output(status: u16, headers: &::http::HeaderMap, body: &[u8]) -> Result<#path, protocol::ResponseParseError> {
                let _ = (status, headers, body);
                #read
            }
        }
    });
    let errors: Vec<&ErrorShape> = op.errors.iter().map(|&i| &ops.errors[i]).collect();
    let variants = errors.iter().map(|e| {
        let variant = ident(&krate.types[e.ty].name);
        let path = type_path(krate, e.ty);
        let doc = format!(" `{}`.", e.code);
        quote!(#[doc = #doc] #variant(#path),)
    });
    let arms = errors.iter().map(|e| {
        let variant = ident(&krate.types[e.ty].name);
        let code = &e.code;
        let reader = error_reader_name(krate, e.ty);
        quote!(Some(#code) => super::#reader(headers, body).map(#error::#variant),)
    });
    let error_doc = format!(" The errors `{}` models.", op.name);
    let parse_error = if errors.is_empty() {
        quote! {
            fn parse_error(status: ::http::StatusCode, headers: &::http::HeaderMap, body: &[u8]) -> protocol::ResponseError<#error> {
                protocol::ResponseError::Unmodeled(protocol::ErrorInfo::read(headers, body).unmodeled(status, body))
            }
        }
    } else {
        quote! {
            fn parse_error(status: ::http::StatusCode, headers: &::http::HeaderMap, body: &[u8]) -> protocol::ResponseError<#error> {
                let info = protocol::ErrorInfo::read(headers, body);
                let parsed = match info.code() {
                    #(#arms)*
                    _ => return protocol::ResponseError::Unmodeled(info.unmodeled(status, body)),
                };
                match parsed {
                    Ok(error) => protocol::ResponseError::Modeled(error),
                    Err(error) => protocol::ResponseError::Parse(error),
                }
            }
        }
    };
    quote! {
        #[allow(unused_imports)]
        use crate::{primitives, protocol, types};
        #server
        #[allow(unused_imports)]
        use crate::server_support;

        #docs
        #deprecated
        #[derive(Clone, Copy, Debug, Default)]
        pub struct #name;

        #[doc = #error_doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #error {
            #(#variants)*
        }

        impl super::Operation for #name {
            type Input = #input_ty;
            type Output = #output_ty;
            type Error = #error;
            const NAME: &'static str = #op_name;
            #client
            #request
            #client
            #response
            #host_prefix
            #server_impl
        }

        #client
        #parse_error
        #read_output
        #server_items
    }
}

fn serialize_request(krate: &Crate, op: &Operation) -> TokenStream {
    if let Some(why) = &op.unsupported {
        return quote! {
            fn serialize_request(input: &Self::Input) -> Result<::http::Request<Vec<u8>>, protocol::SerializeError> {
                let _ = input;
                Err(protocol::SerializeError::Unsupported(#why))
            }
        };
    }
    let method = &op.http.method;
    let body = match op.protocol {
        Protocol::RestJson1 => rest_request(krate, op),
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
            let content_type = if op.protocol == Protocol::AwsJson1_0 {
                "application/x-amz-json-1.0"
            } else {
                "application/x-amz-json-1.1"
            };
            let target = &op.target;
            let write = if op.input.is_some() {
                quote!(message.json(input)?;)
            } else {
                quote!(message.bytes(b"{}".to_vec());)
            };
            quote! {
                message.path("/");
                message.header("content-type", #content_type);
                message.header("x-amz-target", #target);
                #write
            }
        }
    };
    let token = op.idempotency_token.map(|i| {
        let input_ty = structure(krate, op.input.expect("a token member has an input"));
        let field = ident(&input_ty.members[i].field);
        quote! {
            let mut input = ::std::borrow::Cow::Borrowed(input);
            if input.#field.is_none() {
                input.to_mut().#field = Some(protocol::idempotency_token());
            }
            let input = &*input;
        }
    });
    let unused = quote!(let _ = input;);
    let checksum = op.checksum_required.then(|| {
        quote! {
            let digest = ::md5::compute(message.body());
            message.header("content-md5", crate::codec::base64_encode(&digest.0));
        }
    });
    quote! {
        fn serialize_request(input: &Self::Input) -> Result<::http::Request<Vec<u8>>, protocol::SerializeError> {
            #unused
            #token
            let mut message = protocol::MessageBuilder::new(#method);
            #body
            #checksum
            message.finish()
        }
    }
}

fn rest_request(krate: &Crate, op: &Operation) -> TokenStream {
    let input = quote!(input);
    let s = op.input.map(|i| structure(krate, i));
    let member = |i: usize| &s.expect("bindings need an input").members[i];
    let binding = |i: usize| op.request.iter().find(|b| b.member == i);
    let mut out = Vec::new();
    for part in &op.http.path {
        out.push(match part {
            PathPart::Literal(text) => quote!(message.path(#text);),
            PathPart::Label { member: i, greedy } => {
                let m = member(*i);
                let b = binding(*i).expect("a label member is bound");
                let value = opt_ref(&input, m);
                let text = text(
                    krate,
                    &m.ty,
                    quote!(v),
                    format_of(b, TimestampFormat::DateTime),
                    false,
                );
                let name = &m.name;
                quote! {
                    let value = #value.map(|v| #text);
                    message.label(#name, value.as_deref(), #greedy)?;
                }
            }
        });
    }
    for (key, value) in &op.http.query {
        let value = match value {
            Some(v) => quote!(Some(#v)),
            None => quote!(None),
        };
        out.push(quote!(message.query_literal(#key, #value);));
    }
    // Keys a query-params map must not repeat: bound query names and literals.
    let reserved: Vec<&str> = op
        .request
        .iter()
        .filter_map(|b| match &b.location {
            Location::Query(name) => Some(name.as_str()),
            _ => None,
        })
        .chain(op.http.query.iter().map(|(k, _)| k.as_str()))
        .collect();
    for b in &op.request {
        let m = member(b.member);
        let value = opt_ref(&input, m);
        match &b.location {
            Location::Query(name) => {
                let f = format_of(b, TimestampFormat::DateTime);
                out.push(match &m.ty {
                    Ty::List { item, .. } => {
                        let text = text(krate, item, quote!(v), f, false);
                        quote!(if let Some(list) = #value { for v in list { message.query(#name, &#text); } })
                    }
                    ty => {
                        let text = text(krate, ty, quote!(v), f, false);
                        quote!(if let Some(v) = #value { message.query(#name, &#text); })
                    }
                });
            }
            Location::QueryParams => {
                let write = match &m.ty {
                    Ty::Map { value: v, .. } => match &**v {
                        Ty::List { item, .. } => {
                            let text =
                                text(krate, item, quote!(v), TimestampFormat::DateTime, false);
                            quote!(for v in values { message.query(key.as_str(), &#text); })
                        }
                        ty => {
                            let text =
                                text(krate, ty, quote!(values), TimestampFormat::DateTime, false);
                            quote!(message.query(key.as_str(), &#text);)
                        }
                    },
                    _ => quote!(let _ = values;),
                };
                out.push(quote! {
                    if let Some(map) = #value {
                        for (key, values) in map {
                            if ![#(#reserved),*].contains(&key.as_str()) {
                                #write
                            }
                        }
                    }
                });
            }
            _ => {}
        }
    }
    if let Some(s) = s {
        out.push(header_writes(krate, s, &op.request, &input));
    }
    out.push(request_body(krate, op, s));
    quote!(#(#out)*)
}

fn request_body(krate: &Crate, op: &Operation, s: Option<&Structure>) -> TokenStream {
    let Some(s) = s else {
        return quote!();
    };
    body_write(krate, &op.request, s, &quote!(input), false)
}

fn parse_response(op: &Operation) -> TokenStream {
    let code = op.http.code;
    let read = match op.output {
        None => quote!(let _ = (status, headers, body); Ok(())),
        Some(_) => {
            quote!(read_output(status, headers, body).map_err(protocol::ResponseError::Parse))
        }
    };
    quote! {
        fn parse_response<B: AsRef<[u8]>>(
            response: &::http::Response<B>,
        ) -> Result<Self::Output, protocol::ResponseError<Self::Error>> {
            let body = response.body().as_ref();
            let headers = response.headers();
            if !protocol::is_success(response.status(), #code) {
                return Err(parse_error(response.status(), headers, body));
            }
            let status = response.status().as_u16();
            #read
        }
    }
}

/// Statements of a function body returning `Result<T, ResponseParseError>`
/// that read structure `ty` from `headers`, `body` (and `status`, when `with_status`).
fn read_structure(
    krate: &Crate,
    ty: usize,
    bindings: &[Binding],
    with_status: bool,
) -> TokenStream {
    let s = structure(krate, ty);
    let path = type_path(krate, ty);
    let all_body = bindings.iter().all(|b| b.location == Location::Body);
    if all_body {
        return quote!(protocol::json_body::<#path>(body));
    }
    let builder_name = format_ident!("{}Builder", krate.types[ty].name);
    let start = match &s.http_body {
        Some(members) if !members.is_empty() => {
            quote!(protocol::json_body::<protocol::BodyOf<types::builders::#builder_name>>(body)?.0)
        }
        _ => quote!(#path::builder()),
    };
    let mut sets = Vec::new();
    for b in bindings {
        let m = &s.members[b.member];
        let setter = ident(&m.option_setter);
        let value = match &b.location {
            Location::Header(name) => {
                let f = format_of(b, TimestampFormat::HttpDate);
                match &m.ty {
                    Ty::List { item, .. } => {
                        let parse = from_text(krate, item, f, b.media_type);
                        let dates =
                            matches!(**item, Ty::Timestamp(_)) && f == TimestampFormat::HttpDate;
                        quote!(protocol::header_list_of(headers, #name, #dates, #parse)?)
                    }
                    ty => {
                        let parse = from_text(krate, ty, f, b.media_type);
                        quote!(protocol::header(headers, #name, #parse)?)
                    }
                }
            }
            Location::PrefixHeaders(prefix) => quote!(protocol::prefix_headers(headers, #prefix)?),
            Location::ResponseCode if with_status => quote!(Some(i32::from(status))),
            Location::Payload(kind) => match kind {
                Payload::Json => quote!(protocol::json_payload(body)?),
                Payload::Blob { .. } => quote!(protocol::blob_payload(body)),
                Payload::Text { .. } => match &m.ty {
                    Ty::Named(i) => {
                        let p = type_path(krate, *i);
                        quote!(protocol::text_payload(body)?.map(#p::from))
                    }
                    _ => quote!(protocol::text_payload(body)?),
                },
            },
            _ => continue,
        };
        sets.push(quote!(builder = builder.#setter(#value);));
    }
    let build = if s.builder_fallible {
        quote!(builder.build().map_err(protocol::ResponseParseError::from))
    } else {
        quote!(Ok(builder.build()))
    };
    quote! {
        let mut builder = #start;
        #(#sets)*
        #build
    }
}

/// `read_<error>(headers, body)`, shared by the operations that return it.
fn error_reader(krate: &Crate, e: &ErrorShape) -> TokenStream {
    let reader = error_reader_name(krate, e.ty);
    let path = type_path(krate, e.ty);
    let read = read_structure(krate, e.ty, &e.bindings, false);
    quote! {
        fn #reader(headers: &::http::HeaderMap, body: &[u8]) -> Result<#path, protocol::ResponseParseError> {
            let _ = (headers, body);
            #read
        }
    }
}

fn host_prefix(krate: &Crate, op: &Operation) -> TokenStream {
    let Some(parts) = &op.host_prefix else {
        return quote!();
    };
    let s = op.input.map(|i| structure(krate, i));
    let pushes = parts.iter().map(|p| match p {
        crate::ir::HostPart::Literal(text) if text.chars().count() == 1 => {
            let c = text.chars().next().expect("one char");
            quote!(prefix.push(#c);)
        }
        crate::ir::HostPart::Literal(text) => quote!(prefix.push_str(#text);),
        crate::ir::HostPart::Label(i) => {
            let m = &s.expect("host labels need an input").members[*i];
            let value = opt_ref(&quote!(input), m);
            let name = &m.name;
            quote! {
                match #value.filter(|v| !v.is_empty()) {
                    Some(v) => prefix.push_str(v),
                    None => return Err(protocol::SerializeError::MissingLabel(#name)),
                }
            }
        }
    });
    quote! {
        fn host_prefix(input: &Self::Input) -> Result<Option<String>, protocol::SerializeError> {
            let _ = input;
            let mut prefix = String::new();
            #(#pushes)*
            Ok(Some(prefix))
        }
    }
}
