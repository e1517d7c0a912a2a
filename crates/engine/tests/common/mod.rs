//! Fixtures shared by the engine's integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::Arc;

use callflow_engine::{Options, Program, RunResult, Sim};
use callflow_model::{CallEvent, CallSetup, Environment, Flow, ScriptEvent};
use serde_json::{Value, json};

/// A flow from JSON (`components` as an object of id -> component).
pub fn flow(value: Value) -> Flow {
    serde_json::from_value(value).expect("test flow parses")
}

/// The §6 common fixture: Ana, Ben and Cy in `billing`, Dee in `sales`, all available and idle,
/// most idle first (Ana > Ben > Cy).
pub fn fixture() -> Environment {
    serde_json::from_value(json!({
        "agents": [
            {"id": "Ana", "name": "Ana", "email": "ana@example.com", "ring_groups": ["billing"], "idle_sec": 300},
            {"id": "Ben", "name": "Ben", "email": "ben@example.com", "ring_groups": ["billing"], "idle_sec": 200},
            {"id": "Cy", "name": "Cy", "email": "cy@example.com", "ring_groups": ["billing"], "idle_sec": 100},
            {"id": "Dee", "name": "Dee", "email": "dee@example.com", "ring_groups": ["sales"], "idle_sec": 50}
        ]
    }))
    .expect("fixture parses")
}

pub fn with(mut env: Environment, f: impl FnOnce(&mut Environment)) -> Environment {
    f(&mut env);
    env
}

pub fn ev(at: u64, event: Value) -> ScriptEvent {
    ScriptEvent::new(at, serde_json::from_value::<CallEvent>(event).expect("event parses"))
}

pub fn setup() -> CallSetup {
    CallSetup { ani: "+420601000001".into(), dnis: "+420800100200".into(), ..CallSetup::default() }
}

/// Compiles with the designer checks and runs.
pub fn run(flow: &Flow, modules: &[Flow], env: &Environment, script: &[ScriptEvent]) -> RunResult {
    run_with(flow, modules, env, setup(), script)
}

pub fn run_with(
    flow: &Flow,
    modules: &[Flow],
    env: &Environment,
    setup: CallSetup,
    script: &[ScriptEvent],
) -> RunResult {
    let map: BTreeMap<String, Flow> = modules.iter().map(|m| (m.id.clone(), m.clone())).collect();
    let prog = Program::compile(flow, &map).unwrap_or_else(|e| panic!("{e}"));
    Sim::new(Arc::new(prog), Arc::new(env.clone()), setup, script, Options::default())
        .expect("script is valid")
        .run()
}

/// The trace text plus report rows and the non-empty statistics: what the golden files hold.
pub fn golden(r: &RunResult) -> String {
    let mut out = r.trace_text();
    out.push_str("--- report\n");
    for row in &r.report {
        out.push_str(&format!("t={} #{} {} {}\n", row.at, row.call, row.component, row.exit));
    }
    out.push_str("--- stats\n");
    out.push_str(&serde_json::to_string_pretty(&r.stats).expect("stats serialize"));
    out.push('\n');
    out
}

pub fn count(r: &RunResult, f: impl Fn(&callflow_engine::TraceKind) -> bool) -> usize {
    r.trace.iter().filter(|e| f(&e.event)).count()
}

/// `component[exit]` for every exit the first call took.
pub fn exits(r: &RunResult) -> Vec<String> {
    r.trace
        .iter()
        .filter(|e| e.call == 0)
        .filter_map(|e| match &e.event {
            callflow_engine::TraceKind::Exit { component, exit, .. } => Some(format!("{component}[{exit}]")),
            _ => None,
        })
        .collect()
}

pub fn end() -> Value {
    json!({"kind": "end_flow", "name": "End"})
}
