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

mod cache;
mod callbacks;
mod cel_compat;
pub mod codes;
mod dialer;
mod expressions;
mod graph;
mod handling;
pub mod message;
mod modules;
mod phone;
mod post_call;
mod schedule;
mod settings;
mod source;
mod structure;

use std::cell::RefCell;
use std::collections::HashMap;

use std::borrow::Cow;
use std::hash::BuildHasherDefault;

use callflow_model::{Component, ComponentConfig, ComponentId, ComponentKind, ExitName, Flow};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use codes::CodeInfo;
pub use message::{Arg, Wording};
use message::{Words, templates, words};
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
    /// `message` and `hint` as templates and arguments, for a UI that words them in another
    /// language (see [`message`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub wording: Option<Wording>,
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
    settings::check(&ctx);
    phone::check(&mut ctx);
    schedule::check(&mut ctx);
    structure::check_loops(&mut ctx);
    post_call::check(&mut ctx);
    callbacks::check(&mut ctx);
    modules::check(&mut ctx);
    dialer::check(&mut ctx);
    let mut diagnostics = ctx.diagnostics.into_inner();
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

/// Forgets the parsed configs and expressions this thread remembers between checks (see the
/// `cache` module); only useful to measure a cold check.
#[doc(hidden)]
pub fn clear_caches() {
    cache::clear();
}

/// Whether `source` parses as a CEL expression the way the rules parse it (CF0601 when not);
/// the error says why. Public for the parity test against the engine's parser
/// (`tests/cel_parity.rs`): the checks use cel's Pratt parser, the engine `Program::compile`.
#[doc(hidden)]
pub fn parse_expression(source: &str) -> Result<(), String> {
    expressions::parse(source).map(|_| ())
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
    pub index: FastMap<&'a str, usize>,
    /// Parsed config and exits per component ([`cache::config`]).
    parsed: Vec<cache::Parsed>,
    /// The exits written in each component, resolved (see [`Link`]), flat; component `i`'s are
    /// `links[link_at[i]..link_at[i + 1]]`.
    links: Vec<Link<'a>>,
    link_at: Vec<u32>,
    /// Whether each of a component's [`Exit`]s is connected, flat like `links`.
    connected: Vec<bool>,
    connected_at: Vec<u32>,
    pub graph: graph::FlowGraph,
    /// Root identifiers each component's expressions read (filled by [`expressions`]).
    pub reads: Vec<Vec<String>>,
    /// The findings so far; a `RefCell` so rules can report while they borrow the flow's parts.
    pub diagnostics: RefCell<Vec<Diagnostic>>,
}

impl<'a> Ctx<'a> {
    fn new(flow: &'a Flow, flows: &'a dyn FlowResolver) -> Ctx<'a> {
        let comps: Vec<(&str, &Component)> = flow.components.iter().map(|(id, c)| (id.as_str(), c)).collect();
        let index: FastMap<&str, usize> = comps.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        let mut diagnostics = Vec::new();
        let parsed: Vec<cache::Parsed> =
            comps.iter().map(|(_, c)| cache::config(c.kind, &c.config)).collect();
        for ((id, c), p) in comps.iter().zip(&parsed) {
            if let Err(err) = &p.config {
                diagnostics.push(config_error(id, c, err));
            }
        }
        // Every exit written in the document, resolved once: which exit of the kind it is and
        // which component it leads to. The rules and the graph read these, not the maps.
        let mut links: Vec<Link<'a>> = Vec::with_capacity(comps.len() * 3);
        let mut link_at: Vec<u32> = Vec::with_capacity(comps.len() + 1);
        let mut connected: Vec<bool> = Vec::with_capacity(comps.len() * 4);
        let mut connected_at: Vec<u32> = Vec::with_capacity(comps.len() + 1);
        for ((_, c), p) in comps.iter().zip(&parsed) {
            link_at.push(links.len() as u32);
            let base = connected.len();
            connected_at.push(base as u32);
            connected.resize(base + p.exits.len(), false);
            for (exit, target) in &c.exits {
                let info = p.exits.iter().position(|e| e.name == exit.as_str());
                if let (Some(k), Some(_)) = (info, target) {
                    connected[base + k] = true;
                }
                let target = target.as_deref();
                links.push(Link { exit, target, to: target.and_then(|t| index.get(t).copied()), info });
            }
        }
        link_at.push(links.len() as u32);
        connected_at.push(connected.len() as u32);
        let mut ctx = Ctx {
            flow,
            flows,
            graph: graph::FlowGraph::default(),
            reads: Vec::new(),
            comps,
            index,
            parsed,
            links,
            link_at,
            connected,
            connected_at,
            diagnostics: RefCell::new(diagnostics),
        };
        ctx.graph = graph::FlowGraph::build(&ctx);
        ctx
    }

    /// The parsed config of component `i` (`None` when it does not parse: CF0201).
    pub fn config(&self, i: usize) -> Option<&ComponentConfig> {
        self.parsed[i].config.as_ref().ok()
    }

    /// The exits of component `i`: the catalog's and those derived from its config.
    pub fn exits(&self, i: usize) -> &[Exit] {
        &self.parsed[i].exits
    }

    /// Whether exit `k` of `self.exits(i)` is connected.
    pub fn is_connected(&self, i: usize, k: usize) -> bool {
        self.connected[self.connected_at[i] as usize + k]
    }

    /// The exits written in component `i`, resolved.
    pub fn links(&self, i: usize) -> &[Link<'a>] {
        &self.links[self.link_at[i] as usize..self.link_at[i + 1] as usize]
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

    pub fn path(&self, i: usize, rest: &str) -> Option<String> {
        Some(format!("{}{rest}", component_path(self.id(i))))
    }

    /// The exit `name` of component `i`, if it has one.
    pub fn exit_info(&self, i: usize, name: &str) -> Option<&Exit> {
        self.exits(i).iter().find(|e| e.name == name)
    }

    /// The argument that names component `i` in a message: `Menu "Main menu" (main_menu)` in
    /// English.
    pub fn subject(&self, i: usize) -> Arg {
        let (id, c) = self.comps[i];
        Arg::Component { id: id.to_string(), kind: c.kind, name: c.name.clone() }
    }

    /// Reports a finding about component `i` (or the flow) and one of its exits.
    pub fn report(
        &self,
        code: &CodeInfo,
        component: Option<usize>,
        exit: Option<&str>,
        words: Words,
        path: Option<String>,
    ) {
        let id = component.map(|i| self.id(i));
        self.diagnostics.borrow_mut().push(diagnostic(code, id, exit, words, path));
    }
}

/// A finding, worded by `words`.
pub(crate) fn diagnostic(
    code: &CodeInfo,
    component: Option<&str>,
    exit: Option<&str>,
    words: Words,
    path: Option<String>,
) -> Diagnostic {
    let (message, hint, wording) = words.render();
    Diagnostic {
        code: code.code.to_string(),
        severity: code.severity,
        component: component.map(str::to_string),
        exit: exit.map(str::to_string),
        message,
        hint,
        path,
        wording: Some(wording),
    }
}

templates! { "check";
    BAD_CONFIG = "{who}: the settings are invalid at `{path}`: {error}";
    FIX_CONFIG = "Fix the {kind} settings; see the `{kind_id}` entry of `callflow catalog` for the fields and their types.";
}

fn config_error(id: &str, c: &Component, err: &callflow_model::ConfigError) -> Diagnostic {
    let base = format!("{}.config", component_path(id));
    let path = if err.path.is_empty() {
        base
    } else if err.path.starts_with('[') {
        format!("{base}{}", err.path)
    } else {
        format!("{base}.{}", err.path)
    };
    let who = Arg::Component { id: id.to_string(), kind: c.kind, name: c.name.clone() };
    diagnostic(
        codes::BAD_CONFIG,
        Some(id),
        None,
        words!(BAD_CONFIG, FIX_CONFIG; who = who, path = &path, error = &err.message, kind = c.kind, kind_id = c.kind.id()),
        Some(path),
    )
}

/// An exit as written in a component's `exits`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Link<'a> {
    pub exit: &'a str,
    /// The component id it sends to, if connected.
    pub target: Option<&'a str>,
    /// The index of that component, when it exists.
    pub to: Option<usize>,
    /// The index of this exit in the component's [`Exit`] list, when the component has it.
    pub info: Option<usize>,
}

/// One exit of one component: [`callflow_model::ExitInfo`] without allocating for the
/// catalog's static names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Exit {
    pub name: Cow<'static, str>,
    pub required: bool,
    pub connectable: bool,
    pub fallback: Option<&'static str>,
    pub post_call: bool,
}

impl Exit {
    #[cfg(test)]
    pub fn to_info(&self) -> callflow_model::ExitInfo {
        callflow_model::ExitInfo {
            name: self.name.to_string(),
            required: self.required,
            connectable: self.connectable,
            fallback: self.fallback.map(str::to_string),
            post_call: self.post_call,
        }
    }
}

/// `key_<k>` for each key in [`callflow_model::DtmfKey::ALL`] order, as
/// [`callflow_model::config::menu_exit`] spells it (a test keeps them equal).
const MENU_EXITS: [&str; 12] = [
    "key_1", "key_2", "key_3", "key_4", "key_5", "key_6", "key_7", "key_8", "key_9", "key_*", "key_0",
    "key_#",
];

fn menu_exit(key: callflow_model::DtmfKey) -> &'static str {
    let n = callflow_model::DtmfKey::ALL.iter().position(|&k| k == key).unwrap_or(0);
    MENU_EXITS[n]
}

/// The exits of a component of `kind` whose config parsed to `config`: the same list as
/// [`callflow_model::exits_of`] (a test keeps them equal), without parsing the config again.
/// A kind's static exits are built once per process and shared: most components have no
/// exits derived from their config, and an allocation per component showed in the profile.
fn exits_for(kind: ComponentKind, config: Option<&ComponentConfig>) -> Cow<'static, [Exit]> {
    static STATIC_EXITS: std::sync::OnceLock<Vec<Vec<Exit>>> = std::sync::OnceLock::new();
    let dynamic: Vec<Cow<'static, str>> = match config {
        Some(ComponentConfig::Menu(menu)) => {
            menu.options.iter().map(|o| Cow::Borrowed(menu_exit(o.key))).collect()
        }
        Some(ComponentConfig::Conditional(c)) => {
            c.branches.iter().map(|b| Cow::Owned(b.name.clone())).collect()
        }
        Some(ComponentConfig::RunModule(m)) => m.module_exits.iter().map(|e| Cow::Owned(e.clone())).collect(),
        _ => Vec::new(),
    };
    if dynamic.is_empty() {
        let all = STATIC_EXITS
            .get_or_init(|| ComponentKind::ALL.iter().map(|&k| exits_with(k, Vec::new())).collect());
        if let Some(exits) = ComponentKind::ALL.iter().position(|&k| k == kind).and_then(|n| all.get(n)) {
            return Cow::Borrowed(exits.as_slice());
        }
    }
    Cow::Owned(exits_with(kind, dynamic))
}

/// `dynamic` exits (deduplicated), then the kind's static ones.
fn exits_with(kind: ComponentKind, dynamic: Vec<Cow<'static, str>>) -> Vec<Exit> {
    let spec = kind.spec();
    let mut exits: Vec<Exit> = Vec::with_capacity(dynamic.len() + spec.exits.len());
    for name in dynamic {
        if !exits.iter().any(|e| e.name == name) {
            exits.push(Exit { name, required: true, connectable: true, fallback: None, post_call: false });
        }
    }
    exits.extend(spec.exits.iter().map(|e| Exit {
        name: Cow::Borrowed(e.name),
        required: e.required,
        connectable: e.connectable,
        fallback: e.fallback,
        post_call: e.post_call,
    }));
    exits
}

/// FxHash (as in rustc) with a mixing finaliser: a fast hash for the short keys of one flow. Not DoS-resistant, which
/// does not matter for validating a designer's own file.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        // Fx alone leaves the low bits (which pick the bucket) blind to differences in the
        // middle of a key (`b1234_menu` vs `b1235_menu`): mix the high bits down (murmur3's
        // finaliser), or similar ids pile up in one bucket group and lookups turn quadratic.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests;
