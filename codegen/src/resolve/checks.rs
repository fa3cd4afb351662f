//! Decides which types and validators have anything to check, and drops the
//! rest, so that the generated crate calls no empty validator.

use crate::ir::{Check, Crate, NamedKind, Presence, Ty};

struct Live {
    types: Vec<bool>,
    validators: Vec<bool>,
}

impl Live {
    fn check(&self, check: &Option<Check>, ty: &Ty) -> bool {
        match (check, ty) {
            (Some(Check::Validator(i)), _) => self.validators[*i],
            (Some(Check::Nested), Ty::Named(t)) => self.types[*t],
            _ => false,
        }
    }
}

fn elements(ty: &Ty) -> [Option<&Ty>; 3] {
    match ty {
        Ty::List { item, .. } => [Some(item), None, None],
        Ty::Map { key, value, .. } => [None, Some(key), Some(value)],
        _ => [None, None, None],
    }
}

pub fn prune(krate: &mut Crate) {
    let mut live = Live {
        types: vec![false; krate.types.len()],
        validators: krate
            .validators
            .iter()
            .map(|v| {
                v.length.is_some() || v.range.is_some() || v.pattern.is_some() || v.unique_items
            })
            .collect(),
    };
    // Liveness only grows, so this reaches a fixpoint.
    let mut changed = true;
    while changed {
        changed = false;
        for (i, ty) in krate.types.iter().enumerate() {
            let now = match &ty.kind {
                NamedKind::Enum(_) | NamedKind::IntEnum(_) => true,
                NamedKind::Structure(s) => s.members.iter().any(|m| {
                    (m.required && m.presence == Presence::Optional) || live.check(&m.check, &m.ty)
                }),
                NamedKind::Union(u) => u
                    .variants
                    .iter()
                    .any(|v| v.ty.as_ref().is_some_and(|ty| live.check(&v.check, ty))),
            };
            if now && !live.types[i] {
                live.types[i] = true;
                changed = true;
            }
        }
        for (i, v) in krate.validators.iter().enumerate() {
            let [item, key, value] = elements(&v.ty);
            let now = [(&v.item, item), (&v.key, key), (&v.value, value)]
                .iter()
                .any(|(c, ty)| ty.is_some_and(|ty| live.check(c, ty)));
            if now && !live.validators[i] {
                live.validators[i] = true;
                changed = true;
            }
        }
    }

    let mut remap = vec![None; krate.validators.len()];
    let mut kept = Vec::new();
    for (i, v) in std::mem::take(&mut krate.validators)
        .into_iter()
        .enumerate()
    {
        if live.validators[i] {
            remap[i] = Some(kept.len());
            kept.push(v);
        }
    }
    let fix = |c: &mut Option<Check>, ty: &Ty| {
        *c = match c.take() {
            Some(Check::Validator(i)) => remap[i].map(Check::Validator),
            Some(Check::Nested) if live.check(&Some(Check::Nested), ty) => Some(Check::Nested),
            _ => None,
        };
    };
    for v in &mut kept {
        let ty = v.ty.clone();
        let [item, key, value] = elements(&ty);
        for (c, ty) in [
            (&mut v.item, item),
            (&mut v.key, key),
            (&mut v.value, value),
        ] {
            match ty {
                Some(ty) => fix(c, ty),
                None => *c = None,
            }
        }
    }
    krate.validators = kept;
    for (i, ty) in krate.types.iter_mut().enumerate() {
        ty.validates = live.types[i];
        match &mut ty.kind {
            NamedKind::Structure(s) => s.members.iter_mut().for_each(|m| fix(&mut m.check, &m.ty)),
            NamedKind::Union(u) => u.variants.iter_mut().for_each(|v| match &v.ty {
                Some(ty) => fix(&mut v.check, ty),
                None => v.check = None,
            }),
            _ => {}
        }
    }
    prune_patterns(krate);
}

/// Drops patterns no kept validator uses (those of unused shapes, which
/// were compiled only to report their errors).
fn prune_patterns(krate: &mut Crate) {
    let mut remap = vec![None; krate.patterns.len()];
    for v in &krate.validators {
        if let Some(p) = v.pattern {
            remap[p] = Some(());
        }
    }
    let mut index = vec![None; krate.patterns.len()];
    let mut kept = Vec::new();
    for (i, p) in std::mem::take(&mut krate.patterns).into_iter().enumerate() {
        if remap[i].is_some() {
            index[i] = Some(kept.len());
            kept.push(p);
        }
    }
    for v in &mut krate.validators {
        v.pattern = v.pattern.and_then(|p| index[p]);
    }
    krate.patterns = kept;
}
