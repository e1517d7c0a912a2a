//! A stepping debugger over a [`Sim`]: step, continue to a breakpoint, step back, restart,
//! inspect, and answer pending decisions in interactive mode.
//!
//! **Positions.** The session pauses *before* a component is entered (and when the simulation
//! ends or needs a decision). Each unit of work the simulation does is a *tick*; a position is
//! the tick count.
//!
//! **Step back.** Every [`SNAPSHOT_EVERY`] ticks the session keeps a snapshot: a clone of the
//! simulation state (small: no trace) plus the trace and report lengths. Going back restores the
//! nearest snapshot at or before the target and replays at most `SNAPSHOT_EVERY - 1` ticks,
//! re-applying the choices made at those ticks; the logs are truncated to the snapshot's lengths
//! and regrow during the replay. The cost of one step back is bounded by the replay, not by the
//! length of the call.
//!
//! **Recording.** Every choice that adds an event is recorded with its virtual time;
//! [`DebugSession::recorded_script`] is the original script plus those events: replaying it
//! non-interactively gives the same trace.

use std::sync::Arc;

use callflow_model::ScriptEvent;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::expr::{Expr, Scope};
use crate::sim::{Choice, Party, PendingDecision, Pos, Progress, Sim, State, Wait, wait_node};
use crate::trace::{TraceEvent, TraceKind};

/// Ticks between two snapshots.
pub const SNAPSHOT_EVERY: u64 = 32;

/// Where the session should stop when continuing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Breakpoint {
    /// Before the component is entered (in any flow of the program).
    Component { component: String },
    /// After the component left by this exit.
    Exit { component: String, exit: String },
    /// Before any component, when the CEL expression over the first call's variables is true.
    Condition { expression: String },
}

/// Why a session paused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StopReason {
    Step,
    Breakpoint {
        index: u32,
    },
    Decision,
    Finished,
    /// `continue` gave up after this many ticks without reaching anything (a safety net).
    TickLimit,
}

/// Everything the debugger panel shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DebugView {
    pub at: u64,
    pub tick: u64,
    pub stop: StopReason,
    pub finished: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pending: Option<PendingDecision>,
    pub calls: Vec<CallView>,
    pub agents: Vec<AgentView>,
    pub queues: Vec<QueueView>,
    pub timers: Vec<TimerView>,
    /// Trace events since the previous pause.
    pub new_events: Vec<TraceEvent>,
    pub trace_len: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CallView {
    pub call: u32,
    /// The component about to be entered or being waited in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub component: Option<String>,
    /// `about_to_enter`, `waiting: ...`, `done: <reason>`.
    pub state: String,
    pub caller_connected: bool,
    /// The flows on the call's stack, outermost first.
    pub flows: Vec<String>,
    pub variables: std::collections::BTreeMap<String, serde_json::Value>,
    pub syskeys: std::collections::BTreeMap<String, serde_json::Value>,
    pub steps: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AgentView {
    pub id: String,
    pub name: String,
    pub status: callflow_model::scenario::AgentStatus,
    pub engaged: bool,
    pub idle_sec: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QueueView {
    pub queue: String,
    /// `call N` or `callback N`.
    pub item: String,
    pub priority: u32,
    pub enqueued_at: u64,
    pub paused: bool,
    pub ringing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TimerView {
    pub at: u64,
    pub what: String,
}

#[derive(Debug, Clone)]
struct Snapshot {
    tick: u64,
    state: State,
    trace_len: usize,
    report_len: usize,
}

#[derive(Debug, Clone)]
struct Applied {
    tick: u64,
    event: Option<ScriptEvent>,
}

/// A debugging session. Cheap to clone is not a goal; it is driven from one place.
#[derive(Debug)]
pub struct DebugSession {
    initial: Sim,
    sim: Sim,
    tick: u64,
    snapshots: Vec<Snapshot>,
    pauses: Vec<u64>,
    applied: Vec<Applied>,
    breakpoints: Vec<Breakpoint>,
    conditions: Vec<Option<Expr>>,
    pending: Option<PendingDecision>,
    last_pause_trace: usize,
    stop: StopReason,
}

impl DebugSession {
    /// A session over `sim`, paused before the first component. `interactive` turns decisions on.
    pub fn new(mut sim: Sim, interactive: bool) -> DebugSession {
        sim.set_interactive(interactive);
        let initial = sim.clone();
        let mut s = DebugSession {
            initial,
            sim,
            tick: 0,
            snapshots: Vec::new(),
            pauses: vec![0],
            applied: Vec::new(),
            breakpoints: Vec::new(),
            conditions: Vec::new(),
            pending: None,
            last_pause_trace: 0,
            stop: StopReason::Step,
        };
        s.snapshot();
        s
    }

    fn snapshot(&mut self) {
        self.snapshots.push(Snapshot {
            tick: self.tick,
            state: self.sim.st.clone(),
            trace_len: self.sim.log.trace.len(),
            report_len: self.sim.log.report.len(),
        });
    }

    /// One tick, applying any recorded choice for this tick first.
    fn tick_once(&mut self) -> Progress {
        for a in self.applied.iter().filter(|a| a.tick == self.tick) {
            match &a.event {
                Some(ev) => {
                    self.sim.inject(ev.clone());
                }
                None => self.sim.allow_next_timer(),
            }
        }
        let p = self.sim.advance();
        if !matches!(p, Progress::Decision(_)) {
            self.tick += 1;
            if self.tick.is_multiple_of(SNAPSHOT_EVERY)
                && self.snapshots.last().is_none_or(|s| s.tick < self.tick)
            {
                self.snapshot();
            }
        }
        p
    }

    fn about_to_enter(&self) -> bool {
        self.sim.st.calls.iter().any(|c| matches!(c.pos, Pos::Enter(_)))
    }

    /// Advances until the next pause point: before a component, a decision, or the end.
    pub fn step(&mut self) -> DebugView {
        self.run_until(false)
    }

    /// Advances until a breakpoint, a decision or the end.
    pub fn continue_(&mut self) -> DebugView {
        self.run_until(true)
    }

    fn run_until(&mut self, to_breakpoint: bool) -> DebugView {
        const TICK_LIMIT: u64 = 5_000_000;
        let start_tick = self.tick;
        self.pending = None;
        loop {
            if self.sim.is_finished() {
                self.stop = StopReason::Finished;
                break;
            }
            let before_trace = self.sim.log.trace.len();
            match self.tick_once() {
                Progress::Decision(d) => {
                    self.pending = Some(d);
                    self.stop = StopReason::Decision;
                    break;
                }
                Progress::Finished => {
                    self.stop = StopReason::Finished;
                    break;
                }
                _ => {}
            }
            if to_breakpoint && let Some(i) = self.exit_breakpoint(before_trace) {
                self.stop = StopReason::Breakpoint { index: i as u32 };
                break;
            }
            if self.about_to_enter() {
                if !to_breakpoint {
                    self.stop = StopReason::Step;
                    break;
                }
                if let Some(i) = self.entry_breakpoint() {
                    self.stop = StopReason::Breakpoint { index: i as u32 };
                    break;
                }
            }
            if self.tick - start_tick > TICK_LIMIT {
                self.stop = StopReason::TickLimit;
                break;
            }
        }
        if self.pauses.last() != Some(&self.tick) {
            self.pauses.push(self.tick);
        }
        self.view()
    }

    fn exit_breakpoint(&self, from: usize) -> Option<usize> {
        for ev in &self.sim.log.trace[from.min(self.sim.log.trace.len())..] {
            if let TraceKind::Exit { component, exit, .. } = &ev.event {
                let hit = self.breakpoints.iter().position(|b| {
                    matches!(b, Breakpoint::Exit { component: c, exit: e } if **c == **component && **e == **exit)
                });
                if hit.is_some() {
                    return hit;
                }
            }
        }
        None
    }

    fn entry_breakpoint(&self) -> Option<usize> {
        let prog = &self.sim.prog;
        for (ci, call) in self.sim.st.calls.iter().enumerate() {
            let Pos::Enter(node) = call.pos else { continue };
            let frame = call.frames.last().expect("frame");
            let g = &prog.graphs[frame.graph];
            let id = &g.nodes[node as usize].id;
            for (i, b) in self.breakpoints.iter().enumerate() {
                match b {
                    Breakpoint::Component { component } if **component == **id => return Some(i),
                    Breakpoint::Condition { .. } if ci == 0 => {
                        if let Some(Some(expr)) = self.conditions.get(i) {
                            let scope = ViewScope { sim: &self.sim, call: ci };
                            if expr.eval_bool(&scope).unwrap_or(false) {
                                return Some(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        None
    }

    /// Adds a breakpoint; a condition that does not compile is refused with the reason.
    pub fn add_breakpoint(&mut self, b: Breakpoint) -> Result<usize, String> {
        let cond = match &b {
            Breakpoint::Condition { expression } => Some(Expr::compile(expression)?),
            Breakpoint::Component { component } | Breakpoint::Exit { component, .. } => {
                if !self.sim.prog.graphs.iter().any(|g| g.node_index.contains_key(component.as_str())) {
                    return Err(format!("no component `{component}` in this flow or its modules"));
                }
                None
            }
        };
        self.breakpoints.push(b);
        self.conditions.push(cond);
        Ok(self.breakpoints.len() - 1)
    }

    pub fn remove_breakpoint(&mut self, index: usize) -> bool {
        if index < self.breakpoints.len() {
            self.breakpoints.remove(index);
            self.conditions.remove(index);
            true
        } else {
            false
        }
    }

    pub fn breakpoints(&self) -> &[Breakpoint] {
        &self.breakpoints
    }

    /// Answers the pending decision with choice `index`.
    pub fn choose(&mut self, index: usize) -> Result<DebugView, String> {
        let Some(d) = self.pending.take() else { return Err("nothing is pending".into()) };
        let Some(choice) = d.choices.get(index).cloned() else {
            let n = d.choices.len();
            self.pending = Some(d);
            return Err(format!("choice {index} does not exist (0..{})", n.saturating_sub(1)));
        };
        self.apply_choice(choice);
        Ok(self.step())
    }

    fn apply_choice(&mut self, choice: Choice) {
        // A new choice replaces whatever was decided from here on in an abandoned future.
        self.applied.retain(|a| a.tick < self.tick);
        let event = choice.event.map(|mut ev| {
            ev.at = self.sim.now();
            ev
        });
        self.applied.push(Applied { tick: self.tick, event });
    }

    /// Goes back to the previous pause point.
    pub fn step_back(&mut self) -> DebugView {
        while self.pauses.len() > 1 && *self.pauses.last().expect("non-empty") >= self.tick {
            self.pauses.pop();
        }
        let target =
            if self.pauses.len() > 1 || self.tick > 0 { *self.pauses.last().unwrap_or(&0) } else { 0 };
        let target = if target >= self.tick { 0 } else { target };
        self.goto(target);
        self.stop = StopReason::Step;
        self.pending = None;
        self.view()
    }

    /// Restores the position `target` (a tick at or before the current one).
    fn goto(&mut self, target: u64) {
        let snap =
            self.snapshots.iter().rev().find(|s| s.tick <= target).cloned().expect("tick 0 is snapshotted");
        self.sim.st = snap.state;
        self.sim.log.trace.truncate(snap.trace_len);
        self.sim.log.report.truncate(snap.report_len);
        self.tick = snap.tick;
        self.snapshots.retain(|s| s.tick <= snap.tick);
        while self.tick < target {
            match self.tick_once() {
                Progress::Decision(_) | Progress::Finished => break,
                _ => {}
            }
        }
        self.last_pause_trace = self.sim.log.trace.len();
    }

    /// Back to the start; breakpoints stay, choices are forgotten.
    pub fn restart(&mut self) -> DebugView {
        self.sim = self.initial.clone();
        self.tick = 0;
        self.snapshots.clear();
        self.snapshot();
        self.pauses = vec![0];
        self.applied.clear();
        self.pending = None;
        self.last_pause_trace = 0;
        self.stop = StopReason::Step;
        self.view()
    }

    /// Runs to the end, taking the default at every decision.
    pub fn finish(&mut self) -> DebugView {
        loop {
            let v = self.continue_();
            match v.stop {
                StopReason::Decision => {
                    self.apply_choice(Choice { label: "default".into(), event: None });
                    // A decision without a time-out choice ends the run.
                    if let Some(d) = &v.pending
                        && d.choices.iter().all(|c| c.event.is_some())
                    {
                        self.sim.set_interactive(false);
                    }
                }
                _ => return v,
            }
        }
    }

    /// The original script plus every event chosen interactively, in time order.
    pub fn recorded_script(&self) -> Vec<ScriptEvent> {
        let mut out: Vec<ScriptEvent> = self.sim.script.to_vec();
        out.extend(self.sim.st.extra.iter().cloned());
        out.sort_by_key(|e| e.at);
        out
    }

    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    pub fn trace(&self) -> &[TraceEvent] {
        &self.sim.log.trace
    }

    /// Approximate bytes held by the step-back history.
    pub fn history_bytes(&self) -> usize {
        self.snapshots.iter().map(|s| state_bytes(&s.state)).sum::<usize>() + self.pauses.len() * 8
    }

    /// What the debugger shows now.
    pub fn view(&mut self) -> DebugView {
        let sim = &self.sim;
        let prog = &sim.prog;
        let calls = sim
            .st
            .calls
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let frame = c.frames.last().expect("frame");
                let g = &prog.graphs[frame.graph];
                let (component, state) = match &c.pos {
                    Pos::Enter(n) => {
                        (Some(g.nodes[*n as usize].id.to_string()), "about_to_enter".to_string())
                    }
                    Pos::Wait(w) => (
                        Some(g.nodes[wait_node(w) as usize].id.to_string()),
                        format!("waiting: {}", wait_label(w)),
                    ),
                    Pos::Done => (None, format!("done: {}", c.end.clone().unwrap_or_default())),
                };
                let variables = g
                    .vars
                    .iter()
                    .enumerate()
                    .map(|(k, v)| (v.0.to_string(), frame.vars[k].clone()))
                    .collect();
                CallView {
                    call: i as u32,
                    component,
                    state,
                    caller_connected: c.caller_connected,
                    flows: c.frames.iter().map(|f| prog.graphs[f.graph].id.to_string()).collect(),
                    variables,
                    syskeys: c.syskeys.clone(),
                    steps: c.steps,
                }
            })
            .collect();
        let agents = sim
            .st
            .agents
            .iter()
            .map(|a| AgentView {
                id: a.id.to_string(),
                name: a.info.name.clone(),
                status: a.status,
                engaged: a.engaged,
                idle_sec: sim.st.now as i64 - a.idle_since,
            })
            .collect();
        let mut queues = Vec::new();
        let name = |p: Party| match p {
            Party::Agent(a) => sim.st.agents[a].id.to_string(),
            Party::Ed(e) => sim.st.eds[e].name.to_string(),
        };
        for (i, c) in sim.st.calls.iter().enumerate() {
            if let Some(q) = &c.queue
                && !q.silent
                && !q.members.is_empty()
            {
                queues.push(QueueView {
                    queue: q.label.to_string(),
                    item: format!("call {i}"),
                    priority: q.priority,
                    enqueued_at: q.enqueued_at,
                    paused: q.paused,
                    ringing: q.ringing.iter().map(|&m| name(q.members[m].party)).collect(),
                });
            }
        }
        for cb in &sim.st.callbacks {
            if cb.state == crate::sim::CbState::Waiting {
                let q = &cb.queue;
                queues.push(QueueView {
                    queue: q.label.to_string(),
                    item: format!("callback {}", cb.id),
                    priority: q.priority,
                    enqueued_at: q.enqueued_at,
                    paused: false,
                    ringing: q.ringing.iter().map(|&m| name(q.members[m].party)).collect(),
                });
            }
        }
        let mut timers: Vec<TimerView> = sim
            .st
            .pending
            .iter()
            .filter(|p| p.0.class == crate::sim::TIMER && !sim.is_stale(&p.0.ev))
            .map(|p| TimerView { at: p.0.at, what: timer_label(&p.0.ev) })
            .collect();
        timers.sort_by(|a, b| (a.at, &a.what).cmp(&(b.at, &b.what)));
        let new_events = sim.log.trace[self.last_pause_trace.min(sim.log.trace.len())..].to_vec();
        self.last_pause_trace = sim.log.trace.len();
        DebugView {
            at: sim.st.now,
            tick: self.tick,
            stop: self.stop.clone(),
            finished: sim.is_finished(),
            pending: self.pending.clone(),
            calls,
            agents,
            queues,
            timers,
            new_events,
            trace_len: sim.log.trace.len() as u32,
        }
    }
}

fn timer_label(ev: &crate::sim::Ev) -> String {
    use crate::sim::{CallTimer, CbTimer, Ev};
    match ev {
        Ev::Call { call, what, .. } => {
            let what = match what {
                CallTimer::Menu => "menu time-out",
                CallTimer::Collect => "digit time-out",
                CallTimer::MaxWait => "maximum waiting time",
                CallTimer::Ring(u64::MAX) => "external destination back-off ends",
                CallTimer::Ring(_) => "ring time-out",
                CallTimer::Outdial => "outdial time-out",
                CallTimer::DialerLeg => "dialer leg time-out",
                CallTimer::Voicemail => "voicemail maximum duration",
            };
            format!("call {call}: {what}")
        }
        Ev::Cb { id, what, .. } => {
            let what = match what {
                CbTimer::MaxWait => "maximum waiting time",
                CbTimer::Expire => "expiry",
                CbTimer::Ring(_) => "ring time-out",
                CbTimer::CustomerRing => "customer ring time-out",
            };
            format!("callback {id}: {what}")
        }
        Ev::Script(i) => format!("script event {i}"),
        Ev::Tick => "clock advance ends".into(),
    }
}

fn wait_label(w: &Wait) -> &'static str {
    match w {
        Wait::Menu { .. } => "menu input",
        Wait::Collect { .. } => "digits",
        Wait::Queued { .. } => "queued for an agent",
        Wait::QueueHold { .. } => "holding in queue",
        Wait::Talking { .. } => "in conversation",
        Wait::External { bridged: true, .. } => "bridged to an external party",
        Wait::External { .. } => "ringing an external party",
        Wait::Voicemail { .. } => "recording voicemail",
        Wait::AwaitCallback { .. } => "callback request outcome",
        Wait::DialerLeg { .. } => "dialer leg",
    }
}

fn state_bytes(st: &State) -> usize {
    let calls: usize = st
        .calls
        .iter()
        .map(|c| {
            std::mem::size_of_val(c)
                + c.frames.iter().map(|f| f.vars.len() * 48 + 32).sum::<usize>()
                + c.syskeys.len() * 96
                + c.queue.as_ref().map(|q| q.members.len() * 24 + q.tried.len()).unwrap_or(0)
        })
        .sum();
    std::mem::size_of::<State>()
        + calls
        + st.pending.len() * 40
        + st.agents.len() * 160
        + st.callbacks.len() * 256
        + (st.stats.agents.len() + st.stats.queues.len() + st.stats.external_destinations.len()) * 96
}

struct ViewScope<'a> {
    sim: &'a Sim,
    call: usize,
}

impl Scope for ViewScope<'_> {
    fn var(&self, name: &str) -> Option<&serde_json::Value> {
        let c = &self.sim.st.calls[self.call];
        let frame = c.frames.last()?;
        let g = &self.sim.prog.graphs[frame.graph];
        g.var_index.get(name).map(|&i| &frame.vars[i])
    }
    fn syskeys(&self) -> &std::collections::BTreeMap<String, serde_json::Value> {
        &self.sim.st.calls[self.call].syskeys
    }
    fn call(&self) -> serde_json::Value {
        let c = &self.sim.st.calls[self.call];
        serde_json::json!({"id": self.call, "ani": &*c.ani, "dnis": &*c.dnis, "now": self.sim.st.now})
    }
}

/// Shared handle type for hosts that keep sessions in a map (the desktop app).
pub type SharedSession = Arc<std::sync::Mutex<DebugSession>>;
