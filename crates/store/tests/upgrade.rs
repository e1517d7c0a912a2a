//! A library written by the previous schema (1, before the part index; a file the previous build
//! wrote, in `tests/fixtures`) opens, is upgraded after a backup, and still reads, diffs and
//! checks correctly, including diffs between old versions (no index) and new ones.

mod common;

use callflow_model::FlowFile;
use callflow_store::*;
use common::*;

fn full_diff(from: DocRef, a: &FlowFile, to: DocRef, b: &FlowFile) -> FlowDiff {
    callflow_store::diff::diff("ivr", from, a, to, b)
}

fn has_index(t: &TempLib, number: u32) -> bool {
    let conn = rusqlite::Connection::open(&t.path).unwrap();
    conn.query_row(
        "SELECT parts IS NOT NULL FROM versions WHERE flow_id = 'ivr' AND number = ?1",
        [number],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_schema_1_library_upgrades_and_diffs_old_and_new_versions_correctly() {
    let t = TempLib::new();
    std::fs::copy(schema_v1_fixture(), &t.path).unwrap();
    let mut lib = t.open();
    let backup = lib.backup_made().expect("a backup before the upgrade").to_path_buf();
    assert!(backup.exists());
    let check = lib.check_database().unwrap();
    assert!(
        check.integrity.is_empty() && check.quick.is_empty() && check.foreign_keys.is_empty(),
        "{check:?}"
    );
    assert!(check.documents.is_empty(), "{:?}", check.documents);
    assert_eq!(check.schema_version as usize, SCHEMA_VERSION);

    let [v1, v2, draft] = schema_v1_documents();
    assert_eq!(lib.open_version("ivr", 1).unwrap(), v1);
    assert_eq!(lib.open_version("ivr", 2).unwrap(), v2);
    assert_eq!(lib.open_draft("ivr").unwrap().document, draft);
    // The stored form did not change with the schema: old hashes are the hashes of today's text,
    // so saving an unchanged document still creates no version.
    let versions = lib.list_versions("ivr").unwrap();
    assert_eq!(versions[0].hash, content_hash(&stored_text(&v2)));
    assert_eq!(versions[1].hash, content_hash(&stored_text(&v1)));

    // Old against old (both scanned).
    let (one, two) = (DocRef::Version(1), DocRef::Version(2));
    assert_eq!(lib.diff("ivr", one, two).unwrap(), full_diff(one, &v1, two, &v2));
    assert_eq!(lib.diff("ivr", two, DocRef::Draft).unwrap(), full_diff(two, &v2, DocRef::Draft, &draft));
    assert!(!lib.diff("ivr", one, two).unwrap().moved.is_empty());

    // A version saved after the upgrade carries a part index; diffs against old ones are right.
    let mut v3 = draft.clone();
    v3.flow.components.remove("zz_added");
    v3.flow.name = "IVR, third".into();
    let saved = lib.save_version("ivr", &v3, "third").unwrap();
    assert_eq!((saved.number, saved.created), (3, true));
    assert!(has_index(&t, 3) && !has_index(&t, 1));
    let three = DocRef::Version(3);
    for (x, dx, y, dy) in [(one, &v1, three, &v3), (three, &v3, one, &v1), (two, &v2, three, &v3)] {
        assert_eq!(lib.diff("ivr", x, y).unwrap(), full_diff(x, dx, y, dy));
    }
    // New against new, through the draft's own index.
    let mut v4 = v3.clone();
    v4.layout.components.values_mut().nth(3).unwrap().y += 10.0;
    v4.flow.components.values_mut().nth(5).unwrap().name = "Renamed again".into();
    lib.save_draft("ivr", &v4).unwrap();
    let d = lib.diff("ivr", three, DocRef::Draft).unwrap();
    assert_eq!(d, full_diff(three, &v3, DocRef::Draft, &v4));
    assert_eq!((d.components.len(), d.moved.len()), (1, 1));

    // The samples imported by the old build read back as the files say, but for positions: the
    // samples' boxes have been moved since the fixture was written (rows re-spaced so that no
    // box overlaps another), so only which components have a position is compared.
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../flows");
    let mut seen = 0;
    for entry in std::fs::read_dir(samples).unwrap() {
        let mut file = callflow_model::read_path(&entry.unwrap().path()).unwrap();
        let stored = lib.open_draft(&file.flow.id).unwrap().document;
        assert!(file.layout.components.keys().eq(stored.layout.components.keys()), "{}", file.flow.id);
        file.layout.components = stored.layout.components.clone();
        assert_eq!(stored, file);
        seen += 1;
    }
    assert!(seen >= 5);
    assert!(lib.check_database().unwrap().documents.is_empty());
}

#[test]
fn a_damaged_part_index_is_reported_and_the_diff_stays_right() {
    let t = TempLib::new();
    let mut lib = t.open();
    let v1 = big_flow("ivr", 200);
    lib.create_flow_from(&v1).unwrap();
    lib.save_version("ivr", &v1, "v1").unwrap();
    let mut draft = v1.clone();
    draft.flow.components.values_mut().nth(7).unwrap().name.push_str(" (edited)");
    lib.save_draft("ivr", &draft).unwrap();
    let expected = full_diff(DocRef::Version(1), &v1, DocRef::Draft, &draft);
    assert_eq!(lib.diff("ivr", DocRef::Version(1), DocRef::Draft).unwrap(), expected);

    // Give the draft the index of version 1: well-formed, but every range after the edited
    // component is off by the length of the edit.
    let conn = rusqlite::Connection::open(&t.path).unwrap();
    conn.execute("UPDATE drafts SET parts = (SELECT parts FROM versions WHERE number = 1)", []).unwrap();
    drop(conn);
    let check = lib.check_database().unwrap();
    assert_eq!(check.documents.len(), 1, "{:?}", check.documents);
    assert!(check.documents[0].contains("part index"), "{:?}", check.documents);
    assert_eq!(lib.diff("ivr", DocRef::Version(1), DocRef::Draft).unwrap(), expected);
}
