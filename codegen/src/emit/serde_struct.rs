//! `serde::Serialize` and `serde::Deserialize` for structures, written out so
//! that the generated crate needs no proc macro. Absent `Option`s are not
//! written; `null` reads as absent; unknown members are skipped; a duplicate
//! member is an error.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{self, ident};
use crate::ir::{Crate, NamedType, Presence, Structure};

pub fn emit(krate: &Crate, t: &NamedType, s: &Structure) -> TokenStream {
    let ser = serialize(t, s);
    let de = deserialize(krate, t, s);
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
            quote!(usize::from(self.#field.is_some()))
        })
        .collect();
    let mut terms = optional;
    if always > 0 || terms.is_empty() {
        terms.insert(0, quote!(#always));
    }
    let len = quote!(#(#terms)+*);
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

fn deserialize(krate: &Crate, t: &NamedType, s: &Structure) -> TokenStream {
    let name = ident(&t.local_name);
    let type_name = &t.name;
    let wires: Vec<&str> = s.members.iter().map(|m| m.wire.as_str()).collect();
    let slots: Vec<_> = (0..s.members.len())
        .map(|i| quote::format_ident!("m{}", i))
        .collect();

    // Each slot is `Option<Option<T>>`: unseen, seen as null, seen with a value.
    let slot_decls = slots.iter().map(|slot| quote!(let mut #slot = None;));
    let arms = s.members.iter().zip(&slots).map(|(m, slot)| {
        let wire = &m.wire;
        if m.ty.reads_natively() {
            quote!(#wire => wire::read(&mut map, &mut #slot, #wire)?,)
        } else {
            let adapter = tokens::adapter(&m.ty);
            quote!(#wire => wire::read_as(&mut map, &mut #slot, #wire, #adapter)?,)
        }
    });
    let inits = s.members.iter().zip(&slots).map(|(m, slot)| {
        let field = ident(&m.field);
        let value = match &m.presence {
            Presence::Optional => quote!(#slot.flatten()),
            Presence::Default(d) => tokens::with_default(krate, m, d, quote!(#slot.flatten())),
            Presence::Required => {
                let wire = &m.wire;
                quote!(#slot.flatten().ok_or_else(|| <M::Error as ::serde::de::Error>::missing_field(#wire))?)
            }
        };
        quote!(#field: #value,)
    });
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
                #(#slot_decls)*
                #read_members
                Ok(Self { #(#inits)* })
            }
        }
    }
}
