//! Emitters write every standard path in full (`::std::option::Option`), so
//! that no shape can shadow it. For a file whose own items do not take those
//! names, this pass shortens them to the prelude names (`Option`, `Some`) or to
//! an import (`BTreeMap`, `fmt`): the same code, shorter to read, to format and
//! to compile.

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::quote;

/// (full path segments after `::std`, short name, needs a `use`).
const PATHS: &[(&[&str], &str, bool)] = &[
    (&["option", "Option", "Some"], "Some", false),
    (&["option", "Option", "None"], "None", false),
    (&["result", "Result", "Ok"], "Ok", false),
    (&["result", "Result", "Err"], "Err", false),
    (&["option", "Option"], "Option", false),
    (&["result", "Result"], "Result", false),
    (&["string", "String"], "String", false),
    (&["vec", "Vec"], "Vec", false),
    (&["boxed", "Box"], "Box", false),
    (&["convert", "Into"], "Into", false),
    (&["convert", "From"], "From", false),
    (&["convert", "AsRef"], "AsRef", false),
    (&["collections", "BTreeMap"], "BTreeMap", true),
    (&["fmt"], "fmt", true),
];

/// Shortens standard paths in `tokens`, except to names in `taken` (the
/// items the file defines). Returns the file with the imports it needs.
pub fn shorten(tokens: TokenStream, taken: &[&str]) -> TokenStream {
    let allowed: Vec<&(&[&str], &str, bool)> = PATHS
        .iter()
        .filter(|(_, short, _)| !taken.contains(short))
        .collect();
    let mut used = Vec::new();
    // Inner attributes (`//!` docs) stay first; imports follow them.
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut inner = 0;
    while matches!(trees.get(inner), Some(TokenTree::Punct(p)) if p.as_char() == '#')
        && matches!(trees.get(inner + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!')
        && matches!(trees.get(inner + 2), Some(TokenTree::Group(_)))
    {
        inner += 3;
    }
    let attributes: TokenStream = trees[..inner].iter().cloned().collect();
    let body = rewrite(
        trees[inner..].iter().cloned().collect(),
        &allowed,
        &mut used,
    );
    let imports = PATHS
        .iter()
        .filter(|(_, short, import)| *import && used.contains(short))
        .map(|(segments, short, _)| {
            let path: Vec<Ident> = segments
                .iter()
                .map(|s| Ident::new(s, Span::call_site()))
                .collect();
            let _ = short;
            quote!(use ::std::#(#path)::*;)
        });
    quote!(#attributes #(#imports)* #body)
}

fn rewrite(
    tokens: TokenStream,
    allowed: &[&(&[&'static str], &'static str, bool)],
    used: &mut Vec<&'static str>,
) -> TokenStream {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if let Some((len, short)) = match_std_path(&trees[i..], allowed) {
            out.push(TokenTree::Ident(Ident::new(short, Span::call_site())));
            if !used.contains(&short) {
                used.push(short);
            }
            i += len;
            continue;
        }
        // Move the token out rather than clone it.
        let tree = std::mem::replace(
            &mut trees[i],
            TokenTree::Punct(proc_macro2::Punct::new('.', proc_macro2::Spacing::Alone)),
        );
        match tree {
            TokenTree::Group(g) if contains_std(&g.stream()) => {
                let mut group = Group::new(g.delimiter(), rewrite(g.stream(), allowed, used));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// Whether a stream mentions `std` anywhere (else it is kept as it is).
fn contains_std(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == "std",
        TokenTree::Group(g) => contains_std(&g.stream()),
        _ => false,
    })
}

/// `:: std :: a :: B ...` at the start of `trees`: the number of tokens and the short name.
fn match_std_path(
    trees: &[TokenTree],
    allowed: &[&(&[&'static str], &'static str, bool)],
) -> Option<(usize, &'static str)> {
    if !(is_colon(trees.first()) && is_colon(trees.get(1)) && is_ident(trees.get(2), "std")) {
        return None;
    }
    // Longest match first: the table lists longer paths before their prefixes.
    allowed.iter().find_map(|(segments, short, _)| {
        let mut at = 3;
        for segment in segments.iter() {
            if !(is_colon(trees.get(at))
                && is_colon(trees.get(at + 1))
                && is_ident(trees.get(at + 2), segment))
            {
                return None;
            }
            at += 3;
        }
        Some((at, *short))
    })
}

fn is_colon(t: Option<&TokenTree>) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':')
}

fn is_ident(t: Option<&TokenTree>, name: &str) -> bool {
    matches!(t, Some(TokenTree::Ident(i)) if i == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: TokenStream) -> String {
        t.to_string()
    }

    #[test]
    fn shortens_to_prelude_names_and_imports() {
        let t = quote! {
            type A = ::std::option::Option<::std::string::String>;
            type B = ::std::collections::BTreeMap<u8, u8>;
            const C: Option<u8> = ::std::option::Option::Some(1);
        };
        let expected = quote! {
            use ::std::collections::BTreeMap;
            type A = Option<String>;
            type B = BTreeMap<u8, u8>;
            const C: Option<u8> = Some(1);
        };
        assert_eq!(text(shorten(t, &["Thing"])), text(expected));
    }

    #[test]
    fn keeps_full_paths_to_names_the_file_defines() {
        let t = quote!(
            pub struct String {
                a: ::std::string::String,
                b: ::std::vec::Vec<u8>,
            }
        );
        let out = text(shorten(t, &["String", "StringBuilder"]));
        assert_eq!(
            out,
            text(quote!(
                pub struct String {
                    a: ::std::string::String,
                    b: Vec<u8>,
                }
            ))
        );
    }

    #[test]
    fn leaves_other_paths_alone() {
        let t = quote!(crate::types::Option; ::serde::Serialize; ::std::sync::LazyLock);
        assert_eq!(text(shorten(t.clone(), &[])), text(t));
    }
}
