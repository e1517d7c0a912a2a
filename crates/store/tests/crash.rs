//! Crash and concurrency tests with real processes.
//!
//! The parent re-runs this test binary as a child (`CALLFLOW_STORE_CHILD` set, only the
//! `child_process` test selected). The child opens the library and starts writing; at the chosen
//! [`WritePoint`] its hook prints `READY` and stalls, and the parent SIGKILLs it there. The parent
//! then reopens the library (which runs `integrity_check`), runs `integrity_check`, `quick_check`
//! and `foreign_key_check` again with every stored document re-hashed, and checks exactly what
//! survived: every committed version intact, nothing of the killed transaction visible.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use callflow_model::FlowFile;
use callflow_store::*;
use common::*;

const CHILD_ENV: &str = "CALLFLOW_STORE_CHILD";

// ---------------------------------------------------------------------------------------------
// The child side
// ---------------------------------------------------------------------------------------------

/// Does nothing unless started by a parent test with `CALLFLOW_STORE_CHILD=<task>`.
#[test]
fn child_process() {
    let Ok(task) = std::env::var(CHILD_ENV) else { return };
    let args: Vec<&str> = task.split('|').collect();
    let db = Path::new(args[1]);
    match args[0] {
        // save_version|<db>|<point>: save a new version of `f`, stall at <point>.
        "save_version" => {
            let mut lib = Library::open(db).unwrap();
            stall_at(&mut lib, args[2]);
            let doc = next_doc(&lib.open_draft("f").unwrap().document, 99);
            lib.save_version("f", &doc, "in flight").unwrap();
            println!("DONE");
        }
        // import|<db>|<dir>|<index>: import the folder, stall after file <index>.
        "import" => {
            let mut lib = Library::open(db).unwrap();
            stall_at(&mut lib, &format!("imported:{}", args[3]));
            lib.import_paths(&[args[2].into()]).unwrap();
            println!("DONE");
        }
        // loop|<db>: save versions of `f` forever, printing each committed one.
        "loop" => {
            let mut lib = Library::open(db).unwrap();
            let mut doc = lib.open_draft("f").unwrap().document;
            for i in 0.. {
                doc = next_doc(&doc, i);
                let saved = lib.save_version("f", &doc, &format!("loop {i}")).unwrap();
                println!("COMMITTED {} {}", saved.number, saved.hash);
            }
        }
        // writer|<db>|<flow>|<n>: save n versions of its own flow, then report.
        "writer" => {
            let mut lib = Library::open(db).unwrap();
            let id = args[2];
            let n: usize = args[3].parse().unwrap();
            let mut doc = lib.open_draft(id).unwrap().document;
            for i in 0..n {
                doc = next_doc(&doc, i);
                lib.save_version(id, &doc, &format!("writer {i}")).unwrap();
            }
            println!("DONE");
        }
        // hold|<db>|<seconds>: take the write lock (save a draft) and keep it.
        "hold" => {
            let mut lib = Library::open(db).unwrap();
            let secs: u64 = args[2].parse().unwrap();
            lib.set_write_hook(move |p| {
                if p == WritePoint::Written {
                    println!("READY holding");
                    std::thread::sleep(Duration::from_secs(secs));
                }
            });
            let doc = next_doc(&lib.open_draft("f").unwrap().document, 7);
            lib.save_draft("f", &doc).unwrap();
            println!("DONE");
        }
        other => panic!("unknown child task {other}"),
    }
}

fn stall_at(lib: &mut Library, point: &str) {
    let point = point.to_string();
    lib.set_write_hook(move |p| {
        let name = match p {
            WritePoint::Written => "written".to_string(),
            WritePoint::BeforeCommit => "before_commit".to_string(),
            WritePoint::AfterCommit => "after_commit".to_string(),
            WritePoint::Imported(i) => format!("imported:{i}"),
        };
        if name == point {
            println!("READY {name}");
            std::thread::sleep(Duration::from_secs(120));
        }
    });
}

/// A different document: renames a component and grows the flow a little.
fn next_doc(doc: &FlowFile, i: usize) -> FlowFile {
    let mut next = doc.clone();
    next.flow.name = format!("{} #{i}", doc.flow.name.split(" #").next().unwrap_or("flow"));
    let mut extra =
        callflow_model::Component::new(callflow_model::ComponentKind::PlayMessage, format!("Extra {i}"));
    extra.config = serde_json::json!({"prompt": {"type": "tts", "text": format!("message {i}")}});
    next.flow.components.insert(format!("extra-{i}"), extra);
    next
}

// ---------------------------------------------------------------------------------------------
// The parent side
// ---------------------------------------------------------------------------------------------

fn spawn_child(task: &str) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["child_process", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, task)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Waits for a line holding `prefix` (libtest may print its own `test ... ` before it on the same
/// line) and returns it from `prefix` on; panics on timeout or if the child ends first.
fn wait_for(rx: &mpsc::Receiver<String>, prefix: &str) -> String {
    loop {
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(line) if line.contains(prefix) => return line[line.find(prefix).unwrap_or(0)..].to_string(),
            Ok(line) if line.ends_with("DONE") => panic!("the child finished without reaching `{prefix}`"),
            Ok(_) => {}
            Err(e) => panic!("no `{prefix}` from the child: {e}"),
        }
    }
}

fn kill(mut child: Child) {
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
}

/// A library with flow `f` holding three versions; returns them.
fn library_with_history(t: &TempLib) -> Vec<FlowFile> {
    let mut lib = t.open();
    let mut doc = big_flow("f", 300);
    lib.create_flow_from(&doc).unwrap();
    let mut saved = Vec::new();
    for i in 0..3 {
        doc = next_doc(&doc, 1000 + i);
        lib.save_version("f", &doc, &format!("v{}", i + 1)).unwrap();
        saved.push(doc.clone());
    }
    saved
}

/// Reopens the library and proves it healthy: the open's integrity check passes, and so do
/// integrity, quick and foreign-key checks and the re-hash of every stored document.
fn reopen_checked(t: &TempLib) -> Library {
    let lib = Library::open(&t.path).expect("the library opens after the crash");
    let check = lib.check_database().unwrap();
    assert!(check.ok(), "{check:#?}");
    lib
}

fn assert_versions(lib: &Library, expected: &[FlowFile]) {
    let versions = lib.list_versions("f").unwrap();
    assert_eq!(versions.len(), expected.len(), "{versions:#?}");
    for (i, doc) in expected.iter().enumerate() {
        let n = i as u32 + 1;
        assert_eq!(&lib.open_version("f", n).unwrap(), doc, "version {n}");
        let info = versions.iter().find(|v| v.number == n).unwrap();
        assert_eq!(info.hash, content_hash(&stored_text(doc)));
    }
}

fn crash_saving_at(point: &str) -> (TempLib, Vec<FlowFile>) {
    let t = TempLib::new();
    let saved = library_with_history(&t);
    let (child, rx) = spawn_child(&format!("save_version|{}|{point}", t.path.display()));
    wait_for(&rx, "READY");
    if point == "after_commit" {
        let wal = std::fs::metadata(wal_path(&t.path)).map(|m| m.len()).unwrap_or(0);
        assert!(wal > 0, "the commit should still be in the WAL, not yet checkpointed");
    }
    kill(child);
    (t, saved)
}

#[test]
fn killed_after_writing_the_version_row_leaves_no_trace() {
    let (t, saved) = crash_saving_at("written");
    let lib = reopen_checked(&t);
    assert_versions(&lib, &saved);
    assert_eq!(lib.open_draft("f").unwrap().document, saved[2]);
    assert!(!lib.open_draft("f").unwrap().changed);
}

#[test]
fn killed_just_before_commit_leaves_no_trace() {
    let (t, saved) = crash_saving_at("before_commit");
    let lib = reopen_checked(&t);
    assert_versions(&lib, &saved);
    assert_eq!(lib.open_draft("f").unwrap().document, saved[2]);
}

#[test]
fn killed_after_commit_before_checkpoint_keeps_the_new_version() {
    let (t, mut saved) = crash_saving_at("after_commit");
    let lib = reopen_checked(&t);
    let new = next_doc(&saved[2], 99);
    saved.push(new.clone());
    assert_versions(&lib, &saved);
    assert_eq!(lib.open_draft("f").unwrap().document, new);
    assert_eq!(lib.list_versions("f").unwrap()[0].message, "in flight");
}

#[test]
fn killed_during_a_long_import_imports_nothing() {
    let t = TempLib::new();
    let saved = library_with_history(&t);
    let dir = t.dir.path().join("to-import");
    std::fs::create_dir(&dir).unwrap();
    for i in 0..24 {
        let doc = big_flow(&format!("imp-{i:02}"), 400);
        std::fs::write(dir.join(format!("imp-{i:02}.callflow.json")), doc.to_json()).unwrap();
    }
    let (child, rx) = spawn_child(&format!("import|{}|{}|16", t.path.display(), dir.display()));
    wait_for(&rx, "READY imported:16");
    kill(child);
    let mut lib = reopen_checked(&t);
    let ids: Vec<_> = lib.list_flows(&FlowQuery::default()).unwrap().into_iter().map(|f| f.id).collect();
    assert_eq!(ids, ["f"], "no file of the killed import may be visible");
    assert_versions(&lib, &saved);
    // The same import, not interrupted, then goes through.
    let report = lib.import_paths(&[dir]).unwrap();
    assert_eq!(report.flows.len(), 24);
    assert!(lib.check_database().unwrap().ok());
}

#[test]
fn killed_at_a_random_moment_of_repeated_saves_keeps_every_committed_version() {
    let t = TempLib::new();
    library_with_history(&t);
    let (child, rx) = spawn_child(&format!("loop|{}", t.path.display()));
    let mut committed = Vec::new();
    while committed.len() < 12 {
        let line = wait_for(&rx, "COMMITTED");
        let mut parts = line.split_whitespace().skip(1);
        let number: u32 = parts.next().unwrap().parse().unwrap();
        committed.push((number, parts.next().unwrap().to_string()));
    }
    // Kill it mid-stride, wherever it is in the next save.
    std::thread::sleep(Duration::from_millis(7));
    kill(child);
    let lib = reopen_checked(&t);
    let versions = lib.list_versions("f").unwrap();
    for (number, hash) in &committed {
        let v = versions
            .iter()
            .find(|v| v.number == *number)
            .unwrap_or_else(|| panic!("committed version {number} lost"));
        assert_eq!(&v.hash, hash);
        let text = lib.document_text("f", DocRef::Version(*number)).unwrap();
        assert_eq!(&content_hash(&text), hash);
    }
    // At most the one save in flight (committed but not yet reported) may be beyond them.
    let last = committed.last().unwrap().0;
    assert!(versions[0].number <= last + 1, "{} versions after {last} reported", versions[0].number);
    // Numbers are dense: no half-written gap.
    let numbers: Vec<u32> = versions.iter().rev().map(|v| v.number).collect();
    assert_eq!(numbers, (1..=versions[0].number).collect::<Vec<_>>());
}

#[test]
fn two_processes_writing_at_once_both_succeed_and_corrupt_nothing() {
    let t = TempLib::new();
    {
        let mut lib = t.open();
        lib.create_flow_from(&small_flow("a", "A")).unwrap();
        lib.create_flow_from(&small_flow("b", "B")).unwrap();
    }
    let (first, rx1) = spawn_child(&format!("writer|{}|a|15", t.path.display()));
    let (second, rx2) = spawn_child(&format!("writer|{}|b|15", t.path.display()));
    // Meanwhile this process writes too.
    let mut lib = t.open();
    let mut doc = lib.open_draft("a").unwrap().document;
    doc.flow.name = "A from the parent".into();
    let mut wrote = 0;
    for i in 0..10 {
        let mut d = doc.clone();
        d.layout.components.insert("hello".into(), callflow_model::Position { x: i as f64, y: 0.0 });
        lib.save_draft("a", &d).unwrap();
        wrote += 1;
    }
    assert_eq!(wrote, 10);
    wait_for(&rx1, "DONE");
    wait_for(&rx2, "DONE");
    for mut c in [first, second] {
        assert!(c.wait().unwrap().success());
    }
    let lib = reopen_checked(&t);
    assert_eq!(lib.list_versions("a").unwrap().len(), 15);
    assert_eq!(lib.list_versions("b").unwrap().len(), 15);
}

#[test]
fn a_writer_that_cannot_get_the_lock_in_time_is_told_the_library_is_busy() {
    let t = TempLib::new();
    {
        let mut lib = t.open();
        lib.create_flow_from(&small_flow("f", "F")).unwrap();
    }
    let (holder, rx) = spawn_child(&format!("hold|{}|4", t.path.display()));
    wait_for(&rx, "READY holding");
    let options = OpenOptions { busy_timeout: Duration::from_millis(200), ..OpenOptions::default() };
    let mut lib = Library::open_with(&t.path, &options).unwrap();
    let before = lib.open_draft("f").unwrap().document;
    let mut doc = before.clone();
    doc.flow.name = "Changed".into();
    let err = lib.save_draft("f", &doc).unwrap_err();
    assert!(matches!(err, StoreError::Busy { .. }), "{err}");
    assert!(err.to_string().contains("busy"), "{err}");
    // The holder finishes; then the write goes through.
    wait_for(&rx, "DONE");
    let mut holder = holder;
    assert!(holder.wait().unwrap().success());
    assert_eq!(lib.save_draft("f", &doc).unwrap(), DraftSaved::Saved);
    drop(lib);
    reopen_checked(&t);
}
