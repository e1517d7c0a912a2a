//! What a simulation produces: the ordered trace of typed events (DOMAIN.md §4.1), the execution
//! report rows (§4.4), statistics (§4.5 ED5, §4.9) and the final state of the call.
//!
//! Every type here is serde + ts-rs: the desktop app receives them over IPC and the CLI prints
//! them as JSON.

use std::collections::BTreeMap;
use std::sync::Arc;

use callflow_model::scenario::AgentStatus;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A shared, cheaply cloned name (component id, exit name, agent id).
pub type Name = Arc<str>;

/// A reason or cause: almost always a fixed word, so no allocation.
pub type Text = std::borrow::Cow<'static, str>;

/// One trace entry: when, which call, what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TraceEvent {
    /// Virtual seconds since the simulation started.
    pub at: u64,
    /// The call it concerns, by order of arrival (0 is the first call).
    pub call: u32,
    #[serde(flatten)]
    pub event: TraceKind,
}

/// Which party a ring or connection is with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PartyType {
    Agent,
    ExternalDestination,
    /// A PSTN number (forward to external) or the customer of a callback or dialer leg.
    Number,
}

/// The kinds of trace entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TraceKind {
    /// A call arrives (or a dialer attempt starts).
    Arrive {
        #[ts(as = "String")]
        ani: Name,
        #[ts(as = "String")]
        dnis: Name,
    },
    /// A component is entered. `flow` names the module when it is not the main flow.
    Step {
        #[ts(as = "String")]
        component: Name,
        kind: callflow_model::ComponentKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional, as = "Option<String>")]
        flow: Option<Name>,
    },
    /// An exit is taken. For `error`, `routed` says where error handling sent the call.
    Exit {
        #[ts(as = "String")]
        component: Name,
        #[ts(as = "String")]
        exit: Name,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        routed: Option<String>,
    },
    /// A prompt is played to the caller (or media to an agent).
    Play {
        #[ts(as = "String")]
        component: Name,
        #[ts(as = "String")]
        prompt: Name,
    },
    /// A variable changed.
    Set {
        #[ts(as = "String")]
        variable: Name,
        value: serde_json::Value,
    },
    QueueJoin {
        #[ts(as = "String")]
        queue: Name,
        priority: u32,
    },
    QueueLeave {
        #[ts(as = "String")]
        queue: Name,
        #[ts(as = "String")]
        reason: Text,
    },
    Ring {
        #[ts(as = "String")]
        party: Name,
        party_type: PartyType,
    },
    /// A ringing offer stops without being answered (answered elsewhere, timed out, ...).
    StopRinging {
        #[ts(as = "String")]
        party: Name,
        #[ts(as = "String")]
        reason: Text,
    },
    Connect {
        #[ts(as = "String")]
        party: Name,
        party_type: PartyType,
    },
    /// The connector hang-up event of one call leg (§4.6): exactly one per leg.
    Hangup(Box<Hangup>),
    /// The caller's leg ends (`by`: `caller`, `flow`, `agent`, `external`).
    CallerDisconnected {
        #[ts(as = "String")]
        by: Text,
    },
    /// An abandon was counted for a queue.
    Abandon {
        #[ts(as = "String")]
        queue: Name,
        #[ts(as = "String")]
        cause: Text,
    },
    /// An agent's presence changed.
    AgentStatus {
        #[ts(as = "String")]
        agent: Name,
        status: AgentStatus,
        #[ts(as = "String")]
        reason: Text,
    },
    /// An external destination backs off after an unanswered or busy outdial (§4.5 ED4).
    Backoff {
        #[ts(as = "String")]
        destination: Name,
        until: u64,
    },
    /// A callback request was created (Talkdesk Callback or CxEngage Register Callback).
    CallbackRequest(Box<CallbackInfo>),
    /// Media played to an agent before a callback is dialled.
    AgentMedia { media: Vec<String> },
    /// A number is dialled (callback, forward, dialer leg).
    Dial { number: String, caller_id: String },
    /// Outbound dialer record status after the attempt (§4.7).
    RecordStatus(Box<RecordStatus>),
    /// A CxEngage escalation was thrown.
    Escalation {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        caught_by: Option<String>,
    },
    /// A component failed; its error handling follows in the next `EXIT ... error`.
    Error {
        #[ts(as = "String")]
        component: Name,
        message: String,
    },
    /// A voicemail was recorded.
    Voicemail {
        #[ts(as = "String")]
        component: Name,
        owner: String,
        duration_sec: u64,
    },
    /// A script event that found nothing to act on (e.g. a key after the caller left).
    Ignored { event: String, reason: String },
    /// Execution of the call stopped, and why.
    Stop {
        #[ts(as = "String")]
        reason: Text,
    },
}

/// The §4.6 connector event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Hangup {
    /// The agent or destination whose leg ended.
    #[ts(as = "String")]
    pub party: Name,
    pub call_type: CallType,
    pub reason: HangupReason,
    pub close_call_on_error: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub agent_status: Option<HangupAgentStatus>,
    /// What the VoiceCall becomes: `completed`, or `new` (conversation left open for re-offer).
    #[ts(as = "String")]
    pub voice_call: Text,
    /// What happened, in words (`agent_ended`, `ring_timeout`, `declined`, ...).
    #[ts(as = "String")]
    pub cause: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CallType {
    Inbound,
    Outbound,
    Transfer,
    Callback,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HangupReason {
    Ended,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum HangupAgentStatus {
    MissedCallAgent,
    DeclinedByAgent,
    FailedConnectAgent,
    FailedConnectCustomer,
    MissedCallStatus,
}

/// A callback request as created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CallbackInfo {
    pub id: u32,
    #[ts(as = "String")]
    pub queue: Name,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub outbound_ani: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub agent_media: Vec<String>,
    /// Queue entry time kept for the request (the caller keeps their place).
    pub enqueued_at: u64,
    pub priority: u32,
}

/// Dialer record status (§4.7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecordStatus {
    pub record: String,
    pub status: DialerStatus,
    /// Virtual seconds of the next attempt, when rescheduled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub next_attempt_at: Option<u64>,
    pub agent_left: u32,
    pub customer_left: u32,
    pub agent_attempt_no: u32,
    pub customer_attempt_no: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DialerStatus {
    Scheduled,
    InProgress,
    AgentRescheduled,
    CustomerRescheduled,
    Completed,
    AgentFailed,
    CustomerFailed,
}

impl DialerStatus {
    /// Whether no further attempt follows.
    pub fn is_final(self) -> bool {
        matches!(self, DialerStatus::Completed | DialerStatus::AgentFailed | DialerStatus::CustomerFailed)
    }
}

/// One line of the execution report (§4.4): the failing step's exit is always `error`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportRow {
    pub at: u64,
    pub call: u32,
    #[ts(as = "String")]
    pub component: Name,
    pub kind: callflow_model::ComponentKind,
    #[ts(as = "String")]
    pub exit: Name,
}

/// Per-agent statistics; calls handled by external destinations are never counted here (ED5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AgentStats {
    pub offered: u32,
    pub answered: u32,
    pub missed: u32,
    pub declined: u32,
    pub failed: u32,
}

/// Per-external-destination statistics, kept apart from agents (ED5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExternalDestinationStats {
    pub offered: u32,
    pub answered: u32,
    pub no_answer: u32,
    pub busy: u32,
    pub failed: u32,
    pub limit_reached: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QueueStats {
    pub joined: u32,
    pub answered: u32,
    /// Callers who disconnected while queued (AB1), incl. traffic-limit rejections.
    pub abandoned: u32,
    /// Callers who disconnected while a callback was being set up (AB3): not abandons.
    pub callback_setup_abandoned: u32,
    pub callbacks_registered: u32,
}

/// The Calls and Contacts report counters of §4.9.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportCounters {
    /// Calls report: Abandoned.
    pub calls_abandoned: u32,
    /// Contacts report: Missed.
    pub contacts_missed: u32,
    /// Talkdesk hang-up causes (IVR, Waiting, Hold, Transfer, Disconnected) -> count.
    pub hangup_causes: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Stats {
    pub agents: BTreeMap<String, AgentStats>,
    pub external_destinations: BTreeMap<String, ExternalDestinationStats>,
    pub queues: BTreeMap<String, QueueStats>,
    pub reports: ReportCounters,
}

/// Everything a finished run produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RunResult {
    pub trace: Vec<TraceEvent>,
    pub report: Vec<ReportRow>,
    /// Why the first call stopped (`flow_ended`, `caller_hung_up`, ...), if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub end: Option<String>,
    /// The first call's flow variables at the end (main flow), and its `syskey.*` values.
    pub variables: BTreeMap<String, serde_json::Value>,
    pub syskeys: BTreeMap<String, serde_json::Value>,
    pub stats: Stats,
    /// Component steps executed, over all calls.
    pub steps: u64,
}

impl RunResult {
    /// The trace as text, one event a line (what `callflow run` prints).
    pub fn trace_text(&self) -> String {
        let mut out = String::new();
        for ev in &self.trace {
            out.push_str(&format_event(ev));
            out.push('\n');
        }
        out
    }
}

/// One trace event as a line: `t=5 #0 CONNECT Ana (agent)`.
pub fn format_event(ev: &TraceEvent) -> String {
    let body = match &ev.event {
        TraceKind::Arrive { ani, dnis } => format!("ARRIVE ani={ani} dnis={dnis}"),
        TraceKind::Step { component, kind, flow } => match flow {
            Some(f) => format!("STEP {component} ({kind}) in {f}"),
            None => format!("STEP {component} ({kind})"),
        },
        TraceKind::Exit { component, exit, routed } => match routed {
            Some(r) => format!("EXIT {component}[{exit}] -> {r}"),
            None => format!("EXIT {component}[{exit}]"),
        },
        TraceKind::Play { component, prompt } => format!("PLAY {component}: {prompt}"),
        TraceKind::Set { variable, value } => format!("SET {variable} = {value}"),
        TraceKind::QueueJoin { queue, priority } => format!("QUEUE_JOIN {queue} priority={priority}"),
        TraceKind::QueueLeave { queue, reason } => format!("QUEUE_LEAVE {queue} ({reason})"),
        TraceKind::Ring { party, party_type } => format!("RING {party} ({})", party_type_name(*party_type)),
        TraceKind::StopRinging { party, reason } => format!("STOP_RINGING {party} ({reason})"),
        TraceKind::Connect { party, party_type } => {
            format!("CONNECT {party} ({})", party_type_name(*party_type))
        }
        TraceKind::Hangup(h) => format!(
            "HANGUP {} reason={} closeCallOnError={}{} callType={} voiceCall={} ({})",
            h.party,
            match h.reason {
                HangupReason::Ended => "ended",
                HangupReason::Error => "error",
            },
            h.close_call_on_error,
            h.agent_status.map(|s| format!(" agentStatus={s:?}")).unwrap_or_default(),
            serde_json::to_value(h.call_type)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            h.voice_call,
            h.cause
        ),
        TraceKind::CallerDisconnected { by } => format!("CALLER_DISCONNECTED by {by}"),
        TraceKind::Abandon { queue, cause } => format!("ABANDON {queue} ({cause})"),
        TraceKind::AgentStatus { agent, status, reason } => {
            format!("AGENT_STATUS {agent} -> {} ({reason})", json_name(status))
        }
        TraceKind::Backoff { destination, until } => format!("BACKOFF {destination} until t={until}"),
        TraceKind::CallbackRequest(c) => format!(
            "CALLBACK_REQUEST #{} queue={} number={}{}{} enqueued_at={} priority={}",
            c.id,
            c.queue,
            c.number,
            c.outbound_ani.as_ref().map(|a| format!(" ani={a}")).unwrap_or_default(),
            if c.agent_media.is_empty() {
                String::new()
            } else {
                format!(" media={}", c.agent_media.join(","))
            },
            c.enqueued_at,
            c.priority
        ),
        TraceKind::AgentMedia { media } => format!("AGENT_MEDIA {}", media.join(",")),
        TraceKind::Dial { number, caller_id } => format!("DIAL {number} callerId={caller_id}"),
        TraceKind::RecordStatus(r) => format!(
            "RECORD_STATUS {} {} next={} agentLeft={} customerLeft={} agentAttemptNo={} customerAttemptNo={}",
            r.record,
            json_name(&r.status),
            r.next_attempt_at.map(|n| n.to_string()).unwrap_or_else(|| "-".into()),
            r.agent_left,
            r.customer_left,
            r.agent_attempt_no,
            r.customer_attempt_no
        ),
        TraceKind::Escalation { name, caught_by } => match caught_by {
            Some(c) => format!("ESCALATION {name} caught by {c}"),
            None => format!("ESCALATION {name} (uncaught)"),
        },
        TraceKind::Error { component, message } => format!("ERROR {component}: {message}"),
        TraceKind::Voicemail { component, owner, duration_sec } => {
            format!("VOICEMAIL {component} for {owner} ({duration_sec}s)")
        }
        TraceKind::Ignored { event, reason } => format!("IGNORED {event}: {reason}"),
        TraceKind::Stop { reason } => format!("STOP {reason}"),
    };
    format!("t={:<5} #{} {body}", ev.at, ev.call)
}

fn party_type_name(p: PartyType) -> &'static str {
    match p {
        PartyType::Agent => "agent",
        PartyType::ExternalDestination => "external destination",
        PartyType::Number => "number",
    }
}

fn json_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
