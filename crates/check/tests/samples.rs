//! The sample flows in `flows/` validate without errors (with each other as the known flows).

use std::collections::BTreeMap;

use callflow_check::{check_environment, check_source, has_errors};
use callflow_model::Flow;

#[test]
fn sample_flows_have_no_errors() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../flows");
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut files: Vec<(String, String, callflow_model::FlowFile)> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.to_string_lossy().ends_with(".callflow.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let file = callflow_model::read_str(&path.display().to_string(), &text).unwrap();
        files.push((path.display().to_string(), text, file));
    }
    let library: BTreeMap<String, Flow> =
        files.iter().map(|(_, _, f)| (f.flow.id.clone(), f.flow.clone())).collect();
    let mut report = String::new();
    for (name, text, file) in &files {
        let mut d = check_source(text, &file.flow, &library);
        if let Some(env) = &file.environment {
            d.extend(check_environment(env));
        }
        for x in &d {
            report.push_str(&format!("{name}: {} {:?} {}\n", x.code, x.severity, x.message));
        }
        assert!(!has_errors(&d), "{report}");
    }
    eprintln!("{report}");
}
