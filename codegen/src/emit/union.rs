//! Unions: exactly one member on the wire; a member this version does not
//! know is read into the unknown variant (as clients must) and cannot be written.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{self, ident};
use crate::ir::{Crate, NamedType, Union};

pub fn emit(krate: &Crate, t: &NamedType, u: &Union) -> TokenStream {
    let name = ident(&t.local_name);
    let type_name = &t.name;
    let docs = tokens::docs_or(t.docs.as_deref(), &format!("The `{}` union.", t.name));
    let deprecated = tokens::deprecated(t.deprecated.as_ref());
    let unknown = ident(&u.unknown_variant);
    let sensitive = u.variants.iter().any(|v| v.sensitive);

    let defs = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let docs = tokens::docs_or(v.docs.as_deref(), &format!("The `{}` member.", v.member));
        let deprecated = tokens::deprecated(v.deprecated.as_ref());
        match &v.ty {
            Some(ty) => {
                let ty = tokens::value_type(krate, ty, v.boxed);
                quote!(#docs #deprecated #vname(#ty),)
            }
            None => quote!(#docs #deprecated #vname,),
        }
    });

    let ser_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        match &v.ty {
            None => quote!(Self::#vname => state.serialize_field(#wire, &wire::Unit)?,),
            Some(ty) if ty.writes_natively() => quote!(Self::#vname(value) => state.serialize_field(#wire, value)?,),
            Some(ty) => {
                let adapter = tokens::adapter(ty);
                quote!(Self::#vname(value) => state.serialize_field(#wire, &wire::ser(value, #adapter))?,)
            }
        }
    });

    let wires: Vec<&str> = u.variants.iter().map(|v| v.wire.as_str()).collect();
    let de_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let tag = &v.wire;
        match &v.ty {
            None => quote!(#tag => map.next_value::<Option<::serde::de::IgnoredAny>>()?.map(|_| #name::#vname),),
            Some(ty) => {
                let vt = tokens::rust_type(krate, ty);
                let read = if ty.reads_natively() {
                    quote!(wire::read_variant::<_, #vt>(&mut map)?)
                } else {
                    let adapter = tokens::adapter(ty);
                    quote!(wire::read_variant_as::<_, #vt, _>(&mut map, #adapter)?)
                };
                if v.boxed {
                    quote!(#tag => #read.map(|value| #name::#vname(Box::new(value))),)
                } else {
                    quote!(#tag => #read.map(#name::#vname),)
                }
            }
        }
    });
    let expecting = format!("a {} union object with exactly one member", t.name);
    let write_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        match &v.ty {
            None => quote!(Self::#vname => object.key(#wire).object().end(),),
            Some(ty) => {
                let form = tokens::form(ty);
                quote!(Self::#vname(value) => codec::write(&mut object, #wire, value, #form),)
            }
        }
    });
    let read_arms = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let tag = &v.wire;
        match &v.ty {
            None => quote!(#tag => codec::unit_variant(reader)?.then_some(#name::#vname),),
            Some(ty) => {
                let form = tokens::form(ty);
                let read = quote!(codec::variant(reader, #tag, #form)?);
                if v.boxed {
                    quote!(#tag => #read.map(|value| #name::#vname(Box::new(value))),)
                } else {
                    quote!(#tag => #read.map(#name::#vname),)
                }
            }
        }
    });
    let serde_gate = super::cfg(krate, &[super::SERDE]);
    let debug_derive = if sensitive { quote!() } else { quote!(Debug,) };
    let debug = sensitive.then(|| tokens::redacted_debug(&name));
    let placeholder = t.placeholder.then(|| {
        quote! {
            impl crate::lenient::Placeholder for #name {
                fn placeholder() -> Self {
                    Self::#unknown(primitives::UnknownValue::new(""))
                }
            }
        }
    });

    quote! {
        #placeholder

        #docs
        #deprecated
        #[derive(Clone, #debug_derive PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A member this version of the crate does not know; holds its name.
            /// It is read from input but cannot be written.
            #unknown(primitives::UnknownValue),
        }

        #debug

        impl codec::WriteJson for #name {
            fn write_json(&self, writer: &mut json_write::Writer) {
                let mut object = writer.object();
                match self {
                    #(#write_arms)*
                    Self::#unknown(member) => codec::write_unknown(&mut object, member.as_str()),
                }
                object.end();
            }
        }

        impl codec::ReadJson for #name {
            fn read_json(reader: &mut json_read::Reader<'_>) -> Result<Self, json_read::ReadError> {
                const MEMBERS: &[&str] = &[#(#wires),*];
                let mut result: Option<#name> = None;
                reader.object(#expecting, |reader, key| {
                    // `null` members are absent; `__type` is informational.
                    let value = match key {
                        #(#read_arms)*
                        "__type" => {
                            reader.skip()?;
                            None
                        }
                        member => codec::unknown_variant(reader, member, MEMBERS)?
                            .then(|| #name::#unknown(primitives::UnknownValue::new(member))),
                    };
                    if value.is_some() {
                        if result.is_some() {
                            return Err(reader.error("a union must have exactly one member set, found more"));
                        }
                        result = value;
                    }
                    Ok(())
                })?;
                result.ok_or_else(|| reader.error("a union must have exactly one member set, found none"))
            }
        }

        #serde_gate
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let mut state = serializer.serialize_struct(#type_name, 1)?;
                match self {
                    #(#ser_arms)*
                    Self::#unknown(member) => {
                        return Err(<S::Error as ::serde::ser::Error>::custom(
                            ::std::format_args!("cannot write the unknown union member `{}`", member.as_str()),
                        ));
                    }
                }
                state.end()
            }
        }

        #serde_gate
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const FIELDS: &[&str] = &[#(#wires),*];
                struct UnionVisitor;
                impl<'de> ::serde::de::Visitor<'de> for UnionVisitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        let mut result: Option<#name> = None;
                        while let Some(key) = map.next_key::<wire::Key<'de>>()? {
                            // `null` members are absent; `__type` is informational.
                            let value = match key.as_str() {
                                #(#de_arms)*
                                "__type" => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                    None
                                }
                                member => map
                                    .next_value::<Option<::serde::de::IgnoredAny>>()?
                                    .map(|_| #name::#unknown(primitives::UnknownValue::new(member))),
                            };
                            if value.is_some() {
                                if result.is_some() {
                                    return Err(<A::Error as ::serde::de::Error>::custom(
                                        "a union must have exactly one member set, found more",
                                    ));
                                }
                                result = value;
                            }
                        }
                        result.ok_or_else(|| <A::Error as ::serde::de::Error>::custom("a union must have exactly one member set, found none"))
                    }
                }
                deserializer.deserialize_struct(#type_name, FIELDS, UnionVisitor)
            }
        }
    }
}
