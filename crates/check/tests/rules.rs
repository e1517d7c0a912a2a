//! One test (or more) per rule: each fails if its rule is removed, and most have a negative
//! twin that fails if the rule fires too eagerly.

mod common;

use callflow_check::{Severity, check, has_errors};
use callflow_model::{ComponentKind as K, ErrorHandling, FlowType, Variable, VariableType};
use common::*;
use serde_json::json;

#[test]
fn every_kind_in_a_complete_flow_is_clean() {
    for &kind in K::ALL {
        let spec = kind.spec();
        if matches!(spec.role, callflow_model::Role::Entry) {
            continue;
        }
        let flow_type = if spec.allowed_in(FlowType::Inbound) {
            FlowType::Inbound
        } else if spec.allowed_in(FlowType::OutboundDialer) {
            FlowType::OutboundDialer
        } else {
            FlowType::Module
        };
        let mut fx = Fx::new(flow_type);
        let terminal = !callflow_model::exits_of(&callflow_model::Component::new(kind, "x"))
            .iter()
            .any(|e| e.connectable)
            && spec.dynamic_exits == callflow_model::DynamicExits::None;
        fx.add("x", kind).add("end", K::EndFlow).link_rest("x", "end");
        if terminal {
            fx.flow.components.remove("end");
        }
        if spec.role != callflow_model::Role::EventHandler {
            fx.link("start", "next", "x");
        } else {
            fx.link("start", "next", "end");
        }
        let d = fx.check();
        let relevant: Vec<_> = d
            .iter()
            .filter(|d| !(kind == K::MakeCall || kind == K::AgentConnect) || d.code != "CF1001")
            .filter(|_| !matches!(kind, K::RegisterCallback | K::DeclineCallback))
            .filter(|d| d.code != "CF0404")
            .cloned()
            .collect();
        assert!(relevant.is_empty(), "{kind}: {}", show(&relevant));
    }
}

// ---- structure ------------------------------------------------------------------------------

#[test]
fn entry_rules() {
    let mut fx = around(K::PlayMessage);
    assert_clean(&fx.check());
    fx.add("start2", K::Start).link("start2", "next", "end");
    assert_has(&fx.check(), "CF0102", Some("start2"));

    let mut fx = around(K::PlayMessage);
    fx.flow.entry = "x".into();
    assert_has(&fx.check(), "CF0103", Some("x"));
    fx.flow.entry = "nope".into();
    assert_has(&fx.check(), "CF0103", None);

    let mut fx = around(K::PlayMessage);
    fx.flow.components.remove("start");
    fx.flow.entry = "x".into();
    let d = fx.check();
    assert_has(&d, "CF0101", None);
    assert_not(&d, "CF0110"); // no entry: unreachability is not reported on top
}

#[test]
fn kinds_not_allowed_in_the_flow_type() {
    let d = around(K::AgentConnect).check();
    assert_has(&d, "CF0104", Some("x"));
    // Flow types are named as the UI names them, not as Rust spells them.
    let agent_connect = d.iter().find(|d| d.code == "CF0104").unwrap();
    assert!(
        agent_connect
            .message
            .ends_with("cannot be used in a flow of type inbound; it can be used in: outbound dialer."),
        "{}",
        agent_connect.message
    );
    let d = around(K::ReturnToFlow).check();
    assert_has(&d, "CF0104", Some("x"));
    assert_not(&around(K::PlayMessage).check(), "CF0104");
}

#[test]
fn dangling_targets() {
    let mut fx = around(K::AssignmentDial);
    fx.link("x", "no_answer", "ghost");
    let d = fx.check();
    assert_has(&d, "CF0105", Some("x"));
    assert_eq!(
        d.iter().find(|d| d.code == "CF0105").unwrap().path.as_deref(),
        Some("flow.components.x.exits.no_answer")
    );

    let mut fx = around(K::AssignmentDial);
    fx.comp_mut("x").alternative_keys.insert(callflow_model::DtmfKey::One, "ghost".into());
    assert_has(&fx.check(), "CF0105", Some("x"));

    let mut fx = around(K::AssignmentDial);
    fx.error_handling("x", ErrorHandling::Custom { target: "ghost".into() });
    let d = fx.check();
    assert!(
        d.iter()
            .any(|d| d.code == "CF0105"
                && d.path.as_deref() == Some("flow.components.x.error_handling.target"))
    );
}

#[test]
fn mandatory_and_optional_exits() {
    let mut fx = Fx::inbound();
    fx.add("x", K::AssignmentDial).add("end", K::EndFlow).link("start", "next", "x").link(
        "x",
        "no_answer",
        "end",
    );
    let d = fx.check();
    assert_has(&d, "CF0106", Some("x"));
    let missing: Vec<_> = d.iter().filter(|d| d.code == "CF0106").filter_map(|d| d.exit.as_deref()).collect();
    assert_eq!(missing, ["max_waiting_time_reached", "no_match_found"]);
    // an unconnected post-call exit is the normal end of the call: not reported
    assert!(!d.iter().any(|d| d.exit.as_deref() == Some("call_finished")), "{}", show(&d));
    // other optional exits unconnected: a warning that says the call hangs up
    let mut fx = Fx::inbound();
    fx.add("x", K::ForwardExternal)
        .add("end", K::EndFlow)
        .link("start", "next", "x")
        .link("x", "busy", "end");
    let d = fx.check();
    let w: Vec<_> = d.iter().filter(|d| d.code == "CF0107").collect();
    assert_eq!(w.iter().map(|d| d.exit.as_deref().unwrap()).collect::<Vec<_>>(), ["failed", "no_answer"]);
    assert_eq!(w[0].severity, Severity::Warning);
    assert!(w[0].message.contains("hangs up"));
    // the system exit is never reported as unconnected
    assert!(!d.iter().any(|d| d.exit.as_deref() == Some("queue_size_limit_reached")));
}

#[test]
fn optional_exit_with_fallback_is_not_reported() {
    let mut fx = Fx::inbound();
    fx.add("x", K::BusinessHours).add("end", K::EndFlow).link("start", "next", "x");
    fx.link("x", "open", "end").link("x", "closed", "end");
    assert_clean(&fx.check()); // `holiday` falls back to `closed`
}

#[test]
fn optional_exit_in_module_behaves_as_end_flow() {
    let mut fx = Fx::new(FlowType::Module);
    fx.add("x", K::ForwardExternal).add("ret", K::ReturnToFlow).link("start", "next", "x");
    fx.link("x", "busy", "ret").link("x", "failed", "ret");
    let d = fx.check();
    assert_has(&d, "CF0902", Some("x"));
    assert_not(&d, "CF0107");
    assert!(d[0].message.contains("End flow"));
}

#[test]
fn unknown_exits_and_system_exits() {
    let mut fx = around(K::PlayMessage);
    fx.link("x", "nxet", "end");
    let d = fx.check();
    assert_has(&d, "CF0108", Some("x"));
    assert!(d.iter().find(|d| d.code == "CF0108").unwrap().hint.contains("next"));

    let mut fx = around(K::AssignmentDial);
    fx.link("x", "queue_size_limit_reached", "end");
    assert_has(&fx.check(), "CF0109", Some("x"));

    // a removed menu option leaves its exit behind
    let mut fx = around(K::Menu);
    fx.link("x", "key_9", "end");
    assert_has(&fx.check(), "CF0108", Some("x"));
}

#[test]
fn unreachable_components() {
    let mut fx = around(K::PlayMessage);
    fx.add("orphan", K::PlayMessage).link("orphan", "next", "end");
    let d = fx.check();
    assert_has(&d, "CF0110", Some("orphan"));
    assert_eq!(d.iter().filter(|d| d.code == "CF0110").count(), 1);
}

#[test]
fn event_handlers_are_roots() {
    let mut fx = Fx::new(FlowType::OutboundDialer);
    fx.add("x", K::PlayMessage).add("end", K::EndFlow).chain(&["start", "x", "end"]);
    fx.add("hangup", K::OnRemoteHangup).add("log", K::SetVariable).chain(&["hangup", "log", "end"]);
    assert_not(&fx.check(), "CF0110");
}

#[test]
fn duplicate_names() {
    let mut fx = around(K::PlayMessage);
    fx.add("y", K::PlayMessage).link("x", "next", "y").link("y", "next", "end");
    fx.comp_mut("y").name = "x".into();
    let d = fx.check();
    assert_has(&d, "CF0111", Some("y"));
    assert!(!has_errors(&d));
}

#[test]
fn endless_loops() {
    // set_variable -> conditional -> back, but the conditional does not test what is set
    let mut fx = Fx::inbound();
    fx.add("s", K::SetVariable).add("c", K::Conditional).add("end", K::EndFlow);
    fx.link("start", "next", "s").link("s", "next", "c").link("c", "vip", "s").link("c", "no_match", "s");
    assert_has(&fx.check(), "CF0112", Some("c"));

    // a counter: the conditional tests the variable the set_variable writes, and can leave
    let mut fx = Fx::inbound();
    fx.add("s", K::SetVariable).add("end", K::EndFlow);
    fx.with_config("c", K::Conditional, json!({"branches": [{"name": "again", "expression": "score < 3"}]}));
    fx.link("start", "next", "s").link("s", "next", "c").link("c", "again", "s").link("c", "no_match", "end");
    assert_not(&fx.check(), "CF0112");

    // a voice step in the loop waits for the caller
    let mut fx = Fx::inbound();
    fx.add("p", K::Menu).add("end", K::EndFlow);
    fx.link("start", "next", "p").link("p", "key_1", "p").link("p", "key_2", "end");
    assert_not(&fx.check(), "CF0112");

    // an error retry onto itself
    let mut fx = around(K::SetVariable);
    fx.error_handling("x", ErrorHandling::Custom { target: "x".into() });
    assert_has(&fx.check(), "CF0112", Some("x"));
}

#[test]
fn flow_over_a_thousand_components() {
    let mut fx = Fx::inbound();
    // start + 999 prompts + end = 1,001 components
    let ids: Vec<String> = (0..999).map(|n| format!("p{n:04}")).collect();
    for id in &ids {
        fx.add(id, K::PlayMessage);
    }
    fx.add("end", K::EndFlow);
    let mut chain: Vec<&str> = vec!["start"];
    chain.extend(ids.iter().map(String::as_str));
    chain.push("end");
    fx.chain(&chain);
    let d = fx.check();
    assert_has(&d, "CF0113", None);
    assert_eq!(d.len(), 1, "{}", show(&d));
    fx.flow.components.remove("p0998");
    fx.link("p0997", "next", "end");
    assert_clean(&fx.check());
}

// ---- settings --------------------------------------------------------------------------------

#[test]
fn config_that_does_not_parse_has_a_full_path() {
    let mut fx = around(K::Menu);
    fx.comp_mut("x").config = json!({"prompt": tts("x"), "options": [{"key": "1"}, {"key": "A"}]});
    let d = fx.check();
    let bad = d.iter().find(|d| d.code == "CF0201").expect("CF0201");
    assert_eq!(bad.path.as_deref(), Some("flow.components.x.config.options[1].key"));
    // the menu's exits are unknown now: its connected key exits are not called unknown
    assert_not(&d, "CF0108");
}

#[test]
fn assignment_settings() {
    let set = |cfg: serde_json::Value| {
        let mut fx = around(K::AssignmentDial);
        fx.comp_mut("x").config = cfg;
        fx.check()
    };
    assert_has(
        &set(json!({"selection": {"type": "ring_groups", "ring_groups": ["b"]}, "agents_to_ring": 11})),
        "CF0203",
        Some("x"),
    );
    assert_has(
        &set(json!({"selection": {"type": "ring_groups", "ring_groups": ["b"]}, "agents_to_ring": 0})),
        "CF0203",
        Some("x"),
    );
    assert_not(
        &set(json!({"selection": {"type": "ring_groups", "ring_groups": ["b"]}, "agents_to_ring": 10})),
        "CF0203",
    );
    assert_has(
        &set(json!({"selection": {"type": "ring_groups", "ring_groups": ["b"]}, "priority": 0})),
        "CF0204",
        Some("x"),
    );
    assert_has(
        &set(json!({"selection": {"type": "ring_groups", "ring_groups": ["b"]}, "priority": 11})),
        "CF0204",
        Some("x"),
    );
    assert_has(
        &set(
            json!({"selection": {"type": "ring_groups", "ring_groups": ["b"]}, "sort_by": "most_proficient"}),
        ),
        "CF0205",
        Some("x"),
    );
    assert_not(
        &set(
            json!({"selection": {"type": "attributes", "attributes": [{"name": "billing"}]}, "sort_by": "most_proficient"}),
        ),
        "CF0205",
    );
    assert_has(&set(json!({"selection": {"type": "agents", "agents": ["ana"]}})), "CF0206", Some("x"));
    assert_not(&set(json!({"selection": {"type": "agents", "agents": ["ana@example.com"]}})), "CF0206");
    assert_has(&set(json!({"selection": {"type": "ring_groups", "ring_groups": []}})), "CF0202", Some("x"));
    assert_has(
        &set(json!({"selection": {"type": "ring_groups", "ring_groups": ["b"]}, "ring_timeout_sec": 0})),
        "CF0216",
        Some("x"),
    );
    // an agents variable must be declared, and a string or list
    assert_has(
        &set(json!({"selection": {"type": "agents_variable", "variable": "nobody"}})),
        "CF0604",
        Some("x"),
    );
    assert_has(
        &set(json!({"selection": {"type": "agents_variable", "variable": "score"}})),
        "CF0608",
        Some("x"),
    );
    assert_clean(&set(json!({"selection": {"type": "agents_variable", "variable": "number"}})));
}

#[test]
fn collect_digits_settings() {
    let set = |cfg: serde_json::Value| {
        let mut fx = around(K::CollectDigits);
        fx.comp_mut("x").config = cfg;
        fx.check()
    };
    let base = |extra: serde_json::Value| {
        let mut v = json!({"prompt": tts("x"), "output_variable": "digits"});
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    assert_has(&set(base(json!({"min_digits": 5, "max_digits": 4}))), "CF0207", Some("x"));
    assert_has(&set(base(json!({"min_digits": 0}))), "CF0207", Some("x"));
    assert_has(&set(base(json!({"validation": "([0-9"}))), "CF0208", Some("x"));
    assert_has(&set(json!({"prompt": tts("x"), "output_variable": "undeclared"})), "CF0604", Some("x"));
    assert_has(&set(json!({"prompt": tts("x"), "output_variable": "score"})), "CF0608", Some("x"));
    assert_clean(&set(base(json!({"min_digits": 4, "max_digits": 4, "validation": "^[0-9]{4}$"}))));
}

#[test]
fn menu_and_conditional_settings() {
    let mut fx = around(K::Menu);
    fx.comp_mut("x").config = json!({"prompt": tts("x"), "options": []});
    assert_has(&fx.check(), "CF0209", Some("x"));
    let mut fx = around(K::Menu);
    fx.comp_mut("x").config = json!({"prompt": tts("x"), "options": [{"key": "1"}, {"key": "1"}]});
    assert_has(&fx.check(), "CF0209", Some("x"));

    for branches in [
        json!([]),
        json!([{"name": "no_match", "expression": "true"}]),
        json!([{"name": "a", "expression": "true"}, {"name": "a", "expression": "false"}]),
        json!([{"name": " ", "expression": "true"}]),
        json!((0..11).map(|n| json!({"name": format!("b{n}"), "expression": "true"})).collect::<Vec<_>>()),
    ] {
        let mut fx = around(K::Conditional);
        fx.comp_mut("x").config = json!({"branches": branches});
        assert_has(&fx.check(), "CF0210", Some("x"));
    }
    let mut fx = around(K::SetVariable);
    fx.comp_mut("x").config = json!({"assignments": []});
    assert_has(&fx.check(), "CF0211", Some("x"));
}

#[test]
fn create_external_number_rules() {
    let set = |cfg: serde_json::Value| {
        let mut fx = around(K::CreateExternalNumber);
        fx.comp_mut("x").config = cfg;
        fx.check()
    };
    let d = set(json!({"prefix_number": "", "service_number_digits": 9, "output_variable": "number"}));
    assert_has(&d, "CF0214", Some("x"));
    assert_has(
        &set(json!({"prefix_number": "42a", "service_number_digits": 9, "output_variable": "number"})),
        "CF0214",
        Some("x"),
    );
    let d = set(json!({"prefix_number": "420", "output_variable": "number"}));
    assert_has(&d, "CF0212", Some("x"));
    assert!(!has_errors(&d));
    assert_has(
        &set(
            json!({"prefix_number": "420", "service_number_digits": 9, "service_number_prefix_match": "800", "output_variable": "number"}),
        ),
        "CF0213",
        Some("x"),
    );
    assert_clean(&set(
        json!({"prefix_number": "+420", "service_number_prefix_match": "800", "output_variable": "number"}),
    ));
    // prefix_number missing altogether does not parse
    assert_has(&set(json!({"output_variable": "number"})), "CF0201", Some("x"));
}

#[test]
fn required_values_and_dialer_numbers() {
    let mut fx = around(K::RouteToExternalDestination);
    fx.comp_mut("x").config = json!({"external_destination": ""});
    assert_has(&fx.check(), "CF0202", Some("x"));
    let mut fx = around(K::QueueWithFlow);
    fx.comp_mut("x").config = json!({"queue": "", "queue_flow": "qf", "priority": 12});
    let d = fx.check();
    assert_has(&d, "CF0202", Some("x"));
    assert_has(&d, "CF0204", Some("x"));

    let mut fx = Fx::new(FlowType::OutboundDialer);
    fx.add("x", K::MakeCall).add("end", K::HangUp).chain(&["start", "x", "end"]);
    fx.comp_mut("x").config = json!({"numbers": [], "caller_id": "+420601234567"});
    assert_has(&fx.check(), "CF0215", Some("x"));
    let numbers: Vec<_> = (0..11).map(|_| json!({"variable": "number"})).collect();
    fx.comp_mut("x").config = json!({"numbers": numbers, "caller_id": "+420601234567"});
    assert_has(&fx.check(), "CF0215", Some("x"));
}

// ---- keys and error handling ------------------------------------------------------------------

#[test]
fn keys_only_on_kinds_that_take_them() {
    let mut fx = around(K::Menu);
    fx.comp_mut("x").alternative_keys.insert(callflow_model::DtmfKey::Star, "end".into());
    assert_has(&fx.check(), "CF0301", Some("x"));
    let mut fx = around(K::AssignmentDial);
    fx.comp_mut("x").alternative_keys.insert(callflow_model::DtmfKey::Star, "end".into());
    assert_not(&fx.check(), "CF0301");
}

#[test]
fn error_handling_rules() {
    let mut fx = around(K::PlayMessage);
    fx.error_handling("start", ErrorHandling::EndFlow);
    assert_has(&fx.check(), "CF0303", Some("start"));
    let mut fx = around(K::RegisterCallback);
    fx.error_handling("x", ErrorHandling::EndFlow);
    assert_has(&fx.check(), "CF0303", Some("x"));

    let mut fx = around(K::AssignmentDial);
    fx.error_handling("x", ErrorHandling::FollowExit { exit: "no_such".into() });
    assert_has(&fx.check(), "CF0304", Some("x"));
    fx.error_handling("x", ErrorHandling::FollowExit { exit: "queue_size_limit_reached".into() });
    assert_has(&fx.check(), "CF0304", Some("x"));
    fx.error_handling("x", ErrorHandling::FollowExit { exit: "no_answer".into() });
    assert_clean(&fx.check());

    let mut fx = Fx::inbound();
    fx.add("x", K::ForwardExternal)
        .add("end", K::EndFlow)
        .link("start", "next", "x")
        .link("x", "busy", "end");
    fx.link("x", "no_answer", "end");
    fx.error_handling("x", ErrorHandling::FollowExit { exit: "failed".into() });
    assert_has(&fx.check(), "CF0305", Some("x"));
}

// ---- variables and expressions ---------------------------------------------------------------

fn conditional(expr: &str) -> Vec<callflow_check::Diagnostic> {
    let mut fx = around(K::Conditional);
    fx.comp_mut("x").config = json!({"branches": [{"name": "vip", "expression": expr}]});
    fx.check()
}

#[test]
fn expressions_parse_and_read_declared_variables() {
    assert_clean(&conditional("vip && score > 10"));
    assert_clean(&conditional("call.ani.startsWith(\"+420\") || score in [1, 2]"));
    assert_clean(&conditional("[1, 2, 3].exists(n, n > score)"));
    assert_clean(&conditional("type(score) == double"));
    assert_has(&conditional("vip &&"), "CF0601", Some("x"));
    assert_has(&conditional("   "), "CF0601", Some("x"));
    assert_has(&conditional("tier == \"gold\""), "CF0602", Some("x"));
    let d = conditional("syskey.reschedule_agent_call");
    assert_has(&d, "CF0602", Some("x")); // not a dialer flow
    // comprehension variables do not leak
    assert_has(&conditional("[1].exists(n, n > 0) && n > 1"), "CF0602", Some("x"));
}

#[test]
fn set_variable_targets() {
    let set = |flow_type: FlowType, target: &str| {
        let mut fx = Fx::new(flow_type);
        fx.add("x", K::SetVariable).add("end", K::HangUp).chain(&["start", "x", "end"]);
        fx.comp_mut("x").config = json!({"assignments": [{"variable": target, "expression": "true"}]});
        fx.check()
    };
    assert_clean(&set(FlowType::Inbound, "vip"));
    assert_has(&set(FlowType::Inbound, "tier"), "CF0603", Some("x"));
    assert_has(&set(FlowType::Inbound, "call.ani"), "CF0603", Some("x"));
    assert_has(&set(FlowType::Inbound, "syskey.reschedule_agent_call"), "CF0603", Some("x"));
    assert_not(&set(FlowType::OutboundDialer, "syskey.reschedule_agent_call"), "CF0603");
    assert_has(&set(FlowType::OutboundDialer, "syskey.other"), "CF0603", Some("x"));
    let mut fx = around(K::SetVariable);
    fx.comp_mut("x").config = json!({"assignments": [{"variable": "score", "expression": "score +"}]});
    assert_has(&fx.check(), "CF0601", Some("x"));
}

#[test]
fn variable_declarations() {
    let mut fx = around(K::PlayMessage);
    fx.flow.variables.push(Variable {
        name: "1st".into(),
        var_type: VariableType::String,
        default: None,
        description: String::new(),
    });
    fx.flow.variables.push(Variable {
        name: "vip".into(),
        var_type: VariableType::Boolean,
        default: None,
        description: String::new(),
    });
    fx.flow.variables.push(Variable {
        name: "n".into(),
        var_type: VariableType::Number,
        default: Some(json!("x")),
        description: String::new(),
    });
    let d = fx.check();
    assert_has(&d, "CF0605", None);
    assert_has(&d, "CF0606", None);
    assert_has(&d, "CF0607", None);
    // Types as the file writes them, in the message and the hint alike.
    let bad_default = d.iter().find(|d| d.code == "CF0607").unwrap();
    assert_eq!(bad_default.message, "Variable `n` is a number but its default is `\"x\"`.");
    assert_eq!(bad_default.hint, "Give a number default, or null for unset.");
    for bad in ["call", "syskey", "in", "a-b", ""] {
        let mut fx = around(K::PlayMessage);
        fx.flow.variables.push(Variable {
            name: bad.into(),
            var_type: VariableType::String,
            default: None,
            description: String::new(),
        });
        assert_has(&fx.check(), "CF0605", None);
    }
}

#[test]
fn variables_in_settings() {
    let mut fx = around(K::PlayMessage);
    fx.comp_mut("x").config = json!({"prompt": {"type": "variable", "variable": "greeting"}});
    assert_has(&fx.check(), "CF0604", Some("x"));
    let mut fx = around(K::BusinessHours);
    fx.comp_mut("x").config["evaluate_at"] = json!("number");
    assert_has(&fx.check(), "CF0608", Some("x"));
    fx.comp_mut("x").config["evaluate_at"] = json!("when");
    assert_clean(&fx.check());
}

// ---- phone numbers ---------------------------------------------------------------------------

#[test]
fn phone_numbers_are_e164() {
    let set = |number: &str| {
        let mut fx = around(K::ForwardExternal);
        fx.comp_mut("x").config = json!({"phone_number": {"literal": number}});
        fx.check()
    };
    assert_clean(&set("+420601234567"));
    assert_clean(&set("+14155552671"));
    for bad in ["420601234567", "+420 601 234 567", "+0123456", "+1234567890123456", "", "+42"] {
        assert_has(&set(bad), "CF0701", Some("x"));
    }
    let d = set("+42099");
    assert_has(&d, "CF0702", Some("x"));
    assert!(!has_errors(&d));

    let mut fx = around(K::ForwardExternal);
    fx.comp_mut("x").config =
        json!({"phone_number": {"variable": "number"}, "caller_id": {"type": "number", "number": "12345"}});
    assert_has(&fx.check(), "CF0701", Some("x"));

    let mut fx = around(K::RegisterCallback);
    fx.comp_mut("x").config =
        json!({"callback_number": {"literal": "+420601234567"}, "queue": "q", "outbound_ani": "0601234567"});
    let d = fx.check();
    assert!(d.iter().any(|d| d.code == "CF0701" && d.path.as_deref() == Some("flow.components.x.config.outbound_ani")));

    let mut fx = Fx::new(FlowType::OutboundDialer);
    fx.add("x", K::MakeCall).add("end", K::HangUp).chain(&["start", "x", "end"]);
    fx.comp_mut("x").config = json!({"numbers": [{"literal": "777"}], "caller_id": "+420601234567"});
    assert_has(&fx.check(), "CF0701", Some("x"));

    let mut fx = around(K::RequestDirectCallback);
    fx.comp_mut("x").config["outbound_caller_id"] = json!({"literal": "anonymous"});
    assert_has(&fx.check(), "CF0701", Some("x"));
}

// ---- schedules -------------------------------------------------------------------------------

fn hours(schedule: serde_json::Value) -> Vec<callflow_check::Diagnostic> {
    let mut fx = around(K::BusinessHours);
    fx.comp_mut("x").config = json!({"schedule": schedule});
    fx.check()
}

#[test]
fn schedules() {
    let day = |from: &str, to: &str| json!({"day": "monday", "from": from, "to": to});
    assert_clean(&hours(
        json!({"timezone": "America/New_York", "weekly": [day("00:00", "24:00")], "holidays": ["2026-12-24"]}),
    ));
    assert_has(
        &hours(json!({"timezone": "Europe/Pargue", "weekly": [day("09:00", "17:00")]})),
        "CF0801",
        Some("x"),
    );
    assert_has(
        &hours(json!({"timezone": "Europe/Prague", "weekly": [day("9:00", "17:00")]})),
        "CF0802",
        Some("x"),
    );
    assert_has(
        &hours(json!({"timezone": "Europe/Prague", "weekly": [day("09:00", "24:30")]})),
        "CF0802",
        Some("x"),
    );
    assert_has(
        &hours(json!({"timezone": "Europe/Prague", "weekly": [day("24:00", "24:00")]})),
        "CF0802",
        Some("x"),
    );
    assert_has(
        &hours(json!({"timezone": "Europe/Prague", "weekly": [day("17:00", "09:00")]})),
        "CF0803",
        Some("x"),
    );
    assert_has(
        &hours(json!({"timezone": "Europe/Prague", "weekly": [day("09:00", "09:00")]})),
        "CF0803",
        Some("x"),
    );
    let d = hours(
        json!({"timezone": "Europe/Prague", "weekly": [day("09:00", "17:00"), day("10:00", "11:00"), day("12:00", "13:00")]}),
    );
    assert_eq!(d.iter().filter(|d| d.code == "CF0804").count(), 2, "{}", show(&d));
    let tuesday = json!({"day": "tuesday", "from": "10:00", "to": "11:00"});
    assert_not(
        &hours(json!({"timezone": "Europe/Prague", "weekly": [day("09:00", "17:00"), tuesday]})),
        "CF0804",
    );
    for bad in ["2026-02-30", "24-12-2026", "2026-1-5", "christmas"] {
        assert_has(
            &hours(
                json!({"timezone": "Europe/Prague", "weekly": [day("09:00", "17:00")], "holidays": [bad]}),
            ),
            "CF0805",
            Some("x"),
        );
    }
    assert_has(&hours(json!({"timezone": "Europe/Prague", "weekly": []})), "CF0806", Some("x"));
    assert_has(
        &hours(
            json!({"timezone": "Europe/Prague", "weekly": [day("09:00", "17:00")], "holidays": ["2026-12-24", "2026-12-24"]}),
        ),
        "CF0807",
        Some("x"),
    );
}

// ---- post-call chain, modules, dialer --------------------------------------------------------

#[test]
fn request_direct_callback_chain_over_48h() {
    let rdc = |wait: u64| {
        json!({"number": {"variable": "number"}, "outbound_caller_id": {"literal": "+420601234567"},
               "assignment": {"selection": {"type": "ring_groups", "ring_groups": ["b"]}, "max_waiting_time_sec": wait}})
    };
    let build = |waits: &[u64]| {
        let mut fx = Fx::inbound();
        fx.add("end", K::EndFlow);
        let ids: Vec<String> = (0..waits.len()).map(|n| format!("r{n}")).collect();
        for (id, &w) in ids.iter().zip(waits) {
            fx.with_config(id, K::RequestDirectCallback, rdc(w));
        }
        fx.link("start", "next", "r0");
        for n in 0..ids.len() {
            let next = ids.get(n + 1).map_or("end", String::as_str);
            fx.link(&ids[n], "call_finished", next).link_rest(&ids[n], "end");
        }
        fx.check()
    };
    assert_clean(&build(&[24 * 3600, 24 * 3600]));
    let d = build(&[24 * 3600, 24 * 3600, 60]);
    assert_has(&d, "CF0403", Some("r2"));
    assert_eq!(d.iter().filter(|d| d.code == "CF0403").count(), 1);
    // The kind is named by its label, as other messages name kinds.
    let over = d.iter().find(|d| d.code == "CF0403").unwrap();
    assert!(over.message.contains("the Request direct callback steps on a path"), "{}", over.message);
    assert_has(&build(&[49 * 3600]), "CF0403", Some("r0"));
}

#[test]
fn run_module_exits_must_match_the_module() {
    let lib = library(vec![module("post", &[K::PlayMessage])]);
    let mut fx = around(K::RunModule);
    assert_clean(&fx.check_with(&lib));
    fx.comp_mut("x").config = json!({"module": "post", "module_exits": ["done", "failed"]});
    fx.link_rest("x", "end");
    let d = fx.check_with(&lib);
    assert_has(&d, "CF0903", Some("x"));
    assert!(d[0].message.contains("`failed`"), "{}", show(&d));

    let mut lib2 = lib.clone();
    let mut m = module("post", &[K::PlayMessage]);
    m.components.insert("ret2".into(), {
        let mut c = callflow_model::Component::new(K::ReturnToFlow, "ret2");
        c.config = json!({"exit": "escalate"});
        c
    });
    m.components.get_mut("m0").unwrap().error_handling = ErrorHandling::Custom { target: "ret2".into() };
    lib2.insert("post".into(), m);
    let d = around(K::RunModule).check_with(&lib2);
    assert_has(&d, "CF0903", Some("x"));
    assert!(d[0].message.contains("escalate"));
}

#[test]
fn referenced_flows() {
    let lib = library(vec![module("other", &[])]);
    // resolver knows flows but not this one
    assert_has(&around(K::RunModule).check_with(&lib), "CF0904", Some("x"));
    // resolver knows nothing: silent
    assert_not(&around(K::RunModule).check(), "CF0904");
    // wrong type
    let mut qf = module("post", &[]);
    qf.flow_type = FlowType::ReusableQueueFlow;
    let lib = library(vec![qf.clone()]);
    let d = around(K::RunModule).check_with(&lib);
    assert_has(&d, "CF0905", Some("x"));
    let wrong = d.iter().find(|d| d.code == "CF0905").unwrap();
    assert!(
        wrong.message.contains("`post`, a flow of type reusable queue flow; it must be a module"),
        "{}",
        wrong.message
    );
    let mut fx = around(K::QueueWithFlow);
    fx.comp_mut("x").config = json!({"queue": "sales", "queue_flow": "post"});
    assert_not(&fx.check_with(&lib), "CF0905");
    let lib = library(vec![module("post", &[])]);
    assert_has(&fx.check_with(&lib), "CF0905", Some("x"));
    // empty reference
    let mut fx = around(K::RunModule);
    fx.comp_mut("x").config = json!({"module": "", "module_exits": ["done"]});
    assert_has(&fx.check(), "CF0901", Some("x"));
    // a flow running itself, directly or through a module
    let mut fx = around(K::RunModule);
    fx.comp_mut("x").config = json!({"module": "main", "module_exits": ["done"]});
    assert_has(&fx.check(), "CF0907", Some("x"));
    let mut post = module("post", &[K::RunModule]);
    post.components.get_mut("m0").unwrap().config = json!({"module": "main", "module_exits": ["done"]});
    assert_has(&around(K::RunModule).check_with(&library(vec![post])), "CF0907", Some("x"));
}

#[test]
fn return_to_flow_names_its_exit() {
    let mut fx = Fx::new(FlowType::Module);
    fx.with_config("ret", K::ReturnToFlow, json!({"exit": ""})).link("start", "next", "ret");
    assert_has(&fx.check(), "CF0906", Some("ret"));
}

#[test]
fn dialer_continue_widget_must_decide_the_record() {
    let build = |decide: bool| {
        let mut fx = Fx::new(FlowType::OutboundDialer);
        fx.with_config(
            "agent",
            K::AgentConnect,
            json!({"agent_group": "sales", "on_not_connected": "continue"}),
        );
        fx.add("play", K::PlayMessage).add("end", K::EndFlow);
        if decide {
            fx.with_config(
                "flag",
                K::SetVariable,
                json!({"assignments": [{"variable": "syskey.reschedule_agent_call", "expression": "true"}]}),
            );
            fx.chain(&["start", "agent", "play", "flag", "end"]);
        } else {
            fx.chain(&["start", "agent", "play", "end"]);
        }
        fx.check()
    };
    assert_has(&build(false), "CF1001", Some("agent"));
    assert_clean(&build(true));
}

#[test]
fn dialer_environment() {
    let env: callflow_model::Environment = serde_json::from_value(json!({
        "dialer": {"agent_attempts": 0, "agent_retry_minutes": 10, "customer_attempts": 2, "customer_retry_minutes": 60},
        "calendars": {"office": {"timezone": "Mars/Olympus", "weekly": [{"day": "monday", "from": "09:00", "to": "17:00"}]}}
    }))
    .unwrap();
    let d = callflow_check::check_environment(&env);
    assert_eq!(codes(&d), ["CF0801", "CF1002"]);
    assert_eq!(d[0].path.as_deref(), Some("environment.calendars.office.timezone"));
}

// ---- output ----------------------------------------------------------------------------------

#[test]
fn order_is_errors_first_then_component_code_exit() {
    let mut fx = Fx::inbound();
    fx.add("b", K::AssignmentDial).add("a", K::PlayMessage).link("start", "next", "b");
    fx.link("b", "no_answer", "a");
    fx.add("f", K::ForwardExternal).link("a", "next", "f"); // its optional exits: warnings
    let d = fx.check();
    let keys: Vec<_> =
        d.iter().map(|d| (d.severity, d.component.clone(), d.code.clone(), d.exit.clone())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(d[0].severity, Severity::Error);
    assert_eq!(d.last().unwrap().severity, Severity::Warning);
    assert_eq!(check(&fx.flow, &callflow_check::NoFlows), d);
}

#[test]
fn messages_name_the_component_and_hints_say_what_to_do() {
    let mut fx = Fx::inbound();
    fx.add("menu1", K::Menu).link("start", "next", "menu1");
    fx.comp_mut("menu1").name = "Main menu".into();
    for d in fx.check() {
        assert!(d.message.contains("\"Main menu\" (menu1)"), "{}", d.message);
        assert!(!d.hint.is_empty());
        assert!(d.path.as_deref().unwrap_or("").starts_with("flow.components.menu1"));
    }
}
