//! `Validate` impls for structures and unions, and the `validators` module:
//! one function per constrained shape, called from every member that targets it.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::tokens::{self, ident};
use crate::ir::{Bounds, Check, Crate, NamedType, Presence, Structure, Ty, Union, Validator};

/// A call that validates `value` (a reference) at `path` (a `&Path`).
fn call(check: &Check, krate: &Crate, value: TokenStream, path: TokenStream) -> TokenStream {
    match check {
        Check::Validator(i) => {
            let f = ident(&krate.validators[*i].fn_name);
            quote!(crate::validators::#f(#value, #path, out);)
        }
        Check::Nested => quote!(validation::Validate::validate_at(#value, #path, out);),
    }
}

/// `Validate` of a type whose values can violate nothing.
fn nothing_to_validate(name: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl validation::Validate for #name {
            fn validate_at(&self, _path: &validation::Path<'_>, _out: &mut Vec<validation::Violation>) {}
        }
    }
}

pub fn structure(krate: &Crate, t: &NamedType, s: &Structure) -> TokenStream {
    let name = ident(&t.local_name);
    if !t.validates {
        return nothing_to_validate(&name);
    }
    let checks = s.members.iter().filter_map(|m| {
        let field = ident(&m.field);
        let wire = &m.wire;
        let required_missing = m.required && m.presence == Presence::Optional;
        if m.check.is_none() && !required_missing {
            return None;
        }
        let check = m
            .check
            .as_ref()
            .map(|c| call(c, krate, quote!(value), quote!(&path.key(#wire))));
        Some(match (&m.presence, required_missing) {
            (Presence::Optional, true) if check.is_none() => quote! {
                if self.#field.is_none() {
                    out.push(validation::Violation::required(&path.key(#wire)));
                }
            },
            (Presence::Optional, true) => {
                quote! {
                    match &self.#field {
                        Some(value) => { #check }
                        None => out.push(validation::Violation::required(&path.key(#wire))),
                    }
                }
            }
            (Presence::Optional, false) => quote! {
                if let Some(value) = &self.#field { #check }
            },
            _ => {
                let check = call(
                    m.check.as_ref().expect("filtered above"),
                    krate,
                    quote!(&self.#field),
                    quote!(&path.key(#wire)),
                );
                quote!(#check)
            }
        })
    });
    quote! {
        impl validation::Validate for #name {
            fn validate_at(&self, path: &validation::Path<'_>, out: &mut Vec<validation::Violation>) {
                #(#checks)*
            }
        }
    }
}

pub fn union(krate: &Crate, t: &NamedType, u: &Union) -> TokenStream {
    let name = ident(&t.local_name);
    if !t.validates {
        return nothing_to_validate(&name);
    }
    let checked: Vec<_> = u
        .variants
        .iter()
        .filter_map(|v| {
            let check = v.check.as_ref()?;
            let vname = ident(&v.name);
            let wire = &v.wire;
            Some((
                vname,
                call(check, krate, quote!(value), quote!(&path.key(#wire))),
            ))
        })
        .collect();
    let body = match checked.as_slice() {
        [(vname, call)] => quote!(if let Self::#vname(value) = self { #call }),
        _ => {
            let arms = checked
                .iter()
                .map(|(vname, call)| quote!(Self::#vname(value) => { #call }));
            quote!(match self { #(#arms)* _ => {} })
        }
    };
    quote! {
        impl validation::Validate for #name {
            fn validate_at(&self, path: &validation::Path<'_>, out: &mut Vec<validation::Violation>) {
                #body
            }
        }
    }
}

/// The `validators` module, or `None` when the model constrains nothing.
pub fn validators_module(krate: &Crate) -> Option<TokenStream> {
    // The `validation` module itself is named by checks beyond Path/Violation.
    let uses_validation = krate.validators.iter().any(|v| {
        v.length.is_some()
            || v.unique_items
            || (v.range.is_some() && matches!(v.ty, Ty::BigInteger | Ty::BigDecimal))
            || [&v.item, &v.key, &v.value]
                .iter()
                .any(|c| matches!(c, Some(Check::Nested)))
    });
    let uses_types = krate
        .validators
        .iter()
        .any(|v| tokens::mentions(&v.ty, &|t| matches!(t, Ty::Named(_))));
    let uses_primitives = krate.validators.iter().any(|v| {
        tokens::mentions(&v.ty, &|t| {
            matches!(
                t,
                Ty::Timestamp(_) | Ty::Document | Ty::BigInteger | Ty::BigDecimal
            )
        })
    });
    let imports = tokens::imports(&[
        ("primitives", uses_primitives),
        ("types", uses_types),
        ("validation", uses_validation),
    ]);
    if krate.validators.is_empty() {
        return None;
    }
    let statics = krate.patterns.iter().map(|p| {
        let name = format_ident!("{}", p.static_name);
        let rust = &p.rust;
        let doc = format!(" `{}`", p.source.replace('`', "\\`"));
        if p.fancy {
            quote! {
                #[doc = #doc]
                static #name: ::std::sync::LazyLock<::fancy_regex::Regex> = ::std::sync::LazyLock::new(|| {
                    ::fancy_regex::Regex::new(#rust).expect("the generator checked that this pattern compiles")
                });
            }
        } else {
            quote! {
                #[doc = #doc]
                static #name: ::std::sync::LazyLock<::regex::Regex> = ::std::sync::LazyLock::new(|| {
                    ::regex::Regex::new(#rust).expect("the generator checked that this pattern compiles")
                });
            }
        }
    });
    let fns = krate.validators.iter().map(|v| validator_fn(krate, v));
    let pattern_names: Vec<_> = krate
        .patterns
        .iter()
        .map(|p| format_ident!("{}", p.static_name))
        .collect();
    let tests = (!pattern_names.is_empty()).then(|| {
        quote! {
            #[cfg(test)]
            mod tests {
                #[test]
                fn every_pattern_compiles() {
                    #(::std::sync::LazyLock::force(&super::#pattern_names);)*
                }
            }
        }
    });
    Some(quote! {
        //! One validator per constrained shape of the model.
        #imports
        use crate::validation::{Path, Violation};
        #(#statics)*
        #(#fns)*
        #tests
    })
}

fn param_type(krate: &Crate, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(&str),
        Ty::Blob => quote!(&[u8]),
        Ty::List { item, sparse } => {
            let item = tokens::rust_type(krate, item);
            if *sparse {
                quote!(&[Option<#item>])
            } else {
                quote!(&[#item])
            }
        }
        other => {
            let t = tokens::rust_type(krate, other);
            quote!(&#t)
        }
    }
}

fn bound_literals(ty: &Ty, b: &Bounds) -> (Option<Literal>, Option<Literal>) {
    let lit = |s: &Option<String>| {
        s.as_deref().map(|s| match ty {
            Ty::Float | Ty::Double => {
                Literal::f64_unsuffixed(s.parse().expect("resolve checked the bound"))
            }
            _ => {
                Literal::i64_unsuffixed(s.parse::<f64>().expect("resolve checked the bound") as i64)
            }
        })
    };
    (lit(&b.min), lit(&b.max))
}

fn option_u64(s: &Option<String>) -> TokenStream {
    match s.as_deref().and_then(|s| s.parse::<u64>().ok()) {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}

fn option_str(s: &Option<String>) -> TokenStream {
    match s {
        Some(s) => quote!(Some(#s)),
        None => quote!(None),
    }
}

fn validator_fn(krate: &Crate, v: &Validator) -> TokenStream {
    let name = ident(&v.fn_name);
    let param = param_type(krate, &v.ty);
    let doc = format!(" Constraints of `{}`.", v.shape_id);
    let mut body = Vec::new();
    if let Some(b) = &v.length {
        let (min, max) = (option_u64(&b.min), option_u64(&b.max));
        body.push(match v.ty {
            Ty::String => {
                quote!(validation::check::string_length(value, #min, #max, path, out);)
            }
            _ => quote!(validation::check::length(value.len(), #min, #max, path, out);),
        });
    }
    if let (Some(b), Ty::BigInteger | Ty::BigDecimal) = (&v.range, &v.ty) {
        let below = b
            .min
            .as_ref()
            .map(|m| quote!(validation::check::decimal_cmp(value.as_str(), #m).is_lt()));
        let above = b
            .max
            .as_ref()
            .map(|m| quote!(validation::check::decimal_cmp(value.as_str(), #m).is_gt()));
        let cond = match (below, above) {
            (Some(l), Some(h)) => quote!(#l || #h),
            (Some(c), None) | (None, Some(c)) => c,
            (None, None) => quote!(false),
        };
        let (min_s, max_s) = (option_str(&b.min), option_str(&b.max));
        body.push(quote! {
            if #cond {
                out.push(Violation::range(path, #min_s, #max_s));
            }
        });
    } else if let Some(b) = &v.range {
        let (min, max) = bound_literals(&v.ty, b);
        let cond = match (&min, &max) {
            (Some(min), Some(max)) => quote!(*value < #min || *value > #max),
            (Some(min), None) => quote!(*value < #min),
            (None, Some(max)) => quote!(*value > #max),
            (None, None) => quote!(false),
        };
        let (min_s, max_s) = (option_str(&b.min), option_str(&b.max));
        body.push(quote! {
            if #cond {
                out.push(Violation::range(path, #min_s, #max_s));
            }
        });
    }
    if let Some(p) = v.pattern {
        let p = &krate.patterns[p];
        let re = format_ident!("{}", p.static_name);
        let source = &p.source;
        // A backtracking match that gives up (too many steps) counts as a mismatch.
        let is_match = if p.fancy {
            quote!(#re.is_match(value).unwrap_or(false))
        } else {
            quote!(#re.is_match(value))
        };
        body.push(quote! {
            if !#is_match {
                out.push(Violation::pattern(path, #source));
            }
        });
    }
    if v.unique_items {
        // Ordered elements can be sorted; others (structures, unions, documents) compare pairwise.
        let ordered = match &v.ty {
            Ty::List { item, .. } => match item.as_ref() {
                Ty::String
                | Ty::Bool
                | Ty::Byte
                | Ty::Short
                | Ty::Integer
                | Ty::Long
                | Ty::Blob
                | Ty::Timestamp(_) => true,
                Ty::Named(i) => matches!(
                    krate.types[*i].kind,
                    crate::ir::NamedKind::Enum(_) | crate::ir::NamedKind::IntEnum(_)
                ),
                _ => false,
            },
            _ => false,
        };
        body.push(if ordered {
            quote!(validation::check::unique_items_ord(value, path, out);)
        } else {
            quote!(validation::check::unique_items(value, path, out);)
        });
    }
    if let (Ty::List { sparse, .. }, Some(check)) = (&v.ty, &v.item) {
        let c = call(check, krate, quote!(item), quote!(&path.index(i)));
        body.push(if *sparse {
            quote! {
                for (i, item) in value.iter().enumerate() {
                    if let Some(item) = item { #c }
                }
            }
        } else {
            quote! {
                for (i, item) in value.iter().enumerate() { #c }
            }
        });
    }
    if let Ty::Map { sparse, .. } = &v.ty {
        if v.key.is_some() || v.value.is_some() {
            // A bad key reports the map's own path; a bad value the entry's.
            let key_check = v
                .key
                .as_ref()
                .map(|c| call(c, krate, quote!(key), quote!(path)));
            let value_check = v.value.as_ref().map(|c| {
                let c = call(c, krate, quote!(item), quote!(&path.key(key.as_ref())));
                if *sparse {
                    quote!(if let Some(item) = item { #c })
                } else {
                    c
                }
            });
            let item_pat = if value_check.is_some() {
                quote!(item)
            } else {
                quote!(_)
            };
            let iter = if value_check.is_some() {
                quote!(value.iter())
            } else {
                quote!(value.keys().map(|k| (k, ())))
            };
            body.push(quote! {
                for (key, #item_pat) in #iter {
                    #key_check
                    #value_check
                }
            });
        }
    }
    quote! {
        #[doc = #doc]
        pub(crate) fn #name(value: #param, path: &Path<'_>, out: &mut Vec<Violation>) {
            #(#body)*
        }
    }
}
