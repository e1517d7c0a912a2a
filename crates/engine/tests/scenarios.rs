//! Golden traces for the acceptance scenarios of DOMAIN.md §6 and further §4 rules.
//!
//! Each test asserts the facts the specification states (so a wrong golden file cannot pass by
//! accident) and snapshots the whole trace with insta. A3 and E3 are validation scenarios and
//! live with the checks; here they appear only as "a flow with errors refuses to run".

mod common;

use callflow_engine::TraceKind;
use callflow_engine::trace::{DialerStatus, HangupAgentStatus, HangupReason};
use common::*;
use serde_json::{Value, json};

fn ad(extra: Value) -> Value {
    let mut cfg = json!({"selection": {"type": "ring_groups", "ring_groups": ["billing"]}, "status_eligibility": "only_available", "agents_to_ring": 1});
    if let (Some(c), Some(e)) = (cfg.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    cfg
}

fn survey_menu() -> Value {
    json!({"kind": "menu", "name": "Survey", "config": {
        "prompt": {"type": "tts", "text": "Rate us from 1 to 5"},
        "options": [{"key": "1"}, {"key": "2"}, {"key": "3"}, {"key": "4"}, {"key": "5"}]},
        "exits": {"key_1": "SetScore", "key_2": "SetScore", "key_3": "SetScore", "key_4": "SetScore", "key_5": "SetScore"}})
}

/// Start -> A&D with every mandatory exit to End, plus `extra` components and overrides.
fn ad_flow(ad_component: Value, extra: Value) -> callflow_model::Flow {
    let mut components = json!({
        "Start": {"kind": "start", "name": "Start", "exits": {"next": "A&D"}},
        "A&D": ad_component,
        "End": end(),
    });
    if let (Some(c), Some(e)) = (components.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    flow(json!({"id": "main", "name": "Main", "type": "inbound", "entry": "Start",
        "variables": [{"name": "score", "type": "number"}, {"name": "wrap", "type": "number"}, {"name": "done", "type": "number"}, {"name": "vip", "type": "boolean", "default": false}],
        "components": components}))
}

fn ad_component(cfg: Value, exits: Value) -> Value {
    let mut e = json!({"no_answer": "End", "max_waiting_time_reached": "End", "no_match_found": "End"});
    if let (Some(m), Some(x)) = (e.as_object_mut(), exits.as_object()) {
        m.extend(x.clone());
    }
    json!({"kind": "assignment_dial", "name": "A&D", "config": cfg, "exits": e})
}

#[test]
fn a1_post_call_survey_runs_after_the_agent_hangs_up() {
    let f = ad_flow(
        ad_component(ad(json!({})), json!({"call_finished": "Survey"})),
        json!({
            "Survey": survey_menu(),
            "SetScore": {"kind": "set_variable", "name": "SetScore", "config": {"assignments": [{"variable": "score", "expression": "int(call.last_key)"}]}, "exits": {"next": "End"}},
        }),
    );
    let r = run(
        &f,
        &[],
        &fixture(),
        &[
            ev(5, json!({"type": "agent_answer", "agent": "Ana"})),
            ev(65, json!({"type": "agent_end_call", "agent": "Ana"})),
            ev(70, json!({"type": "dtmf", "key": "4"})),
        ],
    );
    assert_eq!(exits(&r), ["Start[next]", "A&D[call_finished]", "Survey[key_4]", "SetScore[next]"]);
    assert_eq!(r.variables["score"], json!(4));
    assert_eq!(count(&r, |e| matches!(e, TraceKind::Connect { .. })), 1);
    assert_eq!(r.end.as_deref(), Some("flow_ended"));
    assert!(r.trace.iter().any(|e| matches!(&e.event, TraceKind::CallerDisconnected { by } if by == "flow")));
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn a2_contact_disconnected_post_call_stops_at_first_voice_component() {
    let post = flow(json!({"id": "Post", "name": "Post", "type": "module", "entry": "Begin",
    "variables": [{"name": "wrap", "type": "number"}, {"name": "done", "type": "number"}, {"name": "vip", "type": "boolean", "default": false}],
    "components": {
        "Begin": {"kind": "begin_module", "name": "Begin", "exits": {"next": "SetWrap"}},
        "SetWrap": {"kind": "set_variable", "name": "SetWrap", "config": {"assignments": [{"variable": "wrap", "expression": "1"}]}, "exits": {"next": "Vip"}},
        "Vip": {"kind": "conditional", "name": "Vip", "config": {"branches": [{"name": "vip", "expression": "vip"}]}, "exits": {"vip": "Thanks", "no_match": "Thanks"}},
        "Thanks": {"kind": "play_message", "name": "Thanks", "config": {"prompt": {"type": "tts", "text": "Thanks"}}, "exits": {"next": "SetDone"}},
        "SetDone": {"kind": "set_variable", "name": "SetDone", "config": {"assignments": [{"variable": "done", "expression": "1"}]}, "exits": {"next": "Return"}},
        "Return": {"kind": "return_to_flow", "name": "Return", "config": {"exit": "done"}}
    }}));
    let f = ad_flow(
        ad_component(ad(json!({})), json!({"call_finished": "RunPost"})),
        json!({"RunPost": {"kind": "run_module", "name": "RunPost", "config": {"module": "Post", "module_exits": ["done"], "outputs": {"done": "done"}}, "exits": {"done": "End"}}}),
    );
    let r = run(
        &f,
        &[post],
        &fixture(),
        &[ev(5, json!({"type": "agent_answer", "agent": "Ana"})), ev(40, json!({"type": "caller_hangup"}))],
    );
    assert_eq!(
        exits(&r),
        ["Start[next]", "A&D[call_finished]", "Begin[next]", "SetWrap[next]", "Vip[no_match]"]
    );
    assert_eq!(r.end.as_deref(), Some("contact_disconnected_at_voice_component"));
    assert!(
        !r.trace
            .iter()
            .any(|e| matches!(&e.event, TraceKind::Step { component, .. } if &**component == "Thanks")),
        "Thanks is not executed"
    );
    assert!(!r.trace.iter().any(|e| matches!(&e.event, TraceKind::Play { .. })));
    assert!(!r.report.iter().any(|row| &*row.exit == "error"));
    assert_eq!(r.variables["done"], Value::Null);
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn a6_no_match_with_only_available() {
    let env = with(fixture(), |e| {
        for a in e.agents.iter_mut().filter(|a| a.ring_groups == ["billing"]) {
            a.status = callflow_model::scenario::AgentStatus::Offline;
        }
    });
    let f = ad_flow(ad_component(ad(json!({})), json!({})), json!({}));
    let r = run(&f, &[], &env, &[]);
    assert_eq!(exits(&r), ["Start[next]", "A&D[no_match_found]"]);
    assert_eq!(count(&r, |e| matches!(e, TraceKind::QueueJoin { .. } | TraceKind::Ring { .. })), 0);
    assert!(r.trace.iter().all(|e| e.at == 0));
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn consider_any_status_waits_instead_of_no_match() {
    let env = with(fixture(), |e| {
        for a in e.agents.iter_mut() {
            a.status = callflow_model::scenario::AgentStatus::Offline;
        }
    });
    let f = ad_flow(
        ad_component(
            ad(json!({"status_eligibility": "consider_any_status", "max_waiting_time_sec": 120})),
            json!({}),
        ),
        json!({}),
    );
    let r = run(&f, &[], &env, &[]);
    assert_eq!(exits(&r), ["Start[next]", "A&D[max_waiting_time_reached]"]);
    // An agent becoming available is rung.
    let r = run(
        &f,
        &[],
        &env,
        &[
            ev(30, json!({"type": "agent_status", "agent": "Ben", "status": "available"})),
            ev(35, json!({"type": "agent_answer", "agent": "Ben"})),
        ],
    );
    assert!(
        r.trace
            .iter()
            .any(|e| e.at == 30 && matches!(&e.event, TraceKind::Ring { party, .. } if &**party == "Ben"))
    );
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn a8_alternative_key_while_waiting_keeps_the_callers_place() {
    let env = with(fixture(), |e| {
        for a in e.agents.iter_mut().filter(|a| a.ring_groups == ["billing"]) {
            a.status = callflow_model::scenario::AgentStatus::Busy;
        }
    });
    let mut comp = ad_component(ad(json!({"priority": 3})), json!({}));
    comp["alternative_keys"] = json!({"1": "CB", "9": "VM"});
    let f = ad_flow(
        comp,
        json!({
            "CB": {"kind": "callback", "name": "CB", "config": {
                "request_successful_message": {"type": "tts", "text": "Request successful"},
                "error_in_request_message": {"type": "tts", "text": "Error in request"},
                "assignment": ad(json!({}))}, "exits": {"no_match": "End", "timeout": "End"}},
            "VM": {"kind": "voicemail", "name": "VM", "config": {"greeting": {"type": "tts", "text": "Leave a message"}, "assign_to": {"type": "ring_group", "ring_group": "billing"}}},
        }),
    );
    let r = run(
        &f,
        &[],
        &env,
        &[ev(10, json!({"type": "dtmf", "key": "5"})), ev(20, json!({"type": "dtmf", "key": "1"}))],
    );
    assert!(
        r.trace.iter().any(|e| e.at == 10 && matches!(&e.event, TraceKind::Ignored { .. })),
        "key 5 is ignored"
    );
    assert_eq!(&exits(&r)[..2], ["Start[next]", "A&D[alt_key_1]"]);
    assert!(r.trace.iter().any(
        |e| e.at == 20 && matches!(&e.event, TraceKind::QueueLeave { reason, .. } if reason == "alt_key")
    ));
    let cb = r.trace.iter().find_map(|e| match &e.event {
        TraceKind::CallbackRequest(c) => Some(c.clone()),
        _ => None,
    });
    let cb = cb.expect("a callback request is queued");
    assert_eq!((cb.enqueued_at, cb.priority), (0, 3), "original enqueue time and the same priority");
    assert!(
        r.trace
            .iter()
            .any(|e| matches!(&e.event, TraceKind::Play { prompt, .. } if &**prompt == "Request successful"))
    );
    assert!(
        r.trace
            .iter()
            .any(|e| e.at == 20 && matches!(&e.event, TraceKind::CallerDisconnected { by } if by == "flow"))
    );
    insta::assert_snapshot!(golden(&r));
}

fn a9_flow(handling: Value) -> callflow_model::Flow {
    let mut comp = ad_component(ad(json!({})), json!({"no_answer": "NA"}));
    comp["error_handling"] = handling;
    ad_flow(
        comp,
        json!({
            "VM": {"kind": "voicemail", "name": "VM", "config": {"greeting": {"type": "tts", "text": "Leave a message"}, "assign_to": {"type": "ring_group", "ring_group": "billing"}}},
            "NA": {"kind": "play_message", "name": "NA", "config": {"prompt": {"type": "tts", "text": "Nobody answered"}}, "exits": {"next": "End"}},
        }),
    )
}

fn rows(r: &callflow_engine::RunResult) -> Vec<String> {
    r.report.iter().map(|row| format!("{}:{}", row.component, row.exit)).collect()
}

#[test]
fn a9a_default_error_behaviour_ends_the_flow() {
    let r = run(
        &a9_flow(json!({"mode": "default"})),
        &[],
        &fixture(),
        &[ev(0, json!({"type": "component_error", "component": "A&D"}))],
    );
    assert_eq!(rows(&r), ["Start:next", "A&D:error"]);
    assert_eq!(r.end.as_deref(), Some("flow_ended_on_error"));
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn a9b_custom_error_exit_continues_on_new_rows() {
    let r = run(
        &a9_flow(json!({"mode": "custom", "target": "VM"})),
        &[],
        &fixture(),
        &[ev(0, json!({"type": "component_error", "component": "A&D"}))],
    );
    assert_eq!(rows(&r), ["Start:next", "A&D:error"]);
    assert!(
        r.trace.iter().any(|e| matches!(&e.event, TraceKind::Step { component, .. } if &**component == "VM"))
    );
    assert_eq!(r.end.as_deref(), Some("voicemail_recorded"), "recorded until the maximum duration");
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn a9c_follow_exit_no_answer() {
    let r = run(
        &a9_flow(json!({"mode": "follow_exit", "exit": "no_answer"})),
        &[],
        &fixture(),
        &[ev(3, json!({"type": "component_error", "component": "A&D"}))],
    );
    assert_eq!(rows(&r), ["Start:next", "A&D:error", "NA:next"]);
    // The error struck while Ana was ringing: the offer ends and the queue is left.
    assert!(
        r.trace
            .iter()
            .any(|e| e.at == 3
                && matches!(&e.event, TraceKind::QueueLeave { reason, .. } if reason == "error"))
    );
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn a9d_traffic_limit_takes_queue_size_limit_reached() {
    let r = run(
        &a9_flow(json!({"mode": "default"})),
        &[],
        &fixture(),
        &[ev(0, json!({"type": "traffic_limit", "on": true}))],
    );
    assert_eq!(exits(&r), ["Start[next]", "A&D[queue_size_limit_reached]"]);
    assert_eq!(r.end.as_deref(), Some("queue_size_limit_reached"));
    assert_eq!((r.stats.reports.calls_abandoned, r.stats.reports.contacts_missed), (1, 1));
    assert_eq!(count(&r, |e| matches!(e, TraceKind::Ring { .. })), 0, "no ringing time");
    insta::assert_snapshot!(golden(&r));
}

fn queue_env(max: u32) -> callflow_model::Environment {
    with(fixture(), |e| {
        e.queues = serde_json::from_value(json!([{"id": "Q", "name": "Q", "groups": [{"id": "G1", "priority": 1, "members": ["Ana", "AIBot"]}]}])).unwrap();
        e.external_destinations = serde_json::from_value(
            json!([{"name": "AIBot", "number": "+442070000000", "max_simultaneous_calls": max}]),
        )
        .unwrap();
    })
}

#[test]
fn b1_regular_agents_before_the_external_destination() {
    let f = ad_flow(
        ad_component(json!({"selection": {"type": "ring_groups", "ring_groups": ["Q"]}}), json!({})),
        json!({}),
    );
    let r = run(
        &f,
        &[],
        &queue_env(2),
        &[
            ev(2, json!({"type": "agent_answer", "agent": "Ana"})),
            ev(10, json!({"type": "call_arrive", "ani": "+420601000002"})),
            ev(12, json!({"type": "ext_answer", "destination": "AIBot"})),
        ],
    );
    let rings: Vec<(u32, String)> = r
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Ring { party, .. } => Some((e.call, party.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(rings, [(0, "Ana".to_string()), (1, "AIBot".to_string())]);
    assert_eq!(r.stats.agents["Ana"].answered, 1);
    assert_eq!(r.stats.external_destinations["AIBot"].answered, 1);
    assert!(!r.stats.agents.contains_key("AIBot"), "ED calls are not agent statistics");
    insta::assert_snapshot!(golden(&r));
}

fn b4_flow(busy_connected: bool) -> callflow_model::Flow {
    let mut exits = json!({"limit_reached": "Full", "timeout": "T", "failure": "F"});
    if busy_connected {
        exits["busy"] = json!("B");
    }
    let play = |id: &str| json!({"kind": "play_message", "name": id, "config": {"prompt": {"type": "tts", "text": id}}, "exits": {"next": "End"}});
    flow(json!({"id": "b4", "name": "B4", "type": "inbound", "entry": "Start", "components": {
        "Start": {"kind": "start", "name": "Start", "exits": {"next": "R"}},
        "R": {"kind": "route_to_external_destination", "name": "R", "config": {"external_destination": "AIBot"}, "exits": exits},
        "Full": play("Full"), "B": play("B"), "T": play("T"), "F": play("F"), "End": end()
    }}))
}

#[test]
fn b4_route_to_external_destination_branches() {
    let one = |e: &mut callflow_model::Environment, active: u32| {
        e.external_destinations = serde_json::from_value(json!([{"name": "AIBot", "number": "+442070000000", "max_simultaneous_calls": 1, "active_calls": active}])).unwrap();
    };
    let full = run(&b4_flow(true), &[], &with(fixture(), |e| one(e, 1)), &[]);
    assert_eq!(exits(&full), ["Start[next]", "R[limit_reached]", "Full[next]"]);
    let env = with(fixture(), |e| one(e, 0));
    let busy = run(&b4_flow(true), &[], &env, &[ev(3, json!({"type": "ext_busy", "destination": "AIBot"}))]);
    assert_eq!(exits(&busy)[1], "R[busy]");
    assert!(
        busy.trace.iter().any(|e| matches!(&e.event, TraceKind::Backoff { until: 123, .. })),
        "out of the pool for busyBackoffSec"
    );
    let timeout = run(&b4_flow(true), &[], &env, &[]);
    assert_eq!(exits(&timeout)[1], "R[timeout]");
    assert!(
        timeout
            .trace
            .iter()
            .any(|e| e.at == 30 && matches!(&e.event, TraceKind::Exit { exit, .. } if &**exit == "timeout"))
    );
    let fail = run(&b4_flow(true), &[], &env, &[ev(3, json!({"type": "ext_fail", "destination": "AIBot"}))]);
    assert_eq!(exits(&fail)[1], "R[failure]");
    let unconnected =
        run(&b4_flow(false), &[], &env, &[ev(3, json!({"type": "ext_busy", "destination": "AIBot"}))]);
    assert_eq!(exits(&unconnected), ["Start[next]", "R[busy]"]);
    assert_eq!(unconnected.end.as_deref(), Some("unconnected_exit"));
    let mut all = String::new();
    for (name, r) in [
        ("limit", &full),
        ("busy", &busy),
        ("timeout", &timeout),
        ("failure", &fail),
        ("busy unconnected", &unconnected),
    ] {
        all.push_str(&format!("=== {name}\n{}", r.trace_text()));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn b4_create_external_number_digits_win_and_neither_fails_downstream() {
    let f = |cfg: Value| {
        flow(json!({"id": "cen", "name": "CEN", "type": "inbound", "entry": "Start",
        "variables": [{"name": "num", "type": "string"}],
        "components": {
            "Start": {"kind": "start", "name": "Start", "exits": {"next": "Make"}},
            "Make": {"kind": "create_external_number", "name": "Make", "config": cfg, "exits": {"next": "Fwd"}},
            "Fwd": {"kind": "forward_external", "name": "Fwd", "config": {"phone_number": {"variable": "num"}}, "exits": {"failed": "End", "no_answer": "End", "busy": "End"}},
            "End": end()
        }}))
    };
    let both = run(
        &f(
            json!({"prefix_number": "44", "service_number_digits": 6, "service_number_prefix_match": "420", "output_variable": "num"}),
        ),
        &[],
        &fixture(),
        &[],
    );
    assert_eq!(both.variables["num"], json!("+44100200"));
    let neither = run(&f(json!({"prefix_number": "44", "output_variable": "num"})), &[], &fixture(), &[]);
    assert_eq!(neither.variables["num"], json!("+420800100200"), "the raw service number is returned");
    assert_eq!(exits(&neither)[2], "Fwd[failed]");
}

fn c_flow() -> callflow_model::Flow {
    ad_flow(ad_component(ad(json!({})), json!({})), json!({}))
}

#[test]
fn c1_normal_end_gives_exactly_one_hangup_ended() {
    let r = run(
        &c_flow(),
        &[],
        &fixture(),
        &[
            ev(5, json!({"type": "agent_answer", "agent": "Ana"})),
            ev(60, json!({"type": "agent_end_call", "agent": "Ana"})),
        ],
    );
    let hangups: Vec<_> = r
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Hangup(h) => Some(h.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(hangups.len(), 1);
    assert_eq!(
        (hangups[0].reason, hangups[0].close_call_on_error, &*hangups[0].voice_call),
        (HangupReason::Ended, false, "completed")
    );
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn c2_missed_inbound_call() {
    let f = ad_flow(ad_component(ad(json!({"strategy": "single_attempt"})), json!({})), json!({}));
    let r = run(&f, &[], &fixture(), &[]);
    let h = r.trace.iter().find_map(|e| match &e.event {
        TraceKind::Hangup(h) => Some((e.at, h.clone())),
        _ => None,
    });
    let (at, h) = h.expect("one HANGUP");
    assert_eq!(at, 30, "push time-out = ring timeout");
    assert_eq!(
        (h.reason, h.close_call_on_error, h.agent_status, &*h.voice_call),
        (HangupReason::Error, false, Some(HangupAgentStatus::MissedCallAgent), "new")
    );
    assert!(r.trace.iter().any(|e| matches!(&e.event, TraceKind::AgentStatus { agent, status: callflow_model::scenario::AgentStatus::Away, .. } if &**agent == "Ana")));
    assert_eq!(exits(&r)[1], "A&D[no_answer]");
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn h6_decline_device_and_network_failures_map_to_agent_statuses() {
    let f = ad_flow(ad_component(ad(json!({})), json!({})), json!({}));
    let r = run(
        &f,
        &[],
        &fixture(),
        &[
            ev(2, json!({"type": "agent_reject", "agent": "Ana"})),
            ev(4, json!({"type": "agent_device_fail", "agent": "Ben"})),
            ev(6, json!({"type": "net_fail"})),
        ],
    );
    let statuses: Vec<_> = r
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Hangup(h) => Some((h.party.to_string(), h.agent_status)),
            _ => None,
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("Ana".to_string(), Some(HangupAgentStatus::DeclinedByAgent)),
            ("Ben".to_string(), Some(HangupAgentStatus::FailedConnectAgent)),
            ("Cy".to_string(), Some(HangupAgentStatus::FailedConnectCustomer)),
        ]
    );
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn batches_ring_the_most_idle_first_and_exhaust() {
    let f =
        ad_flow(ad_component(ad(json!({"agents_to_ring": 2, "ring_timeout_sec": 20})), json!({})), json!({}));
    let r = run(&f, &[], &fixture(), &[]);
    let rings: Vec<(u64, String)> = r
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Ring { party, .. } => Some((e.at, party.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(rings, [(0, "Ana".into()), (0, "Ben".into()), (20, "Cy".into())]);
    assert_eq!(exits(&r)[1], "A&D[no_answer]");
    assert!(r.trace.iter().any(|e| e.at == 40 && matches!(&e.event, TraceKind::Exit { exit, .. } if &**exit == "no_answer")));
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn priority_beats_waiting_time() {
    // Two calls wait for Ana (busy); the later one has priority 1 and gets her first.
    let env = with(fixture(), |e| e.agents[0].status = callflow_model::scenario::AgentStatus::Busy);
    let f = flow(
        json!({"id": "p", "name": "P", "type": "inbound", "entry": "Start", "variables": [{"name": "vip", "type": "boolean", "default": false}], "components": {
            "Start": {"kind": "start", "name": "Start", "exits": {"next": "Vip"}},
            "Vip": {"kind": "conditional", "name": "Vip", "config": {"branches": [{"name": "vip", "expression": "call.ani == '+420999'"}]}, "exits": {"vip": "Fast", "no_match": "Slow"}},
            "Fast": ad_component(json!({"selection": {"type": "agents", "agents": ["ana@example.com"]}, "priority": 1, "max_waiting_time_sec": 3600}), json!({})),
            "Slow": ad_component(json!({"selection": {"type": "agents", "agents": ["ana@example.com"]}, "priority": 10, "max_waiting_time_sec": 3600}), json!({})),
            "End": end()
        }}),
    );
    let r = run(
        &f,
        &[],
        &env,
        &[
            ev(1800, json!({"type": "call_arrive", "ani": "+420999"})),
            ev(1900, json!({"type": "agent_status", "agent": "Ana", "status": "available"})),
        ],
    );
    let ring = r.trace.iter().find(|e| matches!(&e.event, TraceKind::Ring { .. })).expect("Ana rings");
    assert_eq!((ring.at, ring.call), (1900, 1));
}

#[test]
fn d1_agent_exhaustion_and_d2_customer_exhaustion() {
    use callflow_engine::dialer::{CampaignRecord, run_record};
    let f = flow(
        json!({"id": "dial", "name": "Dialer", "type": "outbound_dialer", "entry": "Start", "components": {
            "Start": {"kind": "start", "name": "Start", "config": {"trigger": "outbound_dialer"}, "exits": {"next": "Agent"}},
            "Agent": {"kind": "agent_connect", "name": "Agent", "config": {"agent_group": "billing"}, "exits": {"line_1": "Customer"}},
            "Customer": {"kind": "make_call", "name": "Customer", "config": {"numbers": [{"literal": "+420601000001"}], "caller_id": "+420800100200"}, "exits": {"line_1": "End"}},
            "End": end()
        }}),
    );
    let env = with(fixture(), |e| {
        e.dialer = Some(callflow_model::scenario::DialerSettings {
            agent_attempts: 3,
            agent_retry_minutes: 10,
            customer_attempts: 2,
            customer_retry_minutes: 60,
            business_hours: None,
        });
    });
    let prog = std::sync::Arc::new(callflow_engine::Program::compile(&f, &callflow_check::NoFlows).unwrap());
    let env = std::sync::Arc::new(env);
    let d1 = run_record(
        &prog,
        &env,
        &CampaignRecord {
            id: "r1".into(),
            phone: "+420601000001".into(),
            start_minute: 0,
            agent: vec![false, false, false],
            customer: vec![],
            keys: Default::default(),
            inputs: Default::default(),
        },
    )
    .unwrap();
    let got: Vec<_> = d1
        .iter()
        .map(|r| {
            (r.minute, r.status, r.next_attempt_minute, r.agent_left, r.customer_left, r.customer_attempt_no)
        })
        .collect();
    assert_eq!(
        got,
        [
            (0, DialerStatus::AgentRescheduled, Some(10), 2, 2, 0),
            (10, DialerStatus::AgentRescheduled, Some(20), 1, 2, 0),
            (20, DialerStatus::AgentFailed, None, 0, 2, 0),
        ]
    );
    let d2 = run_record(
        &prog,
        &env,
        &CampaignRecord {
            id: "r2".into(),
            phone: "+420601000001".into(),
            start_minute: 0,
            agent: vec![],
            customer: vec![false, false],
            keys: Default::default(),
            inputs: Default::default(),
        },
    )
    .unwrap();
    let got: Vec<_> = d2
        .iter()
        .map(|r| (r.minute, r.status, r.next_attempt_minute, r.agent_left, r.customer_left))
        .collect();
    assert_eq!(
        got,
        [
            (0, DialerStatus::CustomerRescheduled, Some(60), 3, 1),
            (60, DialerStatus::CustomerFailed, None, 3, 0)
        ]
    );
    let text: String = std::iter::once(callflow_engine::dialer::REPORT_HEADER.to_string())
        .chain(d1.iter().chain(&d2).map(|r| r.csv()))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(text);
}

#[test]
fn dialer_continue_on_line_1_and_reschedule_variables() {
    let f = |continue_: bool, set: Option<&str>| {
        let mut comps = json!({
            "Start": {"kind": "start", "name": "Start", "exits": {"next": "Agent"}},
            "Agent": {"kind": "agent_connect", "name": "Agent", "config": {"agent_group": "billing"}, "exits": {"line_1": "Customer"}},
            "Customer": {"kind": "make_call", "name": "Customer", "config": {"numbers": [{"literal": "+420601000001"}], "caller_id": "+420800100200", "on_not_connected": if continue_ { "continue" } else { "reschedule" }}, "exits": {"line_1": "Set"}},
            "Set": {"kind": "set_variable", "name": "Set", "config": {"assignments": [{"variable": set.unwrap_or("syskey.reschedule_agent_call"), "expression": if set.is_some() { "true" } else { "false" }}]}, "exits": {"next": "End"}},
            "End": end()
        });
        let _ = &mut comps;
        flow(
            json!({"id": "dial", "name": "Dialer", "type": "outbound_dialer", "entry": "Start", "components": comps}),
        )
    };
    let status = |r: &callflow_engine::RunResult| {
        r.trace.iter().find_map(|e| match &e.event {
            TraceKind::RecordStatus(s) => Some((s.status, s.agent_left, s.customer_left)),
            _ => None,
        })
    };
    let legs = [
        ev(0, json!({"type": "dialer_agent_leg", "answered": true})),
        ev(0, json!({"type": "dialer_customer_leg", "answered": false})),
    ];
    let r = run(&f(true, None), &[], &fixture(), &legs);
    assert_eq!(status(&r), Some((DialerStatus::Completed, 3, 2)), "Continue on Line 1 completes");
    let r = run(&f(true, Some("syskey.reschedule_customer_call")), &[], &fixture(), &legs);
    assert_eq!(status(&r), Some((DialerStatus::CustomerRescheduled, 3, 1)));
    let both = [
        ev(0, json!({"type": "dialer_agent_leg", "answered": true})),
        ev(0, json!({"type": "dialer_customer_leg", "answered": true})),
    ];
    let r = run(&f(false, Some("syskey.reschedule_agent_call")), &[], &fixture(), &both);
    assert_eq!(
        status(&r),
        Some((DialerStatus::AgentRescheduled, 2, 2)),
        "rescheduled even though both legs connected"
    );
    insta::assert_snapshot!(golden(&r));
}

fn e1_flows() -> (callflow_model::Flow, callflow_model::Flow) {
    let main = flow(
        json!({"id": "entry", "name": "Entry", "type": "inbound", "entry": "Entry", "components": {
            "Entry": {"kind": "start", "name": "Entry", "exits": {"next": "Queue"}},
            "Queue": {"kind": "queue_with_flow", "name": "Queue", "config": {"queue": "Sales", "queue_flow": "QF"}, "exits": {"call_finished": "End", "callback_registered": "End", "max_waiting_time_reached": "End"}},
            "End": end()
        }}),
    );
    let qf = flow(
        json!({"id": "QF", "name": "QF", "type": "reusable_queue_flow", "entry": "Begin", "variables": [{"name": "number", "type": "string"}], "components": {
            "Begin": {"kind": "begin_module", "name": "Begin", "exits": {"next": "Menu"}},
            "Menu": {"kind": "menu", "name": "Menu", "config": {"prompt": {"type": "tts", "text": "Press 1 for a callback"}, "options": [{"key": "1"}], "timeout_sec": 60, "max_retries": 10}, "exits": {"key_1": "Start"}},
            "Start": {"kind": "start_callback", "name": "Start", "exits": {"next": "Collect"}},
            "Collect": {"kind": "collect_digits", "name": "Collect", "config": {"prompt": {"type": "tts", "text": "Your number"}, "output_variable": "number", "validation": "^[0-9]{9,12}$", "first_digit_timeout_sec": 20}, "exits": {"ok": "Register", "invalid": "Decline", "timeout": "Decline"}},
            "Register": {"kind": "register_callback", "name": "Register", "config": {"callback_number": {"variable": "number"}, "queue": "Sales-CB", "outbound_ani": "+442071234567", "agent_media": ["msg.wav"]}, "exits": {"next": "Thanks"}},
            "Thanks": {"kind": "menu", "name": "Thanks", "config": {"prompt": {"type": "tts", "text": "Press 1 to hear your number again"}, "options": [{"key": "1"}], "timeout_sec": 60}, "exits": {"key_1": "Done"}},
            "Done": {"kind": "return_to_flow", "name": "Done", "config": {"exit": "done"}},
            "Decline": {"kind": "decline_callback", "name": "Decline", "exits": {"next": "Done"}}
        }}),
    );
    (main, qf)
}

fn e1_env() -> callflow_model::Environment {
    with(fixture(), |e| {
        e.agents[0].ring_groups = vec!["Sales".into(), "Sales-CB".into()];
        e.agents[0].status = callflow_model::scenario::AgentStatus::Busy;
    })
}

#[test]
fn e1_start_then_register_callback() {
    let (main, qf) = e1_flows();
    let r = run(
        &main,
        &[qf],
        &e1_env(),
        &[
            ev(30, json!({"type": "dtmf", "key": "1"})),
            ev(35, json!({"type": "agent_status", "agent": "Ana", "status": "available"})),
            ev(45, json!({"type": "digits", "digits": "420601777#"})),
            ev(60, json!({"type": "caller_hangup"})),
            ev(70, json!({"type": "agent_answer", "agent": "Ana"})),
            ev(80, json!({"type": "customer_callback_answer", "answered": true})),
        ],
    );
    assert!(r.trace.iter().any(|e| e.at == 30 && matches!(&e.event, TraceKind::QueueLeave { queue, reason } if &**queue == "Sales" && reason == "start_callback")));
    assert!(
        !r.trace.iter().any(|e| e.at == 35 && matches!(&e.event, TraceKind::Ring { .. })),
        "Ana is not offered the caller at t=35"
    );
    let cb = r
        .trace
        .iter()
        .find_map(|e| match &e.event {
            TraceKind::CallbackRequest(c) => Some(c.clone()),
            _ => None,
        })
        .expect("a callback request");
    assert_eq!(
        (&*cb.queue, cb.number.as_str(), cb.outbound_ani.as_deref(), cb.agent_media.as_slice()),
        ("Sales-CB", "420601777", Some("+442071234567"), &["msg.wav".to_string()][..])
    );
    assert_eq!(
        count(&r, |e| matches!(e, TraceKind::Abandon { .. })),
        0,
        "the hang-up at t=60 is not an abandon"
    );
    let media = r
        .trace
        .iter()
        .position(|e| matches!(&e.event, TraceKind::AgentMedia { .. }))
        .expect("media played to Ana");
    let dial = r.trace.iter().position(|e| matches!(&e.event, TraceKind::Dial { number, caller_id } if number == "420601777" && caller_id == "+442071234567")).expect("callback dialled with the ANI");
    assert!(media < dial);
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn e1_decline_puts_the_caller_back_and_a_disconnect_is_an_abandon() {
    let (main, qf) = e1_flows();
    let r = run(
        &main,
        &[qf],
        &e1_env(),
        &[
            ev(30, json!({"type": "dtmf", "key": "1"})),
            ev(40, json!({"type": "digits", "digits": "12#"})),
            ev(43, json!({"type": "digits", "digits": "34#"})),
            ev(46, json!({"type": "digits", "digits": "56#"})),
            ev(90, json!({"type": "caller_hangup"})),
        ],
    );
    assert!(
        r.trace
            .iter()
            .any(|e| matches!(&e.event, TraceKind::QueueJoin { queue, .. } if &**queue == "Sales")
                && e.at == 46)
    );
    assert_eq!(count(&r, |e| matches!(e, TraceKind::Abandon { .. })), 1, "AB1 after a decline");
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn loop_guard_ends_on_the_error_path() {
    let f = flow(
        json!({"id": "loop", "name": "Loop", "type": "inbound", "entry": "Start", "variables": [{"name": "n", "type": "number", "default": 0}], "components": {
            "Start": {"kind": "start", "name": "Start", "exits": {"next": "Inc"}},
            "Inc": {"kind": "set_variable", "name": "Inc", "config": {"assignments": [{"variable": "n", "expression": "n + 1"}]}, "exits": {"next": "Again"}},
            "Again": {"kind": "conditional", "name": "Again", "config": {"branches": [{"name": "more", "expression": "n < 1000000"}]}, "exits": {"more": "Inc", "no_match": "End"}},
            "End": end()
        }}),
    );
    let prog = std::sync::Arc::new(
        callflow_engine::Program::compile_unchecked(&f, &callflow_check::NoFlows).unwrap(),
    );
    let r = callflow_engine::Sim::new(
        prog,
        std::sync::Arc::new(fixture()),
        setup(),
        &[],
        callflow_engine::Options::default(),
    )
    .unwrap()
    .run();
    assert_eq!(r.end.as_deref(), Some("loop_guard"));
    assert!(
        r.trace
            .iter()
            .any(|e| matches!(&e.event, TraceKind::Error { message, .. } if message.contains("loop guard")))
    );
    assert_eq!(r.report.last().map(|row| &*row.exit), Some("error"));
    let tail: Vec<String> =
        r.trace[r.trace.len() - 5..].iter().map(callflow_engine::trace::format_event).collect();
    insta::assert_snapshot!(tail.join("\n"));
}

#[test]
fn bad_script_events_are_rejected_before_the_run() {
    let f = c_flow();
    let prog = std::sync::Arc::new(callflow_engine::Program::compile(&f, &callflow_check::NoFlows).unwrap());
    let env = std::sync::Arc::new(fixture());
    let err = callflow_engine::Sim::new(
        prog.clone(),
        env.clone(),
        setup(),
        &[ev(5, json!({"type": "agent_answer", "agent": "Zed"}))],
        callflow_engine::Options::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("agent `Zed` does not exist"), "{err}");
    let err = callflow_engine::Sim::new(
        prog.clone(),
        env.clone(),
        setup(),
        &[ev(5, json!({"type": "dtmf", "key": "1"}))],
        callflow_engine::Options::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no component of this flow takes input"), "{err}");
    let err = callflow_engine::Sim::new(
        prog,
        env,
        setup(),
        &[ev(5, json!({"type": "component_error", "component": "Nope"}))],
        callflow_engine::Options::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("`Nope` does not exist"), "{err}");
}

#[test]
fn determinism_same_inputs_same_trace() {
    let f = ad_flow(
        ad_component(ad(json!({"agents_to_ring": 3})), json!({"call_finished": "Survey"})),
        json!({
            "Survey": survey_menu(),
            "SetScore": {"kind": "set_variable", "name": "SetScore", "config": {"assignments": [{"variable": "score", "expression": "int(call.last_key)"}]}, "exits": {"next": "End"}},
        }),
    );
    let script = [
        ev(5, json!({"type": "agent_answer", "agent": "Ben"})),
        ev(9, json!({"type": "agent_end_call", "agent": "Ben"})),
        ev(10, json!({"type": "dtmf", "key": "2"})),
    ];
    let a = run(&f, &[], &fixture(), &script);
    let b = run(&f, &[], &fixture(), &script);
    assert_eq!(a, b);
}

#[test]
fn domain_event_names_are_accepted_in_scripts() {
    let events: Vec<callflow_model::ScriptEvent> = serde_json::from_value(json!([
        {"at": 0, "event": {"type": "system.trafficLimit", "on": false}},
        {"at": 5, "event": {"type": "agent.answer", "agent": "Ana"}},
        {"at": 9, "event": {"type": "ext.busy", "ed": "AIBot"}},
        {"at": 9, "event": {"type": "system.componentError", "step": "A&D"}},
        {"at": 65, "event": {"type": "agent.endCall", "agent": "Ana"}}
    ]))
    .unwrap();
    assert!(
        matches!(events[2].event, callflow_model::CallEvent::ExtBusy { ref destination } if destination == "AIBot")
    );
    let r = run(&c_flow(), &[], &queue_env(1), &[events[1].clone(), events[4].clone()]);
    assert_eq!(exits(&r)[1], "A&D[call_finished]");
}

#[test]
fn ed_back_off_and_overflow_in_a_queue() {
    // ED2/ED4: Ana busy; group 1 = {Ana, AIBot (cap 1, already carrying a call)}, group 2 =
    // {Bot2}. The capped AIBot overflows to Bot2; Bot2 does not answer, backs off for 60 s,
    // and is offered the call again after its back-off.
    let env = with(fixture(), |e| {
        e.agents[0].status = callflow_model::scenario::AgentStatus::Busy;
        e.queues = serde_json::from_value(json!([{"id": "Q", "name": "Q", "groups": [
            {"id": "G1", "priority": 1, "members": ["Ana", "AIBot"]},
            {"id": "G2", "priority": 2, "members": ["Bot2"]}]}]))
        .unwrap();
        e.external_destinations = serde_json::from_value(json!([
            {"name": "AIBot", "number": "+442070000000", "max_simultaneous_calls": 1, "active_calls": 1},
            {"name": "Bot2", "number": "+442070000001", "outdial_timeout_sec": 20, "no_answer_backoff_sec": 60}])).unwrap();
    });
    let f = ad_flow(
        ad_component(
            json!({"selection": {"type": "ring_groups", "ring_groups": ["Q"]}, "status_eligibility": "consider_any_status"}),
            json!({}),
        ),
        json!({}),
    );
    let r = run(&f, &[], &env, &[ev(85, json!({"type": "ext_answer", "destination": "Bot2"}))]);
    let rings: Vec<(u64, String)> = r
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceKind::Ring { party, .. } => Some((e.at, party.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(rings, [(0, "Bot2".to_string()), (80, "Bot2".to_string())]);
    assert!(r.trace.iter().any(|e| e.at == 20 && matches!(&e.event, TraceKind::Backoff { until: 80, .. })));
    assert_eq!(r.stats.external_destinations["Bot2"].answered, 1);
    assert_eq!(r.stats.external_destinations["Bot2"].no_answer, 1);
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn most_proficient_rings_the_best_first_attribute() {
    let env = with(fixture(), |e| {
        e.agents[0].attributes.insert("billing".into(), 2);
        e.agents[1].attributes.insert("billing".into(), 5);
        e.agents[2].attributes.insert("billing".into(), 5);
    });
    let f = ad_flow(
        ad_component(
            json!({"selection": {"type": "attributes", "attributes": [{"name": "billing", "min_proficiency": 2}]}, "sort_by": "most_proficient"}),
            json!({}),
        ),
        json!({}),
    );
    let r = run(&f, &[], &env, &[]);
    let first = r.trace.iter().find_map(|e| match &e.event {
        TraceKind::Ring { party, .. } => Some(party.to_string()),
        _ => None,
    });
    // Ben and Cy tie on proficiency 5; Ben has been idle longer.
    assert_eq!(first.as_deref(), Some("Ben"));
}

#[test]
fn escalations_bubble_up_to_a_catch_and_callbacks_expire() {
    let (main, mut qf) = e1_flows();
    qf.components.insert(
        "Throw".into(),
        serde_json::from_value(
            json!({"kind": "flow_error_throw", "name": "Throw", "config": {"escalation": "transfer-cancel"}}),
        )
        .unwrap(),
    );
    let menu = qf.components.get_mut("Menu").unwrap();
    menu.exits.insert("invalid".into(), Some("Throw".into()));
    menu.config["max_retries"] = json!(0);
    let mut main = main;
    main.components.insert("Catch".into(), serde_json::from_value(json!({"kind": "flow_error_catch", "name": "Catch", "config": {"escalation": "transfer-cancel"}, "exits": {"next": "Sorry"}})).unwrap());
    main.components.insert("Sorry".into(), serde_json::from_value(json!({"kind": "play_message", "name": "Sorry", "config": {"prompt": {"type": "tts", "text": "Sorry"}}, "exits": {"next": "End"}})).unwrap());
    let prog = std::sync::Arc::new(
        callflow_engine::Program::compile_unchecked(
            &main,
            &std::collections::BTreeMap::from([("QF".to_string(), qf.clone())]),
        )
        .unwrap(),
    );
    let r = callflow_engine::Sim::new(
        prog,
        std::sync::Arc::new(e1_env()),
        setup(),
        &[ev(5, json!({"type": "dtmf", "key": "7"}))],
        callflow_engine::Options::default(),
    )
    .unwrap()
    .run();
    assert!(r.trace.iter().any(|e| matches!(&e.event, TraceKind::Escalation { name, caught_by: Some(c) } if name == "transfer-cancel" && c == "Catch")));
    assert!(exits(&r).contains(&"Sorry[next]".to_string()));
    // A registered callback nobody takes expires after 72 h (callback-expired).
    let (main, qf) = e1_flows();
    let env = with(e1_env(), |e| e.agents.clear());
    let r = run(
        &main,
        &[qf],
        &env,
        &[
            ev(30, json!({"type": "dtmf", "key": "1"})),
            ev(45, json!({"type": "digits", "digits": "420601777#"})),
            ev(50, json!({"type": "caller_hangup"})),
        ],
    );
    assert!(
        r.trace.iter().any(|e| e.at == 45 + 72 * 3600
            && matches!(&e.event, TraceKind::Escalation { name, .. } if name == "callback-expired")),
        "{}",
        r.trace_text()
    );
}

#[test]
fn request_direct_callback_validates_numbers() {
    let f = |number: &str| {
        flow(json!({"id": "api", "name": "API", "type": "inbound", "entry": "Start", "components": {
            "Start": {"kind": "start", "name": "Start", "config": {"trigger": "api_request"}, "exits": {"next": "RDC"}},
            "RDC": {"kind": "request_direct_callback", "name": "RDC", "config": {"number": {"literal": number}, "outbound_caller_id": {"literal": "+442071234567"}, "assignment": ad(json!({}))},
                "exits": {"invalid_caller_id": "End", "invalid_outbound_caller_id": "End", "no_match": "End", "timeout": "End"}},
            "End": end()
        }}))
    };
    let prog = |f: &callflow_model::Flow| {
        std::sync::Arc::new(callflow_engine::Program::compile_unchecked(f, &callflow_check::NoFlows).unwrap())
    };
    let go = |f: callflow_model::Flow, script: &[callflow_model::ScriptEvent]| {
        callflow_engine::Sim::new(
            prog(&f),
            std::sync::Arc::new(fixture()),
            setup(),
            script,
            callflow_engine::Options::default(),
        )
        .unwrap()
        .run()
    };
    assert_eq!(exits(&go(f("anonymous"), &[]))[1], "RDC[invalid_caller_id]");
    let r = go(
        f("+420601999888"),
        &[
            ev(3, json!({"type": "agent_answer", "agent": "Ana"})),
            ev(10, json!({"type": "customer_callback_answer", "answered": true})),
            ev(70, json!({"type": "agent_end_call", "agent": "Ana"})),
        ],
    );
    assert_eq!(exits(&r)[1], "RDC[call_finished]");
    assert!(r.trace.iter().any(|e| matches!(&e.event, TraceKind::Dial { number, caller_id } if number == "+420601999888" && caller_id == "+442071234567")));
    insta::assert_snapshot!(golden(&r));
}

#[test]
fn dialer_next_attempt_moves_into_business_hours() {
    use callflow_engine::dialer::{CampaignRecord, run_record};
    let f = flow(
        json!({"id": "dial", "name": "Dialer", "type": "outbound_dialer", "entry": "Start", "components": {
            "Start": {"kind": "start", "name": "Start", "exits": {"next": "Agent"}},
            "Agent": {"kind": "agent_connect", "name": "Agent", "config": {"agent_group": "billing"}, "exits": {"line_1": "End"}},
            "End": end()
        }}),
    );
    let env = with(fixture(), |e| {
        e.start_time = Some("2026-01-05T09:55:00Z".into()); // Monday
        e.calendars.insert("office".into(), serde_json::from_value(json!({"timezone": "UTC", "weekly": [{"day": "monday", "from": "08:00", "to": "10:00"}, {"day": "tuesday", "from": "08:00", "to": "10:00"}]})).unwrap());
        e.dialer = Some(callflow_model::scenario::DialerSettings {
            agent_attempts: 3,
            agent_retry_minutes: 10,
            customer_attempts: 2,
            customer_retry_minutes: 60,
            business_hours: Some("office".into()),
        });
    });
    let prog = std::sync::Arc::new(callflow_engine::Program::compile(&f, &callflow_check::NoFlows).unwrap());
    let rows = run_record(
        &prog,
        &std::sync::Arc::new(env),
        &CampaignRecord {
            id: "r".into(),
            phone: "+420601000001".into(),
            start_minute: 0,
            agent: vec![false, false, false],
            customer: vec![],
            keys: Default::default(),
            inputs: Default::default(),
        },
    )
    .unwrap();
    // 09:55 + 10 min = 10:05, closed: the next attempt is Tuesday 08:00 (22 h 05 min later).
    assert_eq!(rows[0].next_attempt_minute, Some(22 * 60 + 5));
    assert_eq!(rows[1].minute, 22 * 60 + 5);
}
