//! Typed views of each kind's `config`.
//!
//! The document keeps a component's config as plain JSON so that a half-edited or slightly wrong
//! config never stops a flow from opening (the checks report it against the component instead).
//! Everything that needs the values reads them through these structs: one struct per kind, with
//! the defaults of DOMAIN.md §3. The same structs generate the JSON Schema of each kind's config,
//! which the UI turns into forms (the `x-widget` annotations pick the widget).
//!
//! Field names are `snake_case`, as everywhere in the file format.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::document::DtmfKey;

// Read by a hand-written reader (`prompt_de.rs`) that avoids serde's buffering of tagged
// enums; written and described (schema, TypeScript) by the derives. Not a doc comment: the doc
// is exported into the schema and the bindings.
/// What a voice component plays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema, TS)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Prompt {
    /// Text to speech.
    Tts {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        voice: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        lang: Option<String>,
    },
    /// A recorded audio asset.
    Audio { asset: String },
    /// The text or asset held in a flow variable.
    Variable { variable: String },
}

/// A value given literally or read from a flow variable at run time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ValueSource {
    Literal(String),
    Variable(String),
}

impl ValueSource {
    pub fn literal(&self) -> Option<&str> {
        match self {
            ValueSource::Literal(s) => Some(s),
            ValueSource::Variable(_) => None,
        }
    }

    pub fn variable(&self) -> Option<&str> {
        match self {
            ValueSource::Variable(v) => Some(v),
            ValueSource::Literal(_) => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Flow structure
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct StartConfig {
    /// What starts the flow.
    pub trigger: Trigger,
    /// API flows: arguments copied into variables at start.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub input_arguments: Vec<InputArgument>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    #[default]
    IncomingCall,
    ApiRequest,
    OutgoingCall,
    OutboundDialer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct InputArgument {
    pub name: String,
    pub variable: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct EmptyConfig {}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct HangUpConfig {
    /// Label written to reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_label: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct RunModuleConfig {
    /// Id of the module flow (type `module`) to run.
    #[schemars(extend("x-widget" = "flow-ref"))]
    pub module: String,
    /// The module's exits as known when it was linked; each becomes an exit of this component.
    #[schemars(extend("x-widget" = "exit-names"))]
    pub module_exits: Vec<String>,
    /// Module input argument -> flow variable passed in.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub input_args: BTreeMap<String, String>,
    /// Module output -> flow variable that receives it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub outputs: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct BeginModuleConfig {
    /// Arguments the module accepts, copied into its variables.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub input_arguments: Vec<InputArgument>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct ReturnToFlowConfig {
    /// The module exit this step returns through; the parent's `run_module` gets an exit of
    /// this name. Several steps may return through the same exit.
    pub exit: String,
}

// ---------------------------------------------------------------------------------------------
// IVR and logic
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct PlayMessageConfig {
    pub prompt: Prompt,
    /// Whether a key press cuts the prompt short.
    #[serde(default)]
    pub interruptible: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct MenuConfig {
    pub prompt: Prompt,
    /// One option per key; each becomes a mandatory exit `key_<k>`.
    pub options: Vec<MenuOption>,
    /// Seconds to wait for a key after the prompt.
    #[serde(default = "defaults::menu_timeout_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub timeout_sec: u32,
    /// Re-prompts after an invalid key or no input before `invalid` / `no_input` is taken.
    #[serde(default = "defaults::max_retries")]
    pub max_retries: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub invalid_prompt: Option<Prompt>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub no_input_prompt: Option<Prompt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct MenuOption {
    pub key: DtmfKey,
    #[serde(default)]
    pub label: String,
}

/// The exit name of a menu option bound to `key`.
pub fn menu_exit(key: DtmfKey) -> String {
    format!("key_{key}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct CollectDigitsConfig {
    pub prompt: Prompt,
    /// Variable (type string) that receives the digits.
    #[schemars(extend("x-widget" = "variable"))]
    pub output_variable: String,
    #[serde(default = "defaults::one")]
    pub min_digits: u32,
    #[serde(default = "defaults::max_digits")]
    pub max_digits: u32,
    /// Key that ends input early; `null` for none.
    #[serde(default = "defaults::terminator")]
    pub terminator: Option<DtmfKey>,
    #[serde(default = "defaults::menu_timeout_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub first_digit_timeout_sec: u32,
    #[serde(default = "defaults::inter_digit_timeout_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub inter_digit_timeout_sec: u32,
    #[serde(default = "defaults::max_retries")]
    pub max_retries: u32,
    /// A regular expression the whole input must match, e.g. `^\+?[0-9]{8,15}$`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[schemars(extend("x-widget" = "regex"))]
    pub validation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct BusinessHoursConfig {
    pub schedule: Schedule,
    /// Variable (type datetime) holding the instant to evaluate; absent means "now".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    #[schemars(extend("x-widget" = "variable"))]
    pub evaluate_at: Option<String>,
}

/// A weekly calendar in one time zone, with holidays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// IANA time zone, e.g. `Europe/Prague`.
    #[schemars(extend("x-widget" = "timezone"))]
    pub timezone: String,
    /// Opening ranges; a day may have several that do not overlap.
    pub weekly: Vec<OpeningRange>,
    /// Dates (`YYYY-MM-DD`) on which the `holiday` exit is taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub holidays: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct OpeningRange {
    pub day: Weekday,
    /// `HH:MM`, local time, inclusive.
    pub from: String,
    /// `HH:MM`, local time, exclusive; `24:00` is the end of the day.
    pub to: String,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct ConditionalConfig {
    /// Evaluated in order; the first whose expression is true wins, else `no_match`.
    pub branches: Vec<Branch>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// The branch's exit name.
    pub name: String,
    /// A CEL expression over flow variables, e.g. `vip && balance > 100`.
    #[schemars(extend("x-widget" = "expression"))]
    pub expression: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct SetVariableConfig {
    pub assignments: Vec<Assignment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// A declared flow variable, or a writable system variable (`syskey.*`).
    #[schemars(extend("x-widget" = "variable"))]
    pub variable: String,
    /// A CEL expression, e.g. `score + 1` or `"gold"`.
    #[schemars(extend("x-widget" = "expression"))]
    pub expression: String,
}

// ---------------------------------------------------------------------------------------------
// Routing and agents
// ---------------------------------------------------------------------------------------------

/// Who an assignment rings: exactly one of the assignment types [TD].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AgentSelection {
    /// Agents in any of these ring groups.
    RingGroups { ring_groups: Vec<String> },
    /// These agents, by email.
    Agents { agents: Vec<String> },
    /// Agents whose emails are held in a variable (a string or a list of strings).
    AgentsVariable { variable: String },
    /// Agents matching attributes (skills), all or any.
    Attributes {
        attributes: Vec<AttributeRequirement>,
        #[serde(default)]
        combine: Combine,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct AttributeRequirement {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub min_proficiency: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    #[default]
    And,
    Or,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    #[default]
    IdleTime,
    MostProficient,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatusEligibility {
    #[default]
    OnlyAvailable,
    ConsiderAnyStatus,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum DialStrategy {
    SingleAttempt,
    #[default]
    Exhaust,
}

/// The queueing and ringing parameters shared by Assignment and dial and the callback kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct AssignmentDialConfig {
    pub selection: AgentSelection,
    #[serde(default)]
    pub sort_by: SortBy,
    /// Agents rung at once, 1-10.
    #[serde(default = "defaults::one")]
    pub agents_to_ring: u32,
    #[serde(default)]
    pub status_eligibility: StatusEligibility,
    #[serde(default)]
    pub strategy: DialStrategy,
    #[serde(default = "defaults::ring_timeout_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub ring_timeout_sec: u32,
    #[serde(default = "defaults::max_waiting_time_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub max_waiting_time_sec: u32,
    /// 1 (highest) to 10.
    #[serde(default = "defaults::priority")]
    pub priority: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub waiting_audio: Option<Prompt>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct DialAgentConfig {
    /// The agent's email, or a variable holding it.
    pub agent: ValueSource,
    #[serde(default = "defaults::ring_timeout_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub ring_timeout_sec: u32,
}

/// Where a callback is placed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CallbackNumber {
    /// The caller's own number (ANI).
    #[default]
    Original,
    /// The caller's number plus an extension.
    OriginalWithExtension { extension: String },
    /// A number held in a variable.
    Variable { variable: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct CallbackConfig {
    #[serde(default)]
    pub callback_number: CallbackNumber,
    /// Played when the request is accepted; the caller is then hung up.
    pub request_successful_message: Prompt,
    /// Played when the request fails; the caller is then hung up.
    pub error_in_request_message: Prompt,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub timeout_message: Option<Prompt>,
    pub assignment: AssignmentDialConfig,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct RequestDirectCallbackConfig {
    /// The number to call back (E.164), usually from the API request.
    #[schemars(extend("x-widget" = "phone"))]
    pub number: ValueSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub extension: Option<String>,
    /// The caller id presented to the customer (E.164).
    #[schemars(extend("x-widget" = "phone"))]
    pub outbound_caller_id: ValueSource,
    pub assignment: AssignmentDialConfig,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct VoicemailConfig {
    pub greeting: Prompt,
    #[serde(default = "defaults::voicemail_max_duration_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub max_duration_sec: u32,
    /// Who gets the message.
    pub assign_to: VoicemailOwner,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum VoicemailOwner {
    RingGroup { ring_group: String },
    Agent { agent: String },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CallerId {
    /// Present the caller's own number.
    #[default]
    Original,
    /// Present this E.164 number.
    Number { number: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct ForwardExternalConfig {
    /// E.164 number, or a variable holding one.
    #[schemars(extend("x-widget" = "phone"))]
    pub phone_number: ValueSource,
    #[serde(default)]
    pub caller_id: CallerId,
    #[serde(default = "defaults::ring_timeout_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub ring_timeout_sec: u32,
    /// Digits sent after the far end answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub dtmf_extension: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct RouteToExternalDestinationConfig {
    /// Name of the configured external destination (see the environment).
    #[schemars(extend("x-widget" = "external-destination"))]
    pub external_destination: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ringing_audio: Option<Prompt>,
    /// Start the ringing audio when the outdial starts, not at the call-alert event.
    #[serde(default)]
    pub ring_on_outdial_started: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct CreateExternalNumberConfig {
    /// Digits put in front (no "+" needed; normalised later).
    pub prefix_number: String,
    /// A service-number prefix replaced by `prefix_number`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub service_number_prefix_match: Option<String>,
    /// How many trailing digits of the service number to keep; wins over the prefix match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub service_number_digits: Option<u32>,
    /// Variable that receives the number.
    #[schemars(extend("x-widget" = "variable"))]
    pub output_variable: String,
}

// ---------------------------------------------------------------------------------------------
// Outbound dialer
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum OnNotConnected {
    /// End the attempt and reschedule the record (attempt accounting applies).
    #[default]
    Reschedule,
    /// Continue on Line 1; the record completes unless a reschedule variable is set.
    Continue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct AgentConnectConfig {
    /// The agent group (or queue) whose agents take the attempt.
    pub agent_group: String,
    #[serde(default = "defaults::ring_timeout_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub ring_timeout_sec: u32,
    #[serde(default)]
    pub on_not_connected: OnNotConnected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct MakeCallConfig {
    /// Up to ten numbers (`tel1`..`tel10`), with country code, or variables holding them.
    pub numbers: Vec<ValueSource>,
    /// Presented caller id (E.164).
    #[schemars(extend("x-widget" = "phone"))]
    pub caller_id: String,
    #[serde(default = "defaults::ring_timeout_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub ring_timeout_sec: u32,
    #[serde(default)]
    pub on_not_connected: OnNotConnected,
}

// ---------------------------------------------------------------------------------------------
// Queues and custom callbacks (CxEngage)
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct QueueWithFlowConfig {
    pub queue: String,
    /// Id of the reusable queue flow run while the caller waits.
    #[schemars(extend("x-widget" = "flow-ref"))]
    pub queue_flow: String,
    #[serde(default = "defaults::priority")]
    pub priority: u32,
    #[serde(default = "defaults::max_waiting_time_sec")]
    #[schemars(extend("x-widget" = "duration"))]
    pub max_waiting_time_sec: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct RegisterCallbackConfig {
    /// The number to dial back: literal E.164 or a variable (validate it upstream!).
    #[schemars(extend("x-widget" = "phone"))]
    pub callback_number: ValueSource,
    /// The queue the callback is made from.
    pub queue: String,
    /// The caller id presented to the callback recipient (E.164).
    #[schemars(extend("x-widget" = "phone"))]
    pub outbound_ani: String,
    /// Media played to the agent before the callback is dialled (e.g. a recorded message).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub agent_media: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct EscalationConfig {
    /// The escalation caught or thrown (e.g. `callback-expired`); empty catches any.
    pub escalation: String,
}

pub(crate) mod defaults {
    use crate::document::DtmfKey;

    pub fn one() -> u32 {
        1
    }
    pub fn max_retries() -> u32 {
        2
    }
    pub fn menu_timeout_sec() -> u32 {
        5
    }
    pub fn max_digits() -> u32 {
        20
    }
    pub fn terminator() -> Option<DtmfKey> {
        Some(DtmfKey::Hash)
    }
    pub fn inter_digit_timeout_sec() -> u32 {
        3
    }
    pub fn ring_timeout_sec() -> u32 {
        30
    }
    pub fn max_waiting_time_sec() -> u32 {
        300
    }
    pub fn priority() -> u32 {
        5
    }
    pub fn voicemail_max_duration_sec() -> u32 {
        600
    }
}
