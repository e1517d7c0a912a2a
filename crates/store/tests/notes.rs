//! The version messages the library writes itself come back as notes with every version list,
//! so the app can word them in the designer's language.
//!
//! With `NOTE_SAMPLES=<file>` the test also writes each note with its stored message, for the
//! UI's test that words them in English and Czech (`make test-ui` writes
//! `ui/src/test/notes.generated.json`).

mod common;

use callflow_store::{VersionInfo, VersionNote};
use common::{TempLib, small_flow};

#[test]
fn versions_the_library_wrote_carry_a_note_and_a_designers_do_not() {
    let t = TempLib::new();
    let mut lib = t.open();
    let doc = small_flow("f", "F");
    lib.import_documents(vec![("/somewhere/f v1.callflow.json".into(), doc.clone())]).unwrap();
    let mut edited = doc.clone();
    edited.flow.name = "F edited".into();
    lib.save_draft("f", &edited).unwrap();
    let mut second = doc.clone();
    second.flow.name = "F second".into();
    lib.import_documents(vec![("f v2.callflow.json".into(), second)]).unwrap();
    let mut third = doc.clone();
    third.flow.name = "F third".into();
    lib.save_draft("f", &third).unwrap();
    lib.restore_version("f", 1).unwrap();
    let mut mine = doc.clone();
    mine.flow.name = "F mine".into();
    lib.save_version("f", &mine, "Imported from the old system, fixed the menu").unwrap();

    let versions = lib.list_versions("f").unwrap();
    let notes: Vec<(u32, &str, Option<&VersionNote>)> =
        versions.iter().map(|v| (v.number, v.message.as_str(), v.note.as_ref())).collect();
    let imported = |file: &str| VersionNote::Imported { file: file.into() };
    assert_eq!(
        notes,
        [
            (5, "Imported from the old system, fixed the menu", None),
            (
                4,
                "Unsaved draft, kept before restoring version 1",
                Some(&VersionNote::KeptBeforeRestore { version: 1 })
            ),
            (3, "Imported from f v2.callflow.json", Some(&imported("f v2.callflow.json"))),
            (
                2,
                "Unsaved draft, kept before importing f v2.callflow.json",
                Some(&VersionNote::KeptBeforeImport { file: "f v2.callflow.json".into() })
            ),
            (1, "Imported from f v1.callflow.json", Some(&imported("f v1.callflow.json"))),
        ][..]
    );

    // The app imports its samples into a new library with the source `sample <name>`.
    lib.import_documents(vec![("sample s.callflow.json".into(), small_flow("s", "S"))]).unwrap();
    let sample = lib.list_versions("s").unwrap();
    assert_eq!(sample.len(), 1);
    assert_eq!(sample[0].message, "Imported from sample s.callflow.json");
    assert_eq!(sample[0].note, Some(VersionNote::ImportedSample { name: "s.callflow.json".into() }));

    if let Some(path) = std::env::var_os("NOTE_SAMPLES") {
        let samples: Vec<&VersionInfo> =
            versions.iter().chain(&sample).filter(|v| v.note.is_some()).collect();
        std::fs::write(path, serde_json::to_string_pretty(&samples).unwrap()).unwrap();
    }
}
