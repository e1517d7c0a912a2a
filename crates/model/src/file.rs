//! The `*.callflow.json` file: reading (with migration of older versions), and the
//! deterministic writer.
//!
//! Invariants:
//! - Reading never panics. Every failure is a [`ReadError`] that names the file, the JSON path,
//!   the line and column where known, and what was expected.
//! - Writing is canonical: keys sorted, 2-space indent, one trailing newline. Reading a file the
//!   writer produced and writing it again gives the same bytes.
//! - A file from an older format version is migrated on read; one from a newer version is refused
//!   with a message saying so, never half-read.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

use crate::breakpoints::SavedBreakpoint;
use crate::document::{Component, ComponentId, Flow};
use crate::layout::{Layout, Position};
use crate::scenario::{CampaignRecord, Environment, TestCall};

/// The value of the `format` field of every flow file.
pub const FORMAT_TAG: &str = "callflow";
/// The format version this build writes. Older versions are migrated on read.
pub const FORMAT_VERSION: u32 = 1;
/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The usual file name ending.
pub const FILE_EXTENSION: &str = ".callflow.json";

/// A flow file: the flow, its layout, and optionally its environment and saved test calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct FlowFile {
    /// Always `"callflow"`.
    pub format: String,
    /// Format version; see `docs/file-format.md` for the migration policy.
    pub version: u32,
    /// The flow; its component ids must be unique (a plain JSON object would merge them).
    #[serde(deserialize_with = "flow_with_unique_ids")]
    pub flow: Flow,
    #[serde(default, skip_serializing_if = "Layout::is_empty")]
    #[ts(optional, as = "Option<Layout>")]
    pub layout: Layout,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub environment: Option<Environment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<TestCall>>")]
    pub tests: Vec<TestCall>,
    /// The debugger's breakpoints (test data, like `tests`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<SavedBreakpoint>>")]
    pub breakpoints: Vec<SavedBreakpoint>,
    /// Records of the outbound dialer campaign view (test data, like `tests`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<CampaignRecord>>")]
    pub campaign: Vec<CampaignRecord>,
}

/// Where a new flow's entry component is placed (the top left of its box).
pub const STARTER_ENTRY_POSITION: Position = Position { x: 80.0, y: 200.0 };

impl FlowFile {
    /// A file holding `flow` and nothing else.
    pub fn new(flow: Flow) -> FlowFile {
        FlowFile {
            format: FORMAT_TAG.into(),
            version: FORMAT_VERSION,
            flow,
            layout: Layout::default(),
            environment: None,
            tests: Vec::new(),
            breakpoints: Vec::new(),
            campaign: Vec::new(),
        }
    }

    /// A new flow as a designer starts it: `flow` with its entry component already placed, so
    /// the canvas shows it at once (with no position the app would lay the flow out first, and
    /// the view would move under the designer's first drop).
    pub fn starter(flow: Flow) -> FlowFile {
        let mut file = FlowFile::new(flow);
        file.layout.components.insert(file.flow.entry.clone(), STARTER_ENTRY_POSITION);
        file
    }

    /// The canonical text of this file.
    pub fn to_json(&self) -> String {
        // Keys sorted as a `serde_json::Value` would sort them, written without building one.
        // About 600 bytes per component in practice; reserving more only reserves address space.
        let guess = 4096 + 1024 * (self.flow.components.len() + self.layout.components.len());
        let mut text = crate::canonical::to_string_sorted_with_capacity(self, guess)
            .expect("a flow file always serializes");
        text.push('\n');
        text
    }

    /// The canonical text computed the slow, obviously right way: through a `serde_json::Value`
    /// (whose objects keep keys sorted). For tests that check [`FlowFile::to_json`] against it.
    #[doc(hidden)]
    pub fn to_json_via_value(&self) -> String {
        let value = serde_json::to_value(self).expect("a flow file always serializes");
        let mut text = serde_json::to_string_pretty(&value).expect("a JSON value always prints");
        text.push('\n');
        text
    }
}

/// Where in the text an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct TextPosition {
    pub line: usize,
    pub column: usize,
}

/// What kind of failure a [`ReadError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReadErrorKind {
    Io,
    TooLarge,
    NotUtf8,
    /// Not JSON, or nested too deep.
    Syntax,
    /// JSON, but not a flow file (missing or wrong `format`).
    NotAFlowFile,
    /// Written by a newer build.
    NewerVersion,
    /// A field of the wrong type, an unknown kind or field, a duplicate id...
    Shape,
    Migration,
}

/// Why a file could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
pub struct ReadError {
    /// The file as the user named it.
    pub file: String,
    pub kind: ReadErrorKind,
    /// JSON path of the offending value, e.g. `flow.components.menu.kind`.
    pub json_path: Option<String>,
    pub position: Option<TextPosition>,
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(pos) = self.position {
            write!(f, ":{}:{}", pos.line, pos.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(path) = &self.json_path {
            write!(f, " (at `{path}`)")?;
        }
        Ok(())
    }
}

impl ReadError {
    fn new(file: &str, kind: ReadErrorKind, message: impl Into<String>) -> ReadError {
        ReadError { file: file.into(), kind, json_path: None, position: None, message: message.into() }
    }

    fn from_json(
        file: &str,
        kind: ReadErrorKind,
        path: Option<String>,
        err: &serde_json::Error,
    ) -> ReadError {
        let position = (err.line() > 0).then(|| TextPosition { line: err.line(), column: err.column() });
        // serde_json appends " at line L column C"; the position is reported on its own.
        let mut message = err.to_string();
        if let Some(cut) = message.rfind(" at line ") {
            message.truncate(cut);
        }
        let kind = if err.is_syntax() || err.is_eof() { ReadErrorKind::Syntax } else { kind };
        ReadError { file: file.into(), kind, json_path: path.filter(|p| p != "."), position, message }
    }
}

/// Reads the flow file at `path`, refusing files over [`MAX_FILE_BYTES`] without reading them.
pub fn read_path(path: &Path) -> Result<FlowFile, ReadError> {
    let name = path.display().to_string();
    let io = |err: std::io::Error| {
        ReadError::new(&name, ReadErrorKind::Io, format!("cannot read the file: {err}"))
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    check_size(&name, size)?;
    let bytes = std::fs::read(path).map_err(io)?;
    read_bytes(&name, &bytes)
}

fn check_size(name: &str, size: u64) -> Result<(), ReadError> {
    if size > MAX_FILE_BYTES {
        return Err(ReadError::new(
            name,
            ReadErrorKind::TooLarge,
            format!(
                "the file is {:.1} MiB; flow files are limited to {} MiB (a 10,000-component flow is about 5 MiB)",
                size as f64 / 1024.0 / 1024.0,
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    Ok(())
}

/// Reads a flow file from `bytes`; `name` is used in error messages.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<FlowFile, ReadError> {
    check_size(name, bytes.len() as u64)?;
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let valid = &bytes[..err.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        ReadError {
            position: Some(TextPosition { line, column }),
            ..ReadError::new(name, ReadErrorKind::NotUtf8, "the file is not valid UTF-8 text")
        }
    })?;
    read_str(name, text)
}

/// Only the fields that say what the file is; everything else is skipped unparsed.
#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// Reads a flow file from `text`; `name` is used in error messages.
pub fn read_str(name: &str, text: &str) -> Result<FlowFile, ReadError> {
    // Fast path: a current-version file that reads cleanly is read in one pass. Anything else
    // (another version, not a flow file, an error to locate) takes the careful path below.
    if let Ok(file) = serde_json::from_str::<FlowFile>(text)
        && file.format == FORMAT_TAG
        && file.version == FORMAT_VERSION
    {
        return Ok(file);
    }
    let header: Header = {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|err| {
            let path = err.path().to_string();
            ReadError::from_json(name, ReadErrorKind::NotAFlowFile, Some(path), err.inner())
        })?
    };
    if header.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT_TAG) {
        return Err(ReadError {
            json_path: Some("format".into()),
            ..ReadError::new(
                name,
                ReadErrorKind::NotAFlowFile,
                format!(
                    "not a Callflow Studio flow file: expected `\"format\": \"{FORMAT_TAG}\"` at the top level"
                ),
            )
        });
    }
    let version = match header.version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) => v,
        None => {
            return Err(ReadError {
                json_path: Some("version".into()),
                ..ReadError::new(
                    name,
                    ReadErrorKind::Shape,
                    "`version` must be a whole number, e.g. `\"version\": 1`",
                )
            });
        }
    };
    if version > u64::from(FORMAT_VERSION) {
        return Err(ReadError {
            json_path: Some("version".into()),
            ..ReadError::new(
                name,
                ReadErrorKind::NewerVersion,
                format!(
                    "the file has format version {version}, written by a newer Callflow Studio; this build reads versions up to {FORMAT_VERSION}. Update Callflow Studio to open it"
                ),
            )
        });
    }
    if version == u64::from(FORMAT_VERSION) {
        // The one-pass read above failed: read again with path tracking to say where.
        let de = &mut serde_json::Deserializer::from_str(text);
        return serde_path_to_error::deserialize(de).map_err(|err| {
            let path = err.path().to_string();
            ReadError::from_json(name, ReadErrorKind::Shape, Some(path), err.inner())
        });
    }
    // An older version: migrate the JSON tree step by step, then read it. Positions refer to the
    // original text, which no longer matches, so errors after migration carry only the path.
    let mut value: serde_json::Value = serde_json::from_str(text)
        .map_err(|err| ReadError::from_json(name, ReadErrorKind::Syntax, None, &err))?;
    for from in version..u64::from(FORMAT_VERSION) {
        migrate(from, &mut value).map_err(|message| {
            ReadError::new(
                name,
                ReadErrorKind::Migration,
                format!("cannot migrate from version {from}: {message}"),
            )
        })?;
    }
    serde_path_to_error::deserialize(&value).map_err(|err| {
        let path = err.path().to_string();
        let mut error = ReadError::from_json(name, ReadErrorKind::Shape, Some(path), err.inner());
        error.message = format!("{} (after migrating from version {version})", error.message);
        error
    })
}

/// Upgrades a version-`from` tree to version `from + 1` in place.
fn migrate(from: u64, value: &mut serde_json::Value) -> Result<(), String> {
    match from {
        0 => migrate_v0_to_v1(value),
        _ => Err(format!("no migration is known from version {from}")),
    }
}

/// Version 0 was the draft format of the domain specification: `flow.steps` as an array of
/// steps with their own `id`, camelCase fields, `type` values `incoming_call`/`outbound_dialer`.
/// Version 1 keys components by id (so ids cannot collide), uses snake_case throughout and names
/// the entry explicitly.
fn migrate_v0_to_v1(value: &mut serde_json::Value) -> Result<(), String> {
    use serde_json::{Map, Value};
    let root = value.as_object_mut().ok_or("the file is not a JSON object")?;
    root.insert("version".into(), Value::from(1));
    let flow = root.get_mut("flow").and_then(Value::as_object_mut).ok_or("`flow` must be an object")?;
    flow.remove("version");
    flow.remove("status");
    if let Some(Value::String(t)) = flow.get_mut("type") {
        *t = match t.as_str() {
            "incoming_call" | "outgoing_call" | "api_request" => "inbound",
            other => other,
        }
        .to_string();
    }
    let steps = match flow.remove("steps") {
        Some(Value::Array(steps)) => steps,
        Some(_) => return Err("`flow.steps` must be an array".into()),
        None => Vec::new(),
    };
    let mut components = Map::new();
    let mut entry = None;
    for (index, step) in steps.into_iter().enumerate() {
        let Value::Object(mut step) = step else {
            return Err(format!("`flow.steps[{index}]` must be an object"));
        };
        let id = match step.remove("id") {
            Some(Value::String(id)) => id,
            _ => return Err(format!("`flow.steps[{index}].id` must be a string")),
        };
        if components.contains_key(&id) {
            return Err(format!("`flow.steps[{index}]`: duplicate step id `{id}`"));
        }
        for (old, new) in [("errorHandling", "error_handling"), ("alternativeKeys", "alternative_keys")] {
            if let Some(v) = step.remove(old) {
                step.insert(new.into(), v);
            }
        }
        if entry.is_none()
            && matches!(step.get("kind").and_then(Value::as_str), Some("start" | "begin_module"))
        {
            entry = Some(id.clone());
        }
        components.insert(id, Value::Object(step));
    }
    if !flow.contains_key("entry") {
        flow.insert("entry".into(), Value::from(entry.unwrap_or_default()));
    }
    flow.insert("components".into(), Value::Object(components));
    Ok(())
}

/// Deserializes a [`Flow`], failing on a component id that appears twice.
fn flow_with_unique_ids<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Flow, D::Error> {
    #[derive(Deserialize)]
    #[serde(remote = "Flow", deny_unknown_fields)]
    struct FlowDef {
        id: String,
        name: String,
        #[serde(rename = "type")]
        flow_type: crate::document::FlowType,
        entry: ComponentId,
        #[serde(default)]
        variables: Vec<crate::document::Variable>,
        #[serde(deserialize_with = "unique_components")]
        components: BTreeMap<ComponentId, Component>,
        #[serde(default)]
        notes: Vec<crate::document::Note>,
    }
    FlowDef::deserialize(deserializer)
}

fn unique_components<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<ComponentId, Component>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = BTreeMap<ComponentId, Component>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of components keyed by id")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            // A canonical file lists ids in ascending order: collect them in a list, comparing
            // each id with the previous one only, and build the map in one go at the end
            // (inserting searches the tree from its root, ~20 string comparisons per id on a
            // 10,000-component flow). The first id out of order switches to inserting.
            let mut in_order: Vec<(ComponentId, Component)> =
                Vec::with_capacity(map.size_hint().unwrap_or(0));
            loop {
                let Some(id) = map.next_key::<ComponentId>()? else {
                    return Ok(BTreeMap::from_iter(in_order));
                };
                match in_order.last().map(|(last, _)| id.as_str().cmp(last.as_str())) {
                    None | Some(std::cmp::Ordering::Greater) => {
                        let component = map.next_value::<Component>()?;
                        in_order.push((id, component));
                    }
                    Some(std::cmp::Ordering::Equal) => return Err(used_twice(&id)),
                    Some(std::cmp::Ordering::Less) => {
                        let mut components = BTreeMap::from_iter(in_order);
                        insert_unique(&mut components, id, &mut map)?;
                        return insert_rest(components, map);
                    }
                }
            }
        }
    }

    fn used_twice<E: serde::de::Error>(id: &str) -> E {
        E::custom(format!("component id `{id}` is used twice; ids must be unique within a flow"))
    }

    fn insert_unique<'de, A: serde::de::MapAccess<'de>>(
        components: &mut BTreeMap<ComponentId, Component>,
        id: ComponentId,
        map: &mut A,
    ) -> Result<(), A::Error> {
        // One search of the map per id (the entry), not a lookup and then an insert.
        match components.entry(id) {
            std::collections::btree_map::Entry::Occupied(taken) => Err(used_twice(taken.key())),
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(map.next_value::<Component>()?);
                Ok(())
            }
        }
    }

    fn insert_rest<'de, A: serde::de::MapAccess<'de>>(
        mut components: BTreeMap<ComponentId, Component>,
        mut map: A,
    ) -> Result<BTreeMap<ComponentId, Component>, A::Error> {
        while let Some(id) = map.next_key::<ComponentId>()? {
            insert_unique(&mut components, id, &mut map)?;
        }
        Ok(components)
    }

    deserializer.deserialize_map(Visitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ComponentKind;
    use crate::document::FlowType;

    fn sample() -> FlowFile {
        let mut flow = Flow::new("f1", "Sample", FlowType::Inbound);
        flow.components.insert("bye".into(), Component::new(ComponentKind::HangUp, "Bye"));
        flow.components.get_mut("start").unwrap().exits.insert("next".into(), Some("bye".into()));
        FlowFile::new(flow)
    }

    #[test]
    fn written_file_reads_back_identically_and_rewrites_byte_for_byte() {
        let text = sample().to_json();
        let read = read_str("s.callflow.json", &text).unwrap();
        assert_eq!(read, sample());
        assert_eq!(read.to_json(), text);
        assert!(text.ends_with("}\n"));
        assert!(text.starts_with("{\n  \"flow\""), "keys are sorted: {text}");
    }

    #[test]
    fn campaign_records_round_trip_and_files_without_them_do_not_change() {
        assert!(!sample().to_json().contains("campaign"));
        let mut with = sample();
        with.campaign = vec![CampaignRecord {
            id: "r1".into(),
            phone: "+420601000001".into(),
            start_minute: 5,
            agent: vec![false],
            customer: vec![],
            keys: [("expected_otp".to_string(), serde_json::json!("123456"))].into(),
            inputs: [("otp".to_string(), vec!["000000".to_string(), "hangup".to_string()])].into(),
        }];
        let text = with.to_json();
        let read = read_str("c.callflow.json", &text).unwrap();
        assert_eq!(read, with);
        assert_eq!(read.to_json(), text);
        // Written by hand: only the id is needed.
        let mut v: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
        v["campaign"] = serde_json::json!([{"id": "r2"}]);
        let read = read_str("d.callflow.json", &v.to_string()).unwrap();
        assert_eq!(read.campaign, [CampaignRecord { id: "r2".into(), ..CampaignRecord::default() }]);
    }

    #[test]
    fn breakpoints_round_trip_and_files_without_them_do_not_change() {
        let plain = sample().to_json();
        assert!(!plain.contains("breakpoints"));
        let mut with = sample();
        with.breakpoints = vec![
            SavedBreakpoint {
                component: "bye".into(),
                exit: None,
                condition: Some("x > 1".into()),
                disabled: false,
            },
            SavedBreakpoint {
                component: "start".into(),
                exit: Some("next".into()),
                condition: None,
                disabled: true,
            },
        ];
        let text = with.to_json();
        let read = read_str("b.callflow.json", &text).unwrap();
        assert_eq!(read, with);
        assert_eq!(read.to_json(), text);
        assert!(text.contains("\"disabled\": true"), "{text}");
        let err = read_str("b.callflow.json", &text.replace("\"condition\"", "\"when\"")).unwrap_err();
        assert!(err.to_string().contains("when"), "{err}");
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let err = read_str("bad.json", "{\n  \"format\": \"callflow\",\n  \"version\": 1,,\n}").unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Syntax);
        assert_eq!(err.position, Some(TextPosition { line: 3, column: 16 }));
        assert!(err.to_string().starts_with("bad.json:3:16: "), "{err}");
    }

    #[test]
    fn unknown_kind_names_the_json_path() {
        let text = sample().to_json().replace("\"hang_up\"", "\"teleport\"");
        let err = read_str("k.json", &text).unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Shape);
        assert_eq!(err.json_path.as_deref(), Some("flow.components.bye.kind"));
        assert!(err.message.contains("unknown variant `teleport`"), "{}", err.message);
        assert!(err.position.is_some());
    }

    #[test]
    fn duplicate_component_ids_are_refused() {
        let text = r#"{"format":"callflow","version":1,"flow":{"id":"f","name":"n","type":"inbound","entry":"a",
            "components":{"a":{"kind":"end_flow","name":"A"},"a":{"kind":"end_flow","name":"B"}}}}"#;
        let err = read_str("d.json", text).unwrap_err();
        assert!(err.message.contains("component id `a` is used twice"), "{err}");
        assert_eq!(err.json_path.as_deref(), Some("flow.components"));
    }

    /// Ids in ascending order are collected and the map built at the end; the first id out of
    /// order switches to inserting. Both ways give the same map and refuse the same duplicates.
    #[test]
    fn component_ids_in_any_order_read_the_same_and_duplicates_are_refused() {
        let file = |ids: &[&str]| {
            let components: Vec<String> =
                ids.iter().map(|id| format!(r#""{id}":{{"kind":"end_flow","name":"N{id}"}}"#)).collect();
            format!(
                r#"{{"format":"callflow","version":1,"flow":{{"id":"f","name":"n","type":"inbound","entry":"a","components":{{{}}}}}}}"#,
                components.join(",")
            )
        };
        let sorted = read_str("s.json", &file(&["a", "b", "c", "d"])).unwrap();
        for ids in [["d", "c", "b", "a"], ["a", "c", "b", "d"], ["b", "a", "d", "c"]] {
            assert_eq!(read_str("u.json", &file(&ids)).unwrap(), sorted, "{ids:?}");
        }
        assert_eq!(sorted.flow.components.keys().collect::<Vec<_>>(), ["a", "b", "c", "d"]);
        for ids in [&["a", "b", "a"][..], &["b", "a", "b"], &["c", "a", "b", "a"], &["a", "b", "b"]] {
            let err = read_str("d.json", &file(ids)).unwrap_err();
            assert!(err.message.contains("is used twice"), "{ids:?}: {err}");
            assert_eq!(err.json_path.as_deref(), Some("flow.components"), "{ids:?}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = read_str("deep.json", &text).unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Syntax);
        assert!(err.message.contains("recursion limit"), "{err}");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let mut bytes = b"{\n  \"format\": \"call".to_vec();
        bytes.push(0xff);
        let err = read_bytes("u.json", &bytes).unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::NotUtf8);
        assert_eq!(err.position, Some(TextPosition { line: 2, column: 18 }));
    }

    #[test]
    fn newer_versions_and_foreign_files_are_refused_clearly() {
        let err = read_str("n.json", r#"{"format":"callflow","version":9,"flow":{}}"#).unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::NewerVersion);
        let err = read_str("p.json", r#"{"name":"package"}"#).unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::NotAFlowFile);
    }

    #[test]
    fn version_0_is_migrated() {
        let v0 = r#"{"format":"callflow","version":0,"flow":{"id":"f","name":"Old","type":"incoming_call",
            "version":3,"status":"draft","steps":[
              {"id":"s","kind":"start","name":"Start","exits":{"next":"q"}},
              {"id":"q","kind":"hang_up","name":"Bye","errorHandling":{"mode":"default"}}]}}"#;
        let file = read_str("v0.json", v0).unwrap();
        assert_eq!(file.version, FORMAT_VERSION);
        assert_eq!(file.flow.entry, "s");
        assert_eq!(file.flow.flow_type, FlowType::Inbound);
        assert_eq!(file.flow.component("s").unwrap().target("next").map(String::as_str), Some("q"));
    }
}
