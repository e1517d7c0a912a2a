//! Synthetic flows of any size, for benchmarks and tests.
//!
//! [`realistic_flow`] builds a valid inbound flow out of repeated blocks shaped like real
//! support lines: a menu, a CEL conditional, business hours, a variable assignment, two
//! Assignment and dial queues with alternative keys and post-call exits, voicemail and a goodbye
//! prompt that leads to the next block. After an agent conversation (`call_finished`) the caller
//! hears a thank-you and the flow ends: nothing routes the call again after it (PC2). Every exit is connected; nothing is unreachable.

use serde_json::json;

use crate::catalog::ComponentKind;
use crate::document::{Component, DtmfKey, Flow, FlowType, Variable, VariableType};
use crate::file::FlowFile;
use crate::layout::Position;

/// Components in one block of [`realistic_flow`].
pub const BLOCK_SIZE: usize = 9;

/// A valid inbound flow with about `components` components (rounded to whole blocks, plus the
/// start and end components).
pub fn realistic_flow(components: usize) -> Flow {
    let blocks = components.saturating_sub(2).div_ceil(BLOCK_SIZE).max(1);
    let mut flow =
        Flow::new("synthetic", format!("Synthetic flow ({components} components)"), FlowType::Inbound);
    flow.variables.push(Variable {
        name: "tier".into(),
        var_type: VariableType::String,
        default: Some(json!("standard")),
        description: String::new(),
    });
    flow.components.get_mut("start").unwrap().exits.insert("next".into(), Some(id(0, "menu")));
    flow.components.insert("end".into(), Component::new(ComponentKind::EndFlow, "End"));
    for b in 0..blocks {
        let next = if b + 1 < blocks { id(b + 1, "menu") } else { "end".into() };
        for (suffix, component) in block(b, &next) {
            flow.components.insert(id(b, suffix), component);
        }
    }
    flow
}

/// A flow file around [`realistic_flow`], with a left-to-right layout in the order a call meets
/// the components: the start first, then the blocks, the end last (as a layered layout would put
/// them; sorted by id, the start would sit at the far end of the flow).
pub fn realistic_file(components: usize) -> FlowFile {
    let flow = realistic_flow(components);
    let mut file = FlowFile::new(flow);
    let mut ids: Vec<String> = file.flow.components.keys().cloned().collect();
    // Stable: the blocks stay in id order.
    ids.sort_by_key(|id| match id.as_str() {
        "start" => 0,
        "end" => 2,
        _ => 1,
    });
    for (i, id) in ids.into_iter().enumerate() {
        file.layout.components.insert(id, grid_position(i));
    }
    file
}

/// Where the `index`-th component of a synthetic layout goes: columns of 20, 280 × 160 px cells.
pub fn grid_position(index: usize) -> Position {
    Position { x: (index / 20) as f64 * 280.0, y: (index % 20) as f64 * 160.0 }
}

fn id(block: usize, suffix: &str) -> String {
    format!("b{block:05}_{suffix}")
}

fn component(
    kind: ComponentKind,
    name: String,
    config: serde_json::Value,
    exits: &[(&str, &str)],
) -> Component {
    let mut c = Component::new(kind, name);
    c.config = config;
    for (exit, target) in exits {
        c.exits.insert((*exit).into(), Some((*target).into()));
    }
    c
}

fn block(b: usize, next: &str) -> Vec<(&'static str, Component)> {
    let t = |suffix: &str| id(b, suffix);
    let tts = |text: &str| json!({"type": "tts", "text": text});
    let queue_config = |group: &str, priority: u32| {
        json!({"selection": {"type": "ring_groups", "ring_groups": [group]}, "priority": priority,
               "max_waiting_time_sec": 240, "agents_to_ring": 2})
    };
    let queue = |name: String, group: &str, priority: u32| {
        let mut c = component(
            ComponentKind::AssignmentDial,
            name,
            queue_config(group, priority),
            &[
                ("call_finished", &t("thanks")),
                ("no_answer", &t("voicemail")),
                ("max_waiting_time_reached", &t("voicemail")),
                ("no_match_found", &t("voicemail")),
            ],
        );
        c.alternative_keys.insert(DtmfKey::Nine, t("voicemail"));
        c
    };
    vec![
        (
            "menu",
            component(
                ComponentKind::Menu,
                format!("Menu {b}"),
                json!({"prompt": tts("Press 1 for sales, 2 for support, 3 for account changes."),
                       "options": [{"key": "1", "label": "Sales"}, {"key": "2", "label": "Support"},
                                   {"key": "3", "label": "Account"}]}),
                &[
                    ("key_1", &t("vip")),
                    ("key_2", &t("hours")),
                    ("key_3", &t("set_tier")),
                    ("invalid", &t("bye")),
                    ("no_input", &t("bye")),
                ],
            ),
        ),
        (
            "vip",
            component(
                ComponentKind::Conditional,
                format!("VIP check {b}"),
                json!({"branches": [{"name": "vip", "expression": "tier == \"gold\" || tier == \"platinum\""}]}),
                &[("vip", &t("queue_vip")), ("no_match", &t("queue"))],
            ),
        ),
        (
            "hours",
            component(
                ComponentKind::BusinessHours,
                format!("Hours {b}"),
                json!({"schedule": {"timezone": "Europe/Prague", "weekly": [
                    {"day": "monday", "from": "08:00", "to": "12:00"}, {"day": "monday", "from": "13:00", "to": "17:00"},
                    {"day": "friday", "from": "08:00", "to": "15:00"}], "holidays": ["2026-12-24"]}}),
                &[("open", &t("queue")), ("closed", &t("voicemail"))],
            ),
        ),
        (
            "set_tier",
            component(
                ComponentKind::SetVariable,
                format!("Set tier {b}"),
                json!({"assignments": [{"variable": "tier", "expression": "\"gold\""}]}),
                &[("next", next)],
            ),
        ),
        ("queue", queue(format!("Queue {b}"), "support", 5)),
        ("queue_vip", queue(format!("VIP queue {b}"), "vip", 1)),
        (
            "voicemail",
            component(
                ComponentKind::Voicemail,
                format!("Voicemail {b}"),
                json!({"greeting": tts("Please leave a message."), "assign_to": {"type": "ring_group", "ring_group": "support"}}),
                &[],
            ),
        ),
        (
            "thanks",
            component(
                ComponentKind::PlayMessage,
                format!("Thanks {b}"),
                json!({"prompt": tts("Thank you for your call. Goodbye.")}),
                &[("next", "end")],
            ),
        ),
        (
            "bye",
            component(
                ComponentKind::PlayMessage,
                format!("Goodbye {b}"),
                json!({"prompt": tts("Thank you for calling.")}),
                &[("next", next)],
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ComponentConfig, exits_of};

    #[test]
    fn sizes_and_shape() {
        let flow = realistic_flow(1_000);
        assert!(
            (1_000..1_000 + BLOCK_SIZE + 2).contains(&flow.components.len()),
            "{}",
            flow.components.len()
        );
        for (id, c) in &flow.components {
            ComponentConfig::parse(c.kind, &c.config).unwrap_or_else(|e| panic!("{id}: {e}"));
            for exit in exits_of(c).iter().filter(|e| e.required) {
                assert!(c.target(&exit.name).is_some(), "{id}.{} unconnected", exit.name);
            }
            for target in c.targets() {
                assert!(flow.components.contains_key(target), "{id} -> missing {target}");
            }
        }
    }

    #[test]
    fn synthetic_files_round_trip() {
        let file = realistic_file(100);
        let text = file.to_json();
        assert_eq!(crate::read_str("synthetic", &text).unwrap().to_json(), text);
    }
}
