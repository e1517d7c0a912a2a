//! The file commands as a user runs them: exit codes, messages and outputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn callflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callflow")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".callflow.json"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the sample flows are missing");
    files
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn every_sample_validates_clean_and_is_canonical() {
    let files: Vec<String> = samples().iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    let out = callflow(&args);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains(" 0 errors"), "{}", stdout(&out));

    args[0] = "fmt";
    args.insert(1, "--check");
    let out = callflow(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn unreadable_files_exit_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.callflow.json",
        "{\n  \"format\": \"callflow\",\n  \"version\": 1,\n  \"flow\": [\n",
    );
    let out = callflow(&["validate", &bad]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains(&format!("{bad}:5:")), "{text}");

    let kind = write(
        dir.path(),
        "kind.callflow.json",
        r#"{"format":"callflow","version":1,"flow":{"id":"f","name":"F","type":"inbound","entry":"s",
            "components":{"s":{"kind":"teleport","name":"S"}}}}"#,
    );
    let out = callflow(&["validate", "--format", "json", &kind]);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = &json["files"][0]["error"];
    assert_eq!(error["json_path"], "flow.components.s.kind");
    assert_eq!(error["position"]["line"], 2);
    assert!(error["message"].as_str().unwrap().contains("unknown variant `teleport`"), "{error}");
}

#[test]
fn a_missing_file_is_unreadable_not_a_panic() {
    let out = callflow(&["validate", "/nonexistent/x.callflow.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("cannot read the file"), "{}", stdout(&out));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn huge_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.callflow.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(200 * 1024 * 1024).unwrap(); // sparse: costs no disk
    let out = callflow(&["validate", &path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("limited to 64 MiB"), "{}", stdout(&out));
}

#[test]
fn fmt_rewrites_and_check_reports() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read_to_string(&samples()[0]).unwrap();
    let compact: serde_json::Value = serde_json::from_str(&sample).unwrap();
    let path = write(dir.path(), "c.callflow.json", &serde_json::to_string(&compact).unwrap());

    let out = callflow(&["fmt", "--check", &path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("not in canonical format"));

    let out = callflow(&["fmt", &path]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), sample);
    assert_eq!(callflow(&["fmt", "--check", &path]).status.code(), Some(0));
}

#[test]
fn graph_draws_exits_keys_and_error_routes() {
    let support = samples().into_iter().find(|p| p.ends_with("inbound-support.callflow.json")).unwrap();
    let support = support.to_string_lossy();
    let mermaid = stdout(&callflow(&["graph", &support, "--format", "mermaid"]));
    assert!(mermaid.starts_with("flowchart LR\n"));
    assert!(mermaid.contains("|\"key 9\"|"), "{mermaid}");
    assert!(mermaid.contains("|\"call_finished\"|"));
    assert!(mermaid.contains("-.->|\"error\"|"));

    let dot = stdout(&callflow(&["graph", &support, "--format", "dot"]));
    assert!(dot.starts_with("digraph \"Inbound support line\" {"));
    assert!(dot.contains("\"billing_queue\" -> \"callback\" [label=\"key 1\"];"), "{dot}");
    assert!(dot.contains("style=dashed"));
}

#[test]
fn catalog_lists_every_kind() {
    let json: serde_json::Value =
        serde_json::from_slice(&callflow(&["catalog", "--format", "json"]).stdout).unwrap();
    let kinds: Vec<&str> = json.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.len(), 30);
    assert!(kinds.contains(&"assignment_dial") && kinds.contains(&"decline_callback"));
    let human = stdout(&callflow(&["catalog"]));
    assert!(human.contains("assignment_dial") && human.contains("keys 0-9 * #"), "{human}");
}

#[test]
fn schema_is_the_shipped_one() {
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/callflow.schema.json"),
    )
    .unwrap();
    assert_eq!(stdout(&callflow(&["schema"])), shipped);
}
