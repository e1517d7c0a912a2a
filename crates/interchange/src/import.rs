//! Amazon Connect flow JSON -> a Callflow flow file, with a report of what did not map.
//!
//! Each action becomes one component (an `UpdateContactTargetQueue` followed only by a
//! `TransferContactToQueue` becomes one Assignment and dial). Actions with no equivalent (Lambda,
//! Lex, logging, recording, voice, loops, transfers to other flows, ...) are left out: the
//! transitions into them are passed on to their `NextAction`, a note is put on the canvas where
//! they were, and the report lists them with their identifier and the reason. Parts of mapped
//! actions that do not fit (a non-keypad menu condition, an operator without an equivalent) are
//! listed the same way; mapped values that only approximate Connect's (a `$.External` value read
//! from a flow variable) are listed as approximations.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use callflow_model::config::{MenuOption, Prompt};
use callflow_model::{
    Component, ComponentKind, DtmfKey, ErrorHandling, Flow, FlowFile, FlowType, Note, Position, Variable,
    VariableType,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::connect::{Action, ConnectFlow, InterchangeError, parse_connect};
use crate::names::{cel_string, component_id, variable_for_reference, variable_name};

/// The flow variable that receives the queue an `UpdateContactTargetQueue` sets when no transfer
/// follows it directly.
pub const TARGET_QUEUE_VARIABLE: &str = "target_queue";
/// The key under which the export keeps, in a Connect action's metadata, what Connect has no
/// field for (the component's name, branch names), so that a flow comes back as it left.
pub const SAVED_METADATA: &str = "callflow";
/// The flow variable Connect's `$.StoredCustomerInput` maps to.
pub const STORED_INPUT_VARIABLE: &str = "stored_customer_input";

/// The result of an import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub file: FlowFile,
    pub report: ImportReport,
}

/// What the import could not carry over, and what it carried over only approximately.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    /// Actions, or parts of actions, that have no equivalent and were left out.
    pub unmapped: Vec<UnmappedAction>,
    /// Mapped, but not with exactly Connect's meaning.
    pub approximations: Vec<Approximation>,
    /// Connect actions read.
    pub actions: usize,
    /// Components created (besides `start`).
    pub components: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmappedAction {
    /// The action's `Identifier`.
    pub action: String,
    /// The action's `Type`.
    pub action_type: String,
    /// What was left out (`None`: the whole action), e.g. `Conditions[1]`.
    pub part: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Approximation {
    pub action: String,
    pub component: String,
    pub note: String,
}

impl ImportReport {
    /// Whether everything mapped exactly.
    pub fn is_complete(&self) -> bool {
        self.unmapped.is_empty() && self.approximations.is_empty()
    }
}

/// How an action is carried over.
enum Plan {
    /// Becomes the component with this id.
    Component(String),
    /// Left out; transitions into it go on to its `NextAction`.
    Skipped,
    /// Part of the component of the action with this identifier (queue + transfer pair).
    MergedInto(String),
}

/// Imports a Connect flow. `flow_id` names the new flow (the file name stem is a good choice).
pub fn import_connect(text: &str, flow_id: &str) -> Result<Imported, InterchangeError> {
    let found = parse_connect(text)?;
    let name = found.name.clone().unwrap_or_else(|| flow_id.to_owned());
    Ok(Importer::new(&found.flow).run(flow_id, &name, found.description.as_deref()))
}

struct Importer<'c> {
    connect: &'c ConnectFlow,
    by_id: HashMap<&'c str, &'c Action>,
    plans: HashMap<&'c str, Plan>,
    report: ImportReport,
    variables: BTreeSet<String>,
}

/// Action types left out, with the reason the report gives.
fn skipped_reason(action_type: &str) -> Option<&'static str> {
    Some(match action_type {
        "InvokeLambdaFunction" => {
            "AWS Lambda calls have no equivalent; the flow continues on the success path"
        }
        "ConnectParticipantWithLexBot" => {
            "Amazon Lex bots have no equivalent; the flow continues on the default path"
        }
        "UpdateFlowLoggingBehavior" => "flow logging is a Connect instance setting",
        "UpdateContactTextToSpeechVoice" => "the voice is set per prompt here (`voice` of a TTS prompt)",
        "UpdateContactRecordingBehavior" => "call recording is not part of a flow here",
        "UpdateContactEventHooks" => "event flows (customer queue, whisper, hold) have no equivalent",
        "UpdateFlowAttributes" => {
            "flow attributes are Connect resource references; declare variables instead"
        }
        "TransferToFlow" => {
            "transfers to another Connect flow name an ARN; use Run module with an imported module"
        }
        "InvokeFlowModule" => {
            "Connect flow modules are referenced by ARN; import the module and use Run module"
        }
        "Loop" => "loop counters have no equivalent; the flow continues on the NextAction path",
        "Wait" => "waiting for an event has no equivalent",
        "CheckHoursOfOperation" => {
            "Connect hours of operation are referenced by id, without the weekly schedule; use Business hours"
        }
        "CheckMetricData" => "queue metrics have no equivalent in the simulator",
        "DistributeByPercentage" => "random percentage routing has no equivalent",
        "UpdateContactRoutingBehavior" | "UpdateContactData" | "UpdateContactCallbackNumber" => {
            "this contact setting has no equivalent"
        }
        "MessageParticipantIteratively" => "looping hold prompts belong to customer queue flows",
        "ShowView" => "agent workspace views have no equivalent",
        _ => return None,
    })
}

impl<'c> Importer<'c> {
    fn new(connect: &'c ConnectFlow) -> Importer<'c> {
        let by_id = connect.actions.iter().map(|a| (a.identifier.as_str(), a)).collect();
        Importer {
            connect,
            by_id,
            plans: HashMap::new(),
            report: ImportReport::default(),
            variables: BTreeSet::new(),
        }
    }

    fn unmapped(&mut self, action: &Action, part: Option<String>, reason: impl Into<String>) {
        self.report.unmapped.push(UnmappedAction {
            action: action.identifier.clone(),
            action_type: action.action_type.clone(),
            part,
            reason: reason.into(),
        });
    }

    fn approximate(&mut self, action: &Action, note: impl Into<String>) {
        let component = match self.plans.get(action.identifier.as_str()) {
            Some(Plan::Component(id)) => id.clone(),
            _ => component_id(&action.identifier),
        };
        self.report.approximations.push(Approximation {
            action: action.identifier.clone(),
            component,
            note: note.into(),
        });
    }

    /// How many transitions (and StartAction) lead to each action.
    fn incoming(&self) -> HashMap<&'c str, usize> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        *counts.entry(self.connect.start_action.as_str()).or_default() += 1;
        for action in &self.connect.actions {
            let t = &action.transitions;
            let targets = t
                .next_action
                .iter()
                .map(String::as_str)
                .chain(t.errors.iter().map(|e| e.next_action.as_str()))
                .chain(t.conditions.iter().map(|c| c.next_action.as_str()));
            for target in targets.collect::<BTreeSet<_>>() {
                *counts.entry(target).or_default() += 1;
            }
        }
        counts
    }

    fn plan(&mut self) {
        let incoming = self.incoming();
        let mut used: BTreeSet<String> = BTreeSet::from(["start".to_string()]);
        for action in &self.connect.actions {
            let id = action.identifier.as_str();
            if self.plans.contains_key(id) {
                continue;
            }
            if skipped_reason(&action.action_type).is_some() || !known_type(&action.action_type) {
                self.plans.insert(id, Plan::Skipped);
                continue;
            }
            if action.action_type == "GetParticipantInput"
                && (action.parameters.contains_key("LexV2Bot") || action.parameters.contains_key("LexBot"))
            {
                self.plans.insert(id, Plan::Skipped);
                continue;
            }
            let mut component = component_id(id);
            while !used.insert(component.clone()) {
                component.push('_');
            }
            self.plans.insert(id, Plan::Component(component));
            // A queue set and then transferred to, with nothing else reaching the transfer, is
            // one Assignment and dial.
            if action.action_type == "UpdateContactTargetQueue"
                && let Some(next) = action.transitions.next_action.as_deref()
                && let Some(transfer) = self.by_id.get(next)
                && transfer.action_type == "TransferContactToQueue"
                && incoming.get(next) == Some(&1)
                && !self.plans.contains_key(next)
            {
                self.plans.insert(transfer.identifier.as_str(), Plan::MergedInto(id.to_owned()));
            }
        }
    }

    /// The component a transition to `target` reaches: skipped actions are passed through.
    fn resolve(&self, target: &str) -> Option<String> {
        let mut seen = BTreeSet::new();
        let mut current = target;
        loop {
            if !seen.insert(current) {
                return None; // a loop of left-out actions
            }
            match self.plans.get(current)? {
                Plan::Component(id) => return Some(id.clone()),
                Plan::MergedInto(owner) => return self.resolve(owner),
                Plan::Skipped => current = self.by_id.get(current)?.transitions.next_action.as_deref()?,
            }
        }
    }

    fn run(mut self, flow_id: &str, name: &str, description: Option<&str>) -> Imported {
        self.plan();
        self.report.actions = self.connect.actions.len();
        let mut flow = Flow::new(flow_id, name, FlowType::Inbound);
        let mut layout = callflow_model::Layout::default();
        let metadata = self.connect.metadata.clone().unwrap_or_default();
        if let Some(p) = metadata.entry_point_position {
            layout.components.insert("start".into(), Position { x: p.x, y: p.y });
        }
        let start_target = self.resolve(&self.connect.start_action);
        if let Some(start) = flow.components.get_mut("start") {
            start.exits.insert("next".into(), start_target);
        }
        if let Some(text) = description.filter(|d| !d.is_empty()) {
            flow.notes.push(Note {
                id: "connect_description".into(),
                text: text.to_owned(),
                component: None,
            });
        }

        for action in &self.connect.actions {
            let position = metadata.action_metadata.get(&action.identifier).and_then(|m| m.position);
            match self.plans.get(action.identifier.as_str()) {
                Some(Plan::Component(id)) => {
                    let id = id.clone();
                    let component = self.component(action);
                    flow.components.insert(id.clone(), component);
                    if let Some(p) = position {
                        layout.components.insert(id, Position { x: p.x, y: p.y });
                    }
                }
                Some(Plan::Skipped) => {
                    let reason = match skipped_reason(&action.action_type) {
                        Some(reason) => reason.to_string(),
                        None if action.action_type == "GetParticipantInput" => {
                            "input through an Amazon Lex bot has no equivalent".into()
                        }
                        None => format!("`{}` is not an action this import knows", action.action_type),
                    };
                    let note_id = format!("connect_{}", component_id(&action.identifier));
                    flow.notes.push(Note {
                        id: note_id.clone(),
                        text: format!(
                            "Amazon Connect {} `{}` not imported: {reason}.",
                            action.action_type, action.identifier
                        ),
                        component: None,
                    });
                    if let Some(p) = position {
                        layout.notes.insert(
                            note_id,
                            callflow_model::layout::NoteBox { x: p.x, y: p.y, width: 220.0, height: 90.0 },
                        );
                    }
                    self.unmapped(action, None, reason);
                }
                Some(Plan::MergedInto(_)) | None => {}
            }
        }
        self.report.components = flow.components.len() - 1;
        flow.variables = self
            .variables
            .iter()
            .map(|name| Variable {
                name: name.clone(),
                var_type: VariableType::String,
                default: None,
                description: "Imported from Amazon Connect".into(),
            })
            .collect();
        let mut file = FlowFile::new(flow);
        file.layout = layout;
        Imported { file, report: self.report }
    }

    fn target(&mut self, action: &Action, to: Option<&str>) -> Option<String> {
        let to = to?;
        if !self.by_id.contains_key(to) {
            self.unmapped(action, Some(format!("transition to `{to}`")), "names no action of the flow");
            return None;
        }
        self.resolve(to)
    }

    /// `NoMatchingError` as the component's error handling: the kind's default when it goes
    /// where the default goes, else a custom error exit.
    fn error_handling(&mut self, action: &Action, component: &Component) -> ErrorHandling {
        let Some(target) = self.target(action, action.error_target("NoMatchingError")) else {
            return ErrorHandling::Default;
        };
        if let callflow_model::DefaultErrorBehavior::FollowExit { exit } =
            component.kind.spec().error_handling
            && component.target(exit) == Some(&target)
        {
            return ErrorHandling::Default;
        }
        if component.kind.spec().supports_error_handling() {
            ErrorHandling::Custom { target }
        } else {
            ErrorHandling::Default
        }
    }

    fn prompt(&mut self, action: &Action) -> Option<Prompt> {
        if let Some(text) = action.text("Text").or_else(|| action.text("SSML")) {
            if text.contains("$.") {
                self.approximate(action, "the prompt text refers to Connect attributes ($.…), kept verbatim");
            }
            return Some(Prompt::Tts { text, voice: None, lang: None });
        }
        if let Some(asset) = action.text("PromptId") {
            return Some(Prompt::Audio { asset });
        }
        None
    }

    fn variable_for(&mut self, action: &Action, reference: &str) -> Option<String> {
        let (variable, exact) = variable_for_reference(reference)?;
        if !exact {
            self.approximate(
                action,
                format!(
                    "Connect value `{reference}` is read from flow variable `{variable}` (set it in tests)"
                ),
            );
        }
        self.variables.insert(variable.clone());
        Some(variable)
    }

    /// What this app's export kept in the action's metadata (`callflow`: name, branch names).
    fn saved(&self, action: &Action) -> Option<Value> {
        let metadata = self.connect.metadata.as_ref()?.action_metadata.get(&action.identifier)?;
        metadata.other.get(SAVED_METADATA).cloned()
    }

    fn component(&mut self, action: &Action) -> Component {
        let id = &action.identifier;
        let short = if id.len() > 12 && id.contains('-') { &id[..8] } else { id.as_str() };
        let saved_name =
            self.saved(action).and_then(|s| s.get("name").and_then(Value::as_str).map(str::to_owned));
        let named = |kind: ComponentKind| {
            let name = saved_name.clone().unwrap_or_else(|| format!("{} {short}", kind.spec().label));
            Component::new(kind, name)
        };
        let next = action.transitions.next_action.clone();
        match action.action_type.as_str() {
            "MessageParticipant" => {
                let mut c = named(ComponentKind::PlayMessage);
                let prompt = self.prompt(action).unwrap_or_else(|| {
                    self.unmapped(
                        action,
                        Some("Parameters".into()),
                        "no Text, SSML or PromptId; an empty prompt was used",
                    );
                    Prompt::Tts { text: String::new(), voice: None, lang: None }
                });
                c.config = json!({ "prompt": prompt });
                c.exits.insert("next".into(), self.target(action, next.as_deref()));
                c.error_handling = self.error_handling(action, &c);
                c
            }
            "GetParticipantInput"
                if action.text("StoreInput").is_some_and(|s| s.eq_ignore_ascii_case("true")) =>
            {
                self.collect_digits(action, named(ComponentKind::CollectDigits))
            }
            "GetParticipantInput" => self.menu(action, named(ComponentKind::Menu)),
            "UpdateContactAttributes" => self.set_variable(action, named(ComponentKind::SetVariable)),
            "Compare" => self.compare(action, named(ComponentKind::Conditional)),
            "UpdateContactTargetQueue" => self.queue(action, named(ComponentKind::AssignmentDial)),
            "TransferContactToQueue" => self.transfer(action, None, named(ComponentKind::AssignmentDial)),
            "DisconnectParticipant" => named(ComponentKind::HangUp),
            "EndFlowExecution" => named(ComponentKind::EndFlow),
            "TransferParticipantToThirdParty" => {
                self.third_party(action, named(ComponentKind::ForwardExternal))
            }
            other => unreachable!("`{other}` is planned as skipped"),
        }
    }

    fn menu(&mut self, action: &Action, mut c: Component) -> Component {
        let prompt =
            self.prompt(action).unwrap_or(Prompt::Tts { text: String::new(), voice: None, lang: None });
        let timeout = action.text("InputTimeLimitSeconds").and_then(|s| s.parse::<u32>().ok()).unwrap_or(5);
        let mut options = Vec::new();
        for (i, condition) in action.transitions.conditions.iter().enumerate() {
            let key = match (condition.condition.operator.as_str(), condition.condition.operands.as_slice()) {
                ("Equals", [operand]) => {
                    crate::connect::value_text(operand).and_then(|s| s.parse::<DtmfKey>().ok())
                }
                _ => None,
            };
            match key {
                Some(key) if !options.iter().any(|o: &MenuOption| o.key == key) => {
                    options.push(MenuOption { key, label: String::new() });
                    let target = self.target(action, Some(&condition.next_action));
                    c.exits.insert(callflow_model::config::menu_exit(key), target);
                }
                _ => self.unmapped(
                    action,
                    Some(format!("Conditions[{i}]")),
                    "only `Equals` one keypad key (0-9, *, #) maps to a menu option",
                ),
            }
        }
        // Connect plays the prompt once; the menu here re-prompts `max_retries` times.
        c.config = json!({ "prompt": prompt, "options": options, "timeout_sec": timeout, "max_retries": 0 });
        let invalid = action
            .error_target("NoMatchingCondition")
            .map(str::to_owned)
            .or(action.transitions.next_action.clone());
        c.exits.insert("invalid".into(), self.target(action, invalid.as_deref()));
        c.exits.insert("no_input".into(), self.target(action, action.error_target("InputTimeLimitExceeded")));
        c.error_handling = self.error_handling(action, &c);
        c
    }

    fn collect_digits(&mut self, action: &Action, mut c: Component) -> Component {
        let prompt =
            self.prompt(action).unwrap_or(Prompt::Tts { text: String::new(), voice: None, lang: None });
        let timeout = action.text("InputTimeLimitSeconds").and_then(|s| s.parse::<u32>().ok()).unwrap_or(5);
        let max_digits = action
            .parameters
            .get("InputValidation")
            .and_then(|v| v.pointer("/CustomValidation/MaximumLength"))
            .and_then(crate::connect::value_text)
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(20);
        let terminator = action
            .parameters
            .get("DTMFConfiguration")
            .and_then(|v| v.get("FinishOnKey").or_else(|| v.get("InputTerminationSequence")))
            .and_then(crate::connect::value_text)
            .and_then(|s| s.parse::<DtmfKey>().ok())
            .map_or_else(|| "#".to_string(), |k| k.to_string()); // Connect's default ends on #
        self.variables.insert(STORED_INPUT_VARIABLE.into());
        c.config = json!({
            "prompt": prompt,
            "output_variable": STORED_INPUT_VARIABLE,
            "min_digits": 1,
            "max_digits": max_digits,
            "terminator": terminator,
            "first_digit_timeout_sec": timeout,
            "max_retries": 0,
        });
        if action.parameters.contains_key("InputEncryption") {
            self.unmapped(action, Some("InputEncryption".into()), "encrypted input has no equivalent");
        }
        c.exits.insert("ok".into(), self.target(action, action.transitions.next_action.as_deref()));
        c.exits.insert("timeout".into(), self.target(action, action.error_target("InputTimeLimitExceeded")));
        c.exits.insert("invalid".into(), self.target(action, action.error_target("NoMatchingCondition")));
        c.error_handling = self.error_handling(action, &c);
        c
    }

    fn set_variable(&mut self, action: &Action, mut c: Component) -> Component {
        let mut assignments = Vec::new();
        if let Some(Value::Object(attributes)) = action.parameters.get("Attributes") {
            for (key, value) in attributes {
                let variable = variable_name(key);
                if variable != *key {
                    self.approximate(action, format!("attribute `{key}` is flow variable `{variable}`"));
                }
                let expression = match crate::connect::value_text(value) {
                    Some(text) if text.starts_with("$.") => self.variable_for(action, &text),
                    Some(text) => Some(cel_string(&text)),
                    None => None,
                };
                match expression {
                    Some(expression) => {
                        self.variables.insert(variable.clone());
                        assignments.push(json!({ "variable": variable, "expression": expression }));
                    }
                    None => self.unmapped(
                        action,
                        Some(format!("Attributes.{key}")),
                        "the value is neither text nor a $. reference",
                    ),
                }
            }
        }
        if let Some(target) = action.text("TargetContact").filter(|t| t != "Current") {
            self.unmapped(
                action,
                Some("TargetContact".into()),
                format!("attributes of the {target} contact"),
            );
        }
        c.config = json!({ "assignments": assignments });
        c.exits.insert("next".into(), self.target(action, action.transitions.next_action.as_deref()));
        c.error_handling = self.error_handling(action, &c);
        c
    }

    fn compare(&mut self, action: &Action, mut c: Component) -> Component {
        let value = action.text("ComparisonValue").unwrap_or_default();
        let variable = self.variable_for(action, &value);
        let mut branches: Vec<Value> = Vec::new();
        let mut names = BTreeSet::new();
        let saved = self.saved(action);
        let saved_branches = saved
            .as_ref()
            .and_then(|s| s.get("branches"))
            .and_then(Value::as_array)
            .filter(|names| names.len() == action.transitions.conditions.len());
        for (i, condition) in action.transitions.conditions.iter().enumerate() {
            let operand = condition.condition.operands.first().and_then(crate::connect::value_text);
            let operator = match condition.condition.operator.as_str() {
                "Equals" => Some("=="),
                "NumberGreaterThan" => Some(">"),
                "NumberGreaterOrEqualTo" => Some(">="),
                "NumberLessThan" => Some("<"),
                "NumberLessOrEqualTo" => Some("<="),
                _ => None,
            };
            let (Some(variable), Some(operand), Some(op)) = (&variable, operand, operator) else {
                self.unmapped(
                    action,
                    Some(format!("Conditions[{i}]")),
                    if variable.is_none() {
                        format!("ComparisonValue `{value}` is not a $. reference")
                    } else {
                        format!("operator `{}` has no equivalent", condition.condition.operator)
                    },
                );
                continue;
            };
            let expression = if op == "==" {
                format!("{variable} == {}", cel_string(&operand))
            } else {
                match operand.parse::<f64>() {
                    Ok(n) => format!("double({variable}) {op} {n:?}"),
                    Err(_) => {
                        self.unmapped(
                            action,
                            Some(format!("Conditions[{i}]")),
                            "a number comparison with a non-number",
                        );
                        continue;
                    }
                }
            };
            let word = match op {
                "==" => "equals",
                ">" => "more_than",
                ">=" => "at_least",
                "<" => "less_than",
                _ => "at_most",
            };
            let slug: String = operand
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
                .collect();
            // Branch names written by this app's export come back as they were.
            let base = saved_branches
                .and_then(|names| names.get(i))
                .and_then(Value::as_str)
                .map_or_else(|| format!("{word}_{slug}"), str::to_owned);
            let mut name = base.clone();
            let mut n = 2;
            while !names.insert(name.clone()) || name == "no_match" {
                name = format!("{base}_{n}");
                n += 1;
            }
            c.exits.insert(name.clone(), self.target(action, Some(&condition.next_action)));
            branches.push(json!({ "name": name, "expression": expression }));
        }
        c.config = json!({ "branches": branches });
        let no_match = action
            .error_target("NoMatchingCondition")
            .map(str::to_owned)
            .or(action.transitions.next_action.clone());
        c.exits.insert("no_match".into(), self.target(action, no_match.as_deref()));
        c.error_handling = self.error_handling(action, &c);
        c
    }

    /// `UpdateContactTargetQueue`: with its transfer merged, an Assignment and dial; alone, a Set
    /// variable of `target_queue`.
    fn queue(&mut self, action: &Action, c: Component) -> Component {
        let queue = action.text("QueueId").or_else(|| action.text("AgentId"));
        let merged = action.transitions.next_action.as_deref().and_then(|next| {
            matches!(self.plans.get(next), Some(Plan::MergedInto(owner)) if owner == &action.identifier)
                .then(|| self.by_id[next])
        });
        if let Some(transfer) = merged {
            return self.transfer(transfer, Some((action, queue)), c);
        }
        let mut c = Component {
            kind: ComponentKind::SetVariable,
            name: c.name.replace("Assignment and dial", "Set working queue"),
            ..c
        };
        self.variables.insert(TARGET_QUEUE_VARIABLE.into());
        let queue = queue.unwrap_or_default();
        let expression = match queue.starts_with("$.") {
            true => self.variable_for(action, &queue).unwrap_or_else(|| cel_string(&queue)),
            false => cel_string(&queue),
        };
        c.config =
            json!({ "assignments": [{ "variable": TARGET_QUEUE_VARIABLE, "expression": expression }] });
        c.exits.insert("next".into(), self.target(action, action.transitions.next_action.as_deref()));
        c.error_handling = self.error_handling(action, &c);
        c
    }

    fn transfer(
        &mut self,
        transfer: &Action,
        queue: Option<(&Action, Option<String>)>,
        mut c: Component,
    ) -> Component {
        // The queue: the one set by the merged action, else the one every queue-setting action of
        // the flow sets, else a stand-in for a queue set by another flow.
        let set_queues: BTreeSet<String> = self
            .connect
            .actions
            .iter()
            .filter(|a| a.action_type == "UpdateContactTargetQueue")
            .filter_map(|a| a.text("QueueId"))
            .collect();
        let ring_group = match &queue {
            Some((_, Some(queue))) => queue.clone(),
            _ if set_queues.len() == 1 => {
                let queue = set_queues.into_iter().next().unwrap_or_default();
                self.approximate(
                    transfer,
                    format!("the queue `{queue}` is set earlier in the flow; used as the ring group"),
                );
                queue
            }
            _ => {
                self.approximate(
                    transfer,
                    "the queue is set before this action (by another flow or on several paths); ring group `working queue` stands for it",
                );
                "working queue".into()
            }
        };
        self.approximate(
            transfer,
            "once queued, a Connect call leaves the flow: exits no_answer, max_waiting_time_reached and no_match_found have no counterpart and are left unconnected (connect them before publishing)",
        );
        c.config = json!({ "selection": { "type": "ring_groups", "ring_groups": [ring_group] } });
        // In Connect the call leaves the flow once queued: the agent-side exits stay open.
        for exit in ["call_finished", "no_answer", "max_waiting_time_reached", "no_match_found"] {
            c.exits.insert(exit.into(), None);
        }
        if let Some(target) = transfer.error_target("QueueAtCapacity") {
            let reason = format!(
                "`QueueAtCapacity` goes to `{target}`; the queue-size limit here is a system exit that cannot be connected"
            );
            self.unmapped(transfer, Some("Errors.QueueAtCapacity".into()), reason);
        }
        let errors_from = queue.map(|(a, _)| a).unwrap_or(transfer);
        let error_target = transfer
            .error_target("NoMatchingError")
            .or_else(|| errors_from.error_target("NoMatchingError"))
            .map(str::to_owned);
        if let Some(target) = self.target(transfer, error_target.as_deref()) {
            c.error_handling = ErrorHandling::Custom { target };
        }
        c
    }

    fn third_party(&mut self, action: &Action, mut c: Component) -> Component {
        let number = action.text("ThirdPartyPhoneNumber").unwrap_or_default();
        let phone_number = if number.starts_with("$.") {
            json!({ "variable": self.variable_for(action, &number) })
        } else {
            json!({ "literal": number })
        };
        let timeout = action
            .text("ThirdPartyConnectionTimeLimitSeconds")
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(30);
        c.config = json!({ "phone_number": phone_number, "ring_timeout_sec": timeout });
        c.exits.insert("failed".into(), self.target(action, action.error_target("CallFailed")));
        c.exits.insert(
            "no_answer".into(),
            self.target(action, action.error_target("ConnectionTimeLimitExceeded")),
        );
        c.exits.insert("busy".into(), None);
        if action.transitions.next_action.is_some() {
            self.unmapped(
                action,
                Some("NextAction".into()),
                "the flow ends when the transferred call ends; resuming after it has no equivalent",
            );
        }
        c.error_handling = self.error_handling(action, &c);
        c
    }
}

/// Action types this import maps (all others are left out and reported).
fn known_type(action_type: &str) -> bool {
    matches!(
        action_type,
        "MessageParticipant"
            | "GetParticipantInput"
            | "UpdateContactAttributes"
            | "Compare"
            | "UpdateContactTargetQueue"
            | "TransferContactToQueue"
            | "DisconnectParticipant"
            | "EndFlowExecution"
            | "TransferParticipantToThirdParty"
    )
}

/// Component ids per Connect identifier, for callers that want to find an action's component.
pub fn component_ids(flow: &ConnectFlow) -> BTreeMap<String, String> {
    flow.actions.iter().map(|a| (a.identifier.clone(), component_id(&a.identifier))).collect()
}
