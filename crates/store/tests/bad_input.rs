//! Bad input: files that are not libraries, libraries from the future, read-only and damaged
//! libraries, a full disk, unreadable and invalid imports. Each gives a clear message and leaves
//! the existing data untouched.

mod common;

use std::path::Path;

use callflow_model::FlowFile;
use callflow_store::*;
use common::*;

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// A library with one flow and one version, closed (so the WAL is checkpointed into the file).
fn closed_library(t: &TempLib) -> FlowFile {
    let mut lib = t.open();
    let doc = small_flow("keep", "Keep me");
    lib.create_flow_from(&doc).unwrap();
    lib.save_version("keep", &doc, "v1").unwrap();
    doc
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let t = TempLib::new();
    std::fs::write(&t.path, "{\"format\": \"callflow\", \"this is\": \"a flow file, not a library\"}\n")
        .unwrap();
    let before = bytes(&t.path);
    let err = Library::open(&t.path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotADatabase, "{err}");
    assert!(err.to_string().contains("not a Callflow Studio library"), "{err}");
    assert_eq!(bytes(&t.path), before);
    assert!(!wal_path(&t.path).exists());
}

#[test]
fn a_database_of_another_program_is_refused_and_left_alone() {
    let t = TempLib::new();
    {
        let conn = rusqlite::Connection::open(&t.path).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
            .unwrap();
    }
    let before = bytes(&t.path);
    let err = Library::open(&t.path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ForeignDatabase, "{err}");
    assert!(err.to_string().contains("invoices"), "{err}");
    assert_eq!(bytes(&t.path), before);
}

#[test]
fn a_library_from_a_newer_version_is_refused_and_left_alone() {
    let t = TempLib::new();
    closed_library(&t);
    {
        let conn = rusqlite::Connection::open(&t.path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = bytes(&t.path);
    let err = Library::open(&t.path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NewerSchema, "{err}");
    let message = err.to_string();
    assert!(message.contains("newer version of Callflow Studio") && message.contains("99"), "{message}");
    assert_eq!(bytes(&t.path), before);
}

#[test]
fn a_read_only_library_can_be_read_but_not_written() {
    let t = TempLib::new();
    let doc = closed_library(&t);
    let before = bytes(&t.path);
    let options = OpenOptions { read_only: true, ..OpenOptions::default() };
    let mut lib = Library::open_with(&t.path, &options).unwrap();
    assert_eq!(lib.open_version("keep", 1).unwrap(), doc);
    assert_eq!(lib.list_flows(&FlowQuery::default()).unwrap().len(), 1);
    let err = lib.save_draft("keep", &small_flow("keep", "Changed")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ReadOnly, "{err}");
    assert!(err.to_string().contains("read-only"), "{err}");
    drop(lib);
    assert_eq!(bytes(&t.path), before);
}

#[test]
fn a_write_protected_library_file_is_reported_as_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let t = TempLib::new();
    let doc = closed_library(&t);
    std::fs::set_permissions(&t.path, std::fs::Permissions::from_mode(0o444)).unwrap();
    // Root ignores file permissions; there the read-only open above covers the behaviour.
    if std::fs::OpenOptions::new().write(true).open(&t.path).is_ok() {
        eprintln!("skipped: running with privileges that ignore file permissions");
        return;
    }
    let before = bytes(&t.path);
    let err = Library::open(&t.path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ReadOnly, "{err}");
    assert_eq!(bytes(&t.path), before);
    let options = OpenOptions { read_only: true, ..OpenOptions::default() };
    assert_eq!(Library::open_with(&t.path, &options).unwrap().open_version("keep", 1).unwrap(), doc);
}

#[test]
fn a_full_disk_fails_the_save_cleanly_and_keeps_everything() {
    let t = TempLib::new();
    let doc = closed_library(&t);
    let mut lib = t.open();
    let size = std::fs::metadata(&t.path).unwrap().len();
    lib.set_size_limit(size + 16 * 1024).unwrap();
    let mut big = big_flow("keep", 2_000);
    big.flow.name = "Keep me".into();
    let err = lib.save_version("keep", &big, "too big for the disk").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DiskFull, "{err}");
    assert!(err.to_string().contains("disk") && err.to_string().contains("full"), "{err}");
    let err = lib.import_documents(vec![("big.callflow.json".into(), big_flow("other", 2_000))]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DiskFull, "{err}");
    // Nothing of either attempt is visible, in this connection or a fresh one.
    assert_eq!(lib.list_versions("keep").unwrap().len(), 1);
    assert_eq!(lib.open_draft("keep").unwrap().document, doc);
    assert_eq!(lib.list_flows(&FlowQuery::default()).unwrap().len(), 1);
    drop(lib);
    let mut lib = t.open();
    assert!(lib.check_database().unwrap().ok());
    assert_eq!(lib.open_version("keep", 1).unwrap(), doc);
    // With space again, the same save works.
    assert_eq!(lib.save_version("keep", &big, "now it fits").unwrap().number, 2);
}

#[test]
fn a_damaged_library_is_refused_with_the_backup_to_restore() {
    let t = TempLib::new();
    closed_library(&t);
    let backup = t.dir.path().join("library.sqlite3.backup-v0-to-v1-20261122T000000Z");
    std::fs::copy(&t.path, &backup).unwrap();
    // Overwrite the second page onwards with garbage, keeping the header page.
    let mut data = bytes(&t.path);
    let page = u16::from_be_bytes([data[16], data[17]]) as usize;
    for b in &mut data[page..] {
        *b = 0x5a;
    }
    std::fs::write(&t.path, &data).unwrap();
    let err = Library::open(&t.path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged, "{err}");
    let message = err.to_string();
    assert!(message.contains("damaged") && message.contains(&backup.display().to_string()), "{message}");
    assert_eq!(err.report().backups, [backup.display().to_string()]);
    assert_eq!(bytes(&t.path), data, "the damaged file is left as it was");
}

#[test]
fn an_unreadable_file_refuses_the_whole_import() {
    let t = TempLib::new();
    let mut lib = t.open();
    let dir = t.dir.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.callflow.json"), small_flow("a", "A").to_json()).unwrap();
    std::fs::write(dir.join("b.callflow.json"), "{\"format\": \"callflow\", \"version\": 1,, }").unwrap();
    let err = lib.import_paths(std::slice::from_ref(&dir)).unwrap_err();
    match &err {
        StoreError::Unreadable(read) => {
            assert!(read.file.ends_with("b.callflow.json"), "{read}");
            assert!(read.position.is_some());
        }
        other => panic!("expected the reader's error, got {other}"),
    }
    assert!(err.to_string().contains("Nothing was imported"), "{err}");
    assert!(
        lib.list_flows(&FlowQuery::default()).unwrap().is_empty(),
        "a.callflow.json must not be imported either"
    );
}

#[test]
fn an_invalid_flow_is_imported_as_a_marked_draft() {
    let t = TempLib::new();
    let mut lib = t.open();
    let report = lib.import_documents(vec![("broken.callflow.json".into(), broken_flow("b"))]).unwrap();
    let item = &report.flows[0];
    assert_eq!(item.action, ImportAction::Created);
    assert!(item.invalid, "a dangling target is a validation error");
    assert!(!item.errors.is_empty());
    assert_eq!(item.version, None, "an invalid import saves no version");
    let summary = lib.flow("b").unwrap();
    assert!(summary.draft_invalid);
    assert!(summary.latest_version.is_none());
    let draft = lib.open_draft("b").unwrap();
    assert_eq!(draft.document, broken_flow("b"));
    assert_eq!(draft.problems, item.errors);
    // Fixing it clears the mark on the next save.
    let fixed = small_flow("b", "Broken");
    lib.save_draft("b", &fixed).unwrap();
    assert!(!lib.flow("b").unwrap().draft_invalid);
}

#[test]
fn two_files_with_the_same_flow_are_refused() {
    let t = TempLib::new();
    let mut lib = t.open();
    let err = lib
        .import_documents(vec![
            ("x.json".into(), small_flow("same", "X")),
            ("y.json".into(), small_flow("same", "Y")),
        ])
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DuplicateInImport, "{err}");
    assert!(lib.list_flows(&FlowQuery::default()).unwrap().is_empty());
}

#[test]
fn export_then_import_gives_identical_documents() {
    let t = TempLib::new();
    let mut lib = t.open();
    let docs = [small_flow("one", "One"), big_flow("two", 100), broken_flow("three")];
    lib.import_documents(docs.iter().map(|d| (format!("{}.callflow.json", d.flow.id), d.clone())).collect())
        .unwrap();
    let out = t.dir.path().join("export");
    let exported = lib.export_all(&out).unwrap();
    assert_eq!(exported.len(), 3);
    for doc in &docs {
        let path = out.join(format!("{}.callflow.json", doc.flow.id));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), doc.to_json(), "{}", path.display());
    }
    // Into a fresh library: the same documents come back.
    let t2 = TempLib::new();
    let mut lib2 = t2.open();
    let report = lib2.import_paths(std::slice::from_ref(&out)).unwrap();
    assert_eq!(report.flows.len(), 3);
    for doc in &docs {
        assert_eq!(&lib2.open_draft(&doc.flow.id).unwrap().document, doc);
    }
    // Into the same library: nothing changes.
    let report = lib.import_paths(&[out]).unwrap();
    assert!(report.flows.iter().all(|f| f.action == ImportAction::Unchanged), "{report:#?}");
    assert_eq!(lib.list_versions("one").unwrap().len(), 1);
}

#[test]
fn importing_over_unsaved_changes_keeps_them() {
    let t = TempLib::new();
    let mut lib = t.open();
    let doc = small_flow("f", "F");
    lib.import_documents(vec![("f.callflow.json".into(), doc.clone())]).unwrap();
    let mut edited = doc.clone();
    edited.flow.name = "Edited in the app".into();
    lib.save_draft("f", &edited).unwrap();
    let mut incoming = doc.clone();
    incoming.flow.name = "From the file".into();
    let report = lib.import_documents(vec![("f2.callflow.json".into(), incoming.clone())]).unwrap();
    let item = &report.flows[0];
    assert_eq!(item.action, ImportAction::Updated);
    assert_eq!(item.kept_draft_as, Some(2));
    assert_eq!(item.version, Some(3));
    assert_eq!(lib.open_version("f", 2).unwrap(), edited);
    assert_eq!(lib.open_draft("f").unwrap().document, incoming);
}
