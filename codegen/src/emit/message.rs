//! What the client and server emitters share: the scalar text of headers,
//! labels and query values, a message's header and body writes, and the
//! names and types both sides refer to.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{self, ident, type_path};
use crate::ir::{
    Binding, Crate, Location, Member, NamedKind, Payload, Presence, Structure, TimestampFormat, Ty,
};

/// `read_<error>`: the shared reader of an error structure.
pub fn error_reader_name(krate: &Crate, ty: usize) -> proc_macro2::Ident {
    format_ident!("read_{}", krate.types[ty].module.trim_start_matches('_'))
}

pub fn io_type(krate: &Crate, ty: Option<usize>) -> TokenStream {
    match ty {
        Some(i) => type_path(krate, i),
        None => quote!(()),
    }
}

pub fn structure(krate: &Crate, ty: usize) -> &Structure {
    match &krate.types[ty].kind {
        NamedKind::Structure(s) => s,
        _ => unreachable!("resolve binds only structures"),
    }
}

/// `Option<&T>` of a member of `value`.
pub fn opt_ref(value: &TokenStream, m: &Member) -> TokenStream {
    let field = ident(&m.field);
    match (&m.presence, m.boxed) {
        (Presence::Optional, false) => quote!(#value.#field.as_ref()),
        (Presence::Optional, true) => quote!(#value.#field.as_deref()),
        (_, false) => quote!(Some(&#value.#field)),
        (_, true) => quote!(Some(&*#value.#field)),
    }
}

pub fn format_tokens(f: TimestampFormat) -> TokenStream {
    match f {
        TimestampFormat::EpochSeconds => quote!(protocol::Format::EpochSeconds),
        TimestampFormat::DateTime => quote!(protocol::Format::DateTime),
        TimestampFormat::HttpDate => quote!(protocol::Format::HttpDate),
    }
}

/// `Cow<str>` of a scalar `v: &T` outside JSON.
pub fn text(
    krate: &Crate,
    ty: &Ty,
    v: TokenStream,
    format: TimestampFormat,
    media_type: bool,
) -> TokenStream {
    match ty {
        Ty::String if media_type => {
            quote!(::std::borrow::Cow::<str>::Owned(protocol::base64_text(#v)))
        }
        Ty::String => quote!(::std::borrow::Cow::<str>::Borrowed(#v.as_str())),
        Ty::Named(i) => match &krate.types[*i].kind {
            NamedKind::IntEnum(_) => {
                quote!(::std::borrow::Cow::<str>::Owned(#v.value().to_string()))
            }
            _ => quote!(::std::borrow::Cow::<str>::Borrowed(#v.as_str())),
        },
        Ty::Timestamp(_) => {
            let f = format_tokens(format);
            quote!(::std::borrow::Cow::<str>::Owned(protocol::timestamp(#v, #f)))
        }
        _ => quote!(protocol::Text::text(#v)),
    }
}

/// A parser `Fn(&str) -> Option<T>` of a scalar outside JSON.
pub fn from_text(krate: &Crate, ty: &Ty, format: TimestampFormat, media_type: bool) -> TokenStream {
    match ty {
        Ty::String if media_type => quote!(protocol::from_base64_text),
        Ty::Named(i) => {
            let path = type_path(krate, *i);
            match &krate.types[*i].kind {
                NamedKind::IntEnum(_) => {
                    quote!(|s: &str| s.parse::<i32>().ok().map(#path::from))
                }
                _ => quote!(|s: &str| Some(#path::from(s))),
            }
        }
        Ty::Timestamp(_) => {
            let f = format_tokens(format);
            quote!(|s: &str| protocol::parse_timestamp(s, #f))
        }
        other => {
            let t = tokens::rust_type(krate, other);
            quote!(<#t as protocol::FromText>::from_text)
        }
    }
}

/// The timestamp format of a binding: its own, else the location's default.
pub fn format_of(b: &Binding, default: TimestampFormat) -> TimestampFormat {
    b.timestamp_format.unwrap_or(default)
}

/// The header writes of a message from `value`'s members: prefix headers
/// first, so that a bound header of the same name replaces them.
pub fn header_writes(
    krate: &Crate,
    s: &Structure,
    bindings: &[Binding],
    value: &TokenStream,
) -> TokenStream {
    let mut out = Vec::new();
    for b in bindings {
        if let Location::PrefixHeaders(prefix) = &b.location {
            let map = opt_ref(value, &s.members[b.member]);
            out.push(quote! {
                if let Some(map) = #map {
                    for (key, value) in map {
                        message.header(format!("{}{}", #prefix, key.as_str()), value.as_str());
                    }
                }
            });
        }
    }
    for b in bindings {
        if let Location::Header(name) = &b.location {
            out.push(header_write(krate, &s.members[b.member], b, name, value));
        }
    }
    quote!(#(#out)*)
}

fn header_write(
    krate: &Crate,
    m: &Member,
    b: &Binding,
    name: &str,
    input: &TokenStream,
) -> TokenStream {
    let value = opt_ref(input, m);
    let f = format_of(b, TimestampFormat::HttpDate);
    match &m.ty {
        Ty::List { item, .. } => {
            let text = text(krate, item, quote!(v), f, b.media_type);
            let quoted = !matches!(**item, Ty::Timestamp(_)) || f != TimestampFormat::HttpDate;
            quote! {
                if let Some(list) = #value {
                    message.header(#name, protocol::header_list(list.iter().map(|v| #text), #quoted));
                }
            }
        }
        ty => {
            let text = text(krate, ty, quote!(v), f, b.media_type);
            quote!(if let Some(v) = #value { message.header(#name, #text.into_owned()); })
        }
    }
}

/// Writes the body of a message from `value`'s members: its payload member,
/// or its body members as JSON. With `always_json`, a structure without
/// body members is still `{}` (responses).
pub fn body_write(
    krate: &Crate,
    bindings: &[Binding],
    s: &Structure,
    value_expr: &TokenStream,
    always_json: bool,
) -> TokenStream {
    let input = value_expr.clone();
    if let Some(b) = bindings
        .iter()
        .find(|b| matches!(b.location, Location::Payload(_)))
    {
        let m = &s.members[b.member];
        let value = opt_ref(&input, m);
        let Location::Payload(kind) = &b.location else {
            unreachable!()
        };
        return match kind {
            Payload::Json => {
                let is_struct = matches!(&m.ty, Ty::Named(i) if matches!(krate.types[*i].kind, NamedKind::Structure(_)));
                let set = quote! {
                    message.default_header("content-type", "application/json");
                    message.json(v)?;
                };
                if is_struct {
                    // An unset structure payload is still an empty object.
                    quote! {
                        match #value {
                            Some(v) => { #set }
                            None => {
                                message.default_header("content-type", "application/json");
                                message.bytes(b"{}".to_vec());
                            }
                        }
                    }
                } else {
                    quote!(if let Some(v) = #value { #set })
                }
            }
            Payload::Blob { media_type } => {
                let ct = media_type.as_deref().unwrap_or("application/octet-stream");
                quote! {
                    if let Some(v) = #value {
                        message.default_header("content-type", #ct);
                        message.bytes(v.clone());
                    }
                }
            }
            Payload::Text { media_type } => {
                let ct = media_type.as_deref().unwrap_or("text/plain");
                quote! {
                    if let Some(v) = #value {
                        message.default_header("content-type", #ct);
                        message.bytes(v.as_str().as_bytes().to_vec());
                    }
                }
            }
        };
    }
    if !bindings.iter().any(|b| b.location == Location::Body) {
        if always_json {
            return quote! {
                message.default_header("content-type", "application/json");
                message.bytes(b"{}".to_vec());
            };
        }
        return quote!();
    }
    let write = if s.http_body.is_some() {
        quote!(message.json(&protocol::Body(#input))?;)
    } else {
        quote!(message.json(#input)?;)
    };
    quote! {
        message.default_header("content-type", "application/json");
        #write
    }
}
