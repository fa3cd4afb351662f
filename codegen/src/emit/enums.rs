//! Open enums and intEnums: known values as variants, anything else kept in
//! the unknown variant and written back unchanged.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::syntax::{self, str_expr};
use super::template::{fill, templates, Hole};
use super::tokens::{self, ident};
use crate::ir::{Crate, Enum, IntEnum, NamedType};

/// `[a, b, c]`: the value set printed in validation messages, without `@internal` values.
fn value_set<'a>(values: impl Iterator<Item = (String, bool)> + 'a) -> String {
    let shown: Vec<String> = values
        .filter(|(_, internal)| !internal)
        .map(|(v, _)| v)
        .collect();
    format!("[{}]", shown.join(", "))
}

templates! {
    PLACEHOLDER: syn::Item = {
        impl crate::lenient::Placeholder for __Name {
            fn placeholder() -> Self {
                Self::__Unknown(primitives::UnknownValue::new(""))
            }
        }
    };
    ENUM: syn::File = {
        #[__docs]
        ///
        /// The enum is open: a value this version does not know is kept in the
        /// unknown variant, returned by `as_str()` and written back unchanged.
        #[__deprecated]
        #[__derive]
        #[non_exhaustive]
        pub enum __Name {
            __variants,
            /// A value this version of the crate does not know.
            __Unknown(primitives::UnknownValue),
        }

        __debug!();

        impl __Name {
            /// The values this version knows, in variant order.
            pub const VALUES: &'static [&'static str] = &[__values!()];

            /// The value set as validation messages print it.
            const VALUE_SET: &'static str = __value_set;

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    __as_str!() => {}
                    Self::__Unknown(value) => value.as_str(),
                }
            }

            /// Whether the value is one this version knows.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::__Unknown(_))
            }
        }

        impl From<&str> for __Name {
            fn from(value: &str) -> Self {
                match value {
                    __from_str!() => {}
                    other => Self::__Unknown(primitives::UnknownValue::new(other)),
                }
            }
        }

        impl From<String> for __Name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    __from_string!() => {}
                    _ => Self::__Unknown(primitives::UnknownValue::new(value)),
                }
            }
        }

        impl ::std::str::FromStr for __Name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl AsRef<str> for __Name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for __Name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl codec::WriteJson for __Name {
            fn write_json(&self, writer: &mut json_write::Writer) {
                writer.string(self.as_str())
            }
        }

        impl codec::ReadJson for __Name {
            fn read_json(reader: &mut json_read::Reader<'_>) -> Result<Self, json_read::ReadError> {
                reader.string(__expecting).map(|value| match value {
                    ::std::borrow::Cow::Borrowed(value) => Self::from(value),
                    ::std::borrow::Cow::Owned(value) => Self::from(value),
                })
            }
        }

        #[__serde_gate]
        impl ::serde::Serialize for __Name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[__serde_gate_de]
        impl<'de> ::serde::Deserialize<'de> for __Name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                wire::deserialize_enum(deserializer, __expecting)
            }
        }

        impl validation::Validate for __Name {
            fn validate_at(&self, path: &validation::Path<'_>, out: &mut Vec<validation::Violation>) {
                if !self.is_known() {
                    out.push(validation::Violation::enum_value(path, Self::VALUE_SET));
                }
            }
        }
    };
    VARIANT: syn::Variant = { #[__attrs] __variant };
    AS_STR: syn::Arm = { Self::__variant => __value, };
    FROM_STR: syn::Arm = { __value => Self::__variant, };
    DERIVE: syn::Attribute = { #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)] };
    DERIVE_REDACTED: syn::Attribute = { #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)] };
}

/// The items of an enum's file, after its imports.
pub fn emit_enum(krate: &Crate, t: &NamedType, e: &Enum) -> Vec<syn::Item> {
    let name = ident(&t.local_name);
    let docs = t
        .docs
        .clone()
        .unwrap_or_else(|| format!("The `{}` enum.", t.name));
    let variants = e.variants.iter().map(|v| {
        let docs = v.docs.clone().unwrap_or_else(|| format!("`{}`", v.value));
        let attrs = syntax::docs_and_deprecation(&docs, v.deprecated.as_ref());
        fill(
            &VARIANT,
            &mut [
                ("__attrs", Hole::Attrs(attrs)),
                ("__variant", Hole::Ident(ident(&v.name))),
            ],
        )
    });
    let arms = |template| -> Vec<syn::Arm> {
        e.variants
            .iter()
            .map(|v| {
                fill(
                    template,
                    &mut [
                        ("__variant", Hole::Ident(ident(&v.name))),
                        ("__value", Hole::Str(v.value.clone())),
                    ],
                )
            })
            .collect()
    };
    let values = e.variants.iter().map(|v| str_expr(&v.value)).collect();
    let set = value_set(e.variants.iter().map(|v| (v.value.clone(), v.internal)));
    let deprecated = match &t.deprecated {
        Some(d) => syntax::attributes(tokens::deprecated(Some(d))),
        None => Vec::new(),
    };
    let derive = fill(
        if e.sensitive {
            &DERIVE_REDACTED
        } else {
            &DERIVE
        },
        &mut [],
    );
    let debug = match e.sensitive {
        true => syntax::items(tokens::redacted_debug(&name)),
        false => Vec::new(),
    };
    let file = fill(
        &ENUM,
        &mut [
            ("__docs", Hole::Attrs(syntax::docs(&docs))),
            ("__deprecated", Hole::Attrs(deprecated)),
            ("__derive", Hole::Attrs(vec![derive])),
            ("__Name", Hole::Ident(name.clone())),
            ("__variants", Hole::Variants(variants.collect())),
            ("__Unknown", Hole::Ident(ident(&e.unknown_variant))),
            ("__debug", Hole::Items(debug)),
            ("__values", Hole::Exprs(values)),
            ("__value_set", Hole::Str(set)),
            ("__as_str", Hole::Arms(arms(&AS_STR))),
            ("__from_str", Hole::Arms(arms(&FROM_STR))),
            ("__from_string", Hole::Arms(arms(&FROM_STR))),
            ("__expecting", Hole::Str(format!("a {} value", t.name))),
            (
                "__serde_gate",
                Hole::Attrs(super::cfg_attrs(krate, &[super::SERDE])),
            ),
            (
                "__serde_gate_de",
                Hole::Attrs(super::cfg_attrs(krate, &[super::SERDE])),
            ),
        ],
    );
    let mut items = file.items;
    if t.placeholder {
        items.push(fill(
            &PLACEHOLDER,
            &mut [
                ("__Name", Hole::Ident(name)),
                ("__Unknown", Hole::Ident(ident(&e.unknown_variant))),
            ],
        ));
    }
    items
}

pub fn emit_int_enum(krate: &Crate, t: &NamedType, e: &IntEnum) -> TokenStream {
    let name = ident(&t.local_name);
    let serde_gate = super::cfg(krate, &[super::SERDE]);
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
    let placeholder = t.placeholder.then(|| {
        quote! {
            impl crate::lenient::Placeholder for #name {
                fn placeholder() -> Self {
                    Self::#unknown(primitives::UnknownIntValue::new(0))
                }
            }
        }
    });

    quote! {
        #placeholder

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

        impl codec::WriteJson for #name {
            fn write_json(&self, writer: &mut json_write::Writer) {
                writer.i64(self.value().into())
            }
        }

        impl codec::ReadJson for #name {
            fn read_json(reader: &mut json_read::Reader<'_>) -> Result<Self, json_read::ReadError> {
                <codec::Int as codec::Form<i32>>::read(reader).map(Self::from)
            }
        }

        #serde_gate
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i32(self.value())
            }
        }

        #serde_gate
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <wire::Int as wire::Adapter<i32>>::deserialize(deserializer).map(Self::from)
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
