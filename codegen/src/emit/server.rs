//! The server side of operations: each operation's request reader, route,
//! response and error writers, and the `server` module's router. The binding
//! plan comes from the IR; the protocol rules live in the `server_support`
//! runtime module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::message::{
    body_write, error_reader_name, format_of, from_text, header_writes, io_type, opt_ref, structure,
};
use super::tokens::{ident, type_path};
use crate::ir::{
    Binding, Crate, ErrorShape, Location, Operation, Operations, PathPart, Payload, Protocol,
    Structure, TimestampFormat, Ty,
};

fn protocol_tokens(p: Protocol) -> TokenStream {
    match p {
        Protocol::RestJson1 => quote!(server_support::Protocol::RestJson1),
        Protocol::AwsJson1_0 => quote!(server_support::Protocol::AwsJson1_0),
        Protocol::AwsJson1_1 => quote!(server_support::Protocol::AwsJson1_1),
    }
}

/// The server methods of the `Operation` trait.
pub fn trait_items(krate: &Crate) -> TokenStream {
    let server = super::cfg(krate, &[super::SERVER]);
    quote! {
        /// Reads a request as a server does, with the default [`Limits`]:
        /// checks its media types, parses it and validates it. A rejected
        /// request says how to answer it ([`RequestRejection::to_response`]).
        #server
        fn parse_request<B: AsRef<[u8]>>(request: &::http::Request<B>) -> Result<Self::Input, RequestRejection> {
            Self::parse_request_with(request, &Limits::default())
        }
        /// [`Operation::parse_request`] within `limits`.
        #server
        fn parse_request_with<B: AsRef<[u8]>>(
            request: &::http::Request<B>,
            limits: &Limits,
        ) -> Result<Self::Input, RequestRejection>;
        /// The response for `output`, as a server writes it.
        #server
        fn serialize_response(output: &Self::Output) -> Result<::http::Response<Vec<u8>>, SerializeError>;
        /// The response for a modelled error, as a server writes it.
        #server
        fn serialize_error(error: &Self::Error) -> Result<::http::Response<Vec<u8>>, SerializeError>;
    }
}

/// The server methods of an operation's `Operation` impl.
pub fn impl_items(krate: &Crate, ops: &Operations, op: &Operation) -> TokenStream {
    let error = format_ident!("{}Error", op.name);
    let parse = match (op.protocol, &op.unsupported) {
        (_, Some(why)) => quote! {
            let _ = (request, limits);
            Err(server_support::RequestRejection::new(PROTOCOL, server_support::Rejection::Unsupported(#why)))
        },
        (Protocol::RestJson1, None) => quote! {
            server_support::parse_routed(request, limits, &ROUTE, read_request)
        },
        (_, None) => {
            let target = &op.target;
            quote! {
                server_support::parse_targeted(request, limits, PROTOCOL, #target, read_request)
            }
        }
    };
    let response = serialize_response(krate, op);
    let arms = op.errors.iter().map(|&i| {
        let e = &ops.errors[i];
        let variant = ident(&krate.types[e.ty].name);
        let writer = error_writer_name(krate, e.ty);
        quote!(#error::#variant(e) => super::#writer(e, PROTOCOL),)
    });
    let errors = if op.errors.is_empty() {
        quote!(match *error {})
    } else {
        quote!(match error { #(#arms)* })
    };
    let server = super::cfg(krate, &[super::SERVER]);
    quote! {
        #server
        fn parse_request_with<B: AsRef<[u8]>>(
            request: &::http::Request<B>,
            limits: &server_support::Limits,
        ) -> Result<Self::Input, server_support::RequestRejection> {
            #parse
        }
        #server
        #response
        #server
        fn serialize_error(error: &Self::Error) -> Result<::http::Response<Vec<u8>>, protocol::SerializeError> {
            #errors
        }
    }
}

/// The operation file's server items: its protocol, route and request reader.
pub fn file_items(krate: &Crate, op: &Operation) -> TokenStream {
    let protocol = protocol_tokens(op.protocol);
    let route = (op.protocol == Protocol::RestJson1).then(|| route(op));
    let input_ty = io_type(krate, op.input);
    let read = if op.unsupported.is_some() {
        quote!(let _ = (request, labels); Err(server_support::Rejection::Unsupported("streaming")))
    } else if op.protocol == Protocol::RestJson1 {
        rest_read(krate, op)
    } else {
        let read = match op.input {
            Some(_) => quote! {
                let (input, missing) = server_support::read_json(request.body().as_ref())?;
                server_support::validated(input, missing)
            },
            None => quote!(Ok(())),
        };
        quote! {
            let _ = labels;
            server_support::check_aws_json(request, PROTOCOL)?;
            #read
        }
    };
    let server = super::cfg(krate, &[super::SERVER]);
    let route = route.map(|r| quote!(#server #r));
    // A restJson1 operation names its protocol only to write its errors or
    // to refuse a stream.
    let uses_protocol =
        op.protocol != Protocol::RestJson1 || !op.errors.is_empty() || op.unsupported.is_some();
    let protocol = uses_protocol.then(|| {
        quote! {
            #server
            const PROTOCOL: server_support::Protocol = #protocol;
        }
    });
    quote! {
        #protocol
        #route
        /// Reads a request routed to this operation (`labels`: the path's
        /// label values, in pattern order).
        #server
        pub(crate) fn read_request<B: AsRef<[u8]>>(
            request: &::http::Request<B>,
            labels: &[String],
        ) -> Result<#input_ty, server_support::Rejection> {
            #read
        }
    }
}

fn route(op: &Operation) -> TokenStream {
    let mut segments = Vec::new();
    for part in &op.http.path {
        match part {
            PathPart::Literal(text) => {
                for s in text.split('/').filter(|s| !s.is_empty()) {
                    segments.push(quote!(server_support::Seg::Literal(#s)));
                }
            }
            PathPart::Label { greedy: true, .. } => {
                segments.push(quote!(server_support::Seg::Greedy))
            }
            PathPart::Label { .. } => segments.push(quote!(server_support::Seg::Label)),
        }
    }
    let query = op.http.query.iter().map(|(k, v)| match v {
        Some(v) => quote!((#k, Some(#v))),
        None => quote!((#k, None)),
    });
    let method = &op.http.method;
    quote! {
        pub(crate) const ROUTE: server_support::Route = server_support::Route {
            method: #method,
            path: &[#(#segments),*],
            query: &[#(#query),*],
        };
    }
}

/// The media type of the response body, for the `Accept` check; `None`
/// for a blob payload without `@mediaType`, which takes any `Accept`.
fn produces(op: &Operation) -> Option<String> {
    for b in &op.response {
        match &b.location {
            Location::Payload(Payload::Blob { media_type }) => return media_type.clone(),
            Location::Payload(Payload::Text { media_type }) => {
                return Some(media_type.clone().unwrap_or_else(|| "text/plain".into()))
            }
            _ => {}
        }
    }
    Some("application/json".into())
}

/// What the request body may be, for the `Content-Type` check.
fn expects(op: &Operation, s: Option<&Structure>) -> TokenStream {
    if s.is_none() {
        return quote!(server_support::Expects::Nothing);
    }
    for b in &op.request {
        match &b.location {
            Location::Payload(Payload::Json) => {
                return quote!(server_support::Expects::Body("application/json"))
            }
            Location::Payload(Payload::Blob { media_type: None }) => {
                return quote!(server_support::Expects::Anything)
            }
            Location::Payload(Payload::Blob {
                media_type: Some(mt),
            }) => return quote!(server_support::Expects::Body(#mt)),
            Location::Payload(Payload::Text { media_type }) => {
                let mt = media_type.as_deref().unwrap_or("text/plain");
                return quote!(server_support::Expects::Body(#mt));
            }
            _ => {}
        }
    }
    if op.request.iter().any(|b| b.location == Location::Body) {
        return quote!(server_support::Expects::Body("application/json"));
    }
    // No body members: any Content-Type (see `Expects::Anything`).
    quote!(server_support::Expects::Anything)
}

fn rest_read(krate: &Crate, op: &Operation) -> TokenStream {
    let accept = produces(op).map(|p| quote!(server_support::check_accept(request, #p)?;));
    let s = op.input.map(|i| structure(krate, i));
    let expects = expects(op, s);
    let checks = quote! {
        let _ = labels;
        // Labels, headers and query values are untrusted input too.
        let _untrusted = crate::lenient::Lenient::start();
        #accept
        server_support::check_content_type(request, #expects)?;
    };
    let (Some(ty), Some(s)) = (op.input, s) else {
        return quote!(#checks Ok(()));
    };
    let path = type_path(krate, ty);
    if op.request.iter().all(|b| b.location == Location::Body) {
        return quote! {
            #checks
            let (input, missing) = server_support::read_json::<#path>(request.body().as_ref())?;
            server_support::validated(input, missing)
        };
    }
    let builder_name = format_ident!("{}Builder", krate.types[ty].name);
    let more_missing = s.builder_fallible
        || op
            .request
            .iter()
            .any(|b| b.location == Location::Payload(Payload::Json));
    let missing_var = if more_missing {
        quote!(mut missing)
    } else {
        quote!(missing)
    };
    let start = match &s.http_body {
        Some(members) if !members.is_empty() => quote! {
            let (start, #missing_var) = server_support::read_json::<
                protocol::BodyOf<types::builders::#builder_name>,
            >(body)?;
            let mut builder = start.0;
        },
        _ => quote! {
            let mut builder = #path::builder();
            let #missing_var: Vec<String> = Vec::new();
        },
    };
    let label_order: Vec<usize> = op
        .http
        .path
        .iter()
        .filter_map(|p| match p {
            PathPart::Label { member, .. } => Some(*member),
            _ => None,
        })
        .collect();
    let uses_query = op
        .request
        .iter()
        .any(|b| matches!(b.location, Location::Query(_) | Location::QueryParams));
    let query = uses_query.then(|| quote!(let query = server_support::Query::of(request);));
    let sets = op
        .request
        .iter()
        .filter_map(|b| read_binding(krate, s, b, &label_order));
    let build = if s.builder_fallible {
        quote! {
            let lenient = crate::lenient::Lenient::start();
            let input = builder.build_lenient();
            missing.extend(lenient.finish());
        }
    } else {
        quote!(let input = builder.build();)
    };
    quote! {
        #checks
        let body = request.body().as_ref();
        let headers = request.headers();
        let _ = (body, headers);
        #query
        #start
        #(#sets)*
        #build
        server_support::validated(input, missing)
    }
}

/// `builder = builder.set_x(..)?;` for a member outside the JSON body.
fn read_binding(
    krate: &Crate,
    s: &Structure,
    b: &Binding,
    label_order: &[usize],
) -> Option<TokenStream> {
    let m = &s.members[b.member];
    let setter = ident(&m.option_setter);
    let name = &m.name;
    let value = match &b.location {
        Location::Label => {
            let index = label_order.iter().position(|&i| i == b.member)?;
            let parse = from_text(krate, &m.ty, format_of(b, TimestampFormat::DateTime), false);
            quote!(server_support::label(labels, #index, #name, #parse)?)
        }
        Location::Query(key) => {
            let f = format_of(b, TimestampFormat::DateTime);
            match &m.ty {
                Ty::List { item, .. } => {
                    let parse = from_text(krate, item, f, false);
                    quote!(query.all(#key, #parse)?)
                }
                ty => {
                    let parse = from_text(krate, ty, f, false);
                    quote!(query.one(#key, #parse)?)
                }
            }
        }
        Location::QueryParams => match &m.ty {
            Ty::Map { value, .. } => match &**value {
                Ty::List { item, .. } => {
                    let parse = from_text(krate, item, TimestampFormat::DateTime, false);
                    quote!(query.map_all(#parse)?)
                }
                ty => {
                    let parse = from_text(krate, ty, TimestampFormat::DateTime, false);
                    quote!(query.map_first(#parse)?)
                }
            },
            _ => return None,
        },
        Location::Header(header) => {
            let f = format_of(b, TimestampFormat::HttpDate);
            match &m.ty {
                Ty::List { item, .. } => {
                    let parse = from_text(krate, item, f, b.media_type);
                    let dates =
                        matches!(**item, Ty::Timestamp(_)) && f == TimestampFormat::HttpDate;
                    quote!(protocol::header_list_of(headers, #header, #dates, #parse)
                        .map_err(server_support::header_rejection)?)
                }
                ty => {
                    let parse = from_text(krate, ty, f, b.media_type);
                    quote!(protocol::header(headers, #header, #parse)
                        .map_err(server_support::header_rejection)?)
                }
            }
        }
        Location::PrefixHeaders(prefix) => quote! {
            protocol::prefix_headers(headers, #prefix).map_err(server_support::header_rejection)?
        },
        Location::Payload(kind) => match kind {
            Payload::Json => {
                let wire = &m.wire;
                quote! {{
                    let (value, payload_missing) = server_support::read_json_payload(body)?;
                    missing.extend(server_support::under(#wire, payload_missing));
                    value
                }}
            }
            Payload::Blob { .. } => quote!(protocol::blob_payload(body)),
            Payload::Text { .. } => match &m.ty {
                Ty::Named(i) => {
                    let p = type_path(krate, *i);
                    quote!(server_support::read_text_payload(body)?.map(#p::from))
                }
                _ => quote!(server_support::read_text_payload(body)?),
            },
        },
        Location::ResponseCode | Location::Body => return None,
    };
    Some(quote!(builder = builder.#setter(#value);))
}

fn serialize_response(krate: &Crate, op: &Operation) -> TokenStream {
    let code = op.http.code;
    let body = if let Some(why) = &op.unsupported {
        quote! {
            let _ = output;
            Err(protocol::SerializeError::Unsupported(#why))
        }
    } else {
        match (op.protocol, op.output) {
            (Protocol::RestJson1, None) => quote! {
                let _ = output;
                protocol::MessageBuilder::response().finish_response(#code)
            },
            (Protocol::RestJson1, Some(ty)) => rest_response(krate, op, ty),
            (_, output) => {
                let ct = if op.protocol == Protocol::AwsJson1_0 {
                    "application/x-amz-json-1.0"
                } else {
                    "application/x-amz-json-1.1"
                };
                let write = match output {
                    Some(_) => quote!(message.json(output)?;),
                    // No output: no body, yet the protocol's Content-Type.
                    None => quote!(let _ = output;),
                };
                quote! {
                    let mut message = protocol::MessageBuilder::response();
                    message.header("content-type", #ct);
                    #write
                    message.finish_response(200)
                }
            }
        }
    };
    quote! {
        fn serialize_response(output: &Self::Output) -> Result<::http::Response<Vec<u8>>, protocol::SerializeError> {
            #body
        }
    }
}

fn rest_response(krate: &Crate, op: &Operation, ty: usize) -> TokenStream {
    let s = structure(krate, ty);
    let value = quote!(output);
    let writes = message_writes(krate, s, &op.response, &value);
    let code = op.http.code;
    let status = op
        .response
        .iter()
        .find(|b| b.location == Location::ResponseCode)
        .map(|b| {
            let v = opt_ref(&value, &s.members[b.member]);
            quote!(#v.and_then(|c| u16::try_from(*c).ok()).unwrap_or(#code))
        })
        .unwrap_or_else(|| quote!(#code));
    quote! {
        let _ = output;
        let mut message = protocol::MessageBuilder::response();
        #writes
        message.finish_response(#status)
    }
}

/// Headers and body of a response from `value`'s members.
fn message_writes(
    krate: &Crate,
    s: &Structure,
    bindings: &[Binding],
    value: &TokenStream,
) -> TokenStream {
    let headers = header_writes(krate, s, bindings, value);
    let body = body_write(krate, bindings, s, value, true);
    quote!(#headers #body)
}

/// `write_<error>`: the shared writer of an error structure.
fn error_writer_name(krate: &Crate, ty: usize) -> proc_macro2::Ident {
    let reader = error_reader_name(krate, ty).to_string();
    format_ident!("write_{}", reader.trim_start_matches("read_"))
}

/// `write_<error>(error, protocol)`, shared by the operations that return it.
pub fn error_writer(krate: &Crate, e: &ErrorShape) -> TokenStream {
    let writer = error_writer_name(krate, e.ty);
    let path = type_path(krate, e.ty);
    let s = structure(krate, e.ty);
    let headers = header_writes(krate, s, &e.bindings, &quote!(error));
    let body = match &s.http_body {
        None => quote!(error),
        Some(members) if members.is_empty() => quote!(&::serde_json::json!({})),
        Some(_) => quote!(&protocol::Body(error)),
    };
    let code = &e.code;
    let status = e.status;
    quote! {
        pub(crate) fn #writer(
            error: &#path,
            wire: server_support::Protocol,
        ) -> Result<::http::Response<Vec<u8>>, protocol::SerializeError> {
            let mut message = protocol::MessageBuilder::response();
            #headers
            message.header("x-amzn-errortype", #code);
            server_support::write_error_body(&mut message, wire, #code, #body)?;
            message.finish_response(#status)
        }
    }
}

/// `src/server.rs`: the request enum and the router.
pub fn module(krate: &Crate, ops: &Operations) -> TokenStream {
    let variants = ops.operations.iter().map(|op| {
        let name = ident(&op.name);
        let doc = format!(" A `{}` request.", op.name);
        match op.input {
            Some(ty) => {
                let path = type_path(krate, ty);
                quote!(#[doc = #doc] #name(#path),)
            }
            None => quote!(#[doc = #doc] #name,),
        }
    });
    let names = ops.operations.iter().map(|op| {
        let name = ident(&op.name);
        let text = &op.name;
        match op.input {
            Some(_) => quote!(Request::#name(_) => #text,),
            None => quote!(Request::#name => #text,),
        }
    });
    let wrap = |op: &Operation| {
        let name = ident(&op.name);
        match op.input {
            Some(_) => quote!(Request::#name),
            None => quote!(|()| Request::#name),
        }
    };
    let routes = ops.routes.iter().map(|&i| {
        let op = &ops.operations[i];
        let module = ident(&op.module);
        let wrap = wrap(op);
        quote! {
            match operation::#module::ROUTE.matches(request) {
                server_support::Matched::Yes(labels) => {
                    return operation::#module::read_request(request, &labels)
                        .map(#wrap)
                        .map_err(|r| server_support::RequestRejection::new(server_support::Protocol::RestJson1, r));
                }
                server_support::Matched::OtherMethod => other_method = true,
                server_support::Matched::No => {}
            }
        }
    });
    let targets: Vec<TokenStream> = ops
        .operations
        .iter()
        .filter(|op| op.protocol != Protocol::RestJson1)
        .map(|op| {
            let module = ident(&op.module);
            let target = &op.target;
            let wrap = wrap(op);
            let protocol = protocol_tokens(op.protocol);
            quote! {
                if target == Some(#target) {
                    return operation::#module::read_request(request, &[])
                        .map(#wrap)
                        .map_err(|r| server_support::RequestRejection::new(#protocol, r));
                }
            }
        })
        .collect();
    let by_target = (!targets.is_empty()).then(|| {
        quote! {
            let target = server_support::target(request);
            #(#targets)*
        }
    });
    let other_method = if ops.routes.is_empty() {
        quote!(let other_method = false;)
    } else {
        quote!(let mut other_method = false;)
    };
    let default_protocol = ops
        .operations
        .iter()
        .map(|op| op.protocol)
        .min()
        .map(protocol_tokens)
        .unwrap_or_else(|| quote!(server_support::Protocol::RestJson1));
    quote! {
        //! Requests as a server reads them: routed to their operation,
        //! parsed and validated, or rejected as the protocol says.
        #![allow(deprecated)]
        #[allow(unused_imports)]
        use crate::{operation, server_support, types};
        pub use crate::server_support::{Limits, Rejection, RequestRejection};

        /// A request routed to its operation, with its input.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Request {
            #(#variants)*
        }

        impl Request {
            /// The operation's name in the model.
            pub fn operation_name(&self) -> &'static str {
                match self {
                    #(#names)*
                }
            }
        }

        /// Routes a request to its operation and reads it, with the default [`Limits`].
        pub fn parse_request<B: AsRef<[u8]>>(request: &::http::Request<B>) -> Result<Request, RequestRejection> {
            parse_request_with(request, &Limits::default())
        }

        /// [`parse_request`] within `limits`.
        pub fn parse_request_with<B: AsRef<[u8]>>(
            request: &::http::Request<B>,
            limits: &Limits,
        ) -> Result<Request, RequestRejection> {
            let protocol = #default_protocol;
            server_support::check_limits(request, limits)
                .map_err(|r| RequestRejection::new(protocol, r))?;
            #other_method
            #(#routes)*
            #by_target
            let rejection = if other_method {
                Rejection::MethodNotAllowed
            } else {
                Rejection::UnknownOperation
            };
            Err(RequestRejection::new(protocol, rejection))
        }
    }
}
