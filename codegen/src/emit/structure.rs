//! Structures: the type, its builder, and `Debug` / `Error` where needed.
//! Per-member items are filled from templates (see `template`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::syntax;
use super::template::{fill, templates, Hole};
use super::tokens::{self, ident};
use crate::ir::{Crate, Member, NamedType, Presence, Structure};

templates! {
    STRUCT: syn::Item = {
        #[__attrs]
        #[non_exhaustive]
        pub struct __Name { __fields: () }
    };
    FIELD: syn::Field = { #[__attrs] pub __field: __Ty };
    STARTS_BUILDER: syn::Item = {
        impl __Name {
            /// Starts a builder for this structure.
            pub fn builder() -> __Builder {
                __Builder::default()
            }
        }
    };
    BUILDER: syn::Item = {
        #[doc = __doc]
        #[__derive]
        pub struct __Builder { __fields: () }
    };
    BUILDER_FIELD: syn::Field = { __field: Option<__Ty> };
    BUILDER_IMPL: syn::Item = { impl __Builder { __items!(); } };
    SETTER: syn::ImplItem = {
        #[doc = __doc]
        pub fn __setter(mut self, input: impl Into<__Ty>) -> Self {
            self.__field = Some(input.into());
            self
        }
    };
    OPTION_SETTER: syn::ImplItem = {
        #[doc = __doc]
        pub fn __setter(mut self, input: Option<__Ty>) -> Self {
            self.__field = input;
            self
        }
    };
    BOXED_SETTER: syn::ImplItem = {
        #[doc = __doc]
        pub fn __setter(mut self, input: impl Into<__Ty>) -> Self {
            self.__field = Some(Box::new(input.into()));
            self
        }
    };
    BOXED_OPTION_SETTER: syn::ImplItem = {
        #[doc = __doc]
        pub fn __setter(mut self, input: Option<__Ty>) -> Self {
            self.__field = input.map(Box::new);
            self
        }
    };
    BUILD: syn::ImplItem = {
        /// Builds the structure, filling defaults.
        pub fn build(self) -> __Name {
            __Name { __inits: () }
        }
    };
    TRY_BUILD: syn::ImplItem = {
        /// Builds the structure; fails when a required member is unset.
        pub fn build(self) -> Result<__Name, primitives::BuildError> {
            Ok(__Name { __inits: () })
        }
    };
    // For lenient reads (`lenient`): an unset required member is recorded
    // as missing and filled with a placeholder.
    BUILD_LENIENT: syn::ImplItem = {
        #[doc(hidden)]
        pub fn build_lenient(self) -> __Name {
            __Name { __inits: () }
        }
    };
    INIT_LENIENT: syn::FieldValue = {
        __field: crate::lenient::or_missing(self.__field, __wire)
    };
    PLACEHOLDER: syn::Item = {
        impl crate::lenient::Placeholder for __Name {
            fn placeholder() -> Self {
                __Builder::default().__build()
            }
        }
    };
    INIT: syn::FieldValue = { __field: self.__field };
    INIT_OR_DEFAULT: syn::FieldValue = { __field: self.__field.unwrap_or_default() };
    INIT_REQUIRED: syn::FieldValue = {
        __field: self.__field.ok_or(primitives::BuildError::missing(__wire))?
    };
    INIT_WITH: syn::FieldValue = { __field: __value };
    DERIVE: syn::Attribute = { #[derive(Clone, Debug, PartialEq)] };
    DERIVE_REDACTED: syn::Attribute = { #[derive(Clone, PartialEq)] };
    BUILDER_DERIVE: syn::Attribute = { #[derive(Clone, Debug, Default, PartialEq)] };
    BUILDER_DERIVE_REDACTED: syn::Attribute = { #[derive(Clone, Default, PartialEq)] };
}

pub fn emit(krate: &Crate, t: &NamedType, s: &Structure) -> Vec<syn::Item> {
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
    // Sensitive members get a hand-written `Debug` that redacts them.
    let sensitive = s.members.iter().any(|m| m.sensitive);
    let mut attrs = syntax::docs_and_deprecation(&text, t.deprecated.as_ref());
    attrs.push(fill(
        if sensitive { &DERIVE_REDACTED } else { &DERIVE },
        &mut [],
    ));

    let fields = s.members.iter().map(|m| {
        let docs = m
            .docs
            .clone()
            .unwrap_or_else(|| format!("The `{}` member.", m.name));
        fill(
            &FIELD,
            &mut [
                (
                    "__attrs",
                    Hole::Attrs(syntax::docs_and_deprecation(&docs, m.deprecated.as_ref())),
                ),
                ("__field", Hole::Ident(ident(&m.field))),
                ("__Ty", Hole::Type(syntax::field_type(krate, m))),
            ],
        )
    });
    let builder_fields = s.members.iter().map(|m| {
        fill(
            &BUILDER_FIELD,
            &mut [
                ("__field", Hole::Ident(ident(&m.field))),
                (
                    "__Ty",
                    Hole::Type(syntax::value_type(krate, &m.ty, m.boxed)),
                ),
            ],
        )
    });
    let mut builder_items: Vec<syn::ImplItem> = Vec::with_capacity(2 * s.members.len() + 1);
    for m in &s.members {
        setters(krate, m, &mut builder_items);
    }
    builder_items.push(build_fn(krate, &name, s, false));
    if s.builder_fallible {
        builder_items.push(build_fn(krate, &name, s, true));
    }
    let builder_doc = format!(" A builder for [`{}`](crate::types::{}).", t.name, t.name);
    let builder_derive = if sensitive {
        &BUILDER_DERIVE_REDACTED
    } else {
        &BUILDER_DERIVE
    };

    let mut items = vec![
        fill(
            &STRUCT,
            &mut [
                ("__attrs", Hole::Attrs(attrs)),
                ("__Name", Hole::Ident(name.clone())),
                ("__fields", Hole::Fields(fields.collect())),
            ],
        ),
        fill(
            &STARTS_BUILDER,
            &mut [
                ("__Name", Hole::Ident(name.clone())),
                ("__Builder", Hole::Ident(builder.clone())),
            ],
        ),
        fill(
            &BUILDER,
            &mut [
                ("__doc", Hole::Str(builder_doc)),
                ("__derive", Hole::Attrs(vec![fill(builder_derive, &mut [])])),
                ("__Builder", Hole::Ident(builder.clone())),
                ("__fields", Hole::Fields(builder_fields.collect())),
            ],
        ),
        fill(
            &BUILDER_IMPL,
            &mut [
                ("__Builder", Hole::Ident(builder.clone())),
                ("__items", Hole::ImplItems(builder_items)),
            ],
        ),
    ];
    if t.placeholder {
        let build = if s.builder_fallible {
            "build_lenient"
        } else {
            "build"
        };
        items.push(fill(
            &PLACEHOLDER,
            &mut [
                ("__Name", Hole::Ident(name.clone())),
                ("__Builder", Hole::Ident(builder.clone())),
                ("__build", Hole::Ident(ident(build))),
            ],
        ));
    }
    if sensitive {
        items.extend(syntax::items(debug_impls(&name, &t.name, &builder, s)));
    }
    if s.error.is_some() {
        items.extend(syntax::items(error_impls(&name, &t.name, s)));
    }
    items
}

fn setters(krate: &Crate, m: &Member, out: &mut Vec<syn::ImplItem>) {
    let ty = syntax::rust_type(krate, &m.ty);
    let (setter, option_setter) = if m.boxed {
        (&BOXED_SETTER, &BOXED_OPTION_SETTER)
    } else {
        (&SETTER, &OPTION_SETTER)
    };
    let field = ident(&m.field);
    out.push(fill(
        setter,
        &mut [
            ("__doc", Hole::Str(format!(" Sets `{}`.", m.name))),
            ("__setter", Hole::Ident(ident(&m.setter))),
            ("__field", Hole::Ident(field.clone())),
            ("__Ty", Hole::Type(ty.clone())),
        ],
    ));
    out.push(fill(
        option_setter,
        &mut [
            ("__doc", Hole::Str(format!(" Sets or clears `{}`.", m.name))),
            ("__setter", Hole::Ident(ident(&m.option_setter))),
            ("__field", Hole::Ident(field)),
            ("__Ty", Hole::Type(ty)),
        ],
    ));
}

/// `build()`, or with `lenient` the `build_lenient()` of lenient reads.
fn build_fn(
    krate: &Crate,
    name: &proc_macro2::Ident,
    s: &Structure,
    lenient: bool,
) -> syn::ImplItem {
    let inits = s.members.iter().map(|m| {
        let field = ("__field", Hole::Ident(ident(&m.field)));
        match &m.presence {
            Presence::Optional => fill(&INIT, &mut [field]),
            Presence::Default(d) if tokens::is_type_default(d) && !m.boxed => {
                fill(&INIT_OR_DEFAULT, &mut [field])
            }
            Presence::Default(d) => {
                let self_field = ident(&m.field);
                let value = tokens::with_default(krate, m, d, quote!(self.#self_field));
                fill(&INIT_WITH, &mut [field, ("__value", Hole::expr(value))])
            }
            Presence::Required if lenient => fill(
                &INIT_LENIENT,
                &mut [field, ("__wire", Hole::Str(m.wire.clone()))],
            ),
            Presence::Required => fill(
                &INIT_REQUIRED,
                &mut [field, ("__wire", Hole::Str(m.name.clone()))],
            ),
        }
    });
    let template = if lenient {
        &BUILD_LENIENT
    } else if s.builder_fallible {
        &TRY_BUILD
    } else {
        &BUILD
    };
    fill(
        template,
        &mut [
            ("__Name", Hole::Ident(name.clone())),
            ("__inits", Hole::FieldValues(inits.collect())),
        ],
    )
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
