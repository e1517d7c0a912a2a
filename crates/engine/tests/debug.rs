//! The debug session: stepping, breakpoints, step back, restart, interactive decisions and the
//! script they record; and the saved-test runner, coverage and path enumeration.

mod common;

use std::sync::Arc;

use callflow_engine::debug::{Breakpoint, DebugSession, StopReason};
use callflow_engine::testing::{PathLimits, compare, coverage, enumerate_paths, run_test};
use callflow_engine::{Options, Program, Sim, TraceKind};
use callflow_model::{Expectations, PathStep, TestCall};
use common::*;
use serde_json::json;

fn survey_flow() -> callflow_model::Flow {
    flow(json!({"id": "s", "name": "S", "type": "inbound", "entry": "Start",
    "variables": [{"name": "score", "type": "number", "default": 0}],
    "components": {
        "Start": {"kind": "start", "name": "Start", "exits": {"next": "A&D"}},
        "A&D": {"kind": "assignment_dial", "name": "A&D", "config": {"selection": {"type": "ring_groups", "ring_groups": ["billing"]}},
            "exits": {"call_finished": "Survey", "no_answer": "End", "max_waiting_time_reached": "End", "no_match_found": "End"}},
        "Survey": {"kind": "menu", "name": "Survey", "config": {"prompt": {"type": "tts", "text": "Rate"}, "options": [{"key": "1"}, {"key": "2"}]},
            "exits": {"key_1": "Set", "key_2": "Set"}},
        "Set": {"kind": "set_variable", "name": "Set", "config": {"assignments": [{"variable": "score", "expression": "int(call.last_key)"}]}, "exits": {"next": "End"}},
        "End": end()
    }}))
}

fn session(script: &[callflow_model::ScriptEvent], interactive: bool) -> DebugSession {
    let prog = Arc::new(Program::compile(&survey_flow(), &callflow_check::NoFlows).unwrap());
    let sim = Sim::new(prog, Arc::new(fixture()), setup(), script, Options::default()).unwrap();
    DebugSession::new(sim, interactive)
}

fn script() -> Vec<callflow_model::ScriptEvent> {
    vec![
        ev(5, json!({"type": "agent_answer", "agent": "Ana"})),
        ev(65, json!({"type": "agent_end_call", "agent": "Ana"})),
        ev(70, json!({"type": "dtmf", "key": "2"})),
    ]
}

#[test]
fn step_pauses_before_each_component_and_back_returns_exactly() {
    let mut s = session(&script(), false);
    let mut seen = Vec::new();
    let mut views = Vec::new();
    loop {
        let v = s.step();
        views.push(v.clone());
        if v.finished {
            break;
        }
        seen.push(v.calls[0].component.clone().unwrap_or_default());
    }
    assert_eq!(seen, ["A&D", "Survey", "Set", "End"]);
    let full = s.trace().to_vec();
    // Back three pauses: the same view as then, and forward again gives the same trace.
    s.step_back();
    s.step_back();
    let v = s.step_back();
    assert_eq!(v.calls[0].component.as_deref(), Some("Survey"));
    assert_eq!(v.at, views[1].at);
    assert_eq!(v.calls[0].variables, views[1].calls[0].variables);
    while !s.step().finished {}
    assert_eq!(s.trace(), &full[..]);
    let v = s.restart();
    assert_eq!((v.tick, v.trace_len), (0, 1));
}

#[test]
fn breakpoints_on_components_exits_and_conditions() {
    let mut s = session(&script(), false);
    let b = s.add_breakpoint(Breakpoint::Component { component: "Set".into() }).unwrap();
    let v = s.continue_();
    assert_eq!(v.stop, StopReason::Breakpoint { index: b as u32 });
    assert_eq!(v.calls[0].component.as_deref(), Some("Set"));
    assert_eq!(v.at, 70);
    let mut s = session(&script(), false);
    s.add_breakpoint(Breakpoint::Exit { component: "A&D".into(), exit: "call_finished".into() }).unwrap();
    let v = s.continue_();
    assert!(matches!(v.stop, StopReason::Breakpoint { .. }));
    assert_eq!(v.at, 65);
    let mut s = session(&script(), false);
    s.add_breakpoint(Breakpoint::Condition { expression: "score == 2".into() }).unwrap();
    let v = s.continue_();
    assert!(matches!(v.stop, StopReason::Breakpoint { .. }));
    assert_eq!(v.calls[0].component.as_deref(), Some("End"));
    assert!(s.add_breakpoint(Breakpoint::Condition { expression: "score ==".into() }).is_err());
    assert!(s.add_breakpoint(Breakpoint::Component { component: "Nope".into() }).is_err());
    let v = s.continue_();
    assert_eq!(v.stop, StopReason::Finished);
}

#[test]
fn interactive_decisions_record_the_script_that_replays_them() {
    let mut s = session(&[], true);
    let v = s.continue_();
    let d = v.pending.expect("Ana rings: a decision");
    let labels: Vec<&str> = d.choices.iter().map(|c| c.label.as_str()).collect();
    assert!(labels.contains(&"agent Ana answers"), "{labels:?}");
    assert!(labels.contains(&"caller hangs up"));
    assert!(labels.contains(&"no answer (ring time-out)"));
    let answer = d.choices.iter().position(|c| c.label == "agent Ana answers").unwrap();
    let v = s.choose(answer).unwrap();
    let v = if v.pending.is_none() { s.continue_() } else { v };
    let d = v.pending.expect("talking: a decision");
    let end = d.choices.iter().position(|c| c.label.contains("ends the call")).unwrap();
    s.choose(end).unwrap();
    let v = s.continue_();
    let d = v.pending.expect("the survey waits for a key");
    let key = d.choices.iter().position(|c| c.label == "caller presses 1").unwrap();
    s.choose(key).unwrap();
    let v = s.continue_();
    assert!(v.finished, "{:?}", v.stop);
    let recorded = s.recorded_script();
    assert_eq!(recorded.len(), 3);
    let trace = s.trace().to_vec();
    // Replaying the recorded script non-interactively gives the same trace.
    let prog = Arc::new(Program::compile(&survey_flow(), &callflow_check::NoFlows).unwrap());
    let r = Sim::new(prog, Arc::new(fixture()), setup(), &recorded, Options::default()).unwrap().run();
    assert_eq!(r.trace, trace);
    assert_eq!(r.variables["score"], json!(1));
}

#[test]
fn step_back_over_a_long_call_is_cheap() {
    // 10,000 steps: a counter loop that the loop guard ends.
    let f = flow(
        json!({"id": "loop", "name": "Loop", "type": "inbound", "entry": "Start", "variables": [{"name": "n", "type": "number", "default": 0}], "components": {
            "Start": {"kind": "start", "name": "Start", "exits": {"next": "Inc"}},
            "Inc": {"kind": "set_variable", "name": "Inc", "config": {"assignments": [{"variable": "n", "expression": "n + 1"}]}, "exits": {"next": "Again"}},
            "Again": {"kind": "conditional", "name": "Again", "config": {"branches": [{"name": "more", "expression": "n < 4999"}]}, "exits": {"more": "Inc", "no_match": "End"}},
            "End": end()
        }}),
    );
    let prog = Arc::new(Program::compile_unchecked(&f, &callflow_check::NoFlows).unwrap());
    let sim = Sim::new(prog, Arc::new(fixture()), setup(), &[], Options::default()).unwrap();
    let mut s = DebugSession::new(sim, false);
    let mut steps = 0;
    while !s.step().finished {
        steps += 1;
    }
    assert!(steps >= 9_999, "{steps}");
    assert!(s.history_bytes() < 50 * 1024 * 1024, "{}", s.history_bytes());
    let t = std::time::Instant::now();
    for _ in 0..100 {
        s.step_back();
    }
    let per = t.elapsed() / 100;
    let v = s.view();
    assert_eq!(v.calls[0].steps as usize, steps + 1 - 100);
    // Generous bound for debug builds on a loaded machine; the benchmark measures release.
    assert!(per.as_millis() < 20, "{per:?} per step back");
}

#[test]
fn saved_tests_report_the_first_difference_and_coverage() {
    let prog = Arc::new(Program::compile(&survey_flow(), &callflow_check::NoFlows).unwrap());
    let env = Arc::new(fixture());
    let test = TestCall {
        name: "survey".into(),
        description: String::new(),
        call: setup(),
        script: script(),
        environment: None,
        expect: Expectations {
            path: vec![
                PathStep { component: "Start".into(), exit: Some("next".into()) },
                PathStep { component: "A&D".into(), exit: Some("call_finished".into()) },
                PathStep { component: "Survey".into(), exit: Some("key_1".into()) },
            ],
            ..Expectations::default()
        },
    };
    let (outcome, result) = run_test(&prog, &env, &test).unwrap();
    assert!(!outcome.passed);
    assert_eq!(
        outcome.difference.as_ref().map(ToString::to_string).as_deref(),
        Some("path step 3: expected `Survey` leaving by `key_1`, got `Survey` leaving by `key_2`")
    );
    let mut e = Expectations { end: Some("flow_ended".into()), ..Expectations::default() };
    e.events.push(json!({"type": "HANGUP", "reason": "ended", "close_call_on_error": false}));
    e.variables.insert("score".into(), json!(2));
    assert_eq!(compare(&e, &result), None);
    e.variables.insert("score".into(), json!(3));
    assert_eq!(
        compare(&e, &result).map(|d| d.to_string()).as_deref(),
        Some("variable `score`: expected 3, got 2")
    );
    let cov = coverage(&survey_flow(), &[result]);
    assert!(cov.missing_exits.contains(&"A&D.no_answer".to_string()));
    assert!(cov.missing_exits.contains(&"Survey.key_1".to_string()));
    assert_eq!(cov.keys, ["2"]);
    assert!(!cov.complete());
}

#[test]
fn path_enumeration_covers_every_exit_of_a_small_flow() {
    let prog = Arc::new(Program::compile(&survey_flow(), &callflow_check::NoFlows).unwrap());
    let env = Arc::new(fixture());
    let tests = enumerate_paths(&prog, &env, &setup(), PathLimits::default()).unwrap();
    assert!(tests.len() >= 5, "{}", tests.len());
    let mut results = Vec::new();
    for t in &tests {
        let (o, r) = run_test(&prog, &env, t).unwrap();
        assert!(o.passed, "{}: {:?}", t.name, o.difference);
        results.push(r);
    }
    let cov = coverage(&survey_flow(), &results);
    let missing: Vec<_> =
        cov.missing_exits.iter().filter(|e| !e.ends_with("queue_size_limit_reached")).collect();
    assert!(missing.is_empty(), "{missing:?}");
    assert!(results.iter().any(|r| r.trace.iter().any(|e| matches!(&e.event, TraceKind::Abandon { .. }))));
}

#[test]
fn the_view_shows_queues_agents_and_pending_timers() {
    // Interactive: the session stops while Ana rings, with the call waiting in the queue.
    let mut s = session(&[], true);
    let v = s.continue_();
    assert!(v.pending.is_some());
    assert_eq!(v.calls[0].state, "waiting: queued for an agent");
    assert!(v.timers.iter().any(|t| t.what == "call 0: ring time-out" && t.at == 30), "{:?}", v.timers);
    assert!(
        v.timers.iter().any(|t| t.what == "call 0: maximum waiting time" && t.at == 300),
        "{:?}",
        v.timers
    );
    assert_eq!(v.queues.len(), 1);
    assert_eq!(v.queues[0].ringing, ["Ana"]);
    assert!(v.agents.iter().any(|a| a.id == "Ana" && a.engaged));
}
