//! Memos and parsed forms shared by the rules.
//!
//! Validation runs on every edit, and an edit changes one component: the other components'
//! expressions are the same as last time. Each thread remembers the parse of each expression
//! text (cleared when it grows past [`MAX_ENTRIES`]). Configs are parsed afresh on every check:
//! measured, any lookup that stays correct under edits (hashing the config tree, or comparing
//! it with a remembered copy) costs about as much as the parse itself.

use std::cell::RefCell;
use std::rc::Rc;

use callflow_model::{ComponentConfig, ComponentKind, ConfigError};
use serde_json::Value;

use crate::{Exit, FastMap, exits_for};

const MAX_ENTRIES: usize = 100_000;

/// A config read through its kind, and the exits it gives the component.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub config: Result<ComponentConfig, ConfigError>,
    pub exits: std::borrow::Cow<'static, [Exit]>,
}

/// What an expression reads (`(root, first field)` pairs), or why it does not parse.
pub(crate) type ParsedExpression = Rc<Result<Vec<(String, Option<String>)>, String>>;

thread_local! {
    static EXPRESSIONS: RefCell<FastMap<String, ParsedExpression>> = RefCell::new(FastMap::default());
}

fn parse(kind: ComponentKind, value: &Value) -> Parsed {
    let config = ComponentConfig::parse(kind, value);
    let exits = exits_for(kind, config.as_ref().ok());
    Parsed { config, exits }
}

/// The parsed config of a `kind` component whose config is `value`.
///
/// Not remembered: measured, a lookup that is safe against edits (hashing the config tree, or
/// comparing it with a remembered copy) costs about as much as parsing it again.
pub(crate) fn config(kind: ComponentKind, value: &Value) -> Parsed {
    parse(kind, value)
}

/// The parse of expression `source`.
pub(crate) fn expression(source: &str) -> ParsedExpression {
    EXPRESSIONS.with(|memo| {
        if let Some(parsed) = memo.borrow().get(source) {
            return parsed.clone();
        }
        let parsed = Rc::new(crate::expressions::parse(source));
        let mut memo = memo.borrow_mut();
        if memo.len() >= MAX_ENTRIES {
            memo.clear();
        }
        memo.insert(source.to_string(), parsed.clone());
        parsed
    })
}

/// Forgets everything remembered on this thread (for cold-start measurements).
pub fn clear() {
    EXPRESSIONS.with(|m| m.borrow_mut().clear());
}
