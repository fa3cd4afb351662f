//! MQTT topics without an MQTT client: topic templates split into levels,
//! building topics and filters with checked labels, matching incoming
//! topics, and reading payloads with errors that name the topic and the
//! JSON Pointer. The generated `mqtt` module holds the model's templates.

use std::fmt;

use crate::codec::{ReadJson, WriteJson};
use crate::json_read::{Next, ReadError, Reader};
use crate::json_write::Writer;
use crate::primitives::DateTime;
use crate::validation::{Validate, ValidationErrors};

/// One level of a topic template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Literal text.
    Static(&'static str),
    /// A `{name}` label, filled from a member.
    Label(Label),
}

/// A topic label and the member it is bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    /// The member name, as the template writes it.
    pub name: &'static str,
    /// The member's JSON name.
    pub wire: &'static str,
    /// How its value is written.
    pub kind: LabelKind,
}

/// How a label's value is written in a topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelKind {
    /// Strings and enums, as they are.
    String,
    /// Decimal digits.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// RFC 3339 in the topic; in JSON, epoch seconds.
    EpochSeconds,
    /// RFC 3339 in the topic and in JSON.
    DateTime,
    /// RFC 3339 in the topic; in JSON, an HTTP date.
    HttpDate,
}

/// A message to publish: its topic and its JSON payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publish {
    /// The topic name, labels filled in.
    pub topic: String,
    /// The JSON payload: the input's members that are not labels.
    pub payload: Vec<u8>,
}

/// A topic could not be built from the values given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TopicError {
    /// The member bound to the label has no value.
    MissingLabel {
        /// The label's name.
        label: &'static str,
    },
    /// The value is empty, or holds `/`, `+`, `#` or a null character,
    /// which would change the topic's levels or make it a filter.
    InvalidLabel {
        /// The label's name.
        label: &'static str,
        /// The value refused.
        value: String,
    },
    /// The input could not be written as JSON.
    Payload {
        /// What went wrong.
        message: String,
    },
}

impl fmt::Display for TopicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TopicError::MissingLabel { label } => {
                write!(f, "the topic label `{label}` has no value")
            }
            TopicError::InvalidLabel { label, value } => write!(
                f,
                "the topic label `{label}` cannot be {value:?}: a label value is not empty and holds no `/`, `+`, `#` or null character"
            ),
            TopicError::Payload { message } => write!(f, "cannot write the payload: {message}"),
        }
    }
}

impl std::error::Error for TopicError {}

/// An incoming message that is not one the model knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageError {
    /// No topic template of the model matches the topic.
    UnknownTopic {
        /// The topic.
        topic: String,
    },
    /// A label's value, taken from the topic, is not valid for its member.
    Label {
        /// The topic.
        topic: String,
        /// The label's name.
        label: String,
        /// What is wrong with its value.
        message: String,
    },
    /// The payload is not JSON, not the message's JSON, or violates its
    /// constraints; `pointer` is the JSON Pointer of the failure (`""` for
    /// the whole payload).
    Payload {
        /// The topic.
        topic: String,
        /// JSON Pointer of the failure.
        pointer: String,
        /// What is wrong.
        message: String,
    },
}

impl MessageError {
    /// The topic the message came on.
    pub fn topic(&self) -> &str {
        match self {
            MessageError::UnknownTopic { topic }
            | MessageError::Label { topic, .. }
            | MessageError::Payload { topic, .. } => topic,
        }
    }
}

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MessageError::UnknownTopic { topic } => {
                write!(f, "no message of the model is published on `{topic}`")
            }
            MessageError::Label {
                topic,
                label,
                message,
            } => write!(f, "topic `{topic}`, label `{label}`: {message}"),
            MessageError::Payload {
                topic,
                pointer,
                message,
            } => write!(f, "topic `{topic}`, payload at '{pointer}': {message}"),
        }
    }
}

impl std::error::Error for MessageError {}

/// Whether a value can fill a label: a whole, literal topic level.
pub fn check_label(label: &'static str, value: &str) -> Result<(), TopicError> {
    if value.is_empty() || value.contains(['/', '+', '#', '\0']) {
        return Err(TopicError::InvalidLabel {
            label,
            value: value.to_string(),
        });
    }
    Ok(())
}

/// The topic filter of a template: given labels filled in (and checked),
/// the others `+`.
pub fn filter(template: &[Level], values: &[Option<String>]) -> Result<String, TopicError> {
    let mut values = values.iter();
    let mut levels = Vec::with_capacity(template.len());
    for level in template {
        levels.push(match level {
            Level::Static(s) => (*s).to_string(),
            Level::Label(label) => match values.next().cloned().flatten() {
                Some(v) => {
                    check_label(label.name, &v)?;
                    v
                }
                None => "+".to_string(),
            },
        });
    }
    Ok(levels.join("/"))
}

/// The topic and payload of a publish input: labels go to the topic, the
/// other members to the JSON payload.
pub fn publish<T: WriteJson>(template: &[Level], input: &T) -> Result<Publish, TopicError> {
    let mut writer = Writer::new();
    input.write_json(&mut writer);
    split_labels(template, writer.finish())
}

/// `publish` once the input is written.
fn split_labels(
    template: &[Level],
    written: Result<String, String>,
) -> Result<Publish, TopicError> {
    let written = written.map_err(|message| TopicError::Payload { message })?;
    // The members as written, labels apart.
    let mut labels: Vec<(&str, &str)> = Vec::new();
    let mut payload = Writer::new();
    let mut object = payload.object();
    Reader::new(&written)
        .object("an object", |reader, key| {
            let raw = reader.raw()?;
            match label_wire(template, key) {
                Some(wire) => labels.push((wire, raw)),
                None => object.key(key).raw(raw),
            }
            Ok(())
        })
        .map_err(|e| TopicError::Payload {
            message: e.to_string(),
        })?;
    object.end();
    let mut levels = Vec::with_capacity(template.len());
    for level in template {
        levels.push(match level {
            Level::Static(s) => (*s).to_string(),
            Level::Label(label) => {
                let raw = labels.iter().find(|(wire, _)| *wire == label.wire);
                let text = raw
                    .and_then(|(_, raw)| label_text(label.kind, raw))
                    .ok_or(TopicError::MissingLabel { label: label.name })?;
                check_label(label.name, &text)?;
                text
            }
        });
    }
    Ok(Publish {
        topic: levels.join("/"),
        payload: payload.finish().unwrap_or_default().into_bytes(),
    })
}

/// The template's own name for the label whose member is `key`, if any.
fn label_wire(template: &[Level], key: &str) -> Option<&'static str> {
    template.iter().find_map(|l| match l {
        Level::Label(label) if label.wire == key => Some(label.wire),
        _ => None,
    })
}

/// A label's topic text from the member's JSON text.
fn label_text(kind: LabelKind, raw: &str) -> Option<String> {
    let mut reader = Reader::new(raw);
    let next = reader.peek().ok()?;
    match (kind, next) {
        (LabelKind::String | LabelKind::DateTime, Next::String) => {
            Some(reader.string("a string").ok()?.into_owned())
        }
        (LabelKind::Integer, Next::Number) => Some(raw.to_string()),
        (LabelKind::Boolean, Next::Bool) => Some(raw.to_string()),
        (LabelKind::EpochSeconds, Next::Number) => {
            Some(crate::codec::parse_epoch(raw)?.to_rfc3339())
        }
        (LabelKind::HttpDate, Next::String) => {
            let text = reader.string("a string").ok()?;
            Some(DateTime::parse_http_date(&text)?.to_rfc3339())
        }
        _ => None,
    }
}

/// A label's JSON text from its topic text; text that is not of the
/// label's type stays a string, for the reader to report at its pointer.
fn label_json(kind: LabelKind, text: &str, out: &mut Writer) {
    match kind {
        LabelKind::String | LabelKind::DateTime => out.string(text),
        LabelKind::Integer => match text.parse::<i64>() {
            Ok(v) => out.i64(v),
            Err(_) => out.string(text),
        },
        LabelKind::Boolean => match text {
            "true" => out.bool(true),
            "false" => out.bool(false),
            _ => out.string(text),
        },
        LabelKind::EpochSeconds => match DateTime::parse_rfc3339(text) {
            Some(t) if t.subsec_nanos() == 0 => out.i64(t.secs()),
            Some(t) => out.raw(&crate::codec::epoch_text(&t)),
            None => out.string(text),
        },
        LabelKind::HttpDate => match DateTime::parse_rfc3339(text) {
            Some(t) => out.string(&t.to_http_date()),
            None => out.string(text),
        },
    }
}

/// The labels' values if `topic` matches the template.
pub fn match_topic<'t>(template: &[Level], topic: &'t str) -> Option<Vec<(Label, &'t str)>> {
    let mut labels = Vec::new();
    let mut parts = topic.split('/');
    for level in template {
        let part = parts.next()?;
        match level {
            Level::Static(s) if *s == part => {}
            Level::Static(_) => return None,
            Level::Label(_) if part.is_empty() => return None,
            Level::Label(label) => labels.push((*label, part)),
        }
    }
    parts.next().is_none().then_some(labels)
}

/// A structure made only of topic labels (a subscribe operation's input).
pub fn read_labels<T>(topic: &str, labels: &[(Label, &str)]) -> Result<T, MessageError>
where
    T: ReadJson + Validate,
{
    read_object(topic, "{}", labels)
}

/// A publish input: its payload with the topic's labels filled in (the
/// topic wins over a payload member of the same name).
pub fn read_request<T>(
    topic: &str,
    payload: &[u8],
    labels: &[(Label, &str)],
) -> Result<T, MessageError>
where
    T: ReadJson + Validate,
{
    let text = std::str::from_utf8(payload)
        .map_err(|e| payload_error(topic, "", &format!("the payload is not UTF-8: {e}")))?;
    let mut reader = Reader::new(text);
    let invalid_json = |e: ReadError| payload_error(topic, "", &format!("invalid JSON: {e}"));
    if reader.peek().map_err(invalid_json)? != Next::Object {
        return Err(payload_error(topic, "", "the payload is not a JSON object"));
    }
    reader
        .skip()
        .and_then(|()| reader.end())
        .map_err(invalid_json)?;
    read_object(topic, text, labels)
}

/// A message received on a subscribed topic: the whole payload.
pub fn read_message<T>(topic: &str, payload: &[u8]) -> Result<T, MessageError>
where
    T: ReadJson + Validate,
{
    let text = std::str::from_utf8(payload)
        .map_err(|e| payload_error(topic, "", &format!("the payload is not UTF-8: {e}")))?;
    let value: T = crate::json::from_str(text)
        .map_err(|e| payload_error(topic, e.pointer(), &e.to_string()))?;
    value.validate().map_err(|e| invalid(topic, &e, &[]))?;
    Ok(value)
}

/// Reads `object` (checked JSON object text) with the labels as members,
/// in place of any payload member of the same name.
fn read_object<T>(topic: &str, object: &str, labels: &[(Label, &str)]) -> Result<T, MessageError>
where
    T: ReadJson + Validate,
{
    let merged = with_labels(object, labels);
    let value: T = crate::json::from_str(&merged)
        .map_err(|e| blame(topic, e.pointer().to_string(), e.to_string(), labels))?;
    value.validate().map_err(|e| invalid(topic, &e, labels))?;
    Ok(value)
}

/// The object's text with the labels as members.
fn with_labels(object: &str, labels: &[(Label, &str)]) -> String {
    let mut merged = Writer::new();
    let mut members = merged.object();
    for (label, text) in labels {
        label_json(label.kind, text, members.key(label.wire));
    }
    // The object was read once already: it is valid JSON.
    let _ = Reader::new(object).object("an object", |reader, key| {
        let raw = reader.raw()?;
        if !labels.iter().any(|(l, _)| l.wire == key) {
            members.key(key).raw(raw);
        }
        Ok(())
    });
    members.end();
    merged.finish().unwrap_or_default()
}

fn invalid(topic: &str, errors: &ValidationErrors, labels: &[(Label, &str)]) -> MessageError {
    let pointer = errors
        .violations()
        .first()
        .map(|v| v.path().to_string())
        .unwrap_or_default();
    blame(topic, pointer, errors.to_string(), labels)
}

/// A failure at a label's member is the topic's; any other, the payload's.
fn blame(topic: &str, pointer: String, message: String, labels: &[(Label, &str)]) -> MessageError {
    let first = pointer
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    match labels
        .iter()
        .find(|(l, _)| l.wire == first && !first.is_empty())
    {
        Some((label, _)) => MessageError::Label {
            topic: topic.to_string(),
            label: label.name.to_string(),
            message,
        },
        None => payload_error(topic, &pointer, &message),
    }
}

fn payload_error(topic: &str, pointer: &str, message: &str) -> MessageError {
    MessageError::Payload {
        topic: topic.to_string(),
        pointer: pointer.to_string(),
        message: message.to_string(),
    }
}
