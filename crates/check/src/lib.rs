//! Designer-time validation of call flows.
//!
//! [`check`] turns a flow into [`Diagnostic`]s with stable codes (documented in
//! `docs/diagnostics.md`, defined once in [`codes`]). Errors block publishing and simulation;
//! warnings do not.
//!
//! How it is organised: [`check`] builds a [`Ctx`] once (every config parsed once, every
//! component's exits derived once, the flow's graph built once in [`graph`]), then runs the rule
//! modules over it:
//!
//! - [`structure`]: entry, kinds per flow type, exits and targets, reachability, names, loops, size;
//! - [`handling`]: alternative keys and error handling;
//! - [`settings`]: kind-specific settings (ranges, required values, patterns);
//! - [`expressions`]: declared variables, CEL expressions, variables named in settings;
//! - [`phone`]: E.164 phone numbers;
//! - [`schedule`]: business-hours calendars;
//! - [`post_call`]: `call_finished` restrictions (PC2/PC3) and the 48 h callback chain;
//! - [`callbacks`]: CxEngage callback notation placement over all paths (CB1-CB4);
//! - [`modules`]: `run_module` / `queue_with_flow` against the flows they call;
//! - [`dialer`]: outbound dialer rules;
//! - [`source`]: checks on the file text that the parsed document cannot show (duplicate keys).
//!
//! Every rule's decisions where the domain spec is silent are documented in `docs/diagnostics.md`.

mod callbacks;
pub mod codes;
mod dialer;
mod expressions;
mod graph;
mod handling;
mod modules;
mod phone;
mod post_call;
mod schedule;
mod settings;
mod source;
mod structure;

use std::collections::HashMap;

use callflow_model::{Component, ComponentConfig, ComponentId, ComponentKind, ExitInfo, ExitName, Flow};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use codes::CodeInfo;
pub use source::duplicate_keys;

/// How bad a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One finding about a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct Diagnostic {
    /// Stable code, e.g. `CF0101`; see `docs/diagnostics.md`.
    pub code: String,
    pub severity: Severity,
    /// The component at fault, if one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub component: Option<ComponentId>,
    /// The exit at fault, if one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub exit: Option<ExitName>,
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// JSON path in the flow file (`flow.components.menu.config.options[1].key`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub path: Option<String>,
}

/// Looks up the other flows a flow calls (modules, reusable queue flows) by id.
pub trait FlowResolver {
    fn flow(&self, id: &str) -> Option<&Flow>;

    /// Whether this resolver knows any flows at all. When it does, a flow id it does not know is
    /// reported (CF0904); when it knows none (e.g. [`NoFlows`]), checks that need the other flow
    /// are skipped silently.
    fn knows_flows(&self) -> bool {
        true
    }
}

/// A resolver that knows no other flows: module checks that need the module are skipped.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFlows;

impl FlowResolver for NoFlows {
    fn flow(&self, _id: &str) -> Option<&Flow> {
        None
    }

    fn knows_flows(&self) -> bool {
        false
    }
}

impl FlowResolver for std::collections::BTreeMap<String, Flow> {
    fn flow(&self, id: &str) -> Option<&Flow> {
        self.get(id)
    }

    fn knows_flows(&self) -> bool {
        !self.is_empty()
    }
}

/// Every finding about `flow`, errors first, in a stable order.
pub fn check(flow: &Flow, flows: &dyn FlowResolver) -> Vec<Diagnostic> {
    let mut ctx = Ctx::new(flow, flows);
    structure::check(&mut ctx);
    handling::check(&mut ctx);
    expressions::check(&mut ctx);
    settings::check(&mut ctx);
    phone::check(&mut ctx);
    schedule::check(&mut ctx);
    structure::check_loops(&mut ctx);
    post_call::check(&mut ctx);
    callbacks::check(&mut ctx);
    modules::check(&mut ctx);
    dialer::check(&mut ctx);
    let mut diagnostics = ctx.diagnostics;
    sort(&mut diagnostics);
    diagnostics
}

/// [`check`] plus the checks that need the file's text (duplicate JSON keys, which the parsed
/// document cannot show: the reader keeps the last of two equal keys). `text` must be the text
/// `flow` was read from.
pub fn check_source(text: &str, flow: &Flow, flows: &dyn FlowResolver) -> Vec<Diagnostic> {
    let mut diagnostics = check(flow, flows);
    diagnostics.extend(duplicate_keys(text));
    sort(&mut diagnostics);
    diagnostics
}

/// Checks of a file's environment that concern the flow (outbound dialer attempt settings,
/// calendars).
pub fn check_environment(environment: &callflow_model::Environment) -> Vec<Diagnostic> {
    let mut diagnostics = dialer::check_environment(environment);
    sort(&mut diagnostics);
    diagnostics
}

/// Whether any diagnostic is an error (which blocks publishing and running).
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Errors first, then by component id (flow-level findings first), code, exit, path, message.
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.severity, &a.component, &a.code, &a.exit, &a.path, &a.message).cmp(&(
            b.severity,
            &b.component,
            &b.code,
            &b.exit,
            &b.path,
            &b.message,
        ))
    });
}

/// The JSON path of component `id` in a flow file.
pub(crate) fn component_path(id: &str) -> String {
    format!("flow.components{}", path_key(id))
}

/// `.key` for plain keys, `["key"]` for anything else.
pub(crate) fn path_key(key: &str) -> String {
    let plain = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain { format!(".{key}") } else { format!("[{}]", serde_json::Value::from(key)) }
}

/// Everything the rules share: the flow, its components in id order with their parsed configs
/// and exits, the graph, and the findings so far.
pub(crate) struct Ctx<'a> {
    pub flow: &'a Flow,
    pub flows: &'a dyn FlowResolver,
    /// Components in id order; indices into this are the graph's node indices.
    pub comps: Vec<(&'a str, &'a Component)>,
    pub index: HashMap<&'a str, usize>,
    /// Parsed config per component (`None` when it does not parse; reported as CF0201).
    pub configs: Vec<Option<ComponentConfig>>,
    /// Exits per component: static ones from the catalog plus those derived from the config.
    pub exits: Vec<Vec<ExitInfo>>,
    pub graph: graph::FlowGraph,
    /// Root identifiers each component's expressions read (filled by [`expressions`]).
    pub reads: Vec<Vec<String>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    fn new(flow: &'a Flow, flows: &'a dyn FlowResolver) -> Ctx<'a> {
        let comps: Vec<(&str, &Component)> = flow.components.iter().map(|(id, c)| (id.as_str(), c)).collect();
        let index = comps.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        let mut diagnostics = Vec::new();
        let configs: Vec<Option<ComponentConfig>> = comps
            .iter()
            .map(|(id, c)| match ComponentConfig::parse(c.kind, &c.config) {
                Ok(config) => Some(config),
                Err(err) => {
                    let spec = c.kind.spec();
                    let base = format!("{}.config", component_path(id));
                    let path = if err.path.is_empty() {
                        base
                    } else if err.path.starts_with('[') {
                        format!("{base}{}", err.path)
                    } else {
                        format!("{base}.{}", err.path)
                    };
                    diagnostics.push(make(
                        codes::BAD_CONFIG,
                        Some(id),
                        None,
                        format!(
                            "{} \"{}\" ({id}): the settings are invalid at `{path}`: {}",
                            spec.label, c.name, err.message
                        ),
                        format!(
                            "Fix the {} settings; see the `{}` entry of `callflow catalog` for the fields and their types.",
                            spec.label,
                            c.kind.id()
                        ),
                        Some(path),
                    ));
                    None
                }
            })
            .collect();
        let exits =
            comps.iter().zip(&configs).map(|((_, c), config)| exits_for(c.kind, config.as_ref())).collect();
        let mut ctx = Ctx {
            flow,
            flows,
            graph: graph::FlowGraph::default(),
            reads: vec![Vec::new(); comps.len()],
            comps,
            index,
            configs,
            exits,
            diagnostics,
        };
        ctx.graph = graph::FlowGraph::build(&ctx);
        ctx
    }

    pub fn len(&self) -> usize {
        self.comps.len()
    }

    pub fn id(&self, i: usize) -> &'a str {
        self.comps[i].0
    }

    pub fn comp(&self, i: usize) -> &'a Component {
        self.comps[i].1
    }

    pub fn kind(&self, i: usize) -> ComponentKind {
        self.comps[i].1.kind
    }

    /// `Menu "Main menu" (main_menu)`: how messages name a component.
    pub fn who(&self, i: usize) -> String {
        let (id, c) = self.comps[i];
        format!("{} \"{}\" ({id})", c.kind.spec().label, c.name)
    }

    pub fn path(&self, i: usize, rest: &str) -> Option<String> {
        Some(format!("{}{rest}", component_path(self.id(i))))
    }

    /// The exit `name` of component `i`, if it has one.
    pub fn exit_info(&self, i: usize, name: &str) -> Option<&ExitInfo> {
        self.exits[i].iter().find(|e| e.name == name)
    }

    pub fn emit(
        &mut self,
        code: &CodeInfo,
        component: Option<usize>,
        exit: Option<&str>,
        message: String,
        hint: impl Into<String>,
        path: Option<String>,
    ) {
        let id = component.map(|i| self.id(i));
        self.diagnostics.push(make(code, id, exit, message, hint.into(), path));
    }
}

pub(crate) fn make(
    code: &CodeInfo,
    component: Option<&str>,
    exit: Option<&str>,
    message: String,
    hint: String,
    path: Option<String>,
) -> Diagnostic {
    Diagnostic {
        code: code.code.to_string(),
        severity: code.severity,
        component: component.map(str::to_string),
        exit: exit.map(str::to_string),
        message,
        hint,
        path,
    }
}

/// The exits of a component of `kind` whose config parsed to `config`: the same list as
/// [`callflow_model::exits_of`] (a test keeps them equal), without parsing the config again.
fn exits_for(kind: ComponentKind, config: Option<&ComponentConfig>) -> Vec<ExitInfo> {
    let spec = kind.spec();
    let dynamic: Vec<String> = match config {
        Some(ComponentConfig::Menu(menu)) => {
            menu.options.iter().map(|o| callflow_model::config::menu_exit(o.key)).collect()
        }
        Some(ComponentConfig::Conditional(c)) => c.branches.iter().map(|b| b.name.clone()).collect(),
        Some(ComponentConfig::RunModule(m)) => m.module_exits.clone(),
        _ => Vec::new(),
    };
    let mut exits: Vec<ExitInfo> = Vec::with_capacity(dynamic.len() + spec.exits.len());
    for name in dynamic {
        if !exits.iter().any(|e| e.name == name) {
            exits.push(ExitInfo {
                name,
                required: true,
                connectable: true,
                fallback: None,
                post_call: false,
            });
        }
    }
    exits.extend(spec.exits.iter().map(ExitInfo::from));
    exits
}

#[cfg(test)]
mod tests;
