//! Helpers shared by the store's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use callflow_model::{Component, ComponentKind, Flow, FlowFile, FlowType, Position};
use callflow_store::Library;
use serde_json::json;

/// A temporary folder and a library file inside it.
pub struct TempLib {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempLib {
    pub fn new() -> TempLib {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite3");
        TempLib { dir, path }
    }

    pub fn open(&self) -> Library {
        Library::open(&self.path).unwrap()
    }
}

/// A small valid inbound flow: start -> greeting -> forward to an external number (-> hang up
/// when nobody answers).
pub fn small_flow(id: &str, name: &str) -> FlowFile {
    let mut flow = Flow::new(id, name, FlowType::Inbound);
    let mut hello = Component::new(ComponentKind::PlayMessage, "Greeting");
    hello.config = json!({"prompt": {"type": "tts", "text": "Thank you for calling"}});
    hello.exits.insert("next".into(), Some("fwd".into()));
    flow.components.insert("hello".into(), hello);
    let mut fwd = Component::new(ComponentKind::ForwardExternal, "Forward");
    fwd.config = json!({"phone_number": {"literal": "+420222333444"}, "caller_id": {"type": "original"}});
    for exit in ["no_answer", "busy", "failed"] {
        fwd.exits.insert(exit.into(), Some("end".into()));
    }
    flow.components.insert("fwd".into(), fwd);
    flow.components.insert("end".into(), Component::new(ComponentKind::HangUp, "Hang up"));
    flow.components.get_mut("start").unwrap().exits.insert("next".into(), Some("hello".into()));
    let mut file = FlowFile::new(flow);
    file.layout.components.insert("start".into(), Position { x: 0.0, y: 0.0 });
    file.layout.components.insert("hello".into(), Position { x: 200.0, y: 0.0 });
    file
}

/// A flow with a certain validation error: the start's exit leads to a component that does not
/// exist.
pub fn broken_flow(id: &str) -> FlowFile {
    let mut file = small_flow(id, "Broken");
    file.flow
        .components
        .get_mut("start")
        .unwrap()
        .exits
        .insert("next".into(), Some("no-such-component".into()));
    file
}

/// A big realistic flow with the given id.
pub fn big_flow(id: &str, components: usize) -> FlowFile {
    let mut file = callflow_model::synth::realistic_file(components);
    file.flow.id = id.into();
    file.flow.name = format!("Big {id}");
    file
}

pub fn sha256_file(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

/// The file holding a library written by schema 1 (before the part index), committed so that
/// the upgrade is tested on a file the previous build really wrote. It holds flow `ivr` with
/// versions 1 and 2 and an unsaved draft (see [`schema_v1_documents`]), and the sample flows of
/// `flows/` imported as one version each.
pub fn schema_v1_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library-schema-v1.sqlite3")
}

/// The documents of flow `ivr` in [`schema_v1_fixture`]: version 1, version 2 (renamed, moved,
/// removed and added components, a new variable) and the unsaved draft (one more rename).
pub fn schema_v1_documents() -> [FlowFile; 3] {
    let mut v1 = big_flow("ivr", 300);
    // The layout `realistic_file` gave when the fixture was written: a grid in id order.
    for (i, position) in v1.layout.components.values_mut().enumerate() {
        *position = callflow_model::synth::grid_position(i);
    }
    let mut v2 = v1.clone();
    let ids: Vec<String> = v2.flow.components.keys().cloned().collect();
    for (n, id) in ids.iter().enumerate() {
        if n % 30 == 7 {
            v2.flow.components.get_mut(id).unwrap().name.push_str(" (edited)");
        }
        if n % 45 == 11 {
            v2.layout.components.get_mut(id).unwrap().x += 40.0;
        }
    }
    v2.flow.components.insert("zz_added".into(), Component::new(ComponentKind::HangUp, "Added"));
    v2.flow.variables.push(callflow_model::Variable {
        name: "lang".into(),
        var_type: callflow_model::VariableType::String,
        default: None,
        description: "caller language".into(),
    });
    let mut draft = v2.clone();
    draft.flow.components.get_mut(&ids[100]).unwrap().name = "Changed in the draft".into();
    [v1, v2, draft]
}
