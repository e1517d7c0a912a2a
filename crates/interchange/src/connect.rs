//! The Amazon Connect flow language as serde types, and the reader that finds the flow in the
//! JSON it is usually shipped in.
//!
//! Only what the import and export read or write is typed; everything else an action carries is
//! kept as JSON (`Parameters`, unknown `Metadata` fields), so reading never fails on a parameter
//! this crate does not know.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The only flow language version Amazon Connect defines.
pub const CONNECT_VERSION: &str = "2019-10-30";

/// One Connect flow (the value of a contact flow's `Content`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConnectFlow {
    pub version: String,
    pub start_action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    pub actions: Vec<Action>,
}

/// Designer data: block positions and whatever else the Connect editor stores.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    #[serde(rename = "entryPointPosition", default, skip_serializing_if = "Option::is_none")]
    pub entry_point_position: Option<Point>,
    #[serde(rename = "ActionMetadata", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub action_metadata: BTreeMap<String, ActionMetadata>,
    /// `name`, `description`, `type`, `status`, `Annotations`, ... kept as found.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActionMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Point>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// One block of the flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Action {
    pub identifier: String,
    #[serde(rename = "Type")]
    pub action_type: String,
    #[serde(default)]
    pub parameters: Map<String, Value>,
    #[serde(default)]
    pub transitions: Transitions,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Transitions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_action: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorTransition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionTransition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ErrorTransition {
    pub next_action: String,
    pub error_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConditionTransition {
    pub next_action: String,
    pub condition: Condition,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Condition {
    pub operator: String,
    #[serde(default)]
    pub operands: Vec<Value>,
}

impl Action {
    /// A parameter as text: Connect writes numbers and booleans as strings ("5", "True"), but
    /// hand-written flows use JSON numbers too.
    pub fn text(&self, name: &str) -> Option<String> {
        value_text(self.parameters.get(name)?)
    }

    /// The target of the first error transition of `error_type`.
    pub fn error_target(&self, error_type: &str) -> Option<&str> {
        self.transitions.errors.iter().find(|e| e.error_type == error_type).map(|e| e.next_action.as_str())
    }
}

/// A scalar JSON value as text (`null`, arrays and objects have none).
pub fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "True".into() } else { "False".into() }),
        _ => None,
    }
}

/// Why a text is not a Connect flow that can be read: data the app words in the user's language
/// (`Display` is the English the command line prints). `message` fields are serde_json's own.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InterchangeError {
    /// Not JSON (`in_content`: the JSON inside a `Content` string is not).
    #[error(
        "not JSON{}: {message} (line {line}, column {column})",
        if *in_content { " in `Content`" } else { "" }
    )]
    Syntax { message: String, line: u32, column: u32, in_content: bool },
    #[error("not an Amazon Connect flow: the top level is not a JSON object")]
    NotAnObject,
    #[error(
        "not an Amazon Connect flow: expected `Version`, `StartAction` and `Actions`, or a `Content` holding them"
    )]
    NoFlow,
    #[error("unsupported Amazon Connect flow language version `{found}` (only {CONNECT_VERSION} is defined)")]
    Version { found: String },
    /// A part of the flow has the wrong shape; `path` names it (`Actions[3] (`menu`)`, `(flow)`).
    #[error("the Amazon Connect flow does not fit the flow language at `{path}`: {message}")]
    Shape { path: String, message: String },
    #[error("two actions share the identifier `{id}`")]
    DuplicateIdentifier { id: String },
    #[error("StartAction `{id}` names no action of the flow")]
    UnknownStart { id: String },
}

/// A Connect flow and the name/description found around it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub flow: ConnectFlow,
    pub name: Option<String>,
    pub description: Option<String>,
}

/// Reads a Connect flow from `text`: the flow itself, or an object holding it as a JSON string
/// in `Content` (CI exports, `describe-contact-flow`'s `ContactFlow.Content`).
pub fn parse_connect(text: &str) -> Result<Found, InterchangeError> {
    let value: Value = serde_json::from_str(text).map_err(|e| syntax(&e, false))?;
    find_flow(value, 0)
}

fn syntax(e: &serde_json::Error, in_content: bool) -> InterchangeError {
    InterchangeError::Syntax {
        message: e.to_string(),
        line: e.line().try_into().unwrap_or(u32::MAX),
        column: e.column().try_into().unwrap_or(u32::MAX),
        in_content,
    }
}

fn find_flow(value: Value, depth: usize) -> Result<Found, InterchangeError> {
    let Value::Object(object) = value else {
        return Err(InterchangeError::NotAnObject);
    };
    if object.contains_key("Actions") || object.contains_key("StartAction") {
        return read_flow(Value::Object(object));
    }
    let name = object.get("Name").and_then(Value::as_str).map(str::to_owned);
    let description = object.get("Description").and_then(Value::as_str).map(str::to_owned);
    if depth == 0
        && let Some(inner @ Value::Object(_)) =
            object.get("ContactFlow").or_else(|| object.get("ContactFlowModule"))
    {
        return find_flow(inner.clone(), depth + 1);
    }
    match object.get("Content") {
        Some(Value::String(content)) => {
            let inner: Value = serde_json::from_str(content).map_err(|e| syntax(&e, true))?;
            let mut found = read_flow(inner)?;
            found.name = name;
            found.description = description;
            Ok(found)
        }
        Some(inner @ Value::Object(_)) => {
            let mut found = read_flow(inner.clone())?;
            found.name = name;
            found.description = description;
            Ok(found)
        }
        _ => Err(InterchangeError::NoFlow),
    }
}

fn read_flow(value: Value) -> Result<Found, InterchangeError> {
    if let Some(version) = value.get("Version") {
        let version = version.as_str().unwrap_or_default();
        if version != CONNECT_VERSION {
            return Err(InterchangeError::Version { found: version.to_owned() });
        }
    }
    let flow: ConnectFlow = serde_path_free(value)?;
    let mut seen = std::collections::BTreeSet::new();
    for action in &flow.actions {
        if !seen.insert(action.identifier.as_str()) {
            return Err(InterchangeError::DuplicateIdentifier { id: action.identifier.clone() });
        }
    }
    if !seen.contains(flow.start_action.as_str()) {
        return Err(InterchangeError::UnknownStart { id: flow.start_action.clone() });
    }
    let name =
        flow.metadata.as_ref().and_then(|m| m.other.get("name")).and_then(Value::as_str).map(str::to_owned);
    let description = flow
        .metadata
        .as_ref()
        .and_then(|m| m.other.get("description"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(Found { flow, name, description })
}

/// Deserializes, naming the first action whose shape is wrong.
fn serde_path_free(value: Value) -> Result<ConnectFlow, InterchangeError> {
    if let Some(actions) = value.get("Actions").and_then(Value::as_array) {
        for (i, action) in actions.iter().enumerate() {
            if let Err(e) = Action::deserialize(action) {
                let id = action.get("Identifier").and_then(Value::as_str).unwrap_or("?");
                return Err(InterchangeError::Shape {
                    path: format!("Actions[{i}] (`{id}`)"),
                    message: e.to_string(),
                });
            }
        }
    }
    ConnectFlow::deserialize(&value)
        .map_err(|e| InterchangeError::Shape { path: "(flow)".into(), message: e.to_string() })
}
