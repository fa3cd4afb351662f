//! `serde::Serialize` and `serde::Deserialize` for structures (the generated
//! crate's optional `serde` feature), written out so that the generated crate
//! needs no proc macro. They read and write the JSON of `json_struct`. Absent `Option`s are not
//! written; `null` reads as absent; unknown members are skipped; a duplicate
//! member is an error. Filled from templates (see `template`).

use quote::format_ident;

use super::syntax;
use super::template::{fill, templates, Hole};
use super::tokens::ident;
use crate::ir::{Member, NamedType, Presence, Structure};

templates! {
    SERIALIZE: syn::Item = {
        impl ::serde::Serialize for __Name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let mut state = serializer.serialize_struct(__type_name, __len)?;
                __writes!();
                state.end()
            }
        }
    };
    SERIALIZE_EMPTY: syn::Item = {
        impl ::serde::Serialize for __Name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeStruct as _;
                let state = serializer.serialize_struct(__type_name, 0usize)?;
                state.end()
            }
        }
    };
    COUNT: syn::Expr = { wire::count(&[__present!()]) };
    PLUS_COUNT: syn::Expr = { __always + wire::count(&[__present!()]) };
    IS_SOME: syn::Expr = { self.__field.is_some() };
    WRITE: syn::Stmt = { wire::write(&mut state, __wire, &self.__field)?; };
    WRITE_AS: syn::Stmt = { wire::write_as(&mut state, __wire, &self.__field, __adapter)?; };
    WRITE_FIELD: syn::Stmt = { state.serialize_field(__wire, &self.__field)?; };
    WRITE_FIELD_AS: syn::Stmt = {
        state.serialize_field(__wire, &wire::ser(&self.__field, __adapter))?;
    };

    DESERIALIZE: syn::Item = {
        impl<'de> ::serde::Deserialize<'de> for __Name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                wire::deserialize_struct(deserializer)
            }
        }
    };
    READ_STRUCT: syn::Item = {
        impl wire::ReadStruct for __Name {
            const NAME: &'static str = __type_name;
            fn read<'de, M: ::serde::de::MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
                let mut builder = __Builder::default();
                while let Some(key) = map.next_key::<wire::Key<'de>>()? {
                    match key.as_str() {
                        __arms!() => {}
                        _ => {
                            map.next_value::<::serde::de::IgnoredAny>()?;
                        }
                    }
                }
                __build
            }
        }
    };
    // A structure without members skips whatever it is given.
    READ_EMPTY_STRUCT: syn::Item = {
        impl wire::ReadStruct for __Name {
            const NAME: &'static str = __type_name;
            fn read<'de, M: ::serde::de::MapAccess<'de>>(mut map: M) -> Result<Self, M::Error> {
                let builder = __Builder::default();
                while map.next_entry::<::serde::de::IgnoredAny, ::serde::de::IgnoredAny>()?.is_some() {}
                __build
            }
        }
    };
    READ: syn::Arm = { __wire => wire::read(&mut map, &mut builder.__field, __wire)?, };
    READ_AS: syn::Arm = {
        __wire => wire::read_as(&mut map, &mut builder.__field, __wire, __adapter)?,
    };
    // Members are read into the builder, whose `build()` fills defaults.
    BUILD: syn::Expr = { Ok(builder.build()) };
    // A missing required member is serde's `missing_field` error.
    TRY_BUILD: syn::Expr = { wire::built(builder.build()) };
}

pub fn emit(t: &NamedType, s: &Structure) -> Vec<syn::Item> {
    let all: Vec<&Member> = s.members.iter().collect();
    vec![
        serialize(t, &all, &SERIALIZE),
        fill(
            &DESERIALIZE,
            &mut [("__Name", Hole::Ident(ident(&t.local_name)))],
        ),
        read_struct(t, s),
    ]
}

fn serialize(
    t: &NamedType,
    members: &[&Member],
    template: &'static std::thread::LocalKey<super::template::Template<syn::Item>>,
) -> syn::Item {
    let name = ("__Name", Hole::Ident(ident(&t.local_name)));
    let type_name = ("__type_name", Hole::Str(t.name.clone()));
    if members.is_empty() {
        return fill(&SERIALIZE_EMPTY, &mut [name, type_name]);
    }
    let always = members
        .iter()
        .filter(|m| m.presence != Presence::Optional)
        .count();
    let present: Vec<syn::Expr> = members
        .iter()
        .filter(|m| m.presence == Presence::Optional)
        .map(|m| fill(&IS_SOME, &mut [("__field", Hole::Ident(ident(&m.field)))]))
        .collect();
    // The number of members written: some formats put it before the members.
    let len = match (always, present.is_empty()) {
        (_, true) => syntax::usize_expr(always),
        (0, false) => fill(&COUNT, &mut [("__present", Hole::Exprs(present))]),
        _ => fill(
            &PLUS_COUNT,
            &mut [
                ("__always", Hole::Expr(syntax::usize_expr(always))),
                ("__present", Hole::Exprs(present)),
            ],
        ),
    };
    let writes = members.iter().map(|m| {
        let adapter = (!m.ty.writes_natively()).then(|| syntax::adapter(&m.ty));
        let template = match (m.presence == Presence::Optional, adapter.is_some()) {
            (true, false) => &WRITE,
            (true, true) => &WRITE_AS,
            (false, false) => &WRITE_FIELD,
            (false, true) => &WRITE_FIELD_AS,
        };
        let mut holes = vec![
            ("__wire", Hole::Str(m.wire.clone())),
            ("__field", Hole::Ident(ident(&m.field))),
        ];
        if let Some(a) = adapter {
            holes.push(("__adapter", Hole::Expr(a)));
        }
        fill(template, &mut holes)
    });
    fill(
        template,
        &mut [
            name,
            type_name,
            ("__len", Hole::Expr(len)),
            ("__writes", Hole::Stmts(writes.collect())),
        ],
    )
}

fn read_struct(t: &NamedType, s: &Structure) -> syn::Item {
    let build = if s.builder_fallible {
        &TRY_BUILD
    } else {
        &BUILD
    };
    let mut holes = vec![
        ("__Name", Hole::Ident(ident(&t.local_name))),
        ("__Builder", Hole::Ident(format_ident!("{}Builder", t.name))),
        ("__type_name", Hole::Str(t.name.clone())),
        ("__build", Hole::Expr(fill(build, &mut []))),
    ];
    if s.members.is_empty() {
        return fill(&READ_EMPTY_STRUCT, &mut holes);
    }
    let members: Vec<&Member> = s.members.iter().collect();
    holes.push(("__arms", Hole::Arms(read_arms(&members))));
    fill(&READ_STRUCT, &mut holes)
}

fn read_arms(members: &[&Member]) -> Vec<syn::Arm> {
    members
        .iter()
        .map(|m| {
            let wire = ("__wire", Hole::Str(m.wire.clone()));
            let field = ("__field", Hole::Ident(ident(&m.field)));
            if m.ty.reads_natively() {
                fill(&READ, &mut [wire, field])
            } else {
                fill(
                    &READ_AS,
                    &mut [
                        wire,
                        field,
                        ("__adapter", Hole::Expr(syntax::adapter(&m.ty))),
                    ],
                )
            }
        })
        .collect()
}
