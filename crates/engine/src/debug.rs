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
//!
//! **Edits.** [`DebugSession::set_variable`] changes a variable while paused: the run forks
//! from that point (choices recorded later in the abandoned future are dropped) and the edit is
//! recorded at its tick, so stepping back and forward again replays it like a choice.
//! [`DebugSession::jump_to_trace`] goes back to the pause before a trace event;
//! [`DebugSession::interrupt_handle`] lets another thread pause a long `continue`;
//! [`DebugSession::to_test_call`] turns the session into a saved test call.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use callflow_model::{Expectations, ScriptEvent, TestCall};
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
    /// Before the component is entered, when the CEL expression over that call's variables is
    /// true (a conditional breakpoint on a component).
    ComponentWhen { component: String, expression: String },
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
    /// Paused from outside (see [`DebugSession::interrupt_handle`]).
    Paused,
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
    /// `about_to_enter`, `waiting: ...`, `done: <reason>` (English; the command line prints it).
    pub state: String,
    /// The same as data, for a UI to word in its own language.
    pub status: CallStatus,
    pub caller_connected: bool,
    /// The flows on the call's stack, outermost first.
    pub flows: Vec<String>,
    pub variables: std::collections::BTreeMap<String, serde_json::Value>,
    pub syskeys: std::collections::BTreeMap<String, serde_json::Value>,
    pub steps: u32,
}

/// Where a call is, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CallStatus {
    /// Paused before entering `CallView::component`.
    AboutToEnter,
    /// Waiting in `CallView::component`.
    Waiting { wait: WaitState },
    /// Ended; `reason` is the trace's end reason (`flow_ended`, `caller_hung_up`, ...).
    Done { reason: String },
}

/// What a waiting call waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WaitState {
    MenuInput,
    Digits,
    Queued,
    QueueHold,
    Conversation,
    ExternalBridged,
    ExternalRinging,
    Voicemail,
    CallbackOutcome,
    DialerLeg,
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

/// A timer that will run out unless something happens first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TimerView {
    pub at: u64,
    /// What runs out, in English ([`PendingTimer::label`]).
    pub what: String,
    /// The same as data, for wording it in the UI's language.
    pub timer: PendingTimer,
}

/// Whose timer it is and what runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PendingTimer {
    Call {
        call: u32,
        timer: CallTimerKind,
    },
    Callback {
        id: u32,
        timer: CallbackTimerKind,
    },
    /// An event of the test call's script is due.
    Script {
        index: u32,
    },
    /// The end of a clock advance.
    ClockAdvance,
}

/// What runs out for a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CallTimerKind {
    MenuTimeOut,
    DigitTimeOut,
    MaxWaitingTime,
    /// An external destination that failed may be tried again.
    ExternalBackOff,
    RingTimeOut,
    OutdialTimeOut,
    DialerLegTimeOut,
    VoicemailMaxDuration,
}

/// What runs out for a callback request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CallbackTimerKind {
    MaxWaitingTime,
    Expiry,
    RingTimeOut,
    CustomerRingTimeOut,
}

impl PendingTimer {
    fn of(ev: &crate::sim::Ev) -> PendingTimer {
        use crate::sim::{CallTimer, CbTimer, Ev};
        match *ev {
            Ev::Call { call, what, .. } => PendingTimer::Call {
                call,
                timer: match what {
                    CallTimer::Menu => CallTimerKind::MenuTimeOut,
                    CallTimer::Collect => CallTimerKind::DigitTimeOut,
                    CallTimer::MaxWait => CallTimerKind::MaxWaitingTime,
                    CallTimer::Ring(u64::MAX) => CallTimerKind::ExternalBackOff,
                    CallTimer::Ring(_) => CallTimerKind::RingTimeOut,
                    CallTimer::Outdial => CallTimerKind::OutdialTimeOut,
                    CallTimer::DialerLeg => CallTimerKind::DialerLegTimeOut,
                    CallTimer::Voicemail => CallTimerKind::VoicemailMaxDuration,
                },
            },
            Ev::Cb { id, what, .. } => PendingTimer::Callback {
                id,
                timer: match what {
                    CbTimer::MaxWait => CallbackTimerKind::MaxWaitingTime,
                    CbTimer::Expire => CallbackTimerKind::Expiry,
                    CbTimer::Ring(_) => CallbackTimerKind::RingTimeOut,
                    CbTimer::CustomerRing => CallbackTimerKind::CustomerRingTimeOut,
                },
            },
            Ev::Script(index) => PendingTimer::Script { index: u32::try_from(index).unwrap_or(u32::MAX) },
            Ev::Tick => PendingTimer::ClockAdvance,
        }
    }

    /// The timer in English, as the CLI and the trace word it.
    pub fn label(self) -> String {
        match self {
            PendingTimer::Call { call, timer } => format!("call {call}: {}", timer.label()),
            PendingTimer::Callback { id, timer } => format!("callback {id}: {}", timer.label()),
            PendingTimer::Script { index } => format!("script event {index}"),
            PendingTimer::ClockAdvance => "clock advance ends".into(),
        }
    }
}

impl CallTimerKind {
    pub fn label(self) -> &'static str {
        match self {
            CallTimerKind::MenuTimeOut => "menu time-out",
            CallTimerKind::DigitTimeOut => "digit time-out",
            CallTimerKind::MaxWaitingTime => "maximum waiting time",
            CallTimerKind::ExternalBackOff => "external destination back-off ends",
            CallTimerKind::RingTimeOut => "ring time-out",
            CallTimerKind::OutdialTimeOut => "outdial time-out",
            CallTimerKind::DialerLegTimeOut => "dialer leg time-out",
            CallTimerKind::VoicemailMaxDuration => "voicemail maximum duration",
        }
    }
}

impl CallbackTimerKind {
    pub fn label(self) -> &'static str {
        match self {
            CallbackTimerKind::MaxWaitingTime => "maximum waiting time",
            CallbackTimerKind::Expiry => "expiry",
            CallbackTimerKind::RingTimeOut => "ring time-out",
            CallbackTimerKind::CustomerRingTimeOut => "customer ring time-out",
        }
    }
}

#[derive(Debug, Clone)]
struct Snapshot {
    tick: u64,
    state: State,
    trace_len: usize,
    report_len: usize,
}

/// Something done by hand at a tick, replayed when the session passes that tick again.
#[derive(Debug, Clone)]
enum Action {
    /// A choice that adds a script event.
    Inject(ScriptEvent),
    /// The "no one acts" choice: the pending time-out happens.
    AllowTimer,
    /// A variable edited while paused.
    SetVar { call: usize, index: usize, value: serde_json::Value },
}

#[derive(Debug, Clone)]
struct Applied {
    tick: u64,
    action: Action,
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
    /// Trace length at each pause point (tick, length), for jumping back to a trace event.
    marks: Vec<(u64, usize)>,
    interrupt: Arc<AtomicBool>,
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
            marks: vec![(0, 0)],
            interrupt: Arc::new(AtomicBool::new(false)),
        };
        s.snapshot();
        s
    }

    /// A flag another thread may set to pause a running `continue` (checked every few thousand
    /// ticks; the session stops with [`StopReason::Paused`]).
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// Applies the variable edits recorded at the current tick (they belong to the pause there).
    fn apply_edits_here(&mut self) {
        for a in self.applied.iter().filter(|a| a.tick == self.tick) {
            if let Action::SetVar { call, index, value } = &a.action
                && let Some(frame) = self.sim.st.calls.get_mut(*call).and_then(|c| c.frames.last_mut())
                && let Some(slot) = frame.vars.get_mut(*index)
            {
                *slot = value.clone();
            }
        }
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
        self.apply_edits_here();
        for a in self.applied.iter().filter(|a| a.tick == self.tick) {
            match &a.action {
                Action::Inject(ev) => {
                    self.sim.inject(ev.clone());
                }
                Action::AllowTimer => self.sim.allow_next_timer(),
                Action::SetVar { .. } => {}
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
        const INTERRUPT_EVERY: u64 = 4096;
        let start_tick = self.tick;
        self.pending = None;
        self.interrupt.store(false, Ordering::Relaxed);
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
            if self.tick.is_multiple_of(INTERRUPT_EVERY) && self.interrupt.swap(false, Ordering::Relaxed) {
                self.stop = StopReason::Paused;
                break;
            }
        }
        self.apply_edits_here();
        if self.pauses.last() != Some(&self.tick) {
            self.pauses.push(self.tick);
        }
        self.mark();
        self.view()
    }

    fn mark(&mut self) {
        let here = (self.tick, self.sim.log.trace.len());
        if self.marks.last() != Some(&here) {
            self.marks.retain(|m| m.0 < here.0);
            self.marks.push(here);
        }
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
                    Breakpoint::ComponentWhen { component, .. } if **component == **id => {
                        if let Some(Some(expr)) = self.conditions.get(i) {
                            let scope = ViewScope { sim: &self.sim, call: ci };
                            if expr.eval_bool(&scope).unwrap_or(false) {
                                return Some(i);
                            }
                        }
                    }
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
        let known = |component: &str| -> Result<(), String> {
            if self.sim.prog.graphs.iter().any(|g| g.node_index.contains_key(component)) {
                Ok(())
            } else {
                Err(format!("no component `{component}` in this flow or its modules"))
            }
        };
        let cond = match &b {
            Breakpoint::Condition { expression } => Some(Expr::compile(expression)?),
            Breakpoint::ComponentWhen { component, expression } => {
                known(component)?;
                Some(Expr::compile(expression).map_err(|e| format!("condition of `{component}`: {e}"))?)
            }
            Breakpoint::Component { component } | Breakpoint::Exit { component, .. } => {
                known(component)?;
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

    /// Replaces every breakpoint. On a refused one (its index and why), none is kept.
    pub fn set_breakpoints(&mut self, list: Vec<Breakpoint>) -> Result<(), (usize, String)> {
        let old = (std::mem::take(&mut self.breakpoints), std::mem::take(&mut self.conditions));
        for (i, b) in list.into_iter().enumerate() {
            if let Err(e) = self.add_breakpoint(b) {
                (self.breakpoints, self.conditions) = old;
                return Err((i, e));
            }
        }
        Ok(())
    }

    /// Sets variable `name` of call `call` (in the flow the call is in now) while paused. The
    /// run forks here: choices recorded after this point are forgotten.
    pub fn set_variable(
        &mut self,
        call: u32,
        name: &str,
        value: serde_json::Value,
    ) -> Result<DebugView, String> {
        let ci = call as usize;
        let c = self.sim.st.calls.get(ci).ok_or_else(|| format!("there is no call {call}"))?;
        if matches!(c.pos, Pos::Done) {
            return Err(format!("call {call} has ended: its variables can no longer change"));
        }
        let frame = c.frames.last().expect("frame");
        let g = &self.sim.prog.graphs[frame.graph];
        let &index =
            g.var_index.get(name).ok_or_else(|| format!("flow `{}` has no variable `{name}`", g.id))?;
        let ty = g.vars[index].1;
        if !ty.accepts(&value) {
            return Err(
                format!("variable `{name}` is a {ty:?} variable; {value} is not a {ty:?}").to_lowercase()
            );
        }
        let tick = self.tick;
        // The abandoned future goes (the choices made from this pause on), and an earlier edit
        // of the same variable here; other edits made at this pause stay.
        self.applied.retain(|a| {
            a.tick < tick
                || (a.tick == tick
                    && matches!(&a.action, Action::SetVar { call: c2, index: i2, .. } if (*c2, *i2) != (ci, index)))
        });
        self.applied.push(Applied { tick, action: Action::SetVar { call: ci, index, value } });
        self.apply_edits_here();
        Ok(self.view())
    }

    /// Whether a variable was edited by hand after the call started (a saved test cannot
    /// express that: its script has only caller, agent and system events).
    pub fn has_mid_run_edits(&self) -> bool {
        self.applied.iter().any(|a| a.tick > 0 && matches!(a.action, Action::SetVar { .. }))
    }

    /// Goes back to the pause before trace event `index` was written (the trace as the view
    /// counts it). Going forward again replays the same choices.
    pub fn jump_to_trace(&mut self, index: usize) -> Result<DebugView, String> {
        let len = self.sim.log.trace.len();
        if index >= len {
            return Err(format!("there is no trace event {index} (the trace has {len})"));
        }
        // From the last pause known to come before the event, step forward (replaying the
        // recorded choices) until a step writes it; the pause before that step is the target.
        let start = self.marks.iter().filter(|m| m.1 <= index).map(|m| m.0).max().unwrap_or(0);
        self.goto(start);
        let mut target = start;
        loop {
            let before = self.tick;
            let v = self.run_until(false);
            if self.sim.log.trace.len() > index {
                target = before;
                break;
            }
            if v.finished || v.pending.is_some() || self.tick == before {
                break;
            }
        }
        self.goto(target);
        self.pauses.retain(|&p| p <= target);
        if self.pauses.last() != Some(&target) {
            self.pauses.push(target);
        }
        self.marks.retain(|m| m.0 <= target);
        self.stop = StopReason::Step;
        self.pending = None;
        self.redecide();
        Ok(self.view())
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
        // A new choice replaces whatever was decided from here on in an abandoned future (the
        // variable edits made at this pause stay: they came before the choice).
        let tick = self.tick;
        self.applied
            .retain(|a| a.tick < tick || (a.tick == tick && matches!(a.action, Action::SetVar { .. })));
        let action = match choice.event {
            Some(mut ev) => {
                ev.at = self.sim.now();
                Action::Inject(ev)
            }
            None => Action::AllowTimer,
        };
        self.applied.push(Applied { tick: self.tick, action });
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
        self.redecide();
        self.view()
    }

    /// Back at a pause where a decision was answered: asks it again, so the answer can be
    /// changed (answering replaces the recorded one; stepping on replays it).
    fn redecide(&mut self) {
        let chosen_here = self
            .applied
            .iter()
            .any(|a| a.tick == self.tick && matches!(a.action, Action::Inject(_) | Action::AllowTimer));
        if !chosen_here || self.sim.is_finished() {
            return;
        }
        // The simulation is deterministic: without the recorded answer it stops at the same
        // decision, and a decision changes no state.
        self.apply_edits_here();
        if let Progress::Decision(d) = self.sim.advance() {
            self.pending = Some(d);
            self.stop = StopReason::Decision;
        }
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
        self.apply_edits_here();
        self.marks.retain(|m| m.0 <= self.tick);
        self.last_pause_trace = self.sim.log.trace.len();
    }

    /// Back to the start; breakpoints stay, choices are forgotten.
    pub fn restart(&mut self) -> DebugView {
        self.sim = self.initial.clone();
        self.tick = 0;
        self.snapshots.clear();
        self.snapshot();
        self.pauses = vec![0];
        self.marks = vec![(0, 0)];
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
                    self.apply_choice(Choice { label: "default".into(), event: None, time_out: None });
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

    /// The path the first call took so far: each component entered, with the exit it left by.
    pub fn path(&self) -> Vec<callflow_model::PathStep> {
        crate::testing::path_in(&self.sim.log.trace)
    }

    /// This session as a saved test call named `name`: the call set-up (with the variables
    /// edited before the first component), the recorded script, and as expectations the path
    /// and end of a replay of that script run to the end (the session's own path so far must be
    /// the start of it, or the test would not describe this session).
    pub fn to_test_call(&self, name: &str) -> Result<TestCall, String> {
        if name.trim().is_empty() {
            return Err("a test call needs a name".into());
        }
        if self.has_mid_run_edits() {
            return Err("variables were edited after the call started; a test call's script cannot do that. Restart, or step back before the edit, and save again".into());
        }
        let mut call = (*self.sim.setup).clone();
        let initial = &self.initial;
        for a in self.applied.iter().filter(|a| a.tick == 0) {
            if let Action::SetVar { call: 0, index, value } = &a.action
                && let Some(c) = initial.st.calls.first()
                && let Some(frame) = c.frames.last()
            {
                let g = &initial.prog.graphs[frame.graph];
                call.variables.insert(g.vars[*index].0.to_string(), value.clone());
            }
        }
        let script = self.recorded_script();
        let replay = Sim::new(
            self.sim.prog.clone(),
            self.sim.env.clone(),
            call.clone(),
            &script,
            crate::Options::default(),
        )
        .map_err(|e| format!("the recorded script does not run: {e}"))?
        .run();
        let replayed = crate::testing::path_of(&replay);
        let mine = self.path();
        let prefix_ok = mine.len() <= replayed.len()
            && mine.iter().zip(&replayed).enumerate().all(|(i, (a, b))| {
                a == b || (i + 1 == mine.len() && a.exit.is_none() && a.component == b.component)
            });
        if !prefix_ok {
            return Err("replaying the recorded script takes another path than this session; the test would not describe it".into());
        }
        Ok(TestCall {
            name: name.trim().to_string(),
            description: String::new(),
            call,
            script,
            environment: None,
            expect: Expectations { path: replayed, end: replay.end.clone(), ..Expectations::default() },
        })
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
                let (component, status) = match &c.pos {
                    Pos::Enter(n) => (Some(g.nodes[*n as usize].id.to_string()), CallStatus::AboutToEnter),
                    Pos::Wait(w) => (
                        Some(g.nodes[wait_node(w) as usize].id.to_string()),
                        CallStatus::Waiting { wait: WaitState::of(w) },
                    ),
                    Pos::Done => (None, CallStatus::Done { reason: c.end.clone().unwrap_or_default() }),
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
                    state: status.english(),
                    status,
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
            .map(|p| {
                let timer = PendingTimer::of(&p.0.ev);
                TimerView { at: p.0.at, what: timer.label(), timer }
            })
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

impl WaitState {
    fn of(w: &Wait) -> WaitState {
        match w {
            Wait::Menu { .. } => WaitState::MenuInput,
            Wait::Collect { .. } => WaitState::Digits,
            Wait::Queued { .. } => WaitState::Queued,
            Wait::QueueHold { .. } => WaitState::QueueHold,
            Wait::Talking { .. } => WaitState::Conversation,
            Wait::External { bridged: true, .. } => WaitState::ExternalBridged,
            Wait::External { .. } => WaitState::ExternalRinging,
            Wait::Voicemail { .. } => WaitState::Voicemail,
            Wait::AwaitCallback { .. } => WaitState::CallbackOutcome,
            Wait::DialerLeg { .. } => WaitState::DialerLeg,
        }
    }

    fn english(self) -> &'static str {
        match self {
            WaitState::MenuInput => "menu input",
            WaitState::Digits => "digits",
            WaitState::Queued => "queued for an agent",
            WaitState::QueueHold => "holding in queue",
            WaitState::Conversation => "in conversation",
            WaitState::ExternalBridged => "bridged to an external party",
            WaitState::ExternalRinging => "ringing an external party",
            WaitState::Voicemail => "recording voicemail",
            WaitState::CallbackOutcome => "callback request outcome",
            WaitState::DialerLeg => "dialer leg",
        }
    }
}

impl CallStatus {
    /// The status in [`CallView::state`]'s English form.
    fn english(&self) -> String {
        match self {
            CallStatus::AboutToEnter => "about_to_enter".into(),
            CallStatus::Waiting { wait } => format!("waiting: {}", wait.english()),
            CallStatus::Done { reason } => format!("done: {reason}"),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{CallTimer, CbTimer, Ev};

    #[test]
    fn timers_are_data_with_english_words() {
        let call = |what| PendingTimer::of(&Ev::Call { call: 2, epoch: 0, what });
        assert_eq!(call(CallTimer::Menu).label(), "call 2: menu time-out");
        // A ring timer that never ends is an external destination's back-off.
        assert_eq!(
            call(CallTimer::Ring(u64::MAX)),
            PendingTimer::Call { call: 2, timer: CallTimerKind::ExternalBackOff }
        );
        assert_eq!(
            call(CallTimer::Ring(7)),
            PendingTimer::Call { call: 2, timer: CallTimerKind::RingTimeOut }
        );
        let callback = PendingTimer::of(&Ev::Cb { id: 1, epoch: 0, what: CbTimer::Expire });
        assert_eq!(callback.label(), "callback 1: expiry");
        assert_eq!(PendingTimer::of(&Ev::Script(3)).label(), "script event 3");
        assert_eq!(PendingTimer::of(&Ev::Tick).label(), "clock advance ends");
        let json = serde_json::to_value(callback).expect("serialises");
        assert_eq!(json, serde_json::json!({"kind": "callback", "id": 1, "timer": "expiry"}));
    }
}
