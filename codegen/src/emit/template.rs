//! Syntax trees parsed once and filled many times.
//!
//! Parsing the emitted tokens with `syn` was most of the generator's work
//! (58% of all instructions on a 2,000-shape model), and most items are alike:
//! every setter, member read and member write has the same shape. So each
//! such item is written once with `quote!`, parsed once per thread, and every
//! use clones the tree and fills its placeholders: identifiers that start
//! with `__`.
//!
//! A placeholder is filled by the [`Hole`] of the same name:
//! - anywhere an identifier may stand, macro arguments included:
//!   [`Hole::Ident`];
//! - as a whole type or expression: [`Hole::Type`], [`Hole::Expr`], or
//!   [`Hole::Str`] (a string literal, also as a pattern);
//! - a list is spliced where the placeholder stands in for one element: a
//!   field `__x: ()` of a struct or struct expression, a variant `__x` of an
//!   enum, an attribute `#[__x]` of a struct, enum, variant, field, impl or
//!   method, and a macro call `__x!()` as an item, impl item, statement,
//!   match-arm pattern, array element or call argument.

use std::thread::LocalKey;

use proc_macro2::{Ident, Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

/// The value of one placeholder.
pub enum Hole {
    Ident(Ident),
    Type(syn::Type),
    Expr(syn::Expr),
    Str(String),
    Attrs(Vec<syn::Attribute>),
    Fields(Vec<syn::Field>),
    FieldValues(Vec<syn::FieldValue>),
    ImplItems(Vec<syn::ImplItem>),
    Stmts(Vec<syn::Stmt>),
    Arms(Vec<syn::Arm>),
    Exprs(Vec<syn::Expr>),
    Variants(Vec<syn::Variant>),
    Items(Vec<syn::Item>),
}

impl Hole {
    /// An expression from tokens (parsed here: keep them short).
    pub fn expr(tokens: TokenStream) -> Hole {
        Hole::Expr(syn::parse2(tokens).expect("emitted expressions parse"))
    }
}

/// A parsed item with placeholders; see the module docs.
pub struct Template<T>(T);

impl<T: Tree> Template<T> {
    pub fn parse(tokens: TokenStream) -> Self {
        Template(T::parse(tokens))
    }

    /// A copy of the tree with every placeholder filled.
    pub fn fill(&self, holes: &mut [(&str, Hole)]) -> T {
        debug_assert!(holes.len() <= 64, "at most 64 holes");
        let mut tree = self.0.clone();
        let mut filler = Filler { holes, used: 0 };
        tree.accept(&mut filler);
        // A hole the template lacks is a misspelt placeholder.
        if cfg!(debug_assertions) {
            for (i, (name, _)) in filler.holes.iter().enumerate() {
                assert!(filler.used & (1 << i) != 0, "the template has no `{name}`");
            }
        }
        tree
    }
}

/// Fills a thread-local template (syn trees are not `Send`).
pub fn fill<T: Tree>(template: &'static LocalKey<Template<T>>, holes: &mut [(&str, Hole)]) -> T {
    template.with(|t| t.fill(holes))
}

/// Declares thread-local templates: `NAME: syn::Type = { tokens };`.
macro_rules! templates {
    ($($name:ident: $ty:ty = { $($tt:tt)* };)*) => {
        thread_local! {
            $(static $name: $crate::emit::template::Template<$ty> =
                $crate::emit::template::Template::parse(quote::quote!($($tt)*));)*
        }
    };
}
pub(crate) use templates;

/// A syntax tree a template can hold.
pub trait Tree: Clone {
    fn parse(tokens: TokenStream) -> Self;
    fn accept(&mut self, v: &mut Filler<'_, '_>);
}

macro_rules! parsed_trees {
    ($($ty:ty => $visit:ident,)*) => {$(
        impl Tree for $ty {
            fn parse(tokens: TokenStream) -> Self {
                syn::parse2(tokens).expect("templates parse")
            }
            fn accept(&mut self, v: &mut Filler<'_, '_>) {
                v.$visit(self);
            }
        }
    )*};
}

parsed_trees! {
    syn::File => visit_file_mut,
    syn::Item => visit_item_mut,
    syn::ImplItem => visit_impl_item_mut,
    syn::Stmt => visit_stmt_mut,
    syn::Expr => visit_expr_mut,
    syn::Type => visit_type_mut,
    syn::Arm => visit_arm_mut,
    syn::FieldValue => visit_field_value_mut,
    syn::Variant => visit_variant_mut,
}

/// A field is written as the only field of a struct.
impl Tree for syn::Field {
    fn parse(tokens: TokenStream) -> Self {
        let item: syn::ItemStruct =
            syn::parse2(quote::quote!(struct S { #tokens })).expect("templates parse");
        item.fields.into_iter().next().expect("one field")
    }
    fn accept(&mut self, v: &mut Filler<'_, '_>) {
        v.visit_field_mut(self);
    }
}

/// An attribute is written as `#[...]`.
impl Tree for syn::Attribute {
    fn parse(tokens: TokenStream) -> Self {
        let item: syn::ItemStruct =
            syn::parse2(quote::quote!(#tokens struct S;)).expect("templates parse");
        item.attrs.into_iter().next().expect("one attribute")
    }
    fn accept(&mut self, v: &mut Filler<'_, '_>) {
        v.visit_attribute_mut(self);
    }
}

pub struct Filler<'h, 'n> {
    holes: &'h mut [(&'n str, Hole)],
    /// Bit `i` is set once hole `i` has been found in the template.
    used: u64,
}

impl Filler<'_, '_> {
    fn hole(&mut self, name: &Ident) -> Option<&mut Hole> {
        let i = self.find(name)?;
        Some(&mut self.holes[i].1)
    }

    fn find(&mut self, name: &Ident) -> Option<usize> {
        let i = self.holes.iter().position(|(n, _)| name == n)?;
        self.used |= 1 << i;
        Some(i)
    }

    fn single_ident(path: &syn::Path) -> Option<&Ident> {
        match path.segments.first() {
            Some(seg)
                if path.leading_colon.is_none()
                    && path.segments.len() == 1
                    && matches!(seg.arguments, syn::PathArguments::None) =>
            {
                Some(&seg.ident)
            }
            _ => None,
        }
    }

    fn macro_hole(&mut self, mac: &syn::Macro) -> Option<&mut Hole> {
        let i = self.find(Self::single_ident(&mac.path)?)?;
        Some(&mut self.holes[i].1)
    }

    /// Replaces each element for which `list_of` finds a list with that list,
    /// and visits the rest.
    fn splice<E>(
        &mut self,
        elems: Vec<E>,
        list_of: impl Fn(&mut Self, &E) -> Option<Vec<E>>,
        visit: impl Fn(&mut Self, &mut E),
    ) -> Vec<E> {
        let mut out = Vec::with_capacity(elems.len());
        for mut e in elems {
            match list_of(self, &e) {
                Some(list) => out.extend(list),
                None => {
                    visit(self, &mut e);
                    out.push(e);
                }
            }
        }
        out
    }

    fn splice_punctuated<E, P: Default>(
        &mut self,
        elems: &mut Punctuated<E, P>,
        list_of: impl Fn(&mut Self, &E) -> Option<Vec<E>>,
        visit: impl Fn(&mut Self, &mut E),
    ) {
        let old = std::mem::take(elems);
        let trailing = old.trailing_punct();
        let spliced = self.splice(old.into_iter().collect(), list_of, visit);
        *elems = spliced.into_iter().collect();
        if trailing && !elems.is_empty() {
            elems.push_punct(P::default());
        }
    }

    fn splice_attrs(&mut self, attrs: &mut Vec<syn::Attribute>) {
        if attrs.is_empty() {
            return;
        }
        let old = std::mem::take(attrs);
        *attrs = self.splice(
            old,
            |f, a| match a.meta {
                syn::Meta::Path(ref p) => match Self::single_ident(p) {
                    Some(name) => match f.hole(name) {
                        Some(Hole::Attrs(list)) => Some(std::mem::take(list)),
                        _ => None,
                    },
                    None => None,
                },
                _ => None,
            },
            |f, a| f.visit_attribute_mut(a),
        );
    }
}

/// A string literal, as expressions and patterns hold it.
pub fn str_lit(s: &str) -> syn::ExprLit {
    syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(s, Span::call_site())),
    }
}

impl VisitMut for Filler<'_, '_> {
    fn visit_ident_mut(&mut self, i: &mut Ident) {
        if let Some(Hole::Ident(new)) = self.hole(i) {
            *i = new.clone();
        }
    }

    /// Macro arguments are plain tokens: only identifiers are filled there.
    fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
        self.visit_path_mut(&mut m.path);
        m.tokens = self.fill_tokens(std::mem::take(&mut m.tokens));
    }

    fn visit_type_mut(&mut self, t: &mut syn::Type) {
        if let syn::Type::Path(p) = t {
            if p.qself.is_none() {
                if let Some(i) = Self::single_ident(&p.path).and_then(|n| self.find(n)) {
                    if let Hole::Type(new) = &self.holes[i].1 {
                        *t = new.clone();
                        return;
                    }
                }
            }
        }
        visit_mut::visit_type_mut(self, t);
    }

    fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
        if let syn::Expr::Path(p) = e {
            if p.qself.is_none() && p.attrs.is_empty() {
                if let Some(i) = Self::single_ident(&p.path).and_then(|n| self.find(n)) {
                    match &self.holes[i].1 {
                        Hole::Expr(new) => {
                            *e = new.clone();
                            return;
                        }
                        Hole::Str(s) => {
                            *e = syn::Expr::Lit(str_lit(s));
                            return;
                        }
                        _ => {}
                    }
                }
            }
        }
        visit_mut::visit_expr_mut(self, e);
    }

    fn visit_pat_mut(&mut self, p: &mut syn::Pat) {
        if let syn::Pat::Ident(pi) = p {
            if pi.subpat.is_none() && pi.by_ref.is_none() && pi.mutability.is_none() {
                let found = self.find(&pi.ident);
                if let Some(Hole::Str(s)) = found.map(|i| &self.holes[i].1) {
                    *p = syn::Pat::Lit(str_lit(s));
                    return;
                }
            }
        }
        visit_mut::visit_pat_mut(self, p);
    }

    fn visit_fields_named_mut(&mut self, f: &mut syn::FieldsNamed) {
        self.splice_punctuated(
            &mut f.named,
            |f, field| match field.ident.as_ref().and_then(|i| f.hole(i)) {
                Some(Hole::Fields(list)) => Some(std::mem::take(list)),
                _ => None,
            },
            |f, field| f.visit_field_mut(field),
        );
    }

    fn visit_field_mut(&mut self, f: &mut syn::Field) {
        self.splice_attrs(&mut f.attrs);
        visit_mut::visit_field_mut(self, f);
    }

    fn visit_expr_struct_mut(&mut self, s: &mut syn::ExprStruct) {
        self.splice_punctuated(
            &mut s.fields,
            |f, fv| match &fv.member {
                syn::Member::Named(i) => match f.hole(i) {
                    Some(Hole::FieldValues(list)) => Some(std::mem::take(list)),
                    _ => None,
                },
                syn::Member::Unnamed(_) => None,
            },
            |f, fv| f.visit_field_value_mut(fv),
        );
        self.visit_path_mut(&mut s.path);
        if let Some(rest) = &mut s.rest {
            self.visit_expr_mut(rest);
        }
    }

    fn visit_item_impl_mut(&mut self, i: &mut syn::ItemImpl) {
        self.splice_attrs(&mut i.attrs);
        let items = std::mem::take(&mut i.items);
        i.items = self.splice(items, Self::macro_list, |f, item| {
            f.visit_impl_item_mut(item)
        });
        self.visit_generics_mut(&mut i.generics);
        if let Some((path, _)) = &mut i.trait_ {
            self.visit_path_mut(path);
        }
        self.visit_type_mut(&mut i.self_ty);
    }

    fn visit_impl_item_fn_mut(&mut self, i: &mut syn::ImplItemFn) {
        self.splice_attrs(&mut i.attrs);
        visit_mut::visit_impl_item_fn_mut(self, i);
    }

    fn visit_item_struct_mut(&mut self, i: &mut syn::ItemStruct) {
        self.splice_attrs(&mut i.attrs);
        visit_mut::visit_item_struct_mut(self, i);
    }

    fn visit_item_enum_mut(&mut self, i: &mut syn::ItemEnum) {
        self.splice_attrs(&mut i.attrs);
        self.visit_ident_mut(&mut i.ident);
        self.visit_generics_mut(&mut i.generics);
        self.splice_punctuated(
            &mut i.variants,
            |f, v| match (&v.fields, f.hole(&v.ident)) {
                (syn::Fields::Unit, Some(Hole::Variants(list))) => Some(std::mem::take(list)),
                _ => None,
            },
            |f, v| f.visit_variant_mut(v),
        );
    }

    fn visit_file_mut(&mut self, file: &mut syn::File) {
        let items = std::mem::take(&mut file.items);
        file.items = self.splice(items, Self::macro_list, |f, item| f.visit_item_mut(item));
    }

    fn visit_variant_mut(&mut self, v: &mut syn::Variant) {
        self.splice_attrs(&mut v.attrs);
        visit_mut::visit_variant_mut(self, v);
    }

    fn visit_block_mut(&mut self, b: &mut syn::Block) {
        let stmts = std::mem::take(&mut b.stmts);
        b.stmts = self.splice(stmts, Self::macro_list, |f, s| f.visit_stmt_mut(s));
    }

    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        self.visit_expr_mut(&mut m.expr);
        let arms = std::mem::take(&mut m.arms);
        m.arms = self.splice(arms, Self::macro_list, |f, arm| f.visit_arm_mut(arm));
    }

    fn visit_expr_array_mut(&mut self, a: &mut syn::ExprArray) {
        self.splice_punctuated(&mut a.elems, Self::macro_list, |f, e| f.visit_expr_mut(e));
    }

    fn visit_expr_call_mut(&mut self, c: &mut syn::ExprCall) {
        self.visit_expr_mut(&mut c.func);
        self.splice_punctuated(&mut c.args, Self::macro_list, |f, e| f.visit_expr_mut(e));
    }
}

impl Filler<'_, '_> {
    fn fill_tokens(&mut self, tokens: TokenStream) -> TokenStream {
        use proc_macro2::{Group, TokenTree};
        tokens
            .into_iter()
            .map(|tt| match tt {
                TokenTree::Ident(mut i) => {
                    self.visit_ident_mut(&mut i);
                    TokenTree::Ident(i)
                }
                TokenTree::Group(g) => {
                    let mut new = Group::new(g.delimiter(), self.fill_tokens(g.stream()));
                    new.set_span(g.span());
                    TokenTree::Group(new)
                }
                other => other,
            })
            .collect()
    }

    /// The list that a `__x!()` element stands for.
    fn macro_list<E: Element>(&mut self, e: &E) -> Option<Vec<E>> {
        let hole = self.macro_hole(e.placeholder()?)?;
        E::list(hole).map(std::mem::take)
    }
}

/// An element of a list in which a macro call `__x!()` stands for a list.
trait Element: Sized {
    fn placeholder(&self) -> Option<&syn::Macro>;
    fn list(hole: &mut Hole) -> Option<&mut Vec<Self>>;
}

macro_rules! elements {
    ($($ty:ty: |$e:ident| $mac:expr, $hole:ident;)*) => {$(
        impl Element for $ty {
            fn placeholder(&self) -> Option<&syn::Macro> {
                let $e = self;
                $mac
            }
            fn list(hole: &mut Hole) -> Option<&mut Vec<Self>> {
                match hole {
                    Hole::$hole(list) => Some(list),
                    _ => None,
                }
            }
        }
    )*};
}

elements! {
    syn::Item: |e| match e { syn::Item::Macro(m) => Some(&m.mac), _ => None }, Items;
    syn::ImplItem: |e| match e { syn::ImplItem::Macro(m) => Some(&m.mac), _ => None }, ImplItems;
    syn::Stmt: |e| match e { syn::Stmt::Macro(m) => Some(&m.mac), _ => None }, Stmts;
    syn::Arm: |e| match &e.pat { syn::Pat::Macro(m) => Some(&m.mac), _ => None }, Arms;
    syn::Expr: |e| match e { syn::Expr::Macro(m) => Some(&m.mac), _ => None }, Exprs;
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{format_ident, quote, ToTokens};

    fn text<T: ToTokens>(t: &T) -> String {
        t.to_token_stream().to_string()
    }

    #[test]
    fn fills_idents_types_exprs_and_strings() {
        templates! {
            SETTER: syn::ImplItem = {
                #[doc = __doc]
                pub fn __name(mut self, input: impl Into<__Ty>) -> Self {
                    self.__name = Some(__wrap);
                    self
                }
            };
        }
        let filled = fill(
            &SETTER,
            &mut [
                ("__doc", Hole::Str(" Sets `a`.".into())),
                ("__name", Hole::Ident(format_ident!("a"))),
                (
                    "__Ty",
                    Hole::Type(syn::parse2(quote!(Vec<String>)).unwrap()),
                ),
                ("__wrap", Hole::expr(quote!(input.into()))),
            ],
        );
        let expected: syn::ImplItem = syn::parse2(quote! {
            #[doc = " Sets `a`."]
            pub fn a(mut self, input: impl Into<Vec<String>>) -> Self {
                self.a = Some(input.into());
                self
            }
        })
        .unwrap();
        assert_eq!(text(&filled), text(&expected));
    }

    #[test]
    #[should_panic(expected = "the template has no `__nmae`")]
    fn a_misspelt_hole_is_caught_in_debug_builds() {
        templates! {
            NAMED: syn::Expr = { self.__name };
        }
        fill(&NAMED, &mut [("__nmae", Hole::Ident(format_ident!("a")))]);
    }

    #[test]
    fn fills_identifiers_in_macro_arguments() {
        templates! {
            IS: syn::Expr = { matches!(self, Self::__Variant(_)) };
        }
        let filled = fill(
            &IS,
            &mut [("__Variant", Hole::Ident(format_ident!("Unknown")))],
        );
        assert_eq!(
            text(&filled),
            text(&quote!(matches!(self, Self::Unknown(_))))
        );
    }

    #[test]
    fn splices_lists_and_keeps_the_template() {
        templates! {
            ITEM: syn::Item = {
                #[__docs]
                impl __Name {
                    fn f(&self) -> usize {
                        let _ = [__wires!()];
                        match 1 { __arms!() => {} _ => {} }
                        __stmts!();
                        S { __inits: (), b: 2 }.a
                    }
                    __items!();
                }
            };
        }
        let arm: syn::Arm = syn::parse2(quote!(1 => {})).unwrap();
        let mut holes = [
            (
                "__docs",
                Hole::Attrs(vec![
                    syn::parse_quote!(#[doc = " one"]),
                    syn::parse_quote!(#[doc = ""]),
                    syn::parse_quote!(#[doc = " two"]),
                ]),
            ),
            ("__Name", Hole::Ident(format_ident!("T"))),
            (
                "__wires",
                Hole::Exprs(vec![syn::parse2(quote!("a")).unwrap()]),
            ),
            ("__arms", Hole::Arms(vec![arm])),
            (
                "__stmts",
                Hole::Stmts(vec![syn::parse2(quote!(let x = 1;)).unwrap()]),
            ),
            (
                "__inits",
                Hole::FieldValues(vec![syn::parse2(quote!(a: 1)).unwrap()]),
            ),
            ("__items", Hole::ImplItems(vec![])),
        ];
        let filled = fill(&ITEM, &mut holes);
        let expected: syn::Item = syn::parse2(quote! {
            #[doc = " one"]
            #[doc = ""]
            #[doc = " two"]
            impl T {
                fn f(&self) -> usize {
                    let _ = ["a"];
                    match 1 { 1 => {} _ => {} }
                    let x = 1;
                    S { a: 1, b: 2 }.a
                }
            }
        })
        .unwrap();
        assert_eq!(text(&filled), text(&expected));
        // The template itself is unchanged: a second fill starts afresh.
        let again = fill(&ITEM, &mut [("__Name", Hole::Ident(format_ident!("U")))]);
        assert!(text(&again).contains("__wires"));
    }
}
