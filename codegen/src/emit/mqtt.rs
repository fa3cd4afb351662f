//! The `mqtt` module: one topic template per MQTT operation, publish and
//! filter functions, per-topic parsers and the `route` of incoming messages.
//! Matching itself is in the `topic` runtime module.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, type_path};
use crate::ir::mqtt::{LabelKind, MqttKind, MqttOperation, TopicLabel, TopicLevel};
use crate::ir::{Crate, TimestampFormat};

pub(super) fn module(krate: &Crate) -> TokenStream {
    let items = krate.mqtt.iter().map(|op| operation(krate, op));
    let variants = krate.mqtt.iter().map(|op| variant(krate, op));
    let routes = krate.mqtt.iter().map(route_arm);
    quote! {
        //! The model's MQTT topics (`smithy.mqtt#publish` and `#subscribe`),
        //! without an MQTT client: build the topic and JSON payload of a message
        //! to publish, the filter of a topic to subscribe to, and read an
        //! incoming `(topic, payload)` with [`route`].

        use crate::topic::{self, Label, LabelKind, Level};
        use crate::types;
        pub use crate::topic::{MessageError, Publish, TopicError};

        #(#items)*

        /// A message of the model, read from its topic and payload, with the
        /// topic's labels filled in.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Message {
            #(#variants)*
        }

        /// Reads an incoming message: the operation its topic belongs to (the
        /// most specific template that matches), its labels and its payload,
        /// parsed and validated.
        pub fn route(topic: &str, payload: &[u8]) -> Result<Message, MessageError> {
            #(#routes)*
            Err(MessageError::UnknownTopic { topic: topic.to_string() })
        }
    }
}

fn template_doc(op: &MqttOperation) -> String {
    format!(" `{}`", op.topic)
}

fn operation(krate: &Crate, op: &MqttOperation) -> TokenStream {
    let konst = ident(&op.const_name);
    let levels = op.levels.iter().map(level);
    let konst_doc = format!(
        " The topic template of `{}`:{}.",
        op.variant,
        template_doc(op)
    );
    let konst_item = quote! {
        #[doc = #konst_doc]
        pub const #konst: &[Level] = &[#(#levels),*];
    };
    let parse = ident(&op.parse_fn);
    let labels: Vec<&TopicLabel> = op
        .levels
        .iter()
        .filter_map(|l| match l {
            TopicLevel::Label(label) => Some(label),
            TopicLevel::Static(_) => None,
        })
        .collect();
    match &op.kind {
        MqttKind::Publish { input } => {
            let input = type_path(krate, *input);
            let publish = ident(&op.fn_name);
            let doc = format!(
                " The topic and JSON payload that publish `{}` on{}; a label must be a whole topic level.",
                op.variant,
                template_doc(op)
            );
            let parse_doc = format!(
                " Reads a `{}` request if `topic` matches{}: its payload with the topic's labels filled in; `None` for another topic.",
                op.variant,
                template_doc(op)
            );
            quote! {
                #konst_item
                #[doc = #doc]
                pub fn #publish(input: &#input) -> Result<Publish, TopicError> {
                    topic::publish(#konst, input)
                }
                #[doc = #parse_doc]
                pub fn #parse(topic: &str, payload: &[u8]) -> Result<Option<#input>, MessageError> {
                    match topic::match_topic(#konst, topic) {
                        Some(labels) => topic::read_request(topic, payload, &labels).map(Some),
                        None => Ok(None),
                    }
                }
            }
        }
        MqttKind::Subscribe { labels: l, message } => {
            let labels_ty = type_path(krate, *l);
            let message_ty = type_path(krate, *message);
            let filter = ident(&op.filter_fn);
            let params = labels.iter().map(|l| {
                let name = ident(&l.param);
                let ty = match l.kind {
                    LabelKind::String => quote!(Option<&str>),
                    LabelKind::Integer => quote!(Option<i64>),
                    LabelKind::Boolean => quote!(Option<bool>),
                    LabelKind::Timestamp(_) => quote!(Option<&crate::primitives::DateTime>),
                };
                quote!(#name: #ty)
            });
            let values = labels.iter().map(|l| {
                let name = ident(&l.param);
                match l.kind {
                    LabelKind::String => quote!(#name.map(str::to_string)),
                    LabelKind::Integer | LabelKind::Boolean => quote!(#name.map(|v| v.to_string())),
                    LabelKind::Timestamp(_) => quote!(#name.map(|v| v.to_rfc3339())),
                }
            });
            let filter_doc = format!(
                " The filter to subscribe to `{}`:{}, with each label given or `None` for every value (`+`).",
                op.variant,
                template_doc(op)
            );
            let parse_doc = format!(
                " Reads a `{}` message if `topic` matches{}: the topic's labels and the payload; `None` for another topic.",
                op.variant,
                template_doc(op)
            );
            quote! {
                #konst_item
                #[doc = #filter_doc]
                pub fn #filter(#(#params),*) -> Result<String, TopicError> {
                    topic::filter(#konst, &[#(#values),*])
                }
                #[doc = #parse_doc]
                pub fn #parse(topic: &str, payload: &[u8]) -> Result<Option<(#labels_ty, #message_ty)>, MessageError> {
                    match topic::match_topic(#konst, topic) {
                        Some(labels) => Ok(Some((
                            topic::read_labels(topic, &labels)?,
                            topic::read_message(topic, payload)?,
                        ))),
                        None => Ok(None),
                    }
                }
            }
        }
    }
}

fn level(level: &TopicLevel) -> TokenStream {
    match level {
        TopicLevel::Static(s) => quote!(Level::Static(#s)),
        TopicLevel::Label(l) => {
            let (name, wire) = (&l.name, &l.wire);
            let kind = match l.kind {
                LabelKind::String => quote!(LabelKind::String),
                LabelKind::Integer => quote!(LabelKind::Integer),
                LabelKind::Boolean => quote!(LabelKind::Boolean),
                LabelKind::Timestamp(TimestampFormat::EpochSeconds) => {
                    quote!(LabelKind::EpochSeconds)
                }
                LabelKind::Timestamp(TimestampFormat::DateTime) => quote!(LabelKind::DateTime),
                LabelKind::Timestamp(TimestampFormat::HttpDate) => quote!(LabelKind::HttpDate),
            };
            quote!(Level::Label(Label { name: #name, wire: #wire, kind: #kind }))
        }
    }
}

fn variant(krate: &Crate, op: &MqttOperation) -> TokenStream {
    let name = ident(&op.variant);
    let mut doc = format!(" `{}`", op.topic);
    if let Some(d) = &op.docs {
        doc.push_str(": ");
        doc.push_str(d.lines().next().unwrap_or_default());
    }
    match &op.kind {
        MqttKind::Publish { input } => {
            let input = type_path(krate, *input);
            quote! {
                #[doc = #doc]
                #name(#input),
            }
        }
        MqttKind::Subscribe { labels, message } => {
            let labels = type_path(krate, *labels);
            let message = type_path(krate, *message);
            quote! {
                #[doc = #doc]
                #name {
                    /// The topic's labels.
                    labels: #labels,
                    /// The payload.
                    message: #message,
                },
            }
        }
    }
}

fn route_arm(op: &MqttOperation) -> TokenStream {
    let parse = ident(&op.parse_fn);
    let name = ident(&op.variant);
    match op.kind {
        MqttKind::Publish { .. } => quote! {
            if let Some(input) = #parse(topic, payload)? {
                return Ok(Message::#name(input));
            }
        },
        MqttKind::Subscribe { .. } => quote! {
            if let Some((labels, message)) = #parse(topic, payload)? {
                return Ok(Message::#name { labels, message });
            }
        },
    }
}
