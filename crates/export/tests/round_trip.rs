//! The round-trip guarantee: export -> import into a library -> export gives byte-identical
//! files, for every sample flow and for generated flows; exported samples verify (canonical,
//! saved test calls replay on their recorded paths); a file whose recorded path no longer
//! matches the flow fails verification.

use std::path::{Path, PathBuf};

use callflow_export::*;
use callflow_model::layout::Position;
use callflow_model::{Component, ComponentKind, DtmfKey, ErrorHandling, Flow, FlowFile, FlowType};
use callflow_store::Library;
use proptest::prelude::*;

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows")
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

/// Files of a folder: (name, bytes), sorted by name.
type Files = Vec<(String, Vec<u8>)>;

/// Exports `sources` to `a`, imports `a` into a fresh library, exports the library to `b`, and
/// returns the files of `a` and `b` by name.
fn export_import_export(sources: &[Source], work: &Path) -> (Files, Files) {
    let (a, b) = (work.join("a"), work.join("b"));
    export(sources, &a, ExportOptions::default(), false).unwrap();
    let mut lib = Library::open(work.join("library.sqlite3")).unwrap();
    lib.import_paths(std::slice::from_ref(&a)).unwrap();
    let back = from_library(&lib, &[]).unwrap();
    export(&back, &b, ExportOptions::default(), false).unwrap();
    let read = |dir: &Path| {
        files_in(dir)
            .into_iter()
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect::<Vec<_>>()
    };
    (read(&a), read(&b))
}

#[test]
fn every_sample_exports_imports_and_exports_byte_identically_and_verifies() {
    let sources = read_paths(&[samples_dir()]).unwrap();
    assert!(sources.len() >= 5);
    let work = tempfile::tempdir().unwrap();
    let (a, b) = export_import_export(&sources, work.path());
    assert_eq!(a.len(), sources.len());
    assert_eq!(a, b, "export -> import -> export changed bytes");
    // The samples are canonical: the first export is the sample file itself.
    for source in &sources {
        let original = std::fs::read(&source.origin).unwrap();
        assert!(a.iter().any(|(_, bytes)| *bytes == original), "{} was not exported as is", source.origin);
    }
    // The exported folder works on its own: every flow finds the flows it calls (a called flow
    // keeps the file name its caller's environment gives it), exactly as the engine looks.
    for file in files_in(&work.path().join("a")) {
        if let Err(e) = callflow_engine::Loaded::read(&file) {
            panic!("{}: {e}", file.display());
        }
    }
    let mut replayed = 0;
    for file in files_in(&work.path().join("a")) {
        let report = verify_file(&file);
        assert!(report.ok(), "{report:#?}");
        assert!(report.canonical);
        replayed += report.tests.iter().filter(|t| t.verdict == Verdict::SamePath).count();
    }
    assert!(replayed >= 30, "only {replayed} tests replayed on a recorded path");
}

#[test]
fn a_recorded_path_that_no_longer_matches_fails_verification() {
    let sources = read_paths(&[samples_dir().join("callback-offer.callflow.json")]).unwrap();
    let mut doc = sources[0].document.clone();
    let test = doc.tests.iter_mut().find(|t| t.expect.path.len() >= 2).expect("a test with a recorded path");
    let name = test.name.clone();
    test.expect.path[1].exit = Some("no_such_exit".into());
    let dir = tempfile::tempdir().unwrap();
    let edited = [Source { origin: "edited".into(), document: doc }];
    let written = export(&edited, dir.path(), ExportOptions::default(), false).unwrap();
    let report = verify_file(&written[0].path);
    assert!(!report.ok());
    let failed: Vec<_> = report.tests.iter().filter(|t| !t.ok()).collect();
    assert_eq!(failed.len(), 1, "{report:#?}");
    assert_eq!(failed[0].name, name);
    assert!(
        matches!(&failed[0].verdict, Verdict::Different(d) if d.contains("path step 2")),
        "{:?}",
        failed[0]
    );
}

#[test]
fn a_file_not_in_canonical_form_or_unreadable_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let sample = samples_dir().join("post-call-survey.callflow.json");
    let compact = dir.path().join("compact.callflow.json");
    let doc = callflow_model::read_path(&sample).unwrap();
    std::fs::write(&compact, serde_json::to_string(&doc).unwrap()).unwrap();
    let report = verify_file(&compact);
    assert!(!report.canonical && !report.ok(), "{report:#?}");
    assert!(report.tests.iter().all(TestReport::ok), "its tests still replay: {report:#?}");

    let broken = dir.path().join("broken.callflow.json");
    std::fs::write(&broken, "{\"format\": \"callflow\", \"version\": 1, \"flow\": 7}").unwrap();
    let report = verify_file(&broken);
    assert!(report.problem.as_deref().is_some_and(|p| p.contains("flow")), "{report:#?}");
    assert!(!report.ok());
}

#[test]
fn exports_without_layout_tests_or_environment_still_round_trip() {
    let sources = read_paths(&[samples_dir()]).unwrap();
    let work = tempfile::tempdir().unwrap();
    let options = ExportOptions { layout: false, tests: false, environment: false };
    let written = export(&sources, &work.path().join("bare"), options, false).unwrap();
    for w in &written {
        let doc = callflow_model::read_path(&w.path).unwrap();
        assert!(doc.layout.is_empty() && doc.tests.is_empty() && doc.environment.is_none());
        let original = sources.iter().find(|s| s.document.flow.id == w.flow_id).unwrap();
        assert_eq!(doc.flow, original.document.flow, "the logic is exported whole");
    }
    let bare = read_paths(&[work.path().join("bare")]).unwrap();
    let (a, b) = export_import_export(&bare, &work.path().join("again"));
    assert_eq!(a, b);
}

// ---------------------------------------------------------------------------------------------
// Generated flows
// ---------------------------------------------------------------------------------------------

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e9f64..1e9).prop_map(serde_json::Value::from),
        "[ -~]{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(serde_json::Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..3)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Structurally valid documents (any kinds, names, configs, exits and positions); most do not
/// validate, which the library must also round-trip (they import as marked drafts).
fn flow_file() -> impl Strategy<Value = FlowFile> {
    let ids = prop::collection::btree_set("[a-z][a-z0-9_.-]{0,10}", 1..10);
    ids.prop_flat_map(|ids| {
        let ids: Vec<String> = ids.into_iter().collect();
        let n = ids.len();
        let target = proptest::sample::select(ids.clone());
        let component = (
            proptest::sample::select(ComponentKind::ALL.to_vec()),
            "\\PC{0,16}",
            prop::collection::btree_map("[a-z_]{1,8}", json_value(), 0..3),
            prop::collection::btree_map("[a-z_0-9]{1,10}", prop::option::of(target.clone()), 0..4),
            prop::collection::btree_map(
                proptest::sample::select(DtmfKey::ALL.to_vec()),
                target.clone(),
                0..2,
            ),
            prop_oneof![
                Just(ErrorHandling::Default),
                Just(ErrorHandling::EndFlow),
                target.clone().prop_map(|target| ErrorHandling::Custom { target }),
            ],
        )
            .prop_map(|(kind, name, config, exits, keys, error_handling)| Component {
                kind,
                name,
                config: serde_json::Value::Object(config.into_iter().collect()),
                exits,
                alternative_keys: keys,
                error_handling,
            });
        (
            Just(ids),
            prop::collection::vec(component, n),
            proptest::sample::select(FlowType::ALL.to_vec()),
            prop::collection::vec(((-5e4f64..5e4), (-5e4f64..5e4)), n),
            "[a-z][a-z0-9-]{0,12}",
            "\\PC{1,20}",
        )
            .prop_map(|(ids, components, flow_type, positions, id, name)| {
                let mut flow = Flow::new(id, name.trim().to_string() + "x", flow_type);
                flow.components = ids.iter().cloned().zip(components).collect();
                flow.entry = ids[0].clone();
                let mut file = FlowFile::new(flow);
                file.layout.components =
                    ids.into_iter().zip(positions).map(|(id, (x, y))| (id, Position { x, y })).collect();
                file
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn generated_flows_export_import_and_export_byte_identically(
        files in prop::collection::vec(flow_file(), 1..4)
    ) {
        // Distinct flow ids (one file per flow).
        let mut seen = std::collections::BTreeSet::new();
        let sources: Vec<Source> = files
            .into_iter()
            .filter(|f| seen.insert(f.flow.id.clone()))
            .map(|document| Source { origin: format!("generated:{}", document.flow.id), document })
            .collect();
        let work = tempfile::tempdir().unwrap();
        let (a, b) = export_import_export(&sources, work.path());
        prop_assert_eq!(a.len(), sources.len());
        prop_assert_eq!(a, b);
    }
}
