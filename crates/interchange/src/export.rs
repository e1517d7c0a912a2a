//! A Callflow flow -> Amazon Connect flow JSON, with the list of what has no Connect equivalent.
//!
//! Components map one to one onto actions with the component id as `Identifier` (an Assignment
//! and dial becomes `UpdateContactTargetQueue` + `TransferContactToQueue`, the second named
//! `<id>__transfer`); positions go to `Metadata.ActionMetadata`. A component with no equivalent
//! is left out and transitions into it are dropped; every such component, and every setting or
//! exit of a mapped one that Connect cannot express, is listed in the [`ExportReport`].

use std::collections::BTreeMap;

use callflow_model::config::{Prompt, ValueSource};
use callflow_model::{Component, ComponentConfig, ComponentKind, ErrorHandling, FlowFile};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::connect::{
    Action, ActionMetadata, CONNECT_VERSION, Condition, ConditionTransition, ConnectFlow, ErrorTransition,
    Metadata, Point, Transitions,
};
use crate::import::{SAVED_METADATA, TARGET_QUEUE_VARIABLE};
use crate::names::{cel_string_value, is_identifier, reference_for_variable};

/// The result of an export.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub flow: ConnectFlow,
    /// The flow as pretty-printed JSON, ready to import into Amazon Connect.
    pub json: String,
    pub report: ExportReport,
}

/// What did not make it into the Connect flow.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExportReport {
    pub unmapped: Vec<UnmappedPart>,
    /// Components written as actions.
    pub components: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmappedPart {
    pub component: String,
    pub kind: ComponentKind,
    /// What was left out (`None`: the whole component), e.g. `exits.no_answer`.
    pub part: Option<String>,
    pub reason: String,
}

impl ExportReport {
    pub fn is_complete(&self) -> bool {
        self.unmapped.is_empty()
    }
}

const TRANSFER_SUFFIX: &str = "__transfer";

/// Exports `file`'s flow as an Amazon Connect flow.
pub fn export_connect(file: &FlowFile) -> Exported {
    let flow = &file.flow;
    let mut report = ExportReport::default();
    let mut left_out = |c: &str, kind, part: Option<&str>, reason: &str| {
        report.unmapped.push(UnmappedPart {
            component: c.to_owned(),
            kind,
            part: part.map(str::to_owned),
            reason: reason.to_owned(),
        });
    };

    // Which components become actions, and under which identifier transitions reach them.
    let mut entry_of: BTreeMap<&str, String> = BTreeMap::new();
    for (id, component) in &flow.components {
        if id == &flow.entry {
            continue;
        }
        match unmappable(component) {
            Some(reason) => left_out(id, component.kind, None, &reason),
            None => {
                entry_of.insert(id.as_str(), id.clone());
            }
        }
    }
    let entry_target = flow.components.get(&flow.entry).and_then(|c| c.target("next")).cloned();
    let resolve = |target: Option<&String>| -> Option<String> {
        let target = target?;
        if target == &flow.entry {
            return entry_target.as_ref().and_then(|t| entry_of.get(t.as_str()).cloned());
        }
        entry_of.get(target.as_str()).cloned()
    };
    let start_action = resolve(entry_target.as_ref()).unwrap_or_default();
    if start_action.is_empty() {
        left_out(
            &flow.entry,
            flow.components[&flow.entry].kind,
            Some("exits.next"),
            "the start leads to no exportable component",
        );
    }

    let mut actions = Vec::new();
    let mut metadata = Metadata::default();
    let position = |id: &str| file.layout.components.get(id).map(|p| Point { x: p.x, y: p.y });
    if let Some(p) = position(&flow.entry) {
        metadata.entry_point_position = Some(p);
    }
    metadata.other.insert("name".into(), Value::String(flow.name.clone()));
    metadata.other.insert(
        "description".into(),
        Value::String(format!("Exported from Callflow Studio (flow `{}`)", flow.id)),
    );

    for (id, component) in &flow.components {
        if !entry_of.contains_key(id.as_str()) {
            continue;
        }
        let mut note = |part: &str, reason: &str| left_out(id, component.kind, Some(part), reason);
        let target = |exit: &str| resolve(component.target(exit));
        let error_target = match &component.error_handling {
            ErrorHandling::Custom { target } => resolve(Some(target)),
            ErrorHandling::FollowExit { exit } => target(exit),
            ErrorHandling::EndFlow => None,
            ErrorHandling::Default => match component.kind.spec().error_handling {
                callflow_model::DefaultErrorBehavior::FollowExit { exit } => target(exit),
                _ => None,
            },
        };
        let errors = |list: Vec<(&str, Option<String>)>| -> Vec<ErrorTransition> {
            list.into_iter()
                .filter_map(|(error_type, to)| {
                    to.map(|next_action| ErrorTransition { next_action, error_type: error_type.into() })
                })
                .collect()
        };
        let Ok(config) = ComponentConfig::parse(component.kind, &component.config) else {
            note("config", "the config does not fit the kind (fix the problems first); exported without it");
            continue;
        };
        for key in component.alternative_keys.keys() {
            note(&format!("alternative_keys.{key}"), "alternative keys while queued have no equivalent");
        }
        let action = |action_type: &str, parameters: Value, transitions: Transitions| Action {
            identifier: id.clone(),
            action_type: action_type.into(),
            parameters: match parameters {
                Value::Object(map) => map,
                _ => Map::new(),
            },
            transitions,
        };
        let built: Vec<Action> = match config {
            ComponentConfig::PlayMessage(c) => {
                if c.interruptible {
                    note("config.interruptible", "Connect prompts are not cut short by a key press");
                }
                vec![action(
                    "MessageParticipant",
                    prompt_parameters(&c.prompt),
                    Transitions {
                        next_action: target("next"),
                        errors: errors(vec![("NoMatchingError", error_target)]),
                        conditions: vec![],
                    },
                )]
            }
            ComponentConfig::Menu(c) => {
                if c.max_retries > 0 {
                    note(
                        "config.max_retries",
                        "Connect plays the menu once; re-prompting needs a Loop block",
                    );
                }
                if c.invalid_prompt.is_some() || c.no_input_prompt.is_some() {
                    note("config.invalid_prompt", "Connect has no separate invalid / no-input prompts");
                }
                let mut parameters = prompt_parameters(&c.prompt);
                parameters["StoreInput"] = json!("False");
                parameters["InputTimeLimitSeconds"] = json!(c.timeout_sec.to_string());
                let conditions = c
                    .options
                    .iter()
                    .filter_map(|o| {
                        target(&callflow_model::config::menu_exit(o.key)).map(|next_action| {
                            ConditionTransition {
                                next_action,
                                condition: Condition {
                                    operator: "Equals".into(),
                                    operands: vec![json!(o.key.to_string())],
                                },
                            }
                        })
                    })
                    .collect();
                vec![action(
                    "GetParticipantInput",
                    parameters,
                    Transitions {
                        next_action: target("invalid"),
                        errors: errors(vec![
                            ("InputTimeLimitExceeded", target("no_input")),
                            ("NoMatchingCondition", target("invalid")),
                            ("NoMatchingError", error_target),
                        ]),
                        conditions,
                    },
                )]
            }
            ComponentConfig::CollectDigits(c) => {
                if c.output_variable != "stored_customer_input" {
                    note(
                        "config.output_variable",
                        "Connect keeps stored input in $.StoredCustomerInput only",
                    );
                }
                if c.validation.is_some() {
                    note("config.validation", "Connect validates only the length of stored input");
                }
                if c.max_retries > 0 {
                    note("config.max_retries", "Connect asks once; re-prompting needs a Loop block");
                }
                let mut parameters = prompt_parameters(&c.prompt);
                parameters["StoreInput"] = json!("True");
                parameters["InputTimeLimitSeconds"] = json!(c.first_digit_timeout_sec.to_string());
                parameters["InputValidation"] =
                    json!({ "CustomValidation": { "MaximumLength": c.max_digits.to_string() } });
                if let Some(key) = c.terminator {
                    parameters["DTMFConfiguration"] = json!({ "FinishOnKey": key.to_string() });
                }
                vec![action(
                    "GetParticipantInput",
                    parameters,
                    Transitions {
                        next_action: target("ok"),
                        errors: errors(vec![
                            ("InputTimeLimitExceeded", target("timeout")),
                            ("NoMatchingCondition", target("invalid")),
                            ("NoMatchingError", error_target),
                        ]),
                        conditions: vec![],
                    },
                )]
            }
            ComponentConfig::SetVariable(c) => {
                let queue = match c.assignments.as_slice() {
                    [a] if a.variable == TARGET_QUEUE_VARIABLE => {
                        cel_string_value(&a.expression).or_else(|| {
                            is_identifier(a.expression.trim())
                                .then(|| reference_for_variable(a.expression.trim()))
                        })
                    }
                    _ => None,
                };
                let transitions = Transitions {
                    next_action: target("next"),
                    errors: errors(vec![("NoMatchingError", error_target)]),
                    conditions: vec![],
                };
                if let Some(queue) = queue {
                    vec![action("UpdateContactTargetQueue", json!({ "QueueId": queue }), transitions)]
                } else {
                    let mut attributes = Map::new();
                    for (i, a) in c.assignments.iter().enumerate() {
                        if let Some(text) = cel_string_value(&a.expression) {
                            attributes.insert(a.variable.clone(), Value::String(text));
                        } else if is_identifier(a.expression.trim()) {
                            attributes.insert(
                                a.variable.clone(),
                                Value::String(reference_for_variable(a.expression.trim())),
                            );
                        } else {
                            note(
                                &format!("config.assignments[{i}]"),
                                "only text values and variable copies map to contact attributes (no expressions)",
                            );
                        }
                    }
                    vec![action(
                        "UpdateContactAttributes",
                        json!({ "Attributes": attributes, "TargetContact": "Current" }),
                        transitions,
                    )]
                }
            }
            ComponentConfig::Conditional(c) => {
                let mut compared: Option<String> = None;
                let mut conditions = Vec::new();
                for (i, branch) in c.branches.iter().enumerate() {
                    match comparison(&branch.expression) {
                        Some((variable, operator, operand))
                            if compared.as_ref().is_none_or(|v| v == &variable) =>
                        {
                            compared = Some(variable);
                            if let Some(next_action) = target(&branch.name) {
                                conditions.push(ConditionTransition {
                                    next_action,
                                    condition: Condition { operator, operands: vec![json!(operand)] },
                                });
                            }
                        }
                        _ => note(
                            &format!("config.branches[{i}]"),
                            "Connect compares one value per block: `x == \"text\"` or `double(x) > n` over the same variable",
                        ),
                    }
                }
                let value = compared.map(|v| reference_for_variable(&v)).unwrap_or_default();
                vec![action(
                    "Compare",
                    json!({ "ComparisonValue": value }),
                    Transitions {
                        next_action: target("no_match"),
                        errors: errors(vec![
                            ("NoMatchingCondition", target("no_match")),
                            ("NoMatchingError", error_target),
                        ]),
                        conditions,
                    },
                )]
            }
            ComponentConfig::AssignmentDial(c) => {
                let queue = match &c.selection {
                    callflow_model::config::AgentSelection::RingGroups { ring_groups }
                        if ring_groups.len() == 1 =>
                    {
                        ring_groups[0].clone()
                    }
                    _ => {
                        note(
                            "config.selection",
                            "a Connect queue is one ring group; agents and attributes do not map",
                        );
                        String::new()
                    }
                };
                for exit in ["call_finished", "no_answer", "max_waiting_time_reached", "no_match_found"] {
                    if component.target(exit).is_some() {
                        note(
                            &format!("exits.{exit}"),
                            "once queued, the call leaves a Connect flow; this exit is not taken",
                        );
                    }
                }
                let transfer_id = format!("{id}{TRANSFER_SUFFIX}");
                let mut update = action(
                    "UpdateContactTargetQueue",
                    json!({ "QueueId": queue }),
                    Transitions {
                        next_action: Some(transfer_id.clone()),
                        errors: errors(vec![("NoMatchingError", error_target.clone())]),
                        conditions: vec![],
                    },
                );
                update.identifier = id.clone();
                let transfer = Action {
                    identifier: transfer_id.clone(),
                    action_type: "TransferContactToQueue".into(),
                    parameters: Map::new(),
                    transitions: Transitions {
                        next_action: None,
                        errors: errors(vec![("NoMatchingError", error_target)]),
                        conditions: vec![],
                    },
                };
                if let Some(p) = position(id) {
                    metadata.action_metadata.insert(
                        transfer_id,
                        ActionMetadata {
                            position: Some(Point { x: p.x + 250.0, y: p.y }),
                            other: Map::new(),
                        },
                    );
                }
                vec![update, transfer]
            }
            ComponentConfig::ForwardExternal(c) => {
                let number = match &c.phone_number {
                    ValueSource::Literal(n) => n.clone(),
                    ValueSource::Variable(v) => reference_for_variable(v),
                };
                if component.target("busy").is_some() {
                    note("exits.busy", "Connect reports a busy line as CallFailed");
                }
                vec![action(
                    "TransferParticipantToThirdParty",
                    json!({
                        "ThirdPartyPhoneNumber": number,
                        "ThirdPartyConnectionTimeLimitSeconds": c.ring_timeout_sec.to_string(),
                    }),
                    Transitions {
                        next_action: None,
                        errors: errors(vec![
                            ("CallFailed", target("failed")),
                            ("ConnectionTimeLimitExceeded", target("no_answer")),
                            ("NoMatchingError", error_target),
                        ]),
                        conditions: vec![],
                    },
                )]
            }
            ComponentConfig::HangUp(_) => {
                vec![action("DisconnectParticipant", json!({}), Transitions::default())]
            }
            ComponentConfig::EndFlow(_) => {
                vec![action("EndFlowExecution", json!({}), Transitions::default())]
            }
            _ => unreachable!("unmappable() refuses the other kinds"),
        };
        let mut saved = Map::new();
        saved.insert("name".into(), Value::String(component.name.clone()));
        if let Some(Value::Array(branches)) = component.config.get("branches") {
            let names: Vec<Value> = branches
                .iter()
                .filter(|b| {
                    b.get("expression").and_then(Value::as_str).is_some_and(|e| comparison(e).is_some())
                })
                .filter(|b| {
                    b.get("name").and_then(Value::as_str).is_some_and(|n| component.target(n).is_some())
                })
                .filter_map(|b| b.get("name").cloned())
                .collect();
            saved.insert("branches".into(), Value::Array(names));
        }
        let mut other = Map::new();
        other.insert(SAVED_METADATA.into(), Value::Object(saved));
        metadata.action_metadata.insert(id.clone(), ActionMetadata { position: position(id), other });
        report.components += 1;
        actions.extend(built);
    }

    let flow =
        ConnectFlow { version: CONNECT_VERSION.into(), start_action, metadata: Some(metadata), actions };
    let mut json = serde_json::to_string_pretty(&flow).expect("a Connect flow always serializes");
    json.push('\n');
    Exported { flow, json, report }
}

/// Why a component cannot be an action, if it cannot.
fn unmappable(component: &Component) -> Option<String> {
    use ComponentKind as K;
    let reason = match component.kind {
        K::PlayMessage
        | K::Menu
        | K::CollectDigits
        | K::SetVariable
        | K::Conditional
        | K::AssignmentDial
        | K::HangUp
        | K::EndFlow
        | K::ForwardExternal => return None,
        K::BusinessHours => "Connect checks hours of operation defined outside the flow, by id",
        K::RunModule | K::BeginModule | K::ReturnToFlow => {
            "Connect flow modules are separate resources referenced by ARN"
        }
        K::DialAgent => "Connect transfers to an agent through an agent queue, set outside the flow",
        K::Callback
        | K::RequestDirectCallback
        | K::RegisterCallback
        | K::StartCallback
        | K::DeclineCallback => {
            "Connect callbacks are queued from a customer queue flow with its own settings"
        }
        K::Voicemail => "Amazon Connect has no voicemail block",
        K::QueueWithFlow => "Connect runs the waiting experience in a separate customer queue flow",
        K::AgentConnect | K::MakeCall | K::OnRemoteHangup | K::OnFlowComplete => {
            "outbound dialer legs have no equivalent in a Connect contact flow"
        }
        K::RouteToExternalDestination | K::CreateExternalNumber => {
            "this Horizon Contact routing has no equivalent"
        }
        K::FlowErrorCatch | K::FlowErrorThrow => "escalations have no equivalent",
        K::Start => "the start is the flow's StartAction",
    };
    Some(reason.to_owned())
}

fn prompt_parameters(prompt: &Prompt) -> Value {
    match prompt {
        Prompt::Tts { text, .. } if text.trim_start().starts_with("<speak>") => json!({ "SSML": text }),
        Prompt::Tts { text, .. } => json!({ "Text": text }),
        Prompt::Audio { asset } => json!({ "PromptId": asset }),
        Prompt::Variable { variable } => json!({ "Text": reference_for_variable(variable) }),
    }
}

/// `x == "text"` -> (x, Equals, text); `double(x) > 3.0` -> (x, NumberGreaterThan, "3").
fn comparison(expression: &str) -> Option<(String, String, String)> {
    let expression = expression.trim();
    if let Some((left, right)) = expression.split_once(" == ") {
        let left = left.trim();
        return (is_identifier(left))
            .then(|| cel_string_value(right).map(|v| (left.to_owned(), "Equals".into(), v)))?;
    }
    let inner = expression.strip_prefix("double(")?;
    let (variable, rest) = inner.split_once(')')?;
    let rest = rest.trim();
    let (operator, number) = [
        (">=", "NumberGreaterOrEqualTo"),
        ("<=", "NumberLessOrEqualTo"),
        (">", "NumberGreaterThan"),
        ("<", "NumberLessThan"),
    ]
    .into_iter()
    .find_map(|(op, name)| rest.strip_prefix(op).map(|n| (name, n.trim())))?;
    let number: f64 = number.parse().ok()?;
    is_identifier(variable).then(|| (variable.to_owned(), operator.to_owned(), format_number(number)))
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() }
}
