//! Structures: the type, its builder, and `Debug` / `Error` where needed.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::ir::{Crate, Member, NamedType, Presence, Structure};

pub fn emit(krate: &Crate, t: &NamedType, s: &Structure) -> TokenStream {
    let name = ident(&t.local_name);
    let builder = format_ident!("{}Builder", t.name);
    let mut text = t
        .docs
        .clone()
        .unwrap_or_else(|| format!("The `{}` structure.", t.name));
    for stream in &s.streams {
        text.push_str(&format!(
            "\n\nThe `{stream}` member is a stream (`@streaming`): it travels outside the JSON body and is not part of this type."
        ));
    }
    let docs = tokens::docs(Some(&text));
    let deprecated = tokens::deprecated(t.deprecated.as_ref());
    let sensitive = s.members.iter().any(|m| m.sensitive);
    let debug_derive = if sensitive { quote!() } else { quote!(Debug,) };

    let fields = s.members.iter().map(|m| {
        let field = ident(&m.field);
        let ty = tokens::field_type(krate, m);
        let docs = tokens::docs_or(m.docs.as_deref(), &format!("The `{}` member.", m.name));
        let deprecated = tokens::deprecated(m.deprecated.as_ref());
        quote!(#docs #deprecated pub #field: #ty,)
    });
    let builder_fields = s.members.iter().map(|m| {
        let field = ident(&m.field);
        let ty = tokens::value_type(krate, &m.ty, m.boxed);
        quote!(#field: Option<#ty>,)
    });
    let setters = s.members.iter().map(|m| setters(krate, m));
    let build = build_fn(krate, &name, s);
    let builder_doc = format!(" A builder for [`{}`](crate::types::{}).", t.name, t.name);
    let debug = sensitive.then(|| debug_impls(&name, &t.name, &builder, s));
    let error = s.error.as_ref().map(|_| error_impls(&name, &t.name, s));

    quote! {
        #docs
        #deprecated
        #[derive(Clone, #debug_derive PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// Starts a builder for this structure.
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        #[doc = #builder_doc]
        #[derive(Clone, #debug_derive Default, PartialEq)]
        pub struct #builder {
            #(#builder_fields)*
        }

        impl #builder {
            #(#setters)*
            #build
        }

        #debug
        #error
    }
}

fn setters(krate: &Crate, m: &Member) -> TokenStream {
    let field = ident(&m.field);
    let setter = ident(&m.setter);
    let option_setter = ident(&m.option_setter);
    let ty = tokens::rust_type(krate, &m.ty);
    let (wrap, wrap_opt) = if m.boxed {
        (quote!(Box::new(input.into())), quote!(input.map(Box::new)))
    } else {
        (quote!(input.into()), quote!(input))
    };
    let doc = format!(" Sets `{}`.", m.name);
    let doc_opt = format!(" Sets or clears `{}`.", m.name);
    quote! {
        #[doc = #doc]
        pub fn #setter(mut self, input: impl Into<#ty>) -> Self {
            self.#field = Some(#wrap);
            self
        }
        #[doc = #doc_opt]
        pub fn #option_setter(mut self, input: Option<#ty>) -> Self {
            self.#field = #wrap_opt;
            self
        }
    }
}

fn build_fn(krate: &Crate, name: &proc_macro2::Ident, s: &Structure) -> TokenStream {
    let inits = s.members.iter().map(|m| {
        let field = ident(&m.field);
        let value = match &m.presence {
            Presence::Optional => quote!(self.#field),
            Presence::Default(d) => tokens::with_default(krate, m, d, quote!(self.#field)),
            Presence::Required => {
                let wire = &m.name;
                quote!(self.#field.ok_or_else(|| primitives::BuildError::missing(#wire))?)
            }
        };
        quote!(#field: #value,)
    });
    if s.builder_fallible {
        quote! {
            /// Builds the structure; fails when a required member is unset.
            pub fn build(self) -> Result<#name, primitives::BuildError> {
                Ok(#name { #(#inits)* })
            }
        }
    } else {
        quote! {
            /// Builds the structure, filling defaults.
            pub fn build(self) -> #name {
                #name { #(#inits)* }
            }
        }
    }
}

/// `Debug` that prints `*** Sensitive Data Redacted ***` for sensitive members.
fn debug_impls(
    name: &proc_macro2::Ident,
    type_name: &str,
    builder: &proc_macro2::Ident,
    s: &Structure,
) -> TokenStream {
    let builder_name = builder.to_string();
    let fields: Vec<TokenStream> = s
        .members
        .iter()
        .map(|m| {
            let field = ident(&m.field);
            let label = crate::resolve::names::unraw(&m.field).to_string();
            if m.sensitive {
                quote!(.field(#label, &"*** Sensitive Data Redacted ***"))
            } else {
                quote!(.field(#label, &self.#field))
            }
        })
        .collect();
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name) #(#fields)* .finish()
            }
        }
        impl ::std::fmt::Debug for #builder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#builder_name) #(#fields)* .finish()
            }
        }
    }
}

/// `Display` and `std::error::Error` for `@error` structures.
fn error_impls(name: &proc_macro2::Ident, type_name: &str, s: &Structure) -> TokenStream {
    let message = s.members.iter().find(|m| {
        m.name.eq_ignore_ascii_case("message") && m.ty == crate::ir::Ty::String && !m.sensitive
    });
    let body = match message {
        Some(m) => {
            let field = ident(&m.field);
            let access = match m.presence {
                Presence::Optional => {
                    quote!(if let Some(message) = &self.#field {
                        write!(f, ": {message}")?;
                    })
                }
                _ => quote!(write!(f, ": {}", self.#field)?;),
            };
            quote! {
                f.write_str(#type_name)?;
                #access
                Ok(())
            }
        }
        None => quote!(f.write_str(#type_name)),
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
        impl ::std::error::Error for #name {}
    }
}
