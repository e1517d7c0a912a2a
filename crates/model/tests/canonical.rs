//! The direct sorted writer (`callflow_model::canonical`) against the obvious one (sort through a
//! `serde_json::Value`): byte-identical output on every sample flow, on synthetic flows, and on
//! serde shapes the model does not use today but might (enum variants of every form, escapes,
//! floats, empty containers, unsorted struct fields at several depths).

use std::collections::BTreeMap;
use std::path::Path;

use callflow_model::canonical::to_string_sorted;
use callflow_model::{FlowFile, read_path};
use serde::Serialize;

fn via_value<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(&serde_json::to_value(value).unwrap()).unwrap()
}

#[test]
fn every_sample_flow_writes_the_same_bytes_as_through_a_value() {
    let flows = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows");
    let mut seen = 0;
    for entry in std::fs::read_dir(&flows).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".callflow.json") {
            continue;
        }
        let file = read_path(&path).unwrap();
        assert_eq!(file.to_json(), file.to_json_via_value(), "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 5, "expected the sample flows in {}", flows.display());
}

#[test]
fn synthetic_flows_write_the_same_bytes_as_through_a_value() {
    for n in [0, 10, 1_000] {
        let file: FlowFile = callflow_model::synth::realistic_file(n);
        assert_eq!(file.to_json(), file.to_json_via_value(), "{n} components");
    }
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Shape {
    Unit,
    Newtype(Inner),
    Tuple(u8, String),
    Struct { zeta: i64, alpha: Option<f64>, mid: Vec<Inner> },
}

#[derive(Serialize)]
struct Inner {
    z: String,
    a: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<u8>,
    m: BTreeMap<String, Vec<u32>>,
    keys: BTreeMap<u32, bool>,
    empty_list: Vec<u8>,
    empty_map: BTreeMap<String, u8>,
    c: char,
    unit: (),
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Tagged {
    Second { y: u8, b: u8 },
}

#[derive(Serialize)]
struct Outer {
    shapes: Vec<Shape>,
    tagged: Tagged,
    text: String,
    big: u64,
    negative: i128,
    nan: f64,
    bytes: serde_bytes_like::Bytes,
    /// Arrives in no particular order and is too large to sort in place.
    many: std::collections::HashMap<String, Inner>,
}

/// `serialize_bytes` without another dependency.
mod serde_bytes_like {
    pub struct Bytes(pub Vec<u8>);
    impl serde::Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(&self.0)
        }
    }
}

fn inner(z: &str) -> Inner {
    Inner {
        z: z.into(),
        a: 0.1,
        skipped: None,
        m: [("b", vec![1, 2]), ("a", vec![]), ("a\"quoted", vec![3]), ("\\", vec![]), ("a\n", vec![])]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        keys: [(10, true), (9, false), (100, true)].into_iter().collect(),
        empty_list: vec![],
        empty_map: BTreeMap::new(),
        c: '\u{e9}',
        unit: (),
    }
}

#[test]
fn every_serde_shape_writes_the_same_bytes_as_through_a_value() {
    let value = Outer {
        shapes: vec![
            Shape::Unit,
            Shape::Newtype(inner("quote \" backslash \\ newline \n tab \t control \u{1} emoji \u{1F600}")),
            Shape::Tuple(7, "x".into()),
            Shape::Tuple(0, String::new()),
            Shape::Struct { zeta: -3, alpha: Some(1e300), mid: vec![inner("a"), inner("b")] },
            Shape::Struct { zeta: 0, alpha: None, mid: vec![] },
        ],
        tagged: Tagged::Second { y: 1, b: 2 },
        text: "\u{7f}\u{2028}".into(),
        big: u64::MAX,
        negative: -5,
        nan: f64::NAN,
        bytes: serde_bytes_like::Bytes(vec![0, 255]),
        many: (0..100).map(|n| (format!("k{n}"), inner(&n.to_string()))).collect(),
    };
    assert_eq!(to_string_sorted(&value).unwrap(), via_value(&value));
    // Scalars and empty containers at the top level.
    assert_eq!(to_string_sorted(&3.5f64).unwrap(), via_value(&3.5f64));
    assert_eq!(to_string_sorted(&Vec::<u8>::new()).unwrap(), via_value(&Vec::<u8>::new()));
    assert_eq!(to_string_sorted(&Shape::Unit).unwrap(), via_value(&Shape::Unit));
}

#[test]
fn map_keys_that_json_cannot_hold_are_errors_not_panics() {
    let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
    assert!(to_string_sorted(&map).is_err());
    assert!(serde_json::to_value(&map).is_err());
    assert!(to_string_sorted(&i128::MIN).is_err(), "as through a Value: out of 64-bit range");
}
