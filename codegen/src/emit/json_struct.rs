//! `codec::ReadJson` and `codec::WriteJson` for structures: the crate's own
//! JSON, without serde. Absent `Option`s are not written; `null` reads as
//! absent; unknown members are skipped; a duplicate member is an error. The
//! HTTP body impls (`protocol::ReadBody`, `protocol::WriteBody`) are the same
//! with the body's members only.

use quote::format_ident;

use super::syntax;
use super::template::{fill, templates, Hole};
use super::tokens::ident;
use crate::ir::{Crate, Member, NamedType, Presence, Structure};

templates! {
    WRITE_JSON: syn::Item = {
        impl codec::WriteJson for __Name {
            fn write_json(&self, writer: &mut json_write::Writer) {
                let mut object = writer.object();
                __writes!();
                object.end();
            }
        }
    };
    WRITE_EMPTY: syn::Item = {
        impl codec::WriteJson for __Name {
            fn write_json(&self, writer: &mut json_write::Writer) {
                writer.object().end();
            }
        }
    };
    WRITE_BODY: syn::Item = {
        impl protocol::WriteBody for __Name {
            fn write_body(&self, writer: &mut json_write::Writer) {
                let mut object = writer.object();
                __writes!();
                object.end();
            }
        }
    };
    WRITE_SOME: syn::Stmt = { codec::write_some(&mut object, __wire, &self.__field, __form); };
    WRITE: syn::Stmt = { codec::write(&mut object, __wire, &self.__field, __form); };

    READ_JSON: syn::Item = {
        impl codec::ReadJson for __Name {
            fn read_json(reader: &mut json_read::Reader<'_>) -> Result<Self, json_read::ReadError> {
                let mut builder = __Builder::default();
                reader.object(__expecting, |reader, key| match key {
                    __arms!() => {}
                    _ => reader.skip(),
                })?;
                __build
            }
        }
    };
    // A structure without members skips whatever it is given.
    READ_EMPTY: syn::Item = {
        impl codec::ReadJson for __Name {
            fn read_json(reader: &mut json_read::Reader<'_>) -> Result<Self, json_read::ReadError> {
                let builder = __Builder::default();
                reader.object(__expecting, |reader, _| reader.skip())?;
                __build
            }
        }
    };
    READ_BODY: syn::Item = {
        impl protocol::ReadBody for __Builder {
            fn read_body(reader: &mut json_read::Reader<'_>) -> Result<Self, json_read::ReadError> {
                let mut builder = __Builder::default();
                reader.object("a JSON object", |reader, key| match key {
                    __arms!() => {}
                    _ => reader.skip(),
                })?;
                Ok(builder)
            }
        }
    };
    READ: syn::Arm = { __wire => codec::member(reader, &mut builder.__field, __wire, __form), };
    // Members are read into the builder, whose `build()` fills defaults.
    BUILD: syn::Expr = { Ok(builder.build()) };
    // A lenient read (`lenient`) records missing members instead of failing.
    TRY_BUILD: syn::Expr = {
        codec::built(reader, builder, __Builder::build, __Builder::build_lenient)
    };
}

pub fn emit(krate: &Crate, t: &NamedType, s: &Structure) -> Vec<syn::Item> {
    let all: Vec<&Member> = s.members.iter().collect();
    let name = || ("__Name", Hole::Ident(ident(&t.local_name)));
    let builder = || ("__Builder", Hole::Ident(format_ident!("{}Builder", t.name)));
    let mut items = vec![write(&all, &WRITE_JSON, name()), read(t, s)];
    if let Some(body) = s.http_body.as_ref().filter(|b| !b.is_empty()) {
        let members: Vec<&Member> = body.iter().map(|&i| &s.members[i]).collect();
        // The HTTP body impls exist only with operations.
        let gate = super::cfg_attrs(krate, &[super::CLIENT, super::SERVER]);
        let mut write = write(&members, &WRITE_BODY, name());
        let mut read = fill(
            &READ_BODY,
            &mut [builder(), ("__arms", Hole::Arms(read_arms(&members)))],
        );
        for item in [&mut write, &mut read] {
            match item {
                syn::Item::Impl(i) => drop(i.attrs.splice(0..0, gate.iter().cloned())),
                _ => unreachable!("the body templates are impls"),
            }
        }
        items.push(write);
        items.push(read);
    }
    items
}

fn write(
    members: &[&Member],
    template: &'static std::thread::LocalKey<super::template::Template<syn::Item>>,
    name: (&'static str, Hole),
) -> syn::Item {
    if members.is_empty() {
        return fill(&WRITE_EMPTY, &mut [name]);
    }
    let writes = members.iter().map(|m| {
        let template = if m.presence == Presence::Optional {
            &WRITE_SOME
        } else {
            &WRITE
        };
        fill(
            template,
            &mut [
                ("__wire", Hole::Str(m.wire.clone())),
                ("__field", Hole::Ident(ident(&m.field))),
                ("__form", Hole::Expr(syntax::form(&m.ty))),
            ],
        )
    });
    fill(
        template,
        &mut [name, ("__writes", Hole::Stmts(writes.collect()))],
    )
}

fn read(t: &NamedType, s: &Structure) -> syn::Item {
    let builder = format_ident!("{}Builder", t.name);
    let build = if s.builder_fallible {
        fill(
            &TRY_BUILD,
            &mut [("__Builder", Hole::Ident(builder.clone()))],
        )
    } else {
        fill(&BUILD, &mut [])
    };
    let mut holes = vec![
        ("__Name", Hole::Ident(ident(&t.local_name))),
        ("__Builder", Hole::Ident(builder)),
        ("__expecting", Hole::Str(format!("a {} object", t.name))),
        ("__build", Hole::Expr(build)),
    ];
    if s.members.is_empty() {
        return fill(&READ_EMPTY, &mut holes);
    }
    let members: Vec<&Member> = s.members.iter().collect();
    holes.push(("__arms", Hole::Arms(read_arms(&members))));
    fill(&READ_JSON, &mut holes)
}

fn read_arms(members: &[&Member]) -> Vec<syn::Arm> {
    members
        .iter()
        .map(|m| {
            fill(
                &READ,
                &mut [
                    ("__wire", Hole::Str(m.wire.clone())),
                    ("__field", Hole::Ident(ident(&m.field))),
                    ("__form", Hole::Expr(syntax::form(&m.ty))),
                ],
            )
        })
        .collect()
}
