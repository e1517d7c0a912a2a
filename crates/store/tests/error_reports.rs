//! Every kind of library error reaches the app as a report that carries the values its message
//! is made of, so the app can word the message in the designer's language.
//!
//! With `STORE_ERROR_SAMPLES=<file>` the test also writes one report of each kind, for the UI's
//! test that words them in Czech (`make test-ui` writes `ui/src/test/storeerrors.generated.json`).

mod common;

use std::path::PathBuf;

use callflow_model::{FlowType, ReadError};
use callflow_store::{DocRef, ErrorReport, StoreError, Stored};
use common::{TempLib, broken_flow, small_flow};

/// One error of each kind: from real library operations where a test can provoke them cheaply,
/// made by hand where it takes a broken disk or database (their own tests are in `open.rs` and
/// `tests/durability.rs`).
fn one_of_each_kind() -> Vec<StoreError> {
    let t = TempLib::new();
    let mut lib = t.open();
    lib.create_flow_from(&small_flow("support", "Support")).unwrap();
    lib.create_flow_from(&broken_flow("broken")).unwrap();
    lib.create_flow_from(&small_flow("old", "Old")).unwrap();
    lib.delete_flow("old").unwrap();
    lib.save_version("broken", &broken_flow("broken"), "first").unwrap();
    let bad = t.dir.path().join("bad.callflow.json");
    std::fs::write(&bad, "{\"format\": \"callflow\", ").unwrap();
    let read_error = || -> ReadError { callflow_model::read_str("draft of `support`", "{").unwrap_err() };
    let long_name = "x".repeat(callflow_store::MAX_LEN + 1);

    let mut errors = vec![
        lib.open_draft("nope").unwrap_err(),
        lib.rename_flow("old", "Older").unwrap_err(),
        lib.purge_flow("support").unwrap_err(),
        lib.open_version("support", 7).unwrap_err(),
        lib.publish("support", None).unwrap_err(),
        lib.publish("broken", Some(1)).unwrap_err(),
        lib.import_paths(&[bad]).unwrap_err(),
        lib.import_documents(vec![
            ("a.callflow.json".into(), small_flow("twice", "A")),
            ("b.callflow.json".into(), small_flow("twice", "B")),
        ])
        .unwrap_err(),
        lib.create_flow_from(&small_flow("support", "Again")).unwrap_err(),
        lib.save_draft("support", &small_flow("other", "Other")).unwrap_err(),
        lib.create_flow_from(&small_flow("tab\there", "Tab")).unwrap_err(),
        lib.create_flow("  ", FlowType::Inbound).unwrap_err(),
        lib.rename_flow("support", &long_name).unwrap_err(),
        lib.open_run(99).unwrap_err(),
        lib.export_flow("support", DocRef::Draft, &t.dir.path().join("no-such-folder/x.callflow.json"))
            .unwrap_err(),
    ];
    drop(lib);

    let text = t.dir.path().join("notes.txt");
    std::fs::write(&text, "x".repeat(4096)).unwrap();
    errors.push(callflow_store::Library::open(&text).unwrap_err());

    let path = PathBuf::from("/home/eva/.local/share/callflow-studio/library.sqlite3");
    let sqlite = |code, text: &str| {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), Some(text.to_string()))
    };
    errors.extend([
        StoreError::ForeignDatabase { path: path.clone(), tables: "`moz_places`, `moz_bookmarks`".into() },
        StoreError::NewerSchema { path: path.clone(), found: 9, supported: 4 },
        StoreError::Damaged {
            path: path.clone(),
            details: "database disk image is malformed".into(),
            backups: vec![path.with_extension("sqlite3.bak-v3")],
        },
        StoreError::ReadOnly { path: path.clone(), details: "attempt to write a readonly database".into() },
        StoreError::Busy { path: path.clone() },
        StoreError::DiskFull { path: path.clone(), action: "save a version".into() },
        StoreError::Migration {
            path: path.clone(),
            details: "no such column: hash".into(),
            backup: Some(path.with_extension("sqlite3.bak-v3")),
        },
        StoreError::Backup {
            path: path.clone(),
            backup: path.with_extension("sqlite3.bak-v3"),
            details: "No space left on device (os error 28)".into(),
        },
        StoreError::StoredDocument {
            id: "support".into(),
            what: Stored::Version(3),
            error: Box::new(read_error()),
        },
        StoreError::RunUnreadable { run: 12, details: "EOF while parsing a value at line 1 column 1".into() },
        StoreError::InvalidInput("the OS reports no app-data directory".into()),
        StoreError::Sqlite {
            path,
            action: "list the flows".into(),
            source: sqlite(1, "no such table: flows"),
        },
    ]);
    errors
}

#[test]
fn each_kind_of_error_is_sampled_once() {
    let errors = one_of_each_kind();
    let mut kinds: Vec<String> = errors.iter().map(|e| format!("{:?}", e.kind())).collect();
    let all = kinds.len();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds.len(), all, "a kind is sampled twice: {kinds:?}");
    // The UI's test checks that every kind its bindings know has a sample.
}

#[test]
fn a_reports_values_are_the_ones_its_message_shows() {
    for error in one_of_each_kind() {
        let report = error.report();
        assert_eq!(report.message, error.to_string());
        for (name, value) in &report.args {
            assert!(
                report.message.contains(value.as_str()),
                "{:?}: `{name}` = {value:?} is not in the message {:?}",
                report.kind,
                report.message
            );
        }
    }
}

#[test]
fn reports_carry_the_values_a_translation_needs() {
    let reports: Vec<ErrorReport> = one_of_each_kind().iter().map(StoreError::report).collect();
    let args = |kind: &str| {
        let report = reports.iter().find(|r| format!("{:?}", r.kind) == kind).unwrap();
        report.args.keys().copied().collect::<Vec<_>>()
    };
    assert_eq!(args("FlowNotFound"), ["id"]);
    assert_eq!(args("VersionNotFound"), ["id", "version"]);
    assert_eq!(args("PublishRefused"), ["errors", "id", "version"]);
    assert_eq!(args("StoredDocument"), ["details", "document", "id", "version"]);
    assert_eq!(args("Damaged"), ["backup", "details", "path"]);
    assert_eq!(args("EmptyName"), Vec::<&str>::new());
    assert_eq!(args("Unreadable"), ["details", "file"]);

    if let Some(path) = std::env::var_os("STORE_ERROR_SAMPLES") {
        std::fs::write(path, serde_json::to_string_pretty(&reports).unwrap()).unwrap();
    }
}
