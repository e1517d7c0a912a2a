//! Test fixtures: a small builder for flows, and a valid config for every kind.
#![allow(dead_code)]

use std::collections::BTreeMap;

use callflow_check::{Diagnostic, FlowResolver, NoFlows, check};
use callflow_model::{Component, ComponentKind, ErrorHandling, Flow, FlowType, Variable, VariableType};
use serde_json::{Value, json};

pub fn tts(text: &str) -> Value {
    json!({"type": "tts", "text": text})
}

pub fn assignment() -> Value {
    json!({"selection": {"type": "ring_groups", "ring_groups": ["billing"]}})
}

/// A valid config for each kind (referring to the variables `Fx` declares).
pub fn config(kind: ComponentKind) -> Value {
    use ComponentKind::*;
    match kind {
        Start | EndFlow | HangUp | BeginModule | OnRemoteHangup | OnFlowComplete | StartCallback
        | DeclineCallback => json!({}),
        RunModule => json!({"module": "post", "module_exits": ["done"]}),
        ReturnToFlow => json!({"exit": "done"}),
        PlayMessage => json!({"prompt": tts("Hello")}),
        Menu => {
            json!({"prompt": tts("Press 1 or 2"), "options": [{"key": "1", "label": "A"}, {"key": "2", "label": "B"}]})
        }
        CollectDigits => {
            json!({"prompt": tts("Your number"), "output_variable": "digits", "validation": "^[0-9]+$"})
        }
        BusinessHours => json!({"schedule": {"timezone": "Europe/Prague", "weekly": [
            {"day": "monday", "from": "09:00", "to": "12:00"}, {"day": "monday", "from": "12:00", "to": "17:00"}]}}),
        Conditional => json!({"branches": [{"name": "vip", "expression": "vip == true"}]}),
        SetVariable => json!({"assignments": [{"variable": "score", "expression": "score + 1"}]}),
        AssignmentDial => assignment(),
        DialAgent => json!({"agent": {"literal": "ana@example.com"}}),
        Callback => {
            json!({"request_successful_message": tts("OK"), "error_in_request_message": tts("Sorry"), "assignment": assignment()})
        }
        RequestDirectCallback => {
            json!({"number": {"variable": "number"}, "outbound_caller_id": {"literal": "+420601234567"}, "assignment": assignment()})
        }
        Voicemail => {
            json!({"greeting": tts("Leave a message"), "assign_to": {"type": "ring_group", "ring_group": "billing"}})
        }
        ForwardExternal => json!({"phone_number": {"literal": "+420601234567"}}),
        RouteToExternalDestination => json!({"external_destination": "AIBot"}),
        CreateExternalNumber => {
            json!({"prefix_number": "420", "service_number_digits": 9, "output_variable": "number"})
        }
        AgentConnect => json!({"agent_group": "sales"}),
        MakeCall => json!({"numbers": [{"variable": "number"}], "caller_id": "+420601234567"}),
        QueueWithFlow => json!({"queue": "sales", "queue_flow": "qf"}),
        RegisterCallback => {
            json!({"callback_number": {"variable": "number"}, "queue": "sales-cb", "outbound_ani": "+420601234567"})
        }
        FlowErrorCatch | FlowErrorThrow => json!({"escalation": "callback-expired"}),
    }
}

/// A flow under construction. Ids double as names (so names are unique).
pub struct Fx {
    pub flow: Flow,
}

impl Fx {
    pub fn new(flow_type: FlowType) -> Fx {
        let mut flow = Flow::new("main", "Main", flow_type);
        for (name, t) in [
            ("digits", VariableType::String),
            ("number", VariableType::String),
            ("vip", VariableType::Boolean),
            ("score", VariableType::Number),
            ("when", VariableType::Datetime),
        ] {
            flow.variables.push(Variable {
                name: name.into(),
                var_type: t,
                default: None,
                description: String::new(),
            });
        }
        let mut fx = Fx { flow };
        fx.comp_mut("start").name = "start".into();
        fx
    }

    pub fn inbound() -> Fx {
        Fx::new(FlowType::Inbound)
    }

    /// Adds `id` of `kind` with the pool config.
    pub fn add(&mut self, id: &str, kind: ComponentKind) -> &mut Self {
        let mut c = Component::new(kind, id);
        c.config = config(kind);
        self.flow.components.insert(id.into(), c);
        self
    }

    pub fn with_config(&mut self, id: &str, kind: ComponentKind, config: Value) -> &mut Self {
        let mut c = Component::new(kind, id);
        c.config = config;
        self.flow.components.insert(id.into(), c);
        self
    }

    pub fn link(&mut self, from: &str, exit: &str, to: &str) -> &mut Self {
        self.comp_mut(from).exits.insert(exit.into(), Some(to.into()));
        self
    }

    /// Connects every connectable exit of `id` that is not connected yet to `to`.
    pub fn link_rest(&mut self, id: &str, to: &str) -> &mut Self {
        let c = self.flow.components[id].clone();
        for e in callflow_model::exits_of(&c) {
            if e.connectable && c.target(&e.name).is_none() {
                self.link(id, &e.name, to);
            }
        }
        self
    }

    pub fn chain(&mut self, ids: &[&str]) -> &mut Self {
        for pair in ids.windows(2) {
            // A component without exits (voicemail) ends the chain's control flow there.
            if let Some(exit) = first_exit(&self.flow.components[pair[0]]) {
                self.link(pair[0], &exit, pair[1]);
            }
        }
        self
    }

    pub fn comp_mut(&mut self, id: &str) -> &mut Component {
        self.flow.components.get_mut(id).unwrap()
    }

    pub fn error_handling(&mut self, id: &str, eh: ErrorHandling) -> &mut Self {
        self.comp_mut(id).error_handling = eh;
        self
    }

    pub fn check(&self) -> Vec<Diagnostic> {
        check(&self.flow, &NoFlows)
    }

    pub fn check_with(&self, flows: &dyn FlowResolver) -> Vec<Diagnostic> {
        check(&self.flow, flows)
    }
}

/// The first connectable exit of a component (`next`, `key_1`, `vip`, `call_finished`...).
pub fn first_exit(c: &Component) -> Option<String> {
    callflow_model::exits_of(c).into_iter().find(|e| e.connectable).map(|e| e.name)
}

/// `start -> <kind under test> -> end` with every exit of the middle component connected.
pub fn around(kind: ComponentKind) -> Fx {
    let mut fx = Fx::inbound();
    fx.add("x", kind).add("end", ComponentKind::EndFlow).link("start", "next", "x").link_rest("x", "end");
    fx
}

pub fn codes(d: &[Diagnostic]) -> Vec<&str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

pub fn has(d: &[Diagnostic], code: &str, component: Option<&str>) -> bool {
    d.iter().any(|d| d.code == code && (component.is_none() || d.component.as_deref() == component))
}

#[track_caller]
pub fn assert_has(d: &[Diagnostic], code: &str, component: Option<&str>) {
    assert!(has(d, code, component), "expected {code} on {component:?}, got:\n{}", show(d));
}

#[track_caller]
pub fn assert_not(d: &[Diagnostic], code: &str) {
    assert!(!d.iter().any(|d| d.code == code), "did not expect {code}, got:\n{}", show(d));
}

#[track_caller]
pub fn assert_clean(d: &[Diagnostic]) {
    assert!(d.is_empty(), "expected no diagnostics, got:\n{}", show(d));
}

pub fn show(d: &[Diagnostic]) -> String {
    d.iter()
        .map(|d| {
            format!(
                "  {} {:?} {:?} {:?}: {} [{:?}]",
                d.code, d.severity, d.component, d.exit, d.message, d.path
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A module flow `id`: begin -> (kinds...) -> return_to_flow "done".
pub fn module(id: &str, kinds: &[ComponentKind]) -> Flow {
    let mut fx = Fx::new(FlowType::Module);
    fx.flow.id = id.into();
    let mut ids = vec!["start".to_string()];
    for (n, &k) in kinds.iter().enumerate() {
        let cid = format!("m{n}");
        fx.add(&cid, k);
        ids.push(cid);
    }
    fx.add("ret", ComponentKind::ReturnToFlow);
    ids.push("ret".into());
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    fx.chain(&refs);
    for id in &refs[1..refs.len() - 1] {
        fx.link_rest(id, "ret");
    }
    fx.flow
}

pub fn library(flows: Vec<Flow>) -> BTreeMap<String, Flow> {
    flows.into_iter().map(|f| (f.id.clone(), f)).collect()
}
