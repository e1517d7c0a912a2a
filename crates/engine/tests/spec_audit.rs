//! The engine audit against DOMAIN.md §4: one test per normative rule that §6 does not already
//! cover (assignment outcomes and their precedence, error-handling modes and per-kind defaults,
//! external-destination branches and back-off, hang-up fields per call leg, dialer attempt
//! accounting on component errors, callback re-offers, abandon classification).
//!
//! Each test states the trace facts the specification demands (paths, exits, event fields, and
//! the absence of events it forbids). A few also keep an insta golden trace, reviewed line by line
//! against §4.

mod common;

use callflow_engine::trace::{CallType, DialerStatus, Hangup, HangupAgentStatus, HangupReason};
use callflow_engine::{RunResult, TraceKind};
use callflow_model::scenario::AgentStatus;
use common::*;
use serde_json::{Value, json};

/// Start -> `first`, plus `components`; every flow ends in "End".
fn flow_of(first: &str, components: Value, ty: &str) -> callflow_model::Flow {
    let mut all = json!({
        "Start": {"kind": "start", "name": "Start", "exits": {"next": first}},
        "End": end(),
    });
    if let (Some(a), Some(c)) = (all.as_object_mut(), components.as_object()) {
        a.extend(c.clone());
    }
    flow(json!({"id": "main", "name": "Main", "type": ty, "entry": "Start",
        "variables": [{"name": "n", "type": "number"}], "components": all}))
}

fn play(next: &str) -> Value {
    json!({"kind": "play_message", "name": "Play", "config": {"prompt": {"type": "tts", "text": "Hello"}}, "exits": {"next": next}})
}

/// An assignment of the billing ring group (Ana > Ben > Cy by idle time); `cfg` overrides.
fn assignment(cfg: Value, exits: Value) -> Value {
    let mut c = json!({"selection": {"type": "ring_groups", "ring_groups": ["billing"]}});
    let mut e = json!({"no_answer": "End", "max_waiting_time_reached": "End", "no_match_found": "End"});
    c.as_object_mut().unwrap().extend(cfg.as_object().unwrap().clone());
    e.as_object_mut().unwrap().extend(exits.as_object().unwrap().clone());
    json!({"kind": "assignment_dial", "name": "A&D", "config": c, "exits": e})
}

fn statuses(pairs: &[(&str, AgentStatus)]) -> callflow_model::Environment {
    with(fixture(), |e| {
        for (id, s) in pairs {
            e.agents.iter_mut().find(|a| a.id == *id).unwrap().status = *s;
        }
    })
}

fn hangups(r: &RunResult) -> Vec<(u64, Hangup)> {
    r.trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Hangup(h) => Some((e.at, (**h).clone())),
            _ => None,
        })
        .collect()
}

fn rings(r: &RunResult) -> Vec<(u64, String)> {
    r.trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Ring { party, .. } => Some((e.at, party.to_string())),
            _ => None,
        })
        .collect()
}

fn abandons(r: &RunResult) -> Vec<(String, String)> {
    r.trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Abandon { queue, cause } => Some((queue.to_string(), cause.to_string())),
            _ => None,
        })
        .collect()
}

fn record_status(r: &RunResult) -> (DialerStatus, u32, u32, u32, u32) {
    r.trace
        .iter()
        .find_map(|e| match &e.event {
            TraceKind::RecordStatus(s) => {
                Some((s.status, s.agent_left, s.customer_left, s.agent_attempt_no, s.customer_attempt_no))
            }
            _ => None,
        })
        .expect("a dialer attempt settles its record")
}

fn routed_error(r: &RunResult) -> Option<String> {
    r.trace.iter().find_map(|e| match &e.event {
        TraceKind::Exit { exit, routed, .. } if &**exit == "error" => routed.clone(),
        _ => None,
    })
}

// ---- §4.1 the script timeline ---------------------------------------------------------------

#[test]
fn a_script_that_opens_with_call_arrive_brings_the_first_call() {
    let f = flow_of("A&D", json!({"A&D": assignment(json!({}), json!({"call_finished": "End"}))}), "inbound");
    let arrivals = |r: &RunResult| -> Vec<(u64, u32, String)> {
        r.trace
            .iter()
            .filter_map(|e| match &e.event {
                TraceKind::Arrive { ani, .. } => Some((e.at, e.call, ani.to_string())),
                _ => None,
            })
            .collect()
    };
    // §4.1 style: the timeline starts with the call's arrival (after environment events).
    let r = run(
        &f,
        &[],
        &fixture(),
        &[
            ev(0, json!({"type": "agent.status", "agent": "Ana", "status": "offline"})),
            ev(0, json!({"type": "call.arrive", "ani": "+420777000111", "dnis": "+420800100200"})),
            ev(5, json!({"type": "agent.answer", "agent": "Ben"})),
            ev(20, json!({"type": "call.arrive", "ani": "+420777000222"})),
            ev(40, json!({"type": "agent.endCall", "agent": "Ben"})),
        ],
    );
    assert_eq!(arrivals(&r), [(0, 0, "+420777000111".into()), (20, 1, "+420777000222".into())]);
    assert_eq!(rings(&r)[..2], [(0, "Ben".to_string()), (20, "Cy".to_string())]);
    assert_eq!(exits(&r), ["Start[next]", "A&D[call_finished]"]);
    // Without an opening arrival the first call arrives at t=0 and `call_arrive` adds one.
    let r = run(
        &f,
        &[],
        &fixture(),
        &[
            ev(5, json!({"type": "agent.answer", "agent": "Ana"})),
            ev(20, json!({"type": "call.arrive", "ani": "+420777000222"})),
        ],
    );
    assert_eq!(arrivals(&r), [(0, 0, "+420601000001".into()), (20, 1, "+420777000222".into())]);
    let r = run(&f, &[], &fixture(), &[ev(20, json!({"type": "call.arrive", "ani": "+420777000222"}))]);
    assert_eq!(arrivals(&r), [(0, 0, "+420601000001".into()), (20, 1, "+420777000222".into())]);
}

#[test]
fn clock_advance_moves_the_virtual_clock() {
    // §4.1: with nothing else pending (a conversation waits for its end) the clock still moves.
    let f = flow_of("A&D", json!({"A&D": assignment(json!({}), json!({"call_finished": "End"}))}), "inbound");
    let r = run(
        &f,
        &[],
        &fixture(),
        &[
            ev(5, json!({"type": "agent.answer", "agent": "Ana"})),
            ev(10, json!({"type": "clock.advance", "sec": 100})),
        ],
    );
    let last = r.trace.last().unwrap();
    assert_eq!((last.at, r.end.as_deref()), (110, Some("script_exhausted")));
    // Time-outs due on the way fire as usual: the ring time-out at 30 and the wait at 300.
    let r = run(&f, &[], &fixture(), &[ev(0, json!({"type": "clock.advance", "sec": 400}))]);
    assert_eq!(rings(&r), [(0, "Ana".into()), (30, "Ben".into()), (60, "Cy".into())]);
    assert_eq!(exits(&r), ["Start[next]", "A&D[no_answer]"]);
}

// ---- §4.2 Assignment and Dial outcomes -------------------------------------------------------

#[test]
fn exhaust_rings_every_matched_agent_one_batch_at_a_time_then_no_answer() {
    let f = flow_of("A&D", json!({"A&D": assignment(json!({"strategy": "exhaust"}), json!({}))}), "inbound");
    let r = run(&f, &[], &fixture(), &[ev(5, json!({"type": "agent_reject", "agent": "Ana"}))]);
    // Most idle first; a decline moves on at once, a miss at the ring time-out.
    assert_eq!(rings(&r), [(0, "Ana".into()), (5, "Ben".into()), (35, "Cy".into())]);
    assert_eq!(exits(&r), ["Start[next]", "A&D[no_answer]"]);
    assert_eq!(r.trace.last().unwrap().at, 65);
    let statuses: Vec<_> = hangups(&r).iter().map(|(_, h)| h.agent_status).collect();
    assert_eq!(
        statuses,
        [
            Some(HangupAgentStatus::DeclinedByAgent),
            Some(HangupAgentStatus::MissedCallAgent),
            Some(HangupAgentStatus::MissedCallAgent)
        ]
    );
}

#[test]
fn single_attempt_rings_one_batch_then_no_answer() {
    let f = flow_of(
        "A&D",
        json!({"A&D": assignment(json!({"strategy": "single_attempt", "agents_to_ring": 2}), json!({}))}),
        "inbound",
    );
    let r = run(&f, &[], &fixture(), &[]);
    assert_eq!(rings(&r), [(0, "Ana".into()), (0, "Ben".into())], "one batch of agentsToRing");
    assert_eq!(exits(&r), ["Start[next]", "A&D[no_answer]"]);
    assert_eq!(hangups(&r).len(), 2, "one HANGUP per offer");
}

#[test]
fn exhaust_keeps_waiting_for_matched_busy_agents_and_times_out_as_no_answer() {
    // M = {Ana, Ben(busy), Cy}: after Ana and Cy are tried, M is not yet exhausted, so the call
    // waits; the wait ends with tried != {} -> no_answer.
    let f = flow_of(
        "A&D",
        json!({"A&D": assignment(json!({"max_waiting_time_sec": 100}), json!({}))}),
        "inbound",
    );
    let r = run(
        &f,
        &[],
        &statuses(&[("Ben", AgentStatus::Busy)]),
        &[ev(5, json!({"type": "agent_reject", "agent": "Ana"}))],
    );
    assert_eq!(rings(&r), [(0, "Ana".into()), (5, "Cy".into())]);
    assert_eq!(exits(&r), ["Start[next]", "A&D[no_answer]"]);
    let exit_at =
        r.trace.iter().find(|e| matches!(&e.event, TraceKind::Exit { exit, .. } if &**exit == "no_answer"));
    assert_eq!(exit_at.unwrap().at, 100);
}

#[test]
fn max_wait_while_the_first_offer_still_rings_is_max_waiting_time_reached() {
    // §4.2 pseudo-code: `tried` grows only when a batch ends; at the max-wait timer nobody has
    // been tried yet, so the exit is max_waiting_time_reached and the ringing offer is withdrawn.
    let f =
        flow_of("A&D", json!({"A&D": assignment(json!({"max_waiting_time_sec": 20}), json!({}))}), "inbound");
    let r = run(&f, &[], &statuses(&[("Ben", AgentStatus::Busy), ("Cy", AgentStatus::Busy)]), &[]);
    assert_eq!(exits(&r), ["Start[next]", "A&D[max_waiting_time_reached]"]);
    let h = hangups(&r);
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].0, h[0].1.close_call_on_error), (20, true), "withdrawn offer closes its work item");
}

#[test]
fn all_matched_agents_busy_or_away_wait_for_max_waiting_time() {
    for s in [AgentStatus::Busy, AgentStatus::Away, AgentStatus::AfterCallWork] {
        let f = flow_of(
            "A&D",
            json!({"A&D": assignment(json!({"max_waiting_time_sec": 60}), json!({}))}),
            "inbound",
        );
        let r = run(&f, &[], &statuses(&[("Ana", s), ("Ben", s), ("Cy", s)]), &[]);
        assert_eq!(exits(&r), ["Start[next]", "A&D[max_waiting_time_reached]"], "{s:?} counts as matched");
        assert!(rings(&r).is_empty());
    }
}

#[test]
fn only_available_waits_when_some_matched_agent_is_not_offline() {
    let f = flow_of("A&D", json!({"A&D": assignment(json!({}), json!({"call_finished": "End"}))}), "inbound");
    let env =
        statuses(&[("Ana", AgentStatus::Offline), ("Ben", AgentStatus::Away), ("Cy", AgentStatus::Offline)]);
    let r = run(
        &f,
        &[],
        &env,
        &[
            ev(10, json!({"type": "agent_status", "agent": "Ben", "status": "available"})),
            ev(15, json!({"type": "agent_answer", "agent": "Ben"})),
            ev(20, json!({"type": "agent_end_call", "agent": "Ben"})),
        ],
    );
    assert_eq!(rings(&r), [(10, "Ben".into())]);
    assert_eq!(exits(&r), ["Start[next]", "A&D[call_finished]"]);
}

#[test]
fn consider_any_status_without_any_candidate_is_no_match_found() {
    let f = flow_of(
        "A&D",
        json!({"A&D": assignment(json!({"status_eligibility": "consider_any_status", "selection": {"type": "ring_groups", "ring_groups": ["support"]}}), json!({}))}),
        "inbound",
    );
    let r = run(&f, &[], &fixture(), &[]);
    assert_eq!(exits(&r), ["Start[next]", "A&D[no_match_found]"]);
    assert_eq!(count(&r, |e| matches!(e, TraceKind::QueueJoin { .. })), 0);
}

#[test]
fn caller_hanging_up_while_an_agent_rings_is_an_abandon_and_skips_call_finished() {
    let f = flow_of(
        "A&D",
        json!({"A&D": assignment(json!({}), json!({"call_finished": "Play"})), "Play": play("End")}),
        "inbound",
    );
    let r = run(&f, &[], &fixture(), &[ev(10, json!({"type": "caller_hangup"}))]);
    assert_eq!(abandons(&r), [("billing".to_string(), "Waiting".to_string())]);
    assert_eq!(exits(&r), ["Start[next]"], "PC6: call_finished is not taken");
    assert_eq!(r.end.as_deref(), Some("caller_hung_up"));
}

#[test]
fn conversation_without_call_finished_ends_the_flow_and_hangs_up() {
    let f = flow_of("A&D", json!({"A&D": assignment(json!({}), json!({}))}), "inbound");
    let r = run(
        &f,
        &[],
        &fixture(),
        &[
            ev(5, json!({"type": "agent_answer", "agent": "Ana"})),
            ev(50, json!({"type": "agent_end_call", "agent": "Ana"})),
        ],
    );
    assert_eq!(exits(&r), ["Start[next]", "A&D[call_finished]"]);
    assert_eq!(r.end.as_deref(), Some("unconnected_exit"));
    assert!(r.trace.iter().any(|e| matches!(&e.event, TraceKind::CallerDisconnected { by } if by == "flow")));
}

#[test]
fn the_agent_who_just_finished_is_the_least_idle_and_calls_are_served_in_order() {
    let env = with(fixture(), |e| e.agents.retain(|a| a.id == "Ana"));
    let f = flow_of("A&D", json!({"A&D": assignment(json!({}), json!({"call_finished": "End"}))}), "inbound");
    let r = run(
        &f,
        &[],
        &env,
        &[
            ev(0, json!({"type": "agent_answer", "agent": "Ana"})),
            ev(5, json!({"type": "call_arrive"})),
            ev(10, json!({"type": "call_arrive"})),
            ev(20, json!({"type": "agent_end_call", "agent": "Ana"})),
            ev(25, json!({"type": "agent_answer", "agent": "Ana"})),
        ],
    );
    let ring_calls: Vec<_> = r
        .trace
        .iter()
        .filter(|e| matches!(e.event, TraceKind::Ring { .. }))
        .map(|e| (e.at, e.call))
        .collect();
    assert_eq!(ring_calls, [(0, 0), (20, 1)], "FIFO among equal priorities");
    // A second call without numbers is another caller of the same line.
    assert!(
        r.trace.iter().any(|e| e.call == 1
            && matches!(&e.event, TraceKind::Arrive { dnis, .. } if &**dnis == "+420800100200"))
    );
}

// ---- §4.4 error handling ---------------------------------------------------------------------

#[test]
fn default_error_handling_per_kind() {
    // play_message -> next; set_variable (a value of the wrong type) -> next;
    // conditional (a failing condition) -> no_match.
    let f = flow_of("P", json!({"P": play("End")}), "inbound");
    let r = run(&f, &[], &fixture(), &[ev(0, json!({"type": "component_error", "component": "P"}))]);
    assert_eq!(r.report.iter().map(|row| row.exit.to_string()).collect::<Vec<_>>(), ["next", "error"]);
    assert_eq!(routed_error(&r).as_deref(), Some("follow exit next"));
    assert_eq!(r.end.as_deref(), Some("flow_ended"));

    let f = flow_of(
        "SV",
        json!({"SV": {"kind": "set_variable", "name": "SV", "config": {"assignments": [{"variable": "n", "expression": "'abc'"}]}, "exits": {"next": "P"}}, "P": play("End")}),
        "inbound",
    );
    let r = run(&f, &[], &fixture(), &[]);
    assert_eq!(exits(&r), ["Start[next]", "SV[error]", "P[next]"]);
    assert!(r.trace.iter().any(
        |e| matches!(&e.event, TraceKind::Error { message, .. } if message.contains("reference parse error"))
    ));
    assert_eq!(r.variables["n"], Value::Null);

    let f = flow_of(
        "C",
        json!({"C": {"kind": "conditional", "name": "C", "config": {"branches": [{"name": "b", "expression": "n > 'x'"}]}, "exits": {"b": "End", "no_match": "P"}}, "P": play("End")}),
        "inbound",
    );
    let r = run(&f, &[], &fixture(), &[]);
    assert_eq!(routed_error(&r).as_deref(), Some("follow exit no_match"));
    assert_eq!(exits(&r), ["Start[next]", "C[error]", "P[next]"]);
}

#[test]
fn default_follow_exit_that_is_unconnected_ends_the_flow() {
    // §3 menu: "follow_exit: invalid if connected, else end_flow".
    let menu = |exits: Value| json!({"M": {"kind": "menu", "name": "M", "config": {"prompt": {"type": "tts", "text": "m"}, "options": [{"key": "1"}]}, "exits": exits}, "P": play("End")});
    let err = [ev(2, json!({"type": "component_error", "component": "M"}))];
    let r =
        run(&flow_of("M", menu(json!({"key_1": "End", "invalid": "P"})), "inbound"), &[], &fixture(), &err);
    assert_eq!(routed_error(&r).as_deref(), Some("follow exit invalid"));
    assert_eq!(exits(&r), ["Start[next]", "M[error]", "P[next]"]);
    let r = run(&flow_of("M", menu(json!({"key_1": "End"})), "inbound"), &[], &fixture(), &err);
    assert_eq!(routed_error(&r).as_deref(), Some("end_flow"));
    assert_eq!(r.end.as_deref(), Some("flow_ended_on_error"));
    assert_eq!(r.report.last().map(|row| row.exit.to_string()).as_deref(), Some("error"), "no rows after");
}

#[test]
fn end_flow_and_custom_error_modes() {
    let sv = |handling: Value| json!({"SV": {"kind": "set_variable", "name": "SV", "config": {"assignments": [{"variable": "n", "expression": "1"}]}, "exits": {"next": "End"}, "error_handling": handling}, "P": play("End")});
    let err = [ev(0, json!({"type": "component_error", "component": "SV"}))];
    let r = run(&flow_of("SV", sv(json!({"mode": "end_flow"})), "inbound"), &[], &fixture(), &err);
    assert_eq!(rows_of(&r), ["Start next", "SV error"]);
    assert_eq!(r.end.as_deref(), Some("flow_ended_on_error"));
    let r =
        run(&flow_of("SV", sv(json!({"mode": "custom", "target": "P"})), "inbound"), &[], &fixture(), &err);
    assert_eq!(rows_of(&r), ["Start next", "SV error", "P next"]);
    assert_eq!(r.variables["n"], Value::Null, "the failing step did not run");
}

fn rows_of(r: &RunResult) -> Vec<String> {
    r.report.iter().map(|row| format!("{} {}", row.component, row.exit)).collect()
}

#[test]
fn talkdesk_callback_default_error_plays_the_error_message_and_hangs_up() {
    let f = flow_of(
        "CB",
        json!({"CB": {"kind": "callback", "name": "CB", "config": {"assignment": {"selection": {"type": "ring_groups", "ring_groups": ["billing"]}}, "request_successful_message": {"type": "tts", "text": "booked"}, "error_in_request_message": {"type": "tts", "text": "sorry"}}, "exits": {"no_match": "End", "timeout": "End"}}}),
        "inbound",
    );
    let r = run(&f, &[], &fixture(), &[ev(0, json!({"type": "component_error", "component": "CB"}))]);
    let plays: Vec<_> = r
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Play { prompt, .. } => Some(prompt.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(plays, ["sorry"]);
    assert_eq!(rows_of(&r), ["Start next", "CB error"]);
    assert_eq!(count(&r, |e| matches!(e, TraceKind::CallbackRequest(_))), 0);
}

// ---- §4.5 external destinations (node path) --------------------------------------------------

fn ed_flow(exits: Value) -> callflow_model::Flow {
    flow_of(
        "R",
        json!({"R": {"kind": "route_to_external_destination", "name": "R", "config": {"external_destination": "AIBot"}, "exits": exits},
               "Full": play("End"), "B": play("End"), "T": play("End"), "F": play("End")}),
        "inbound",
    )
}

fn ed_env(max: u32, timeout: u32) -> callflow_model::Environment {
    with(fixture(), |e| {
        e.external_destinations = vec![
            serde_json::from_value(json!({"name": "AIBot", "number": "+442000000001", "max_simultaneous_calls": max, "outdial_timeout_sec": timeout, "no_answer_backoff_sec": 120, "busy_backoff_sec": 90})).unwrap(),
        ]
    })
}

#[test]
fn destination_cap_counts_calls_being_connected() {
    let f = ed_flow(json!({"limit_reached": "Full", "busy": "B", "timeout": "T", "failure": "F"}));
    // Call 0 is still ringing AIBot (not answered) when call 1 arrives: the cap of 1 is reached.
    let r = run(&f, &[], &ed_env(1, 30), &[ev(5, json!({"type": "call_arrive"}))]);
    let call1: Vec<_> = r
        .trace
        .iter()
        .filter(|e| e.call == 1)
        .filter_map(|e| match &e.event {
            TraceKind::Exit { component, exit, .. } => Some(format!("{component}[{exit}]")),
            _ => None,
        })
        .collect();
    assert_eq!(call1, ["Start[next]", "R[limit_reached]", "Full[next]"]);
    assert_eq!(r.stats.external_destinations["AIBot"].limit_reached, 1);
}

#[test]
fn destination_busy_backs_off_on_its_own_timer_and_unconnected_busy_hangs_up() {
    let f = ed_flow(json!({"limit_reached": "Full", "busy": "B", "timeout": "T", "failure": "F"}));
    let r = run(
        &f,
        &[],
        &ed_env(5, 30),
        &[
            ev(3, json!({"type": "ext_busy", "destination": "AIBot"})),
            ev(50, json!({"type": "call_arrive"})),
            ev(100, json!({"type": "call_arrive"})),
        ],
    );
    let backoffs: Vec<_> = r
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Backoff { until, .. } => Some((e.at, *until)),
            _ => None,
        })
        .collect();
    // busy at 3 -> out of the pool until 3 + busyBackoffSec (90); call 1 at 50 is refused as
    // busy; call 2 at 100 rings again and times out after outdialTimeoutSec, backing off again
    // for noAnswerBackoffSec.
    assert_eq!(backoffs, [(3, 93), (130, 250)]);
    let exits_of = |call: u32| -> Vec<String> {
        r.trace
            .iter()
            .filter(|e| e.call == call)
            .filter_map(|e| match &e.event {
                TraceKind::Exit { component, exit, .. } if &**component == "R" => Some(exit.to_string()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        (exits_of(0), exits_of(1), exits_of(2)),
        (vec!["busy".into()], vec!["busy".into()], vec!["timeout".into()])
    );

    let f = ed_flow(json!({"limit_reached": "Full"}));
    let r = run(&f, &[], &ed_env(5, 30), &[ev(3, json!({"type": "ext_busy", "destination": "AIBot"}))]);
    assert_eq!(exits(&r), ["Start[next]", "R[busy]"]);
    assert_eq!(r.end.as_deref(), Some("unconnected_exit"), "G3: the flow ends and hangs up");
}

// ---- §4.6 hang-up events of dial agent and callbacks -----------------------------------------

#[test]
fn dial_agent_outcomes_and_their_hangups() {
    let da = |who: &str| {
        flow_of(
            "DA",
            json!({"DA": {"kind": "dial_agent", "name": "DA", "config": {"agent": {"literal": who}}, "exits": {"no_answer": "P", "no_match": "P", "call_finished": "End"}}, "P": play("End")}),
            "inbound",
        )
    };
    let r = run(&da("ana@example.com"), &[], &fixture(), &[]);
    assert_eq!(exits(&r)[1], "DA[no_answer]");
    assert_eq!(hangups(&r)[0].1.agent_status, Some(HangupAgentStatus::MissedCallAgent));
    let r = run(
        &da("ana@example.com"),
        &[],
        &fixture(),
        &[ev(3, json!({"type": "agent_reject", "agent": "Ana"}))],
    );
    assert_eq!(
        (exits(&r)[1].as_str(), hangups(&r)[0].1.agent_status),
        ("DA[no_answer]", Some(HangupAgentStatus::DeclinedByAgent))
    );
    let r = run(&da("ana@example.com"), &[], &statuses(&[("Ana", AgentStatus::Offline)]), &[]);
    assert_eq!(exits(&r)[1], "DA[no_answer]", "TD: an offline agent takes no_answer");
    assert!(rings(&r).is_empty());
    let r = run(&da("zed@example.com"), &[], &fixture(), &[]);
    assert_eq!(exits(&r)[1], "DA[no_match]");
    // §4.9: hanging up while the agent is being rung is an abandon.
    let r = run(&da("ana@example.com"), &[], &fixture(), &[ev(5, json!({"type": "caller_hangup"}))]);
    assert_eq!(abandons(&r), [("ana@example.com".to_string(), "Waiting".to_string())]);
    assert_eq!(r.end.as_deref(), Some("caller_hung_up"));
}

#[test]
fn a_rejected_callback_request_is_offered_again() {
    // CX `work-rejected` (re-offer) / SF H5: the same request goes out again.
    let env = with(fixture(), |e| e.agents.retain(|a| a.id == "Ana"));
    let f = flow_of(
        "CB",
        json!({"CB": {"kind": "callback", "name": "CB", "config": {"assignment": {"selection": {"type": "ring_groups", "ring_groups": ["billing"]}}, "request_successful_message": {"type": "tts", "text": "booked"}, "error_in_request_message": {"type": "tts", "text": "sorry"}}, "exits": {"no_match": "End", "timeout": "End", "call_finished": "End"}}}),
        "inbound",
    );
    let r = run(
        &f,
        &[],
        &env,
        &[
            ev(5, json!({"type": "agent_reject", "agent": "Ana"})),
            ev(10, json!({"type": "agent_answer", "agent": "Ana"})),
            ev(12, json!({"type": "customer_callback_answer", "answered": true})),
            ev(90, json!({"type": "agent_end_call", "agent": "Ana"})),
        ],
    );
    assert_eq!(rings(&r)[..2], [(0, "Ana".to_string()), (5, "Ana".to_string())]);
    let h = hangups(&r);
    assert_eq!(h.len(), 2, "one per offer");
    assert_eq!(
        (h[0].1.call_type, h[0].1.agent_status),
        (CallType::Callback, Some(HangupAgentStatus::DeclinedByAgent))
    );
    assert_eq!((h[1].0, h[1].1.reason), (90, HangupReason::Ended));
    assert_eq!(exits(&r), ["Start[next]", "CB[call_finished]"]);
    insta::assert_snapshot!(golden(&r));
}

// ---- §4.7 dialer: component errors and the attempt's HANGUP ----------------------------------

fn dialer(agent_handling: Option<Value>, customer_on: &str) -> callflow_model::Flow {
    let mut agent = json!({"kind": "agent_connect", "name": "AC", "config": {"agent_group": "billing"}, "exits": {"line_1": "MC"}});
    if let Some(h) = agent_handling {
        agent["error_handling"] = h;
    }
    flow_of(
        "AC",
        json!({"AC": agent,
            "MC": {"kind": "make_call", "name": "MC", "config": {"numbers": [{"literal": "+442071234567"}], "caller_id": "+442000000000", "on_not_connected": customer_on}, "exits": {"line_1": "P"}},
            "P": play("End")}),
        "outbound_dialer",
    )
}

#[test]
fn a_component_error_on_a_dialer_leg_counts_as_that_leg_not_connected() {
    let agent_error = [ev(5, json!({"type": "component_error", "component": "AC"}))];
    let r = run(&dialer(None, "reschedule"), &[], &fixture(), &agent_error);
    assert_eq!(record_status(&r), (DialerStatus::AgentRescheduled, 2, 2, 1, 0));
    assert_eq!(r.end.as_deref(), Some("flow_ended_on_error"));
    // The error path the designer chose runs, and the attempt is still an agent failure.
    let r = run(
        &dialer(Some(json!({"mode": "custom", "target": "P"})), "reschedule"),
        &[],
        &fixture(),
        &agent_error,
    );
    assert_eq!(exits(&r), ["Start[next]", "AC[error]", "P[next]"]);
    assert_eq!(record_status(&r), (DialerStatus::AgentRescheduled, 2, 2, 1, 0));
    // An error armed on the customer leg strikes on entry: the leg counts as dialled.
    let r = run(
        &dialer(None, "reschedule"),
        &[],
        &fixture(),
        &[
            ev(0, json!({"type": "component_error", "component": "MC"})),
            ev(5, json!({"type": "dialer_agent_leg", "answered": true})),
        ],
    );
    assert_eq!(record_status(&r), (DialerStatus::CustomerRescheduled, 3, 1, 1, 1));
    insta::assert_snapshot!(golden(&r));
    // With Continue on Line 1 the flow decides: no reschedule variable -> COMPLETED.
    let r = run(
        &dialer(None, "continue"),
        &[],
        &fixture(),
        &[
            ev(0, json!({"type": "component_error", "component": "MC"})),
            ev(5, json!({"type": "dialer_agent_leg", "answered": true})),
        ],
    );
    assert_eq!(record_status(&r).0, DialerStatus::Completed);
}

/// A script and the HANGUP reason and agent status it must produce.
type Case<'a> = (&'a [(u64, Value)], HangupReason, Option<HangupAgentStatus>);

#[test]
fn every_dialer_attempt_ends_with_exactly_one_outbound_hangup() {
    let cases: [Case; 4] = [
        (
            &[(5, json!({"type": "dialer_agent_leg", "answered": false}))],
            HangupReason::Error,
            Some(HangupAgentStatus::MissedCallAgent),
        ),
        (
            &[
                (5, json!({"type": "dialer_agent_leg", "answered": true})),
                (9, json!({"type": "dialer_customer_leg", "answered": false})),
            ],
            HangupReason::Error,
            Some(HangupAgentStatus::MissedCallStatus),
        ),
        (
            &[
                (5, json!({"type": "dialer_agent_leg", "answered": true})),
                (9, json!({"type": "dialer_customer_leg", "answered": true})),
            ],
            HangupReason::Ended,
            None,
        ),
        (&[], HangupReason::Error, Some(HangupAgentStatus::MissedCallAgent)),
    ];
    for (script, reason, status) in cases {
        let script: Vec<_> = script.iter().map(|(at, e)| ev(*at, e.clone())).collect();
        let r = run(&dialer(None, "reschedule"), &[], &fixture(), &script);
        let h = hangups(&r);
        assert_eq!(h.len(), 1, "{script:?}");
        assert_eq!(
            (h[0].1.call_type, h[0].1.reason, h[0].1.agent_status),
            (CallType::Outbound, reason, status)
        );
        assert!(!h[0].1.close_call_on_error);
    }
}

// ---- G7 / §4.8 reusable queue flows -----------------------------------------------------------

#[test]
fn exit_inside_a_reusable_queue_flow_returns_to_the_main_flow() {
    // G7 [CX]: Exit in a sub-flow returns; the caller keeps holding in the queue and is answered.
    let main = flow(
        json!({"id": "main", "name": "Main", "type": "inbound", "entry": "Start", "components": {
        "Start": {"kind": "start", "name": "Start", "exits": {"next": "Q"}},
        "Q": {"kind": "queue_with_flow", "name": "Q", "config": {"queue": "billing", "queue_flow": "QF", "max_waiting_time_sec": 100}, "exits": {"call_finished": "End", "max_waiting_time_reached": "End", "callback_registered": "End"}},
        "End": end()}}),
    );
    let qf =
        flow(json!({"id": "QF", "name": "QF", "type": "reusable_queue_flow", "entry": "B", "components": {
        "B": {"kind": "begin_module", "name": "B", "exits": {"next": "P"}},
        "P": play("X"),
        "X": {"kind": "end_flow", "name": "X"}}}));
    let env =
        statuses(&[("Ana", AgentStatus::Busy), ("Ben", AgentStatus::Offline), ("Cy", AgentStatus::Offline)]);
    let r = run(
        &main,
        &[qf],
        &env,
        &[
            ev(20, json!({"type": "agent_status", "agent": "Ana", "status": "available"})),
            ev(25, json!({"type": "agent_answer", "agent": "Ana"})),
            ev(40, json!({"type": "agent_end_call", "agent": "Ana"})),
        ],
    );
    assert_eq!(rings(&r), [(20, "Ana".into())], "still queued after the queue flow's Exit");
    assert_eq!(exits(&r), ["Start[next]", "B[next]", "P[next]", "Q[call_finished]"]);
    assert!(!r.trace.iter().any(|e| e.at < 20 && matches!(e.event, TraceKind::CallerDisconnected { .. })));
}

#[test]
fn disconnecting_while_a_callback_is_set_up_or_registered_is_not_a_queue_abandon() {
    // AB3: CALLBACK_PENDING -> not a queue abandon, counted as callback_setup_abandoned.
    // AB2: CALLBACK_REGISTERED -> not an abandon; the request lives on.
    let main = flow(
        json!({"id": "main", "name": "Main", "type": "inbound", "entry": "Start", "components": {
        "Start": {"kind": "start", "name": "Start", "exits": {"next": "Q"}},
        "Q": {"kind": "queue_with_flow", "name": "Q", "config": {"queue": "billing", "queue_flow": "QF"}, "exits": {"call_finished": "End", "max_waiting_time_reached": "End", "callback_registered": "End"}},
        "End": end()}}),
    );
    let qf = flow(
        json!({"id": "QF", "name": "QF", "type": "reusable_queue_flow", "entry": "B", "variables": [{"name": "number", "type": "string"}], "components": {
        "B": {"kind": "begin_module", "name": "B", "exits": {"next": "SC"}},
        "SC": {"kind": "start_callback", "name": "SC", "exits": {"next": "Collect"}},
        "Collect": {"kind": "collect_digits", "name": "Collect", "config": {"prompt": {"type": "tts", "text": "Number"}, "output_variable": "number", "first_digit_timeout_sec": 20}, "exits": {"ok": "RC", "invalid": "X", "timeout": "X"}},
        "RC": {"kind": "register_callback", "name": "RC", "config": {"callback_number": {"variable": "number"}, "queue": "billing", "outbound_ani": "+442000000000"}, "exits": {"next": "Thanks"}},
        "Thanks": {"kind": "menu", "name": "Thanks", "config": {"prompt": {"type": "tts", "text": "Thanks"}, "options": [{"key": "1"}], "timeout_sec": 60}, "exits": {"key_1": "X"}},
        "X": {"kind": "end_flow", "name": "X"}}}),
    );
    let busy = statuses(&[("Ana", AgentStatus::Busy), ("Ben", AgentStatus::Busy), ("Cy", AgentStatus::Busy)]);
    let r = run(&main, std::slice::from_ref(&qf), &busy, &[ev(5, json!({"type": "caller_hangup"}))]);
    assert!(abandons(&r).is_empty());
    assert_eq!(r.stats.queues["billing"].callback_setup_abandoned, 1);
    assert_eq!(r.stats.queues["billing"].abandoned, 0);
    let r = run(
        &main,
        &[qf],
        &busy,
        &[
            ev(5, json!({"type": "digits", "digits": "442071234567#"})),
            ev(10, json!({"type": "caller_hangup"})),
            ev(30, json!({"type": "agent_status", "agent": "Ana", "status": "available"})),
        ],
    );
    assert!(abandons(&r).is_empty());
    assert_eq!(count(&r, |e| matches!(e, TraceKind::CallbackRequest(_))), 1);
    assert_eq!(rings(&r), [(30, "Ana".into())], "the request lives on after the caller left");
}

// ---- §4.9 abandons ---------------------------------------------------------------------------

#[test]
fn hanging_up_during_the_voicemail_greeting_is_an_abandon_not_a_message() {
    let vm = json!({"kind": "voicemail", "name": "VM", "config": {"greeting": {"type": "tts", "text": "Leave a message"}, "assign_to": {"type": "ring_group", "ring_group": "billing"}}});
    let f = flow_of("A&D", json!({"A&D": assignment(json!({}), json!({})), "VM": vm}), "inbound");
    let f = {
        let mut f = f;
        let ad = f.components.get_mut("A&D").unwrap();
        ad.alternative_keys.insert(callflow_model::DtmfKey::from_char('9').unwrap(), "VM".into());
        f
    };
    let busy = statuses(&[("Ana", AgentStatus::Busy), ("Ben", AgentStatus::Busy), ("Cy", AgentStatus::Busy)]);
    let r = run(
        &f,
        &[],
        &busy,
        &[ev(10, json!({"type": "dtmf", "key": "9"})), ev(10, json!({"type": "caller_hangup"}))],
    );
    assert_eq!(abandons(&r), [("billing".to_string(), "Disconnected".to_string())]);
    assert_eq!(count(&r, |e| matches!(e, TraceKind::Voicemail { .. })), 0);
    assert_eq!(r.stats.reports.calls_abandoned, 1);
    insta::assert_snapshot!(golden(&r));
    // Hanging up after recording leaves a message: no abandon.
    let r = run(
        &f,
        &[],
        &busy,
        &[ev(10, json!({"type": "dtmf", "key": "9"})), ev(40, json!({"type": "caller_hangup"}))],
    );
    assert!(abandons(&r).is_empty());
    assert_eq!(r.end.as_deref(), Some("voicemail_recorded"));
}

// ---- §4.6 H3: exactly one HANGUP per call leg, under many scripts -----------------------------

/// A small deterministic generator (no dependency, same sequence on every machine).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[test]
fn every_agent_offer_and_conversation_ends_in_exactly_one_hangup() {
    let vm = json!({"kind": "voicemail", "name": "VM", "config": {"greeting": {"type": "tts", "text": "Leave a message"}, "assign_to": {"type": "ring_group", "ring_group": "billing"}}});
    let mut f = flow_of(
        "A&D",
        json!({"A&D": assignment(json!({"agents_to_ring": 2, "max_waiting_time_sec": 200}), json!({"call_finished": "P", "no_answer": "DA"})),
               "DA": {"kind": "dial_agent", "name": "DA", "config": {"agent": {"literal": "cy@example.com"}}, "exits": {"no_answer": "End", "no_match": "End", "call_finished": "End"}},
               "P": play("End"), "VM": vm}),
        "inbound",
    );
    f.components
        .get_mut("A&D")
        .unwrap()
        .alternative_keys
        .insert(callflow_model::DtmfKey::from_char('9').unwrap(), "VM".into());
    let agents = ["Ana", "Ben", "Cy"];
    let mut rng = Lcg(42);
    let (mut offers, mut conversations) = (0, 0);
    for round in 0..400 {
        let mut script = Vec::new();
        let (mut at, mut calls) = (1u64, 1u32); // from t=1: no opening arrival
        for _ in 0..rng.next(10) + 1 {
            at += [0, 1, 5, 20, 40][rng.next(5) as usize];
            let agent = agents[rng.next(3) as usize];
            let call = rng.next(calls as u64) as u32;
            let event = match rng.next(9) {
                0 => json!({"type": "agent_answer", "agent": agent}),
                1 => json!({"type": "agent_reject", "agent": agent}),
                2 => json!({"type": "agent_device_fail", "agent": agent}),
                3 => json!({"type": "agent_end_call", "agent": agent}),
                4 => {
                    let status = ["available", "busy", "offline"][rng.next(3) as usize];
                    json!({"type": "agent_status", "agent": agent, "status": status})
                }
                5 => json!({"type": "caller_hangup"}),
                6 => {
                    let key = ["9", "5"][rng.next(2) as usize];
                    json!({"type": "dtmf", "key": key})
                }
                7 => json!({"type": "net_fail"}),
                _ => {
                    calls += 1;
                    json!({"type": "call_arrive"})
                }
            };
            let mut e = ev(at, event);
            e.call = call;
            script.push(e);
        }
        let r = run(&f, &[], &fixture(), &script);
        // Per (call, agent): RING opens an offer; CONNECT turns it into a conversation; HANGUP
        // closes either. Legs still talking when the simulation stops have no HANGUP (the
        // simulation, not the call, ended).
        let mut open: std::collections::HashMap<(u32, String), &str> = Default::default();
        for e in &r.trace {
            let key = |p: &str| (e.call, p.to_string());
            match &e.event {
                TraceKind::Ring { party, party_type: callflow_engine::trace::PartyType::Agent } => {
                    assert!(
                        !open.contains_key(&key(party)),
                        "round {round}: {party} rung twice at once\n{script:?}"
                    );
                    open.insert(key(party), "offer");
                    offers += 1;
                }
                TraceKind::Connect { party, party_type: callflow_engine::trace::PartyType::Agent } => {
                    assert_eq!(open.get(&key(party)), Some(&"offer"), "round {round}: connect without offer");
                    open.insert(key(party), "talk");
                    conversations += 1;
                }
                TraceKind::Hangup(h) => {
                    let state = open.remove(&key(&h.party));
                    assert!(
                        state.is_some(),
                        "round {round}: HANGUP for {} without an open leg\n{script:?}",
                        h.party
                    );
                    assert_eq!(
                        h.reason == HangupReason::Ended,
                        state == Some("talk"),
                        "round {round}: offers end in error, conversations in ended\n{script:?}"
                    );
                }
                _ => {}
            }
        }
        assert!(open.values().all(|s| *s == "talk"), "round {round}: an offer never ended\n{script:?}");
    }
    // The scripts reach the interesting states (not a test of nothing).
    assert!(offers > 800 && conversations > 30, "{offers} offers, {conversations} conversations");
}
