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

/// A sample with one deliberate fault (made by `mutate` in `mutated`) must be reported with the
/// right code, located in the file, when `validated` is checked (exit 1).
fn assert_variant_fails_in(
    mutated: &str,
    validated: &str,
    code: &str,
    mutate: impl FnOnce(&mut serde_json::Value),
) {
    let dir = tempfile::tempdir().unwrap();
    // Copy every sample so the modules a flow calls are found beside it.
    for path in samples() {
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let path = dir.path().join(mutated);
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    mutate(&mut doc);
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let path = dir.path().join(validated);
    let out = callflow(&["validate", "--format", "json", &path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1), "{validated} variant for {code}: {}", stdout(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = report["files"][0]["diagnostics"].as_array().unwrap();
    let errors: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(errors.contains(&code), "{validated}: expected {code}, got {errors:?}");
    let located = diagnostics.iter().find(|d| d["code"] == code).unwrap();
    assert!(located["line"].as_u64().is_some(), "{code} has no line: {located}");
    // The JSON carries the words as template ids and arguments too, for tools that translate.
    let wording = &located["wording"];
    assert!(
        wording["message"].as_str().is_some_and(|id| id.contains('.')),
        "{code} has no wording: {located}"
    );
    assert!(wording["hint"].as_str().is_some() && wording["args"].is_object(), "{code}: {wording}");
}

fn assert_variant_fails(sample: &str, code: &str, mutate: impl FnOnce(&mut serde_json::Value)) {
    assert_variant_fails_in(sample, sample, code, mutate);
}

#[test]
fn a_removed_target_is_a_dangling_exit() {
    assert_variant_fails("inbound-support.callflow.json", "CF0105", |doc| {
        doc["flow"]["components"].as_object_mut().unwrap().remove("voicemail");
    });
}

#[test]
fn a_forbidden_post_call_target_is_refused() {
    assert_variant_fails("inbound-support.callflow.json", "CF0401", |doc| {
        doc["flow"]["components"]["billing_queue"]["exits"]["call_finished"] = "voicemail".into();
    });
}

#[test]
fn a_forbidden_kind_inside_a_post_call_module_is_refused() {
    // The survey module gains a voicemail; the missed-call flow runs it after the call.
    assert_variant_fails_in(
        "post-call-survey.callflow.json",
        "missed-call-handling.callflow.json",
        "CF0402",
        |doc| {
            let components = doc["flow"]["components"].as_object_mut().unwrap();
            components.insert(
                "vm".into(),
                serde_json::json!({"kind": "voicemail", "name": "Leave a comment",
                "config": {"greeting": {"type": "tts", "text": "Leave a comment."},
                           "assign_to": {"type": "ring_group", "ring_group": "account_managers"}}}),
            );
            components["ask"]["exits"]["invalid"] = "vm".into();
        },
    );
}

#[test]
fn a_duplicate_menu_key_is_refused() {
    assert_variant_fails("inbound-support.callflow.json", "CF0209", |doc| {
        doc["flow"]["components"]["main_menu"]["config"]["options"][1]["key"] = "1".into();
    });
}

#[test]
fn a_decline_before_start_breaks_callback_placement() {
    assert_variant_fails("callback-offer.callflow.json", "CF0501", |doc| {
        doc["flow"]["components"]["offer"]["exits"]["key_1"] = "decline".into();
    });
}

#[test]
fn a_duplicate_alternative_key_in_the_text_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let support = samples().into_iter().find(|p| p.ends_with("inbound-support.callflow.json")).unwrap();
    let text = std::fs::read_to_string(support).unwrap();
    let twice =
        text.replacen("\"1\": \"callback\",", "\"1\": \"callback\",\n        \"1\": \"voicemail\",", 1);
    assert_ne!(twice, text, "the sample no longer binds key 1 to the callback");
    let path = write(dir.path(), "twice.callflow.json", &twice);
    let out = callflow(&["validate", &path]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("error[CF0114]"), "{}", stdout(&out));
}
