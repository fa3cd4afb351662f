//! Operations of the services that speak restJson1, awsJson1_0 or
//! awsJson1_1, with each one's HTTP binding plan.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{names, traits, Resolver};
use crate::ast::ShapeType;
use crate::ir::{
    self, Binding, ErrorShape, Http, Location, NamedKind, Operation, PathPart, Payload, Presence,
    Protocol, Ty,
};

const HTTP: &str = "smithy.api#http";
const HTTP_ERROR: &str = "smithy.api#httpError";
const HTTP_LABEL: &str = "smithy.api#httpLabel";
const HTTP_QUERY: &str = "smithy.api#httpQuery";
const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
const HTTP_HEADER: &str = "smithy.api#httpHeader";
const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
const MEDIA_TYPE: &str = "smithy.api#mediaType";
const ENDPOINT: &str = "smithy.api#endpoint";
const HOST_LABEL: &str = "smithy.api#hostLabel";
const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
const UNIT: &str = "smithy.api#Unit";
const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";

const MALFORMED_TESTS: &str = "smithy.test#httpMalformedRequestTests";

/// The cases of a test trait for `protocol` that a client runs.
fn client_tests(t: &crate::ast::Traits, id: &str, protocol: Protocol) -> Vec<Value> {
    tests_for(t, id, protocol, "client")
}

/// The cases of a test trait for `protocol` that `side` runs.
fn tests_for(t: &crate::ast::Traits, id: &str, protocol: Protocol, side: &str) -> Vec<Value> {
    let Some(Value::Array(cases)) = t.get(id) else {
        return Vec::new();
    };
    cases
        .iter()
        .filter(|c| c.get("protocol").and_then(Value::as_str) == Some(protocol.trait_id()))
        .filter(|c| {
            c.get("appliesTo")
                .and_then(Value::as_str)
                .is_none_or(|a| a == side)
        })
        .cloned()
        .collect()
}

/// The segments of a restJson1 path pattern: literal text, label, greedy label.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Specific {
    Greedy,
    Label,
    Literal,
}

fn specificity(http: &Http) -> (Vec<Specific>, usize) {
    let mut segments = Vec::new();
    for part in &http.path {
        match part {
            PathPart::Literal(text) => segments.extend(
                text.split('/')
                    .filter(|s| !s.is_empty())
                    .map(|_| Specific::Literal),
            ),
            PathPart::Label { greedy: true, .. } => segments.push(Specific::Greedy),
            PathPart::Label { .. } => segments.push(Specific::Label),
        }
    }
    (segments, http.query.len())
}

/// Smithy's specificity routing: at the first differing segment a literal
/// beats a label, which beats a greedy label; then more segments win; then
/// more query literals.
fn route_order(ops: &[Operation]) -> Vec<usize> {
    let mut rest: Vec<usize> = (0..ops.len())
        .filter(|&i| ops[i].protocol == Protocol::RestJson1)
        .collect();
    rest.sort_by(|&a, &b| {
        let (sa, qa) = specificity(&ops[a].http);
        let (sb, qb) = specificity(&ops[b].http);
        let first_difference = sa.iter().zip(&sb).find(|(x, y)| x != y);
        let by_segment = match first_difference {
            Some((x, y)) => y.cmp(x),
            None => sb.len().cmp(&sa.len()),
        };
        by_segment
            .then(qb.cmp(&qa))
            .then(ops[a].name.cmp(&ops[b].name))
    });
    rest
}

/// Which side of the exchange a structure is bound for.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Input,
    Output,
    Error,
}

impl Resolver<'_> {
    /// The operations of every service with a known protocol trait.
    pub(super) fn operations(&mut self) -> Option<ir::Operations> {
        let services: Vec<(String, Protocol)> = self
            .shapes
            .iter()
            .filter(|(_, s)| s.ty == ShapeType::Service)
            .filter_map(|(id, s)| {
                let protocol = s
                    .traits
                    .keys()
                    .filter_map(|t| Protocol::from_trait(t))
                    .min()?;
                Some((id.clone(), protocol))
            })
            .collect();
        if services.is_empty() {
            return None;
        }
        let mut out = ir::Operations::default();
        let mut error_index: BTreeMap<usize, usize> = BTreeMap::new();
        let mut taken: BTreeMap<String, String> = BTreeMap::new();
        for (service_id, protocol) in services {
            let service_errors = self.shapes[&service_id].links.errors.clone();
            for op_id in self.bound_operations(&service_id) {
                let name = crate::shape_id::name_of(&op_id).to_string();
                if let Some(other) = taken.get(&name) {
                    if *other != op_id {
                        self.warn(
                            &op_id,
                            "",
                            format!("left out: its name is also the name of `{other}`"),
                        );
                    }
                    continue;
                }
                taken.insert(name.clone(), op_id.clone());
                if let Some(op) = self.operation(
                    &service_id,
                    &op_id,
                    protocol,
                    &service_errors,
                    &mut out,
                    &mut error_index,
                ) {
                    out.operations.push(op);
                }
            }
        }
        out.operations.sort_by(|a, b| a.name.cmp(&b.name));
        out.routes = route_order(&out.operations);
        (!out.operations.is_empty()).then_some(out)
    }

    /// Operations bound to a service directly or through its resources.
    fn bound_operations(&self, service_id: &str) -> Vec<String> {
        let mut ops = Vec::new();
        let mut stack = vec![service_id.to_string()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let Some(shape) = self.shapes.get(&id) else {
                continue;
            };
            ops.extend(shape.links.operations.iter().cloned());
            stack.extend(shape.links.resources.iter().cloned());
        }
        ops.sort();
        ops.dedup();
        ops
    }

    fn operation(
        &mut self,
        service_id: &str,
        op_id: &str,
        protocol: Protocol,
        service_errors: &[String],
        out: &mut ir::Operations,
        error_index: &mut BTreeMap<usize, usize>,
    ) -> Option<Operation> {
        let shape = self.shapes.get(op_id)?.clone();
        if shape.ty != ShapeType::Operation {
            self.error(
                op_id,
                "",
                "a service binds it as an operation, but it is not one",
            );
            return None;
        }
        let rest = protocol == Protocol::RestJson1;
        // restJson1's path pattern is split into literals and labels once
        // the input's bindings are known.
        let (mut http, pattern) = if rest {
            let (http, pattern) = self.http_trait(op_id, &shape.traits)?;
            (http, Some(pattern))
        } else {
            let http = Http {
                method: "POST".into(),
                path: vec![PathPart::Literal("/".into())],
                query: Vec::new(),
                code: 200,
            };
            (http, None)
        };
        let input = self.io_type(op_id, shape.links.input.as_deref(), "input")?;
        let output = self.io_type(op_id, shape.links.output.as_deref(), "output")?;
        let mut errors = Vec::new();
        for e in shape.links.errors.iter().chain(service_errors) {
            let Some(&ty) = self.type_index.get(e) else {
                self.error(op_id, "/errors", format!("error `{e}` is not a structure"));
                continue;
            };
            let index = match error_index.get(&ty) {
                Some(&i) => i,
                None => {
                    let error = self.error_shape(e, ty, protocol);
                    out.errors.push(error);
                    error_index.insert(ty, out.errors.len() - 1);
                    out.errors.len() - 1
                }
            };
            if !errors.contains(&index) {
                errors.push(index);
            }
        }
        let request = match input {
            Some(i) => self.bindings(i, rest, Side::Input),
            None => Vec::new(),
        };
        let response = match output {
            Some(i) => self.bindings(i, rest, Side::Output),
            None => Vec::new(),
        };
        if let Some(pattern) = pattern {
            http.path = self.bind_labels(op_id, input, &request, &pattern)?;
        }
        let unsupported =
            [input, output]
                .into_iter()
                .flatten()
                .find_map(|i| match &self.types[i].kind {
                    NamedKind::Structure(s) if !s.streams.is_empty() => Some(format!(
                        "`{}` streams its member `{}`; streaming is not supported yet",
                        self.types[i].name, s.streams[0]
                    )),
                    _ => None,
                });
        let host_prefix = self.host_prefix(op_id, &shape.traits, input);
        // Only a member the caller may leave unset is filled; a required one
        // (an input without `@input`) is always given.
        let idempotency_token = input.and_then(|i| {
            let position = self
                .member_traits(i)
                .iter()
                .position(|t| traits::has(t, IDEMPOTENCY_TOKEN))?;
            match &self.types[i].kind {
                NamedKind::Structure(s) if s.members[position].presence == Presence::Optional => {
                    Some(position)
                }
                _ => None,
            }
        });
        let name = crate::shape_id::name_of(op_id).to_string();
        let service_name = crate::shape_id::name_of(service_id);
        Some(Operation {
            shape_id: op_id.to_string(),
            module: format!("_{}", names::unraw(&names::field_name(&name))),
            target: format!("{service_name}.{name}"),
            docs: traits::docs(&shape.traits),
            deprecated: traits::deprecation(&shape.traits),
            name,
            protocol,
            input,
            output,
            errors,
            http,
            request,
            response,
            host_prefix,
            idempotency_token,
            unsupported,
            checksum_required: traits::has(&shape.traits, "smithy.api#httpChecksumRequired"),
            request_tests: client_tests(&shape.traits, REQUEST_TESTS, protocol),
            response_tests: client_tests(&shape.traits, RESPONSE_TESTS, protocol),
            server_request_tests: tests_for(&shape.traits, REQUEST_TESTS, protocol, "server"),
            server_response_tests: tests_for(&shape.traits, RESPONSE_TESTS, protocol, "server"),
            malformed_tests: tests_for(&shape.traits, MALFORMED_TESTS, protocol, "server"),
        })
    }

    /// The structure type of an operation's input or output (`None` for Unit).
    fn io_type(&mut self, op_id: &str, target: Option<&str>, what: &str) -> Option<Option<usize>> {
        let Some(target) = target.filter(|t| *t != UNIT) else {
            return Some(None);
        };
        match self.type_index.get(target) {
            Some(&i) if matches!(self.types[i].kind, NamedKind::Structure(_)) => Some(Some(i)),
            _ => {
                self.error(
                    op_id,
                    &format!("/{what}"),
                    format!("{what} `{target}` is not a structure"),
                );
                None
            }
        }
    }

    fn error_shape(&mut self, id: &str, ty: usize, protocol: Protocol) -> ErrorShape {
        let traits = self.shapes[id].traits.clone();
        let traits = &traits;
        let fault = traits::string(traits, traits::ERROR).unwrap_or("client");
        let status = traits
            .get(HTTP_ERROR)
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(if fault == "server" { 500 } else { 400 });
        ErrorShape {
            ty,
            code: crate::shape_id::name_of(id).to_string(),
            status,
            bindings: self.bindings(ty, protocol == Protocol::RestJson1, Side::Error),
            response_tests: client_tests(traits, RESPONSE_TESTS, protocol),
            server_response_tests: tests_for(traits, RESPONSE_TESTS, protocol, "server"),
        }
    }

    /// The ast traits of a structure type's members, in IR member order.
    fn member_traits(&self, ty: usize) -> Vec<crate::ast::Traits> {
        let t = &self.types[ty];
        let NamedKind::Structure(s) = &t.kind else {
            return Vec::new();
        };
        let shape = &self.shapes[&t.shape_id];
        s.members
            .iter()
            .map(|m| shape.members[&m.name].traits.clone())
            .collect()
    }

    /// Where each member of a structure travels; also records the JSON body
    /// members on the structure when some members travel elsewhere.
    fn bindings(&mut self, ty: usize, rest: bool, side: Side) -> Vec<Binding> {
        let member_traits = self.member_traits(ty);
        let NamedKind::Structure(s) = &self.types[ty].kind else {
            return Vec::new();
        };
        let mut bindings = Vec::new();
        let shape = &self.shapes[&self.types[ty].shape_id];
        for (i, (m, t)) in s.members.iter().zip(&member_traits).enumerate() {
            let target = &shape.members[&m.name].target;
            let location = if !rest {
                Location::Body
            } else if side == Side::Input && traits::has(t, HTTP_LABEL) {
                Location::Label
            } else if let (Side::Input, Some(name)) = (side, traits::string(t, HTTP_QUERY)) {
                Location::Query(name.to_string())
            } else if side == Side::Input && traits::has(t, HTTP_QUERY_PARAMS) {
                Location::QueryParams
            } else if let Some(name) = traits::string(t, HTTP_HEADER) {
                Location::Header(name.to_string())
            } else if let Some(prefix) = traits::string(t, HTTP_PREFIX_HEADERS) {
                Location::PrefixHeaders(prefix.to_string())
            } else if traits::has(t, HTTP_PAYLOAD) {
                Location::Payload(self.payload_kind(&m.ty, target))
            } else if side == Side::Output && traits::has(t, HTTP_RESPONSE_CODE) {
                Location::ResponseCode
            } else {
                Location::Body
            };
            bindings.push(Binding {
                member: i,
                location,
                timestamp_format: super::timestamp_format(t)
                    .or_else(|| self.target_timestamp_format(target)),
                media_type: matches!(m.ty, Ty::String)
                    && self
                        .shapes
                        .get(target)
                        .is_some_and(|s| traits::has(&s.traits, MEDIA_TYPE)),
            });
        }
        let all_body = bindings.iter().all(|b| b.location == Location::Body);
        let payload = bindings
            .iter()
            .any(|b| matches!(b.location, Location::Payload(_)));
        if !all_body && !payload {
            let body = bindings
                .iter()
                .filter(|b| b.location == Location::Body)
                .map(|b| b.member)
                .collect();
            if let NamedKind::Structure(s) = &mut self.types[ty].kind {
                s.http_body = Some(body);
            }
        }
        bindings
    }

    fn target_timestamp_format(&self, target: &str) -> Option<ir::TimestampFormat> {
        let shape = self.shapes.get(target)?;
        super::timestamp_format(&shape.traits).or_else(|| {
            let item = shape.member.as_ref()?;
            super::timestamp_format(&item.traits)
                .or_else(|| super::timestamp_format(&self.shapes.get(&item.target)?.traits))
        })
    }

    fn payload_kind(&self, ty: &Ty, target: &str) -> Payload {
        let media_type = self
            .shapes
            .get(target)
            .and_then(|s| traits::string(&s.traits, MEDIA_TYPE))
            .map(str::to_string);
        match ty {
            Ty::Blob => Payload::Blob { media_type },
            Ty::String => Payload::Text { media_type },
            Ty::Named(i) if matches!(self.types[*i].kind, NamedKind::Enum(_)) => {
                Payload::Text { media_type }
            }
            _ => Payload::Json,
        }
    }

    /// `@http`: method, code and query literals, and the path pattern (its
    /// `path` is left empty for `bind_labels`).
    fn http_trait(&mut self, op_id: &str, t: &crate::ast::Traits) -> Option<(Http, String)> {
        let Some(http) = t.get(HTTP) else {
            self.warn(
                op_id,
                "",
                "left out of `operation`: a restJson1 operation needs the @http trait",
            );
            return None;
        };
        let method = http.get("method").and_then(Value::as_str);
        let uri = http.get("uri").and_then(Value::as_str);
        let (Some(method), Some(uri)) = (method, uri) else {
            self.error(
                op_id,
                "/traits/smithy.api#http",
                "@http needs `method` and `uri` strings",
            );
            return None;
        };
        let code = http
            .get("code")
            .and_then(Value::as_u64)
            .and_then(|c| u16::try_from(c).ok())
            .unwrap_or(200);
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let query = query
            .split('&')
            .filter(|q| !q.is_empty())
            .map(|q| match q.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (q.to_string(), None),
            })
            .collect();
        let http = Http {
            method: method.to_string(),
            path: Vec::new(),
            query,
            code,
        };
        Some((http, path.to_string()))
    }

    /// Splits the path into literals and labels bound to `@httpLabel` members.
    fn bind_labels(
        &mut self,
        op_id: &str,
        input: Option<usize>,
        request: &[Binding],
        pattern: &str,
    ) -> Option<Vec<PathPart>> {
        let members: Vec<String> = match input.map(|i| &self.types[i].kind) {
            Some(NamedKind::Structure(s)) => s.members.iter().map(|m| m.name.clone()).collect(),
            _ => Vec::new(),
        };
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = pattern;
        while let Some(start) = rest.find('{') {
            literal.push_str(&rest[..start]);
            let Some(end) = rest[start..].find('}') else {
                self.error(
                    op_id,
                    "/traits/smithy.api#http",
                    format!("unclosed label in `{pattern}`"),
                );
                return None;
            };
            let label = &rest[start + 1..start + end];
            let (name, greedy) = match label.strip_suffix('+') {
                Some(n) => (n, true),
                None => (label, false),
            };
            let member = members.iter().position(|m| m == name).filter(|i| {
                request
                    .iter()
                    .any(|b| b.member == *i && b.location == Location::Label)
            });
            let Some(member) = member else {
                self.error(
                    op_id,
                    "/traits/smithy.api#http",
                    format!("label `{{{label}}}` has no @httpLabel input member `{name}`"),
                );
                return None;
            };
            if !literal.is_empty() {
                parts.push(PathPart::Literal(std::mem::take(&mut literal)));
            }
            parts.push(PathPart::Label { member, greedy });
            rest = &rest[start + end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(PathPart::Literal(literal));
        }
        Some(parts)
    }

    fn host_prefix(
        &mut self,
        op_id: &str,
        t: &crate::ast::Traits,
        input: Option<usize>,
    ) -> Option<Vec<ir::HostPart>> {
        let prefix = t.get(ENDPOINT)?.get("hostPrefix")?.as_str()?.to_string();
        let traits_of = input.map(|i| self.member_traits(i)).unwrap_or_default();
        let names: Vec<String> = match input.map(|i| &self.types[i].kind) {
            Some(NamedKind::Structure(s)) => s.members.iter().map(|m| m.name.clone()).collect(),
            _ => Vec::new(),
        };
        let mut parts = Vec::new();
        let mut rest = prefix.as_str();
        while let Some(start) = rest.find('{') {
            if start > 0 {
                parts.push(ir::HostPart::Literal(rest[..start].to_string()));
            }
            let end = rest[start..].find('}').map_or(rest.len(), |e| start + e);
            let name = &rest[start + 1..end];
            match names
                .iter()
                .position(|n| n == name)
                .filter(|&i| traits::has(&traits_of[i], HOST_LABEL))
            {
                Some(i) => parts.push(ir::HostPart::Label(i)),
                None => {
                    self.error(
                        op_id,
                        "/traits/smithy.api#endpoint",
                        format!("host label `{{{name}}}` has no @hostLabel input member"),
                    );
                    return None;
                }
            }
            rest = rest.get(end + 1..).unwrap_or("");
        }
        if !rest.is_empty() {
            parts.push(ir::HostPart::Literal(rest.to_string()));
        }
        Some(parts)
    }
}
