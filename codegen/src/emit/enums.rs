//! Open enums and intEnums: known values as variants, anything else kept in
//! the unknown variant and written back unchanged.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{self, ident};
use crate::ir::{Enum, IntEnum, NamedType};

/// `[a, b, c]`: the value set printed in validation messages, without `@internal` values.
fn value_set<'a>(values: impl Iterator<Item = (String, bool)> + 'a) -> String {
    let shown: Vec<String> = values
        .filter(|(_, internal)| !internal)
        .map(|(v, _)| v)
        .collect();
    format!("[{}]", shown.join(", "))
}

pub fn emit_enum(t: &NamedType, e: &Enum) -> TokenStream {
    let name = ident(&t.local_name);
    let docs = tokens::docs_or(t.docs.as_deref(), &format!("The `{}` enum.", t.name));
    let deprecated = tokens::deprecated(t.deprecated.as_ref());
    let unknown = ident(&e.unknown_variant);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
    let variant_defs = e.variants.iter().map(|v| {
        let name = ident(&v.name);
        let docs = tokens::docs_or(v.docs.as_deref(), &format!("`{}`", v.value));
        let deprecated = tokens::deprecated(v.deprecated.as_ref());
        quote!(#docs #deprecated #name,)
    });
    let set = value_set(e.variants.iter().map(|v| (v.value.clone(), v.internal)));
    let expecting = format!("a {} value", t.name);
    let debug_derive = if e.sensitive {
        quote!()
    } else {
        quote!(Debug,)
    };
    let debug = e.sensitive.then(|| tokens::redacted_debug(&name));

    quote! {
        #docs
        ///
        /// The enum is open: a value this version does not know is kept in the
        /// unknown variant, returned by `as_str()` and written back unchanged.
        #deprecated
        #[derive(Clone, #debug_derive PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A value this version of the crate does not know.
            #unknown(primitives::UnknownValue),
        }

        #debug

        impl #name {
            /// The values this version knows, in variant order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value set as validation messages print it.
            const VALUE_SET: &'static str = #set;

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Whether the value is one this version knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#unknown(primitives::UnknownValue::new(other)),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #(#values => Self::#variants,)*
                    _ => Self::#unknown(primitives::UnknownValue::new(value)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                wire::deserialize_enum(deserializer, #expecting)
            }
        }

        impl validation::Validate for #name {
            fn validate_at(&self, path: &validation::Path<'_>, out: &mut Vec<validation::Violation>) {
                if !self.is_known() {
                    out.push(validation::Violation::enum_value(path, Self::VALUE_SET));
                }
            }
        }

    }
}

pub fn emit_int_enum(t: &NamedType, e: &IntEnum) -> TokenStream {
    let name = ident(&t.local_name);
    let docs = tokens::docs_or(t.docs.as_deref(), &format!("The `{}` intEnum.", t.name));
    let deprecated = tokens::deprecated(t.deprecated.as_ref());
    let unknown = ident(&e.unknown_variant);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<Literal> = e
        .variants
        .iter()
        .map(|v| Literal::i32_unsuffixed(v.value))
        .collect();
    let variant_defs = e.variants.iter().map(|v| {
        let name = ident(&v.name);
        let docs = tokens::docs_or(v.docs.as_deref(), &format!("`{}`", v.value));
        let deprecated = tokens::deprecated(v.deprecated.as_ref());
        quote!(#docs #deprecated #name,)
    });
    let set = value_set(e.variants.iter().map(|v| (v.value.to_string(), v.internal)));

    quote! {
        #docs
        ///
        /// The intEnum is open: a value this version does not know is kept in the
        /// unknown variant and written back unchanged.
        #deprecated
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_defs)*
            /// A value this version of the crate does not know.
            #unknown(primitives::UnknownIntValue),
        }

        impl #name {
            /// The values this version knows, in variant order.
            pub const VALUES: &'static [i32] = &[#(#values),*];

            /// The value set as validation messages print it.
            const VALUE_SET: &'static str = #set;

            /// The value as written on the wire.
            pub fn value(&self) -> i32 {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#unknown(value) => value.value(),
                }
            }

            /// Whether the value is one this version knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#unknown(_))
            }
        }

        impl From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#unknown(primitives::UnknownIntValue::new(other)),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i32 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl validation::Validate for #name {
            fn validate_at(&self, path: &validation::Path<'_>, out: &mut Vec<validation::Violation>) {
                if !self.is_known() {
                    out.push(validation::Violation::enum_value(path, Self::VALUE_SET));
                }
            }
        }
    }
}
