//! `Validate` impls for structures and unions, and the `validators` module:
//! one function per constrained shape, called from every member that targets it.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::template::{fill, templates, Hole};
use super::tokens::{self, ident};
use crate::ir::{Bounds, Check, Crate, NamedType, Presence, Structure, Ty, Union, Validator};
use crate::pattern::{class::CharSet, Plan, Seq};

templates! {
    VALIDATE: syn::Item = {
        impl validation::Validate for __Name {
            fn validate_at(&self, path: &validation::Path<'_>, out: &mut Vec<validation::Violation>) {
                __checks!();
            }
        }
    };
    // `Validate` of a type whose values can violate nothing.
    NOTHING_TO_VALIDATE: syn::Item = {
        impl validation::Validate for __Name {
            fn validate_at(&self, _path: &validation::Path<'_>, _out: &mut Vec<validation::Violation>) {}
        }
    };
    CALL_VALIDATOR: syn::Stmt = { crate::validators::__f(__value, __path, out); };
    CALL_NESTED: syn::Stmt = { validation::Validate::validate_at(__value, __path, out); };
    VALUE: syn::Expr = { value };
    FIELD_REF: syn::Expr = { &self.__field };
    KEY_PATH: syn::Expr = { &path.key(__wire) };
    REQUIRED: syn::Stmt = {
        if self.__field.is_none() {
            out.push(validation::Violation::required(&path.key(__wire)));
        }
    };
    REQUIRED_AND_CHECKED: syn::Stmt = {
        match &self.__field {
            Some(value) => { __check!(); }
            None => out.push(validation::Violation::required(&path.key(__wire))),
        }
    };
    CHECKED_IF_SET: syn::Stmt = {
        if let Some(value) = &self.__field { __check!(); }
    };
    ONE_VARIANT: syn::Stmt = {
        if let Self::__variant(value) = self { __check!(); }
    };
    VARIANTS: syn::Stmt = {
        match self { __arms!() => {} _ => {} }
    };
    VARIANT: syn::Arm = {
        Self::__variant(value) => { __check!(); }
    };
}

/// A call that validates `value` (a reference) at `path` (a `&Path`).
fn call(check: &Check, krate: &Crate, value: syn::Expr, path: syn::Expr) -> syn::Stmt {
    let mut holes = vec![("__value", Hole::Expr(value)), ("__path", Hole::Expr(path))];
    match check {
        Check::Validator(i) => {
            holes.push(("__f", Hole::Ident(ident(&krate.validators[*i].fn_name))));
            fill(&CALL_VALIDATOR, &mut holes)
        }
        Check::Nested => fill(&CALL_NESTED, &mut holes),
    }
}

/// `call` in the validators module, which is written as tokens.
fn call_tokens(check: &Check, krate: &Crate, value: TokenStream, path: TokenStream) -> TokenStream {
    let parse = |tokens| syn::parse2(tokens).expect("emitted expressions parse");
    call(check, krate, parse(value), parse(path)).into_token_stream()
}

/// `call` at `&path.key(wire)`.
fn call_at_key(check: &Check, krate: &Crate, value: syn::Expr, wire: &str) -> syn::Stmt {
    let path = fill(&KEY_PATH, &mut [("__wire", Hole::Str(wire.to_string()))]);
    call(check, krate, value, path)
}

fn validate_impl(name: &str, checks: Vec<syn::Stmt>) -> syn::Item {
    fill(
        &VALIDATE,
        &mut [
            ("__Name", Hole::Ident(ident(name))),
            ("__checks", Hole::Stmts(checks)),
        ],
    )
}

fn nothing_to_validate(name: &str) -> syn::Item {
    fill(
        &NOTHING_TO_VALIDATE,
        &mut [("__Name", Hole::Ident(ident(name)))],
    )
}

pub fn structure(krate: &Crate, t: &NamedType, s: &Structure) -> syn::Item {
    if !t.validates {
        return nothing_to_validate(&t.local_name);
    }
    let checks = s.members.iter().filter_map(|m| {
        let required_missing = m.required && m.presence == Presence::Optional;
        if m.check.is_none() && !required_missing {
            return None;
        }
        let field = ("__field", Hole::Ident(ident(&m.field)));
        let wire = ("__wire", Hole::Str(m.wire.clone()));
        let value = || fill(&VALUE, &mut []);
        Some(match (&m.check, m.presence == Presence::Optional) {
            (None, _) => fill(&REQUIRED, &mut [field, wire]),
            (Some(c), true) => {
                let check = call_at_key(c, krate, value(), &m.wire);
                let check = ("__check", Hole::Stmts(vec![check]));
                if required_missing {
                    fill(&REQUIRED_AND_CHECKED, &mut [field, wire, check])
                } else {
                    fill(&CHECKED_IF_SET, &mut [field, check])
                }
            }
            (Some(c), false) => {
                let value = fill(&FIELD_REF, &mut [field]);
                call_at_key(c, krate, value, &m.wire)
            }
        })
    });
    validate_impl(&t.local_name, checks.collect())
}

pub fn union(krate: &Crate, t: &NamedType, u: &Union) -> syn::Item {
    if !t.validates {
        return nothing_to_validate(&t.local_name);
    }
    let mut checked: Vec<(syn::Ident, syn::Stmt)> = u
        .variants
        .iter()
        .filter_map(|v| {
            let check = v.check.as_ref()?;
            let value = fill(&VALUE, &mut []);
            Some((ident(&v.name), call_at_key(check, krate, value, &v.wire)))
        })
        .collect();
    let body = if checked.len() == 1 {
        let (variant, check) = checked.pop().expect("one variant");
        fill(
            &ONE_VARIANT,
            &mut [
                ("__variant", Hole::Ident(variant)),
                ("__check", Hole::Stmts(vec![check])),
            ],
        )
    } else {
        let arms = checked.into_iter().map(|(variant, check)| {
            fill(
                &VARIANT,
                &mut [
                    ("__variant", Hole::Ident(variant)),
                    ("__check", Hole::Stmts(vec![check])),
                ],
            )
        });
        fill(&VARIANTS, &mut [("__arms", Hole::Arms(arms.collect()))])
    };
    validate_impl(&t.local_name, vec![body])
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
            matches!(t, Ty::Timestamp(_) | Ty::BigInteger | Ty::BigDecimal)
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
    let statics = pattern_statics(krate);
    let fns = krate.validators.iter().map(|v| validator_fn(krate, v));
    let engine_patterns: Vec<_> = krate
        .patterns
        .iter()
        .filter(|p| !matches!(p.plan, Plan::Simple(_)))
        .map(|p| format_ident!("{}", p.static_name))
        .collect();
    let tests = (!engine_patterns.is_empty()).then(|| {
        quote! {
            #[cfg(test)]
            mod tests {
                #[test]
                fn every_pattern_compiles() {
                    #(::std::sync::LazyLock::force(&super::#engine_patterns);)*
                }
            }
        }
    });
    let use_pattern = krate
        .patterns
        .iter()
        .any(|p| matches!(p.plan, Plan::Simple(_)))
        .then(|| {
            quote!(
                use crate::pattern;
            )
        });
    Some(quote! {
        //! One validator per constrained shape of the model.
        #imports
        #use_pattern
        use crate::validation::{Path, Violation};
        #statics
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
    // A bound at the type's own limit can never be crossed; comparing with
    // it would be a useless comparison (a warning in the generated crate).
    let (lo, hi) = ty
        .integer_limits()
        .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
    let at = |s: &Option<String>, limit: f64| {
        s.as_deref()
            .and_then(|s| s.parse::<f64>().ok())
            .is_some_and(|x| x == limit)
    };
    let min = if at(&b.min, lo) { None } else { lit(&b.min) };
    let max = if at(&b.max, hi) { None } else { lit(&b.max) };
    (min, max)
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
            (Some(min), Some(max)) if b.min == b.max => Some(quote!(*value != #min)),
            (Some(min), Some(max)) => Some(quote!(*value < #min || *value > #max)),
            (Some(min), None) => Some(quote!(*value < #min)),
            (None, Some(max)) => Some(quote!(*value > #max)),
            // Both bounds at the type's limits: nothing can be out of range.
            (None, None) => None,
        };
        let (min_s, max_s) = (option_str(&b.min), option_str(&b.max));
        body.extend(cond.map(|cond| {
            quote! {
                if #cond {
                    out.push(Violation::range(path, #min_s, #max_s));
                }
            }
        }));
    }
    if let Some(p) = v.pattern {
        let p = &krate.patterns[p];
        let re = format_ident!("{}", p.static_name);
        let source = &p.source;
        // A backtracking match that gives up (too many steps) counts as a mismatch.
        let is_match = match p.plan {
            Plan::Backtrack(_) => quote!(#re.is_match(value).unwrap_or(false)),
            Plan::Simple(_) | Plan::Regex(_) => quote!(#re.is_match(value)),
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
        let c = call_tokens(check, krate, quote!(item), quote!(&path.index(i)));
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
                .map(|c| call_tokens(c, krate, quote!(key), quote!(path)));
            let value_check = v.value.as_ref().map(|c| {
                let c = call_tokens(c, krate, quote!(item), quote!(&path.key(key.as_ref())));
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

/// One `static` per pattern: tables for the simple form (classes shared
/// between patterns), a lazily compiled engine for the others.
fn pattern_statics(krate: &Crate) -> TokenStream {
    let mut classes: Vec<CharSet> = Vec::new();
    let mut class_index = std::collections::HashMap::new();
    let mut class_of = |set: &CharSet| -> usize {
        *class_index.entry(set.clone()).or_insert_with(|| {
            classes.push(set.clone());
            classes.len() - 1
        })
    };
    let mut out = TokenStream::new();
    let mut patterns = TokenStream::new();
    for p in &krate.patterns {
        let name = format_ident!("{}", p.static_name);
        let doc = format!(" `{}`", doc_text(&p.source));
        let item = match &p.plan {
            Plan::Simple(simple) => {
                let mut seq = |s: &Seq| {
                    let items = s.items.iter().map(|item| {
                        let class = format_ident!("CLASS_{}", class_of(&item.set));
                        let min = item.min;
                        let max = item.max.unwrap_or(u32::MAX);
                        let max = if max == u32::MAX {
                            quote!(u32::MAX)
                        } else {
                            quote!(#max)
                        };
                        quote!(pattern::Item { class: &#class, min: #min, max: #max })
                    });
                    let to_end = s.to_end;
                    quote!(pattern::Seq { items: &[#(#items),*], to_end: #to_end })
                };
                let branches: Vec<_> = simple
                    .branches
                    .iter()
                    .map(|b| {
                        let main = seq(&b.seq);
                        let must: Vec<_> = b.must.iter().map(&mut seq).collect();
                        let must_not: Vec<_> = b.must_not.iter().map(&mut seq).collect();
                        quote! {
                            pattern::Branch {
                                seq: #main,
                                must: &[#(#must),*],
                                must_not: &[#(#must_not),*],
                            }
                        }
                    })
                    .collect();
                quote! {
                    #[doc = #doc]
                    static #name: pattern::Pattern = pattern::Pattern {
                        branches: &[#(#branches),*],
                    };
                }
            }
            Plan::Regex(rust) => {
                let limit = crate::pattern::REGEX_SIZE_LIMIT;
                quote! {
                    #[doc = #doc]
                    static #name: ::std::sync::LazyLock<::regex::Regex> = ::std::sync::LazyLock::new(|| {
                        ::regex::RegexBuilder::new(#rust)
                            .size_limit(#limit)
                            .build()
                            .expect("the generator checked that this pattern compiles")
                    });
                }
            }
            Plan::Backtrack(rust) => {
                let limit = crate::pattern::REGEX_SIZE_LIMIT;
                let steps = crate::pattern::BACKTRACK_LIMIT;
                quote! {
                    #[doc = #doc]
                    static #name: ::std::sync::LazyLock<::fancy_regex::Regex> = ::std::sync::LazyLock::new(|| {
                        ::fancy_regex::RegexBuilder::new(#rust)
                            .backtrack_limit(#steps)
                            .delegate_size_limit(#limit)
                            .build()
                            .expect("the generator checked that this pattern compiles")
                    });
                }
            }
        };
        patterns.extend(item);
    }
    for (i, set) in classes.iter().enumerate() {
        let name = format_ident!("CLASS_{i}");
        let mut ascii: u128 = 0;
        let mut ranges = Vec::new();
        for (lo, hi) in set.scalar_ranges() {
            for c in (lo as u32).min(128)..(hi as u32 + 1).min(128) {
                ascii |= 1 << c;
            }
            if hi as u32 >= 128 {
                let lo = char::from_u32((lo as u32).max(128)).expect("above ASCII");
                let (lo, hi) = (char_literal(lo), char_literal(hi));
                ranges.push(quote!((#lo, #hi)));
            }
        }
        let hex = format!("{ascii:032x}");
        let grouped: Vec<&str> = (0..8).map(|i| &hex[i * 4..i * 4 + 4]).collect();
        let ascii: TokenStream = format!("0x{}", grouped.join("_"))
            .parse()
            .expect("a hex literal");
        out.extend(quote! {
            static #name: pattern::Class = pattern::Class { ascii: #ascii, ranges: &[#(#ranges),*] };
        });
    }
    out.extend(patterns);
    out
}

/// A pattern as rustdoc text: control characters (a tab, a CR) escaped.
fn doc_text(source: &str) -> String {
    source
        .chars()
        .map(|c| match c {
            '`' => "\\`".to_string(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// `'\u{e9}'`: escaped, so tables show code points, not glyphs.
fn char_literal(c: char) -> TokenStream {
    format!("'\\u{{{:x}}}'", c as u32)
        .parse()
        .expect("a char literal")
}
