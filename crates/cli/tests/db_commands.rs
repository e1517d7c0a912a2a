//! `callflow db ...` end to end: every sample flow in `flows/` goes into a library and back out
//! unchanged, and the other subcommands work on the result.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use callflow_model::FlowFile;

fn callflow(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callflow")).arg("db").arg("--db").arg(db).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn samples() -> Vec<(PathBuf, FlowFile)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".callflow.json"))
        .collect();
    files.sort();
    files.into_iter().map(|p| (p.clone(), callflow_model::read_path(&p).unwrap())).collect()
}

#[test]
fn sample_flows_round_trip_through_the_library_losslessly() {
    let samples = samples();
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("library.sqlite3");
    let flows_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows");

    let out = callflow(&db, &["import", flows_dir.to_str().unwrap()]);
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1), "{out:?}");
    let imported = stdout(&out);
    for (_, doc) in &samples {
        assert!(
            imported.contains(&format!("`{}`", doc.flow.id)),
            "{} not imported:\n{imported}",
            doc.flow.id
        );
    }

    let out = callflow(&db, &["--json", "list"]);
    assert!(out.status.success(), "{out:?}");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), samples.len());

    let export_dir = tmp.path().join("export");
    let out = callflow(&db, &["export", "--all", export_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    // Named after flow ids, except a called flow named by its caller's environment.
    let names = callflow_store::names::file_names_for_documents(samples.iter().map(|(_, d)| d));
    for (source, doc) in &samples {
        let exported = export_dir.join(&names[&doc.flow.id]);
        let back = callflow_model::read_path(&exported).unwrap();
        assert_eq!(&back, doc, "{} changed on the way through the library", source.display());
        assert_eq!(std::fs::read_to_string(&exported).unwrap(), doc.to_json(), "{}", source.display());
    }

    // The exported folder imports into a fresh library as the same documents.
    let db2 = tmp.path().join("second.sqlite3");
    let out = callflow(&db2, &["import", export_dir.to_str().unwrap()]);
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1), "{out:?}");
    for (_, doc) in &samples {
        let out = callflow(&db2, &["export", &doc.flow.id, "-o", "-"]);
        assert!(out.status.success(), "{out:?}");
        assert_eq!(stdout(&out), doc.to_json());
    }

    let out = callflow(&db, &["check"]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("integrity_check: ok"), "{}", stdout(&out));
}

#[test]
fn versions_diff_publish_and_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("library.sqlite3");
    let mut flow = callflow_model::Flow::new("demo", "Demo", callflow_model::FlowType::Inbound);
    flow.components
        .insert("end".into(), callflow_model::Component::new(callflow_model::ComponentKind::HangUp, "Bye"));
    flow.components.get_mut("start").unwrap().exits.insert("next".into(), Some("end".into()));
    let mut doc = FlowFile::new(flow);
    let file = tmp.path().join("demo.callflow.json");
    std::fs::write(&file, doc.to_json()).unwrap();
    assert!(callflow(&db, &["import", file.to_str().unwrap()]).status.code().is_some());
    doc.flow.name = "Demo, renamed".into();
    std::fs::write(&file, doc.to_json()).unwrap();
    callflow(&db, &["import", file.to_str().unwrap()]);

    let out = callflow(&db, &["versions", "demo"]);
    assert!(out.status.success(), "{out:?}");
    let versions = stdout(&out);
    assert!(versions.contains("Imported from demo.callflow.json"), "{versions}");

    let out = callflow(&db, &["--json", "versions", "demo"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    let out = callflow(&db, &["diff", "demo", "1", "2"]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("name: \"Demo\" -> \"Demo, renamed\""), "{}", stdout(&out));

    let out = callflow(&db, &["publish", "demo"]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("published version 2"), "{}", stdout(&out));

    let out = callflow(&db, &["diff", "demo", "draft", "draft"]);
    assert!(stdout(&out).contains("no differences"), "{out:?}");

    let out = callflow(&db, &["versions", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no flow `nope`"), "{out:?}");

    let missing = tmp.path().join("missing.sqlite3");
    let out = callflow(&missing, &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!missing.exists(), "listing must not create a library");

    let not_db = tmp.path().join("not-a-db.sqlite3");
    std::fs::write(&not_db, "hello").unwrap();
    let out = callflow(&not_db, &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Callflow Studio library"), "{out:?}");
}
