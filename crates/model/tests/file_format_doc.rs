//! `docs/file-format.md` is partly generated from the catalog and the config schemas: the
//! section between the `BEGIN GENERATED` and `END GENERATED` markers lists every kind with its
//! exits and config fields. This test fails when that section is stale (`UPDATE_DOCS=1 cargo test
//! -p callflow-model --test file_format_doc` rewrites it), and checks that the complete example
//! in the document really reads as a flow file.

use std::fmt::Write;
use std::path::PathBuf;

use callflow_model::{ComponentKind, DefaultErrorBehavior, DynamicExits, KindGroup, Role};
use serde_json::Value;

const BEGIN: &str =
    "<!-- BEGIN GENERATED: kinds (do not edit by hand; see crates/model/tests/file_format_doc.rs) -->\n";
const END: &str = "<!-- END GENERATED: kinds -->\n";

fn doc_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/file-format.md")
}

/// A short type name for a property schema.
fn type_name(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return format!("`{}`", r.rsplit('/').next().unwrap_or(r));
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let parts: Vec<String> =
            any.iter().filter(|s| s.get("type") != Some(&Value::from("null"))).map(type_name).collect();
        return format!("{} or null", parts.join(" or "));
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .map(|v| format!("`{}`", v.as_str().unwrap_or("?")))
            .collect::<Vec<_>>()
            .join(" \\| ");
    }
    match schema.get("type") {
        Some(Value::String(t)) if t == "array" => {
            format!("array of {}", schema.get("items").map(type_name).unwrap_or_else(|| "values".into()))
        }
        Some(Value::String(t)) if t == "object" => match schema.get("additionalProperties") {
            Some(inner @ Value::Object(_)) => format!("map of {}", type_name(inner)),
            _ => "object".into(),
        },
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .map(str::to_string)
            .collect::<Vec<_>>()
            .join(" or ")
            .to_string(),
        _ => "any".into(),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

fn render_kinds() -> String {
    let mut out = String::new();
    let groups = [
        (KindGroup::Flow, "Flow structure"),
        (KindGroup::Ivr, "IVR and logic"),
        (KindGroup::Routing, "Routing and agents"),
        (KindGroup::Dialer, "Outbound dialer"),
        (KindGroup::Callbacks, "Queues and callbacks"),
    ];
    for (group, title) in groups {
        let _ = writeln!(out, "### {title}\n");
        for &kind in ComponentKind::ALL.iter().filter(|k| k.spec().group == group) {
            let spec = kind.spec();
            let _ = writeln!(out, "#### `{}`: {}\n", kind.id(), spec.label);
            let _ = writeln!(out, "{} *Vendor names:* {}.\n", spec.description, spec.vendor_names);
            let error = match spec.error_handling {
                DefaultErrorBehavior::Unsupported => "none (no error-handling section)".to_string(),
                DefaultErrorBehavior::EndFlow => "default ends the flow".to_string(),
                DefaultErrorBehavior::FollowExit { exit } => {
                    format!("default follows `{exit}` when connected, else ends the flow")
                }
                DefaultErrorBehavior::PlayErrorMessageThenHangUp => {
                    "default plays `error_in_request_message`, then hangs up".to_string()
                }
            };
            let role = match spec.role {
                Role::Step => "step",
                Role::Entry => "entry (exactly one per flow)",
                Role::EventHandler => "event handler (an extra root)",
                Role::Terminal => "terminal (no exits)",
            };
            let flow_types = if spec.flow_types.is_empty() {
                "all".to_string()
            } else {
                spec.flow_types
                    .iter()
                    .map(|t| format!("`{}`", serde_json::to_value(t).unwrap().as_str().unwrap()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                out,
                "Role: {role}. Voice: {}. Alternative keys: {}. Error handling: {error}. Flow types: {flow_types}.{}\n",
                if spec.voice { "yes" } else { "no" },
                if spec.alternative_keys { "yes, `0-9 * #`" } else { "no" },
                if spec.forbidden_after_call { " Not allowed after a post-call exit." } else { "" },
            );
            let mut exits: Vec<String> = Vec::new();
            match spec.dynamic_exits {
                DynamicExits::None => {}
                DynamicExits::MenuOptions => {
                    exits.push("| `key_<k>` | mandatory, one per menu option |".into())
                }
                DynamicExits::Branches => exits.push("| *branch name* | mandatory, one per branch |".into()),
                DynamicExits::ModuleExits => {
                    exits.push("| *module exit* | mandatory, one per module exit |".into())
                }
            }
            for exit in spec.exits {
                let what = if !exit.connectable {
                    "system exit: taken, never connected".to_string()
                } else if exit.post_call {
                    "optional; post-call (targets restricted)".to_string()
                } else if exit.required {
                    "mandatory".to_string()
                } else if let Some(fallback) = exit.fallback {
                    format!("optional; unconnected falls back to `{fallback}`")
                } else {
                    "optional; unconnected hangs up".to_string()
                };
                exits.push(format!("| `{}` | {what} |", exit.name));
            }
            if exits.is_empty() {
                let _ = writeln!(out, "Exits: none.\n");
            } else {
                let _ = writeln!(out, "| exit | |\n|---|---|\n{}\n", exits.join("\n"));
            }
            let schema = kind.config_schema().to_value();
            let properties = schema.get("properties").and_then(Value::as_object);
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            match properties.filter(|p| !p.is_empty()) {
                None => {
                    let _ = writeln!(out, "Config: none.\n");
                }
                Some(properties) => {
                    let _ =
                        writeln!(out, "| config field | type | default | description |\n|---|---|---|---|");
                    for (name, prop) in properties {
                        let default = match prop.get("default") {
                            Some(v) => format!("`{v}`"),
                            None if required.contains(&name.as_str()) => "**required**".into(),
                            None => "unset".into(),
                        };
                        let description = prop.get("description").and_then(Value::as_str).unwrap_or("");
                        let _ = writeln!(
                            out,
                            "| `{name}` | {} | {default} | {} |",
                            type_name(prop),
                            one_line(description)
                        );
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[test]
fn generated_kind_reference_is_up_to_date() {
    let path = doc_path();
    let doc = std::fs::read_to_string(&path).expect("docs/file-format.md exists");
    let (Some(start), Some(end)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/file-format.md lacks the generated-section markers");
    };
    let fresh = format!("{}{BEGIN}\n{}{END}{}", &doc[..start], render_kinds(), &doc[end + END.len()..]);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    assert!(doc == fresh, "the kind reference in docs/file-format.md is stale: run `make docs`");
}

#[test]
fn the_complete_example_reads() {
    let doc = std::fs::read_to_string(doc_path()).unwrap();
    let start = doc.find("```json\n").expect("an example") + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let example = &doc[start..end];
    let file =
        callflow_model::read_str("docs/file-format.md example", example).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(file.to_json(), example, "the example is not in canonical format");
}
