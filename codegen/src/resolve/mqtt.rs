//! The MQTT protocol bindings (`smithy.mqtt#publish`, `#subscribe`,
//! `#topicLabel`): checks the rules of the Smithy "MQTT Protocol Bindings"
//! specification and decides topics, labels and message types.
//!
//! Deliberate differences (README, "Talking to IoT Jobs over MQTT"): a
//! subscribe operation's output structure is the message itself (this
//! generator has no event streams), and a label value is refused when it
//! holds `/` rather than written as `%2F`.

use heck::ToShoutySnakeCase;

use super::{names, traits, Resolver};
use crate::ast::ShapeType;
use crate::ir::mqtt::{LabelKind, MqttKind, MqttOperation, TopicLabel, TopicLevel};
use crate::ir::{self, NamedKind, Presence, Ty};

pub const PUBLISH: &str = "smithy.mqtt#publish";
pub const SUBSCRIBE: &str = "smithy.mqtt#subscribe";
pub const TOPIC_LABEL: &str = "smithy.mqtt#topicLabel";

/// A level of a topic template before labels are tied to members.
enum RawLevel<'t> {
    Static(&'t str),
    Label(&'t str),
}

impl Resolver<'_> {
    /// The MQTT operations, most specific topic first; model errors for
    /// every broken rule.
    pub(super) fn mqtt_operations(&mut self) -> Vec<MqttOperation> {
        let ids: Vec<String> = self
            .shapes
            .iter()
            .filter(|(_, s)| {
                s.ty == ShapeType::Operation
                    && (s.traits.contains_key(PUBLISH) || s.traits.contains_key(SUBSCRIBE))
            })
            .map(|(id, _)| id.clone())
            .collect();
        let mut ops: Vec<(MqttOperation, String)> = Vec::new();
        for id in ids {
            if let Some(op) = self.mqtt_operation(&id) {
                ops.push(op);
            }
        }
        self.check_topic_conflicts(&ops);
        // Static levels before labels, level by level: `jobs/get/accepted`
        // is tried before `jobs/{jobId}/get`, so a topic goes to the most
        // specific template that matches it.
        ops.sort_by(|(a, _), (b, _)| {
            let key = |op: &MqttOperation| -> Vec<bool> {
                op.levels
                    .iter()
                    .map(|l| matches!(l, TopicLevel::Label(_)))
                    .collect()
            };
            key(a).cmp(&key(b)).then_with(|| a.variant.cmp(&b.variant))
        });
        ops.into_iter().map(|(op, _)| op).collect()
    }

    /// One operation and the shape its payload targets (for conflicts).
    fn mqtt_operation(&mut self, id: &str) -> Option<(MqttOperation, String)> {
        let shape = self.shapes[id].clone();
        let (trait_id, publish) = match (
            shape.traits.contains_key(PUBLISH),
            shape.traits.contains_key(SUBSCRIBE),
        ) {
            (true, true) => {
                self.error(
                    id,
                    "/traits",
                    "smithy.mqtt#publish and smithy.mqtt#subscribe conflict; an operation has one of them",
                );
                return None;
            }
            (true, false) => (PUBLISH, true),
            _ => (SUBSCRIBE, false),
        };
        let detail = format!("/traits/{}", crate::ast::pointer_segment(trait_id));
        let Some(topic) = shape.traits[trait_id].as_str().map(str::to_string) else {
            self.error(id, &detail, "the MQTT topic must be a string");
            return None;
        };
        let raw = self.topic_levels(id, &detail, &topic)?;

        let input = self.mqtt_input(id, shape.links.input.as_deref())?;
        let input_shape = self.shapes[&input].clone();
        let input_type = self.type_index.get(&input).copied()?;
        if input_shape
            .members
            .values()
            .any(|m| self.targets_stream(&m.target))
        {
            self.error(
                &input,
                "",
                "an MQTT operation's input cannot hold an event stream",
            );
        }

        // Every label is bound to one required @topicLabel member of a type a topic can hold.
        let mut levels = Vec::new();
        let mut bound = Vec::new();
        for level in raw {
            match level {
                RawLevel::Static(s) => levels.push(TopicLevel::Static(s.to_string())),
                RawLevel::Label(name) => {
                    if bound.contains(&name) {
                        self.error(
                            id,
                            &detail,
                            format!("the label `{{{name}}}` appears twice in `{topic}`; each label is bound to one member"),
                        );
                        continue;
                    }
                    bound.push(name);
                    if let Some(label) = self.topic_label(id, &input, input_type, name) {
                        levels.push(TopicLevel::Label(label));
                    }
                }
            }
        }
        for (name, member) in &input_shape.members {
            let member_id = format!("{input}${name}");
            let is_label = member.traits.contains_key(TOPIC_LABEL);
            if is_label && !bound.contains(&name.as_str()) {
                self.error(
                    &member_id,
                    "",
                    format!("marked @smithy.mqtt#topicLabel, but the topic `{topic}` of `{id}` has no label `{{{name}}}`"),
                );
            } else if !is_label && !publish {
                self.error(
                    &member_id,
                    "",
                    format!("every input member of a subscribe operation must be a topic label, and `{id}` has no label `{{{name}}}`"),
                );
            }
        }

        let (kind, payload_shape) = if publish {
            if let Some(output) = shape.links.output.as_deref() {
                if self
                    .shapes
                    .get(output)
                    .is_some_and(|o| !o.members.is_empty())
                {
                    self.error(
                        id,
                        "/output",
                        "a publish operation has no output (MQTT has no responses); its output must have no members",
                    );
                }
            }
            (MqttKind::Publish { input: input_type }, input.clone())
        } else {
            let message = self.mqtt_message(id, shape.links.output.as_deref())?;
            let message_type = self.type_index.get(&message).copied()?;
            (
                MqttKind::Subscribe {
                    labels: input_type,
                    message: message_type,
                },
                message,
            )
        };
        if levels.len() != topic.split('/').count() {
            return None; // a label was reported above
        }
        let smithy_name = crate::shape_id::name_of(id);
        let variant = names::type_name(smithy_name);
        let fn_name = names::field_name(smithy_name);
        Some((
            MqttOperation {
                shape_id: id.to_string(),
                filter_fn: format!("{}_filter", names::unraw(&fn_name)),
                parse_fn: format!("parse_{}", names::unraw(&fn_name)),
                fn_name,
                const_name: smithy_name.to_shouty_snake_case(),
                docs: traits::docs(&shape.traits),
                variant,
                topic,
                levels,
                kind,
            },
            payload_shape,
        ))
    }

    /// Splits a topic template into levels, checking it is an MQTT topic
    /// name with whole-level labels.
    fn topic_levels<'t>(
        &mut self,
        id: &str,
        detail: &str,
        topic: &'t str,
    ) -> Option<Vec<RawLevel<'t>>> {
        let mut problems = Vec::new();
        if topic.is_empty() {
            problems.push("an MQTT topic has at least one character".to_string());
        }
        if topic.contains(['+', '#']) {
            problems.push(format!(
                "the topic `{topic}` contains a wildcard (`+` or `#`); a topic template names one topic, not a filter"
            ));
        }
        if topic.contains('\0') {
            problems.push("an MQTT topic cannot contain the null character".to_string());
        }
        if topic.len() > 65535 {
            problems.push("an MQTT topic is at most 65535 bytes".to_string());
        }
        let mut levels = Vec::new();
        for level in topic.split('/') {
            match level.strip_prefix('{').and_then(|l| l.strip_suffix('}')) {
                Some(name) if crate::shape_id::is_identifier(name) => {
                    levels.push(RawLevel::Label(name))
                }
                _ if level.contains(['{', '}']) => problems.push(format!(
                    "the level `{level}` of `{topic}`: a label spans a whole topic level (`a/{{b}}`, not `a/x-{{b}}`), names a member, and `{{`, `}}` are reserved for labels"
                )),
                _ => levels.push(RawLevel::Static(level)),
            }
        }
        let ok = problems.is_empty();
        for p in problems {
            self.error(id, detail, p);
        }
        ok.then_some(levels)
    }

    /// The operation's input structure (it holds the topic labels).
    fn mqtt_input(&mut self, id: &str, input: Option<&str>) -> Option<String> {
        match input {
            Some(t)
                if self
                    .shapes
                    .get(t)
                    .is_some_and(|s| s.ty == ShapeType::Structure) =>
            {
                Some(t.to_string())
            }
            Some(t) if self.shapes.contains_key(t) => {
                self.error(id, "/input", format!("the input `{t}` is not a structure"));
                None
            }
            Some(t) if self.model.broken.contains(t) => None,
            Some(t) if t != "smithy.api#Unit" => {
                self.error(id, "/input", format!("the input `{t}` is not defined"));
                None
            }
            _ => {
                self.error(
                    id,
                    "",
                    "an MQTT operation needs an input structure (its topic labels and, for publish, the payload); this generator does not take `smithy.api#Unit` here",
                );
                None
            }
        }
    }

    /// The output structure of a subscribe operation: the message.
    fn mqtt_message(&mut self, id: &str, output: Option<&str>) -> Option<String> {
        let output = match output {
            Some(t) if t != "smithy.api#Unit" => t,
            _ => {
                self.error(
                    id,
                    "",
                    "a subscribe operation needs an output: the message received on its topic",
                );
                return None;
            }
        };
        let Some(shape) = self.shapes.get(output).cloned() else {
            if !self.model.broken.contains(output) {
                self.error(
                    id,
                    "/output",
                    format!("the output `{output}` is not defined"),
                );
            }
            return None;
        };
        if shape.ty != ShapeType::Structure {
            self.error(
                id,
                "/output",
                format!("the output `{output}` is not a structure"),
            );
            return None;
        }
        if shape
            .members
            .values()
            .any(|m| self.targets_stream(&m.target))
        {
            self.error(
                output,
                "",
                "event streams are not supported: this generator reads each MQTT message as the subscribe operation's output structure, so model the message as the output",
            );
            return None;
        }
        Some(output.to_string())
    }

    fn targets_stream(&self, target: &str) -> bool {
        self.shapes
            .get(target)
            .is_some_and(|s| traits::has(&s.traits, traits::STREAMING))
    }

    /// The member a `{name}` label is bound to.
    fn topic_label(
        &mut self,
        op: &str,
        input: &str,
        input_type: ir::TypeIdx,
        name: &str,
    ) -> Option<TopicLabel> {
        let member_id = format!("{input}${name}");
        let Some(member) = self.shapes[input].members.get(name).cloned() else {
            self.error(
                op,
                "",
                format!("the topic label `{{{name}}}` names no member of the input `{input}` (names are case-sensitive)"),
            );
            return None;
        };
        let mut ok = true;
        if !member.traits.contains_key(TOPIC_LABEL) {
            self.error(
                &member_id,
                "",
                format!("bound to the topic label `{{{name}}}` of `{op}`, so it must be marked @smithy.mqtt#topicLabel"),
            );
            ok = false;
        }
        if !member.traits.contains_key(traits::REQUIRED) {
            self.error(
                &member_id,
                "",
                "a topic label must be @required: a topic has a value at every level",
            );
            ok = false;
        }
        let NamedKind::Structure(s) = &self.types[input_type].kind else {
            return None;
        };
        let built = s.members.iter().find(|m| m.name == name)?.clone();
        let kind = match &built.ty {
            Ty::String => Some(LabelKind::String),
            Ty::Named(i) if matches!(self.types[*i].kind, NamedKind::Enum(_)) => {
                Some(LabelKind::String)
            }
            Ty::Byte | Ty::Short | Ty::Integer | Ty::Long => Some(LabelKind::Integer),
            Ty::Bool => Some(LabelKind::Boolean),
            Ty::Timestamp(format) => Some(LabelKind::Timestamp(*format)),
            _ => None,
        };
        let Some(kind) = kind else {
            self.error(
                &member_id,
                "/target",
                format!("a topic label targets a string, byte, short, integer, long, boolean or timestamp, not `{}`", member.target),
            );
            return None;
        };
        // A label without a default is never silently filled.
        if let Presence::Default(_) = built.presence {
            self.error(
                &member_id,
                "",
                "a topic label has no @default: its value comes from the topic",
            );
            ok = false;
        }
        ok.then(|| TopicLabel {
            name: name.to_string(),
            wire: built.wire.clone(),
            param: built.field.clone(),
            kind,
        })
    }

    /// Spec, "Topic conflicts": topics with the same static levels and
    /// labels at the same positions carry the same payload shape.
    fn check_topic_conflicts(&mut self, ops: &[(MqttOperation, String)]) {
        let shape_of = |op: &MqttOperation| -> Vec<Option<String>> {
            op.levels
                .iter()
                .map(|l| match l {
                    TopicLevel::Static(s) => Some(s.clone()),
                    TopicLevel::Label(_) => None,
                })
                .collect()
        };
        for (i, (a, payload_a)) in ops.iter().enumerate() {
            for (b, payload_b) in &ops[..i] {
                if shape_of(a) == shape_of(b) && payload_a != payload_b {
                    self.error(
                        &a.shape_id,
                        "",
                        format!(
                            "its topic `{}` conflicts with `{}` of `{}`: the same topic would carry `{payload_a}` and `{payload_b}`",
                            a.topic, b.topic, b.shape_id
                        ),
                    );
                }
            }
        }
    }
}
