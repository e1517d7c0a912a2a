//! The published JSON Schema of the flow file, generated from the Rust types.
//!
//! The document keeps each component's `config` as an open object (see [`crate::config`]); the
//! published schema is stricter: for every kind it adds an `if kind == … then config: …` rule
//! with that kind's config schema, so that a standard validator checks configs too.

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::catalog::ComponentKind;
use crate::file::FlowFile;

/// Where the schema is shipped in the repository, relative to the workspace root.
pub const SCHEMA_PATH: &str = "schema/callflow.schema.json";

/// The JSON Schema (draft 2020-12) of `*.callflow.json`, as canonical text.
pub fn flow_file_schema() -> String {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let per_kind: Vec<Value> = ComponentKind::ALL
        .iter()
        .map(|&kind| {
            let config = kind.config_subschema(&mut generator).to_value();
            json!({
                "if": { "properties": { "kind": { "const": kind.id() } }, "required": ["kind"] },
                "then": { "properties": { "config": config } }
            })
        })
        .collect();
    let mut schema = generator.into_root_schema_for::<FlowFile>().to_value();
    schema["$id"] = json!("https://callflow.studio/schema/callflow.schema.json");
    schema["title"] = json!("Callflow Studio flow file");
    if let Some(component) = schema.pointer_mut("/$defs/Component") {
        component["allOf"] = Value::Array(per_kind);
    }
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas print");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped schema must be what the types generate; `make schema` (or
    /// `UPDATE_SCHEMA=1 cargo test`) rewrites it.
    #[test]
    fn shipped_schema_is_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(SCHEMA_PATH);
        let fresh = flow_file_schema();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &fresh).unwrap();
        }
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(shipped == fresh, "{SCHEMA_PATH} is stale: run `make schema` and commit it");
    }

    #[test]
    fn every_kind_has_a_config_rule() {
        let schema: Value = serde_json::from_str(&flow_file_schema()).unwrap();
        let rules = schema.pointer("/$defs/Component/allOf").and_then(Value::as_array).unwrap();
        assert_eq!(rules.len(), ComponentKind::ALL.len());
    }
}
