//! What the debugger asks and says, as data: every decision, call status and pending timer met
//! while exploring the sample flows carries a structured form (`waiting_for`, `time_out`,
//! `status`, `timer`) beside its English words, and the two agree (the UI's test checks it words
//! the data as the engine does).
//!
//! With `DECISION_SAMPLES=<file>` the test also writes one decision per shape (what the call
//! waits for, what each choice does), one call status and one timer per shape, for the UI's test
//! that words them in English and Czech (`make test-ui` writes
//! `ui/src/test/decisions.generated.json`).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use callflow_engine::debug::{CallStatus, DebugSession};
use callflow_engine::sim::{Choice, PendingDecision, WaitingFor};
use callflow_engine::{Options, Program, Sim};
use callflow_model::{CallSetup, Flow, FlowFile};
use serde_json::{Value, json};

/// Runs per sample flow and call set-up, each taking other choices.
const RUNS: u64 = 40;
/// Decisions answered per run before it is abandoned.
const DECISIONS_PER_RUN: usize = 25;

fn samples() -> Vec<FlowFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("the flows folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".callflow.json"))
        .collect();
    paths.sort();
    paths.iter().map(|p| callflow_model::file::read_path(p).expect("a sample reads")).collect()
}

/// The shape of a choice: what it does, without names and numbers.
fn choice_shape(waiting_for: &WaitingFor, choice: &Choice) -> String {
    let waiting = serde_json::to_value(waiting_for).expect("serialises");
    let what = match (&choice.event, choice.time_out) {
        (Some(e), _) => serde_json::to_value(&e.event).expect("serialises")["type"].to_string(),
        (None, Some(t)) => format!("{t:?}"),
        (None, None) => panic!("a choice with neither event nor time-out: {choice:?}"),
    };
    format!("{}|{}|{}|{what}", waiting["kind"], waiting["bridged"], waiting["agent"])
}

fn status_shape(status: &CallStatus) -> String {
    serde_json::to_string(status).expect("serialises")
}

#[test]
fn decisions_and_statuses_carry_their_structure() {
    let files = samples();
    let lib: BTreeMap<String, Flow> = files.iter().map(|f| (f.flow.id.to_string(), f.flow.clone())).collect();
    let mut decisions: BTreeMap<String, (PendingDecision, Choice)> = BTreeMap::new();
    let mut statuses: BTreeMap<String, Value> = BTreeMap::new();
    let mut timers: BTreeMap<String, Value> = BTreeMap::new();
    for file in &files {
        let prog = Arc::new(Program::compile(&file.flow, &lib).expect("a sample compiles"));
        let setups: Vec<CallSetup> =
            std::iter::once(CallSetup::default()).chain(file.tests.iter().map(|t| t.call.clone())).collect();
        for setup in setups {
            for run in 0..RUNS {
                let env = Arc::new(file.environment.clone().unwrap_or_default());
                let Ok(sim) = Sim::new(prog.clone(), env, setup.clone(), &[], Options::default()) else {
                    continue;
                };
                let mut session = DebugSession::new(sim, true);
                let mut view = session.continue_();
                for depth in 0..DECISIONS_PER_RUN {
                    for call in &view.calls {
                        // The English state says the same as the data.
                        match &call.status {
                            CallStatus::AboutToEnter => assert_eq!(call.state, "about_to_enter"),
                            CallStatus::Waiting { .. } => {
                                assert!(call.state.starts_with("waiting: "), "{}", call.state)
                            }
                            CallStatus::Done { reason } => assert_eq!(call.state, format!("done: {reason}")),
                        }
                        statuses
                            .entry(status_shape(&call.status))
                            .or_insert_with(|| json!({"state": call.state, "status": call.status}));
                    }
                    for timer in &view.timers {
                        assert_eq!(timer.what, timer.timer.label());
                        // One per kind of timer, without whose it is.
                        let value = serde_json::to_value(timer.timer).expect("serialises");
                        let shape = format!("{}|{}", value["kind"], value["timer"]);
                        timers
                            .entry(shape)
                            .or_insert_with(|| serde_json::to_value(timer).expect("serialises"));
                    }
                    let Some(pending) = view.pending.clone() else { break };
                    // The English words name who or what the data names.
                    let named = match &pending.waiting_for {
                        WaitingFor::Key { component } | WaitingFor::Queue { component } => Some(component),
                        WaitingFor::Talk { party, .. } => Some(party),
                        WaitingFor::External { number, .. } => Some(number),
                        _ => None,
                    };
                    if let Some(name) = named {
                        assert!(
                            pending.waiting.contains(name.as_str()),
                            "{} / {:?}",
                            pending.waiting,
                            pending.waiting_for
                        );
                    }
                    for choice in &pending.choices {
                        if let Some(t) = choice.time_out {
                            assert_eq!(choice.label, t.label());
                            assert!(choice.event.is_none(), "{choice:?}");
                        }
                        decisions
                            .entry(choice_shape(&pending.waiting_for, choice))
                            .or_insert_with(|| (pending.clone(), choice.clone()));
                    }
                    // A different path each run: a cheap deterministic mix of run and depth.
                    let pick = ((run * 7919 + depth as u64 * 104_729) >> 3) as usize % pending.choices.len();
                    session.choose(pick).expect("a listed choice");
                    view = session.continue_();
                }
            }
        }
    }
    // The samples meet every kind of wait and every time-out (a shape missing here would go
    // unworded in the UI's test).
    for kind in ["key", "queue", "talk", "external", "voicemail", "callback"] {
        assert!(
            decisions.keys().any(|k| k.starts_with(&format!("\"{kind}\""))),
            "no `{kind}` decision in {decisions:#?}"
        );
    }
    if let Some(path) = std::env::var_os("DECISION_SAMPLES") {
        let decisions: Vec<Value> = decisions
            .into_values()
            .map(|(mut pending, choice)| {
                pending.choices = vec![choice];
                serde_json::to_value(pending).expect("serialises")
            })
            .collect();
        let samples = json!({
            "decisions": decisions,
            "calls": statuses.into_values().collect::<Vec<_>>(),
            "timers": timers.into_values().collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&samples).expect("serialises");
        std::fs::write(&path, text + "\n").expect("the samples file is writable");
    }
}
