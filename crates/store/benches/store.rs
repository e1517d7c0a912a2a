//! Budgets (issue 4): save a version of a 10,000-component flow < 50 ms; open it < 50 ms; list
//! 1,000 flows with their latest version < 10 ms; diff two 10,000-component versions < 20 ms.
//!
//! Run with `cargo bench -p callflow-store --bench store`. The libraries live in temporary files
//! on the same disk as the system's temporary folder, with the library's real durability settings
//! (WAL, `synchronous=FULL`): each save waits for its fsync.

use callflow_model::FlowFile;
use callflow_model::synth::realistic_file;
use callflow_store::{DocRef, FlowQuery, Library};
use divan::{Bencher, black_box};

/// The allocator the shipped binaries use (`callflow` and the app), so the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn big(id: &str, components: usize) -> FlowFile {
    let mut file = realistic_file(components);
    file.flow.id = id.into();
    file
}

/// A library holding flow `big` (10,000 components) with one version, in a temporary folder.
fn library_with_big_flow() -> (tempfile::TempDir, Library, FlowFile) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path().join("bench.sqlite3")).unwrap();
    let doc = big("big", 10_000);
    lib.create_flow_from(&doc).unwrap();
    lib.save_version("big", &doc, "v1").unwrap();
    (dir, lib, doc)
}

/// Save a new version of a 10,000-component flow (canonical text, hash, index, fsync).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn save_version_10k(bencher: Bencher) {
    let (_dir, mut lib, doc) = library_with_big_flow();
    let mut other = doc.clone();
    other.flow.name = "changed".into();
    let docs = [other, doc];
    let mut i = 0;
    bencher.bench_local(|| {
        let doc = &docs[i % 2];
        i += 1;
        let saved = lib.save_version("big", black_box(doc), "bench").unwrap();
        assert!(saved.created);
    });
}

/// Autosave the draft of a 10,000-component flow.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn save_draft_10k(bencher: Bencher) {
    let (_dir, mut lib, doc) = library_with_big_flow();
    let mut docs = [doc.clone(), doc];
    docs[0].flow.name = "a".into();
    docs[1].flow.name = "b".into();
    let mut i = 0;
    bencher.bench_local(|| {
        i += 1;
        lib.save_draft("big", black_box(&docs[i % 2])).unwrap();
    });
}

/// Open (read and parse) a saved 10,000-component version.
#[divan::bench(sample_count = 30)]
fn open_version_10k(bencher: Bencher) {
    let (_dir, lib, _) = library_with_big_flow();
    bencher.bench_local(|| lib.open_version("big", black_box(1)).unwrap());
}

/// Open the draft of a 10,000-component flow (what the app does when a flow is opened).
#[divan::bench(sample_count = 30)]
fn open_draft_10k(bencher: Bencher) {
    let (_dir, lib, _) = library_with_big_flow();
    bencher.bench_local(|| lib.open_draft(black_box("big")).unwrap());
}

/// List 1,000 flows, each with a saved version, with their latest version.
#[divan::bench(sample_count = 50)]
fn list_1000_flows(bencher: Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path().join("bench.sqlite3")).unwrap();
    let docs = (0..1000)
        .map(|i| {
            let mut doc = big(&format!("flow-{i:04}"), 20);
            doc.flow.name = format!("Flow {i:04}");
            (format!("flow-{i:04}.callflow.json"), doc)
        })
        .collect();
    lib.import_documents(docs).unwrap();
    let mut doc = lib.open_draft("flow-0001").unwrap().document;
    doc.flow.name = "Second version".into();
    lib.save_version("flow-0001", &doc, "v2").unwrap();
    bencher.bench_local(|| {
        let flows = lib.list_flows(black_box(&FlowQuery::default())).unwrap();
        assert_eq!(flows.len(), 1000);
        flows
    });
}

/// Two 10,000-component versions that differ in 1% of their components and layout.
fn two_versions() -> (FlowFile, FlowFile) {
    let a = big("big", 10_000);
    let mut b = a.clone();
    for (n, (id, c)) in b.flow.components.iter_mut().enumerate() {
        if n % 100 == 0 {
            c.name = format!("{} (edited)", c.name);
            if let Some(pos) = b.layout.components.get_mut(id) {
                pos.x += 40.0;
            }
        }
    }
    (a, b)
}

/// Diff two stored 10,000-component versions that differ in 1% of their components: read both
/// texts, scan them, parse only what differs, compare. Cycles through three pairs of versions.
#[divan::bench(sample_count = 30)]
fn diff_10k_stored(bencher: Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(dir.path().join("bench.sqlite3")).unwrap();
    let (a, b) = two_versions();
    lib.create_flow_from(&a).unwrap();
    for i in 0..3 {
        let (mut x, mut y) = (a.clone(), b.clone());
        x.flow.name = format!("pair {i}");
        y.flow.name = format!("pair {i}");
        lib.save_version("big", &x, "a").unwrap();
        lib.save_version("big", &y, "b").unwrap();
    }
    let mut pair = 0u32;
    bencher.bench_local(|| {
        let first = 1 + 2 * (pair % 3);
        pair += 1;
        let d = lib.diff("big", black_box(DocRef::Version(first)), DocRef::Version(first + 1)).unwrap();
        assert!(d.components.len() >= 100 && !d.moved.is_empty());
        d
    });
}

/// Diff two 10,000-component documents already in memory (what the UI does with open versions).
#[divan::bench(sample_count = 30)]
fn diff_10k_in_memory(bencher: Bencher) {
    let (a, b) = two_versions();
    bencher.bench(|| {
        callflow_store::diff::diff(
            "big",
            DocRef::Version(1),
            black_box(&a),
            DocRef::Version(2),
            black_box(&b),
        )
    });
}

/// Open the library file itself (schema check, `integrity_check`, pragmas) when it holds a
/// 10,000-component flow with three versions (~10 MB).
#[divan::bench(sample_count = 20)]
fn open_library_10k(bencher: Bencher) {
    let (dir, mut lib, doc) = library_with_big_flow();
    for name in ["b", "c"] {
        let mut d = doc.clone();
        d.flow.name = name.into();
        lib.save_version("big", &d, name).unwrap();
    }
    drop(lib);
    let path = dir.path().join("bench.sqlite3");
    bencher.bench_local(|| Library::open(black_box(&path)).unwrap());
}
