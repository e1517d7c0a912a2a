//! Unit tests per rule live in `tests/`; this module holds tests of crate internals.

use super::*;

#[test]
fn exits_for_matches_the_catalog() {
    use serde_json::json;
    let samples = [
        (
            ComponentKind::Menu,
            json!({"prompt": {"type": "tts", "text": "x"}, "options": [{"key": "1"}, {"key": "2"}]}),
        ),
        (ComponentKind::Conditional, json!({"branches": [{"name": "vip", "expression": "true"}]})),
        (ComponentKind::RunModule, json!({"module": "m", "module_exits": ["done", "failed"]})),
        (ComponentKind::AssignmentDial, json!({"selection": {"type": "ring_groups", "ring_groups": ["b"]}})),
        (ComponentKind::Menu, json!({"bad": true})),
    ];
    for (kind, config) in samples {
        let mut c = Component::new(kind, "x");
        c.config = config;
        let parsed = ComponentConfig::parse(kind, &c.config).ok();
        assert_eq!(
            exits_for(kind, parsed.as_ref()).iter().map(Exit::to_info).collect::<Vec<_>>(),
            callflow_model::exits_of(&c),
            "{kind}"
        );
    }
    for &kind in ComponentKind::ALL {
        let c = Component::new(kind, "x");
        let parsed = ComponentConfig::parse(kind, &c.config).ok();
        assert_eq!(
            exits_for(kind, parsed.as_ref()).iter().map(Exit::to_info).collect::<Vec<_>>(),
            callflow_model::exits_of(&c),
            "{kind}"
        );
    }
}

#[test]
fn paths_quote_unusual_keys() {
    assert_eq!(component_path("menu_1"), "flow.components.menu_1");
    assert_eq!(component_path("a b"), "flow.components[\"a b\"]");
    assert_eq!(path_key("1"), "[\"1\"]");
}

#[test]
fn menu_exit_names_match_the_model() {
    for key in callflow_model::DtmfKey::ALL {
        assert_eq!(menu_exit(key), callflow_model::config::menu_exit(key));
    }
}
