//! `serde::Serialize` and `serde::Deserialize` for structures, written out so
//! that the generated crate needs no proc macro. Absent `Option`s are not
//! written; `null` reads as absent; unknown members are skipped; a duplicate
//! member is an error.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{self, field_tag, ident};
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
    let name = ident(&t.name);
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
        let value = |v: TokenStream| {
            if m.ty.serde_native() {
                v
            } else {
                let adapter = tokens::adapter(&m.ty);
                quote!(&crate::wire::Ser::<_, #adapter>::new(#v))
            }
        };
        match m.presence {
            Presence::Optional => {
                let v = value(quote!(value));
                quote! {
                    if let ::std::option::Option::Some(value) = &self.#field {
                        state.serialize_field(#wire, #v)?;
                    } else {
                        state.skip_field(#wire)?;
                    }
                }
            }
            _ => {
                let v = value(quote!(&self.#field));
                quote!(state.serialize_field(#wire, #v)?;)
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
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let #state_mut = serializer.serialize_struct(#type_name, #len)?;
                #(#writes)*
                state.end()
            }
        }
    }
}

fn deserialize(krate: &Crate, t: &NamedType, s: &Structure) -> TokenStream {
    let name = ident(&t.name);
    let type_name = &t.name;
    let expecting = format!("a {} object", t.name);
    let wires: Vec<&str> = s.members.iter().map(|m| m.wire.as_str()).collect();
    let tags: Vec<_> = (0..s.members.len()).map(field_tag).collect();
    let wire_bytes = wires
        .iter()
        .map(|w| proc_macro2::Literal::byte_string(w.as_bytes()));
    let slots: Vec<_> = (0..s.members.len())
        .map(|i| quote::format_ident!("m{}", i))
        .collect();

    // Each slot is `Option<Option<T>>`: unseen, seen as null, seen with a value.
    let slot_decls = slots
        .iter()
        .map(|slot| quote!(let mut #slot = ::std::option::Option::None;));
    let arms = s.members.iter().zip(&slots).zip(&tags).map(|((m, slot), tag)| {
        let wire = &m.wire;
        let ty = tokens::value_type(krate, &m.ty, m.boxed);
        let read = if m.ty.serde_native() {
            quote!(map.next_value::<::std::option::Option<#ty>>()?)
        } else {
            let adapter = tokens::adapter(&m.ty);
            quote!(map.next_value_seed(crate::wire::De::<::std::option::Option<#ty>, crate::wire::OptionOf<#adapter>>::new())?)
        };
        quote! {
            Field::#tag => {
                if #slot.is_some() {
                    return ::std::result::Result::Err(<A::Error as ::serde::de::Error>::duplicate_field(#wire));
                }
                #slot = ::std::option::Option::Some(#read);
            }
        }
    });
    let inits = s.members.iter().zip(&slots).map(|(m, slot)| {
        let field = ident(&m.field);
        let value = match &m.presence {
            Presence::Optional => quote!(#slot.flatten()),
            Presence::Default(d) => tokens::with_default(krate, m, d, quote!(#slot.flatten())),
            Presence::Required => {
                let wire = &m.wire;
                quote!(#slot.flatten().ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field(#wire))?)
            }
        };
        quote!(#field: #value,)
    });
    let map_mut = quote!(mut map);
    let visit_fns = if s.members.is_empty() {
        quote! {
            fn visit_str<E: ::serde::de::Error>(self, _value: &str) -> ::std::result::Result<Field, E> {
                ::std::result::Result::Ok(Field::Other)
            }
        }
    } else {
        quote! {
            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Field, E> {
                ::std::result::Result::Ok(match value {
                    #(#wires => Field::#tags,)*
                    _ => Field::Other,
                })
            }
            fn visit_bytes<E: ::serde::de::Error>(self, value: &[u8]) -> ::std::result::Result<Field, E> {
                ::std::result::Result::Ok(match value {
                    #(#wire_bytes => Field::#tags,)*
                    _ => Field::Other,
                })
            }
        }
    };

    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                const FIELDS: &[&str] = &[#(#wires),*];
                enum Field { #(#tags,)* Other }
                struct FieldVisitor;
                impl ::serde::de::Visitor<'_> for FieldVisitor {
                    type Value = Field;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a member name")
                    }
                    #visit_fns
                }
                impl<'de> ::serde::Deserialize<'de> for Field {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        deserializer.deserialize_identifier(FieldVisitor)
                    }
                }
                struct StructVisitor;
                impl<'de> ::serde::de::Visitor<'de> for StructVisitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, #map_mut: A) -> ::std::result::Result<#name, A::Error> {
                        #(#slot_decls)*
                        while let ::std::option::Option::Some(key) = map.next_key::<Field>()? {
                            match key {
                                #(#arms)*
                                Field::Other => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                }
                            }
                        }
                        ::std::result::Result::Ok(#name { #(#inits)* })
                    }
                }
                deserializer.deserialize_struct(#type_name, FIELDS, StructVisitor)
            }
        }
    }
}
