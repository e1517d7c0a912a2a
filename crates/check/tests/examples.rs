//! The DOMAIN.md §6 acceptance examples that concern validation: A3, A8, B4, E3.

mod common;

use callflow_check::{Severity, check_source, has_errors};
use callflow_model::{ComponentKind as K, DtmfKey, FlowType};
use common::*;
use serde_json::json;

// ---- A3: forbidden post-call targets -----------------------------------------------------------

/// Start -> A&D (all outcomes to End); `call_finished` -> `target` of `kind`.
fn post_call(source: K, kind: K) -> Fx {
    let mut fx = Fx::inbound();
    fx.add("ad", source).add("end", K::EndFlow).add("target", kind);
    fx.link("start", "next", "ad").link("ad", "call_finished", "target").link_rest("ad", "end");
    fx.link_rest("target", "end");
    fx
}

#[test]
fn a3_forbidden_post_call_targets_block_publishing() {
    for source in [K::AssignmentDial, K::Callback] {
        for kind in [K::Voicemail, K::AssignmentDial, K::ForwardExternal, K::Callback] {
            let d = post_call(source, kind).check();
            let e = d
                .iter()
                .find(|d| d.code == "CF0401")
                .unwrap_or_else(|| panic!("{source} -> {kind}: {}", show(&d)));
            assert_eq!(
                (e.severity, e.component.as_deref(), e.exit.as_deref()),
                (Severity::Error, Some("ad"), Some("call_finished"))
            );
            assert!(e.message.contains(kind.spec().label), "names the offending kind: {}", e.message);
        }
        // the fifth copy: a module containing a Forward to external
        let lib = library(vec![module("post", &[K::PlayMessage, K::ForwardExternal])]);
        let d = post_call(source, K::RunModule).check_with(&lib);
        let e = d.iter().find(|d| d.code == "CF0402").unwrap_or_else(|| panic!("{}", show(&d)));
        assert_eq!(e.severity, Severity::Error);
        assert!(e.message.contains("Forward to external"), "{}", e.message);
        assert!(has_errors(&d));
    }
}

#[test]
fn a3_allowed_post_call_targets_publish() {
    let lib = library(vec![module("post", &[K::SetVariable, K::Conditional, K::PlayMessage])]);
    for source in [K::AssignmentDial, K::Callback] {
        for kind in [K::Menu, K::PlayMessage, K::SetVariable, K::RunModule] {
            let d = post_call(source, kind).check_with(&lib);
            assert!(!has_errors(&d), "{source} -> {kind}: {}", show(&d));
            assert_clean(&d);
        }
    }
}

#[test]
fn a3_extended_forbidden_kinds_and_paths() {
    // PC2 extended: dial agent, route to external destination, request direct callback
    for kind in [K::DialAgent, K::RouteToExternalDestination, K::RequestDirectCallback, K::QueueWithFlow] {
        assert_has(&post_call(K::AssignmentDial, kind).check(), "CF0401", Some("ad"));
    }
    // a forbidden kind further down the post-call path: Survey menu -> key_1 -> Voicemail
    let mut fx = post_call(K::AssignmentDial, K::Menu);
    fx.add("vm", K::Voicemail).link("target", "key_1", "vm");
    let d = fx.check();
    assert_has(&d, "CF0401", Some("ad"));
    assert!(d.iter().any(|d| d.code == "CF0401" && d.message.contains("(vm)")), "{}", show(&d));
    // ... but a voice component further down is fine
    let mut fx = post_call(K::AssignmentDial, K::SetVariable);
    fx.add("menu", K::Menu).link("target", "next", "menu").link_rest("menu", "end");
    assert_clean(&fx.check());
}

#[test]
fn a3_post_call_module_checked_transitively() {
    // main -> post (plays) -> inner (voicemail): forbidden at depth 2
    let mut post = module("post", &[K::PlayMessage, K::RunModule]);
    post.components.get_mut("m1").unwrap().config = json!({"module": "inner", "module_exits": ["done"]});
    let inner = module("inner", &[K::Voicemail]);
    let lib = library(vec![post, inner]);
    let d = post_call(K::AssignmentDial, K::RunModule).check_with(&lib);
    let e = d.iter().find(|d| d.code == "CF0402").unwrap_or_else(|| panic!("{}", show(&d)));
    assert!(e.message.contains("Voicemail") && e.message.contains("inner"), "{}", e.message);
    // One module step: named once, not as "1 module step … The nearest, <the same step>".
    assert_eq!(e.message.matches("Run module \"").count(), 1, "{}", e.message);
    // without the module the check cannot look inside: info, not an error
    let d = post_call(K::AssignmentDial, K::RunModule).check();
    assert_has(&d, "CF0404", Some("ad"));
    assert!(!has_errors(&d));
}

#[test]
fn pc3_request_direct_callback_may_chain_but_not_forward() {
    let d = post_call(K::RequestDirectCallback, K::RequestDirectCallback).check();
    assert_not(&d, "CF0401");
    assert_has(&post_call(K::RequestDirectCallback, K::ForwardExternal).check(), "CF0401", Some("ad"));
}

// ---- A8: alternative keys ----------------------------------------------------------------------

fn a8_flow() -> Fx {
    let mut fx = Fx::inbound();
    fx.add("ad", K::AssignmentDial).add("cb", K::Callback).add("vm", K::Voicemail).add("end", K::EndFlow);
    fx.link("start", "next", "ad").link_rest("ad", "end").link_rest("cb", "end");
    fx.comp_mut("ad").alternative_keys.insert(DtmfKey::One, "cb".into());
    fx.comp_mut("ad").alternative_keys.insert(DtmfKey::Nine, "vm".into());
    fx
}

fn file_text(fx: &Fx) -> String {
    callflow_model::FlowFile::new(fx.flow.clone()).to_json()
}

#[test]
fn a8_keys_to_callback_and_voicemail_are_valid() {
    let fx = a8_flow();
    assert_clean(&fx.check());
    let text = file_text(&fx);
    assert_clean(&check_source(&text, &fx.flow, &callflow_check::NoFlows));
}

#[test]
fn a8_duplicate_key_fails_validation() {
    let fx = a8_flow();
    let text = file_text(&fx).replace("\"9\": \"vm\"", "\"9\": \"vm\",\n          \"1\": \"vm\"");
    assert_ne!(text, file_text(&fx), "the key was injected");
    let file = callflow_model::read_str("a8.callflow.json", &text).expect("the reader keeps the last key");
    let d = check_source(&text, &file.flow, &callflow_check::NoFlows);
    let e = d.iter().find(|d| d.code == "CF0114").unwrap_or_else(|| panic!("{}", show(&d)));
    assert_eq!(e.component.as_deref(), Some("ad"));
    assert_eq!(e.path.as_deref(), Some("flow.components.ad.alternative_keys[\"1\"]"));
    assert!(has_errors(&d));
}

#[test]
fn a8_thirteenth_binding_fails_validation() {
    let mut fx = a8_flow();
    for key in DtmfKey::ALL {
        fx.comp_mut("ad").alternative_keys.insert(key, "vm".into());
    }
    assert_not(&fx.check(), "CF0302"); // twelve keys are fine
    let text = file_text(&fx).replace("\"9\": \"vm\"", "\"9\": \"vm\",\n          \"5\": \"cb\"");
    let file = callflow_model::read_str("a8.callflow.json", &text).unwrap();
    let d = check_source(&text, &file.flow, &callflow_check::NoFlows);
    assert_has(&d, "CF0302", Some("ad"));
    assert_has(&d, "CF0114", Some("ad"));
}

// ---- B4: route to external destination --------------------------------------------------------

#[test]
fn b4_limit_reached_must_be_connected() {
    let mut fx = Fx::inbound();
    fx.add("r", K::RouteToExternalDestination).add("full", K::PlayMessage).add("end", K::EndFlow);
    fx.link("start", "next", "r").link("full", "next", "end");
    fx.link("r", "busy", "end").link("r", "timeout", "end").link("r", "failure", "end");
    let d = fx.check();
    let e = d.iter().find(|d| d.code == "CF0106").unwrap_or_else(|| panic!("{}", show(&d)));
    assert_eq!((e.component.as_deref(), e.exit.as_deref()), (Some("r"), Some("limit_reached")));
    assert!(has_errors(&d));

    fx.link("r", "limit_reached", "full");
    assert_clean(&fx.check());
    // `busy` unconnected: only a warning, the call hangs up there (G3)
    fx.comp_mut("r").exits.remove("busy");
    let d = fx.check();
    assert!(!has_errors(&d));
    assert_has(&d, "CF0107", Some("r"));
}

// ---- E3: callback notation placement ------------------------------------------------------------

/// A reusable queue flow: begin -> menu (key_1 / key_2 branches built by `build`).
fn queue_flow(build: impl FnOnce(&mut Fx)) -> Vec<callflow_check::Diagnostic> {
    let mut fx = Fx::new(FlowType::ReusableQueueFlow);
    fx.add("menu", K::Menu).add("exit", K::ReturnToFlow).link("start", "next", "menu");
    fx.link("menu", "invalid", "exit").link("menu", "no_input", "exit");
    build(&mut fx);
    for id in fx.flow.components.keys().cloned().collect::<Vec<_>>() {
        fx.link_rest(&id, "exit");
    }
    fx.check()
}

#[test]
fn e3_decline_without_start() {
    let d = queue_flow(|fx| {
        fx.add("s", K::StartCallback).add("d", K::DeclineCallback);
        fx.link("menu", "key_1", "s").link("s", "next", "d").link("menu", "key_2", "d");
    });
    assert_has(&d, "CF0501", Some("d"));
    assert_not(&d, "CF0502");
}

#[test]
fn e3_decline_after_register() {
    let d = queue_flow(|fx| {
        fx.add("s", K::StartCallback).add("r", K::RegisterCallback).add("d", K::DeclineCallback);
        fx.link("menu", "key_1", "s").link("s", "next", "r").link("r", "next", "d");
        fx.link("menu", "key_2", "exit");
    });
    assert_has(&d, "CF0502", Some("d"));
    assert_not(&d, "CF0501");
    // on *some* path is enough: start -> (register | skip) -> decline
    let d = queue_flow(|fx| {
        fx.add("s", K::StartCallback).add("r", K::RegisterCallback).add("d", K::DeclineCallback);
        fx.add("ask", K::Menu);
        fx.link("menu", "key_1", "s")
            .link("s", "next", "ask")
            .link("ask", "key_1", "r")
            .link("ask", "key_2", "d");
        fx.link("r", "next", "d").link("menu", "key_2", "exit");
    });
    assert_has(&d, "CF0502", Some("d"));
}

#[test]
fn e3_register_without_start() {
    let d = queue_flow(|fx| {
        fx.add("r", K::RegisterCallback);
        fx.link("menu", "key_1", "r").link("menu", "key_2", "exit");
    });
    assert_has(&d, "CF0503", Some("r"));
    // a decline in between undoes the start
    let d = queue_flow(|fx| {
        fx.add("s", K::StartCallback).add("d", K::DeclineCallback).add("r", K::RegisterCallback);
        fx.chain(&["s", "d", "r"]).link("menu", "key_1", "s").link("menu", "key_2", "exit");
    });
    assert_has(&d, "CF0503", Some("r"));
}

#[test]
fn e3_start_register_start_decline_is_valid() {
    let d = queue_flow(|fx| {
        fx.add("s1", K::StartCallback).add("r", K::RegisterCallback).add("s2", K::StartCallback);
        fx.add("d", K::DeclineCallback);
        fx.chain(&["s1", "r", "s2", "d"]).link("menu", "key_1", "s1").link("menu", "key_2", "exit");
    });
    assert_clean(&d);
}

#[test]
fn e3_unvalidated_number_from_collect_digits_is_a_warning_only() {
    let build = |validation: Option<&str>, check_it: bool| {
        queue_flow(|fx| {
            let mut cfg = json!({"prompt": tts("Your number"), "output_variable": "number"});
            if let Some(v) = validation {
                cfg["validation"] = json!(v);
            }
            fx.add("s", K::StartCallback).with_config("collect", K::CollectDigits, cfg);
            fx.add("r", K::RegisterCallback);
            fx.link("menu", "key_1", "s").link("s", "next", "collect").link("menu", "key_2", "exit");
            if check_it {
                fx.with_config("valid", K::Conditional, json!({"branches": [{"name": "ok", "expression": "number.matches('^[+]?[0-9]{8,15}$')"}]}));
                fx.link("collect", "ok", "valid").link("valid", "ok", "r").link("valid", "no_match", "exit");
            } else {
                fx.link("collect", "ok", "r");
            }
        })
    };
    let d = build(None, false);
    assert_eq!(codes(&d), ["CF0504"], "{}", show(&d));
    assert_eq!(d[0].severity, Severity::Warning);
    assert_clean(&build(Some("^[0-9]{9}$"), false));
    assert_clean(&build(None, true));
}

#[test]
fn event_handlers_start_in_any_callback_state() {
    let mut fx = Fx::inbound();
    fx.add("end", K::EndFlow).link("start", "next", "end");
    fx.add("catch", K::FlowErrorCatch).add("d", K::DeclineCallback).chain(&["catch", "d", "end"]);
    assert_has(&fx.check(), "CF0501", Some("d"));
}

#[test]
fn a3_one_finding_per_post_call_exit_however_many_forbidden_components_it_reaches() {
    // call_finished -> survey (set variable) -> a chain of 8 voicemail-free forwards: every
    // forward is forbidden, and the post-call exit gets one CF0401 that names the nearest ones,
    // counts the rest and shows a path to the nearest.
    let mut fx = post_call(K::AssignmentDial, K::SetVariable);
    let ids: Vec<String> = (0..8).map(|k| format!("fwd{k}")).collect();
    for id in &ids {
        fx.add(id, K::ForwardExternal);
    }
    fx.link("target", "next", "fwd0");
    for pair in ids.windows(2) {
        fx.link(&pair[0], "no_answer", &pair[1]);
    }
    for id in &ids {
        fx.link_rest(id, "end");
    }
    let d = fx.check();
    let found: Vec<_> = d.iter().filter(|d| d.code == "CF0401").collect();
    assert_eq!(found.len(), 1, "{}", show(&d));
    let e = found[0];
    assert_eq!((e.component.as_deref(), e.exit.as_deref()), (Some("ad"), Some("call_finished")));
    assert!(e.message.contains("8 forbidden components"), "{}", e.message);
    assert!(e.message.contains("(fwd0)") && e.message.contains("(fwd2)"), "{}", e.message);
    assert!(!e.message.contains("(fwd3)") && e.message.contains("and 5 more"), "{}", e.message);
    assert!(e.message.contains("`ad` > `target` > `fwd0`"), "path to the nearest: {}", e.message);
    assert!(e.message.contains("Forward to external"), "{}", e.message);
    assert_eq!(e.path.as_deref(), Some("flow.components.ad.exits.call_finished"));
}

#[test]
fn pc2_a_missing_module_is_named_once_however_many_steps_run_it() {
    let mut fx = post_call(K::AssignmentDial, K::RunModule);
    fx.add("target2", K::RunModule);
    for id in ["target", "target2"] {
        fx.flow.components.get_mut(id).unwrap().config = json!({"module": "post", "module_exits": ["done"]});
    }
    fx.link("target", "done", "target2").link_rest("target2", "end");
    let d = fx.check();
    let e = d.iter().find(|d| d.code == "CF0404").unwrap_or_else(|| panic!("{}", show(&d)));
    assert!(e.message.contains("2 module steps"), "{}", e.message);
    assert_eq!(e.message.matches("`post`").count(), 1, "{}", e.message);
}
