//! Breakpoints of the app's step debugger, saved with the flow's test data (`breakpoints` in the
//! flow file) so a flow reopens with the places its author stops at.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::document::{ComponentId, ExitName};

/// Where the debugger stops: before `component` is entered, or (with `exit`) after it is left
/// by that exit; with `condition`, only when that CEL expression over the call's variables holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct SavedBreakpoint {
    pub component: ComponentId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub exit: Option<ExitName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub condition: Option<String>,
    /// Kept in the list but not stopped at.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub disabled: bool,
}
