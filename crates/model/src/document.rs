//! The flow document: what a designer draws, independent of where it is drawn.
//!
//! A [`Flow`] is a set of [`Component`]s keyed by stable ids. Each component has a kind from the
//! [catalog](crate::catalog), a kind-specific `config` (kept as JSON here and read through typed
//! views in [`crate::config`]), named exits, optional alternative keys and an error-handling
//! choice. Positions on the canvas live in [`crate::layout`], never here, so that moving a box is
//! never a logic change.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::ComponentKind;

/// A component's stable id: unique within its flow, never reused for another component.
pub type ComponentId = String;

/// The name of an exit of a component (`next`, `no_answer`, `key_1`, a branch name, ...).
pub type ExitName = String;

/// One call flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Stable id of the flow (used by `run_module` and `queue_with_flow` to refer to it).
    pub id: String,
    /// Human name shown in the library.
    pub name: String,
    /// What starts the flow and which components it may use.
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub flow_type: FlowType,
    /// The component where execution starts: the flow's `start` (or `begin_module`) component.
    pub entry: ComponentId,
    /// Flow-scoped variables, declared with a type and an optional default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Variable>>")]
    pub variables: Vec<Variable>,
    /// The components, keyed by id. A map keeps ids unique by construction.
    pub components: BTreeMap<ComponentId, Component>,
    /// Free-text notes on the canvas (their placement is in the layout).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Note>>")]
    pub notes: Vec<Note>,
}

/// The type of a flow: it decides the start trigger and the system variables available.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, TS,
)]
#[serde(rename_all = "snake_case")]
pub enum FlowType {
    /// An inbound voice call (Talkdesk "Inbound voice").
    Inbound,
    /// An outbound dialer campaign flow, agent first (Phonon "Outbound Dialer").
    OutboundDialer,
    /// A module run by `run_module` from other flows (Talkdesk "Module").
    Module,
    /// A reusable flow run by `queue_with_flow` while the caller waits (CxEngage).
    ReusableQueueFlow,
}

impl FlowType {
    /// Every flow type, in display order.
    pub const ALL: [FlowType; 4] =
        [FlowType::Inbound, FlowType::OutboundDialer, FlowType::Module, FlowType::ReusableQueueFlow];

    /// Modules and reusable queue flows are invoked by another flow and return to it.
    pub fn is_subflow(self) -> bool {
        matches!(self, FlowType::Module | FlowType::ReusableQueueFlow)
    }
}

/// A component: one box on the canvas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// The kind, from the catalog.
    pub kind: ComponentKind,
    /// The designer's name for it; unique within the flow (checked, not enforced).
    pub name: String,
    /// Kind-specific settings. Fields left out take the catalog's defaults.
    #[serde(default = "empty_object", skip_serializing_if = "is_empty_object")]
    #[schemars(extend("default" = {}))]
    #[ts(optional, as = "Option<serde_json::Value>")]
    pub config: serde_json::Value,
    /// Named exits and where they go ("Send to"); `null` is an unconnected exit.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(optional, as = "Option<BTreeMap<ExitName, Option<ComponentId>>>")]
    pub exits: BTreeMap<ExitName, Option<ComponentId>>,
    /// Alternative exits bound to DTMF keys, on kinds that support them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(optional, as = "Option<BTreeMap<DtmfKey, ComponentId>>")]
    pub alternative_keys: BTreeMap<DtmfKey, ComponentId>,
    /// What happens when the component fails unexpectedly.
    #[serde(default, skip_serializing_if = "ErrorHandling::is_default")]
    #[ts(optional, as = "Option<ErrorHandling>")]
    pub error_handling: ErrorHandling,
}

fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(serde_json::Map::new())
}

fn is_empty_object(value: &serde_json::Value) -> bool {
    value.as_object().is_some_and(serde_json::Map::is_empty)
}

impl Component {
    /// A new component of `kind` with an empty config, no exits connected yet.
    pub fn new(kind: ComponentKind, name: impl Into<String>) -> Component {
        Component {
            kind,
            name: name.into(),
            config: empty_object(),
            exits: BTreeMap::new(),
            alternative_keys: BTreeMap::new(),
            error_handling: ErrorHandling::Default,
        }
    }

    /// Where exit `exit` leads, if it is connected.
    pub fn target(&self, exit: &str) -> Option<&ComponentId> {
        self.exits.get(exit).and_then(Option::as_ref)
    }

    /// Every component this one can hand control to: exits, alternative keys, custom error exit.
    pub fn targets(&self) -> impl Iterator<Item = &ComponentId> {
        let custom = match &self.error_handling {
            ErrorHandling::Custom { target } => Some(target),
            _ => None,
        };
        self.exits.values().flatten().chain(self.alternative_keys.values()).chain(custom)
    }
}

/// The twelve keys of a telephone keypad.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, TS,
)]
pub enum DtmfKey {
    #[serde(rename = "1")]
    One,
    #[serde(rename = "2")]
    Two,
    #[serde(rename = "3")]
    Three,
    #[serde(rename = "4")]
    Four,
    #[serde(rename = "5")]
    Five,
    #[serde(rename = "6")]
    Six,
    #[serde(rename = "7")]
    Seven,
    #[serde(rename = "8")]
    Eight,
    #[serde(rename = "9")]
    Nine,
    #[serde(rename = "*")]
    Star,
    #[serde(rename = "0")]
    Zero,
    #[serde(rename = "#")]
    Hash,
}

impl DtmfKey {
    /// All twelve keys in keypad order (1-9, *, 0, #).
    pub const ALL: [DtmfKey; 12] = [
        DtmfKey::One,
        DtmfKey::Two,
        DtmfKey::Three,
        DtmfKey::Four,
        DtmfKey::Five,
        DtmfKey::Six,
        DtmfKey::Seven,
        DtmfKey::Eight,
        DtmfKey::Nine,
        DtmfKey::Star,
        DtmfKey::Zero,
        DtmfKey::Hash,
    ];

    /// The character printed on the key.
    pub fn as_char(self) -> char {
        match self {
            DtmfKey::One => '1',
            DtmfKey::Two => '2',
            DtmfKey::Three => '3',
            DtmfKey::Four => '4',
            DtmfKey::Five => '5',
            DtmfKey::Six => '6',
            DtmfKey::Seven => '7',
            DtmfKey::Eight => '8',
            DtmfKey::Nine => '9',
            DtmfKey::Star => '*',
            DtmfKey::Zero => '0',
            DtmfKey::Hash => '#',
        }
    }

    /// The key printed as `c`, if `c` is on a keypad.
    pub fn from_char(c: char) -> Option<DtmfKey> {
        DtmfKey::ALL.into_iter().find(|key| key.as_char() == c)
    }
}

impl fmt::Display for DtmfKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.as_char())
    }
}

impl FromStr for DtmfKey {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut chars = s.chars();
        match (chars.next().and_then(DtmfKey::from_char), chars.next()) {
            (Some(key), None) => Ok(key),
            _ => Err(format!("`{s}` is not a keypad key (expected one of 0-9, * or #)")),
        }
    }
}

/// The error-handling section of a component (Talkdesk's four options).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum ErrorHandling {
    /// "Use default behavior": the catalog's default for the kind.
    #[default]
    Default,
    /// End the flow (and hang up a caller still connected).
    EndFlow,
    /// Route as if one of the component's own exits had been taken.
    FollowExit { exit: ExitName },
    /// Send to any other component.
    Custom { target: ComponentId },
}

impl ErrorHandling {
    pub fn is_default(&self) -> bool {
        matches!(self, ErrorHandling::Default)
    }
}

/// A declared flow variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    /// Identifier used in expressions (letters, digits, `_`; not starting with a digit).
    pub name: String,
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub var_type: VariableType,
    /// Initial value; `null` or absent means "unset".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub default: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(optional, as = "Option<String>")]
    pub description: String,
}

/// The type of a flow variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum VariableType {
    String,
    Number,
    Boolean,
    Datetime,
    List,
}

impl VariableType {
    /// Whether `value` is a legal value of this type (`null` always is: unset).
    pub fn accepts(self, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        matches!(
            (self, value),
            (_, Value::Null)
                | (VariableType::String | VariableType::Datetime, Value::String(_))
                | (VariableType::Number, Value::Number(_))
                | (VariableType::Boolean, Value::Bool(_))
                | (VariableType::List, Value::Array(_))
        )
    }
}

/// A free-text note on the canvas, optionally attached to a component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub component: Option<ComponentId>,
}

impl Flow {
    /// An empty flow of `flow_type` holding only its entry component.
    pub fn new(id: impl Into<String>, name: impl Into<String>, flow_type: FlowType) -> Flow {
        let entry_kind =
            if flow_type.is_subflow() { ComponentKind::BeginModule } else { ComponentKind::Start };
        let entry: ComponentId = "start".into();
        let mut components = BTreeMap::new();
        components.insert(entry.clone(), Component::new(entry_kind, "Start"));
        Flow {
            id: id.into(),
            name: name.into(),
            flow_type,
            entry,
            variables: Vec::new(),
            components,
            notes: Vec::new(),
        }
    }

    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.get(id)
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtmf_keys_round_trip_through_text() {
        for key in DtmfKey::ALL {
            assert_eq!(key.to_string().parse::<DtmfKey>(), Ok(key));
            let json = serde_json::to_string(&key).unwrap();
            assert_eq!(json, format!("\"{}\"", key.as_char()));
        }
        assert!("10".parse::<DtmfKey>().is_err());
        assert!("A".parse::<DtmfKey>().is_err());
    }

    #[test]
    fn targets_include_keys_and_custom_error_exit() {
        let mut c = Component::new(ComponentKind::AssignmentDial, "Queue");
        c.exits.insert("no_answer".into(), Some("vm".into()));
        c.exits.insert("call_finished".into(), None);
        c.alternative_keys.insert(DtmfKey::One, "cb".into());
        c.error_handling = ErrorHandling::Custom { target: "err".into() };
        let mut targets: Vec<_> = c.targets().cloned().collect();
        targets.sort();
        assert_eq!(targets, ["cb", "err", "vm"]);
    }

    #[test]
    fn variable_types_accept_matching_values() {
        use serde_json::json;
        assert!(VariableType::Number.accepts(&json!(3)));
        assert!(!VariableType::Number.accepts(&json!("3")));
        assert!(VariableType::Boolean.accepts(&json!(null)));
        assert!(VariableType::List.accepts(&json!([1])));
    }
}
