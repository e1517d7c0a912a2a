//! The component catalog: every kind of DOMAIN.md §3, once.
//!
//! The [`kinds!`] table below is the only place a kind is listed. It generates [`ComponentKind`],
//! the typed config view [`ComponentConfig`], and ties each kind to its [`KindSpec`]: label,
//! palette group, voice flag, alternative-key and error-handling support, and its exits. The
//! checks, the engine, the CLI's `catalog` command and the UI's palette and inspector all read
//! this table; nothing else names a kind's exits or defaults.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::config::*;
use crate::document::{Component, FlowType};

/// Palette groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum KindGroup {
    Flow,
    Ivr,
    Routing,
    Dialer,
    Callbacks,
}

/// What "Use default behavior" does for a kind when it fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DefaultErrorBehavior {
    /// The kind has no error-handling section (initial, terminal and event-handler steps,
    /// and CxEngage notations, whose failures are escalations).
    Unsupported,
    /// End the flow.
    EndFlow,
    /// Follow `exit` if it is connected, otherwise end the flow.
    FollowExit { exit: &'static str },
    /// Play the component's `error_in_request_message`, then hang up (Talkdesk Callback).
    PlayErrorMessageThenHangUp,
}

/// Exits a kind derives from its config, besides its static ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum DynamicExits {
    None,
    /// `key_<k>` for each menu option (mandatory).
    MenuOptions,
    /// One exit per conditional branch, named after it (mandatory).
    Branches,
    /// One exit per exit of the called module (mandatory).
    ModuleExits,
}

/// One static exit of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema, TS)]
pub struct ExitSpec {
    pub name: &'static str,
    /// Mandatory exits must be connected before a flow can be published.
    pub required: bool,
    /// System exits (e.g. `queue_size_limit_reached`) are taken but cannot be connected.
    pub connectable: bool,
    /// An optional exit taken while unconnected falls back to this exit instead of hanging up.
    pub fallback: Option<&'static str>,
    /// The post-call exit whose targets are restricted (PC2/PC3).
    pub post_call: bool,
}

const fn mandatory(name: &'static str) -> ExitSpec {
    ExitSpec { name, required: true, connectable: true, fallback: None, post_call: false }
}
const fn optional(name: &'static str) -> ExitSpec {
    ExitSpec { name, required: false, connectable: true, fallback: None, post_call: false }
}
const fn optional_falling_back_to(name: &'static str, fallback: &'static str) -> ExitSpec {
    ExitSpec { name, required: false, connectable: true, fallback: Some(fallback), post_call: false }
}
const fn system(name: &'static str) -> ExitSpec {
    ExitSpec { name, required: false, connectable: false, fallback: None, post_call: false }
}
const CALL_FINISHED: ExitSpec =
    ExitSpec { name: "call_finished", required: false, connectable: true, fallback: None, post_call: true };

/// The role a kind plays in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Ordinary step.
    Step,
    /// Where a flow starts (`start`, `begin_module`); exactly one per flow.
    Entry,
    /// An extra root run on an event (`on_remote_hangup`, `on_flow_complete`, error catch).
    EventHandler,
    /// Ends the flow or returns from a module; has no exits.
    Terminal,
}

/// Everything the catalog knows about one kind.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema, TS)]
pub struct KindSpec {
    pub kind: ComponentKind,
    /// English label in the palette (the UI translates by `kind`).
    pub label: &'static str,
    /// The names the vendors give it.
    pub vendor_names: &'static str,
    pub group: KindGroup,
    pub description: &'static str,
    /// Voice components play to or listen to the caller (G4); post-call execution stops at the
    /// first one when the caller is gone (PC5).
    pub voice: bool,
    /// Whether the 12 alternative keys can be bound (G6).
    pub alternative_keys: bool,
    pub error_handling: DefaultErrorBehavior,
    pub exits: &'static [ExitSpec],
    pub dynamic_exits: DynamicExits,
    pub role: Role,
    /// Flow types the kind may appear in; empty means all.
    pub flow_types: &'static [FlowType],
    /// Forbidden as the target of a post-call exit, directly or inside a module (PC2).
    pub forbidden_after_call: bool,
}

impl KindSpec {
    pub fn supports_error_handling(&self) -> bool {
        self.error_handling != DefaultErrorBehavior::Unsupported
    }

    pub fn allowed_in(&self, flow_type: FlowType) -> bool {
        self.flow_types.is_empty() || self.flow_types.contains(&flow_type)
    }

    pub fn exit(&self, name: &str) -> Option<&'static ExitSpec> {
        self.exits.iter().find(|e| e.name == name)
    }
}

const TOP_LEVEL: &[FlowType] = &[FlowType::Inbound, FlowType::OutboundDialer];
const SUBFLOWS: &[FlowType] = &[FlowType::Module, FlowType::ReusableQueueFlow];
const DIALER: &[FlowType] = &[FlowType::OutboundDialer];
const ANY: &[FlowType] = &[];

/// Base for the table rows: an ordinary non-voice step in any flow.
const STEP: KindSpec = KindSpec {
    kind: ComponentKind::EndFlow,
    label: "",
    vendor_names: "",
    group: KindGroup::Flow,
    description: "",
    voice: false,
    alternative_keys: false,
    error_handling: DefaultErrorBehavior::EndFlow,
    exits: &[],
    dynamic_exits: DynamicExits::None,
    role: Role::Step,
    flow_types: ANY,
    forbidden_after_call: false,
};

const ASSIGNMENT_EXITS: &[ExitSpec] = &[
    CALL_FINISHED,
    mandatory("no_answer"),
    mandatory("max_waiting_time_reached"),
    mandatory("no_match_found"),
    system("queue_size_limit_reached"),
];

macro_rules! kinds {
    ($( $variant:ident = $id:literal : $config:ty => $spec:expr ; )*) => {
        /// The kind of a component: its id in the catalog.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, TS)]
        pub enum ComponentKind {
            $( #[serde(rename = $id)] $variant, )*
        }

        /// A component's config read through its kind's typed struct.
        #[derive(Debug, Clone, PartialEq, Serialize, TS)]
        #[serde(untagged)]
        pub enum ComponentConfig {
            $( $variant($config), )*
        }

        impl ComponentKind {
            /// Every kind, in palette order.
            pub const ALL: &'static [ComponentKind] = &[ $( ComponentKind::$variant, )* ];

            /// The kind's id as written in files (`assignment_dial`).
            pub fn id(self) -> &'static str {
                match self { $( ComponentKind::$variant => $id, )* }
            }

            /// The kind with file id `id`.
            pub fn from_id(id: &str) -> Option<ComponentKind> {
                match id { $( $id => Some(ComponentKind::$variant), )* _ => None }
            }

            /// Everything the catalog knows about this kind.
            pub fn spec(self) -> &'static KindSpec {
                match self {
                    $( ComponentKind::$variant => {
                        const SPEC: KindSpec = KindSpec { kind: ComponentKind::$variant, ..$spec };
                        &SPEC
                    } )*
                }
            }

            /// The JSON Schema of this kind's config, standalone.
            pub fn config_schema(self) -> schemars::Schema {
                match self { $( ComponentKind::$variant => schemars::schema_for!($config), )* }
            }

            /// The schema of this kind's config as a reference registered in `generator`.
            pub fn config_subschema(self, generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                match self { $( ComponentKind::$variant => generator.subschema_for::<$config>(), )* }
            }
        }

        impl ComponentConfig {
            /// Reads `value` as the config of `kind`, filling in defaults.
            pub fn parse(kind: ComponentKind, value: &serde_json::Value) -> Result<ComponentConfig, ConfigError> {
                match kind {
                    $( ComponentKind::$variant => parse_as::<$config>(value).map(ComponentConfig::$variant), )*
                }
            }

            /// The config with every default filled in, as JSON.
            pub fn to_value(&self) -> serde_json::Value {
                match self { $( ComponentConfig::$variant(c) => serde_json::to_value(c).expect("configs serialize"), )* }
            }
        }
    };
}

kinds! {
    // Flow structure
    Start = "start": StartConfig => KindSpec {
        label: "Start", vendor_names: "Inbound voice / Outgoing call / API request (Talkdesk), Entry (CxEngage), Start (Phonon)",
        description: "Where the flow starts. Exactly one per flow.",
        error_handling: DefaultErrorBehavior::Unsupported, exits: &[mandatory("next")],
        role: Role::Entry, flow_types: TOP_LEVEL, ..STEP };
    EndFlow = "end_flow": EmptyConfig => KindSpec {
        label: "End flow", vendor_names: "End flow (Talkdesk), Exit (CxEngage)",
        description: "Ends the flow; a caller still connected is hung up. Inside a module it ends the whole flow.",
        error_handling: DefaultErrorBehavior::Unsupported, role: Role::Terminal, ..STEP };
    HangUp = "hang_up": HangUpConfig => KindSpec {
        label: "Hang up", vendor_names: "Hangup (Phonon), Disconnect (CxEngage)",
        description: "Disconnects the caller, then ends the flow.",
        error_handling: DefaultErrorBehavior::Unsupported, role: Role::Terminal, ..STEP };
    RunModule = "run_module": RunModuleConfig => KindSpec {
        label: "Run module", vendor_names: "Run module (Talkdesk), reusable flow (CxEngage)",
        description: "Runs a module in place and continues through the module exit it returns by.",
        dynamic_exits: DynamicExits::ModuleExits, flow_types: ANY, ..STEP };
    BeginModule = "begin_module": BeginModuleConfig => KindSpec {
        label: "Begin module", vendor_names: "Begin module (Talkdesk)",
        description: "First step of a module or reusable queue flow.",
        error_handling: DefaultErrorBehavior::Unsupported, exits: &[mandatory("next")],
        role: Role::Entry, flow_types: SUBFLOWS, ..STEP };
    ReturnToFlow = "return_to_flow": ReturnToFlowConfig => KindSpec {
        label: "Return to flow", vendor_names: "Return to flow (Talkdesk), Exit in a sub-flow (CxEngage)",
        description: "Hands control back to the calling flow through a named module exit.",
        error_handling: DefaultErrorBehavior::Unsupported, role: Role::Terminal, flow_types: SUBFLOWS, ..STEP };

    // IVR and logic
    PlayMessage = "play_message": PlayMessageConfig => KindSpec {
        label: "Play message", vendor_names: "Play audio (Talkdesk), Play / Multi Play (Phonon), Media (CxEngage)",
        group: KindGroup::Ivr, description: "Plays a prompt to the caller.", voice: true,
        error_handling: DefaultErrorBehavior::FollowExit { exit: "next" }, exits: &[mandatory("next")], ..STEP };
    Menu = "menu": MenuConfig => KindSpec {
        label: "Menu", vendor_names: "Standard IVR (Talkdesk), Menu (Phonon)",
        group: KindGroup::Ivr, description: "Single-key menu: one exit per option, re-prompts on invalid or no input.",
        voice: true, error_handling: DefaultErrorBehavior::FollowExit { exit: "invalid" },
        exits: &[optional("invalid"), optional("no_input")], dynamic_exits: DynamicExits::MenuOptions, ..STEP };
    CollectDigits = "collect_digits": CollectDigitsConfig => KindSpec {
        label: "Collect digits", vendor_names: "Advanced IVR (Talkdesk), Menu with digits (Phonon)",
        group: KindGroup::Ivr, description: "Collects a digit string into a variable, optionally validated.",
        voice: true, error_handling: DefaultErrorBehavior::FollowExit { exit: "invalid" },
        exits: &[mandatory("ok"), optional("invalid"), optional("timeout")], ..STEP };
    BusinessHours = "business_hours": BusinessHoursConfig => KindSpec {
        label: "Business hours", vendor_names: "Business hours (Talkdesk), Time Condition (Phonon)",
        group: KindGroup::Ivr, description: "Branches on a weekly calendar with holidays.",
        error_handling: DefaultErrorBehavior::FollowExit { exit: "closed" },
        exits: &[mandatory("open"), mandatory("closed"), optional_falling_back_to("holiday", "closed")], ..STEP };
    Conditional = "conditional": ConditionalConfig => KindSpec {
        label: "Conditional", vendor_names: "Conditional statement (Talkdesk), Decision (Phonon), Decision Branch (CxEngage)",
        group: KindGroup::Ivr, description: "Ordered branches on CEL expressions; the first true one wins.",
        error_handling: DefaultErrorBehavior::FollowExit { exit: "no_match" },
        exits: &[mandatory("no_match")], dynamic_exits: DynamicExits::Branches, ..STEP };
    SetVariable = "set_variable": SetVariableConfig => KindSpec {
        label: "Set variable", vendor_names: "Store Variable / Operations (Phonon)",
        group: KindGroup::Ivr, description: "Assigns flow or system variables from CEL expressions.",
        error_handling: DefaultErrorBehavior::FollowExit { exit: "next" }, exits: &[mandatory("next")], ..STEP };

    // Routing and agents
    AssignmentDial = "assignment_dial": AssignmentDialConfig => KindSpec {
        label: "Assignment and dial", vendor_names: "Assignment and Dial (Talkdesk)",
        group: KindGroup::Routing, description: "Queues the call and rings matching agents; alternative keys work while waiting.",
        voice: true, alternative_keys: true, error_handling: DefaultErrorBehavior::EndFlow,
        exits: ASSIGNMENT_EXITS, forbidden_after_call: true, flow_types: ANY, ..STEP };
    DialAgent = "dial_agent": DialAgentConfig => KindSpec {
        label: "Dial agent", vendor_names: "Dial agent (Talkdesk)",
        group: KindGroup::Routing, description: "Rings one specific agent.", voice: true,
        exits: &[CALL_FINISHED, mandatory("no_answer"), mandatory("no_match")], forbidden_after_call: true, ..STEP };
    Callback = "callback": CallbackConfig => KindSpec {
        label: "Callback", vendor_names: "Callback / Request callback from queue (Talkdesk)",
        group: KindGroup::Callbacks, description: "The caller keeps their place in the queue and is called back later.",
        voice: true, error_handling: DefaultErrorBehavior::PlayErrorMessageThenHangUp,
        exits: &[CALL_FINISHED, mandatory("no_match"), mandatory("timeout"), system("queue_size_limit_reached")],
        forbidden_after_call: true, ..STEP };
    RequestDirectCallback = "request_direct_callback": RequestDirectCallbackConfig => KindSpec {
        label: "Request direct callback", vendor_names: "Request direct callback (Talkdesk, API flows)",
        group: KindGroup::Callbacks, description: "Calls a number back and connects it to an agent.", voice: true,
        exits: &[CALL_FINISHED, mandatory("invalid_caller_id"), mandatory("invalid_outbound_caller_id"), mandatory("no_match"), mandatory("timeout")],
        forbidden_after_call: true, ..STEP };
    Voicemail = "voicemail": VoicemailConfig => KindSpec {
        label: "Voicemail", vendor_names: "Voicemail (Talkdesk), Record (Phonon)",
        group: KindGroup::Routing, description: "Records a message for a ring group or agent; the flow ends after recording.",
        voice: true, forbidden_after_call: true, ..STEP };
    ForwardExternal = "forward_external": ForwardExternalConfig => KindSpec {
        label: "Forward to external", vendor_names: "Forward to external number (Talkdesk), Transfer Call (Phonon)",
        group: KindGroup::Routing, description: "Transfers the call to a phone number; the flow ends when the bridged call ends.",
        voice: true, error_handling: DefaultErrorBehavior::FollowExit { exit: "failed" },
        exits: &[optional("no_answer"), optional("busy"), optional("failed")], forbidden_after_call: true, ..STEP };
    RouteToExternalDestination = "route_to_external_destination": RouteToExternalDestinationConfig => KindSpec {
        label: "Route to external destination", vendor_names: "Route To External Destination (Horizon Contact)",
        group: KindGroup::Routing, description: "Sends the call to a configured external destination such as an AI virtual agent.",
        voice: true, error_handling: DefaultErrorBehavior::FollowExit { exit: "failure" },
        exits: &[mandatory("limit_reached"), optional("busy"), optional("timeout"), optional("failure")],
        forbidden_after_call: true, ..STEP };
    CreateExternalNumber = "create_external_number": CreateExternalNumberConfig => KindSpec {
        label: "Create external number", vendor_names: "Create External Number (Horizon Contact)",
        group: KindGroup::Routing, description: "Builds an external number from the dialled service number.",
        exits: &[mandatory("next")], ..STEP };

    // Outbound dialer
    AgentConnect = "agent_connect": AgentConnectConfig => KindSpec {
        label: "Agent connect", vendor_names: "Agent Connect (Phonon)",
        group: KindGroup::Dialer, description: "Agent-first leg: connects an agent before the customer is dialled.",
        voice: true, exits: &[mandatory("line_1")], flow_types: DIALER, ..STEP };
    MakeCall = "make_call": MakeCallConfig => KindSpec {
        label: "Make call", vendor_names: "Make Call for Dialers (Phonon)",
        group: KindGroup::Dialer, description: "Customer leg: dials the record's numbers.",
        voice: true, exits: &[mandatory("line_1")], flow_types: DIALER, ..STEP };
    OnRemoteHangup = "on_remote_hangup": EmptyConfig => KindSpec {
        label: "On remote hangup", vendor_names: "On Remote Hangup (Phonon)",
        group: KindGroup::Dialer, description: "Runs when the customer hangs up remotely.",
        error_handling: DefaultErrorBehavior::Unsupported, exits: &[mandatory("next")],
        role: Role::EventHandler, flow_types: DIALER, ..STEP };
    OnFlowComplete = "on_flow_complete": EmptyConfig => KindSpec {
        label: "On flow complete", vendor_names: "On Flow Complete (Phonon)",
        group: KindGroup::Dialer, description: "Runs when the flow completes.",
        error_handling: DefaultErrorBehavior::Unsupported, exits: &[mandatory("next")],
        role: Role::EventHandler, flow_types: DIALER, ..STEP };

    // Queues and custom callbacks
    QueueWithFlow = "queue_with_flow": QueueWithFlowConfig => KindSpec {
        label: "Queue with flow", vendor_names: "Queue with Flow (CxEngage)",
        group: KindGroup::Callbacks, description: "Queues the caller and runs a reusable flow while they wait.",
        voice: true, error_handling: DefaultErrorBehavior::Unsupported,
        exits: &[CALL_FINISHED, optional("callback_registered"), optional("max_waiting_time_reached")],
        forbidden_after_call: true, flow_types: TOP_LEVEL, ..STEP };
    StartCallback = "start_callback": EmptyConfig => KindSpec {
        label: "Start callback", vendor_names: "Start Callback (CxEngage)",
        group: KindGroup::Callbacks, description: "Removes the caller from the queue and prepares a callback.",
        error_handling: DefaultErrorBehavior::Unsupported, exits: &[mandatory("next")], ..STEP };
    RegisterCallback = "register_callback": RegisterCallbackConfig => KindSpec {
        label: "Register callback", vendor_names: "Register Callback (CxEngage)",
        group: KindGroup::Callbacks, description: "Creates the callback request: number, queue, outbound ANI and agent media.",
        error_handling: DefaultErrorBehavior::Unsupported, exits: &[mandatory("next")], ..STEP };
    DeclineCallback = "decline_callback": EmptyConfig => KindSpec {
        label: "Decline callback", vendor_names: "Decline Callback (CxEngage)",
        group: KindGroup::Callbacks, description: "Cancels Start callback: the caller goes back into the queue.",
        error_handling: DefaultErrorBehavior::Unsupported, exits: &[mandatory("next")], ..STEP };
    FlowErrorCatch = "flow_error_catch": EscalationConfig => KindSpec {
        label: "Catch escalation", vendor_names: "Flow Error Catch (CxEngage)",
        group: KindGroup::Flow, description: "Runs its path when the named escalation is thrown in this flow or a sub-flow.",
        error_handling: DefaultErrorBehavior::Unsupported, exits: &[mandatory("next")], role: Role::EventHandler, ..STEP };
    FlowErrorThrow = "flow_error_throw": EscalationConfig => KindSpec {
        label: "Throw escalation", vendor_names: "Flow Error Throw (CxEngage)",
        group: KindGroup::Flow, description: "Throws an escalation; uncaught, it ends the branch.",
        error_handling: DefaultErrorBehavior::Unsupported, role: Role::Terminal, ..STEP };
}

impl std::fmt::Display for ComponentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A config that does not fit its kind: where (path inside `config`) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    /// Dotted path inside the config, e.g. `options[1].key`; empty for the config itself.
    pub path: String,
    pub message: String,
}

fn parse_as<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<T, ConfigError> {
    // Fast path: most configs are valid, and tracking the path costs about a third of the parse
    // (validation parses every config on every edit). The path is tracked only to explain an error.
    if let Ok(config) = T::deserialize(value) {
        return Ok(config);
    }
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        ConfigError {
            path: if path == "." { String::new() } else { path },
            message: err.into_inner().to_string(),
        }
    })
}

/// One exit of one component, static or derived from its config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct ExitInfo {
    pub name: String,
    pub required: bool,
    pub connectable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub fallback: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub post_call: bool,
}

impl From<&ExitSpec> for ExitInfo {
    fn from(spec: &ExitSpec) -> ExitInfo {
        ExitInfo {
            name: spec.name.to_string(),
            required: spec.required,
            connectable: spec.connectable,
            fallback: spec.fallback.map(str::to_string),
            post_call: spec.post_call,
        }
    }
}

impl ExitInfo {
    fn dynamic(name: String) -> ExitInfo {
        ExitInfo { name, required: true, connectable: true, fallback: None, post_call: false }
    }
}

/// The exits a component has: its kind's static exits, then those derived from its config
/// (menu keys, branches, module exits). A config that does not parse contributes none.
pub fn exits_of(component: &Component) -> Vec<ExitInfo> {
    let spec = component.kind.spec();
    let mut exits: Vec<ExitInfo> = Vec::new();
    let dynamic: Vec<String> =
        match (spec.dynamic_exits, ComponentConfig::parse(component.kind, &component.config)) {
            (DynamicExits::MenuOptions, Ok(ComponentConfig::Menu(menu))) => {
                menu.options.iter().map(|o| menu_exit(o.key)).collect()
            }
            (DynamicExits::Branches, Ok(ComponentConfig::Conditional(c))) => {
                c.branches.iter().map(|b| b.name.clone()).collect()
            }
            (DynamicExits::ModuleExits, Ok(ComponentConfig::RunModule(m))) => m.module_exits.clone(),
            _ => Vec::new(),
        };
    for name in dynamic {
        if !exits.iter().any(|e| e.name == name) {
            exits.push(ExitInfo::dynamic(name));
        }
    }
    exits.extend(spec.exits.iter().map(ExitInfo::from));
    exits
}

/// The catalog as data for the UI and `callflow catalog --format json`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CatalogEntry {
    pub kind: ComponentKind,
    pub label: String,
    pub vendor_names: String,
    pub group: KindGroup,
    pub description: String,
    pub voice: bool,
    pub alternative_keys: bool,
    pub error_handling: DefaultErrorBehavior,
    pub exits: Vec<ExitInfo>,
    pub dynamic_exits: DynamicExits,
    pub role: Role,
    pub flow_types: Vec<FlowType>,
    pub forbidden_after_call: bool,
    /// JSON Schema of the config; the inspector builds its form from it.
    #[ts(type = "Record<string, unknown>")]
    pub config_schema: serde_json::Value,
}

/// Every kind as a [`CatalogEntry`], in palette order.
pub fn catalog() -> Vec<CatalogEntry> {
    ComponentKind::ALL
        .iter()
        .map(|&kind| {
            let spec = kind.spec();
            CatalogEntry {
                kind,
                label: spec.label.into(),
                vendor_names: spec.vendor_names.into(),
                group: spec.group,
                description: spec.description.into(),
                voice: spec.voice,
                alternative_keys: spec.alternative_keys,
                error_handling: spec.error_handling,
                exits: spec.exits.iter().map(ExitInfo::from).collect(),
                dynamic_exits: spec.dynamic_exits,
                role: spec.role,
                flow_types: spec.flow_types.to_vec(),
                forbidden_after_call: spec.forbidden_after_call,
                config_schema: kind.config_schema().to_value(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_round_trip_and_match_serde() {
        for &kind in ComponentKind::ALL {
            assert_eq!(ComponentKind::from_id(kind.id()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), json!(kind.id()));
            assert_eq!(kind.spec().kind, kind, "spec of {kind} names another kind");
        }
        assert_eq!(ComponentKind::ALL.len(), 30);
    }

    #[test]
    fn only_assignment_dial_takes_alternative_keys() {
        let with_keys: Vec<_> = ComponentKind::ALL.iter().filter(|k| k.spec().alternative_keys).collect();
        assert_eq!(with_keys, [&ComponentKind::AssignmentDial]);
    }

    #[test]
    fn initial_and_terminal_steps_have_no_error_handling() {
        for &kind in ComponentKind::ALL {
            let spec = kind.spec();
            if matches!(spec.role, Role::Entry | Role::Terminal) {
                assert!(!spec.supports_error_handling(), "{kind} must not offer error handling");
            }
            if spec.role == Role::Terminal {
                assert!(spec.exits.is_empty(), "terminal {kind} has exits");
            }
        }
        assert_eq!(ComponentKind::AssignmentDial.spec().error_handling, DefaultErrorBehavior::EndFlow);
    }

    #[test]
    fn follow_exit_defaults_name_real_exits() {
        for &kind in ComponentKind::ALL {
            if let DefaultErrorBehavior::FollowExit { exit } = kind.spec().error_handling {
                assert!(kind.spec().exit(exit).is_some(), "{kind} defaults to missing exit {exit}");
            }
        }
    }

    #[test]
    fn menu_exits_come_from_options() {
        let mut menu = Component::new(ComponentKind::Menu, "Main");
        menu.config = json!({
            "prompt": {"type": "tts", "text": "Press 1 or 2"},
            "options": [{"key": "1", "label": "Sales"}, {"key": "2", "label": "Support"}]
        });
        let names: Vec<_> = exits_of(&menu).into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["key_1", "key_2", "invalid", "no_input"]);
    }

    #[test]
    fn config_defaults_are_filled_and_errors_have_paths() {
        let config = ComponentConfig::parse(
            ComponentKind::AssignmentDial,
            &json!({"selection": {"type": "ring_groups", "ring_groups": ["billing"]}}),
        )
        .unwrap();
        let ComponentConfig::AssignmentDial(ad) = config else { panic!("wrong variant") };
        assert_eq!(
            (ad.agents_to_ring, ad.ring_timeout_sec, ad.max_waiting_time_sec, ad.priority),
            (1, 30, 300, 5)
        );

        let err = ComponentConfig::parse(
            ComponentKind::Menu,
            &json!({"prompt": {"type": "tts", "text": "x"}, "options": [{"key": "1"}, {"key": "A"}]}),
        )
        .unwrap_err();
        assert_eq!(err.path, "options[1].key");
    }

    #[test]
    fn every_config_schema_is_an_object_schema() {
        for entry in catalog() {
            assert_eq!(entry.config_schema["type"], json!("object"), "{:?}", entry.kind);
        }
    }
}
