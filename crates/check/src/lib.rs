//! Designer-time validation of call flows.
//!
//! [`check`] turns a flow into [`Diagnostic`]s with stable codes (documented in
//! `docs/diagnostics.md`). Errors block publishing and simulation; warnings do not.

use callflow_model::{ComponentId, ExitName, Flow};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
}

/// A resolver that knows no other flows: module checks that need the module are skipped.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFlows;

impl FlowResolver for NoFlows {
    fn flow(&self, _id: &str) -> Option<&Flow> {
        None
    }
}

impl FlowResolver for std::collections::BTreeMap<String, Flow> {
    fn flow(&self, id: &str) -> Option<&Flow> {
        self.get(id)
    }
}

/// Every finding about `flow`, errors first, in a stable order.
pub fn check(flow: &Flow, flows: &dyn FlowResolver) -> Vec<Diagnostic> {
    let _ = (flow, flows);
    Vec::new()
}

/// Whether any diagnostic is an error (which blocks publishing and running).
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
