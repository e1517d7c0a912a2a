//! Comparing two documents of a flow: what the UI draws and `callflow db diff` prints.
//!
//! Logic changes (flow settings, variables, components, exits, notes, the simulation environment
//! and saved test calls) are kept apart from layout changes: a component whose box only moved is
//! listed under [`FlowDiff::moved`] and nowhere else, so "only moved" is easy to tell and to hide.
//!
//! Components are matched by id. A changed component lists its changed fields as JSON paths
//! relative to the component (`name`, `config.prompt.text`, `error_handling`); its exits and
//! alternative keys are listed in [`FlowDiff::exits`]. Exits of added or removed components are
//! not listed again. Everything is sorted (by component id, then exit name) so that the same two
//! documents always give the same diff.

use std::collections::{BTreeMap, BTreeSet};

use callflow_model::{Component, ComponentId, ComponentKind, FlowFile, Position};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::types::DocRef;

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One value that differs; `before`/`after` absent = the value is not there on that side.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FieldChange {
    /// Dotted path (`name`, `type`, `config.prompt.text`; array items as `options[1]`).
    pub path: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

/// A component added, removed or changed (other than its exits and position).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ComponentChange {
    pub id: ComponentId,
    /// The kind (the new one when it changed).
    pub kind: ComponentKind,
    /// The name (the new one when it changed).
    pub name: String,
    pub change: Change,
    /// For `changed`: what differs. Empty for added and removed components.
    pub fields: Vec<FieldChange>,
}

/// Where an exit leads on one side of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ExitEnd {
    /// The component has no such exit (or key binding).
    Absent,
    /// The exit exists but is not connected.
    Unconnected,
    Connected {
        target: ComponentId,
    },
}

/// An exit or alternative key of a component present on both sides whose connection differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExitChange {
    pub component: ComponentId,
    /// The component's (new) name, for display.
    pub component_name: String,
    /// The exit name, or the key (`1`..`9`, `*`, `0`, `#`) for an alternative key.
    pub exit: String,
    pub alternative_key: bool,
    pub before: ExitEnd,
    pub after: ExitEnd,
}

/// A variable added, removed or changed (type, default or description).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct VariableChange {
    pub name: String,
    pub change: Change,
    pub fields: Vec<FieldChange>,
}

/// A note added, removed or edited.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct NoteChange {
    pub id: String,
    pub change: Change,
    pub fields: Vec<FieldChange>,
}

/// A component present on both sides whose box moved (a layout-only change).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Moved {
    pub component: ComponentId,
    pub before: Option<Position>,
    pub after: Option<Position>,
}

/// A saved test call added, removed or changed, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TestChange {
    pub name: String,
    pub change: Change,
}

/// The difference between two documents of a flow.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FlowDiff {
    pub flow_id: String,
    pub from: DocRef,
    pub to: DocRef,
    /// Flow-level settings: `id`, `name`, `type`, `entry`.
    pub settings: Vec<FieldChange>,
    pub variables: Vec<VariableChange>,
    pub components: Vec<ComponentChange>,
    pub exits: Vec<ExitChange>,
    pub notes: Vec<NoteChange>,
    /// The simulation environment, as one value (`environment`).
    pub environment: Option<FieldChange>,
    pub tests: Vec<TestChange>,
    /// Layout-only changes: components whose box moved.
    pub moved: Vec<Moved>,
    /// Notes whose box moved or was resized, by note id.
    pub notes_moved: Vec<String>,
}

impl FlowDiff {
    /// No logic change (there may be layout changes).
    pub fn logic_unchanged(&self) -> bool {
        self.settings.is_empty()
            && self.variables.is_empty()
            && self.components.is_empty()
            && self.exits.is_empty()
            && self.notes.is_empty()
            && self.environment.is_none()
            && self.tests.is_empty()
    }

    /// Only boxes moved.
    pub fn layout_only(&self) -> bool {
        self.logic_unchanged() && !(self.moved.is_empty() && self.notes_moved.is_empty())
    }

    /// Nothing differs that the diff reports.
    pub fn is_empty(&self) -> bool {
        self.logic_unchanged() && self.moved.is_empty() && self.notes_moved.is_empty()
    }
}

/// The difference from `a` to `b`.
pub fn diff(flow_id: &str, from: DocRef, a: &FlowFile, to: DocRef, b: &FlowFile) -> FlowDiff {
    let mut d = FlowDiff {
        flow_id: flow_id.to_string(),
        from,
        to,
        settings: Vec::new(),
        variables: Vec::new(),
        components: Vec::new(),
        exits: Vec::new(),
        notes: Vec::new(),
        environment: None,
        tests: Vec::new(),
        moved: Vec::new(),
        notes_moved: Vec::new(),
    };
    let (fa, fb) = (&a.flow, &b.flow);
    let mut setting = |path: &str, x: Value, y: Value| {
        if x != y {
            d.settings.push(FieldChange { path: path.into(), before: Some(x), after: Some(y) });
        }
    };
    setting("id", Value::from(fa.id.as_str()), Value::from(fb.id.as_str()));
    setting("name", Value::from(fa.name.as_str()), Value::from(fb.name.as_str()));
    setting("type", to_value(&fa.flow_type), to_value(&fb.flow_type));
    setting("entry", Value::from(fa.entry.as_str()), Value::from(fb.entry.as_str()));

    // Variables, by name.
    let va: BTreeMap<&str, Value> = fa.variables.iter().map(|v| (v.name.as_str(), to_value(v))).collect();
    let vb: BTreeMap<&str, Value> = fb.variables.iter().map(|v| (v.name.as_str(), to_value(v))).collect();
    for (name, change, fields) in keyed(&va, &vb) {
        d.variables.push(VariableChange { name: name.to_string(), change, fields });
    }

    // Notes, by id.
    let na: BTreeMap<&str, Value> = fa.notes.iter().map(|n| (n.id.as_str(), to_value(n))).collect();
    let nb: BTreeMap<&str, Value> = fb.notes.iter().map(|n| (n.id.as_str(), to_value(n))).collect();
    for (id, change, fields) in keyed(&na, &nb) {
        d.notes.push(NoteChange { id: id.to_string(), change, fields });
    }

    // Components and exits, merge-joined on the sorted ids.
    let mut ia = fa.components.iter().peekable();
    let mut ib = fb.components.iter().peekable();
    loop {
        match (ia.peek(), ib.peek()) {
            (None, None) => break,
            (Some((id, c)), None) => {
                d.components.push(whole(id, c, Change::Removed));
                ia.next();
            }
            (None, Some((id, c))) => {
                d.components.push(whole(id, c, Change::Added));
                ib.next();
            }
            (Some((ida, ca)), Some((idb, cb))) => match ida.cmp(idb) {
                std::cmp::Ordering::Less => {
                    d.components.push(whole(ida, ca, Change::Removed));
                    ia.next();
                }
                std::cmp::Ordering::Greater => {
                    d.components.push(whole(idb, cb, Change::Added));
                    ib.next();
                }
                std::cmp::Ordering::Equal => {
                    if ca != cb {
                        compare_component(ida, ca, cb, &mut d);
                    }
                    if a.layout.components.get(*ida) != b.layout.components.get(*idb) {
                        d.moved.push(Moved {
                            component: (*ida).clone(),
                            before: a.layout.components.get(*ida).copied(),
                            after: b.layout.components.get(*idb).copied(),
                        });
                    }
                    ia.next();
                    ib.next();
                }
            },
        }
    }

    for (id, box_a) in &a.layout.notes {
        if b.layout.notes.get(id).is_some_and(|box_b| box_a != box_b) {
            d.notes_moved.push(id.clone());
        }
    }

    if a.environment != b.environment {
        d.environment = Some(FieldChange {
            path: "environment".into(),
            before: a.environment.as_ref().map(to_value),
            after: b.environment.as_ref().map(to_value),
        });
    }
    let ta: BTreeMap<&str, Value> = a.tests.iter().map(|t| (t.name.as_str(), to_value(t))).collect();
    let tb: BTreeMap<&str, Value> = b.tests.iter().map(|t| (t.name.as_str(), to_value(t))).collect();
    for (name, change, _) in keyed(&ta, &tb) {
        d.tests.push(TestChange { name: name.to_string(), change });
    }
    d
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn whole(id: &ComponentId, c: &Component, change: Change) -> ComponentChange {
    ComponentChange { id: id.clone(), kind: c.kind, name: c.name.clone(), change, fields: Vec::new() }
}

/// Added, removed and changed entries of two keyed collections, in key order.
fn keyed<'k>(
    a: &BTreeMap<&'k str, Value>,
    b: &BTreeMap<&'k str, Value>,
) -> Vec<(&'k str, Change, Vec<FieldChange>)> {
    let keys: BTreeSet<&str> = a.keys().chain(b.keys()).copied().collect();
    let mut out = Vec::new();
    for key in keys {
        match (a.get(key), b.get(key)) {
            (Some(_), None) => out.push((key, Change::Removed, Vec::new())),
            (None, Some(_)) => out.push((key, Change::Added, Vec::new())),
            (Some(x), Some(y)) if x != y => {
                let mut fields = Vec::new();
                json_diff("", Some(x), Some(y), &mut fields);
                out.push((key, Change::Changed, fields));
            }
            _ => {}
        }
    }
    out
}

fn compare_component(id: &ComponentId, a: &Component, b: &Component, d: &mut FlowDiff) {
    let mut fields = Vec::new();
    if a.kind != b.kind {
        fields.push(FieldChange {
            path: "kind".into(),
            before: Some(to_value(&a.kind)),
            after: Some(to_value(&b.kind)),
        });
    }
    if a.name != b.name {
        fields.push(FieldChange {
            path: "name".into(),
            before: Some(Value::from(a.name.as_str())),
            after: Some(Value::from(b.name.as_str())),
        });
    }
    if a.config != b.config {
        json_diff("config", Some(&a.config), Some(&b.config), &mut fields);
    }
    if a.error_handling != b.error_handling {
        fields.push(FieldChange {
            path: "error_handling".into(),
            before: Some(to_value(&a.error_handling)),
            after: Some(to_value(&b.error_handling)),
        });
    }
    if !fields.is_empty() {
        d.components.push(ComponentChange {
            id: id.clone(),
            kind: b.kind,
            name: b.name.clone(),
            change: Change::Changed,
            fields,
        });
    }

    if a.exits != b.exits {
        let names: BTreeSet<&String> = a.exits.keys().chain(b.exits.keys()).collect();
        for name in names {
            let end = |c: &Component| match c.exits.get(name) {
                None => ExitEnd::Absent,
                Some(None) => ExitEnd::Unconnected,
                Some(Some(t)) => ExitEnd::Connected { target: t.clone() },
            };
            let (before, after) = (end(a), end(b));
            if before != after {
                d.exits.push(ExitChange {
                    component: id.clone(),
                    component_name: b.name.clone(),
                    exit: name.clone(),
                    alternative_key: false,
                    before,
                    after,
                });
            }
        }
    }
    if a.alternative_keys != b.alternative_keys {
        let keys: BTreeSet<_> = a.alternative_keys.keys().chain(b.alternative_keys.keys()).collect();
        for key in keys {
            let end = |c: &Component| match c.alternative_keys.get(key) {
                None => ExitEnd::Absent,
                Some(t) => ExitEnd::Connected { target: t.clone() },
            };
            let (before, after) = (end(a), end(b));
            if before != after {
                d.exits.push(ExitChange {
                    component: id.clone(),
                    component_name: b.name.clone(),
                    exit: key.to_string(),
                    alternative_key: true,
                    before,
                    after,
                });
            }
        }
    }
}

/// The leaves where `a` and `b` differ, as paths below `path`. Objects are compared key by key;
/// arrays item by item when their lengths match, as a whole otherwise.
fn json_diff(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<FieldChange>) {
    if a == b {
        return;
    }
    let join = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for key in keys {
                json_diff(&join(key), x.get(key), y.get(key), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                json_diff(&format!("{path}[{i}]"), Some(p), Some(q), out);
            }
        }
        _ => out.push(FieldChange {
            path: if path.is_empty() { ".".into() } else { path.into() },
            before: a.cloned(),
            after: b.cloned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use callflow_model::{DtmfKey, Flow, FlowType, Note, Variable, VariableType};
    use serde_json::json;

    fn base() -> FlowFile {
        let mut flow = Flow::new("f", "Main", FlowType::Inbound);
        let mut menu = Component::new(ComponentKind::Menu, "Menu");
        menu.config =
            json!({"prompt": {"type": "tts", "text": "Hello"}, "options": [{"key": "1", "label": "Sales"}]});
        menu.exits.insert("key_1".into(), Some("bye".into()));
        menu.exits.insert("no_input".into(), None);
        flow.components.insert("menu".into(), menu);
        flow.components.insert("bye".into(), Component::new(ComponentKind::HangUp, "Bye"));
        flow.components.get_mut("start").unwrap().exits.insert("next".into(), Some("menu".into()));
        let mut file = FlowFile::new(flow);
        file.layout.components.insert("menu".into(), Position { x: 10.0, y: 20.0 });
        file
    }

    #[test]
    fn identical_documents_have_an_empty_diff() {
        let d = diff("f", DocRef::Version(1), &base(), DocRef::Version(2), &base());
        assert!(d.is_empty(), "{d:#?}");
        assert!(!d.layout_only());
    }

    #[test]
    fn moving_a_box_is_reported_only_as_moved() {
        let mut b = base();
        b.layout.components.insert("menu".into(), Position { x: 300.0, y: 20.0 });
        let d = diff("f", DocRef::Version(1), &base(), DocRef::Draft, &b);
        assert!(d.layout_only(), "{d:#?}");
        assert_eq!(d.moved.len(), 1);
        assert_eq!(d.moved[0].component, "menu");
        assert_eq!(d.moved[0].after, Some(Position { x: 300.0, y: 20.0 }));
    }

    #[test]
    fn components_exits_settings_variables_and_notes_are_reported() {
        let a = base();
        let mut b = base();
        b.flow.name = "Main IVR".into();
        b.flow.variables.push(Variable {
            name: "lang".into(),
            var_type: VariableType::String,
            default: None,
            description: String::new(),
        });
        b.flow.notes.push(Note { id: "n1".into(), text: "todo".into(), component: None });
        b.flow.components.remove("bye");
        b.flow.components.insert("end".into(), Component::new(ComponentKind::EndFlow, "End"));
        let menu = b.flow.components.get_mut("menu").unwrap();
        menu.config["prompt"]["text"] = json!("Welcome");
        menu.exits.insert("key_1".into(), Some("end".into()));
        menu.exits.insert("no_input".into(), Some("end".into()));
        menu.alternative_keys.insert(DtmfKey::Zero, "end".into());
        let d = diff("f", DocRef::Version(1), &a, DocRef::Version(2), &b);

        assert_eq!(d.settings.len(), 1);
        assert_eq!(d.settings[0].path, "name");
        assert_eq!(d.variables.len(), 1);
        assert_eq!(d.variables[0].change, Change::Added);
        assert_eq!(d.notes.len(), 1);
        let changes: Vec<_> = d.components.iter().map(|c| (c.id.as_str(), c.change)).collect();
        assert_eq!(changes, [("bye", Change::Removed), ("end", Change::Added), ("menu", Change::Changed)]);
        let menu = &d.components[2];
        assert_eq!(menu.fields.len(), 1);
        assert_eq!(menu.fields[0].path, "config.prompt.text");
        assert_eq!(menu.fields[0].before, Some(json!("Hello")));
        assert_eq!(menu.fields[0].after, Some(json!("Welcome")));
        let exits: Vec<_> =
            d.exits.iter().map(|e| (e.exit.as_str(), e.alternative_key, &e.before, &e.after)).collect();
        let to = |t: &str| ExitEnd::Connected { target: t.into() };
        assert_eq!(
            exits,
            [
                ("key_1", false, &to("bye"), &to("end")),
                ("no_input", false, &ExitEnd::Unconnected, &to("end")),
                ("0", true, &ExitEnd::Absent, &to("end")),
            ]
        );
        assert!(d.moved.is_empty());
        assert!(!d.logic_unchanged());
    }
}
