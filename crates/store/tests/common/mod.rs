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
