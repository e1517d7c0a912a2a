//! `callflow run | test | paths | campaign | debug` end to end, through the real binary.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_callflow"))
}

fn flows_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// A1 of DOMAIN.md §6 as a flow file with its environment and one saved test call.
fn survey_file(dir: &Path, expect_key: &str) -> PathBuf {
    let file = json!({
        "format": "callflow", "version": 1,
        "flow": {"id": "a1", "name": "A1", "type": "inbound", "entry": "Start",
            "variables": [{"name": "score", "type": "number"}],
            "components": {
                "Start": {"kind": "start", "name": "Start", "exits": {"next": "AD"}},
                "AD": {"kind": "assignment_dial", "name": "AD", "config": {"selection": {"type": "ring_groups", "ring_groups": ["billing"]}},
                    "exits": {"call_finished": "Survey", "no_answer": "End", "max_waiting_time_reached": "End", "no_match_found": "End"}},
                "Survey": {"kind": "menu", "name": "Survey", "config": {"prompt": {"type": "tts", "text": "Rate us"}, "options": [{"key": "1"}, {"key": "4"}]},
                    "exits": {"key_1": "Set", "key_4": "Set"}},
                "Set": {"kind": "set_variable", "name": "Set", "config": {"assignments": [{"variable": "score", "expression": "int(call.last_key)"}]}, "exits": {"next": "End"}},
                "End": {"kind": "end_flow", "name": "End"}
            }},
        "environment": {"agents": [{"id": "Ana", "name": "Ana", "email": "ana@example.com", "ring_groups": ["billing"]}]},
        "tests": [{"name": "survey after the call", "call": {"ani": "+420601000001", "dnis": "+420800100200"},
            "script": [
                {"at": 5, "event": {"type": "agent_answer", "agent": "Ana"}},
                {"at": 65, "event": {"type": "agent_end_call", "agent": "Ana"}},
                {"at": 70, "event": {"type": "dtmf", "key": "4"}}
            ],
            "expect": {"path": [
                {"component": "Start", "exit": "next"}, {"component": "AD", "exit": "call_finished"},
                {"component": "Survey", "exit": expect_key}, {"component": "Set", "exit": "next"}, {"component": "End"}
            ], "end": "flow_ended", "variables": {"score": 4}}}]
    });
    let path = dir.join("a1.callflow.json");
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    path
}

#[test]
fn run_prints_the_trace_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let f = survey_file(dir.path(), "key_4");
    let o = bin().args(["run"]).arg(&f).args(["--test", "survey after the call"]).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("t=65    #0 EXIT AD[call_finished]"), "{out}");
    assert!(out.contains("t=70    #0 EXIT Survey[key_4]"), "{out}");
    assert!(out.contains("end: flow_ended"), "{out}");
    let o = bin()
        .args(["run"])
        .arg(&f)
        .args(["--test", "survey after the call", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["end"], "flow_ended");
    assert_eq!(v["variables"]["score"], 4);
    assert!(v["trace"].as_array().unwrap().iter().any(|e| e["type"] == "HANGUP" && e["reason"] == "ended"));
}

#[test]
fn run_with_a_script_file_and_bad_events() {
    let dir = tempfile::tempdir().unwrap();
    let f = survey_file(dir.path(), "key_4");
    let script = dir.path().join("script.json");
    std::fs::write(&script, r#"[{"at": 3, "event": {"type": "agent_answer", "agent": "Zed"}}]"#).unwrap();
    let o = bin().arg("run").arg(&f).arg("--script").arg(&script).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("agent `Zed` does not exist"), "{}", text(&o));
    std::fs::write(&script, r#"[{"at": 3, "event": {"type": "agent_answer", "agent": "Ana"}}, {"at": 9, "event": {"type": "caller_hangup"}}]"#).unwrap();
    let o = bin().arg("run").arg(&f).arg("--script").arg(&script).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("STOP contact_disconnected_at_voice_component"), "{}", text(&o));
}

#[test]
fn a_flow_with_errors_refuses_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let f = survey_file(dir.path(), "key_4");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
    v["flow"]["components"]["AD"]["exits"]["call_finished"] = json!("Nowhere");
    std::fs::write(&f, serde_json::to_string(&v).unwrap()).unwrap();
    let o = bin().arg("run").arg(&f).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("cannot run"), "{}", text(&o));
}

#[test]
fn test_reports_failures_and_the_summary_line() {
    let dir = tempfile::tempdir().unwrap();
    let f = survey_file(dir.path(), "key_1");
    let o = bin().arg("test").arg(&f).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(out.contains("FAIL  survey after the call: path step 3: expected `Survey` leaving by `key_1`, got `Survey` leaving by `key_4`"), "{out}");
    assert_eq!(out.lines().last(), Some("0 passed, 1 failed"));
    let f = survey_file(dir.path(), "key_4");
    let o = bin().arg("test").arg(&f).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().last(), Some("1 passed, 0 failed"));
}

/// The coverage lines name the alternative keys no test pressed (apart from the exits).
#[test]
fn test_prints_the_keys_never_pressed() {
    let dir = tempfile::tempdir().unwrap();
    let f = survey_file(dir.path(), "key_4");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
    v["flow"]["components"]["AD"]["alternative_keys"] = json!({"9": "End", "0": "End"});
    std::fs::write(&f, serde_json::to_string(&v).unwrap()).unwrap();
    let o = bin().arg("test").arg(&f).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{out}");
    assert!(out.contains("\n  keys never pressed: AD.alt_key_9, AD.alt_key_0\n"), "{out}");
    // Pressing one while queued takes it off the list.
    v["tests"][0]["script"] = json!([{"at": 3, "event": {"type": "dtmf", "key": "9"}}]);
    v["tests"][0]["expect"] = json!({});
    std::fs::write(&f, serde_json::to_string(&v).unwrap()).unwrap();
    let out = String::from_utf8_lossy(&bin().arg("test").arg(&f).output().unwrap().stdout).to_string();
    assert!(out.contains("\n  keys never pressed: AD.alt_key_0\n"), "{out}");
}

#[test]
fn every_sample_flow_passes_with_full_exit_coverage() {
    let o = bin().arg("test").arg(flows_dir()).arg("--require-coverage").output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{out}");
    assert!(!out.contains("exits never taken"), "{out}");
    assert!(out.lines().last().unwrap().ends_with(" passed, 0 failed"), "{out}");
}

/// `paths` says when its limit cut the enumeration short, and only then.
#[test]
fn paths_say_when_more_paths_exist() {
    let f = flows_dir().join("otp-campaign.callflow.json");
    let o = bin().arg("paths").arg(&f).args(["--max", "3"]).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{}", text(&o));
    assert!(out.ends_with("3 path(s)\nmore paths exist: only the first 3 are listed (--max 3)\n"), "{out}");
    let o = bin().arg("paths").arg(&f).args(["--max", "3", "--format", "json"]).output().unwrap();
    let tests: Vec<Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(tests.len(), 3);
    assert!(String::from_utf8_lossy(&o.stderr).contains("more paths exist"), "{}", text(&o));
    let o = bin().arg("paths").arg(&f).output().unwrap();
    assert!(!text(&o).contains("more paths exist"), "{}", text(&o));
}

#[test]
fn paths_generate_tests_that_pass() {
    let dir = tempfile::tempdir().unwrap();
    let f = survey_file(dir.path(), "key_4");
    let o = bin().arg("paths").arg(&f).arg("--write").arg("--minimal").output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("path(s)"));
    let o = bin().arg("test").arg(&f).arg("--require-coverage").output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{out}");
    assert!(out.contains("5/5 components"), "{out}");
}

#[test]
fn campaign_writes_the_attempts_report() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records.csv");
    std::fs::write(&records, "id,phone,start_minute,agent,customer\nd1,+420601000001,0,no_answer;no_answer;no_answer,\nd2,+420601000002,0,,no_answer;no_answer\n").unwrap();
    let out = dir.path().join("attempts.csv");
    let o = bin()
        .arg("campaign")
        .arg(flows_dir().join("otp-campaign.callflow.json"))
        .arg("--records")
        .arg(&records)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let csv = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "record,attempt,minute,agent_attempt_no,customer_attempt_no,status,next_attempt_minute,agent_left,customer_left,end"
    );
    assert!(lines[1].starts_with("d1,1,0,1,0,AGENT_RESCHEDULED,10,2,2"), "{csv}");
    assert!(lines[3].starts_with("d1,3,20,3,0,AGENT_FAILED,,0,2"), "{csv}");
    assert!(csv.contains("d2,2,60,2,2,CUSTOMER_FAILED,,3,0"), "{csv}");
}

/// OTP customers type the code their record expects (`expected_otp`) unless `input:otp` says
/// otherwise: the sample's campaign has successes and failures.
#[test]
fn campaign_customers_type_the_code_their_record_gives() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records.csv");
    std::fs::write(
        &records,
        "id,phone,expected_otp,input:otp\nok,+420601000001,123456,\nretry,+420601000002,123456,000000\nbad,+420601000003,123456,000000;000000\n",
    )
    .unwrap();
    let run = || {
        bin()
            .arg("campaign")
            .arg(flows_dir().join("otp-campaign.callflow.json"))
            .arg("--records")
            .arg(&records)
            .output()
            .unwrap()
    };
    let o = run();
    let csv = text(&o);
    assert!(o.status.success(), "{csv}");
    assert!(csv.contains("\nok,1,0,1,1,COMPLETED,,3,2,hung_up\n"), "{csv}");
    assert!(csv.contains("\nretry,1,0,1,1,CUSTOMER_RESCHEDULED,60,"), "{csv}");
    assert!(csv.contains("\nretry,2,60,2,2,COMPLETED,"), "{csv}");
    assert!(csv.contains("\nbad,2,60,2,2,CUSTOMER_FAILED,"), "{csv}");

    std::fs::write(&records, "id,phone,input:otp\nok,+420601000001,soon\n").unwrap();
    let o = run();
    let err = text(&o);
    assert!(!o.status.success());
    assert!(err.contains("line 2") && err.contains("input:otp") && err.contains("`soon`"), "{err}");
}

/// Without `--records` the campaign runs the records saved in the flow file.
#[test]
fn campaign_runs_the_records_saved_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("otp.callflow.json");
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(flows_dir().join("otp-campaign.callflow.json")).unwrap(),
    )
    .unwrap();
    std::fs::write(&f, serde_json::to_string(&v).unwrap()).unwrap();
    let o = bin().arg("campaign").arg(&f).output().unwrap();
    assert!(!o.status.success());
    assert!(text(&o).contains("no saved campaign records"), "{}", text(&o));
    v["campaign"] = json!([
        {"id": "saved1", "phone": "+420601000001", "keys": {"expected_otp": "123456"}},
        {"id": "saved2", "phone": "+420601000002", "keys": {"expected_otp": "123456"}, "inputs": {"otp": ["000000", "000000"]}}
    ]);
    std::fs::write(&f, serde_json::to_string(&v).unwrap()).unwrap();
    let o = bin().arg("campaign").arg(&f).output().unwrap();
    let csv = text(&o);
    assert!(o.status.success(), "{csv}");
    assert!(csv.contains("\nsaved1,1,0,1,1,COMPLETED,"), "{csv}");
    assert!(csv.contains("\nsaved2,2,60,2,2,CUSTOMER_FAILED,"), "{csv}");
    v["campaign"][1]["inputs"]["otp"] = json!(["later"]);
    std::fs::write(&f, serde_json::to_string(&v).unwrap()).unwrap();
    let o = bin().arg("campaign").arg(&f).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("campaign record `saved2`: input:otp"), "{}", text(&o));
}

#[test]
fn debug_steps_breaks_goes_back_and_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let f = survey_file(dir.path(), "key_4");
    let mut child = bin()
        .arg("debug")
        .arg(&f)
        .arg("--interactive")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let cmds = "break Survey\ncontinue\nchoose 0\ncontinue\nchoose 0\ncontinue\nvars\nback\nback\nstep\nscript\nquit\n";
    child.stdin.take().unwrap().write_all(cmds.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{out}");
    assert!(out.contains("breakpoint 0 set"), "{out}");
    assert!(out.contains("decision needed"), "{out}");
    assert!(out.contains("agent Ana answers"), "{out}");
    assert!(out.contains("Survey about_to_enter"), "{out}");
    assert!(out.contains("\"agent_answer\""), "{out}");
}
