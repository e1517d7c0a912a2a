//! Property tests: `check` never panics and is deterministic on arbitrary flows, and arbitrary
//! bytes through the reader and the checks never panic. Bounded to run in seconds.

mod common;

use std::collections::BTreeMap;

use callflow_check::{Diagnostic, check, check_source};
use callflow_model::{
    Component, ComponentKind, DtmfKey, ErrorHandling, Flow, FlowFile, FlowType, Variable, VariableType,
};
use proptest::prelude::*;
use serde_json::{Value, json};

const EXIT_POOL: &[&str] = &[
    "next",
    "junk",
    "key_1",
    "key_2",
    "vip",
    "no_match",
    "call_finished",
    "queue_size_limit_reached",
    "no_answer",
    "line_1",
    "done",
    "open",
    "closed",
    "holiday",
    "limit_reached",
    "busy",
    "ok",
];

fn kind() -> impl Strategy<Value = ComponentKind> {
    proptest::sample::select(ComponentKind::ALL.to_vec())
}

fn junk_config() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({})),
        Just(json!(null)),
        Just(json!([1, 2])),
        Just(json!({"prompt": 3})),
        Just(
            json!({"branches": [{"name": "a", "expression": "((("}, {"name": "a", "expression": "x.y.z && [1].all(q, q > w)"}]})
        ),
        Just(
            json!({"assignments": [{"variable": "syskey.reschedule_agent_call", "expression": "call.ani"}]})
        ),
        Just(
            json!({"schedule": {"timezone": "Nowhere/City", "weekly": [{"day": "monday", "from": "25:00", "to": "9"}], "holidays": ["2026-02-31"]}})
        ),
        Just(
            json!({"prompt": {"type": "tts", "text": "x"}, "output_variable": "", "min_digits": 9, "max_digits": 1, "validation": "(("})
        ),
        Just(json!({"module": "main", "module_exits": ["done", "x"]})),
        Just(json!({"module": "post", "module_exits": []})),
        Just(json!({"queue": "", "queue_flow": "post", "priority": 0})),
        Just(
            json!({"phone_number": {"literal": "+1 (555)"}, "caller_id": {"type": "number", "number": "+999999999999999999"}})
        ),
        Just(json!({"callback_number": {"variable": "nope"}, "queue": "", "outbound_ani": ""})),
        Just(
            json!({"selection": {"type": "agents", "agents": ["x"]}, "agents_to_ring": 99, "sort_by": "most_proficient", "priority": 0})
        ),
        Just(
            json!({"number": {"literal": "x"}, "outbound_caller_id": {"variable": "v"}, "assignment": {"selection": {"type": "ring_groups", "ring_groups": []}, "max_waiting_time_sec": 4294967295u32}})
        ),
        Just(json!({"exit": ""})),
        any::<String>()
            .prop_map(|s| json!({"expression": s, "branches": [{"name": s.clone(), "expression": s}]})),
    ]
}

fn component(ids: Vec<String>) -> impl Strategy<Value = Component> {
    let target = proptest::sample::select(ids.into_iter().chain(["ghost".to_string()]).collect::<Vec<_>>());
    (
        kind(),
        proptest::sample::select(vec!["A", "B", "Menu", "End", ""]),
        prop_oneof![Just(None), junk_config().prop_map(Some), kind().prop_map(|k| Some(common::config(k)))],
        proptest::collection::vec(
            (proptest::sample::select(EXIT_POOL), proptest::option::of(target.clone())),
            0..6,
        ),
        proptest::collection::vec((proptest::sample::select(DtmfKey::ALL.to_vec()), target.clone()), 0..3),
        prop_oneof![
            Just(ErrorHandling::Default),
            Just(ErrorHandling::EndFlow),
            proptest::sample::select(EXIT_POOL).prop_map(|e| ErrorHandling::FollowExit { exit: e.into() }),
            target.prop_map(|t| ErrorHandling::Custom { target: t }),
        ],
    )
        .prop_map(|(kind, name, config, exits, keys, eh)| {
            let mut c = Component::new(kind, name);
            c.config = config.unwrap_or_else(|| common::config(kind));
            c.exits = exits.into_iter().map(|(e, t)| (e.to_string(), t)).collect();
            c.alternative_keys = keys.into_iter().collect();
            c.error_handling = eh;
            c
        })
}

fn flow() -> impl Strategy<Value = Flow> {
    (1usize..30).prop_flat_map(|n| {
        let ids: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        (
            proptest::sample::select(FlowType::ALL.to_vec()),
            proptest::collection::vec(component(ids.clone()), n),
            proptest::sample::select(ids.into_iter().chain(["ghost".to_string()]).collect::<Vec<_>>()),
            proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "number", "digits", "vip", "score", "call", "1x", "number",
                    ]),
                    proptest::sample::select(vec![
                        VariableType::String,
                        VariableType::Boolean,
                        VariableType::Number,
                    ]),
                    proptest::option::of(prop_oneof![Just(json!(1)), Just(json!("s")), Just(json!(true))]),
                ),
                0..5,
            ),
        )
            .prop_map(|(flow_type, comps, entry, vars)| {
                let mut flow = Flow::new("main", "Main", flow_type);
                flow.components = comps.into_iter().enumerate().map(|(i, c)| (format!("c{i}"), c)).collect();
                flow.entry = entry;
                flow.variables = vars
                    .into_iter()
                    .map(|(name, t, d)| Variable {
                        name: name.into(),
                        var_type: t,
                        default: d,
                        description: String::new(),
                    })
                    .collect();
                flow
            })
    })
}

#[track_caller]
fn assert_ordered(d: &[Diagnostic]) {
    for pair in d.windows(2) {
        let key = |d: &Diagnostic| (d.severity, d.component.clone(), d.code.clone(), d.exit.clone());
        assert!(key(&pair[0]) <= key(&pair[1]), "out of order: {:?} before {:?}", pair[0], pair[1]);
    }
    for x in d {
        let row = callflow_check::codes::info(&x.code).expect("every code is in the table");
        assert_eq!(row.severity, x.severity);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn check_never_panics_and_is_deterministic(flow in flow(), module in flow()) {
        let mut module = module;
        module.id = "post".into();
        let mut lib: BTreeMap<String, Flow> = BTreeMap::new();
        lib.insert("post".into(), module.clone());
        lib.insert("main".into(), flow.clone());
        let mut qf = module;
        qf.id = "qf".into();
        qf.flow_type = FlowType::ReusableQueueFlow;
        lib.insert("qf".into(), qf);
        let a = check(&flow, &lib);
        let b = check(&flow, &lib);
        prop_assert_eq!(&a, &b);
        assert_ordered(&a);
        let c = check(&flow, &callflow_check::NoFlows);
        assert_ordered(&c);
        let text = FlowFile::new(flow.clone()).to_json();
        let d = check_source(&text, &flow, &lib);
        prop_assert_eq!(d.len(), a.len(), "a canonical file has no duplicate keys");
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(file) = callflow_model::read_bytes("fuzz.callflow.json", &bytes) {
            let _ = check(&file.flow, &callflow_check::NoFlows);
        }
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = callflow_check::duplicate_keys(text);
        }
    }

    #[test]
    fn mutated_files_never_panic(
        flow in flow(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
    ) {
        let mut bytes = FlowFile::new(flow).to_json().into_bytes();
        for (at, byte, op) in edits {
            let i = at.index(bytes.len().max(1));
            match op {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i.min(bytes.len()), byte),
                _ if i < bytes.len() => { bytes.remove(i); }
                _ => {}
            }
        }
        if let Ok(file) = callflow_model::read_bytes("fuzz.callflow.json", &bytes) {
            let text = std::str::from_utf8(&bytes).unwrap();
            let d = check_source(text, &file.flow, &callflow_check::NoFlows);
            assert_ordered(&d);
        }
    }
}

#[test]
fn deep_and_long_expressions_do_not_overflow() {
    let deep = "(".repeat(50_000) + "1" + &")".repeat(50_000);
    let long = vec!["score"; 3000].join(" + ");
    let comprehension = "[1].exists(a, ".repeat(200) + "true" + &")".repeat(200);
    for expr in [deep, long, comprehension, "\u{0}\u{7f}ř\"".into()] {
        let mut fx = common::around(ComponentKind::Conditional);
        fx.comp_mut("x").config = json!({"branches": [{"name": "vip", "expression": expr}]});
        // Run on a small stack, as a UI worker thread might.
        let flow = fx.flow.clone();
        let d = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || check(&flow, &callflow_check::NoFlows))
            .unwrap()
            .join()
            .expect("no stack overflow");
        let _ = d;
    }
}

#[test]
fn long_chains_do_not_overflow() {
    // 20,000 components in one line and one big cycle: the graph passes are iterative.
    let mut fx = common::Fx::inbound();
    let n = 20_000;
    for i in 0..n {
        fx.add(&format!("s{i:05}"), ComponentKind::SetVariable);
    }
    for i in 0..n - 1 {
        fx.link(&format!("s{i:05}"), "next", &format!("s{:05}", i + 1));
    }
    fx.link("start", "next", "s00000").link(&format!("s{:05}", n - 1), "next", "s00000");
    let flow = fx.flow.clone();
    let d = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || check(&flow, &callflow_check::NoFlows))
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert!(d.iter().any(|d| d.code == "CF0112"));
}

#[path = "../benches/support/generate.rs"]
mod generate;

#[test]
fn generated_benchmark_flows_are_clean() {
    let d = check(&generate::realistic(20), &callflow_check::NoFlows);
    assert!(d.is_empty(), "{}", common::show(&d));
    let d = check(&generate::realistic(100), &callflow_check::NoFlows);
    assert_eq!(common::codes(&d), ["CF0113"]);
}

/// Every finding carries its wording, from templates the crate declares (phrases in its arguments
/// too). With `WORDING_SAMPLES=<file>` the test also writes one finding of each shape (message
/// and hint templates, argument names and types) for the UI's test that words each in Czech
/// (`make test-ui` writes `ui/src/test/findings.generated.json` this way).
#[test]
fn every_finding_is_worded_from_known_templates() {
    use callflow_check::Arg;
    use callflow_check::message::template;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    fn known_phrases(arg: &Arg) {
        match arg {
            Arg::Phrase(id) => assert!(template(id).is_some(), "phrase {id} is not a template"),
            Arg::List(items) => items.iter().for_each(known_phrases),
            _ => {}
        }
    }
    fn type_of(arg: &Arg) -> String {
        let value = serde_json::to_value(arg).expect("an argument serialises");
        value.as_object().and_then(|o| o.keys().next().cloned()).unwrap_or_default()
    }

    let mut runner = TestRunner::deterministic();
    let strategy = (flow(), flow());
    let mut shapes: BTreeMap<String, Diagnostic> = BTreeMap::new();
    for _ in 0..500 {
        let (flow, mut module) = strategy.new_tree(&mut runner).expect("a flow").current();
        module.id = "post".into();
        let lib: BTreeMap<String, Flow> = [("post".to_string(), module)].into();
        for d in check(&flow, &lib).into_iter().chain(check(&flow, &callflow_check::NoFlows)) {
            let w = d.wording.clone().unwrap_or_else(|| panic!("{} has no wording: {}", d.code, d.message));
            for id in [&w.message, &w.hint] {
                assert!(template(id).is_some(), "{}: template {id} is not declared", d.code);
            }
            w.args.values().for_each(known_phrases);
            let args: Vec<String> =
                w.args.iter().map(|(name, arg)| format!("{name}:{}", type_of(arg))).collect();
            shapes.entry(format!("{} {} {}", w.message, w.hint, args.join(","))).or_insert(d);
        }
    }
    assert!(shapes.len() > 40, "only {} shapes of findings", shapes.len());
    if let Some(path) = std::env::var_os("WORDING_SAMPLES") {
        let samples: Vec<&Diagnostic> = shapes.values().collect();
        let json = serde_json::to_string_pretty(&samples).expect("findings serialise");
        std::fs::write(&path, json + "\n").expect("the samples file is writable");
    }
}
