//! The debug session's hand edits: a variable set while paused forks the run (and is replayed
//! when going back and forward again), jumping back to a trace event, conditional component
//! breakpoints, replacing the breakpoint list, and saving a session as a test call.

mod common;

use std::sync::Arc;

use callflow_engine::debug::{Breakpoint, DebugSession, StopReason};
use callflow_engine::testing::run_test;
use callflow_engine::{Options, Program, Sim, TraceKind};
use common::*;
use serde_json::json;

fn vip_flow() -> callflow_model::Flow {
    flow(json!({"id": "v", "name": "V", "type": "inbound", "entry": "Start",
    "variables": [{"name": "vip", "type": "boolean", "default": false}, {"name": "score", "type": "number", "default": 0}],
    "components": {
        "Start": {"kind": "start", "name": "Start", "exits": {"next": "Check"}},
        "Check": {"kind": "conditional", "name": "Check", "config": {"branches": [{"name": "vip", "expression": "vip == true"}]},
            "exits": {"vip": "Menu", "no_match": "End"}},
        "Menu": {"kind": "menu", "name": "Menu", "config": {"prompt": {"type": "tts", "text": "Press"}, "options": [{"key": "1"}, {"key": "2"}]},
            "exits": {"key_1": "Set", "key_2": "Set"}},
        "Set": {"kind": "set_variable", "name": "Set", "config": {"assignments": [{"variable": "score", "expression": "int(call.last_key)"}]}, "exits": {"next": "End"}},
        "End": end()
    }}))
}

fn session(interactive: bool) -> DebugSession {
    let prog = Arc::new(Program::compile(&vip_flow(), &callflow_check::NoFlows).unwrap());
    let sim = Sim::new(prog, Arc::new(fixture()), setup(), &[], Options::default()).unwrap();
    DebugSession::new(sim, interactive)
}

fn entered(s: &DebugSession) -> Vec<String> {
    s.path().into_iter().map(|p| p.component).collect()
}

/// Steps until the first call is about to enter `component`.
fn step_to(s: &mut DebugSession, component: &str) {
    for _ in 0..50 {
        let v = s.step();
        if v.calls[0].component.as_deref() == Some(component) && v.calls[0].state == "about_to_enter" {
            return;
        }
        assert!(!v.finished, "finished before reaching {component}");
    }
    panic!("never reached {component}");
}

#[test]
fn a_variable_set_while_paused_forks_the_run_and_replays_after_step_back() {
    let mut s = session(false);
    step_to(&mut s, "Check");
    let v = s.set_variable(0, "vip", json!(true)).unwrap();
    assert_eq!(v.calls[0].variables["vip"], json!(true));
    let v = s.step();
    assert_eq!(v.calls[0].component.as_deref(), Some("Menu"), "the edit changed the branch taken");
    // Back to the pause where the edit was made: the edited value is shown there.
    let v = s.step_back();
    assert_eq!(v.calls[0].component.as_deref(), Some("Check"));
    assert_eq!(v.calls[0].variables["vip"], json!(true));
    // Back before it: the original value; forward again replays the edit.
    let v = s.step_back();
    assert_eq!(v.calls[0].variables["vip"], json!(false));
    step_to(&mut s, "Menu");
    assert!(entered(&s).contains(&"Check".to_string()));
    // A session with an edit after the start cannot become a test call.
    let err = s.to_test_call("vip").unwrap_err();
    assert!(err.contains("edited after the call started"), "{err}");
}

#[test]
fn bad_variable_edits_are_refused_with_the_reason() {
    let mut s = session(false);
    step_to(&mut s, "Check");
    let err = s.set_variable(0, "vip", json!("yes")).unwrap_err();
    assert!(err.contains("boolean"), "{err}");
    let err = s.set_variable(0, "nope", json!(1)).unwrap_err();
    assert!(err.contains("no variable `nope`"), "{err}");
    let err = s.set_variable(3, "vip", json!(true)).unwrap_err();
    assert!(err.contains("no call 3"), "{err}");
    // Nothing changed.
    assert_eq!(s.view().calls[0].variables["vip"], json!(false));
}

#[test]
fn an_edit_before_the_first_component_becomes_a_call_variable_of_the_saved_test() {
    let mut s = session(true);
    s.set_variable(0, "vip", json!(true)).unwrap();
    let v = s.continue_();
    let d = v.pending.expect("the menu waits for a key");
    let key = d.choices.iter().position(|c| c.label == "caller presses 2").expect("a key choice");
    s.choose(key).unwrap();
    let v = s.continue_();
    assert!(v.finished);
    let test = s.to_test_call("VIP presses 2").unwrap();
    assert_eq!(test.call.variables["vip"], json!(true));
    assert_eq!(test.script.len(), 1);
    let path: Vec<&str> = test.expect.path.iter().map(|p| p.component.as_str()).collect();
    assert_eq!(path, ["Start", "Check", "Menu", "Set", "End"]);
    assert_eq!(test.expect.path[2].exit.as_deref(), Some("key_2"));
    // The saved test passes.
    let prog = Arc::new(Program::compile(&vip_flow(), &callflow_check::NoFlows).unwrap());
    let (outcome, _) = run_test(&prog, &Arc::new(fixture()), &test).unwrap();
    assert!(outcome.passed, "{:?}", outcome.difference);
    assert!(s.to_test_call("  ").is_err());
}

#[test]
fn jump_to_a_trace_event_goes_to_the_pause_before_it() {
    let mut s = session(false);
    s.set_variable(0, "vip", json!(true)).unwrap();
    let v = s.continue_();
    assert!(v.finished);
    let full = s.trace().to_vec();
    let menu = full
        .iter()
        .position(|e| matches!(&e.event, TraceKind::Step { component, .. } if &**component == "Menu"))
        .expect("Menu entered");
    let v = s.jump_to_trace(menu).unwrap();
    assert_eq!(v.calls[0].component.as_deref(), Some("Menu"));
    assert_eq!(v.calls[0].state, "about_to_enter");
    assert_eq!(v.trace_len as usize, menu);
    assert_eq!(s.trace(), &full[..menu]);
    // Forward again: the same trace (the edit at the start is kept).
    let v = s.continue_();
    assert!(v.finished);
    assert_eq!(s.trace(), &full[..]);
    assert!(s.jump_to_trace(10_000).is_err());
}

#[test]
fn conditional_component_breakpoints_and_replacing_the_list() {
    let mut s = session(false);
    s.set_breakpoints(vec![Breakpoint::ComponentWhen {
        component: "Check".into(),
        expression: "vip == true".into(),
    }])
    .unwrap();
    let v = s.continue_();
    assert!(v.finished, "vip is false: the conditional breakpoint does not stop");
    s.restart();
    s.set_variable(0, "vip", json!(true)).unwrap();
    let v = s.continue_();
    assert_eq!(v.stop, StopReason::Breakpoint { index: 0 });
    assert_eq!(v.calls[0].component.as_deref(), Some("Check"));
    // A refused list keeps the old one.
    let err = s
        .set_breakpoints(vec![
            Breakpoint::Component { component: "Menu".into() },
            Breakpoint::ComponentWhen { component: "Check".into(), expression: "vip ==".into() },
        ])
        .unwrap_err();
    assert_eq!(err.0, 1);
    assert_eq!(s.breakpoints().len(), 1);
    assert!(matches!(s.breakpoints()[0], Breakpoint::ComponentWhen { .. }));
}

#[test]
fn stepping_back_to_an_answered_decision_asks_it_again_and_a_new_answer_changes_the_path() {
    let mut s = session(true);
    s.set_variable(0, "vip", json!(true)).unwrap();
    let v = s.continue_();
    let d = v.pending.expect("the menu waits for a key");
    let one = d.choices.iter().position(|c| c.label == "caller presses 1").unwrap();
    let v = s.choose(one).unwrap();
    assert_eq!(v.calls[0].component.as_deref(), Some("Set"));
    // One step back: the decision again, with the same choices.
    let v = s.step_back();
    let again = v.pending.expect("the decision is asked again");
    assert_eq!(again.choices.len(), d.choices.len());
    let two = again.choices.iter().position(|c| c.label == "caller presses 2").unwrap();
    s.choose(two).unwrap();
    let v = s.continue_();
    assert!(v.finished);
    assert_eq!(s.path()[2].exit.as_deref(), Some("key_2"));
    assert_eq!(s.view().calls[0].variables["score"], json!(2));
    let test = s.to_test_call("changed key").unwrap();
    assert_eq!(test.script.len(), 1, "only the new answer is recorded: {:?}", test.script);
}
