//! `StartCommandExecution`, kept simple: the ARNs and parameters are
//! checked, the target thing must be known, and the client token makes a
//! retry return the same execution (a different request with the same
//! token is a ConflictException). Commands themselves are not modelled:
//! any well-formed command ARN is accepted.

use std::collections::BTreeMap;

use iot_jobs_data_plane::operation::StartCommandExecutionError;
use iot_jobs_data_plane::types::{
    CommandParameterValue, ConflictException, ResourceNotFoundException,
    StartCommandExecutionRequest, StartCommandExecutionResponse, ValidationException,
};

use super::store::Jobs;

/// The command executions started, and the client tokens seen.
#[derive(Default)]
pub(super) struct Commands {
    started: u64,
    executions: BTreeMap<String, StartCommandExecutionRequest>,
    by_token: BTreeMap<String, String>,
}

/// The parts of `arn:partition:iot:region:account:kind/name`.
struct Arn<'a> {
    scope: (&'a str, &'a str, &'a str),
    kind: &'a str,
    name: &'a str,
}

fn parse_arn(arn: &str) -> Option<Arn<'_>> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("iot"), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let (kind, name) = resource.split_once('/')?;
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    (!partition.is_empty() && !region.is_empty() && account_ok && !name.is_empty()).then_some(Arn {
        scope: (partition, region, account),
        kind,
        name,
    })
}

fn invalid(message: String) -> StartCommandExecutionError {
    StartCommandExecutionError::ValidationException(
        ValidationException::builder().message(message).build(),
    )
}

/// Exactly one of the value's members is set.
fn one_value(value: &CommandParameterValue) -> bool {
    let set = [
        value.s.is_some(),
        value.b.is_some(),
        value.i.is_some(),
        value.l.is_some(),
        value.d.is_some(),
        value.bin.is_some(),
        value.ul.is_some(),
    ];
    set.iter().filter(|s| **s).count() == 1
}

/// What the model's constraints cannot say: ARN shapes, one value per
/// parameter, a known target thing.
fn check(
    jobs: &Jobs,
    input: &StartCommandExecutionRequest,
) -> Result<(), StartCommandExecutionError> {
    let command_arn = input.command_arn.as_deref().unwrap_or_default();
    let target_arn = input.target_arn.as_deref().unwrap_or_default();
    let command = parse_arn(command_arn)
        .filter(|a| a.kind == "command")
        .ok_or_else(|| invalid(format!("commandArn {command_arn:?} is not a command ARN")))?;
    let target = parse_arn(target_arn)
        .filter(|a| a.kind == "thing" || a.kind == "client")
        .ok_or_else(|| {
            invalid(format!(
                "targetArn {target_arn:?} is not a thing or client ARN"
            ))
        })?;
    if command.scope != target.scope {
        return Err(invalid(
            "commandArn and targetArn are in different partitions, regions or accounts".into(),
        ));
    }
    for (name, value) in input.parameters.iter().flatten() {
        if !one_value(value) {
            return Err(invalid(format!(
                "parameter {name} must have exactly one of S, B, I, L, D, BIN, UL"
            )));
        }
    }
    if target.kind == "thing" && !jobs.has_thing(target.name) {
        return Err(StartCommandExecutionError::ResourceNotFoundException(
            ResourceNotFoundException::builder()
                .message(format!("Thing {} not found", target.name))
                .build(),
        ));
    }
    Ok(())
}

/// Starts a command execution, or returns the one a client token started.
pub(super) fn start(
    jobs: &Jobs,
    input: &StartCommandExecutionRequest,
) -> Result<StartCommandExecutionResponse, StartCommandExecutionError> {
    check(jobs, input)?;
    let mut commands = jobs.commands.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(token) = &input.client_token {
        if let Some(id) = commands.by_token.get(token) {
            if commands.executions.get(id) != Some(input) {
                return Err(StartCommandExecutionError::ConflictException(
                    ConflictException::builder()
                        .message("The client token was used with different parameters")
                        .resource_id(id.clone())
                        .build(),
                ));
            }
            return Ok(StartCommandExecutionResponse::builder()
                .execution_id(id.clone())
                .build());
        }
    }
    commands.started += 1;
    let id = format!("{:x}-{}", jobs.now(), commands.started);
    commands.executions.insert(id.clone(), input.clone());
    if let Some(token) = &input.client_token {
        commands.by_token.insert(token.clone(), id.clone());
    }
    Ok(StartCommandExecutionResponse::builder()
        .execution_id(id)
        .build())
}

impl Jobs {
    /// The request that started command execution `id`.
    pub fn command_execution(&self, id: &str) -> Option<StartCommandExecutionRequest> {
        let commands = self.commands.lock().unwrap_or_else(|e| e.into_inner());
        commands.executions.get(id).cloned()
    }
}
