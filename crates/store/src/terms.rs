//! The searchable terms of a flow, kept in the `flow_terms` table and rewritten on every save of
//! the draft: the kinds of component it uses, the phone numbers that appear in component configs
//! and the queues (queues, ring groups, agent groups) it routes to.
//!
//! Configs are walked as JSON rather than through the typed views so that a half-edited config
//! still gets indexed, and so that a kind added to the catalog is covered without touching this
//! module: a phone number is any string that looks like one, a queue is the value of a field named
//! like one.

use std::collections::BTreeSet;

use callflow_model::Flow;
use serde_json::Value;

/// The kind of a search term, as stored in `flow_terms.kind`.
pub(crate) const KIND: &str = "kind";
pub(crate) const PHONE: &str = "phone";
pub(crate) const QUEUE: &str = "queue";

/// Config fields whose string values (or lists of strings) name a queue or group.
const QUEUE_FIELDS: &[&str] = &["queue", "queues", "agent_group", "ring_groups"];

/// Every (kind, term) of `flow`, without duplicates.
pub(crate) fn terms(flow: &Flow) -> BTreeSet<(&'static str, String)> {
    let mut out = BTreeSet::new();
    for component in flow.components.values() {
        out.insert((KIND, component.kind.id().to_string()));
        walk(&component.config, None, &mut out);
    }
    out
}

fn walk(value: &Value, field: Option<&str>, out: &mut BTreeSet<(&'static str, String)>) {
    match value {
        Value::String(s) => {
            if field.is_some_and(|f| QUEUE_FIELDS.contains(&f)) {
                let q = s.trim();
                if !q.is_empty() {
                    out.insert((QUEUE, q.to_lowercase()));
                }
            } else if let Some(phone) = phone_number(s) {
                out.insert((PHONE, phone));
            }
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, field, out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, Some(k), out)),
        _ => {}
    }
}

/// `s` normalized to `+` and digits if it looks like a phone number: at least five digits,
/// an optional leading `+`, and otherwise only spaces, dashes, dots and parentheses.
pub(crate) fn phone_number(s: &str) -> Option<String> {
    let s = s.trim();
    let (plus, rest) = match s.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", s),
    };
    let mut digits = String::with_capacity(rest.len() + 1);
    digits.push_str(plus);
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    (digits.len() - plus.len() >= 5).then_some(digits)
}

/// A phone search as the digits to look for (`+`, spaces and punctuation dropped).
pub(crate) fn phone_query(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use callflow_model::{Component, ComponentKind, FlowType};
    use serde_json::json;

    #[test]
    fn phone_numbers_are_recognized_and_normalized() {
        assert_eq!(phone_number("+420 123 456 789").as_deref(), Some("+420123456789"));
        assert_eq!(phone_number("(555) 123-4567").as_deref(), Some("5551234567"));
        assert_eq!(phone_number("1234"), None);
        assert_eq!(phone_number("x > 12345"), None);
        assert_eq!(phone_number("sales"), None);
    }

    #[test]
    fn kinds_phones_and_queues_are_collected_from_configs() {
        let mut flow = Flow::new("f", "F", FlowType::Inbound);
        let mut fwd = Component::new(ComponentKind::ForwardExternal, "Fwd");
        fwd.config = json!({"phone_number": {"literal": "+1 555 0100"}, "caller_id": {"type": "original"}});
        let mut q = Component::new(ComponentKind::AssignmentDial, "Q");
        q.config = json!({"selection": {"type": "ring_groups", "ring_groups": ["Sales", "Support"]}});
        flow.components.insert("fwd".into(), fwd);
        flow.components.insert("q".into(), q);
        let t = terms(&flow);
        assert!(t.contains(&(KIND, "forward_external".into())));
        assert!(t.contains(&(KIND, "start".into())));
        assert!(t.contains(&(PHONE, "+15550100".into())));
        assert!(t.contains(&(QUEUE, "sales".into())));
        assert!(t.contains(&(QUEUE, "support".into())));
        assert!(!t.iter().any(|(k, v)| *k == PHONE && v == "original"));
    }
}
