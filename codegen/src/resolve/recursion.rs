//! Breaks cycles of structures and unions that hold each other directly
//! (`Option` gives no indirection) by boxing one member per cycle, the one
//! that closes the cycle in a depth-first walk in type order.

use crate::ir::{Crate, NamedKind, Ty};

pub fn box_cycles(krate: &mut Crate) {
    let n = krate.types.len();
    let mut state = vec![State::New; n];
    for start in 0..n {
        if state[start] == State::New {
            visit(krate, start, &mut state);
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    New,
    OnStack,
    Done,
}

fn direct_edges(krate: &Crate, t: usize) -> Vec<(usize, usize)> {
    let target = |ty: &Ty| match ty {
        Ty::Named(j)
            if matches!(
                krate.types[*j].kind,
                NamedKind::Structure(_) | NamedKind::Union(_)
            ) =>
        {
            Some(*j)
        }
        _ => None,
    };
    match &krate.types[t].kind {
        NamedKind::Structure(s) => s
            .members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| Some((i, target(&m.ty)?)))
            .collect(),
        NamedKind::Union(u) => u
            .variants
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((i, target(v.ty.as_ref()?)?)))
            .collect(),
        _ => Vec::new(),
    }
}

fn visit(krate: &mut Crate, t: usize, state: &mut [State]) {
    state[t] = State::OnStack;
    for (member, next) in direct_edges(krate, t) {
        match state[next] {
            State::OnStack => match &mut krate.types[t].kind {
                NamedKind::Structure(s) => s.members[member].boxed = true,
                NamedKind::Union(u) => u.variants[member].boxed = true,
                _ => {}
            },
            State::New => visit(krate, next, state),
            State::Done => {}
        }
    }
    state[t] = State::Done;
}
