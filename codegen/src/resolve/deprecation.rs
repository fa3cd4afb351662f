//! Which generated modules mention deprecated items: they allow that use, so
//! the crate compiles without warnings while its users still see them.

use crate::ir::{Crate, NamedKind, Ty};

fn names_deprecated(krate: &Crate, ty: &Ty) -> bool {
    match ty {
        Ty::Named(i) => krate.types[*i].deprecated.is_some(),
        Ty::List { item, .. } => names_deprecated(krate, item),
        Ty::Map { key, value, .. } => {
            names_deprecated(krate, key) || names_deprecated(krate, value)
        }
        _ => false,
    }
}

pub fn mark_uses(krate: &mut Crate) {
    let uses: Vec<bool> = krate
        .types
        .iter()
        .map(|t| {
            t.deprecated.is_some()
                || match &t.kind {
                    NamedKind::Structure(s) => s
                        .members
                        .iter()
                        .any(|m| m.deprecated.is_some() || names_deprecated(krate, &m.ty)),
                    NamedKind::Union(u) => u.variants.iter().any(|v| {
                        v.deprecated.is_some()
                            || v.ty.as_ref().is_some_and(|ty| names_deprecated(krate, ty))
                    }),
                    NamedKind::Enum(e) => e.variants.iter().any(|v| v.deprecated.is_some()),
                    NamedKind::IntEnum(e) => e.variants.iter().any(|v| v.deprecated.is_some()),
                }
        })
        .collect();
    for (t, uses) in krate.types.iter_mut().zip(uses) {
        t.uses_deprecated = uses;
    }
    krate.validators_use_deprecated = krate
        .validators
        .iter()
        .any(|v| names_deprecated(krate, &v.ty));
}
