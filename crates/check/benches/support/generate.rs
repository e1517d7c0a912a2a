//! A generator of realistic large flows for the benchmarks (and a test that they are clean).
//!
//! Each block of 10 components is a slice of an inbound support line: business hours ->
//! menu -> (conditional with CEL -> set variable) / assignment and dial (alternative key to
//! voicemail, post-call survey, forward to an external number) / the next block.

use callflow_model::{
    Component, ComponentKind as K, DtmfKey, ErrorHandling, Flow, FlowType, Variable, VariableType,
};
use serde_json::{Value, json};

fn comp(kind: K, name: String, config: Value) -> Component {
    let mut c = Component::new(kind, name);
    c.config = config;
    c
}

fn tts(text: String) -> Value {
    json!({"type": "tts", "text": text})
}

const ZONES: [&str; 3] = ["Europe/Prague", "America/New_York", "Asia/Tokyo"];

/// An inbound flow of `start` + `end` + 10 components per block.
pub fn realistic(blocks: usize) -> Flow {
    let mut flow = Flow::new("support", "Support line", FlowType::Inbound);
    flow.components.get_mut("start").unwrap().name = "Incoming call".into();
    for (name, t) in
        [("vip", VariableType::Boolean), ("score", VariableType::Number), ("digits", VariableType::String)]
    {
        flow.variables.push(Variable {
            name: name.into(),
            var_type: t,
            default: None,
            description: String::new(),
        });
    }
    let c = &mut flow.components;
    c.insert("end".into(), comp(K::EndFlow, "End".into(), json!({})));
    let first = if blocks == 0 { "end".to_string() } else { "b0_hours".to_string() };
    c.get_mut("start").unwrap().exits.insert("next".into(), Some(first));
    for k in 0..blocks {
        let id = |s: &str| format!("b{k}_{s}");
        let next_block = if k + 1 < blocks { format!("b{}_hours", k + 1) } else { "end".into() };
        let link = |c: &mut Component, exit: &str, to: String| {
            c.exits.insert(exit.into(), Some(to));
        };

        let mut hours = comp(
            K::BusinessHours,
            format!("Hours {k}"),
            json!({"schedule": {"timezone": ZONES[k % 3],
                "weekly": [{"day": "monday", "from": "08:00", "to": "12:00"}, {"day": "monday", "from": "13:00", "to": "17:30"},
                           {"day": "tuesday", "from": "08:00", "to": "17:30"}, {"day": "wednesday", "from": "08:00", "to": "17:30"},
                           {"day": "thursday", "from": "08:00", "to": "17:30"}, {"day": "friday", "from": "08:00", "to": "15:00"}],
                "holidays": ["2026-12-24", "2026-12-25", format!("2027-01-{:02}", k % 28 + 1)]}}),
        );
        link(&mut hours, "open", id("menu"));
        link(&mut hours, "closed", id("vm"));

        let mut menu = comp(
            K::Menu,
            format!("Menu {k}"),
            json!({"prompt": tts(format!("Menu {k}: press 1 for billing, 2 for an agent, 3 for more")),
                   "options": [{"key": "1", "label": "Billing"}, {"key": "2", "label": "Agent"}, {"key": "3", "label": "More"}]}),
        );
        link(&mut menu, "key_1", id("cond"));
        link(&mut menu, "key_2", id("queue"));
        link(&mut menu, "key_3", next_block.clone());
        link(&mut menu, "invalid", id("sorry"));
        link(&mut menu, "no_input", id("sorry"));

        let mut cond = comp(
            K::Conditional,
            format!("Route {k}"),
            json!({"branches": [
                {"name": "vip", "expression": format!("vip && score > {}", k % 100)},
                {"name": "local", "expression": format!("call.ani.startsWith(\"+420\") || size(digits) == {}", k % 12)}]}),
        );
        link(&mut cond, "vip", id("queue"));
        link(&mut cond, "local", id("score"));
        link(&mut cond, "no_match", id("sorry"));

        let mut score = comp(
            K::SetVariable,
            format!("Score {k}"),
            json!({"assignments": [{"variable": "score", "expression": format!("score + {}", k % 7 + 1)}]}),
        );
        link(&mut score, "next", id("queue"));

        let mut queue = comp(
            K::AssignmentDial,
            format!("Queue {k}"),
            json!({"selection": {"type": "ring_groups", "ring_groups": [format!("group{}", k % 10)]},
                   "agents_to_ring": k % 10 + 1, "priority": k % 10 + 1, "waiting_audio": tts("Please hold".into())}),
        );
        link(&mut queue, "call_finished", id("survey"));
        link(&mut queue, "no_answer", id("vm"));
        link(&mut queue, "max_waiting_time_reached", id("vm"));
        link(&mut queue, "no_match_found", id("forward"));
        queue.alternative_keys.insert(DtmfKey::Nine, id("vm"));
        queue.error_handling = ErrorHandling::FollowExit { exit: "no_answer".into() };

        let vm = comp(
            K::Voicemail,
            format!("Voicemail {k}"),
            json!({"greeting": tts("Leave a message".into()), "assign_to": {"type": "ring_group", "ring_group": format!("group{}", k % 10)}}),
        );

        let mut forward = comp(
            K::ForwardExternal,
            format!("Forward {k}"),
            json!({"phone_number": {"literal": format!("+42060{:07}", 1_234_500 + k % 20)}}),
        );
        for exit in ["no_answer", "busy", "failed"] {
            link(&mut forward, exit, id("vm"));
        }

        let mut survey = comp(
            K::Menu,
            format!("Survey {k}"),
            json!({"prompt": tts("Rate us from 1 to 3".into()), "options": [{"key": "1"}, {"key": "2"}, {"key": "3"}]}),
        );
        for exit in ["key_1", "key_2", "key_3", "invalid", "no_input"] {
            link(&mut survey, exit, id("thanks"));
        }
        let mut thanks =
            comp(K::PlayMessage, format!("Thanks {k}"), json!({"prompt": tts("Thank you".into())}));
        link(&mut thanks, "next", "end".into());
        let mut sorry = comp(K::PlayMessage, format!("Sorry {k}"), json!({"prompt": tts("Sorry".into())}));
        link(&mut sorry, "next", id("vm"));

        for (name, component) in [
            ("hours", hours),
            ("menu", menu),
            ("cond", cond),
            ("score", score),
            ("queue", queue),
            ("vm", vm),
            ("forward", forward),
            ("survey", survey),
            ("thanks", thanks),
            ("sorry", sorry),
        ] {
            c.insert(id(name), component);
        }
    }
    flow
}
