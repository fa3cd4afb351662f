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

/// Cycles of `@required` structure members, which Smithy forbids: no value
/// of such a structure could ever be built. Returns, per cycle, the member
/// that closes it and the cycle as `ns#A$b -> ns#B$a`.
pub fn required_cycles(krate: &Crate) -> Vec<(String, String)> {
    let edges = |t: usize| -> Vec<(String, usize)> {
        match &krate.types[t].kind {
            NamedKind::Structure(s) => s
                .members
                .iter()
                .filter(|m| m.required)
                .filter_map(|m| match m.ty {
                    Ty::Named(j) if matches!(krate.types[j].kind, NamedKind::Structure(_)) => {
                        Some((format!("{}${}", krate.types[t].shape_id, m.name), j))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut found = Vec::new();
    let mut state = vec![State::New; krate.types.len()];
    let mut path: Vec<(usize, String)> = Vec::new();
    fn walk(
        t: usize,
        edges: &dyn Fn(usize) -> Vec<(String, usize)>,
        state: &mut [State],
        path: &mut Vec<(usize, String)>,
        found: &mut Vec<(String, String)>,
    ) {
        state[t] = State::OnStack;
        for (member, next) in edges(t) {
            path.push((t, member.clone()));
            match state[next] {
                State::OnStack => {
                    let start = path.iter().position(|(ty, _)| *ty == next).unwrap_or(0);
                    let cycle: Vec<&str> = path[start..].iter().map(|(_, m)| m.as_str()).collect();
                    found.push((member.clone(), cycle.join(" -> ")));
                }
                State::New => walk(next, edges, state, path, found),
                State::Done => {}
            }
            path.pop();
        }
        state[t] = State::Done;
    }
    for t in 0..krate.types.len() {
        if state[t] == State::New {
            walk(t, &edges, &mut state, &mut path, &mut found);
        }
    }
    found
}

/// Structures and unions no finite value can have: a structure whose
/// `@required` members all lead back to it, or a union every member of
/// which does. A least fixpoint: a shape is buildable once a value of it
/// can be made from shapes already known buildable.
pub fn unbuildable(krate: &Crate) -> Vec<usize> {
    let n = krate.types.len();
    let mut ok = vec![false; n];
    let fits = |ty: &Ty, ok: &[bool]| match ty {
        Ty::Named(j) => ok[*j],
        // An empty list or map needs no element.
        _ => true,
    };
    let mut changed = true;
    while changed {
        changed = false;
        for t in 0..n {
            if ok[t] {
                continue;
            }
            let now = match &krate.types[t].kind {
                NamedKind::Structure(s) => s
                    .members
                    .iter()
                    .filter(|m| m.required)
                    .all(|m| fits(&m.ty, &ok)),
                NamedKind::Union(u) => u
                    .variants
                    .iter()
                    .any(|v| v.ty.as_ref().is_none_or(|ty| fits(ty, &ok))),
                NamedKind::Enum(_) | NamedKind::IntEnum(_) => true,
            };
            if now {
                ok[t] = true;
                changed = true;
            }
        }
    }
    (0..n).filter(|&t| !ok[t]).collect()
}
