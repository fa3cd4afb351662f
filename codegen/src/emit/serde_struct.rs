//! `serde::Serialize` and `serde::Deserialize` for structures, written out so
//! that the generated crate needs no proc macro. Absent `Option`s are not
//! written; `null` reads as absent; unknown members are skipped; a duplicate
//! member is an error.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{self, ident};
use crate::ir::{NamedType, Presence, Structure};

pub fn emit(t: &NamedType, s: &Structure) -> TokenStream {
    let ser = serialize(t, s);
    let de = deserialize(t, s);
    quote! {
        #ser
        #de
    }
}

fn serialize(t: &NamedType, s: &Structure) -> TokenStream {
    let name = ident(&t.local_name);
    let type_name = &t.name;
    let always = s
        .members
        .iter()
        .filter(|m| m.presence != Presence::Optional)
        .count();
    let optional: Vec<TokenStream> = s
        .members
        .iter()
        .filter(|m| m.presence == Presence::Optional)
        .map(|m| {
            let field = ident(&m.field);
            quote!(self.#field.is_some())
        })
        .collect();
    // The number of members written: some formats put it before the members.
    let len = match (always, optional.is_empty()) {
        (_, true) => quote!(#always),
        (0, false) => quote!(wire::count(&[#(#optional),*])),
        _ => quote!(#always + wire::count(&[#(#optional),*])),
    };
    let writes = s.members.iter().map(|m| {
        let field = ident(&m.field);
        let wire = &m.wire;
        let adapter = (!m.ty.writes_natively()).then(|| tokens::adapter(&m.ty));
        match (&m.presence, adapter) {
            (Presence::Optional, None) => {
                quote!(wire::write(&mut state, #wire, &self.#field)?;)
            }
            (Presence::Optional, Some(a)) => {
                quote!(wire::write_as(&mut state, #wire, &self.#field, #a)?;)
            }
            (_, None) => quote!(state.serialize_field(#wire, &self.#field)?;),
            (_, Some(a)) => {
                quote!(state.serialize_field(#wire, &wire::ser(&self.#field, #a))?;)
            }
        }
    });
    let state_mut = if s.members.is_empty() {
        quote!(state)
    } else {
        quote!(mut state)
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let #state_mut = serializer.serialize_struct(#type_name, #len)?;
                #(#writes)*
                state.end()
            }
        }
    }
}

fn deserialize(t: &NamedType, s: &Structure) -> TokenStream {
    let name = ident(&t.local_name);
    let builder = quote::format_ident!("{}Builder", t.name);
    let type_name = &t.name;
    let wires: Vec<&str> = s.members.iter().map(|m| m.wire.as_str()).collect();
    // Members are read into the builder, whose `build()` fills defaults.
    let arms = s.members.iter().map(|m| {
        let wire = &m.wire;
        let field = ident(&m.field);
        if m.ty.reads_natively() {
            quote!(#wire => wire::read(&mut map, &mut builder.#field, #wire)?,)
        } else {
            let adapter = tokens::adapter(&m.ty);
            quote!(#wire => wire::read_as(&mut map, &mut builder.#field, #wire, #adapter)?,)
        }
    });
    let build = if s.builder_fallible {
        quote!(builder
            .build()
            .map_err(|e| <M::Error as ::serde::de::Error>::missing_field(e.member())))
    } else {
        quote!(Ok(builder.build()))
    };
    // A structure without members skips whatever it is given.
    let read_members = if s.members.is_empty() {
        quote! {
            while map.next_entry::<::serde::de::IgnoredAny, ::serde::de::IgnoredAny>()?.is_some() {}
        }
    } else {
        quote! {
            while let Some(key) = map.next_key::<wire::Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => {
                        map.next_value::<::serde::de::IgnoredAny>()?;
                    }
                }
            }
        }
    };
    let builder_mut = if s.members.is_empty() {
        quote!(builder)
    } else {
        quote!(mut builder)
    };

    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                wire::deserialize_struct(deserializer)
            }
        }

        impl wire::ReadStruct for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
            fn read<'de, M: ::serde::de::MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
                let #builder_mut = #builder::default();
                #read_members
                #build
            }
        }
    }
}
