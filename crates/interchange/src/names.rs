//! Names that cross the border: Connect identifiers <-> component ids, Connect attribute
//! references (`$.Attributes.x`) <-> flow variables.

/// A component id for a Connect identifier: letters, digits, `-` and `_` kept, anything else
/// becomes `_`.
pub fn component_id(identifier: &str) -> String {
    let id: String = identifier
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    if id.is_empty() { "action".into() } else { id }
}

/// A flow variable name (letters, digits, `_`, not starting with a digit).
pub fn variable_name(raw: &str) -> String {
    let mut name: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

/// `snake_case` of a Connect path segment (`CustomerEndpoint` -> `customer_endpoint`).
fn snake(segment: &str) -> String {
    let mut out = String::new();
    for (i, c) in segment.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The flow variable that stands for a Connect reference, and whether it is the same value
/// (`$.Attributes.x` is; `$.External.x`, `$.Channel`, ... are read from a variable the designer
/// sets in tests and environments instead).
pub fn variable_for_reference(reference: &str) -> Option<(String, bool)> {
    let path = reference.strip_prefix("$.")?;
    if path.is_empty() {
        return None;
    }
    if let Some(attribute) = path.strip_prefix("Attributes.") {
        return Some((variable_name(attribute), variable_name(attribute) == attribute));
    }
    if let Some(result) = path.strip_prefix("External.") {
        return Some((format!("external_{}", variable_name(result)), false));
    }
    let joined: Vec<String> = path.split('.').map(snake).collect();
    Some((variable_name(&joined.join("_")), false))
}

/// The Connect reference a flow variable is written back as (the inverse of
/// [`variable_for_reference`] for the names it produces).
pub fn reference_for_variable(variable: &str) -> String {
    if variable == "stored_customer_input" {
        return "$.StoredCustomerInput".into();
    }
    if let Some(result) = variable.strip_prefix("external_") {
        return format!("$.External.{result}");
    }
    format!("$.Attributes.{variable}")
}

/// A CEL string literal.
pub fn cel_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text of a CEL expression that is exactly one double-quoted string literal.
pub fn cel_string_value(expression: &str) -> Option<String> {
    let inner = expression.trim().strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                c @ ('"' | '\\' | '\'') => out.push(c),
                _ => return None,
            },
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// Whether `text` is a plain identifier (a variable reference in CEL).
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_map_to_variables_and_back() {
        for (reference, variable, exact) in [
            ("$.Attributes.greetingPlayed", "greetingPlayed", true),
            ("$.External.status", "external_status", false),
            ("$.StoredCustomerInput", "stored_customer_input", false),
            ("$.CustomerEndpoint.Address", "customer_endpoint_address", false),
            ("$.Attributes.my-attr", "my_attr", false),
        ] {
            assert_eq!(variable_for_reference(reference), Some((variable.to_string(), exact)), "{reference}");
        }
        assert_eq!(reference_for_variable("greetingPlayed"), "$.Attributes.greetingPlayed");
        assert_eq!(reference_for_variable("external_status"), "$.External.status");
        assert_eq!(reference_for_variable("stored_customer_input"), "$.StoredCustomerInput");
        assert_eq!(variable_for_reference("plain text"), None);
    }

    #[test]
    fn cel_strings_round_trip() {
        for text in ["", "gold", "say \"hi\"\\n", "line\nbreak"] {
            assert_eq!(cel_string_value(&cel_string(text)).as_deref(), Some(text));
        }
        assert_eq!(cel_string_value("score + 1"), None);
        assert_eq!(cel_string_value("\"a\" + \"b\""), None);
    }

    #[test]
    fn ids_are_sanitized() {
        assert_eq!(component_id("FLOW_OBJECT_MAPS#"), "FLOW_OBJECT_MAPS_");
        assert_eq!(component_id("f975c9af-7dff"), "f975c9af-7dff");
        assert_eq!(variable_name("9lives"), "_9lives");
    }
}
