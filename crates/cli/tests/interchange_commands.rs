//! `callflow import --from connect` and `callflow export --to connect` end to end on a public
//! Amazon Connect flow: the report names what was left out, the imported file validates as a
//! flow file, and exporting it again gives Connect JSON that imports to the same components.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn callflow(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callflow")).args(args).output().unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../interchange/tests/fixtures").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn connect_import_reports_left_out_actions_and_exports_back() {
    let tmp = tempfile::tempdir().unwrap();
    let flow = tmp.path().join("bankid.callflow.json");
    let out = callflow(&["import", "--from", "connect", s(&fixture("bankid_auth.json")), "-o", s(&flow)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(text.contains("9 of 14 Amazon Connect actions imported"), "{text}");
    assert!(text.contains("InvokeLambdaFunction `2367a288-95db-4535-ad4f-7d70be3636a9`"), "{text}");
    assert!(text.contains("Loop `595aea4e-1fa8-4a4c-a0c7-f1711d0caccf`"), "{text}");

    // The written file is a canonical flow file.
    let fmt = callflow(&["fmt", "--check", s(&flow)]);
    assert!(fmt.status.success(), "{fmt:?}");

    // Importing over it again needs --force.
    let again = callflow(&["import", "--from", "connect", s(&fixture("bankid_auth.json")), "-o", s(&flow)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("refusing to overwrite"), "{again:?}");

    let connect = tmp.path().join("bankid.connect.json");
    let out = callflow(&["export", "--to", "connect", s(&flow), "-o", s(&connect)]);
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&connect).unwrap()).unwrap();
    assert_eq!(json["Version"], "2019-10-30");
    assert_eq!(json["StartAction"], "17403bfb-420b-4fa5-bb53-8a7fdf9da0e8");

    let bare = tmp.path().join("bare.connect.json");
    let out = callflow(&["export", "--to", "connect", "--no-layout", s(&flow), "-o", s(&bare)]);
    assert!(out.status.success(), "{out:?}");
    let bare: serde_json::Value = serde_json::from_slice(&std::fs::read(&bare).unwrap()).unwrap();
    assert!(
        bare["Metadata"]["ActionMetadata"]["17403bfb-420b-4fa5-bb53-8a7fdf9da0e8"].get("position").is_none()
    );
    assert!(
        json["Metadata"]["ActionMetadata"]["17403bfb-420b-4fa5-bb53-8a7fdf9da0e8"]["position"].is_object()
    );

    let back = tmp.path().join("back.callflow.json");
    let out =
        callflow(&["import", "--from", "connect", "--json", s(&connect), "-o", s(&back), "--id", "bankid"]);
    assert!(out.status.success(), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["report"]["unmapped"].as_array().unwrap().len(), 0, "{report}");
    let (a, b): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&std::fs::read(&flow).unwrap()).unwrap(),
        serde_json::from_slice(&std::fs::read(&back).unwrap()).unwrap(),
    );
    assert_eq!(a["flow"]["components"], b["flow"]["components"], "export -> import changed components");
}

#[test]
fn connect_import_refuses_what_is_not_a_connect_flow() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.json");
    std::fs::write(&bad, "{\"hello\": 1}").unwrap();
    let out =
        callflow(&["import", "--from", "connect", s(&bad), "-o", s(&tmp.path().join("x.callflow.json"))]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.json: not an Amazon Connect flow"), "{err}");
    assert!(!tmp.path().join("x.callflow.json").exists());
}
