//! The discrete-event simulation (DOMAIN.md §4).
//!
//! A [`Sim`] holds a compiled [`Program`], the environment, a caller script, and its state: the
//! virtual clock, a queue of pending events (script events and timers), the calls with their
//! execution frames, the agents, external destinations and callback requests. [`Sim::advance`]
//! performs one unit of work: it enters one component of one call, or dispatches waiting calls to
//! agents, or processes the next event. [`Sim::run`] advances to the end.
//!
//! The state ([`State`]) is `Clone` and holds no trace: the trace and the report are append-only
//! logs beside it. A debugger snapshot is a clone of the state plus the log lengths, which keeps
//! stepping back cheap (see [`crate::debug`]).
//!
//! Ordering (G9): events are processed by virtual time; at the same time, script events come
//! first, in script order, then timers in the order they were set. Runnable calls are stepped
//! before any event is processed, lowest call number first.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;

use callflow_model::config::{
    AgentSelection, AssignmentDialConfig, CallbackNumber, Combine, DialStrategy, OnNotConnected, SortBy,
    StatusEligibility, ValueSource,
};
use callflow_model::scenario::{AgentStatus, DialerSettings};
use callflow_model::{
    CallEvent, CallSetup, ComponentConfig, ComponentKind, DtmfKey, Environment, FlowType, ScriptEvent,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::compile::{EngineError, ErrorPlan, Graph, NodeCfg, NodeIx, Program, key_index};
use crate::expr::Scope;
use crate::trace::*;

/// Steps one call may take before the loop guard ends it on the error path.
pub const LOOP_GUARD_STEPS: u32 = 10_000;
/// G8: one interaction lasts at most 48 hours.
pub const MAX_INTERACTION_SEC: u64 = 48 * 3600;

/// How a simulation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Options {
    /// Stop with a [`PendingDecision`] where script and environment do not decide an outcome,
    /// instead of letting the default (a time-out) happen.
    pub interactive: bool,
    /// Steps per call before the loop guard trips.
    pub loop_guard: u32,
    /// Record the trace (benchmarks of raw stepping may turn it off).
    pub record_trace: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { interactive: false, loop_guard: LOOP_GUARD_STEPS, record_trace: true }
    }
}

/// A point where the simulation needs someone to decide what happens next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PendingDecision {
    pub at: u64,
    pub call: u32,
    /// What the call is waiting for, in English words (the command line prints it).
    pub waiting: String,
    /// The same as data, for a UI to word in its own language.
    pub waiting_for: WaitingFor,
    pub choices: Vec<Choice>,
}

/// What a call paused at a [`PendingDecision`] waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WaitingFor {
    /// A Menu or a digit collection waits for the caller's key.
    Key { component: String },
    /// The call waits in the queue of an Assignment and dial (or similar) component.
    Queue { component: String },
    /// The caller talks with an agent (`agent`) or an external destination.
    Talk { party: String, agent: bool },
    /// An external number rings (`bridged` false) or is connected.
    External { number: String, bridged: bool },
    /// The caller records a voicemail.
    Voicemail,
    /// The dialer dials the agent's leg (`agent_leg`) or the customer's.
    DialerLeg { agent_leg: bool },
    /// A callback request waits for its outcome.
    Callback,
}

impl WaitingFor {
    /// The wait in English words ([`PendingDecision::waiting`]).
    pub fn english(&self) -> String {
        match self {
            WaitingFor::Key { component } => format!("{component} waits for a key"),
            WaitingFor::Queue { component } => format!("{component} is queued"),
            WaitingFor::Talk { party, .. } => format!("the caller talks with {party}"),
            WaitingFor::External { number, bridged } => {
                format!("{number} is {}", if *bridged { "connected" } else { "ringing" })
            }
            WaitingFor::Voicemail => "the caller records a voicemail".into(),
            WaitingFor::DialerLeg { agent_leg } => {
                format!("the {} leg is being dialled", if *agent_leg { "agent" } else { "customer" })
            }
            WaitingFor::Callback => "a callback request waits".into(),
        }
    }
}

/// One legal way to go on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Choice {
    /// The choice in English words (the command line prints it).
    pub label: String,
    /// The script event this choice adds; `None` lets the pending time-out happen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub event: Option<ScriptEvent>,
    /// Which time-out happens when the choice has no event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub time_out: Option<TimeOut>,
}

/// The time-outs a [`Choice`] without an event lets happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TimeOut {
    /// The caller pressed nothing in time.
    NoInput,
    /// Nobody answered before the queue's maximum waiting time.
    MaxWaitingTime,
    /// The ringing party did not answer in the ring time.
    RingTime,
    /// The external number did not answer in the outdial time.
    OutdialTime,
    /// The voicemail reached its maximum duration.
    MaxDuration,
    /// Nobody took the callback before its maximum waiting time.
    CallbackWaitingTime,
}

impl TimeOut {
    /// The choice's English label.
    pub fn label(self) -> &'static str {
        match self {
            TimeOut::NoInput => "no input (time-out)",
            TimeOut::MaxWaitingTime => "nobody answers until the maximum waiting time",
            TimeOut::RingTime => "no answer (ring time-out)",
            TimeOut::OutdialTime => "no answer (outdial time-out)",
            TimeOut::MaxDuration => "maximum duration reached",
            TimeOut::CallbackWaitingTime => "nobody takes it until the maximum waiting time",
        }
    }

    fn choice(self) -> Choice {
        Choice { label: self.label().into(), event: None, time_out: Some(self) }
    }
}

/// What one [`Sim::advance`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// A component was entered.
    Stepped { call: u32, component: Name },
    /// Waiting calls were offered to agents or destinations.
    Dispatched,
    /// An event or timer was processed.
    Event,
    /// Interactive mode: someone must choose.
    Decision(PendingDecision),
    /// Nothing more will happen.
    Finished,
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Party {
    Agent(usize),
    Ed(usize),
}

#[derive(Debug, Clone)]
pub(crate) struct AgentSt {
    pub id: Name,
    /// What never changes during a run (shared by snapshots).
    pub info: Arc<callflow_model::scenario::Agent>,
    pub status: AgentStatus,
    /// Virtual time the last interaction ended (negative: before the simulation started).
    pub idle_since: i64,
    /// Set while the agent is ringing or talking.
    pub engaged: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct EdSt {
    pub name: Name,
    pub enabled: bool,
    pub max: Option<u32>,
    pub outdial_timeout: u64,
    pub no_answer_backoff: u64,
    pub busy_backoff: u64,
    /// Calls answered plus calls being connected (ED2).
    pub active: u32,
    pub backoff_until: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QKind {
    AssignmentDial,
    DialAgent,
    QueueWithFlow,
    Callback(u32),
}

#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub party: Party,
    pub group_priority: u32,
}

/// A call's (or callback request's) membership of a queue and its ringing state (§4.2).
#[derive(Debug, Clone)]
pub(crate) struct QueueWait {
    pub kind: QKind,
    /// The component that queued, and the frame depth it lives at.
    pub node: NodeIx,
    pub depth: usize,
    pub label: Name,
    pub members: Vec<Member>,
    pub strategy: DialStrategy,
    pub batch: usize,
    pub sort_by: SortBy,
    pub prof_attr: Option<String>,
    pub ring_timeout: u64,
    pub priority: u32,
    pub enqueued_at: u64,
    pub seq: u64,
    pub tried: Vec<bool>,
    pub ringing: Vec<usize>,
    pub ring_gen: u64,
    /// CALLBACK_PENDING: removed from the queue, not offered (§4.8).
    pub paused: bool,
    pub silent: bool,
}

impl QueueWait {
    fn any_tried(&self) -> bool {
        self.tried.iter().any(|t| *t)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub graph: usize,
    pub vars: Vec<Value>,
    /// The `run_module` / `queue_with_flow` component of the parent frame.
    pub parent_node: Option<NodeIx>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Wait {
    Menu {
        node: NodeIx,
        tries: u32,
    },
    Collect {
        node: NodeIx,
        tries: u32,
        digits: String,
    },
    /// Queued in an assignment (the queue itself is `Call::queue`).
    Queued {
        node: NodeIx,
    },
    /// `queue_with_flow` after its queue flow ended: holding in the queue.
    QueueHold {
        node: NodeIx,
    },
    Talking {
        node: NodeIx,
        party: Party,
    },
    External {
        node: NodeIx,
        ed: Option<usize>,
        number: String,
        bridged: bool,
    },
    Voicemail {
        node: NodeIx,
        since: u64,
    },
    AwaitCallback {
        node: NodeIx,
        req: u32,
    },
    DialerLeg {
        node: NodeIx,
        agent_leg: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pos {
    Enter(NodeIx),
    Wait(Wait),
    Done,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cx {
    None,
    Queued,
    CallbackPending,
    CallbackRegistered,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct DialerState {
    pub record: String,
    pub agent_left: u32,
    pub customer_left: u32,
    pub agent_no: u32,
    pub customer_no: u32,
    /// A leg that failed with `reschedule`: true = agent, false = customer.
    pub failed_leg: Option<bool>,
    /// The customer answered: only then can they hang up remotely.
    pub customer_on_line: bool,
    /// The agent leg connected (the attempt's voice call is up).
    pub agent_on_line: bool,
    /// The attempt's one HANGUP (§4.6, callType `outbound`) has been emitted.
    pub hangup_sent: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub ani: Name,
    pub dnis: Name,
    pub frames: Vec<Frame>,
    pub pos: Pos,
    pub caller_connected: bool,
    pub post_call: bool,
    pub steps: u32,
    pub epoch: u64,
    pub syskeys: BTreeMap<String, Value>,
    pub queue: Option<QueueWait>,
    /// The last queue entry (time, priority, label) for callbacks that keep the caller's place.
    pub last_entry: Option<(u64, u32, Name)>,
    pub cx: Cx,
    pub dialer: Option<DialerState>,
    pub handler_ran: bool,
    pub end: Option<String>,
    /// Variables holding a number that Create External Number could not build.
    pub invalid_numbers: Vec<String>,
    pub armed_errors: Vec<Name>,
    /// The last key the caller pressed in a menu (`call.last_key` in expressions).
    pub last_key: Option<char>,
    /// The current conversation is a callback leg (HANGUP callType `callback`).
    pub callback_leg: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CbState {
    Waiting,
    /// An agent accepted; the customer's phone rings.
    Dialing(usize),
    Connected(usize),
    Done,
}

#[derive(Debug, Clone)]
pub(crate) struct CallbackReq {
    pub id: u32,
    pub call: u32,
    /// Talkdesk callbacks: the call's flow waits for the outcome at this component.
    pub flow_waits: bool,
    pub number: String,
    pub ani: Option<String>,
    pub media: Vec<String>,
    pub queue: QueueWait,
    pub state: CbState,
    pub epoch: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallTimer {
    Menu,
    Collect,
    MaxWait,
    Ring(u64),
    Outdial,
    DialerLeg,
    Voicemail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CbTimer {
    MaxWait,
    Expire,
    Ring(u64),
    CustomerRing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ev {
    Script(usize),
    Call {
        call: u32,
        epoch: u64,
        what: CallTimer,
    },
    Cb {
        id: u32,
        epoch: u64,
        what: CbTimer,
    },
    /// The end of a `clock_advance`: the clock reaches it even when nothing else happens.
    Tick,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Pending {
    pub at: u64,
    pub class: u8,
    pub seq: u64,
    pub ev: Ev,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Pending {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.class, self.seq).cmp(&(other.at, other.class, other.seq))
    }
}

/// Everything that changes during a simulation, except the logs. Cloning it is a snapshot.
#[derive(Debug, Clone)]
pub struct State {
    pub(crate) now: u64,
    pub(crate) seq: u64,
    pub(crate) pending: BinaryHeap<Reverse<Pending>>,
    pub(crate) calls: Vec<Call>,
    pub(crate) agents: Vec<AgentSt>,
    pub(crate) eds: Vec<EdSt>,
    pub(crate) callbacks: Vec<CallbackReq>,
    pub(crate) traffic_limit: bool,
    pub(crate) stats: Stats,
    pub(crate) steps: u64,
    /// Events added by interactive choices (after the script's own).
    pub(crate) extra: Vec<ScriptEvent>,
    /// A timer the user chose to let fire (interactive mode).
    pub(crate) allow_timer: Option<u64>,
    /// Component errors injected before a script's opening `call_arrive` brought the first call.
    pub(crate) armed_before_arrival: Vec<Name>,
    pub(crate) finished: bool,
}

/// The append-only output of a simulation.
#[derive(Debug, Clone, Default)]
pub struct Log {
    pub trace: Vec<TraceEvent>,
    pub report: Vec<ReportRow>,
}

/// A simulation of one flow in one environment with one script.
#[derive(Debug, Clone)]
pub struct Sim {
    pub(crate) prog: Arc<Program>,
    pub(crate) env: Arc<Environment>,
    pub(crate) script: Arc<[ScriptEvent]>,
    pub(crate) setup: Arc<CallSetup>,
    pub(crate) opts: Options,
    pub(crate) st: State,
    pub log: Log,
}

struct FrameScope<'a> {
    graph: &'a Graph,
    frame: &'a Frame,
    call: &'a Call,
    call_ix: u32,
    now: u64,
}

impl Scope for FrameScope<'_> {
    fn var(&self, name: &str) -> Option<&Value> {
        self.graph.var_index.get(name).map(|&i| &self.frame.vars[i])
    }
    fn syskeys(&self) -> &BTreeMap<String, Value> {
        &self.call.syskeys
    }
    fn call(&self) -> Value {
        let key = self.call.last_key.map(|k| k.to_string()).unwrap_or_default();
        serde_json::json!({"id": self.call_ix, "ani": &*self.call.ani, "dnis": &*self.call.dnis, "now": self.now, "last_key": key})
    }
}

fn agent_matches(a: &AgentSt, who: &str) -> bool {
    &*a.id == who || a.info.name == who || a.info.email.eq_ignore_ascii_case(who)
}

fn is_e164(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or("");
    (7..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) && !digits.starts_with('0')
}

/// The default dialer settings when the environment has none: the worked example of §4.7.
pub fn default_dialer() -> DialerSettings {
    DialerSettings {
        agent_attempts: 3,
        agent_retry_minutes: 10,
        customer_attempts: 2,
        customer_retry_minutes: 60,
        business_hours: None,
    }
}

impl Sim {
    /// A simulation ready to run. Rejects script events that cannot happen before anything runs.
    pub fn new(
        prog: Arc<Program>,
        env: Arc<Environment>,
        setup: CallSetup,
        script: &[ScriptEvent],
        opts: Options,
    ) -> Result<Sim, EngineError> {
        crate::validate::validate_script(&prog, &env, script)?;
        let mut script: Vec<ScriptEvent> = script.to_vec();
        script.sort_by_key(|e| e.at); // stable: same-time events keep script order
        let agents = env
            .agents
            .iter()
            .map(|a| AgentSt {
                id: a.id.as_str().into(),
                info: Arc::new(a.clone()),
                status: a.status,
                idle_since: -(a.idle_sec as i64),
                engaged: false,
            })
            .collect();
        let eds = env
            .external_destinations
            .iter()
            .map(|e| EdSt {
                name: e.name.as_str().into(),
                enabled: e.enabled,
                max: e.max_simultaneous_calls,
                outdial_timeout: e.outdial_timeout_sec as u64,
                no_answer_backoff: e.no_answer_backoff_sec as u64,
                busy_backoff: e.busy_backoff_sec as u64,
                active: e.active_calls,
                backoff_until: 0,
            })
            .collect();
        let mut sim = Sim {
            prog,
            env,
            script: script.into(),
            setup: Arc::new(setup),
            opts,
            st: State {
                now: 0,
                seq: 0,
                pending: BinaryHeap::new(),
                calls: Vec::new(),
                agents,
                eds,
                callbacks: Vec::new(),
                traffic_limit: false,
                stats: Stats::default(),
                steps: 0,
                extra: Vec::new(),
                allow_timer: None,
                armed_before_arrival: Vec::new(),
                finished: false,
            },
            log: Log::default(),
        };
        for i in 0..sim.script.len() {
            let at = sim.script[i].at;
            let class = event_class(&sim.script[i]);
            sim.push(at, class, Ev::Script(i));
        }
        // A script that opens with `call.arrive` at t=0 (§4.1) brings the first call itself, with
        // its numbers; otherwise the first call arrives at t=0 with the setup's.
        if opening_arrival(sim.script.iter()).is_none() {
            let (ani, dnis) = (sim.setup.ani.clone(), sim.setup.dnis.clone());
            sim.new_call(&ani, &dnis);
        }
        Ok(sim)
    }

    pub fn now(&self) -> u64 {
        self.st.now
    }

    pub fn is_finished(&self) -> bool {
        self.st.finished
    }

    pub fn options(&self) -> Options {
        self.opts
    }

    pub(crate) fn set_interactive(&mut self, on: bool) {
        self.opts.interactive = on;
    }

    /// Runs to the end (non-interactive) and returns the result.
    pub fn run(mut self) -> RunResult {
        self.opts.interactive = false;
        self.log.trace.reserve(64);
        self.log.report.reserve(16);
        while self.advance() != Progress::Finished {}
        let log = std::mem::take(&mut self.log);
        let mut result = self.result_without_logs();
        result.trace = log.trace;
        result.report = log.report;
        result
    }

    /// The result so far.
    pub fn result(&self) -> RunResult {
        let mut result = self.result_without_logs();
        result.trace = self.log.trace.clone();
        result.report = self.log.report.clone();
        result
    }

    fn result_without_logs(&self) -> RunResult {
        let (variables, syskeys) = self.variables_of(0);
        RunResult {
            trace: Vec::new(),
            report: Vec::new(),
            end: self.st.calls.first().and_then(|c| c.end.clone()),
            variables,
            syskeys,
            stats: self.st.stats.clone(),
            steps: self.st.steps,
        }
    }

    /// The main-flow variables and `syskey.*` values of call `call`.
    pub fn variables_of(&self, call: usize) -> (BTreeMap<String, Value>, BTreeMap<String, Value>) {
        let Some(c) = self.st.calls.get(call) else { return Default::default() };
        let g = &self.prog.graphs[0];
        let vars =
            g.vars.iter().enumerate().map(|(i, v)| (v.0.to_string(), c.frames[0].vars[i].clone())).collect();
        (vars, c.syskeys.clone())
    }

    // ---- small helpers ------------------------------------------------------------------------

    fn push(&mut self, at: u64, class: u8, ev: Ev) {
        self.st.seq += 1;
        let seq = self.st.seq;
        self.st.pending.push(Reverse(Pending { at, class, seq, ev }));
    }

    fn timer(&mut self, c: usize, after: u64, what: CallTimer) {
        let epoch = self.st.calls[c].epoch;
        let at = self.st.now + after;
        self.push(at, TIMER, Ev::Call { call: c as u32, epoch, what });
    }

    fn emit(&mut self, call: usize, event: TraceKind) {
        if self.opts.record_trace {
            self.log.trace.push(TraceEvent { at: self.st.now, call: call as u32, event });
        }
    }

    fn graph_of(&self, c: usize) -> &Graph {
        let f = self.st.calls[c].frames.last().map(|f| f.graph).unwrap_or(0);
        &self.prog.graphs[f]
    }

    fn node_id(&self, c: usize, node: NodeIx) -> Name {
        self.graph_of(c).nodes[node as usize].id.clone()
    }

    fn set_wait(&mut self, c: usize, w: Wait) {
        let call = &mut self.st.calls[c];
        call.epoch += 1;
        call.pos = Pos::Wait(w);
    }

    fn new_call(&mut self, ani: &str, dnis: &str) {
        let g = &self.prog.graphs[0];
        let mut vars: Vec<Value> = g.vars.iter().map(|v| v.2.clone()).collect();
        if self.st.calls.is_empty() {
            for (name, value) in &self.setup.variables {
                if let Some(&i) = g.var_index.get(name.as_str()) {
                    vars[i] = value.clone();
                }
            }
            if let Some(rec) = &self.setup.record {
                for (k, v) in &rec.keys {
                    let k = k.trim_start_matches("$flow.key.");
                    if let Some(&i) = g.var_index.get(k) {
                        vars[i] = v.clone();
                    }
                }
            }
        }
        let dialer = (g.flow_type == FlowType::OutboundDialer).then(|| {
            let settings = self.env.dialer.clone().unwrap_or_else(default_dialer);
            let rec = self.setup.record.clone().unwrap_or_default();
            DialerState {
                record: if rec.id.is_empty() { "record".into() } else { rec.id.clone() },
                agent_left: rec.agent_attempts_left.unwrap_or(settings.agent_attempts),
                customer_left: rec.customer_attempts_left.unwrap_or(settings.customer_attempts),
                agent_no: rec.agent_attempt_no,
                customer_no: rec.customer_attempt_no,
                failed_leg: None,
                customer_on_line: false,
                agent_on_line: false,
                hangup_sent: false,
            }
        });
        let mut syskeys = BTreeMap::new();
        if dialer.is_some() {
            syskeys.insert("reschedule_agent_call".to_string(), Value::Bool(false));
            syskeys.insert("reschedule_customer_call".to_string(), Value::Bool(false));
        }
        let entry = g.entry;
        self.st.calls.push(Call {
            ani: ani.into(),
            dnis: dnis.into(),
            frames: vec![Frame { graph: 0, vars, parent_node: None }],
            pos: Pos::Enter(entry),
            caller_connected: true,
            post_call: false,
            steps: 0,
            epoch: 0,
            syskeys,
            queue: None,
            last_entry: None,
            cx: Cx::None,
            dialer,
            handler_ran: false,
            end: None,
            invalid_numbers: Vec::new(),
            armed_errors: if self.st.calls.is_empty() {
                std::mem::take(&mut self.st.armed_before_arrival)
            } else {
                Vec::new()
            },
            last_key: None,
            callback_leg: false,
        });
        let c = self.st.calls.len() - 1;
        self.emit(c, TraceKind::Arrive { ani: ani.into(), dnis: dnis.into() });
    }

    // ---- the main loop ------------------------------------------------------------------------

    /// Does one unit of work; see the module docs.
    pub fn advance(&mut self) -> Progress {
        if self.st.finished {
            return Progress::Finished;
        }
        // Environment events due now take effect before any component runs at this time.
        if let Some(Reverse(top)) = self.st.pending.peek().copied()
            && top.class == 0
            && top.at <= self.st.now
        {
            self.st.pending.pop();
            if let Ev::Script(i) = top.ev {
                let ev = self.script_event(i);
                self.on_script(&ev);
            }
            return Progress::Event;
        }
        if let Some(c) = self.st.calls.iter().position(|c| matches!(c.pos, Pos::Enter(_))) {
            let Pos::Enter(node) = self.st.calls[c].pos else { unreachable!() };
            let component = self.node_id(c, node);
            self.enter(c, node);
            return Progress::Stepped { call: c as u32, component };
        }
        if self.dispatch() {
            return Progress::Dispatched;
        }
        let Some(Reverse(next)) = self.st.pending.peek().copied() else {
            if self.opts.interactive
                && let Some(d) = self.decision(None)
            {
                return Progress::Decision(d);
            }
            self.finish_all("script_exhausted");
            return Progress::Finished;
        };
        if self.is_stale(&next.ev) {
            self.st.pending.pop();
            return Progress::Event;
        }
        if next.at > MAX_INTERACTION_SEC && self.st.calls.iter().any(|c| c.pos != Pos::Done) {
            self.st.now = self.st.now.max(MAX_INTERACTION_SEC);
            self.finish_all("max_interaction_lifetime");
            return Progress::Finished;
        }
        if self.opts.interactive
            && next.class == TIMER
            && self.st.allow_timer != Some(next.seq)
            && let Some(d) = self.decision(Some(next))
        {
            return Progress::Decision(d);
        }
        self.st.pending.pop();
        self.st.allow_timer = None;
        self.st.now = self.st.now.max(next.at);
        match next.ev {
            Ev::Script(i) => {
                let ev = self.script_event(i);
                self.on_script(&ev);
            }
            Ev::Call { call, what, .. } => self.on_call_timer(call as usize, what),
            Ev::Cb { id, what, .. } => self.on_cb_timer(id as usize, what),
            Ev::Tick => {}
        }
        Progress::Event
    }

    fn script_event(&self, i: usize) -> ScriptEvent {
        if i < self.script.len() {
            self.script[i].clone()
        } else {
            self.st.extra[i - self.script.len()].clone()
        }
    }

    pub(crate) fn is_stale(&self, ev: &Ev) -> bool {
        match *ev {
            Ev::Script(_) | Ev::Tick => false,
            Ev::Call { call, epoch, what } => {
                let c = &self.st.calls[call as usize];
                match what {
                    CallTimer::Ring(u64::MAX) => c.queue.is_none(),
                    CallTimer::Ring(rg) => {
                        c.queue.as_ref().is_none_or(|q| q.ring_gen != rg || q.ringing.is_empty())
                    }
                    CallTimer::MaxWait => c.queue.as_ref().is_none_or(|q| q.seq != epoch),
                    _ => c.epoch != epoch || c.pos == Pos::Done,
                }
            }
            Ev::Cb { id, epoch, what } => {
                let cb = &self.st.callbacks[id as usize];
                cb.state == CbState::Done
                    || match what {
                        CbTimer::Ring(rg) => cb.queue.ring_gen != rg || cb.queue.ringing.is_empty(),
                        _ => cb.epoch != epoch,
                    }
            }
        }
    }

    /// Adds an event (an interactive choice) at the current time, and records it.
    pub(crate) fn inject(&mut self, mut ev: ScriptEvent) -> ScriptEvent {
        ev.at = self.st.now;
        // Chosen now: after whatever already happened at this time, unless a time-out is still
        // due at this very time (the choice pre-empts it).
        let timer_due_now = self
            .st
            .pending
            .iter()
            .any(|p| p.0.class == TIMER && p.0.at == self.st.now && !self.is_stale(&p.0.ev));
        ev.after_timeouts = !timer_due_now && event_class(&ev) != 0;
        let i = self.script.len() + self.st.extra.len();
        self.st.extra.push(ev.clone());
        let class = event_class(&ev);
        self.push(ev.at, class, Ev::Script(i));
        ev
    }

    /// Lets the timer that is next fire (the "no one acts" choice).
    pub(crate) fn allow_next_timer(&mut self) {
        if let Some(Reverse(p)) = self.st.pending.peek() {
            self.st.allow_timer = Some(p.seq);
        }
    }

    fn finish_all(&mut self, reason: &str) {
        for c in 0..self.st.calls.len() {
            if self.st.calls[c].pos != Pos::Done {
                self.cleanup_waits(c, "simulation_ended");
                self.stop(c, reason);
            }
        }
        self.st.finished = true;
    }

    fn stop(&mut self, c: usize, reason: &str) {
        let call = &mut self.st.calls[c];
        call.pos = Pos::Done;
        call.epoch += 1;
        call.end = Some(reason.to_string());
        self.emit(c, TraceKind::Stop { reason: Text::Owned(reason.to_string()) });
    }

    // ---- entering components ------------------------------------------------------------------

    fn enter(&mut self, c: usize, node: NodeIx) {
        let prog = self.prog.clone();
        let gi = self.st.calls[c].frames.last().map(|f| f.graph).unwrap_or(0);
        let g = &prog.graphs[gi];
        let n = &g.nodes[node as usize];
        self.st.steps += 1;
        self.st.calls[c].steps += 1;
        // PC5: the contact is gone; stop at the first voice component without executing it.
        if n.voice && !self.st.calls[c].caller_connected {
            self.stop(c, "contact_disconnected_at_voice_component");
            return;
        }
        self.emit(
            c,
            TraceKind::Step { component: n.id.clone(), kind: n.kind, flow: (gi != 0).then(|| g.id.clone()) },
        );
        if self.st.calls[c].steps > self.opts.loop_guard {
            let msg = format!("loop guard: more than {} steps in this call", self.opts.loop_guard);
            self.emit(c, TraceKind::Error { component: n.id.clone(), message: msg });
            self.report(c, n.id.clone(), n.kind, "error".into());
            self.emit(
                c,
                TraceKind::Exit {
                    component: n.id.clone(),
                    exit: "error".into(),
                    routed: Some("end_flow".into()),
                },
            );
            self.end_flow(c, "loop_guard");
            return;
        }
        if let Some(i) = self.st.calls[c].armed_errors.iter().position(|a| *a == n.id) {
            self.st.calls[c].armed_errors.remove(i);
            self.component_error(c, node, "injected component error (system.componentError)".into());
            return;
        }
        if let Err(msg) = self.execute(c, gi, node) {
            self.component_error(c, node, msg);
        }
    }

    fn report(&mut self, c: usize, component: Name, kind: ComponentKind, exit: Name) {
        if self.opts.record_trace {
            self.log.report.push(ReportRow { at: self.st.now, call: c as u32, component, kind, exit });
        }
    }

    /// Runs a component; `Err` is a component failure handled by its error handling.
    fn execute(&mut self, c: usize, gi: usize, node: NodeIx) -> Result<(), String> {
        let prog = self.prog.clone();
        let g = &prog.graphs[gi];
        let n = &g.nodes[node as usize];
        match (&n.cfg, n.kind) {
            (NodeCfg::Conditional(branches), _) => {
                let mut taken = None;
                for (slot, expr) in branches {
                    let scope = self.scope(c, g);
                    if expr.eval_bool(&scope).map_err(|e| format!("condition `{}`: {e}", expr.source()))? {
                        taken = Some(*slot);
                        break;
                    }
                }
                match taken {
                    Some(s) => self.take_slot(c, node, s),
                    None => self.take_exit(c, node, "no_match"),
                }
            }
            (NodeCfg::SetVariable(assignments), _) => {
                for (var, expr) in assignments {
                    let scope = self.scope(c, g);
                    let value = expr
                        .eval(&scope)
                        .map_err(|e| format!("assignment to `{var}`: `{}`: {e}", expr.source()))?;
                    self.assign(c, g, var, value)?;
                }
                self.take_exit(c, node, "next");
            }
            (NodeCfg::Collect(cd, _), _) => {
                self.emit(c, TraceKind::Play { component: n.id.clone(), prompt: n.prompts[0].clone() });
                self.set_wait(c, Wait::Collect { node, tries: 0, digits: String::new() });
                self.timer(c, cd.first_digit_timeout_sec as u64, CallTimer::Collect);
            }
            (NodeCfg::Plain(cfg), kind) => self.execute_plain(c, gi, node, kind, cfg)?,
        }
        Ok(())
    }

    fn scope<'a>(&'a self, c: usize, g: &'a Graph) -> FrameScope<'a> {
        let call = &self.st.calls[c];
        FrameScope {
            graph: g,
            frame: call.frames.last().expect("a call has a frame"),
            call,
            call_ix: c as u32,
            now: self.st.now,
        }
    }

    fn assign(&mut self, c: usize, g: &Graph, var: &str, value: Value) -> Result<(), String> {
        if let Some(key) = var.strip_prefix("syskey.") {
            if matches!(key, "reschedule_agent_call" | "reschedule_customer_call") && !value.is_boolean() {
                return Err(format!("Reference parse error: `{var}` is a boolean, got {value}"));
            }
            self.st.calls[c].syskeys.insert(key.to_string(), value.clone());
        } else {
            let &i = g.var_index.get(var).ok_or_else(|| format!("variable `{var}` is not declared"))?;
            let ty = g.vars[i].1;
            if !ty.accepts(&value) {
                return Err(format!("Reference parse error: `{var}` is a {ty:?} variable, got {value}")
                    .to_lowercase());
            }
            if value.to_string().len() > 65_536 {
                return Err(format!("output over 65 KB for `{var}`"));
            }
            let frame = self.st.calls[c].frames.last_mut().expect("frame");
            frame.vars[i] = value.clone();
            self.st.calls[c].invalid_numbers.retain(|v| v != var);
        }
        self.emit(c, TraceKind::Set { variable: var.into(), value });
        Ok(())
    }

    fn var_value(&self, c: usize, name: &str) -> Option<Value> {
        let g = self.graph_of(c);
        if let Some(k) = name.strip_prefix("syskey.") {
            return self.st.calls[c].syskeys.get(k).cloned();
        }
        g.var_index.get(name).map(|&i| self.st.calls[c].frames.last().expect("frame").vars[i].clone())
    }

    fn source_value(&self, c: usize, src: &ValueSource) -> Result<String, String> {
        match src {
            ValueSource::Literal(s) => Ok(s.clone()),
            ValueSource::Variable(v) => match self.var_value(c, v) {
                Some(Value::String(s)) => Ok(s),
                Some(Value::Number(n)) => Ok(n.to_string()),
                Some(Value::Null) => Err(format!("variable `{v}` is unset")),
                Some(other) => Err(format!("variable `{v}` holds {other}, not a string")),
                None => Err(format!("variable `{v}` is not declared")),
            },
        }
    }

    fn execute_plain(
        &mut self,
        c: usize,
        gi: usize,
        node: NodeIx,
        kind: ComponentKind,
        cfg: &ComponentConfig,
    ) -> Result<(), String> {
        let prog = self.prog.clone();
        let g = &prog.graphs[gi];
        let n = &g.nodes[node as usize];
        match cfg {
            ComponentConfig::Start(_)
            | ComponentConfig::BeginModule(_)
            | ComponentConfig::OnRemoteHangup(_)
            | ComponentConfig::OnFlowComplete(_)
            | ComponentConfig::FlowErrorCatch(_) => self.take_exit(c, node, "next"),
            // G7 [CX]: Exit inside a reusable flow returns to the main flow (the in-queue
            // treatment ends and the caller holds in the queue); at top level, and in a Talkdesk
            // module [TD], it ends the whole flow.
            ComponentConfig::EndFlow(_) if self.in_queue_flow(c) => self.return_from_module(c, None),
            ComponentConfig::EndFlow(_) => self.end_flow(c, "flow_ended"),
            ComponentConfig::HangUp(_) => {
                if self.st.calls[c].caller_connected {
                    self.disconnect_caller(c, "flow");
                }
                self.end_flow(c, "hung_up");
            }
            ComponentConfig::PlayMessage(_) => {
                self.emit(c, TraceKind::Play { component: n.id.clone(), prompt: n.prompts[0].clone() });
                self.take_exit(c, node, "next");
            }
            ComponentConfig::Menu(m) => {
                self.emit(c, TraceKind::Play { component: n.id.clone(), prompt: n.prompts[0].clone() });
                self.set_wait(c, Wait::Menu { node, tries: 0 });
                self.timer(c, m.timeout_sec as u64, CallTimer::Menu);
            }
            ComponentConfig::BusinessHours(b) => {
                let at = match &b.evaluate_at {
                    Some(v) => match self.var_value(c, v) {
                        Some(Value::String(s)) => Some(s),
                        other => {
                            return Err(format!(
                                "evaluate_at variable `{v}` holds {other:?}, not a datetime"
                            ));
                        }
                    },
                    None => None,
                };
                let exit = crate::schedule::evaluate(
                    &b.schedule,
                    self.setup.start_time.as_deref().or(self.env.start_time.as_deref()),
                    self.st.now,
                    at.as_deref(),
                )?;
                self.take_exit(c, node, exit);
            }
            ComponentConfig::RunModule(m) => {
                let sub = n.subflow.ok_or_else(|| format!("module `{}` is not loaded", m.module))?;
                let sg = &prog.graphs[sub];
                let mut vars: Vec<Value> = sg.vars.iter().map(|v| v.2.clone()).collect();
                for (arg, var) in &m.input_args {
                    if let (Some(&i), Some(v)) = (sg.var_index.get(arg.as_str()), self.var_value(c, var)) {
                        vars[i] = v;
                    }
                }
                let entry = sg.entry;
                self.st.calls[c].frames.push(Frame { graph: sub, vars, parent_node: Some(node) });
                self.st.calls[c].pos = Pos::Enter(entry);
            }
            ComponentConfig::ReturnToFlow(r) => self.return_from_module(c, Some(r.exit.clone())),
            ComponentConfig::AssignmentDial(ad) => {
                self.enter_assignment(c, node, ad, QKind::AssignmentDial)?
            }
            ComponentConfig::DialAgent(da) => {
                let who = self.source_value(c, &da.agent)?;
                let Some(a) = self.st.agents.iter().position(|a| agent_matches(a, &who)) else {
                    self.take_exit(c, node, "no_match");
                    return Ok(());
                };
                if self.st.agents[a].status != AgentStatus::Available || self.st.agents[a].engaged {
                    self.take_exit(c, node, "no_answer");
                    return Ok(());
                }
                let q = self.new_queue(
                    QKind::DialAgent,
                    node,
                    c,
                    vec![Member { party: Party::Agent(a), group_priority: 0 }],
                    who.as_str().into(),
                );
                let q = QueueWait {
                    strategy: DialStrategy::SingleAttempt,
                    ring_timeout: da.ring_timeout_sec as u64,
                    silent: true,
                    ..q
                };
                self.st.calls[c].queue = Some(q);
                self.set_wait(c, Wait::Queued { node });
            }
            ComponentConfig::Callback(cb) => {
                let (members, label) = self.candidates(c, &cb.assignment)?;
                if self.st.traffic_limit {
                    self.queue_size_limit(c, node, label);
                    return Ok(());
                }
                if members.is_empty() {
                    self.take_exit(c, node, "no_match");
                    return Ok(());
                }
                let number = match &cb.callback_number {
                    CallbackNumber::Original => self.st.calls[c].ani.to_string(),
                    CallbackNumber::OriginalWithExtension { extension } => {
                        format!("{},{extension}", self.st.calls[c].ani)
                    }
                    CallbackNumber::Variable { variable } => {
                        self.source_value(c, &ValueSource::Variable(variable.clone()))?
                    }
                };
                let (enqueued_at, priority) = match &self.st.calls[c].last_entry {
                    Some((t, p, _)) => (*t, *p),
                    None => (self.st.now, cb.assignment.priority),
                };
                let mut q = self.new_queue(QKind::Callback(0), node, c, members, label);
                q.enqueued_at = enqueued_at;
                q.priority = priority;
                q.ring_timeout = cb.assignment.ring_timeout_sec as u64;
                q.batch = cb.assignment.agents_to_ring.clamp(1, 10) as usize;
                let id = self.create_callback(
                    c,
                    true,
                    number,
                    None,
                    Vec::new(),
                    q,
                    cb.assignment.max_waiting_time_sec as u64,
                );
                self.emit(c, TraceKind::Play { component: n.id.clone(), prompt: n.prompts[0].clone() });
                self.disconnect_caller(c, "flow");
                self.set_wait(c, Wait::AwaitCallback { node, req: id });
            }
            ComponentConfig::RequestDirectCallback(rd) => {
                let number = self.source_value(c, &rd.number).unwrap_or_default();
                if !is_e164(&number) {
                    self.take_exit(c, node, "invalid_caller_id");
                    return Ok(());
                }
                let caller_id = self.source_value(c, &rd.outbound_caller_id).unwrap_or_default();
                if !is_e164(&caller_id) {
                    self.take_exit(c, node, "invalid_outbound_caller_id");
                    return Ok(());
                }
                let (members, label) = self.candidates(c, &rd.assignment)?;
                if members.is_empty() {
                    self.take_exit(c, node, "no_match");
                    return Ok(());
                }
                let number = match &rd.extension {
                    Some(ext) => format!("{number},{ext}"),
                    None => number,
                };
                let mut q = self.new_queue(QKind::Callback(0), node, c, members, label);
                q.priority = rd.assignment.priority;
                q.ring_timeout = rd.assignment.ring_timeout_sec as u64;
                let id = self.create_callback(
                    c,
                    true,
                    number,
                    Some(caller_id),
                    Vec::new(),
                    q,
                    rd.assignment.max_waiting_time_sec as u64,
                );
                if self.st.calls[c].caller_connected {
                    self.disconnect_caller(c, "flow");
                }
                self.set_wait(c, Wait::AwaitCallback { node, req: id });
            }
            ComponentConfig::Voicemail(v) => {
                self.emit(c, TraceKind::Play { component: n.id.clone(), prompt: n.prompts[0].clone() });
                let now = self.st.now;
                self.set_wait(c, Wait::Voicemail { node, since: now });
                self.timer(c, v.max_duration_sec as u64, CallTimer::Voicemail);
            }
            ComponentConfig::ForwardExternal(f) => {
                let number = self.source_value(c, &f.phone_number)?;
                let invalid = matches!(&f.phone_number, ValueSource::Variable(v) if self.st.calls[c].invalid_numbers.contains(v));
                if invalid || !is_e164(&number) {
                    self.emit(
                        c,
                        TraceKind::Ignored {
                            event: format!("dial {number}"),
                            reason: "not a dialable E.164 number".into(),
                        },
                    );
                    self.take_exit(c, node, "failed");
                    return Ok(());
                }
                let caller_id = match &f.caller_id {
                    callflow_model::config::CallerId::Original => self.st.calls[c].ani.to_string(),
                    callflow_model::config::CallerId::Number { number } => number.clone(),
                };
                self.emit(c, TraceKind::Dial { number: number.clone(), caller_id });
                self.emit(
                    c,
                    TraceKind::Ring { party: number.as_str().into(), party_type: PartyType::Number },
                );
                self.set_wait(c, Wait::External { node, ed: None, number, bridged: false });
                self.timer(c, f.ring_timeout_sec as u64, CallTimer::Outdial);
            }
            ComponentConfig::RouteToExternalDestination(r) => {
                let Some(e) = self.st.eds.iter().position(|e| *e.name == *r.external_destination) else {
                    return Err(format!(
                        "external destination `{}` is not configured",
                        r.external_destination
                    ));
                };
                let ed = &self.st.eds[e];
                if !ed.enabled {
                    return Err(format!("external destination `{}` is disabled", ed.name));
                }
                let name = ed.name.clone();
                if ed.max.is_some_and(|m| ed.active >= m) {
                    self.ed_stats(&name).limit_reached += 1;
                    self.take_exit(c, node, "limit_reached");
                    return Ok(());
                }
                if ed.backoff_until > self.st.now {
                    self.emit(
                        c,
                        TraceKind::Ignored {
                            event: format!("outdial {name}"),
                            reason: format!("backing off until t={}", ed.backoff_until),
                        },
                    );
                    self.take_exit(c, node, "busy");
                    return Ok(());
                }
                let timeout = ed.outdial_timeout;
                self.st.eds[e].active += 1;
                self.ed_stats(&name).offered += 1;
                self.emit(
                    c,
                    TraceKind::Ring { party: name.clone(), party_type: PartyType::ExternalDestination },
                );
                self.set_wait(
                    c,
                    Wait::External { node, ed: Some(e), number: name.to_string(), bridged: false },
                );
                self.timer(c, timeout, CallTimer::Outdial);
            }
            ComponentConfig::CreateExternalNumber(x) => {
                let service: String =
                    self.st.calls[c].dnis.chars().filter(|ch| ch.is_ascii_digit()).collect();
                let prefix = x.prefix_number.trim_start_matches('+');
                let built = if let Some(n) = x.service_number_digits {
                    let n = (n as usize).min(service.len());
                    Some(format!("+{prefix}{}", &service[service.len() - n..]))
                } else if let Some(p) = &x.service_number_prefix_match {
                    let p = p.trim_start_matches('+');
                    service.strip_prefix(p).map(|rest| format!("+{prefix}{rest}"))
                } else {
                    None
                };
                let g2 = &prog.graphs[gi];
                match built {
                    Some(number) => self.assign(c, g2, &x.output_variable, Value::String(number))?,
                    None => {
                        // [HC] the downstream route exits Failed and the raw service number is returned.
                        self.assign(
                            c,
                            g2,
                            &x.output_variable,
                            Value::String(self.st.calls[c].dnis.to_string()),
                        )?;
                        self.st.calls[c].invalid_numbers.push(x.output_variable.clone());
                    }
                }
                self.take_exit(c, node, "next");
            }
            ComponentConfig::AgentConnect(a) => {
                let d = self.st.calls[c]
                    .dialer
                    .as_mut()
                    .ok_or("agent connect runs only in outbound dialer flows")?;
                d.agent_no += 1;
                self.emit(
                    c,
                    TraceKind::Ring { party: a.agent_group.as_str().into(), party_type: PartyType::Agent },
                );
                self.set_wait(c, Wait::DialerLeg { node, agent_leg: true });
                self.timer(c, a.ring_timeout_sec as u64, CallTimer::DialerLeg);
            }
            ComponentConfig::MakeCall(m) => {
                let d =
                    self.st.calls[c].dialer.as_mut().ok_or("make call runs only in outbound dialer flows")?;
                d.customer_no += 1;
                let number = match m.numbers.first() {
                    Some(src) => self.source_value(c, src)?,
                    None => self
                        .setup
                        .record
                        .as_ref()
                        .and_then(|r| r.contact_numbers.first().cloned())
                        .unwrap_or_default(),
                };
                self.emit(c, TraceKind::Dial { number: number.clone(), caller_id: m.caller_id.clone() });
                self.emit(
                    c,
                    TraceKind::Ring { party: number.as_str().into(), party_type: PartyType::Number },
                );
                self.set_wait(c, Wait::DialerLeg { node, agent_leg: false });
                self.timer(c, m.ring_timeout_sec as u64, CallTimer::DialerLeg);
            }
            ComponentConfig::QueueWithFlow(q) => {
                if self.st.traffic_limit {
                    self.queue_size_limit(c, node, q.queue.as_str().into());
                    return Ok(());
                }
                let sub = n.subflow.ok_or_else(|| format!("queue flow `{}` is not loaded", q.queue_flow))?;
                let members = self.queue_members(&q.queue);
                let mut qw = self.new_queue(QKind::QueueWithFlow, node, c, members, q.queue.as_str().into());
                qw.priority = q.priority;
                self.join_queue(c, qw, q.max_waiting_time_sec as u64);
                self.st.calls[c].cx = Cx::Queued;
                let sg = &prog.graphs[sub];
                let vars = sg.vars.iter().map(|v| v.2.clone()).collect();
                let entry = sg.entry;
                self.st.calls[c].frames.push(Frame { graph: sub, vars, parent_node: Some(node) });
                self.st.calls[c].pos = Pos::Enter(entry);
            }
            ComponentConfig::StartCallback(_) => {
                let call = &mut self.st.calls[c];
                call.cx = Cx::CallbackPending;
                let left = match call.queue.as_mut() {
                    Some(q) if q.kind == QKind::QueueWithFlow && !q.paused => {
                        q.paused = true;
                        Some(q.label.clone())
                    }
                    _ => None,
                };
                if let Some(label) = left {
                    self.withdraw_offers(c, "start_callback");
                    self.emit(c, TraceKind::QueueLeave { queue: label, reason: "start_callback".into() });
                }
                self.take_exit(c, node, "next");
            }
            ComponentConfig::DeclineCallback(_) => {
                let call = &mut self.st.calls[c];
                if call.cx == Cx::CallbackPending {
                    call.cx = Cx::Queued;
                    if let Some(q) = call.queue.as_mut().filter(|q| q.paused) {
                        q.paused = false;
                        let (label, priority) = (q.label.clone(), q.priority);
                        self.emit(c, TraceKind::QueueJoin { queue: label, priority });
                    } else {
                        call.cx = Cx::None;
                    }
                }
                self.take_exit(c, node, "next");
            }
            ComponentConfig::RegisterCallback(r) => {
                let number = self.source_value(c, &r.callback_number)?;
                let members = self.queue_members(&r.queue);
                // AB4: the request keeps the original queue entry time (preservePosition = true).
                let (enqueued_at, priority) = match (&self.st.calls[c].queue, &self.st.calls[c].last_entry) {
                    (Some(q), _) => (q.enqueued_at, q.priority),
                    (None, Some((t, p, _))) => (*t, *p),
                    (None, None) => (self.st.now, 5),
                };
                let mut q = self.new_queue(QKind::Callback(0), node, c, members, r.queue.as_str().into());
                q.enqueued_at = enqueued_at;
                q.priority = priority;
                let expire = self.env.expire_callback_after_hours.unwrap_or(72) as u64 * 3600;
                self.create_callback(
                    c,
                    false,
                    number,
                    Some(r.outbound_ani.clone()),
                    r.agent_media.clone(),
                    q,
                    expire,
                );
                let call = &mut self.st.calls[c];
                call.cx = Cx::CallbackRegistered;
                if let Some(q) = call.queue.take() {
                    call.last_entry = Some((q.enqueued_at, q.priority, q.label.clone()));
                    if !q.paused {
                        self.emit(
                            c,
                            TraceKind::QueueLeave {
                                queue: q.label.clone(),
                                reason: "callback_registered".into(),
                            },
                        );
                    }
                    self.queue_stats(&q.label).callbacks_registered += 1;
                    // The membership ends; keep the owner component for the flow's return.
                    self.st.calls[c].queue = Some(QueueWait { paused: true, members: Vec::new(), ..q });
                }
                self.take_exit(c, node, "next");
            }
            ComponentConfig::FlowErrorThrow(e) => self.throw(c, &e.escalation),
            ComponentConfig::Conditional(_)
            | ComponentConfig::SetVariable(_)
            | ComponentConfig::CollectDigits(_) => {
                unreachable!("compiled separately")
            }
        }
        let _ = kind;
        Ok(())
    }

    // ---- exits, ends, modules -----------------------------------------------------------------

    fn take_exit(&mut self, c: usize, node: NodeIx, exit: &str) {
        let slot = self.graph_of(c).nodes[node as usize].slot(exit);
        match slot {
            Some(s) => self.take_slot(c, node, s),
            None => {
                let g = self.graph_of(c);
                let n = &g.nodes[node as usize];
                let (id, kind) = (n.id.clone(), n.kind);
                self.emit(c, TraceKind::Exit { component: id.clone(), exit: exit.into(), routed: None });
                self.report(c, id, kind, exit.into());
                self.unconnected(c);
            }
        }
    }

    fn take_slot(&mut self, c: usize, node: NodeIx, slot: usize) {
        let prog = self.prog.clone();
        let g = self.graph_of_ix(c);
        let n = &prog.graphs[g].nodes[node as usize];
        let e = &n.exits[slot];
        self.emit(c, TraceKind::Exit { component: n.id.clone(), exit: e.name.clone(), routed: None });
        self.report(c, n.id.clone(), n.kind, e.name.clone());
        let target = e.target.or_else(|| e.fallback.and_then(|f| n.exits[f].target));
        match target {
            Some(t) => self.st.calls[c].pos = Pos::Enter(t),
            None => self.unconnected(c),
        }
    }

    fn graph_of_ix(&self, c: usize) -> usize {
        self.st.calls[c].frames.last().map(|f| f.graph).unwrap_or(0)
    }

    /// G3 / G7: an unconnected exit ends the flow (in a module it behaves as End flow). In a
    /// reusable queue flow it ends the in-queue treatment.
    fn unconnected(&mut self, c: usize) {
        if self.in_queue_flow(c) {
            self.return_from_module(c, None);
        } else {
            self.end_flow(c, "unconnected_exit");
        }
    }

    fn in_queue_flow(&self, c: usize) -> bool {
        let call = &self.st.calls[c];
        let depth = call.frames.len();
        depth > 1 && {
            let parent = &call.frames[depth - 2];
            let pn = call.frames[depth - 1].parent_node.unwrap_or(0);
            self.prog.graphs[parent.graph].nodes[pn as usize].kind == ComponentKind::QueueWithFlow
        }
    }

    fn return_from_module(&mut self, c: usize, exit: Option<String>) {
        let prog = self.prog.clone();
        let call = &mut self.st.calls[c];
        if call.frames.len() < 2 {
            // `return_to_flow` in a flow run on its own: nothing to return to.
            self.end_flow(c, "flow_ended");
            return;
        }
        let queue_flow = self.in_queue_flow(c);
        let call = &mut self.st.calls[c];
        let frame = call.frames.pop().expect("checked");
        let parent_node = frame.parent_node.expect("sub-flow frames have a parent");
        let pg = &prog.graphs[call.frames.last().expect("parent").graph];
        let pn = &pg.nodes[parent_node as usize];
        if queue_flow {
            // The in-queue treatment is over.
            if call.cx == Cx::CallbackRegistered {
                call.queue = None;
                self.take_exit(c, parent_node, "callback_registered");
            } else {
                self.set_wait(c, Wait::QueueHold { node: parent_node });
            }
            return;
        }
        if let Some(ComponentConfig::RunModule(m)) = pn.config() {
            let sg = &prog.graphs[frame.graph];
            for (output, var) in &m.outputs {
                if let (Some(&i), Some(&j)) =
                    (sg.var_index.get(output.as_str()), pg.var_index.get(var.as_str()))
                {
                    let v = frame.vars[i].clone();
                    self.st.calls[c].frames.last_mut().expect("parent").vars[j] = v.clone();
                    self.emit(c, TraceKind::Set { variable: var.as_str().into(), value: v });
                }
            }
        }
        match exit {
            Some(e) => self.take_exit(c, parent_node, &e),
            None => self.end_flow(c, "unconnected_exit"),
        }
    }

    fn disconnect_caller(&mut self, c: usize, by: &'static str) {
        if self.st.calls[c].caller_connected {
            self.st.calls[c].caller_connected = false;
            self.emit(c, TraceKind::CallerDisconnected { by: by.into() });
        }
    }

    /// Ends the call's flow: hangs the caller up, runs `on_flow_complete`, settles the dialer
    /// record, and stops.
    fn end_flow(&mut self, c: usize, reason: &str) {
        self.cleanup_waits(c, "flow_ended");
        if self.st.calls[c].dialer.as_ref().is_some_and(|d| d.agent_on_line) {
            self.dialer_hangup(c, HangupReason::Ended, None, "flow_ended");
        }
        if self.st.calls[c].caller_connected {
            self.disconnect_caller(c, "flow");
        }
        let g = &self.prog.graphs[0];
        if g.flow_type == FlowType::OutboundDialer
            && !self.st.calls[c].handler_ran
            && let Some(h) = g.on_flow_complete
        {
            let call = &mut self.st.calls[c];
            call.handler_ran = true;
            call.frames.truncate(1);
            call.pos = Pos::Enter(h);
            call.end = Some(reason.to_string());
            return;
        }
        self.settle_record(c);
        let reason = self.st.calls[c]
            .end
            .clone()
            .filter(|_| self.st.calls[c].handler_ran)
            .unwrap_or_else(|| reason.to_string());
        self.stop(c, &reason);
    }

    /// The one HANGUP of an outbound dialer attempt (§4.6, `callType = outbound`): emitted when
    /// a leg is not connected (agent missed it: `MissedCallAgent`; customer did not pick up:
    /// `MissedCallStatus`), when it fails on a component error, or when the connected call ends.
    /// The party is the agent leg's group, since the dialer, not an agent offer, placed the call.
    fn dialer_hangup(
        &mut self,
        c: usize,
        reason: HangupReason,
        status: Option<HangupAgentStatus>,
        cause: &'static str,
    ) {
        let Some(d) = self.st.calls[c].dialer.as_mut() else { return };
        if d.hangup_sent {
            return;
        }
        d.hangup_sent = true;
        let party: Name = self
            .prog
            .graphs
            .iter()
            .flat_map(|g| g.nodes.iter())
            .find_map(|n| match n.config() {
                Some(ComponentConfig::AgentConnect(a)) => Some(a.agent_group.as_str().into()),
                _ => None,
            })
            .unwrap_or_else(|| "agent".into());
        let voice_call = if reason == HangupReason::Ended { "completed" } else { "new" };
        self.emit(
            c,
            TraceKind::Hangup(Box::new(Hangup {
                party,
                call_type: CallType::Outbound,
                reason,
                close_call_on_error: false,
                agent_status: status,
                voice_call: voice_call.into(),
                cause: cause.into(),
            })),
        );
    }

    /// §4.7: the record's status at the end of the attempt.
    fn settle_record(&mut self, c: usize) {
        let Some(mut d) = self.st.calls[c].dialer.clone() else { return };
        let s = self.env.dialer.clone().unwrap_or_else(default_dialer);
        let sys = |k: &str| self.st.calls[c].syskeys.get(k) == Some(&Value::Bool(true));
        let agent_branch =
            d.failed_leg == Some(true) || (d.failed_leg.is_none() && sys("reschedule_agent_call"));
        let customer_branch = d.failed_leg == Some(false)
            || (d.failed_leg.is_none() && !agent_branch && sys("reschedule_customer_call"));
        let now = self.st.now;
        let (status, next) = if agent_branch {
            d.agent_left = d.agent_left.saturating_sub(1);
            if d.agent_left == 0 {
                (DialerStatus::AgentFailed, None)
            } else {
                (DialerStatus::AgentRescheduled, Some(now + s.agent_retry_minutes as u64 * 60))
            }
        } else if customer_branch {
            d.customer_left = d.customer_left.saturating_sub(1);
            if d.customer_left == 0 {
                (DialerStatus::CustomerFailed, None)
            } else {
                (DialerStatus::CustomerRescheduled, Some(now + s.customer_retry_minutes as u64 * 60))
            }
        } else {
            (DialerStatus::Completed, None)
        };
        self.emit(
            c,
            TraceKind::RecordStatus(Box::new(RecordStatus {
                record: d.record.clone(),
                status,
                next_attempt_at: next,
                agent_left: d.agent_left,
                customer_left: d.customer_left,
                agent_attempt_no: d.agent_no,
                customer_attempt_no: d.customer_no,
            })),
        );
        self.st.calls[c].dialer = Some(d);
    }

    /// Leaves any queue, withdraws offers and drops external legs of a call that moves on.
    fn cleanup_waits(&mut self, c: usize, reason: &'static str) {
        self.withdraw_offers(c, reason);
        if let Some(q) = self.st.calls[c].queue.take() {
            if !q.paused && !q.silent {
                self.emit(c, TraceKind::QueueLeave { queue: q.label.clone(), reason: reason.into() });
            }
            self.st.calls[c].last_entry = Some((q.enqueued_at, q.priority, q.label));
        }
        match self.st.calls[c].pos.clone() {
            Pos::Wait(Wait::External { ed: Some(e), .. }) => {
                self.st.eds[e].active = self.st.eds[e].active.saturating_sub(1);
            }
            Pos::Wait(Wait::Talking { party, .. }) => self.release(party),
            _ => {}
        }
        self.st.calls[c].epoch += 1;
    }

    fn release(&mut self, party: Party) {
        match party {
            Party::Agent(a) => {
                let ag = &mut self.st.agents[a];
                ag.engaged = false;
                if ag.status == AgentStatus::Busy {
                    ag.status = AgentStatus::Available;
                }
                ag.idle_since = self.st.now as i64;
            }
            Party::Ed(e) => self.st.eds[e].active = self.st.eds[e].active.saturating_sub(1),
        }
    }

    // ---- errors and escalations ---------------------------------------------------------------

    fn component_error(&mut self, c: usize, node: NodeIx, message: String) {
        let prog = self.prog.clone();
        let gi = self.graph_of_ix(c);
        let n = &prog.graphs[gi].nodes[node as usize];
        // The failure comes first; leaving the queue and withdrawing offers follow from it.
        self.emit(c, TraceKind::Error { component: n.id.clone(), message });
        self.dialer_leg_error(c, node);
        self.cleanup_waits(c, "error");
        self.report(c, n.id.clone(), n.kind, "error".into());
        let routed = |s: &str| Some(s.to_string());
        match &n.error {
            ErrorPlan::EndFlow => {
                self.emit(
                    c,
                    TraceKind::Exit {
                        component: n.id.clone(),
                        exit: "error".into(),
                        routed: routed("end_flow"),
                    },
                );
                self.end_flow(c, "flow_ended_on_error");
            }
            ErrorPlan::Exit(s) => {
                let e = &n.exits[*s];
                let target = e.target.or_else(|| e.fallback.and_then(|f| n.exits[f].target));
                self.emit(
                    c,
                    TraceKind::Exit {
                        component: n.id.clone(),
                        exit: "error".into(),
                        routed: Some(format!("follow exit {}", e.name)),
                    },
                );
                match target {
                    Some(t) => self.st.calls[c].pos = Pos::Enter(t),
                    None => self.end_flow(c, "flow_ended_on_error"),
                }
            }
            ErrorPlan::Target(t) => {
                let id = prog.graphs[gi].nodes[*t as usize].id.clone();
                self.emit(
                    c,
                    TraceKind::Exit {
                        component: n.id.clone(),
                        exit: "error".into(),
                        routed: Some(format!("custom exit {id}")),
                    },
                );
                self.st.calls[c].pos = Pos::Enter(*t);
            }
            ErrorPlan::PlayErrorThenHangUp => {
                self.emit(
                    c,
                    TraceKind::Exit {
                        component: n.id.clone(),
                        exit: "error".into(),
                        routed: routed("error message, hang up"),
                    },
                );
                if let Some(ComponentConfig::Callback(_)) = n.config()
                    && self.st.calls[c].caller_connected
                {
                    self.emit(c, TraceKind::Play { component: n.id.clone(), prompt: n.prompts[1].clone() });
                }
                self.disconnect_caller(c, "flow");
                self.end_flow(c, "flow_ended_on_error");
            }
        }
    }

    /// A component error in `agent_connect` / `make_call` means that leg was not connected
    /// (§4.7 counts attempts by whether each leg connected). The leg counts as dialled even when
    /// the error struck on entry, and with `reschedule` the record takes that leg's failure
    /// branch when the flow ends, whatever route the error handling then takes [A]. With
    /// `continue` the flow decides, as for any leg that did not connect.
    fn dialer_leg_error(&mut self, c: usize, node: NodeIx) {
        let (agent_leg, on) = match self.graph_of(c).nodes[node as usize].config() {
            Some(ComponentConfig::AgentConnect(a)) => (true, a.on_not_connected),
            Some(ComponentConfig::MakeCall(m)) => (false, m.on_not_connected),
            _ => return,
        };
        let dialling =
            matches!(self.st.calls[c].pos, Pos::Wait(Wait::DialerLeg { node: n, .. }) if n == node);
        let Some(d) = self.st.calls[c].dialer.as_mut() else { return };
        if !dialling {
            if agent_leg {
                d.agent_no += 1;
            } else {
                d.customer_no += 1;
            }
        }
        if on == OnNotConnected::Reschedule && d.failed_leg.is_none() {
            d.failed_leg = Some(agent_leg);
        }
        self.dialer_hangup(c, HangupReason::Error, None, "component_error");
    }

    /// CxEngage escalation: caught by a `flow_error_catch` in this flow or an enclosing one.
    fn throw(&mut self, c: usize, name: &str) {
        let prog = self.prog.clone();
        let depth = self.st.calls[c].frames.len();
        for d in (0..depth).rev() {
            let g = &prog.graphs[self.st.calls[c].frames[d].graph];
            if let Some((_, h)) = g.catches.iter().find(|(n, _)| n.is_empty() || n == name) {
                let id = g.nodes[*h as usize].id.clone();
                self.emit(c, TraceKind::Escalation { name: name.into(), caught_by: Some(id.to_string()) });
                self.st.calls[c].frames.truncate(d + 1);
                self.st.calls[c].pos = Pos::Enter(*h);
                return;
            }
        }
        self.emit(c, TraceKind::Escalation { name: name.into(), caught_by: None });
        if self.in_queue_flow(c) {
            self.return_from_module(c, None);
        } else {
            self.end_flow(c, "uncaught_escalation");
        }
    }

    // ---- queues and agents --------------------------------------------------------------------

    fn new_queue(
        &mut self,
        kind: QKind,
        node: NodeIx,
        c: usize,
        members: Vec<Member>,
        label: Name,
    ) -> QueueWait {
        self.st.seq += 1;
        let n = members.len();
        QueueWait {
            kind,
            node,
            depth: self.st.calls[c].frames.len() - 1,
            label,
            members,
            strategy: DialStrategy::Exhaust,
            batch: 1,
            sort_by: SortBy::IdleTime,
            prof_attr: None,
            ring_timeout: 30,
            priority: 5,
            enqueued_at: self.st.now,
            seq: self.st.seq,
            tried: vec![false; n],
            ringing: Vec::new(),
            ring_gen: 0,
            paused: false,
            silent: false,
        }
    }

    fn join_queue(&mut self, c: usize, q: QueueWait, max_wait: u64) {
        let (label, priority, seq) = (q.label.clone(), q.priority, q.seq);
        self.queue_stats(&label).joined += 1;
        self.emit(c, TraceKind::QueueJoin { queue: label, priority });
        self.st.calls[c].queue = Some(q);
        let at = self.st.now + max_wait;
        self.push(at, TIMER, Ev::Call { call: c as u32, epoch: seq, what: CallTimer::MaxWait });
    }

    /// Members of a named queue: the environment's queue groups (agents and destinations, by
    /// group priority), else the agents of the ring group of that name.
    fn queue_members(&self, name: &str) -> Vec<Member> {
        if let Some(q) = self.env.queues.iter().find(|q| q.id == name || q.name == name) {
            let mut groups: Vec<_> = q.groups.iter().collect();
            groups.sort_by_key(|g| g.priority);
            let mut out: Vec<Member> = Vec::new();
            for g in groups {
                for m in &g.members {
                    let party = if let Some(a) = self.st.agents.iter().position(|a| agent_matches(a, m)) {
                        Party::Agent(a)
                    } else if let Some(e) = self.st.eds.iter().position(|e| *e.name == **m) {
                        Party::Ed(e)
                    } else {
                        continue;
                    };
                    if !out.iter().any(|x| x.party == party) {
                        out.push(Member { party, group_priority: g.priority });
                    }
                }
            }
            return out;
        }
        self.st
            .agents
            .iter()
            .enumerate()
            .filter(|(_, a)| a.info.ring_groups.iter().any(|g| g == name))
            .map(|(i, _)| Member { party: Party::Agent(i), group_priority: 0 })
            .collect()
    }

    /// Candidates of an assignment (§4.2) and the queue label.
    fn candidates(&self, c: usize, ad: &AssignmentDialConfig) -> Result<(Vec<Member>, Name), String> {
        let agent_member = |i: usize| Member { party: Party::Agent(i), group_priority: 0 };
        let mut out: Vec<Member> = Vec::new();
        let add = |m: Member, out: &mut Vec<Member>| {
            if !out.iter().any(|x| x.party == m.party) {
                out.push(m);
            }
        };
        let label: String = match &ad.selection {
            AgentSelection::RingGroups { ring_groups } => {
                for rg in ring_groups {
                    for m in self.queue_members(rg) {
                        add(m, &mut out);
                    }
                }
                ring_groups.join("+")
            }
            AgentSelection::Agents { agents } => {
                for who in agents {
                    if let Some(i) = self.st.agents.iter().position(|a| agent_matches(a, who)) {
                        add(agent_member(i), &mut out);
                    }
                }
                "agents".into()
            }
            AgentSelection::AgentsVariable { variable } => {
                let emails: Vec<String> = match self.var_value(c, variable) {
                    Some(Value::String(s)) => vec![s],
                    Some(Value::Array(items)) => {
                        items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
                    }
                    Some(Value::Null) => Vec::new(),
                    other => {
                        return Err(format!(
                            "agents variable `{variable}` holds {other:?}, not agent emails"
                        ));
                    }
                };
                for who in &emails {
                    if let Some(i) =
                        self.st.agents.iter().position(|a| a.info.email.eq_ignore_ascii_case(who))
                    {
                        add(agent_member(i), &mut out);
                    }
                }
                format!("agents:{variable}")
            }
            AgentSelection::Attributes { attributes, combine } => {
                for (i, a) in self.st.agents.iter().enumerate() {
                    let ok = |r: &callflow_model::config::AttributeRequirement| {
                        a.info
                            .attributes
                            .get(&r.name)
                            .is_some_and(|p| r.min_proficiency.is_none_or(|m| *p >= m))
                    };
                    let matched = match combine {
                        Combine::And => attributes.iter().all(ok),
                        Combine::Or => attributes.iter().any(ok),
                    };
                    if matched {
                        add(agent_member(i), &mut out);
                    }
                }
                attributes.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join("+")
            }
        };
        Ok((out, label.as_str().into()))
    }

    fn enter_assignment(
        &mut self,
        c: usize,
        node: NodeIx,
        ad: &AssignmentDialConfig,
        kind: QKind,
    ) -> Result<(), String> {
        let (members, label) = self.candidates(c, ad)?;
        if self.st.traffic_limit {
            self.queue_size_limit(c, node, label);
            return Ok(());
        }
        let agents_only = |m: &Member| matches!(m.party, Party::Agent(_));
        if members.is_empty() {
            self.take_exit(c, node, "no_match_found");
            return Ok(());
        }
        let offline = |m: &Member| match m.party {
            Party::Agent(a) => self.st.agents[a].status == AgentStatus::Offline,
            Party::Ed(e) => !self.st.eds[e].enabled,
        };
        if ad.status_eligibility == StatusEligibility::OnlyAvailable && members.iter().all(offline) {
            self.take_exit(c, node, "no_match_found");
            return Ok(());
        }
        // M: the matched members ("away" counts as matched [A]).
        let matched: Vec<Member> = match ad.status_eligibility {
            StatusEligibility::ConsiderAnyStatus => members,
            StatusEligibility::OnlyAvailable => members.into_iter().filter(|m| !offline(m)).collect(),
        };
        let _ = agents_only;
        let mut q = self.new_queue(kind, node, c, matched, label);
        q.strategy = ad.strategy;
        q.batch = ad.agents_to_ring.clamp(1, 10) as usize;
        q.sort_by = ad.sort_by;
        q.prof_attr = match &ad.selection {
            AgentSelection::Attributes { attributes, .. } => attributes.first().map(|a| a.name.clone()),
            _ => None,
        };
        q.ring_timeout = ad.ring_timeout_sec as u64;
        q.priority = ad.priority;
        self.join_queue(c, q, ad.max_waiting_time_sec as u64);
        if let Some(audio) = &ad.waiting_audio {
            let id = self.node_id(c, node);
            let prompt: Name = crate::compile::prompt_text(audio).as_str().into();
            self.emit(c, TraceKind::Play { component: id, prompt });
        }
        self.set_wait(c, Wait::Queued { node });
        Ok(())
    }

    /// `queue_size_limit_reached` (§4.2): the call is hung up, Abandoned in the Calls report and
    /// Missed in the Contacts report.
    fn queue_size_limit(&mut self, c: usize, node: NodeIx, label: Name) {
        let g = self.graph_of(c);
        let n = &g.nodes[node as usize];
        let (id, kind) = (n.id.clone(), n.kind);
        self.emit(
            c,
            TraceKind::Exit { component: id.clone(), exit: "queue_size_limit_reached".into(), routed: None },
        );
        self.report(c, id, kind, "queue_size_limit_reached".into());
        self.emit(c, TraceKind::Abandon { queue: label.clone(), cause: "queue_size_limit_reached".into() });
        self.queue_stats(&label).abandoned += 1;
        self.st.stats.reports.calls_abandoned += 1;
        self.st.stats.reports.contacts_missed += 1;
        self.disconnect_caller(c, "flow");
        self.end_flow(c, "queue_size_limit_reached");
    }

    fn queue_stats(&mut self, label: &str) -> &mut QueueStats {
        if !self.st.stats.queues.contains_key(label) {
            self.st.stats.queues.insert(label.to_string(), QueueStats::default());
        }
        self.st.stats.queues.get_mut(label).expect("inserted")
    }
    fn agent_stats(&mut self, a: usize) -> &mut AgentStats {
        let id = self.st.agents[a].id.clone();
        if !self.st.stats.agents.contains_key(&*id) {
            self.st.stats.agents.insert(id.to_string(), AgentStats::default());
        }
        self.st.stats.agents.get_mut(&*id).expect("inserted")
    }
    fn ed_stats(&mut self, name: &str) -> &mut ExternalDestinationStats {
        if !self.st.stats.external_destinations.contains_key(name) {
            self.st.stats.external_destinations.insert(name.to_string(), ExternalDestinationStats::default());
        }
        self.st.stats.external_destinations.get_mut(name).expect("inserted")
    }

    fn agent_free(&self, a: usize) -> bool {
        let ag = &self.st.agents[a];
        ag.status == AgentStatus::Available && !ag.engaged
    }

    fn ed_free(&self, e: usize) -> bool {
        let ed = &self.st.eds[e];
        ed.enabled && ed.backoff_until <= self.st.now && ed.max.is_none_or(|m| ed.active < m)
    }

    /// Offers waiting calls and callback requests to free agents (§4.2) and, when no regular
    /// agent is free, to external destinations (ED3). Returns whether anything was offered.
    fn dispatch(&mut self) -> bool {
        // (priority, enqueued_at, seq, item): item = call index or callback id.
        let mut items: Vec<(u32, u64, u64, bool, usize)> = Vec::new();
        for (i, call) in self.st.calls.iter().enumerate() {
            if let Some(q) = &call.queue
                && !q.paused
                && q.ringing.is_empty()
                && call.pos != Pos::Done
            {
                items.push((q.priority, q.enqueued_at, q.seq, false, i));
            }
        }
        // A callback request is re-offered after a rejected or missed offer (CX `work-rejected`,
        // SF H5): once every free member has been tried, a new round starts [A].
        for i in 0..self.st.callbacks.len() {
            let cb = &self.st.callbacks[i];
            if cb.state != CbState::Waiting || !cb.queue.ringing.is_empty() {
                continue;
            }
            let free = |tried: bool| {
                cb.queue.members.iter().enumerate().any(|(mi, m)| {
                    cb.queue.tried[mi] == tried && matches!(m.party, Party::Agent(a) if self.agent_free(a))
                })
            };
            if !free(false) && free(true) {
                self.st.callbacks[i].queue.tried.fill(false);
            }
        }
        for cb in &self.st.callbacks {
            if cb.state == CbState::Waiting && cb.queue.ringing.is_empty() {
                items.push((cb.queue.priority, cb.queue.enqueued_at, cb.queue.seq, true, cb.id as usize));
            }
        }
        if items.is_empty() {
            return false;
        }
        items.sort();
        let mut any = false;
        for (_, _, _, is_cb, i) in items {
            let q = if is_cb {
                &self.st.callbacks[i].queue
            } else {
                self.st.calls[i].queue.as_ref().expect("queued")
            };
            // Regular agents first: untried, free, best first.
            let mut free: Vec<usize> = q
                .members
                .iter()
                .enumerate()
                .filter(|(mi, m)| !q.tried[*mi] && matches!(m.party, Party::Agent(a) if self.agent_free(a)))
                .map(|(mi, _)| mi)
                .collect();
            let batch: Vec<usize> = if !free.is_empty() {
                let key = |mi: &usize| {
                    let Party::Agent(a) = q.members[*mi].party else { unreachable!() };
                    let ag = &self.st.agents[a];
                    let prof = match (q.sort_by, &q.prof_attr) {
                        (SortBy::MostProficient, Some(attr)) => {
                            ag.info.attributes.get(attr).copied().unwrap_or(0)
                        }
                        _ => 0,
                    };
                    (q.members[*mi].group_priority, Reverse(prof), ag.idle_since, a)
                };
                free.sort_by_key(key);
                free.truncate(q.batch);
                free
            } else {
                match q.members.iter().position(|m| matches!(m.party, Party::Ed(e) if self.ed_free(e))) {
                    Some(mi) => vec![mi],
                    None => continue,
                }
            };
            any = true;
            self.ring(is_cb, i, batch);
        }
        any
    }

    fn queue_mut(&mut self, is_cb: bool, i: usize) -> &mut QueueWait {
        if is_cb { &mut self.st.callbacks[i].queue } else { self.st.calls[i].queue.as_mut().expect("queued") }
    }

    fn ring(&mut self, is_cb: bool, i: usize, batch: Vec<usize>) {
        let call = if is_cb { self.st.callbacks[i].call as usize } else { i };
        let q = self.queue_mut(is_cb, i);
        q.ring_gen += 1;
        q.ringing = batch.clone();
        let (rg, timeout_agent, members) = (q.ring_gen, q.ring_timeout, q.members.clone());
        let mut timeout = timeout_agent;
        for mi in batch {
            match members[mi].party {
                Party::Agent(a) => {
                    self.st.agents[a].engaged = true;
                    self.agent_stats(a).offered += 1;
                    let id = self.st.agents[a].id.clone();
                    self.emit(call, TraceKind::Ring { party: id, party_type: PartyType::Agent });
                }
                Party::Ed(e) => {
                    self.st.eds[e].active += 1;
                    timeout = self.st.eds[e].outdial_timeout;
                    let name = self.st.eds[e].name.clone();
                    self.ed_stats(&name).offered += 1;
                    self.emit(
                        call,
                        TraceKind::Ring { party: name, party_type: PartyType::ExternalDestination },
                    );
                }
            }
        }
        let at = self.st.now + timeout;
        if is_cb {
            self.push(at, TIMER, Ev::Cb { id: i as u32, epoch: 0, what: CbTimer::Ring(rg) });
        } else {
            self.push(at, TIMER, Ev::Call { call: i as u32, epoch: 0, what: CallTimer::Ring(rg) });
        }
    }

    fn party_name(&self, p: Party) -> (Name, PartyType) {
        match p {
            Party::Agent(a) => (self.st.agents[a].id.clone(), PartyType::Agent),
            Party::Ed(e) => (self.st.eds[e].name.clone(), PartyType::ExternalDestination),
        }
    }

    fn hangup(
        &mut self,
        c: usize,
        party: Party,
        call_type: CallType,
        reason: HangupReason,
        status: Option<HangupAgentStatus>,
        cause: &'static str,
    ) {
        self.hangup_closing(c, party, call_type, reason, status, cause, false);
    }

    /// Emits the one HANGUP of an agent leg (§4.6); `close` is `closeCallOnError`.
    #[allow(clippy::too_many_arguments)]
    fn hangup_closing(
        &mut self,
        c: usize,
        party: Party,
        call_type: CallType,
        reason: HangupReason,
        status: Option<HangupAgentStatus>,
        cause: &'static str,
        close: bool,
    ) {
        let (name, pt) = self.party_name(party);
        if pt != PartyType::Agent {
            return; // connector events are for agent work items
        }
        let voice_call = if reason == HangupReason::Ended || close { "completed" } else { "new" };
        self.emit(
            c,
            TraceKind::Hangup(Box::new(Hangup {
                party: name,
                call_type,
                reason,
                close_call_on_error: close,
                agent_status: status,
                voice_call: voice_call.into(),
                cause: cause.into(),
            })),
        );
    }

    fn call_type(&self, c: usize, is_cb: bool) -> CallType {
        if is_cb || self.st.calls.get(c).is_some_and(|call| call.callback_leg) {
            CallType::Callback
        } else if self.prog.graphs[0].flow_type == FlowType::OutboundDialer {
            CallType::Outbound
        } else {
            CallType::Inbound
        }
    }

    /// Ends every ringing offer of a call or callback without an answer.
    fn withdraw_offers(&mut self, c: usize, reason: &'static str) {
        let Some(q) = self.st.calls[c].queue.as_mut() else { return };
        let ringing = std::mem::take(&mut q.ringing);
        let members = q.members.clone();
        for mi in ringing {
            self.end_offer(
                c,
                false,
                members[mi].party,
                reason,
                HangupReason::Error,
                Some(HangupAgentStatus::FailedConnectCustomer),
            );
        }
    }

    /// Ends one ringing offer. Offers withdrawn because the call moved on (answered by a
    /// colleague, caller gone, alternative key, error, time-out of the wait) close their work
    /// item: `error` + `closeCallOnError = true` + `FailedConnectCustomer` [A]; offers that the
    /// agent missed, declined or failed stay open for re-offer (`closeCallOnError = false`).
    fn end_offer(
        &mut self,
        c: usize,
        is_cb: bool,
        party: Party,
        reason: &'static str,
        hr: HangupReason,
        status: Option<HangupAgentStatus>,
    ) {
        let (name, _) = self.party_name(party);
        self.emit(c, TraceKind::StopRinging { party: name, reason: reason.into() });
        match party {
            Party::Agent(a) => self.st.agents[a].engaged = false,
            Party::Ed(e) => self.st.eds[e].active = self.st.eds[e].active.saturating_sub(1),
        }
        let ct = self.call_type(c, is_cb);
        let withdrawn =
            status == Some(HangupAgentStatus::FailedConnectCustomer) && reason != "network_failure";
        self.hangup_closing(c, party, ct, hr, status, reason, withdrawn);
    }

    fn set_presence(&mut self, c: usize, a: usize, status: AgentStatus, reason: &'static str) {
        if self.st.agents[a].status != status {
            self.st.agents[a].status = status;
            let id = self.st.agents[a].id.clone();
            self.emit(c, TraceKind::AgentStatus { agent: id, status, reason: reason.into() });
        }
    }

    /// An offer in a ringing batch ended without an answer (§4.6 H6).
    fn offer_failed(&mut self, is_cb: bool, i: usize, mi: usize, how: OfferFail) {
        let call = if is_cb { self.st.callbacks[i].call as usize } else { i };
        let q = self.queue_mut(is_cb, i);
        q.ringing.retain(|x| *x != mi);
        let party = q.members[mi].party;
        if how != OfferFail::Network {
            q.tried[mi] = matches!(party, Party::Agent(_));
        }
        let (status, cause) = match how {
            OfferFail::Timeout => (HangupAgentStatus::MissedCallAgent, "ring_timeout"),
            OfferFail::Reject => (HangupAgentStatus::DeclinedByAgent, "declined"),
            OfferFail::Device => (HangupAgentStatus::FailedConnectAgent, "device_failure"),
            OfferFail::Network => (HangupAgentStatus::FailedConnectCustomer, "network_failure"),
            OfferFail::Busy => (HangupAgentStatus::FailedConnectAgent, "busy"),
        };
        self.end_offer(call, is_cb, party, cause, HangupReason::Error, Some(status));
        match party {
            Party::Agent(a) => {
                match how {
                    OfferFail::Reject => {
                        self.agent_stats(a).declined += 1;
                        let s = self.env.presence.on_decline;
                        self.set_presence(call, a, s, "update status on decline");
                    }
                    OfferFail::Timeout => {
                        self.agent_stats(a).missed += 1;
                        let s = self.env.presence.on_push_timeout;
                        self.set_presence(call, a, s, "update status on push time-out");
                    }
                    _ => {
                        self.agent_stats(a).failed += 1;
                        let s = self.env.presence.on_push_timeout;
                        self.set_presence(call, a, s, "update status on push time-out");
                    }
                }
                if is_cb {
                    self.emit(call, TraceKind::Escalation { name: "work-rejected".into(), caught_by: None });
                }
            }
            Party::Ed(e) => {
                let name = self.st.eds[e].name.clone();
                let backoff = match how {
                    OfferFail::Busy => {
                        self.ed_stats(&name).busy += 1;
                        self.st.eds[e].busy_backoff
                    }
                    OfferFail::Timeout => {
                        self.ed_stats(&name).no_answer += 1;
                        self.st.eds[e].no_answer_backoff
                    }
                    _ => {
                        self.ed_stats(&name).failed += 1;
                        0
                    }
                };
                if backoff > 0 {
                    let until = self.st.now + backoff;
                    self.st.eds[e].backoff_until = until;
                    self.emit(call, TraceKind::Backoff { destination: name, until });
                    // Re-examine the queue when the back-off ends.
                    if !is_cb {
                        self.push(
                            until,
                            TIMER,
                            Ev::Call { call: i as u32, epoch: u64::MAX, what: CallTimer::Ring(u64::MAX) },
                        );
                    }
                }
            }
        }
        // After the batch: single attempt, or exhausted.
        let q = if is_cb {
            &self.st.callbacks[i].queue
        } else {
            self.st.calls[i].queue.as_ref().expect("queued")
        };
        if !q.ringing.is_empty() || is_cb {
            return;
        }
        let agent_members: Vec<usize> = q
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m.party, Party::Agent(_)))
            .map(|(i, _)| i)
            .collect();
        let exhausted = !agent_members.is_empty() && agent_members.iter().all(|&mi| q.tried[mi]);
        let done = match q.kind {
            QKind::DialAgent => true,
            QKind::AssignmentDial => {
                (q.strategy == DialStrategy::SingleAttempt && q.any_tried())
                    || (q.strategy == DialStrategy::Exhaust && exhausted)
            }
            _ => false,
        };
        if done {
            let node = q.node;
            self.leave_queue(i, "no_answer");
            self.take_exit(i, node, "no_answer");
        }
    }

    fn leave_queue(&mut self, c: usize, reason: &'static str) {
        self.withdraw_offers(c, reason);
        if let Some(q) = self.st.calls[c].queue.take() {
            if !q.silent && !q.paused {
                self.emit(c, TraceKind::QueueLeave { queue: q.label.clone(), reason: reason.into() });
            }
            self.st.calls[c].last_entry = Some((q.enqueued_at, q.priority, q.label));
        }
    }

    fn offer_answered(&mut self, is_cb: bool, i: usize, mi: usize) {
        let call = if is_cb { self.st.callbacks[i].call as usize } else { i };
        let q = self.queue_mut(is_cb, i);
        let others: Vec<usize> = q.ringing.iter().copied().filter(|x| *x != mi).collect();
        q.ringing.clear();
        let party = q.members[mi].party;
        let members = q.members.clone();
        for o in others {
            self.end_offer(
                call,
                is_cb,
                members[o].party,
                "answered_elsewhere",
                HangupReason::Error,
                Some(HangupAgentStatus::FailedConnectCustomer),
            );
        }
        match party {
            Party::Agent(a) => {
                self.agent_stats(a).answered += 1;
                self.st.agents[a].status = AgentStatus::Busy;
            }
            Party::Ed(e) => {
                let name = self.st.eds[e].name.clone();
                self.ed_stats(&name).answered += 1;
            }
        }
        if is_cb {
            // The agent accepted the callback: media to the agent, then dial the customer.
            let cb = &mut self.st.callbacks[i];
            let Party::Agent(a) = party else { return };
            cb.state = CbState::Dialing(a);
            cb.epoch += 1;
            let (media, number, ani, epoch) = (cb.media.clone(), cb.number.clone(), cb.ani.clone(), cb.epoch);
            let label = cb.queue.label.clone();
            let id = self.st.agents[a].id.clone();
            self.emit(call, TraceKind::Connect { party: id, party_type: PartyType::Agent });
            self.emit(call, TraceKind::QueueLeave { queue: label, reason: "answered".into() });
            if !media.is_empty() {
                self.emit(call, TraceKind::AgentMedia { media });
            }
            let caller_id = ani.unwrap_or_else(|| self.st.calls[call].dnis.to_string());
            self.emit(call, TraceKind::Dial { number: number.clone(), caller_id });
            self.emit(call, TraceKind::Ring { party: number.as_str().into(), party_type: PartyType::Number });
            let at = self.st.now + 30;
            self.push(at, TIMER, Ev::Cb { id: i as u32, epoch, what: CbTimer::CustomerRing });
            return;
        }
        let q = self.st.calls[i].queue.take().expect("queued");
        let (name, pt) = self.party_name(party);
        self.emit(call, TraceKind::Connect { party: name, party_type: pt });
        if !q.silent {
            self.queue_stats(&q.label).answered += 1;
            self.emit(call, TraceKind::QueueLeave { queue: q.label.clone(), reason: "answered".into() });
        }
        // Interrupt an in-queue flow: back to the component that queued.
        self.st.calls[i].frames.truncate(q.depth + 1);
        self.st.calls[i].cx = Cx::None;
        self.set_wait(i, Wait::Talking { node: q.node, party });
    }

    /// The conversation of a call ended; `by` is who hung up.
    fn conversation_ended(&mut self, c: usize, node: NodeIx, party: Party, by_caller: bool) {
        let ct = self.call_type(c, false);
        self.hangup(
            c,
            party,
            ct,
            HangupReason::Ended,
            None,
            if by_caller { "customer_ended" } else { "agent_ended" },
        );
        self.release(party);
        if by_caller {
            self.disconnect_caller(c, "caller");
        }
        let call = &mut self.st.calls[c];
        call.post_call = true;
        call.epoch += 1;
        self.take_exit(c, node, "call_finished");
    }

    #[allow(clippy::too_many_arguments)]
    fn create_callback(
        &mut self,
        c: usize,
        flow_waits: bool,
        number: String,
        ani: Option<String>,
        media: Vec<String>,
        mut q: QueueWait,
        max_wait: u64,
    ) -> u32 {
        let id = self.st.callbacks.len() as u32;
        q.kind = QKind::Callback(id);
        let info = CallbackInfo {
            id,
            queue: q.label.clone(),
            number: number.clone(),
            outbound_ani: ani.clone(),
            agent_media: media.clone(),
            enqueued_at: q.enqueued_at,
            priority: q.priority,
        };
        let (label, priority) = (info.queue.clone(), info.priority);
        self.emit(c, TraceKind::CallbackRequest(Box::new(info)));
        self.emit(c, TraceKind::QueueJoin { queue: label, priority });
        self.st.callbacks.push(CallbackReq {
            id,
            call: c as u32,
            flow_waits,
            number,
            ani,
            media,
            queue: q,
            state: CbState::Waiting,
            epoch: 0,
        });
        let what = if flow_waits { CbTimer::MaxWait } else { CbTimer::Expire };
        let at = self.st.now + max_wait;
        self.push(at, TIMER, Ev::Cb { id, epoch: 0, what });
        id
    }

    // ---- timers -------------------------------------------------------------------------------

    fn on_call_timer(&mut self, c: usize, what: CallTimer) {
        let pos = self.st.calls[c].pos.clone();
        match what {
            CallTimer::Ring(u64::MAX) => {} // an ED back-off ended: dispatch looks again
            CallTimer::Ring(_) => {
                let ringing = self.st.calls[c].queue.as_ref().map(|q| q.ringing.clone()).unwrap_or_default();
                for mi in ringing {
                    if self.st.calls[c].queue.as_ref().is_some_and(|q| q.ringing.contains(&mi)) {
                        self.offer_failed(false, c, mi, OfferFail::Timeout);
                    }
                }
            }
            CallTimer::MaxWait => {
                let Some(q) = self.st.calls[c].queue.as_ref() else { return };
                let exit = if q.any_tried() { "no_answer" } else { "max_waiting_time_reached" };
                let (node, depth) = (q.node, q.depth);
                self.leave_queue(c, "max_waiting_time");
                self.st.calls[c].frames.truncate(depth + 1);
                self.st.calls[c].epoch += 1;
                let exit = if self.graph_of(c).nodes[node as usize].kind == ComponentKind::QueueWithFlow {
                    "max_waiting_time_reached"
                } else {
                    exit
                };
                self.take_exit(c, node, exit);
            }
            CallTimer::Menu => {
                if let Pos::Wait(Wait::Menu { node, tries }) = pos {
                    self.menu_retry(c, node, tries, "no_input");
                }
            }
            CallTimer::Collect => {
                if let Pos::Wait(Wait::Collect { node, tries, digits }) = pos {
                    if digits.is_empty() {
                        self.collect_retry(c, node, tries, "timeout");
                    } else {
                        self.collect_finish(c, node, tries, digits);
                    }
                }
            }
            CallTimer::Outdial => {
                if let Pos::Wait(Wait::External { node, ed, bridged: false, .. }) = pos {
                    let kind = self.graph_of(c).nodes[node as usize].kind;
                    self.cleanup_waits(c, "timeout");
                    if let Some(e) = ed {
                        self.ed_backoff(c, e, false);
                    }
                    self.take_exit(
                        c,
                        node,
                        if kind == ComponentKind::ForwardExternal { "no_answer" } else { "timeout" },
                    );
                }
            }
            CallTimer::DialerLeg => {
                if let Pos::Wait(Wait::DialerLeg { node, agent_leg }) = pos {
                    self.dialer_leg(c, node, agent_leg, false);
                }
            }
            CallTimer::Voicemail => {
                if let Pos::Wait(Wait::Voicemail { node, since }) = pos {
                    self.voicemail_done(c, node, since);
                }
            }
        }
    }

    fn ed_backoff(&mut self, c: usize, e: usize, busy: bool) {
        let name = self.st.eds[e].name.clone();
        let secs = if busy {
            self.ed_stats(&name).busy += 1;
            self.st.eds[e].busy_backoff
        } else {
            self.ed_stats(&name).no_answer += 1;
            self.st.eds[e].no_answer_backoff
        };
        let until = self.st.now + secs;
        self.st.eds[e].backoff_until = until;
        self.emit(c, TraceKind::Backoff { destination: name, until });
    }

    fn on_cb_timer(&mut self, id: usize, what: CbTimer) {
        let call = self.st.callbacks[id].call as usize;
        match what {
            CbTimer::Ring(_) => {
                let ringing = self.st.callbacks[id].queue.ringing.clone();
                for mi in ringing {
                    self.offer_failed(true, id, mi, OfferFail::Timeout);
                }
            }
            CbTimer::CustomerRing => self.callback_customer(id, false),
            CbTimer::MaxWait | CbTimer::Expire => {
                if self.st.callbacks[id].state != CbState::Waiting {
                    return;
                }
                let ringing = std::mem::take(&mut self.st.callbacks[id].queue.ringing);
                let members = self.st.callbacks[id].queue.members.clone();
                for mi in ringing {
                    self.end_offer(
                        call,
                        true,
                        members[mi].party,
                        "callback_expired",
                        HangupReason::Error,
                        Some(HangupAgentStatus::FailedConnectCustomer),
                    );
                }
                self.st.callbacks[id].state = CbState::Done;
                let label = self.st.callbacks[id].queue.label.clone();
                if what == CbTimer::Expire {
                    self.emit(
                        call,
                        TraceKind::QueueLeave { queue: label, reason: "callback_expired".into() },
                    );
                    self.emit(
                        call,
                        TraceKind::Escalation { name: "callback-expired".into(), caught_by: None },
                    );
                } else {
                    self.emit(
                        call,
                        TraceKind::QueueLeave { queue: label, reason: "max_waiting_time".into() },
                    );
                    if let Pos::Wait(Wait::AwaitCallback { node, .. }) = self.st.calls[call].pos {
                        self.take_exit(call, node, "timeout");
                    }
                }
            }
        }
    }

    fn callback_customer(&mut self, id: usize, answered: bool) {
        let call = self.st.callbacks[id].call as usize;
        let CbState::Dialing(a) = self.st.callbacks[id].state else { return };
        let number: Name = self.st.callbacks[id].number.as_str().into();
        self.st.callbacks[id].epoch += 1;
        if answered {
            self.st.callbacks[id].state = CbState::Connected(a);
            self.emit(call, TraceKind::Connect { party: number, party_type: PartyType::Number });
            if self.st.callbacks[id].flow_waits
                && let Pos::Wait(Wait::AwaitCallback { node, .. }) = self.st.calls[call].pos
            {
                self.st.calls[call].caller_connected = true;
                self.st.calls[call].callback_leg = true;
                self.set_wait(call, Wait::Talking { node, party: Party::Agent(a) });
                self.st.callbacks[id].state = CbState::Done;
            }
        } else {
            self.emit(call, TraceKind::StopRinging { party: number, reason: "customer_no_answer".into() });
            self.hangup(
                call,
                Party::Agent(a),
                CallType::Callback,
                HangupReason::Error,
                Some(HangupAgentStatus::MissedCallStatus),
                "customer_no_answer",
            );
            self.release(Party::Agent(a));
            if !self.st.callbacks[id].flow_waits {
                self.emit(
                    call,
                    TraceKind::Escalation { name: "queue-callback-unanswered".into(), caught_by: None },
                );
                self.st.callbacks[id].state = CbState::Done;
            } else {
                // Talkdesk: the request waits again until its maximum waiting time (H5 re-offer).
                self.st.callbacks[id].state = CbState::Waiting;
                let label = self.st.callbacks[id].queue.label.clone();
                let priority = self.st.callbacks[id].queue.priority;
                self.emit(call, TraceKind::QueueJoin { queue: label, priority });
            }
        }
    }

    // ---- menus and digits ---------------------------------------------------------------------

    fn menu_cfg(&self, c: usize, node: NodeIx) -> Option<&callflow_model::config::MenuConfig> {
        match self.graph_of(c).nodes[node as usize].config() {
            Some(ComponentConfig::Menu(m)) => Some(m),
            _ => None,
        }
    }

    fn menu_retry(&mut self, c: usize, node: NodeIx, tries: u32, exit: &str) {
        let Some((max_retries, timeout)) = self.menu_cfg(c, node).map(|m| (m.max_retries, m.timeout_sec))
        else {
            return;
        };
        if tries >= max_retries {
            self.st.calls[c].epoch += 1;
            self.take_exit(c, node, exit);
            return;
        }
        let n = &self.graph_of(c).nodes[node as usize];
        let id = n.id.clone();
        let again = n.prompts.get(if exit == "invalid" { 1 } else { 2 }).cloned().unwrap_or_default();
        let main = n.prompts.first().cloned().unwrap_or_default();
        if !again.is_empty() {
            self.emit(c, TraceKind::Play { component: id.clone(), prompt: again });
        }
        self.emit(c, TraceKind::Play { component: id, prompt: main });
        self.set_wait(c, Wait::Menu { node, tries: tries + 1 });
        self.timer(c, timeout as u64, CallTimer::Menu);
    }

    fn collect_cfg(
        &self,
        c: usize,
        node: NodeIx,
    ) -> Option<(&callflow_model::config::CollectDigitsConfig, Option<&regex::Regex>)> {
        match &self.graph_of(c).nodes[node as usize].cfg {
            NodeCfg::Collect(cd, re) => Some((cd, re.as_ref())),
            _ => None,
        }
    }

    fn collect_retry(&mut self, c: usize, node: NodeIx, tries: u32, exit: &str) {
        let Some((cd, _)) = self.collect_cfg(c, node) else { return };
        let (max, first) = (cd.max_retries, cd.first_digit_timeout_sec as u64);
        let prompt = self.graph_of(c).nodes[node as usize].prompts.first().cloned().unwrap_or_default();
        if tries >= max {
            self.st.calls[c].epoch += 1;
            self.take_exit(c, node, exit);
            return;
        }
        let id = self.node_id(c, node);
        self.emit(c, TraceKind::Play { component: id, prompt });
        self.set_wait(c, Wait::Collect { node, tries: tries + 1, digits: String::new() });
        self.timer(c, first, CallTimer::Collect);
    }

    fn collect_key(&mut self, c: usize, node: NodeIx, tries: u32, mut digits: String, key: DtmfKey) {
        let Some((cd, _)) = self.collect_cfg(c, node) else { return };
        let (term, max, inter) = (cd.terminator, cd.max_digits as usize, cd.inter_digit_timeout_sec as u64);
        if Some(key) == term {
            self.collect_finish(c, node, tries, digits);
            return;
        }
        digits.push(key.as_char());
        if digits.len() >= max {
            self.collect_finish(c, node, tries, digits);
        } else {
            self.set_wait(c, Wait::Collect { node, tries, digits });
            self.timer(c, inter, CallTimer::Collect);
        }
    }

    fn collect_finish(&mut self, c: usize, node: NodeIx, tries: u32, digits: String) {
        let Some((cd, re)) = self.collect_cfg(c, node) else { return };
        let ok = digits.len() >= cd.min_digits as usize && re.is_none_or(|r| r.is_match(&digits));
        let var = cd.output_variable.clone();
        if ok {
            self.st.calls[c].epoch += 1;
            let gi = self.graph_of_ix(c);
            let prog = self.prog.clone();
            if let Err(msg) = self.assign(c, &prog.graphs[gi], &var, Value::String(digits)) {
                self.component_error(c, node, msg);
                return;
            }
            self.take_exit(c, node, "ok");
        } else {
            self.collect_retry(c, node, tries, "invalid");
        }
    }

    /// The ring group or agent a voicemail component records for.
    fn voicemail_owner(&self, c: usize, node: NodeIx) -> String {
        match self.graph_of(c).nodes[node as usize].config() {
            Some(ComponentConfig::Voicemail(v)) => match &v.assign_to {
                callflow_model::config::VoicemailOwner::RingGroup { ring_group } => ring_group.clone(),
                callflow_model::config::VoicemailOwner::Agent { agent } => agent.clone(),
            },
            _ => String::new(),
        }
    }

    fn voicemail_done(&mut self, c: usize, node: NodeIx, since: u64) {
        let owner = self.voicemail_owner(c, node);
        let id = self.node_id(c, node);
        let duration_sec = self.st.now - since;
        self.emit(c, TraceKind::Voicemail { component: id, owner, duration_sec });
        self.st.calls[c].epoch += 1;
        self.end_flow(c, "voicemail_recorded");
    }

    fn dialer_leg(&mut self, c: usize, node: NodeIx, agent_leg: bool, answered: bool) {
        let n = &self.graph_of(c).nodes[node as usize];
        let (id, on) = match n.config() {
            Some(ComponentConfig::AgentConnect(a)) => (a.agent_group.clone(), a.on_not_connected),
            Some(ComponentConfig::MakeCall(m)) => (String::new(), m.on_not_connected),
            _ => return,
        };
        self.st.calls[c].epoch += 1;
        if answered && let Some(d) = self.st.calls[c].dialer.as_mut() {
            if agent_leg {
                d.agent_on_line = true;
            } else {
                d.customer_on_line = true;
            }
        }
        let key = if agent_leg { "agent_connected" } else { "customer_connected" };
        self.st.calls[c].syskeys.insert(key.into(), Value::Bool(answered));
        if answered {
            let party: Name = if agent_leg { id.as_str().into() } else { "customer".into() };
            let pt = if agent_leg { PartyType::Agent } else { PartyType::Number };
            self.emit(c, TraceKind::Connect { party, party_type: pt });
            self.take_exit(c, node, "line_1");
            return;
        }
        let party: Name = if agent_leg { id.as_str().into() } else { "customer".into() };
        self.emit(c, TraceKind::StopRinging { party, reason: "no_answer".into() });
        // §4.6: the agent missed the attempt's call, or the customer did not pick it up.
        let (status, cause) = if agent_leg {
            (HangupAgentStatus::MissedCallAgent, "agent_no_answer")
        } else {
            (HangupAgentStatus::MissedCallStatus, "customer_no_answer")
        };
        self.dialer_hangup(c, HangupReason::Error, Some(status), cause);
        match on {
            OnNotConnected::Continue => self.take_exit(c, node, "line_1"),
            OnNotConnected::Reschedule => {
                if let Some(d) = self.st.calls[c].dialer.as_mut() {
                    d.failed_leg = Some(agent_leg);
                }
                self.end_flow(c, if agent_leg { "agent_not_connected" } else { "customer_not_connected" });
            }
        }
    }

    // ---- script events ------------------------------------------------------------------------

    fn find_offer(&self, party: Party) -> Option<(bool, usize, usize)> {
        for (i, call) in self.st.calls.iter().enumerate() {
            if let Some(q) = &call.queue
                && let Some(&mi) = q.ringing.iter().find(|&&mi| q.members[mi].party == party)
            {
                return Some((false, i, mi));
            }
        }
        for cb in &self.st.callbacks {
            if let Some(&mi) = cb.queue.ringing.iter().find(|&&mi| cb.queue.members[mi].party == party) {
                return Some((true, cb.id as usize, mi));
            }
        }
        None
    }

    fn ignored(&mut self, c: usize, ev: &CallEvent, reason: &str) {
        let event = serde_json::to_value(ev).map(|v| v.to_string()).unwrap_or_default();
        self.emit(c, TraceKind::Ignored { event, reason: reason.into() });
    }

    fn on_script(&mut self, se: &ScriptEvent) {
        let c = (se.call as usize).min(self.st.calls.len().saturating_sub(1));
        let ev = &se.event;
        match ev {
            CallEvent::CallArrive { ani, dnis } => {
                // Unset numbers default to the first call's: another caller of the same line.
                let ani = if ani.is_empty() { self.setup.ani.clone() } else { ani.clone() };
                let dnis = if dnis.is_empty() { self.setup.dnis.clone() } else { dnis.clone() };
                self.new_call(&ani, &dnis)
            }
            // §4.1: moves the virtual clock; time-outs due by then fire on their own.
            CallEvent::ClockAdvance { sec } => {
                let at = self.st.now + sec;
                self.push(at, TIMER, Ev::Tick);
            }
            CallEvent::TrafficLimit { on } => self.st.traffic_limit = *on,
            CallEvent::AgentStatus { agent, status } => {
                if let Some(a) = self.st.agents.iter().position(|x| agent_matches(x, agent)) {
                    self.set_presence(c, a, *status, "script");
                }
            }
            CallEvent::AgentAnswer { agent }
            | CallEvent::AgentReject { agent }
            | CallEvent::AgentDeviceFail { agent } => {
                let Some(a) = self.st.agents.iter().position(|x| agent_matches(x, agent)) else { return };
                match self.find_offer(Party::Agent(a)) {
                    Some((is_cb, i, mi)) => match ev {
                        CallEvent::AgentAnswer { .. } => self.offer_answered(is_cb, i, mi),
                        CallEvent::AgentReject { .. } => self.offer_failed(is_cb, i, mi, OfferFail::Reject),
                        _ => self.offer_failed(is_cb, i, mi, OfferFail::Device),
                    },
                    None => self.ignored(c, ev, &format!("{agent} is not ringing")),
                }
            }
            CallEvent::AgentEndCall { agent } => {
                let Some(a) = self.st.agents.iter().position(|x| agent_matches(x, agent)) else { return };
                let talking = self.st.calls.iter().position(|call| matches!(call.pos, Pos::Wait(Wait::Talking { party: Party::Agent(x), .. }) if x == a));
                if let Some(i) = talking {
                    let Pos::Wait(Wait::Talking { node, party }) = self.st.calls[i].pos.clone() else {
                        unreachable!()
                    };
                    self.conversation_ended(i, node, party, false);
                } else if let Some(cb) =
                    self.st.callbacks.iter().position(|cb| cb.state == CbState::Connected(a))
                {
                    let call = self.st.callbacks[cb].call as usize;
                    self.hangup(
                        call,
                        Party::Agent(a),
                        CallType::Callback,
                        HangupReason::Ended,
                        None,
                        "agent_ended",
                    );
                    self.release(Party::Agent(a));
                    self.st.callbacks[cb].state = CbState::Done;
                } else {
                    self.ignored(c, ev, &format!("{agent} is not in a conversation"));
                }
            }
            CallEvent::ExtAnswer { destination }
            | CallEvent::ExtBusy { destination }
            | CallEvent::ExtFail { destination }
            | CallEvent::ExtEndCall { destination } => {
                self.on_external(c, ev, destination);
            }
            CallEvent::NetFail => {
                let ringing = self.st.calls[c].queue.as_ref().map(|q| q.ringing.clone()).unwrap_or_default();
                if !ringing.is_empty() {
                    for mi in ringing {
                        self.offer_failed(false, c, mi, OfferFail::Network);
                    }
                } else if let Pos::Wait(Wait::External { node, ed, bridged: false, .. }) =
                    self.st.calls[c].pos.clone()
                {
                    let kind = self.graph_of(c).nodes[node as usize].kind;
                    self.cleanup_waits(c, "network_failure");
                    if let Some(e) = ed {
                        let name = self.st.eds[e].name.clone();
                        self.ed_stats(&name).failed += 1;
                    }
                    self.take_exit(
                        c,
                        node,
                        if kind == ComponentKind::ForwardExternal { "failed" } else { "failure" },
                    );
                } else {
                    self.ignored(c, ev, "nothing is being connected");
                }
            }
            CallEvent::ComponentError { component } if self.st.calls.is_empty() => {
                self.st.armed_before_arrival.push(component.as_str().into())
            }
            CallEvent::ComponentError { component } => {
                let current = match &self.st.calls[c].pos {
                    Pos::Wait(w) => Some(wait_node(w)),
                    _ => None,
                };
                let here = current.filter(|n| *self.graph_of(c).nodes[*n as usize].id == **component);
                match here {
                    Some(node) => self.component_error(
                        c,
                        node,
                        "injected component error (system.componentError)".into(),
                    ),
                    None => self.st.calls[c].armed_errors.push(component.as_str().into()),
                }
            }
            CallEvent::DialerAgentLeg { answered } | CallEvent::DialerCustomerLeg { answered } => {
                let want_agent = matches!(ev, CallEvent::DialerAgentLeg { .. });
                match self.st.calls[c].pos.clone() {
                    Pos::Wait(Wait::DialerLeg { node, agent_leg }) if agent_leg == want_agent => {
                        self.dialer_leg(c, node, agent_leg, *answered)
                    }
                    _ => self.ignored(c, ev, "that dialer leg is not being dialled"),
                }
            }
            CallEvent::CustomerCallbackAnswer { answered } => {
                match self.st.callbacks.iter().position(|cb| matches!(cb.state, CbState::Dialing(_))) {
                    Some(id) => self.callback_customer(id, *answered),
                    None => self.ignored(c, ev, "no callback is dialling a customer"),
                }
            }
            CallEvent::Dtmf { key } => self.on_key(c, *key, ev),
            CallEvent::Digits { digits } => {
                for ch in digits.chars() {
                    if let Some(k) = DtmfKey::from_char(ch) {
                        self.on_key(c, k, ev);
                    }
                }
            }
            CallEvent::CallerHangup => self.on_caller_hangup(c, ev),
        }
    }

    fn on_key(&mut self, c: usize, key: DtmfKey, ev: &CallEvent) {
        if !self.st.calls[c].caller_connected || self.st.calls[c].pos == Pos::Done {
            self.ignored(c, ev, "the caller is not connected");
            return;
        }
        match self.st.calls[c].pos.clone() {
            Pos::Wait(Wait::Menu { node, tries }) => {
                let exit = callflow_model::config::menu_exit(key);
                let has = self.menu_cfg(c, node).is_some_and(|m| m.options.iter().any(|o| o.key == key));
                if has {
                    self.st.calls[c].epoch += 1;
                    self.st.calls[c].last_key = Some(key.as_char());
                    self.take_exit(c, node, &exit);
                } else {
                    self.menu_retry(c, node, tries, "invalid");
                }
            }
            Pos::Wait(Wait::Collect { node, tries, digits }) => self.collect_key(c, node, tries, digits, key),
            Pos::Wait(Wait::Queued { node }) => {
                let target = self.graph_of(c).nodes[node as usize].alt_keys[key_index(key)];
                match target {
                    Some(t) => {
                        self.leave_queue(c, "alt_key");
                        let n = &self.graph_of(c).nodes[node as usize];
                        let (id, kind) = (n.id.clone(), n.kind);
                        let exit: Name = format!("alt_key_{key}").into();
                        self.emit(
                            c,
                            TraceKind::Exit { component: id.clone(), exit: exit.clone(), routed: None },
                        );
                        self.report(c, id, kind, exit);
                        self.st.calls[c].pos = Pos::Enter(t);
                    }
                    None => self.ignored(c, ev, "no alternative exit is bound to this key"),
                }
            }
            _ => self.ignored(c, ev, "the call is not waiting for a key"),
        }
    }

    fn on_caller_hangup(&mut self, c: usize, ev: &CallEvent) {
        let call = &self.st.calls[c];
        if !call.caller_connected || call.pos == Pos::Done {
            self.ignored(c, ev, "the caller is not connected");
            return;
        }
        if call.dialer.as_ref().is_some_and(|d| !d.customer_on_line) {
            self.ignored(c, ev, "the customer is not on the line yet");
            return;
        }
        let pos = call.pos.clone();
        let post_call = call.post_call;
        if call.dialer.is_some() {
            self.dialer_hangup(c, HangupReason::Ended, None, "customer_ended");
        }
        // Dialer flows: On Remote Hangup.
        let g0 = &self.prog.graphs[0];
        if g0.flow_type == FlowType::OutboundDialer
            && let Some(h) = g0.on_remote_hangup
            && !matches!(pos, Pos::Wait(Wait::Talking { .. }))
        {
            self.cleanup_waits(c, "remote_hangup");
            self.disconnect_caller(c, "caller");
            let call = &mut self.st.calls[c];
            call.frames.truncate(1);
            call.pos = Pos::Enter(h);
            return;
        }
        match pos {
            Pos::Wait(Wait::Talking { node, party }) => self.conversation_ended(c, node, party, true),
            Pos::Wait(Wait::Voicemail { node, since }) if since == self.st.now => {
                // §4.9 / §3: hanging up during the voicemail greeting is an abandon, not a
                // message. Prompts take no virtual time, so the greeting is the instant the
                // voicemail starts: nothing has been recorded yet [A].
                let label = match &self.st.calls[c].last_entry {
                    Some((_, _, label)) => label.clone(),
                    None => self.voicemail_owner(c, node).as_str().into(),
                };
                self.emit(c, TraceKind::Abandon { queue: label.clone(), cause: "Disconnected".into() });
                self.queue_stats(&label).abandoned += 1;
                self.st.stats.reports.calls_abandoned += 1;
                *self.st.stats.reports.hangup_causes.entry("Disconnected".into()).or_default() += 1;
                self.cleanup_waits(c, "caller_hung_up");
                self.disconnect_caller(c, "caller");
                self.stop(c, "caller_hung_up");
            }
            Pos::Wait(Wait::Voicemail { node, since }) => {
                self.disconnect_caller(c, "caller");
                self.voicemail_done(c, node, since);
            }
            _ => {
                let cx = self.st.calls[c].cx;
                let queued = self.st.calls[c].queue.as_ref().map(|q| (q.label.clone(), q.paused, q.silent));
                let cause = match (&queued, cx) {
                    (_, Cx::CallbackPending) => {
                        if let Some((label, ..)) = &queued {
                            self.queue_stats(label).callback_setup_abandoned += 1;
                        }
                        "IVR"
                    }
                    (_, Cx::CallbackRegistered) => "IVR",
                    // AB1 / §4.9: disconnected between entering the queue and being connected,
                    // which includes while an agent is being rung (also by Dial agent, whose
                    // "queue" is the one agent it rings).
                    (Some((label, false, _)), _) => {
                        let label = label.clone();
                        self.emit(c, TraceKind::Abandon { queue: label.clone(), cause: "Waiting".into() });
                        self.queue_stats(&label).abandoned += 1;
                        self.st.stats.reports.calls_abandoned += 1;
                        "Waiting"
                    }
                    _ if matches!(pos, Pos::Wait(Wait::External { .. })) => "Transfer",
                    _ => "IVR",
                };
                *self.st.stats.reports.hangup_causes.entry(cause.into()).or_default() += 1;
                self.cleanup_waits(c, "caller_hung_up");
                self.disconnect_caller(c, "caller");
                if post_call {
                    // PC5: interrupted post-call voice step.
                    self.stop(c, "contact_disconnected_at_voice_component");
                } else {
                    self.settle_record(c);
                    self.stop(c, "caller_hung_up");
                }
            }
        }
    }

    fn on_external(&mut self, c: usize, ev: &CallEvent, destination: &str) {
        // The call ringing or bridged to this destination (an ED name, a number or a component).
        let matches_dest = |sim: &Sim, i: usize| match &sim.st.calls[i].pos {
            Pos::Wait(Wait::External { node, ed, number, .. }) => {
                number == destination
                    || ed.is_some_and(|e| *sim.st.eds[e].name == *destination)
                    || *sim.graph_of(i).nodes[*node as usize].id == *destination
            }
            _ => false,
        };
        let direct = (0..self.st.calls.len()).find(|&i| matches_dest(self, i));
        if let Some(i) = direct {
            let Pos::Wait(Wait::External { node, ed, number, bridged }) = self.st.calls[i].pos.clone() else {
                unreachable!()
            };
            let forward = self.graph_of(i).nodes[node as usize].kind == ComponentKind::ForwardExternal;
            match (ev, bridged) {
                (CallEvent::ExtAnswer { .. }, false) => {
                    if let Some(e) = ed {
                        let name = self.st.eds[e].name.clone();
                        self.ed_stats(&name).answered += 1;
                    }
                    let pt = if ed.is_some() { PartyType::ExternalDestination } else { PartyType::Number };
                    self.emit(i, TraceKind::Connect { party: destination.into(), party_type: pt });
                    self.set_wait(i, Wait::External { node, ed, number, bridged: true });
                }
                (CallEvent::ExtBusy { .. }, false) => {
                    self.cleanup_waits(i, "busy");
                    if let Some(e) = ed {
                        self.ed_backoff(i, e, true);
                    }
                    self.take_exit(i, node, "busy");
                }
                (CallEvent::ExtFail { .. }, false) => {
                    self.cleanup_waits(i, "failed");
                    if let Some(e) = ed {
                        let name = self.st.eds[e].name.clone();
                        self.ed_stats(&name).failed += 1;
                    }
                    self.take_exit(i, node, if forward { "failed" } else { "failure" });
                }
                (CallEvent::ExtEndCall { .. }, true) => {
                    self.cleanup_waits(i, "conversation_ended");
                    self.disconnect_caller(i, "external");
                    self.end_flow(i, "conversation_ended");
                }
                _ => self.ignored(i, ev, "the external leg is not in a state for this event"),
            }
            return;
        }
        // An external destination rung from a queue.
        let Some(e) = self.st.eds.iter().position(|x| *x.name == *destination) else {
            self.ignored(c, ev, "nothing is connected to this destination");
            return;
        };
        if let Some((is_cb, i, mi)) = self.find_offer(Party::Ed(e)) {
            match ev {
                CallEvent::ExtAnswer { .. } => self.offer_answered(is_cb, i, mi),
                CallEvent::ExtBusy { .. } => self.offer_failed(is_cb, i, mi, OfferFail::Busy),
                CallEvent::ExtFail { .. } => self.offer_failed(is_cb, i, mi, OfferFail::Network),
                _ => self.ignored(c, ev, "the destination is ringing, not talking"),
            }
            return;
        }
        let talking = self.st.calls.iter().position(
            |call| matches!(call.pos, Pos::Wait(Wait::Talking { party: Party::Ed(x), .. }) if x == e),
        );
        match (talking, ev) {
            (Some(i), CallEvent::ExtEndCall { .. }) => {
                let Pos::Wait(Wait::Talking { node, party }) = self.st.calls[i].pos.clone() else {
                    unreachable!()
                };
                self.conversation_ended(i, node, party, false);
            }
            _ => self.ignored(c, ev, "nothing is connected to this destination"),
        }
    }

    // ---- interactive decisions ----------------------------------------------------------------

    fn decision(&self, timer: Option<Pending>) -> Option<PendingDecision> {
        let c = match timer.map(|t| t.ev) {
            Some(Ev::Call { call, epoch: u64::MAX, .. }) => {
                let _ = call;
                return None;
            }
            Some(Ev::Call { call, .. }) => call as usize,
            Some(Ev::Cb { id, .. }) => self.st.callbacks[id as usize].call as usize,
            Some(Ev::Tick) => return None,
            _ => self.st.calls.iter().position(|c| c.pos != Pos::Done)?,
        };
        let call = &self.st.calls[c];
        let mut choices: Vec<Choice> = Vec::new();
        let ev = |event: CallEvent| Some(ScriptEvent { at: 0, call: c as u32, event, after_timeouts: false });
        let mut push =
            |label: String, event: Option<ScriptEvent>| choices.push(Choice { label, event, time_out: None });
        let waiting_for;
        // The arm's own time-out, offered after its other choices.
        let mut own_time_out: Option<TimeOut> = None;
        // Offers ringing for this call or its callbacks.
        let mut ringing: Vec<Party> = Vec::new();
        if let Some(q) = &call.queue {
            ringing.extend(q.ringing.iter().map(|&mi| q.members[mi].party));
        }
        for cb in self.st.callbacks.iter().filter(|cb| cb.call as usize == c) {
            ringing.extend(cb.queue.ringing.iter().map(|&mi| cb.queue.members[mi].party));
        }
        let dialing_cb = self
            .st
            .callbacks
            .iter()
            .any(|cb| cb.call as usize == c && matches!(cb.state, CbState::Dialing(_)));
        match &call.pos {
            Pos::Wait(Wait::Menu { node, .. }) | Pos::Wait(Wait::Collect { node, .. }) => {
                waiting_for =
                    WaitingFor::Key { component: self.graph_of(c).nodes[*node as usize].id.to_string() };
                for k in DtmfKey::ALL {
                    push(format!("caller presses {k}"), ev(CallEvent::Dtmf { key: k }));
                }
                own_time_out = Some(TimeOut::NoInput);
            }
            Pos::Wait(Wait::Queued { node }) | Pos::Wait(Wait::QueueHold { node }) => {
                let n = &self.graph_of(c).nodes[*node as usize];
                waiting_for = WaitingFor::Queue { component: n.id.to_string() };
                for k in DtmfKey::ALL {
                    if n.alt_keys[key_index(k)].is_some() {
                        push(
                            format!("caller presses {k} (alternative exit)"),
                            ev(CallEvent::Dtmf { key: k }),
                        );
                    }
                }
                if ringing.is_empty() {
                    if let Some(q) = &call.queue {
                        for m in &q.members {
                            if let Party::Agent(a) = m.party
                                && !self.agent_free(a)
                                && !self.st.agents[a].engaged
                            {
                                let id = self.st.agents[a].id.to_string();
                                push(
                                    format!("agent {id} becomes available"),
                                    ev(CallEvent::AgentStatus { agent: id, status: AgentStatus::Available }),
                                );
                            }
                        }
                    }
                    own_time_out = Some(TimeOut::MaxWaitingTime);
                }
            }
            Pos::Wait(Wait::Talking { party, .. }) => {
                let (name, _) = self.party_name(*party);
                waiting_for =
                    WaitingFor::Talk { party: name.to_string(), agent: matches!(party, Party::Agent(_)) };
                match party {
                    Party::Agent(_) => push(
                        format!("agent {name} ends the call"),
                        ev(CallEvent::AgentEndCall { agent: name.to_string() }),
                    ),
                    Party::Ed(_) => push(
                        format!("{name} ends the call"),
                        ev(CallEvent::ExtEndCall { destination: name.to_string() }),
                    ),
                }
            }
            Pos::Wait(Wait::External { number, bridged, .. }) => {
                waiting_for = WaitingFor::External { number: number.clone(), bridged: *bridged };
                if *bridged {
                    push(
                        format!("{number} ends the call"),
                        ev(CallEvent::ExtEndCall { destination: number.clone() }),
                    );
                } else {
                    push(
                        format!("{number} answers"),
                        ev(CallEvent::ExtAnswer { destination: number.clone() }),
                    );
                    push(format!("{number} is busy"), ev(CallEvent::ExtBusy { destination: number.clone() }));
                    push(format!("{number} fails"), ev(CallEvent::ExtFail { destination: number.clone() }));
                    own_time_out = Some(TimeOut::OutdialTime);
                }
            }
            Pos::Wait(Wait::Voicemail { .. }) => {
                waiting_for = WaitingFor::Voicemail;
                own_time_out = Some(TimeOut::MaxDuration);
            }
            Pos::Wait(Wait::DialerLeg { agent_leg, .. }) => {
                waiting_for = WaitingFor::DialerLeg { agent_leg: *agent_leg };
                let mk = |answered| {
                    if *agent_leg {
                        CallEvent::DialerAgentLeg { answered }
                    } else {
                        CallEvent::DialerCustomerLeg { answered }
                    }
                };
                push("answered".into(), ev(mk(true)));
                push("no answer".into(), ev(mk(false)));
            }
            Pos::Wait(Wait::AwaitCallback { .. }) => {
                waiting_for = WaitingFor::Callback;
                if dialing_cb {
                    push(
                        "customer answers the callback".into(),
                        ev(CallEvent::CustomerCallbackAnswer { answered: true }),
                    );
                    push(
                        "customer does not answer".into(),
                        ev(CallEvent::CustomerCallbackAnswer { answered: false }),
                    );
                } else if ringing.is_empty() {
                    own_time_out = Some(TimeOut::CallbackWaitingTime);
                }
            }
            Pos::Enter(_) | Pos::Done => return None,
        }
        choices.extend(own_time_out.map(TimeOut::choice));
        for &p in &ringing {
            let (name, pt) = self.party_name(p);
            if pt == PartyType::Agent {
                let agent = name.to_string();
                choices.push(Choice {
                    label: format!("agent {agent} answers"),
                    event: ev(CallEvent::AgentAnswer { agent: agent.clone() }),
                    time_out: None,
                });
                choices.push(Choice {
                    label: format!("agent {agent} rejects"),
                    event: ev(CallEvent::AgentReject { agent: agent.clone() }),
                    time_out: None,
                });
                choices.push(Choice {
                    label: format!("agent {agent}'s device fails"),
                    event: ev(CallEvent::AgentDeviceFail { agent }),
                    time_out: None,
                });
            } else {
                let d = name.to_string();
                choices.push(Choice {
                    label: format!("{d} answers"),
                    event: ev(CallEvent::ExtAnswer { destination: d.clone() }),
                    time_out: None,
                });
                choices.push(Choice {
                    label: format!("{d} is busy"),
                    event: ev(CallEvent::ExtBusy { destination: d }),
                    time_out: None,
                });
            }
        }
        if !ringing.is_empty() {
            choices.push(TimeOut::RingTime.choice());
        }
        if call.caller_connected && call.dialer.as_ref().is_none_or(|d| d.customer_on_line) {
            choices.push(Choice {
                label: "caller hangs up".into(),
                event: ev(CallEvent::CallerHangup),
                time_out: None,
            });
        }
        if timer.is_none() {
            choices.retain(|ch| ch.event.is_some());
        }
        if choices.is_empty() {
            return None;
        }
        Some(PendingDecision {
            at: self.st.now,
            call: c as u32,
            waiting: waiting_for.english(),
            waiting_for,
            choices,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OfferFail {
    Timeout,
    Reject,
    Device,
    Network,
    Busy,
}

/// Queue class of timers: after environment events and caller/agent actions at the same time.
pub(crate) const TIMER: u8 = 2;

/// Environment events (class 0) take effect at the start of their time, before components run;
/// caller and agent actions (class 1) come after the flow reached its waiting point, so a key
/// pressed exactly at a time-out still counts; time-outs fire last (class 2). An action recorded
/// by an interactive session after a time-out fired at the same time carries `after_timeouts`
/// (class 3), so the recorded script replays in the order it happened.
fn event_class(ev: &ScriptEvent) -> u8 {
    match ev.event {
        CallEvent::TrafficLimit { .. }
        | CallEvent::AgentStatus { .. }
        | CallEvent::ComponentError { .. }
        | CallEvent::ClockAdvance { .. } => 0,
        _ if ev.after_timeouts => 3,
        _ => 1,
    }
}

/// The position (in time order) of a script's opening `call_arrive`: a `call_arrive` at t=0 that
/// is the first event other than environment events. §4.1 starts a timeline with `call.arrive`,
/// and the first call arrives at t=0 anyway, so that event is the first call's arrival (with its
/// numbers) rather than a second caller at the same instant [A]. Every other `call_arrive` adds
/// a call. `None`: the first call arrives at t=0 with the call setup's numbers.
pub(crate) fn opening_arrival<'a>(
    script_in_time_order: impl IntoIterator<Item = &'a ScriptEvent>,
) -> Option<usize> {
    script_in_time_order
        .into_iter()
        .enumerate()
        .find(|(_, e)| !is_environment_event(&e.event))
        .filter(|(_, e)| e.at == 0 && matches!(e.event, CallEvent::CallArrive { .. }))
        .map(|(i, _)| i)
}

/// Events about the platform and agents' presence, not about a call.
fn is_environment_event(ev: &CallEvent) -> bool {
    matches!(
        ev,
        CallEvent::TrafficLimit { .. }
            | CallEvent::AgentStatus { .. }
            | CallEvent::ComponentError { .. }
            | CallEvent::ClockAdvance { .. }
    )
}

pub(crate) fn wait_node(w: &Wait) -> NodeIx {
    match w {
        Wait::Menu { node, .. }
        | Wait::Collect { node, .. }
        | Wait::Queued { node }
        | Wait::QueueHold { node }
        | Wait::Talking { node, .. }
        | Wait::External { node, .. }
        | Wait::Voicemail { node, .. }
        | Wait::AwaitCallback { node, .. }
        | Wait::DialerLeg { node, .. } => *node,
    }
}
