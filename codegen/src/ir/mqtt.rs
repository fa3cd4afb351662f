//! The MQTT bindings of the model (`smithy.mqtt#publish`, `#subscribe`,
//! `#topicLabel`): topics split into levels, labels tied to the members
//! they fill, and the types each message is read into.

use super::{TimestampFormat, TypeIdx};

/// One operation bound to an MQTT topic.
#[derive(Clone, Debug, PartialEq)]
pub struct MqttOperation {
    pub shape_id: String,
    /// Variant of the crate's `mqtt::Message` (UpperCamelCase).
    pub variant: String,
    /// The publish function (snake_case, raw if a keyword: `r#pub`).
    pub fn_name: String,
    /// The topic filter function of a subscribe operation.
    pub filter_fn: String,
    /// The function that reads the operation's messages.
    pub parse_fn: String,
    /// SCREAMING_SNAKE_CASE name of the topic template constant.
    pub const_name: String,
    pub docs: Option<String>,
    /// The topic template as the model writes it (`$aws/things/{thingName}/jobs/get`).
    pub topic: String,
    pub levels: Vec<TopicLevel>,
    pub kind: MqttKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MqttKind {
    /// The device publishes `input`: its labels fill the topic, its other
    /// members form the JSON payload.
    Publish { input: TypeIdx },
    /// The device receives `message` (the operation's output) on topics
    /// whose labels fill `labels` (the operation's input).
    Subscribe { labels: TypeIdx, message: TypeIdx },
}

#[derive(Clone, Debug, PartialEq)]
pub enum TopicLevel {
    Static(String),
    Label(TopicLabel),
}

/// A `{name}` level of a topic template and the member it is bound to.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicLabel {
    /// Member name, as the template writes it.
    pub name: String,
    /// The member's JSON name.
    pub wire: String,
    /// Rust parameter name for filter functions.
    pub param: String,
    pub kind: LabelKind,
}

/// How a label's value is written in a topic.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LabelKind {
    /// Strings and enums, as they are.
    String,
    /// byte, short, integer, long: decimal digits.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// RFC 3339 in the topic; the member's own format in JSON.
    Timestamp(TimestampFormat),
}
