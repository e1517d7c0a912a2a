//! Saved test calls: running them with a readable first difference, coverage of components,
//! exits and keys, and path enumeration (one generated test call per distinct path).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use callflow_model::{
    CallEvent, CallSetup, ComponentConfig, ComponentKind, DtmfKey, Environment, Expectations, PathStep,
    ScriptEvent, TestCall, exits_of,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::compile::{EngineError, NodeCfg, Program};
use crate::sim::{Options, Progress, Sim};
use crate::trace::{RunResult, TraceEvent, TraceKind};

/// The result of one saved test call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TestOutcome {
    pub name: String,
    pub passed: bool,
    /// The first difference; `None` when the test passed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub difference: Option<Difference>,
    /// The path the call actually took.
    pub path: Vec<PathStep>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub end: Option<String>,
}

/// The first difference between what a test call expects and what the call did, as data: the
/// app words it in the user's language, and `Display` gives the English sentence (the command
/// line's output and the exported reports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Difference {
    /// A path step differs.
    Path {
        /// The step's number, from 1.
        step: u32,
        /// The step the test expects (`None`: the expected path had ended).
        expected: Option<PathStep>,
        /// The step the call took (`None`: the call's path had ended).
        actual: Option<PathStep>,
    },
    /// The call ended otherwise than expected.
    End {
        expected: String,
        /// How the call ended (`None`: it was still running).
        actual: Option<String>,
    },
    /// An expected trace event does not occur (after the previous expected one).
    Event {
        /// The event's number in the expectations, from 1.
        index: u32,
        /// The event as the test gives it (the fields it is matched on).
        event: serde_json::Value,
        /// Whether it was looked for after the previous expected event (not the first one).
        after_previous: bool,
    },
    /// A variable's final value differs.
    Variable {
        name: String,
        expected: serde_json::Value,
        /// Its final value (`None`: there is no such variable). Left out when there is none, so
        /// that a variable whose value is `null` stays apart from a missing one.
        #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "present_value")]
        #[ts(optional)]
        actual: Option<serde_json::Value>,
    },
    /// The call could not run; the engine's reason, in English.
    CannotRun { message: String },
}

/// A field that is present is `Some`, even when it is `null` (serde would make that `None`).
fn present_value<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(d).map(Some)
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Path { step, expected, actual } => write!(
                f,
                "path step {step}: expected {}, got {}",
                show_step(expected.as_ref()),
                show_step(actual.as_ref())
            ),
            Difference::End { expected, actual } => {
                write!(
                    f,
                    "end: expected `{expected}`, got `{}`",
                    actual.as_deref().unwrap_or("(still running)")
                )
            }
            Difference::Event { index, event, after_previous } => write!(
                f,
                "event {index} of the expectations, {event}, does not occur{}",
                if *after_previous { " after the previous expected event" } else { "" }
            ),
            Difference::Variable { name, expected, actual } => match actual {
                Some(actual) => write!(f, "variable `{name}`: expected {expected}, got {actual}"),
                None => write!(f, "variable `{name}`: expected {expected}, got no such variable"),
            },
            Difference::CannotRun { message } => write!(f, "cannot run: {message}"),
        }
    }
}

/// Where a run left the path a test expects: the first step that differs, and the component
/// (and exit) where the two paths parted, so the app can mark it on the canvas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Divergence {
    /// Index (from 0) of the first path step that differs.
    pub step: u32,
    /// The step the test expects there (`None`: the expected path had ended).
    pub expected: Option<PathStep>,
    /// The step the run took there (`None`: the run's path had ended).
    pub actual: Option<PathStep>,
    /// The component where the paths parted: the differing step's own component when both
    /// paths are in it (it left by another exit), else the step before (its exit now leads
    /// somewhere else).
    pub component: Option<String>,
    /// The exit of `component` the run took where the paths parted.
    pub exit: Option<String>,
}

/// The first difference between an expected and an actual path; `None` when they are equal or
/// nothing is expected of the path.
pub fn first_divergence(expected: &[PathStep], actual: &[PathStep]) -> Option<Divergence> {
    if expected.is_empty() {
        return None;
    }
    let i = (0..expected.len().max(actual.len())).find(|&i| expected.get(i) != actual.get(i))?;
    let (e, a) = (expected.get(i).cloned(), actual.get(i).cloned());
    let (component, exit) = match (&e, &a) {
        (Some(e), Some(a)) if e.component == a.component => (Some(a.component.clone()), a.exit.clone()),
        _ => match i.checked_sub(1).and_then(|p| actual.get(p)) {
            Some(before) => (Some(before.component.clone()), before.exit.clone()),
            None => (a.as_ref().or(e.as_ref()).map(|s| s.component.clone()), None),
        },
    };
    Some(Divergence { step: i as u32, expected: e, actual: a, component, exit })
}

/// One test call of a [`TestRun`]: its outcome, or why it could not run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TestReport {
    pub name: String,
    pub passed: bool,
    /// The first difference (or why the call could not run).
    pub difference: Option<Difference>,
    /// The first path step that differs, when the difference is in the path.
    pub divergence: Option<Divergence>,
    /// The path the call took (empty when it could not run).
    pub path: Vec<PathStep>,
    pub end: Option<String>,
}

/// Test calls run together, with what they covered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TestRun {
    pub reports: Vec<TestReport>,
    pub coverage: Coverage,
    pub passed: u32,
    pub failed: u32,
}

/// Runs `tests` (a test that cannot run fails with the reason) and reports each with its first
/// divergence, and the coverage of the main flow by the runs.
pub fn run_report(
    prog: &Arc<Program>,
    env: &Arc<Environment>,
    flow: &callflow_model::Flow,
    tests: &[TestCall],
) -> TestRun {
    let mut reports = Vec::with_capacity(tests.len());
    let mut results = Vec::with_capacity(tests.len());
    for t in tests {
        match run_test(prog, env, t) {
            Ok((o, r)) => {
                let divergence = if o.passed { None } else { first_divergence(&t.expect.path, &o.path) };
                reports.push(TestReport {
                    name: o.name,
                    passed: o.passed,
                    difference: o.difference,
                    divergence,
                    path: o.path,
                    end: o.end,
                });
                results.push(r);
            }
            Err(e) => reports.push(TestReport {
                name: t.name.clone(),
                passed: false,
                difference: Some(Difference::CannotRun { message: e.to_string() }),
                divergence: None,
                path: Vec::new(),
                end: None,
            }),
        }
    }
    let passed = reports.iter().filter(|r| r.passed).count() as u32;
    TestRun { coverage: coverage(flow, &results), failed: reports.len() as u32 - passed, passed, reports }
}

/// The path of the first call: each component entered, with the exit it left by.
pub fn path_of(result: &RunResult) -> Vec<PathStep> {
    path_in(&result.trace)
}

/// The path of the first call in a trace (finished or not).
pub fn path_in(trace: &[TraceEvent]) -> Vec<PathStep> {
    let mut path: Vec<PathStep> = Vec::new();
    for ev in trace.iter().filter(|e| e.call == 0) {
        match &ev.event {
            TraceKind::Step { component, .. } => {
                path.push(PathStep { component: component.to_string(), exit: None })
            }
            TraceKind::Exit { component, exit, .. } => {
                if let Some(last) =
                    path.iter_mut().rev().find(|p| *p.component == **component && p.exit.is_none())
                {
                    last.exit = Some(exit.to_string());
                }
            }
            _ => {}
        }
    }
    path
}

fn show_step(p: Option<&PathStep>) -> String {
    match p {
        None => "nothing (the path ends)".into(),
        Some(PathStep { component, exit: Some(e) }) => format!("`{component}` leaving by `{e}`"),
        Some(PathStep { component, exit: None }) => format!("`{component}` (no exit taken)"),
    }
}

/// Whether `actual` has every field of `expected` (recursively for objects).
fn subset(expected: &serde_json::Value, actual: &serde_json::Value) -> bool {
    match (expected, actual) {
        (serde_json::Value::Object(e), serde_json::Value::Object(a)) => {
            e.iter().all(|(k, v)| a.get(k).is_some_and(|av| subset(v, av)))
        }
        _ => expected == actual,
    }
}

/// Compares a run with what a test expects; the first difference, or `None`.
pub fn compare(expect: &Expectations, result: &RunResult) -> Option<Difference> {
    let path = path_of(result);
    if !expect.path.is_empty() {
        for i in 0..expect.path.len().max(path.len()) {
            let (e, a) = (expect.path.get(i), path.get(i));
            if e != a {
                return Some(Difference::Path {
                    step: i as u32 + 1,
                    expected: e.cloned(),
                    actual: a.cloned(),
                });
            }
        }
    }
    if let Some(end) = &expect.end
        && result.end.as_ref() != Some(end)
    {
        return Some(Difference::End { expected: end.clone(), actual: result.end.clone() });
    }
    let events: Vec<serde_json::Value> =
        result.trace.iter().map(|e| serde_json::to_value(e).unwrap_or_default()).collect();
    let mut from = 0;
    for (k, want) in expect.events.iter().enumerate() {
        match events[from..].iter().position(|a| subset(want, a)) {
            Some(p) => from += p + 1,
            None => {
                return Some(Difference::Event {
                    index: k as u32 + 1,
                    event: want.clone(),
                    after_previous: k > 0,
                });
            }
        }
    }
    for (name, want) in &expect.variables {
        let got = result
            .variables
            .get(name)
            .or_else(|| name.strip_prefix("syskey.").and_then(|k| result.syskeys.get(k)));
        if got != Some(want) {
            return Some(Difference::Variable {
                name: name.clone(),
                expected: want.clone(),
                actual: got.cloned(),
            });
        }
    }
    None
}

/// Runs one saved test call.
pub fn run_test(
    prog: &Arc<Program>,
    env: &Arc<Environment>,
    test: &TestCall,
) -> Result<(TestOutcome, RunResult), EngineError> {
    let env = match &test.environment {
        Some(own) => Arc::new(own.clone()),
        None => env.clone(),
    };
    let sim = Sim::new(prog.clone(), env, test.call.clone(), &test.script, Options::default())?;
    let result = sim.run();
    let difference = compare(&test.expect, &result);
    let outcome = TestOutcome {
        name: test.name.clone(),
        passed: difference.is_none(),
        difference,
        path: path_of(&result),
        end: result.end.clone(),
    };
    Ok((outcome, result))
}

/// What a set of runs exercised.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Coverage {
    pub components_total: u32,
    pub components_covered: u32,
    pub exits_total: u32,
    pub exits_covered: u32,
    /// `component` ids never entered.
    pub missing_components: Vec<String>,
    /// `component.exit` never taken.
    pub missing_exits: Vec<String>,
    /// Keys pressed while a menu, digit collection or queue with alternative keys waited.
    pub keys: Vec<String>,
    /// `component.alt_key_<key>`: alternative keys bound on a component (queue, voicemail, ...)
    /// and never pressed there. Reported apart from the exits (not counted in `exits_total`).
    #[serde(default)]
    pub missing_keys: Vec<String>,
}

impl Coverage {
    pub fn complete(&self) -> bool {
        self.missing_components.is_empty() && self.missing_exits.is_empty()
    }
}

/// Coverage of the main flow's components and exits by `results`.
pub fn coverage(flow: &callflow_model::Flow, results: &[RunResult]) -> Coverage {
    let mut entered: BTreeSet<String> = BTreeSet::new();
    let mut taken: BTreeSet<(String, String)> = BTreeSet::new();
    let mut keys: BTreeSet<String> = BTreeSet::new();
    for r in results {
        for ev in &r.trace {
            match &ev.event {
                TraceKind::Step { component, flow: None, .. } => {
                    entered.insert(component.to_string());
                }
                TraceKind::Exit { component, exit, .. } => {
                    taken.insert((component.to_string(), exit.to_string()));
                    if let Some(k) = exit.strip_prefix("key_").or_else(|| exit.strip_prefix("alt_key_")) {
                        keys.insert(k.to_string());
                    }
                }
                _ => {}
            }
        }
    }
    let mut cov = Coverage::default();
    for (id, c) in &flow.components {
        cov.components_total += 1;
        if entered.contains(id) {
            cov.components_covered += 1;
        } else {
            cov.missing_components.push(id.clone());
        }
        for e in exits_of(c) {
            cov.exits_total += 1;
            if taken.contains(&(id.clone(), e.name.clone())) {
                cov.exits_covered += 1;
            } else {
                cov.missing_exits.push(format!("{id}.{}", e.name));
            }
        }
        for key in c.alternative_keys.keys() {
            let exit = format!("alt_key_{key}");
            if !taken.contains(&(id.clone(), exit.clone())) {
                cov.missing_keys.push(format!("{id}.{exit}"));
            }
        }
    }
    cov.keys = keys.into_iter().collect();
    cov
}

/// Bounds of [`enumerate_paths`].
#[derive(Debug, Clone, Copy)]
pub struct PathLimits {
    pub max_paths: usize,
    pub max_decisions: usize,
    /// Total simulations tried.
    pub max_runs: usize,
}

impl Default for PathLimits {
    fn default() -> Self {
        PathLimits { max_paths: 64, max_decisions: 24, max_runs: 4096 }
    }
}

/// The generated test calls of [`explore_paths`] and the bounds that cut the exploration short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GeneratedPaths {
    pub tests: Vec<TestCall>,
    /// Every bound the exploration ran into; empty when it found every path it can tell apart.
    pub cut_short: Vec<PathLimitHit>,
}

/// A bound of [`PathLimits`] that stopped the path enumeration before it was complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "limit", rename_all = "snake_case")]
pub enum PathLimitHit {
    /// At least one more distinct path exists beyond the first `max` (it was found, not kept).
    MaxPaths { max: u32 },
    /// `max` simulated calls were run with choices still unexplored.
    MaxRuns { max: u32 },
    /// Some calls met `max` decisions; past them they took the time-outs only, so the other
    /// choices further down were not explored.
    MaxDecisions { max: u32 },
}

/// [`explore_paths`] without the report of what cut it short.
pub fn enumerate_paths(
    prog: &Arc<Program>,
    env: &Arc<Environment>,
    setup: &CallSetup,
    limits: PathLimits,
) -> Result<Vec<TestCall>, EngineError> {
    explore_paths(prog, env, setup, limits).map(|g| g.tests)
}

/// One generated test call per distinct path of the first call, found by exploring (breadth
/// first, so short paths come first) the legal
/// choices at every decision point (bounded). Keys offered are the menu's own keys plus one
/// invalid key; digit collections get a string that passes validation and one that fails.
/// Says which bounds cut the exploration short: with `max_paths` paths kept it goes on until it
/// finds one more distinct path (or runs out of choices), so "more paths exist" is a fact.
pub fn explore_paths(
    prog: &Arc<Program>,
    env: &Arc<Environment>,
    setup: &CallSetup,
    limits: PathLimits,
) -> Result<GeneratedPaths, EngineError> {
    // Environment variants explored besides the environment as given: every agent offline,
    // every agent busy, and the platform traffic limit on. Their events become part of the
    // generated script, at t=0.
    let all = |status: callflow_model::scenario::AgentStatus| -> Vec<ScriptEvent> {
        env.agents
            .iter()
            .map(|a| ScriptEvent::new(0, CallEvent::AgentStatus { agent: a.id.clone(), status }))
            .collect()
    };
    let mut variants: Vec<Vec<ScriptEvent>> = vec![Vec::new()];
    if !env.agents.is_empty() {
        variants.push(all(callflow_model::scenario::AgentStatus::Offline));
        variants.push(all(callflow_model::scenario::AgentStatus::Busy));
    }
    let queues = prog.graphs.iter().flat_map(|g| &g.nodes).any(|n| {
        matches!(
            n.kind,
            ComponentKind::AssignmentDial | ComponentKind::Callback | ComponentKind::QueueWithFlow
        )
    });
    if queues {
        variants.push(vec![ScriptEvent::new(0, CallEvent::TrafficLimit { on: true })]);
    }
    let mut stack: std::collections::VecDeque<(Sim, usize)> = std::collections::VecDeque::new();
    for v in &variants {
        let mut sim = Sim::new(
            prog.clone(),
            env.clone(),
            setup.clone(),
            &[],
            Options { interactive: true, ..Options::default() },
        )?;
        for e in v {
            sim.inject(e.clone());
        }
        stack.push_back((sim, 0));
    }
    let mut out: Vec<TestCall> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut runs = 0;
    let mut cut_short: Vec<PathLimitHit> = Vec::new();
    let mut hit = |h: PathLimitHit| {
        if !cut_short.contains(&h) {
            cut_short.push(h);
        }
    };
    'explore: while let Some((mut sim, depth)) = stack.pop_front() {
        if runs >= limits.max_runs {
            hit(PathLimitHit::MaxRuns { max: limits.max_runs as u32 });
            break;
        }
        loop {
            match sim.advance() {
                Progress::Finished => {
                    runs += 1;
                    let result = sim.result();
                    let path = path_of(&result);
                    if seen.insert(serde_json::to_string(&path).unwrap_or_default()) {
                        if out.len() >= limits.max_paths {
                            hit(PathLimitHit::MaxPaths { max: limits.max_paths as u32 });
                            break 'explore;
                        }
                        let script = sim.st.extra.clone();
                        let n = out.len() + 1;
                        let summary = path
                            .iter()
                            .filter_map(|p| p.exit.as_ref().map(|e| format!("{}[{e}]", p.component)))
                            .next_back()
                            .unwrap_or_default();
                        out.push(TestCall {
                            name: format!("path {n}: ends {}", result.end.clone().unwrap_or_default()),
                            description: format!("Generated by `callflow paths`; last exit {summary}."),
                            call: setup.clone(),
                            script,
                            environment: None,
                            expect: Expectations { path, end: result.end.clone(), ..Expectations::default() },
                        });
                    }
                    break;
                }
                Progress::Decision(d) => {
                    if depth >= limits.max_decisions {
                        hit(PathLimitHit::MaxDecisions { max: limits.max_decisions as u32 });
                        sim.set_interactive(false);
                        continue;
                    }
                    let choices = prune_choices(&sim, &d);
                    for choice in choices {
                        let mut next = sim.clone();
                        match choice {
                            Some(ev) => {
                                next.inject(ev);
                            }
                            None => next.allow_next_timer(),
                        }
                        stack.push_back((next, depth + 1));
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    Ok(GeneratedPaths { tests: out, cut_short })
}

/// The choices worth exploring at a decision (`None` = let the time-out happen).
fn prune_choices(sim: &Sim, d: &crate::sim::PendingDecision) -> Vec<Option<ScriptEvent>> {
    let call = &sim.st.calls[d.call as usize];
    let frame = call.frames.last().expect("frame");
    let g = &sim.prog.graphs[frame.graph];
    let waiting_node = match &call.pos {
        crate::sim::Pos::Wait(w) => Some(&g.nodes[crate::sim::wait_node(w) as usize]),
        _ => None,
    };
    let mut out: Vec<Option<ScriptEvent>> = Vec::new();
    let ev = |event: CallEvent| Some(ScriptEvent { at: 0, call: d.call, event, after_timeouts: false });
    match waiting_node.map(|n| (n.kind, &n.cfg)) {
        Some((ComponentKind::Menu, NodeCfg::Plain(cfg))) => {
            if let ComponentConfig::Menu(m) = cfg.as_ref() {
                for o in &m.options {
                    out.push(ev(CallEvent::Dtmf { key: o.key }));
                }
                if let Some(bad) = DtmfKey::ALL.into_iter().find(|k| !m.options.iter().any(|o| o.key == *k)) {
                    out.push(ev(CallEvent::Dtmf { key: bad }));
                }
                out.push(None);
            }
        }
        Some((ComponentKind::CollectDigits, NodeCfg::Collect(cd, re))) => {
            let candidates =
                ["4420123456", "123456", "12345678", "654321", "1234", "1", "123456789012345678901"];
            let valid = |s: &str| {
                s.len() >= cd.min_digits as usize
                    && s.len() <= cd.max_digits as usize
                    && re.as_ref().is_none_or(|r| r.is_match(s))
            };
            let term = cd.terminator.map(|t| t.to_string()).unwrap_or_default();
            // Two different valid strings (conditions downstream may tell them apart) and the
            // shortest invalid one (a long one would be cut at `max_digits` and might pass).
            for good in candidates.iter().filter(|s| valid(s)).take(2) {
                out.push(ev(CallEvent::Digits { digits: format!("{good}{term}") }));
            }
            if let Some(bad) = candidates.iter().filter(|s| !valid(s)).min_by_key(|s| s.len()) {
                out.push(ev(CallEvent::Digits { digits: format!("{bad}{term}") }));
            }
            out.push(None);
        }
        _ => {
            // Offers: only the first ringing agent answers or rejects (the others would give the
            // same paths); device failures behave like rejections for the path.
            let mut first_agent: Option<String> = None;
            for c in &d.choices {
                match c.event.as_ref().map(|e| &e.event) {
                    Some(CallEvent::AgentDeviceFail { .. }) => continue,
                    Some(CallEvent::AgentAnswer { agent }) | Some(CallEvent::AgentReject { agent })
                        if first_agent.get_or_insert_with(|| agent.clone()) != agent =>
                    {
                        continue;
                    }
                    _ => {}
                }
                out.push(c.event.clone());
            }
        }
    }
    if call.caller_connected
        && call.dialer.as_ref().is_none_or(|d| d.customer_on_line)
        && !out.iter().any(|e| matches!(e.as_ref().map(|e| &e.event), Some(CallEvent::CallerHangup)))
    {
        out.push(ev(CallEvent::CallerHangup));
    }
    out
}

/// Runs every saved test of a file: outcomes, results and coverage.
pub fn run_file_tests(
    prog: &Arc<Program>,
    env: &Arc<Environment>,
    flow: &callflow_model::Flow,
    tests: &[TestCall],
) -> (Vec<Result<TestOutcome, String>>, Coverage) {
    let mut outcomes = Vec::new();
    let mut results = Vec::new();
    for t in tests {
        match run_test(prog, env, t) {
            Ok((o, r)) => {
                outcomes.push(Ok(o));
                results.push(r);
            }
            Err(e) => outcomes.push(Err(format!("{}: {e}", t.name))),
        }
    }
    let cov = coverage(flow, &results);
    (outcomes, cov)
}

/// Counts of keys per test name, for reports.
pub fn summary(outcomes: &[Result<TestOutcome, String>]) -> (usize, usize) {
    let passed = outcomes.iter().filter(|o| matches!(o, Ok(t) if t.passed)).count();
    (passed, outcomes.len() - passed)
}

#[doc(hidden)]
pub type VarMap = BTreeMap<String, serde_json::Value>;

/// The exits (`component.exit`, main flow only) a run took.
pub fn exits_taken(result: &RunResult) -> BTreeSet<String> {
    result
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Exit { component, exit, .. } => Some(format!("{component}.{exit}")),
            _ => None,
        })
        .collect()
}

/// A subset of `tests` (greedy set cover, in order of first appearance) that takes every exit
/// the whole set takes; `results[i]` is the run of `tests[i]`.
pub fn minimal_cover(tests: Vec<TestCall>, results: &[RunResult]) -> Vec<TestCall> {
    let sets: Vec<BTreeSet<String>> = results.iter().map(exits_taken).collect();
    let mut covered: BTreeSet<String> = BTreeSet::new();
    let mut chosen: Vec<usize> = Vec::new();
    loop {
        let best = (0..sets.len())
            .filter(|i| !chosen.contains(i))
            .map(|i| (sets[i].difference(&covered).count(), std::cmp::Reverse(i)))
            .max();
        match best {
            Some((gain, std::cmp::Reverse(i))) if gain > 0 => {
                covered.extend(sets[i].iter().cloned());
                chosen.push(i);
            }
            _ => break,
        }
    }
    chosen.sort_unstable();
    tests.into_iter().enumerate().filter(|(i, _)| chosen.contains(i)).map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(component: &str, exit: Option<&str>) -> PathStep {
        PathStep { component: component.into(), exit: exit.map(Into::into) }
    }

    fn sample(name: &str) -> crate::Loaded {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows");
        crate::Loaded::read(&dir.join(name)).expect("sample reads")
    }

    #[test]
    fn divergence_in_the_same_component_names_its_exit() {
        let expected = [step("start", Some("next")), step("menu", Some("key_1")), step("billing", None)];
        let actual = [step("start", Some("next")), step("menu", Some("key_2")), step("tech", None)];
        let d = first_divergence(&expected, &actual).expect("they differ");
        assert_eq!(d.step, 1);
        assert_eq!(d.component.as_deref(), Some("menu"));
        assert_eq!(d.exit.as_deref(), Some("key_2"));
        assert_eq!(d.expected, Some(step("menu", Some("key_1"))));
    }

    #[test]
    fn divergence_after_a_rewired_exit_names_the_step_before() {
        let expected = [step("start", Some("next")), step("menu", Some("key_1")), step("billing", None)];
        let actual = [step("start", Some("next")), step("menu", Some("key_1")), step("tech", None)];
        let d = first_divergence(&expected, &actual).expect("they differ");
        assert_eq!(d.step, 2);
        assert_eq!((d.component.as_deref(), d.exit.as_deref()), (Some("menu"), Some("key_1")));
        assert_eq!(d.actual, Some(step("tech", None)));
    }

    #[test]
    fn divergence_when_one_path_is_shorter_and_when_nothing_is_expected() {
        let expected = [step("start", Some("next")), step("end", None)];
        let actual = [step("start", Some("next"))];
        let d = first_divergence(&expected, &actual).expect("the run stopped early");
        assert_eq!((d.step, d.actual.clone()), (1, None));
        assert_eq!(d.component.as_deref(), Some("start"));
        assert!(first_divergence(&[], &actual).is_none());
        assert!(first_divergence(&expected, &expected).is_none());
        let first = first_divergence(&[step("a", None)], &[step("b", None)]).unwrap();
        assert_eq!((first.step, first.component.as_deref()), (0, Some("b")));
    }

    #[test]
    fn report_of_the_inbound_sample_passes_and_a_rewired_key_fails_at_the_menu() {
        let loaded = sample("inbound-support.callflow.json");
        let env = Arc::new(loaded.environment());
        let run = run_report(&loaded.program().unwrap(), &env, &loaded.file.flow, &loaded.file.tests);
        assert_eq!((run.passed as usize, run.failed), (loaded.file.tests.len(), 0), "{run:?}");
        assert!(run.coverage.exits_covered > 0);

        // Key 1 of the main menu now leads to the technical queue.
        let mut flow = loaded.file.flow.clone();
        let menu = flow.components.get_mut("main_menu").unwrap();
        menu.exits.insert("key_1".into(), Some("tech_queue".into()));
        let prog = Arc::new(Program::compile(&flow, &loaded.flows).unwrap());
        let run = run_report(&prog, &env, &flow, &loaded.file.tests);
        assert!(run.failed > 0);
        let failed = run.reports.iter().find(|r| !r.passed).unwrap();
        let d = failed.divergence.as_ref().expect("the path differs");
        assert_eq!(
            (d.component.as_deref(), d.exit.as_deref()),
            (Some("main_menu"), Some("key_1")),
            "{failed:?}"
        );
        assert_eq!(d.actual.as_ref().map(|s| s.component.as_str()), Some("tech_queue"));
        // The report's difference is the same path step, as data.
        assert_eq!(
            failed.difference,
            Some(Difference::Path {
                step: d.step + 1,
                expected: d.expected.clone(),
                actual: d.actual.clone()
            }),
            "{failed:?}"
        );
    }

    /// Each difference's English sentence (the command line and the exported reports print it;
    /// `ui/src/testing/difference.test.ts` checks the app's English wording against these).
    #[test]
    fn each_difference_reads_as_its_english_sentence() {
        let cases = [
            (
                Difference::Path {
                    step: 2,
                    expected: Some(step("menu", Some("timeout"))),
                    actual: Some(step("hangup", None)),
                },
                "path step 2: expected `menu` leaving by `timeout`, got `hangup` (no exit taken)",
            ),
            (
                Difference::Path { step: 3, expected: Some(step("queue", None)), actual: None },
                "path step 3: expected `queue` (no exit taken), got nothing (the path ends)",
            ),
            (
                Difference::End { expected: "hung_up".into(), actual: Some("flow_ended".into()) },
                "end: expected `hung_up`, got `flow_ended`",
            ),
            (
                Difference::End { expected: "hung_up".into(), actual: None },
                "end: expected `hung_up`, got `(still running)`",
            ),
            (
                Difference::Event {
                    index: 1,
                    event: serde_json::json!({"type": "HANGUP", "reason": "ended"}),
                    after_previous: false,
                },
                r#"event 1 of the expectations, {"reason":"ended","type":"HANGUP"}, does not occur"#,
            ),
            (
                Difference::Event {
                    index: 2,
                    event: serde_json::json!({"type": "PLAY", "prompt": "welcome"}),
                    after_previous: true,
                },
                r#"event 2 of the expectations, {"prompt":"welcome","type":"PLAY"}, does not occur after the previous expected event"#,
            ),
            (
                Difference::Variable {
                    name: "score".into(),
                    expected: serde_json::json!(3),
                    actual: Some(serde_json::json!(2)),
                },
                "variable `score`: expected 3, got 2",
            ),
            (
                Difference::Variable {
                    name: "tier".into(),
                    expected: serde_json::json!("gold"),
                    actual: None,
                },
                r#"variable `tier`: expected "gold", got no such variable"#,
            ),
            (
                Difference::CannotRun { message: "unknown agent `nobody`".into() },
                "cannot run: unknown agent `nobody`",
            ),
        ];
        for (difference, text) in cases {
            assert_eq!(difference.to_string(), text, "{difference:?}");
        }
    }

    /// The app gets a difference as tagged JSON; a variable whose value is `null` is not taken
    /// for a missing one.
    #[test]
    fn a_difference_is_tagged_json_and_a_null_variable_is_not_a_missing_one() {
        let path = Difference::Path { step: 1, expected: Some(step("start", Some("next"))), actual: None };
        assert_eq!(
            serde_json::to_value(&path).unwrap(),
            serde_json::json!({"type": "path", "step": 1, "expected": {"component": "start", "exit": "next"}, "actual": null})
        );
        let cannot = Difference::CannotRun { message: "no".into() };
        assert_eq!(
            serde_json::to_value(&cannot).unwrap(),
            serde_json::json!({"type": "cannot_run", "message": "no"})
        );
        let null = Difference::Variable {
            name: "v".into(),
            expected: serde_json::json!(1),
            actual: Some(serde_json::Value::Null),
        };
        let missing = Difference::Variable { name: "v".into(), expected: serde_json::json!(1), actual: None };
        assert_eq!(null.to_string(), "variable `v`: expected 1, got null");
        for d in [path, cannot, null, missing] {
            let text = serde_json::to_string(&d).unwrap();
            assert_eq!(serde_json::from_str::<Difference>(&text).unwrap(), d, "{text}");
        }
    }

    /// A test call whose end, event or variable is not met fails with that variant.
    #[test]
    fn a_failing_test_call_reports_its_kind_of_difference() {
        let loaded = sample("inbound-support.callflow.json");
        let (prog, env) = (loaded.program().unwrap(), Arc::new(loaded.environment()));
        let base = loaded.file.tests[0].clone();
        let run = |expect: Expectations| {
            let test = TestCall { expect, ..base.clone() };
            let run = run_report(&prog, &env, &loaded.file.flow, &[test]);
            assert_eq!(run.failed, 1, "{run:?}");
            run.reports[0].difference.clone().expect("a failed test has a difference")
        };
        let end = run(Expectations { end: Some("nowhere".into()), ..Expectations::default() });
        assert_eq!(end, Difference::End { expected: "nowhere".into(), actual: run_end(&prog, &env, &base) });
        let arrive = serde_json::json!({"type": "ARRIVE"});
        let never = serde_json::json!({"type": "NO_SUCH_EVENT"});
        let events = run(Expectations { events: vec![arrive, never.clone()], ..Expectations::default() });
        assert_eq!(events, Difference::Event { index: 2, event: never, after_previous: true });
        let mut variables = BTreeMap::new();
        variables.insert("no_such_variable".to_string(), serde_json::json!(1));
        let variable = run(Expectations { variables, ..Expectations::default() });
        assert_eq!(
            variable,
            Difference::Variable {
                name: "no_such_variable".into(),
                expected: serde_json::json!(1),
                actual: None
            }
        );
    }

    fn run_end(prog: &Arc<Program>, env: &Arc<Environment>, test: &TestCall) -> Option<String> {
        run_test(prog, env, test).unwrap().0.end
    }

    /// The enumeration says which bound cut it short, and "more paths" only when one was found.
    #[test]
    fn path_enumeration_reports_the_bounds_it_hit() {
        let loaded = sample("otp-campaign.callflow.json");
        let (prog, env) = (loaded.program().unwrap(), Arc::new(loaded.environment()));
        let setup = loaded.file.tests[0].call.clone();
        let all = explore_paths(&prog, &env, &setup, PathLimits::default()).unwrap();
        assert!(all.cut_short.is_empty(), "{:?}", all.cut_short);
        let n = all.tests.len();
        assert!(n > 3, "{n}");
        // Exactly as many paths as exist: complete. One fewer: cut, and the paths kept are the first.
        let exact = explore_paths(&prog, &env, &setup, PathLimits { max_paths: n, ..PathLimits::default() });
        assert!(exact.unwrap().cut_short.is_empty());
        let fewer =
            explore_paths(&prog, &env, &setup, PathLimits { max_paths: n - 1, ..PathLimits::default() })
                .unwrap();
        assert_eq!(fewer.cut_short, [PathLimitHit::MaxPaths { max: n as u32 - 1 }]);
        assert_eq!(fewer.tests[..], all.tests[..n - 1]);
        let runs = explore_paths(&prog, &env, &setup, PathLimits { max_runs: 2, ..PathLimits::default() });
        assert_eq!(runs.unwrap().cut_short, [PathLimitHit::MaxRuns { max: 2 }]);
        let shallow = PathLimits { max_decisions: 1, ..PathLimits::default() };
        let shallow = explore_paths(&prog, &env, &setup, shallow).unwrap();
        assert!(
            shallow.cut_short.contains(&PathLimitHit::MaxDecisions { max: 1 }),
            "{:?}",
            shallow.cut_short
        );
        assert!(shallow.tests.len() < n);
    }

    #[test]
    fn coverage_names_bound_alternative_keys_never_pressed() {
        let loaded = sample("inbound-support.callflow.json");
        let env = Arc::new(loaded.environment());
        let prog = loaded.program().unwrap();
        let all = run_report(&prog, &env, &loaded.file.flow, &loaded.file.tests);
        assert!(all.coverage.missing_keys.is_empty(), "{:?}", all.coverage.missing_keys);
        // Without the tests that press 9 in a queue, those keys are never pressed.
        let without: Vec<TestCall> =
            loaded.file.tests.iter().filter(|t| !t.name.contains("alt_key_9")).cloned().collect();
        let run = run_report(&prog, &env, &loaded.file.flow, &without);
        assert!(
            run.coverage.missing_keys.contains(&"billing_queue.alt_key_9".to_string()),
            "{:?}",
            run.coverage
        );
        assert!(run.coverage.missing_keys.iter().all(|k| k.contains(".alt_key_")));
    }

    #[test]
    fn a_test_that_cannot_run_fails_with_the_reason() {
        let loaded = sample("inbound-support.callflow.json");
        let mut test = loaded.file.tests[0].clone();
        test.script = vec![ScriptEvent::new(0, CallEvent::AgentAnswer { agent: "nobody".into() })];
        let run = run_report(
            &loaded.program().unwrap(),
            &Arc::new(loaded.environment()),
            &loaded.file.flow,
            &[test],
        );
        assert_eq!(run.failed, 1);
        let why = run.reports[0].difference.as_ref().unwrap();
        let Difference::CannotRun { message } = why else { panic!("{why:?}") };
        assert!(message.contains("nobody"), "{message}");
        assert!(why.to_string().starts_with("cannot run:"), "{why}");
        assert!(run.reports[0].path.is_empty() && run.reports[0].divergence.is_none());
    }
}
