//! The data of simulated calls: the environment a flow runs in, caller scripts and saved test
//! calls. They travel inside flow files, so they are part of the document model; the engine
//! (`callflow-engine`) gives them their meaning (DOMAIN.md §4).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::config::Schedule;
use crate::document::{ComponentId, DtmfKey, ExitName};

/// Everything outside the flow that decides how a simulated call goes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Environment {
    /// Agents in stable tie-break order (G9).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<Agent>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub queues: Vec<Queue>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub external_destinations: Vec<ExternalDestination>,
    /// Named calendars that business-hours components and dialer business hours may refer to.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub calendars: BTreeMap<String, Schedule>,
    /// Outbound dialer attempt settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dialer: Option<DialerSettings>,
    /// Ids of the flows (modules, reusable queue flows) this flow calls, with the files that
    /// hold them, relative to the flow file.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub flows: BTreeMap<String, String>,
    /// Virtual start time of a call, RFC 3339 (`2026-11-23T10:00:00+01:00[Europe/Prague]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// Seed for every choice the environment makes; same seed, same trace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Presence an agent is put in after missing or declining an offer (Salesforce
    /// "Update Status on Push Time-Out" / "on Decline").
    #[serde(skip_serializing_if = "PresenceRules::is_default")]
    pub presence: PresenceRules,
    /// CxEngage "Expire Callback After Hours": a callback request waiting longer expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub expire_callback_after_hours: Option<u32>,
}

/// What happens to an agent's presence after an offer ends badly (DOMAIN.md §4.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct PresenceRules {
    /// "Update Status on Push Time-Out": after a missed offer or a failure.
    pub on_push_timeout: AgentStatus,
    /// "Update Status on Decline": after a declined offer.
    pub on_decline: AgentStatus,
}

impl Default for PresenceRules {
    fn default() -> Self {
        PresenceRules { on_push_timeout: AgentStatus::Away, on_decline: AgentStatus::Available }
    }
}

impl PresenceRules {
    pub fn is_default(&self) -> bool {
        *self == PresenceRules::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    pub id: String,
    pub name: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub ring_groups: Vec<String>,
    /// Skill name -> proficiency.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(optional, as = "Option<BTreeMap<String, u32>>")]
    pub attributes: BTreeMap<String, u32>,
    #[serde(default)]
    pub status: AgentStatus,
    /// Seconds since the agent's last interaction ended, at the start of the call.
    #[serde(default)]
    pub idle_sec: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    #[default]
    Available,
    Busy,
    AfterCallWork,
    Away,
    Offline,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub id: String,
    pub name: String,
    /// Groups in priority order; members are agent ids or external-destination names.
    pub groups: Vec<AgentGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct AgentGroup {
    pub id: String,
    pub priority: u32,
    pub members: Vec<String>,
}

/// An external destination (Horizon Contact): "fundamentally just a telephone number".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct ExternalDestination {
    pub name: String,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// E.164 number dialled.
    pub number: String,
    /// Cap on calls answered plus calls being connected; absent means unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max_simultaneous_calls: Option<u32>,
    #[serde(default = "thirty")]
    pub outdial_timeout_sec: u32,
    #[serde(default = "two_minutes")]
    pub no_answer_backoff_sec: u32,
    #[serde(default = "two_minutes")]
    pub busy_backoff_sec: u32,
    /// Calls already in progress at the start of the simulation.
    #[serde(default)]
    pub active_calls: u32,
}

fn yes() -> bool {
    true
}
fn thirty() -> u32 {
    30
}
fn two_minutes() -> u32 {
    120
}

/// Outbound dialer attempt settings (Phonon Configurator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct DialerSettings {
    pub agent_attempts: u32,
    pub agent_retry_minutes: u32,
    pub customer_attempts: u32,
    pub customer_retry_minutes: u32,
    /// Calendar (in `calendars`) outside which no attempt is placed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub business_hours: Option<String>,
}

/// A timed event of a caller script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct ScriptEvent {
    /// Virtual seconds since the call started.
    pub at: u64,
    /// The call the event is about, by order of arrival (0 is the first call). Agent,
    /// destination and system events find their target themselves and ignore it.
    #[serde(default, skip_serializing_if = "is_zero")]
    #[ts(optional, as = "Option<u32>")]
    pub call: u32,
    pub event: CallEvent,
    /// Happens after the time-outs due at the same `at` (a caller or agent action normally comes
    /// first). Written by recorded interactive sessions so they replay in the order they happened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub after_timeouts: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl ScriptEvent {
    /// `event` at `at` seconds, for the first call.
    pub fn new(at: u64, event: CallEvent) -> ScriptEvent {
        ScriptEvent { at, call: 0, event, after_timeouts: false }
    }
}

/// Something that happens to a call from outside the flow (DOMAIN.md §4.1). The §4.1 names
/// (`agent.answer`, `system.trafficLimit`, `ext.busy{ed}`, ...) are accepted as aliases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CallEvent {
    /// Another inbound call arrives; it gets the next call number.
    #[serde(alias = "call.arrive")]
    CallArrive {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        #[ts(optional, as = "Option<String>")]
        ani: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        #[ts(optional, as = "Option<String>")]
        dnis: String,
    },
    #[serde(alias = "caller.dtmf")]
    Dtmf { key: DtmfKey },
    /// Several keys at once, e.g. a number for Collect digits.
    #[serde(alias = "caller.digits")]
    Digits { digits: String },
    #[serde(alias = "caller.hangup")]
    CallerHangup,
    #[serde(alias = "agent.status")]
    AgentStatus { agent: String, status: AgentStatus },
    #[serde(alias = "agent.answer")]
    AgentAnswer { agent: String },
    #[serde(alias = "agent.reject")]
    AgentReject { agent: String },
    #[serde(alias = "agent.deviceFail")]
    AgentDeviceFail { agent: String },
    #[serde(alias = "agent.endCall")]
    AgentEndCall { agent: String },
    #[serde(alias = "ext.answer")]
    ExtAnswer {
        #[serde(alias = "ed")]
        destination: String,
    },
    #[serde(alias = "ext.busy")]
    ExtBusy {
        #[serde(alias = "ed")]
        destination: String,
    },
    #[serde(alias = "ext.fail")]
    ExtFail {
        #[serde(alias = "ed")]
        destination: String,
    },
    /// The external party of a forward or destination hangs up.
    #[serde(alias = "ext.endCall")]
    ExtEndCall {
        #[serde(alias = "ed")]
        destination: String,
    },
    #[serde(alias = "net.fail")]
    NetFail,
    #[serde(alias = "system.trafficLimit")]
    TrafficLimit { on: bool },
    #[serde(alias = "system.componentError")]
    ComponentError {
        #[serde(alias = "step")]
        component: ComponentId,
    },
    #[serde(alias = "dialer.agentLeg")]
    DialerAgentLeg { answered: bool },
    #[serde(alias = "dialer.customerLeg")]
    DialerCustomerLeg { answered: bool },
    #[serde(alias = "customer.callbackAnswer")]
    CustomerCallbackAnswer { answered: bool },
    /// Moves the virtual clock on by `sec` seconds (timers that fall due fire).
    #[serde(alias = "clock.advance")]
    ClockAdvance { sec: u64 },
}

/// How a simulated call starts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct CallSetup {
    /// Caller number (E.164); inbound calls.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ani: String,
    /// Dialled number (E.164); inbound calls.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub dnis: String,
    /// Initial values overriding variable defaults.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, serde_json::Value>,
    /// Virtual start time of this call (RFC 3339); overrides the environment's `start_time`,
    /// e.g. to test a flow out of hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub start_time: Option<String>,
    /// Outbound dialer flows: the record this attempt is for and its counters so far.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub record: Option<DialerRecord>,
}

/// An outbound dialer record as it stands before an attempt (Phonon, DOMAIN.md §4.7).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct DialerRecord {
    pub id: String,
    /// `tel1`..`tel10`, with country code.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub contact_numbers: Vec<String>,
    /// Attempts left; absent means the full count from the dialer settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub agent_attempts_left: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub customer_attempts_left: Option<u32>,
    /// Times each leg was dialled before this attempt.
    #[serde(skip_serializing_if = "is_zero")]
    #[ts(optional, as = "Option<u32>")]
    pub agent_attempt_no: u32,
    #[serde(skip_serializing_if = "is_zero")]
    #[ts(optional, as = "Option<u32>")]
    pub customer_attempt_no: u32,
    /// `$flow.key.<var>` values copied into flow variables at start.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(optional, as = "Option<BTreeMap<String, serde_json::Value>>")]
    pub keys: BTreeMap<String, serde_json::Value>,
}

/// A record of an outbound dialer campaign run in the simulator (the campaign view, `callflow
/// campaign`), saved with the flow's test data: the outcomes of the legs dialled for it and what
/// its customer does at the flow's prompts (the engine's `dialer` module gives them meaning).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct CampaignRecord {
    pub id: String,
    #[serde(default)]
    pub phone: String,
    /// Minute of the campaign at which the first attempt is placed.
    #[serde(default)]
    #[ts(type = "number")]
    pub start_minute: u64,
    /// Outcome of each agent leg dialled, in order (true = answered; answered when the list
    /// runs out).
    #[serde(default)]
    pub agent: Vec<bool>,
    #[serde(default)]
    pub customer: Vec<bool>,
    /// Record keys (`$flow.key.<var>`): copied into the flow variables of the same name. The
    /// phone number is also `tel1` unless given.
    #[serde(default)]
    pub keys: BTreeMap<String, serde_json::Value>,
    /// What the customer does at the prompt of a component (by component id; CSV columns
    /// `input:<component>`): the n-th time that prompt waits for the customer, over the record's
    /// attempts, takes the n-th answer: keys, `$<record key>`, `silence` or `hangup`. When the
    /// list runs out the customer answers with the record key `expected_<component>` if there
    /// is one, else says nothing.
    #[serde(default)]
    pub inputs: BTreeMap<String, Vec<String>>,
}

/// A saved test call: a script, and what must happen when it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct TestCall {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(optional, as = "Option<String>")]
    pub description: String,
    #[serde(default)]
    pub call: CallSetup,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<ScriptEvent>>")]
    pub script: Vec<ScriptEvent>,
    /// The environment this call runs in, when it differs from the file's (e.g. no agent in the
    /// ring group, a destination already at its cap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub environment: Option<Environment>,
    pub expect: Expectations,
}

/// What a test call checks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(default, deny_unknown_fields)]
pub struct Expectations {
    /// The components entered, each with the exit it left by (`None` for the last one).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<PathStep>,
    /// How the call ended (e.g. `hung_up`, `contact_disconnected_at_voice_component`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Trace events that must appear, in order; each is matched on the fields it gives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<serde_json::Value>,
    /// Final variable values that must hold.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub variables: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct PathStep {
    pub component: ComponentId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub exit: Option<ExitName>,
}
