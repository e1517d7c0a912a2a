//! Compiling a flow (and the modules it calls) once into an index-based graph.
//!
//! Component ids become `u32` indices, every exit is resolved to its target index (with the
//! catalog's fallback exit attached), configs are parsed once into their typed structs and every
//! CEL expression is compiled once. Stepping then never looks a string up in a map except to
//! find an exit slot by name among a component's few exits.

use std::collections::{BTreeMap, HashMap};

use callflow_check::FlowResolver;
use callflow_model::catalog::DefaultErrorBehavior;
use callflow_model::config::{CollectDigitsConfig, Prompt};
use callflow_model::{
    ComponentConfig, ComponentKind, DtmfKey, ErrorHandling, Flow, FlowType, VariableType, exits_of,
};
use serde_json::Value;

use crate::expr::Expr;
use crate::trace::Name;

/// Why a flow cannot be compiled or run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// `callflow check` reports errors: the flow refuses to run and lists them.
    #[error("the flow has {} error(s) and cannot run:\n{}", .0.len(), .0.iter().map(|d| format!("  {} {}{}: {}", d.code, d.component.as_deref().unwrap_or("-"), d.exit.as_deref().map(|e| format!(".{e}")).unwrap_or_default(), d.message)).collect::<Vec<_>>().join("\n"))]
    CheckErrors(Vec<callflow_check::Diagnostic>),
    #[error("flow `{flow}`, component `{component}`: {message}")]
    Component { flow: String, component: String, message: String },
    #[error("flow `{flow}`: {message}")]
    Flow { flow: String, message: String },
    /// A campaign's records cannot be run (no id, an id twice, an answer the customer cannot give).
    #[error("{0}")]
    Records(crate::dialer::RecordsError),
    #[error("module or queue flow `{0}` is not loaded (add it to the environment's `flows`)")]
    MissingFlow(String),
    /// A script event that cannot happen in this flow and environment.
    #[error("script event {index} (t={at}): {message}")]
    Script { index: usize, at: u64, message: String },
}

/// Index of a component inside its [`Graph`].
pub type NodeIx = u32;

/// One compiled flow.
#[derive(Debug)]
pub struct Graph {
    pub id: Name,
    pub flow_type: FlowType,
    pub entry: NodeIx,
    pub nodes: Vec<Node>,
    /// Variable slots: name, type, initial value.
    pub vars: Vec<(Name, VariableType, Value)>,
    pub var_index: HashMap<Name, usize>,
    pub node_index: HashMap<Name, NodeIx>,
    pub on_remote_hangup: Option<NodeIx>,
    pub on_flow_complete: Option<NodeIx>,
    /// `flow_error_catch` components: escalation name ("" = any) -> handler.
    pub catches: Vec<(String, NodeIx)>,
}

/// One compiled component.
#[derive(Debug)]
pub struct Node {
    pub id: Name,
    pub kind: ComponentKind,
    pub voice: bool,
    pub cfg: NodeCfg,
    pub exits: Vec<ExitSlot>,
    pub alt_keys: [Option<NodeIx>; 12],
    pub error: ErrorPlan,
    /// Graph index of the module run by `run_module` / `queue_with_flow`.
    pub subflow: Option<usize>,
    /// Prompt texts for the trace, rendered once: the main prompt first, then (menus) the
    /// invalid and no-input prompts, (callbacks) the error message; empty when absent.
    pub prompts: Vec<Name>,
}

#[derive(Debug, Clone)]
pub struct ExitSlot {
    pub name: Name,
    pub target: Option<NodeIx>,
    /// Slot taken instead when this optional exit is unconnected (`holiday` -> `closed`).
    pub fallback: Option<usize>,
}

/// What the component's error handling does.
#[derive(Debug, Clone)]
pub enum ErrorPlan {
    EndFlow,
    /// Follow this exit slot (if it is unconnected, the flow ends).
    Exit(usize),
    Target(NodeIx),
    PlayErrorThenHangUp,
}

/// A component's config, parsed, with its expressions compiled.
#[derive(Debug)]
pub enum NodeCfg {
    Plain(Box<ComponentConfig>),
    Conditional(Vec<(usize, Expr)>),
    SetVariable(Vec<(String, Expr)>),
    Collect(Box<CollectDigitsConfig>, Option<regex::Regex>),
}

impl Node {
    /// The slot of exit `name`.
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.exits.iter().position(|e| &*e.name == name)
    }

    pub fn config(&self) -> Option<&ComponentConfig> {
        match &self.cfg {
            NodeCfg::Plain(c) => Some(c),
            _ => None,
        }
    }
}

/// The compiled main flow and every module / queue flow it can reach.
#[derive(Debug)]
pub struct Program {
    /// Index 0 is the main flow.
    pub graphs: Vec<Graph>,
}

/// Key index of a DTMF key in `alt_keys`.
pub fn key_index(key: DtmfKey) -> usize {
    DtmfKey::ALL.iter().position(|k| *k == key).unwrap_or(0)
}

/// Text of a prompt for the trace.
pub fn prompt_text(p: &Prompt) -> String {
    match p {
        Prompt::Tts { text, .. } => text.clone(),
        Prompt::Audio { asset } => format!("audio:{asset}"),
        Prompt::Variable { variable } => format!("variable:{variable}"),
    }
}

impl Program {
    /// Compiles `flow` and the flows it calls (looked up in `flows`). Runs the designer checks
    /// first: a flow with errors refuses to run and lists them.
    pub fn compile(flow: &Flow, flows: &dyn FlowResolver) -> Result<Program, EngineError> {
        let diagnostics = callflow_check::check(flow, flows);
        if callflow_check::has_errors(&diagnostics) {
            return Err(EngineError::CheckErrors(
                diagnostics.into_iter().filter(|d| d.severity == callflow_check::Severity::Error).collect(),
            ));
        }
        Program::compile_unchecked(flow, flows)
    }

    /// Compiles without running the designer checks (benchmarks, and tests of the engine's own
    /// defences). Structural problems still give an error, never a panic.
    pub fn compile_unchecked(flow: &Flow, flows: &dyn FlowResolver) -> Result<Program, EngineError> {
        let mut program = Program { graphs: Vec::new() };
        let mut ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut todo: Vec<Flow> = vec![flow.clone()];
        ids.insert(flow.id.clone(), 0);
        let mut i = 0;
        while i < todo.len() {
            let f = todo[i].clone();
            // Discover sub-flows first so indices are known.
            for c in f.components.values() {
                let sub = match ComponentConfig::parse(c.kind, &c.config) {
                    Ok(ComponentConfig::RunModule(m)) => Some(m.module),
                    Ok(ComponentConfig::QueueWithFlow(q)) => Some(q.queue_flow),
                    _ => None,
                };
                if let Some(sub) = sub
                    && !ids.contains_key(&sub)
                {
                    let found = flows.flow(&sub).ok_or_else(|| EngineError::MissingFlow(sub.clone()))?;
                    ids.insert(sub.clone(), todo.len());
                    todo.push(found.clone());
                }
            }
            program.graphs.push(compile_graph(&f, &ids)?);
            i += 1;
        }
        Ok(program)
    }

    pub fn main(&self) -> &Graph {
        &self.graphs[0]
    }
}

fn compile_graph(flow: &Flow, ids: &BTreeMap<String, usize>) -> Result<Graph, EngineError> {
    let node_index: HashMap<Name, NodeIx> =
        flow.components.keys().enumerate().map(|(i, id)| (Name::from(id.as_str()), i as NodeIx)).collect();
    let resolve = |component: &str, target: &str| -> Result<NodeIx, EngineError> {
        node_index.get(target).copied().ok_or_else(|| EngineError::Component {
            flow: flow.id.clone(),
            component: component.into(),
            message: format!("sends to `{target}`, which is not a component of this flow"),
        })
    };
    let err = |component: &str, message: String| EngineError::Component {
        flow: flow.id.clone(),
        component: component.into(),
        message,
    };
    let mut nodes = Vec::with_capacity(flow.components.len());
    let mut on_remote_hangup = None;
    let mut on_flow_complete = None;
    let mut catches = Vec::new();
    for (ix, (id, c)) in flow.components.iter().enumerate() {
        let spec = c.kind.spec();
        let parsed = ComponentConfig::parse(c.kind, &c.config).map_err(|e| {
            err(
                id,
                format!(
                    "config{}: {}",
                    if e.path.is_empty() { String::new() } else { format!(".{}", e.path) },
                    e.message
                ),
            )
        })?;
        // Exits: the catalog's (static + dynamic), then any extra connected ones.
        let mut exits: Vec<ExitSlot> = Vec::new();
        for info in exits_of(c) {
            let target = match c.exits.get(&info.name) {
                Some(Some(t)) => Some(resolve(id, t)?),
                _ => None,
            };
            exits.push(ExitSlot { name: info.name.as_str().into(), target, fallback: None });
        }
        for (name, target) in &c.exits {
            if !exits.iter().any(|e| &*e.name == name.as_str()) {
                let target = match target {
                    Some(t) => Some(resolve(id, t)?),
                    None => None,
                };
                exits.push(ExitSlot { name: name.as_str().into(), target, fallback: None });
            }
        }
        for info in exits_of(c) {
            if let Some(fb) = info.fallback {
                let from = exits.iter().position(|e| *e.name == *info.name);
                let to = exits.iter().position(|e| *e.name == *fb);
                if let (Some(from), Some(to)) = (from, to) {
                    exits[from].fallback = Some(to);
                }
            }
        }
        let mut alt_keys = [None; 12];
        for (key, target) in &c.alternative_keys {
            alt_keys[key_index(*key)] = Some(resolve(id, target)?);
        }
        let slot = |name: &str| exits.iter().position(|e| &*e.name == name);
        let error = match &c.error_handling {
            ErrorHandling::EndFlow => ErrorPlan::EndFlow,
            ErrorHandling::Custom { target } => ErrorPlan::Target(resolve(id, target)?),
            ErrorHandling::FollowExit { exit } => match slot(exit) {
                Some(s) => ErrorPlan::Exit(s),
                None => {
                    return Err(err(
                        id,
                        format!("error handling follows exit `{exit}`, which it does not have"),
                    ));
                }
            },
            // §3: the defaults follow an exit "if connected, else end_flow".
            ErrorHandling::Default => match spec.error_handling {
                DefaultErrorBehavior::FollowExit { exit } => match slot(exit) {
                    Some(s)
                        if exits[s]
                            .target
                            .or_else(|| exits[s].fallback.and_then(|f| exits[f].target))
                            .is_some() =>
                    {
                        ErrorPlan::Exit(s)
                    }
                    _ => ErrorPlan::EndFlow,
                },
                DefaultErrorBehavior::PlayErrorMessageThenHangUp => ErrorPlan::PlayErrorThenHangUp,
                DefaultErrorBehavior::EndFlow | DefaultErrorBehavior::Unsupported => ErrorPlan::EndFlow,
            },
        };
        let mut subflow = None;
        let text = |p: Option<&Prompt>| -> Name { p.map(prompt_text).unwrap_or_default().as_str().into() };
        let prompts: Vec<Name> = match &parsed {
            ComponentConfig::PlayMessage(p) => vec![text(Some(&p.prompt))],
            ComponentConfig::Menu(m) => {
                vec![text(Some(&m.prompt)), text(m.invalid_prompt.as_ref()), text(m.no_input_prompt.as_ref())]
            }
            ComponentConfig::CollectDigits(c) => vec![text(Some(&c.prompt))],
            ComponentConfig::Voicemail(v) => vec![text(Some(&v.greeting))],
            ComponentConfig::Callback(c) => {
                vec![text(Some(&c.request_successful_message)), text(Some(&c.error_in_request_message))]
            }
            _ => Vec::new(),
        };
        let cfg = match parsed {
            ComponentConfig::Conditional(cond) => {
                let mut branches = Vec::new();
                for b in &cond.branches {
                    let expr = Expr::compile(&b.expression).map_err(|e| {
                        err(id, format!("branch `{}`: expression `{}`: {e}", b.name, b.expression))
                    })?;
                    let s =
                        slot(&b.name).ok_or_else(|| err(id, format!("branch `{}` has no exit", b.name)))?;
                    branches.push((s, expr));
                }
                NodeCfg::Conditional(branches)
            }
            ComponentConfig::SetVariable(set) => {
                let mut out = Vec::new();
                for a in &set.assignments {
                    let expr = Expr::compile(&a.expression).map_err(|e| {
                        err(id, format!("assignment to `{}`: expression `{}`: {e}", a.variable, a.expression))
                    })?;
                    out.push((a.variable.clone(), expr));
                }
                NodeCfg::SetVariable(out)
            }
            ComponentConfig::CollectDigits(cd) => {
                let re = match &cd.validation {
                    Some(v) => {
                        Some(regex::Regex::new(v).map_err(|e| err(id, format!("validation regex: {e}")))?)
                    }
                    None => None,
                };
                NodeCfg::Collect(Box::new(cd), re)
            }
            other => {
                match &other {
                    ComponentConfig::RunModule(m) => subflow = ids.get(&m.module).copied(),
                    ComponentConfig::QueueWithFlow(q) => subflow = ids.get(&q.queue_flow).copied(),
                    ComponentConfig::FlowErrorCatch(e) => catches.push((e.escalation.clone(), ix as NodeIx)),
                    _ => {}
                }
                NodeCfg::Plain(Box::new(other))
            }
        };
        match c.kind {
            ComponentKind::OnRemoteHangup => on_remote_hangup = Some(ix as NodeIx),
            ComponentKind::OnFlowComplete => on_flow_complete = Some(ix as NodeIx),
            _ => {}
        }
        nodes.push(Node {
            id: id.as_str().into(),
            kind: c.kind,
            voice: spec.voice,
            cfg,
            exits,
            alt_keys,
            error,
            subflow,
            prompts,
        });
    }
    let entry = *node_index.get(flow.entry.as_str()).ok_or_else(|| EngineError::Flow {
        flow: flow.id.clone(),
        message: format!("entry `{}` is not a component of the flow", flow.entry),
    })?;
    let vars: Vec<(Name, VariableType, Value)> = flow
        .variables
        .iter()
        .map(|v| (Name::from(v.name.as_str()), v.var_type, v.default.clone().unwrap_or(Value::Null)))
        .collect();
    let var_index = vars.iter().enumerate().map(|(i, v)| (v.0.clone(), i)).collect();
    Ok(Graph {
        id: flow.id.as_str().into(),
        flow_type: flow.flow_type,
        entry,
        nodes,
        vars,
        var_index,
        node_index,
        on_remote_hangup,
        on_flow_complete,
        catches,
    })
}
