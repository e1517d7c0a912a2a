//! Property tests of the document and its file: whatever the document, the writer's output reads
//! back as the same document and rewrites to the same bytes; whatever the bytes, the reader
//! returns a value or an error and never panics.

use std::collections::BTreeMap;

use callflow_model::layout::Position;
use callflow_model::{
    Component, ComponentKind, DtmfKey, ErrorHandling, Flow, FlowFile, FlowType, Variable, VariableType,
    read_bytes, read_str,
};
use proptest::prelude::*;
use serde_json::json;

fn kind() -> impl Strategy<Value = ComponentKind> {
    proptest::sample::select(ComponentKind::ALL.to_vec())
}

fn key() -> impl Strategy<Value = DtmfKey> {
    proptest::sample::select(DtmfKey::ALL.to_vec())
}

/// Arbitrary JSON of small depth: configs are free-form in the document.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(json!(null)),
        any::<bool>().prop_map(|b| json!(b)),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e9f64..1e9).prop_map(|f| json!(f)),
        "[ -~]{0,12}".prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn flow() -> impl Strategy<Value = (Flow, BTreeMap<String, Position>)> {
    let ids = prop::collection::btree_set("[a-z][a-z0-9_.-]{0,10}", 1..12);
    ids.prop_flat_map(|ids| {
        let ids: Vec<String> = ids.into_iter().collect();
        let n = ids.len();
        let target = proptest::sample::select(ids.clone());
        let component = (
            kind(),
            "\\PC{0,16}",
            prop::option::of(prop::collection::btree_map("[a-z_]{1,8}", json_value(), 0..3)),
            prop::collection::btree_map("[a-z_0-9]{1,10}", prop::option::of(target.clone()), 0..4),
            prop::collection::btree_map(key(), target.clone(), 0..3),
            prop_oneof![
                Just(ErrorHandling::Default),
                Just(ErrorHandling::EndFlow),
                "[a-z_]{1,8}".prop_map(|exit| ErrorHandling::FollowExit { exit }),
                target.clone().prop_map(|target| ErrorHandling::Custom { target }),
            ],
        )
            .prop_map(|(kind, name, config, exits, keys, error_handling)| Component {
                kind,
                name,
                config: serde_json::Value::Object(config.unwrap_or_default().into_iter().collect()),
                exits,
                alternative_keys: keys,
                error_handling,
            });
        (
            Just(ids),
            prop::collection::vec(component, n),
            proptest::sample::select(FlowType::ALL.to_vec()),
            prop::collection::vec(((-5e4f64..5e4), (-5e4f64..5e4)), n),
            prop::option::of(json_value()),
        )
            .prop_map(|(ids, components, flow_type, positions, default)| {
                let mut flow = Flow::new("f", "Generated", flow_type);
                flow.components = ids.iter().cloned().zip(components).collect();
                flow.entry = ids[0].clone();
                flow.variables.push(Variable {
                    name: "v".into(),
                    var_type: VariableType::String,
                    // `null` and absent both mean "unset" and are read back as absent.
                    default: default.filter(|d| !d.is_null()),
                    description: String::new(),
                });
                let layout =
                    ids.into_iter().zip(positions).map(|(id, (x, y))| (id, Position { x, y })).collect();
                (flow, layout)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn written_documents_read_back_identically((flow, positions) in flow()) {
        let mut file = FlowFile::new(flow);
        file.layout.components = positions;
        let text = file.to_json();
        // The direct sorted writer gives the same bytes as sorting through a `serde_json::Value`.
        prop_assert_eq!(&text, &file.to_json_via_value());
        let read = read_str("generated", &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        // Configs are compared as JSON (an empty config is written as absent and read as `{}`).
        prop_assert_eq!(&read, &file);
        prop_assert_eq!(read.to_json(), text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = read_bytes("fuzz", &bytes);
    }

    #[test]
    fn mutated_files_never_panic(
        (flow, _) in flow(),
        cut in 0usize..4096,
        insert in "[\\[\\]{}\",:0-9a-z ]{0,6}",
    ) {
        let text = FlowFile::new(flow).to_json();
        let at = cut % (text.len() + 1);
        let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let mutated = format!("{}{}{}", &text[..at], insert, &text[at..]);
        let _ = read_str("mutated", &mutated);
    }
}
