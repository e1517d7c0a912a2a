//! The library's operations, end to end on real database files.

mod common;

use callflow_model::{ComponentKind, FlowType, Position};
use callflow_store::*;
use common::*;

#[test]
fn create_save_versions_and_restore_gives_back_the_saved_document() {
    let t = TempLib::new();
    let mut lib = t.open();
    lib.set_author("Dana Designer").unwrap();
    let created = lib.create_flow("Main IVR", FlowType::Inbound).unwrap();
    assert_eq!(created.id, "main-ivr");
    assert!(created.latest_version.is_none());
    assert!(created.draft_changed);
    // A new flow opens laid out: its entry component is already placed.
    let draft = lib.open_draft("main-ivr").unwrap();
    let entry = &draft.document.flow.entry;
    assert_eq!(draft.document.layout.components.get(entry), Some(&callflow_model::STARTER_ENTRY_POSITION));

    let mut doc = small_flow("main-ivr", "Main IVR");
    let v1 = lib.save_version("main-ivr", &doc, "first").unwrap();
    assert_eq!((v1.number, v1.created), (1, true));
    // Saving the same document again creates nothing.
    let again = lib.save_version("main-ivr", &doc, "again").unwrap();
    assert_eq!((again.number, again.created), (1, false));

    let saved_v1 = doc.clone();
    doc.flow.components.get_mut("hello").unwrap().name = "Welcome".into();
    assert_eq!(lib.save_draft("main-ivr", &doc).unwrap(), DraftSaved::Saved);
    assert_eq!(lib.save_draft("main-ivr", &doc).unwrap(), DraftSaved::Unchanged);
    let v2 = lib.save_version("main-ivr", &doc, "renamed greeting").unwrap();
    assert_eq!(v2.number, 2);

    let versions = lib.list_versions("main-ivr").unwrap();
    assert_eq!(versions.iter().map(|v| v.number).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(versions[0].author, "Dana Designer");
    assert_eq!(versions[0].message, "renamed greeting");
    assert_eq!(versions[1].hash, content_hash(&stored_text(&saved_v1)));

    // A restored version equals the document that was saved, byte for byte.
    assert_eq!(lib.open_version("main-ivr", 1).unwrap(), saved_v1);
    let restored = lib.restore_version("main-ivr", 1).unwrap();
    assert_eq!(restored.kept_draft_as, None, "the draft was saved as v2, nothing to keep");
    assert_eq!(restored.draft.document, saved_v1);
    assert_eq!(restored.draft.base_version, Some(1));
    assert!(!restored.draft.changed);
    assert_eq!(lib.document_text("main-ivr", DocRef::Draft).unwrap(), stored_text(&saved_v1));
    // Exported, it is the canonical file text.
    let out = t.dir.path().join("v1.callflow.json");
    lib.export_flow("main-ivr", DocRef::Version(1), &out).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), saved_v1.to_json());
    assert_eq!(lib.open_draft("main-ivr").unwrap().document, saved_v1);
}

#[test]
fn restoring_over_unsaved_changes_keeps_them_as_a_version() {
    let t = TempLib::new();
    let mut lib = t.open();
    let doc = small_flow("f", "F");
    lib.create_flow_from(&doc).unwrap();
    lib.save_version("f", &doc, "v1").unwrap();
    let mut edited = doc.clone();
    edited.flow.name = "F edited".into();
    lib.save_draft("f", &edited).unwrap();
    let restored = lib.restore_version("f", 1).unwrap();
    assert_eq!(restored.kept_draft_as, Some(2));
    assert_eq!(lib.open_version("f", 2).unwrap(), edited);
    assert_eq!(restored.draft.document, doc);
    assert_eq!(lib.flow("f").unwrap().name, "F");
}

#[test]
fn versions_cannot_be_modified_or_deleted_behind_the_library() {
    let t = TempLib::new();
    let mut lib = t.open();
    let doc = small_flow("f", "F");
    lib.create_flow_from(&doc).unwrap();
    lib.save_version("f", &doc, "v1").unwrap();
    drop(lib);
    let conn = rusqlite::Connection::open(&t.path).unwrap();
    let err = conn.execute("UPDATE versions SET message = 'x'", []).unwrap_err();
    assert!(err.to_string().contains("immutable"), "{err}");
    let err = conn.execute("DELETE FROM versions", []).unwrap_err();
    assert!(err.to_string().contains("purging"), "{err}");
}

#[test]
fn rename_duplicate_trash_restore_and_purge() {
    let t = TempLib::new();
    let mut lib = t.open();
    lib.create_flow_from(&small_flow("sales", "Sales line")).unwrap();
    lib.save_version("sales", &small_flow("sales", "Sales line"), "v1").unwrap();

    let renamed = lib.rename_flow("sales", "Sales hotline").unwrap();
    assert_eq!(renamed.name, "Sales hotline");
    assert!(renamed.draft_changed, "a rename changes the draft, not the versions");
    assert_eq!(lib.open_version("sales", 1).unwrap().flow.name, "Sales line");

    let copy = lib.duplicate_flow("sales", None).unwrap();
    assert_eq!(copy.name, "Sales hotline (copy)");
    assert_eq!(copy.id, "sales-hotline-copy");
    assert!(copy.latest_version.is_none());
    let copy_doc = lib.open_draft(&copy.id).unwrap().document;
    assert_eq!(copy_doc.flow.id, copy.id);
    assert_eq!(copy_doc.flow.components, lib.open_draft("sales").unwrap().document.flow.components);

    lib.delete_flow("sales").unwrap();
    let live: Vec<_> = lib.list_flows(&FlowQuery::default()).unwrap().into_iter().map(|f| f.id).collect();
    assert_eq!(live, std::slice::from_ref(&copy.id));
    let trash = lib.list_flows(&FlowQuery { trash: true, ..FlowQuery::default() }).unwrap();
    assert_eq!(trash.len(), 1);
    assert!(trash[0].deleted_at.is_some());
    assert!(matches!(
        lib.save_draft("sales", &small_flow("sales", "x")),
        Err(StoreError::FlowInTrash { .. })
    ));
    assert!(matches!(lib.purge_flow(&copy.id), Err(StoreError::FlowNotInTrash { .. })));

    lib.restore_flow("sales").unwrap();
    assert_eq!(lib.list_versions("sales").unwrap().len(), 1);
    lib.delete_flow("sales").unwrap();
    lib.purge_flow("sales").unwrap();
    assert!(matches!(lib.flow("sales"), Err(StoreError::FlowNotFound { .. })));
    assert!(lib.check_database().unwrap().ok());
}

#[test]
fn search_by_name_kind_phone_and_queue() {
    let t = TempLib::new();
    let mut lib = t.open();
    lib.create_flow_from(&small_flow("support", "Support line")).unwrap();
    let mut big = big_flow("big", 40);
    big.flow.name = "Overflow".into();
    lib.create_flow_from(&big).unwrap();

    fn ids_of(lib: &Library, q: FlowQuery) -> Vec<String> {
        lib.list_flows(&q).unwrap().into_iter().map(|f| f.id).collect()
    }
    let ids = |q: FlowQuery| ids_of(&lib, q);
    assert_eq!(ids(FlowQuery { text: Some("ORT LI".into()), ..Default::default() }), ["support"]);
    assert_eq!(
        ids(FlowQuery { kind: Some(ComponentKind::ForwardExternal), ..Default::default() }),
        ["support"]
    );
    assert_eq!(ids(FlowQuery { kind: Some(ComponentKind::AssignmentDial), ..Default::default() }), ["big"]);
    assert_eq!(ids(FlowQuery { phone: Some("222-333".into()), ..Default::default() }), ["support"]);
    assert_eq!(ids(FlowQuery { text: Some("+420222".into()), ..Default::default() }), ["support"]);
    assert!(ids(FlowQuery { phone: Some("999999".into()), ..Default::default() }).is_empty());
    // `%` and `_` are literal characters, not wildcards.
    assert!(ids(FlowQuery { text: Some("%".into()), ..Default::default() }).is_empty());

    // Queues: whatever the synthetic flow routes to is found by part of its name.
    let queue = big.flow.components.values().find_map(|c| {
        c.config.pointer("/selection/ring_groups/0").and_then(|v| v.as_str()).map(str::to_string)
    });
    if let Some(queue) = queue {
        let part: String = queue.chars().take(4).collect();
        assert_eq!(
            ids(FlowQuery { queue: Some(part.to_uppercase()), ..Default::default() }),
            ["big"],
            "{queue}"
        );
    }

    // The index follows the draft: remove the forward, and the phone search no longer finds it.
    let mut doc = lib.open_draft("support").unwrap().document;
    doc.flow.components.remove("fwd");
    doc.flow.components.get_mut("hello").unwrap().exits.insert("next".into(), Some("end".into()));
    lib.save_draft("support", &doc).unwrap();
    assert!(ids_of(&lib, FlowQuery { phone: Some("420222333444".into()), ..Default::default() }).is_empty());
}

#[test]
fn diff_reports_logic_changes_and_moves_separately() {
    let t = TempLib::new();
    let mut lib = t.open();
    let doc = small_flow("f", "F");
    lib.create_flow_from(&doc).unwrap();
    lib.save_version("f", &doc, "v1").unwrap();
    let mut moved = doc.clone();
    moved.layout.components.insert("hello".into(), Position { x: 500.0, y: 40.0 });
    lib.save_version("f", &moved, "moved").unwrap();
    let mut edited = moved.clone();
    edited.flow.components.get_mut("fwd").unwrap().exits.insert("busy".into(), Some("hello".into()));
    lib.save_version("f", &edited, "busy goes to hang up").unwrap();

    let d = lib.diff("f", DocRef::Version(1), DocRef::Version(2)).unwrap();
    assert!(d.layout_only(), "{d:#?}");
    assert_eq!(d.moved[0].component, "hello");
    let d = lib.diff("f", DocRef::Version(2), DocRef::Version(3)).unwrap();
    assert!(d.moved.is_empty());
    assert_eq!(d.exits.len(), 1);
    assert_eq!(d.exits[0].exit, "busy");
    assert_eq!(d.exits[0].after, ExitEnd::Connected { target: "hello".into() });
    let d = lib.diff("f", DocRef::Version(3), DocRef::Draft).unwrap();
    assert!(d.is_empty());
    assert!(matches!(
        lib.diff("f", DocRef::Version(9), DocRef::Draft),
        Err(StoreError::VersionNotFound { number: 9, .. })
    ));
    // The diff is data: it serializes for the UI.
    let json = serde_json::to_value(lib.diff("f", DocRef::Version(1), DocRef::Version(3)).unwrap()).unwrap();
    assert_eq!(json["from"], serde_json::json!({"version": 1}));
}

#[test]
fn publish_refuses_a_flow_with_errors_and_says_which() {
    let t = TempLib::new();
    let mut lib = t.open();
    let broken = broken_flow("b");
    lib.create_flow_from(&broken).unwrap();
    assert!(matches!(lib.publish("b", None), Err(StoreError::NoVersion { .. })));
    lib.save_version("b", &broken, "broken").unwrap();
    match lib.publish("b", None) {
        Err(StoreError::PublishRefused { id, version, errors }) => {
            assert_eq!((id.as_str(), version), ("b", 1));
            assert!(!errors.is_empty());
            let report = StoreError::PublishRefused { id, version, errors: errors.clone() }.report();
            assert_eq!(report.kind, ErrorKind::PublishRefused);
            assert_eq!(report.diagnostics, errors);
            // The listed messages lose their own full stops: no ".;" or ".." in the sentence.
            assert!(!report.message.contains(".;") && !report.message.contains(".."), "{}", report.message);
        }
        other => panic!("publishing a flow with a dangling target must be refused, got {other:?}"),
    }
    assert_eq!(lib.published("b").unwrap(), None, "a refused publish writes nothing");
}

#[test]
fn publish_marks_a_valid_version() {
    let t = TempLib::new();
    let mut lib = t.open();
    let doc = small_flow("ok", "OK");
    lib.create_flow_from(&doc).unwrap();
    lib.save_version("ok", &doc, "v1").unwrap();
    let p = lib.publish("ok", None).unwrap();
    assert_eq!(p.version, 1);
    assert!(!p.draft_differs);
    assert_eq!(lib.flow("ok").unwrap().published_version, Some(1));
    assert!(lib.list_versions("ok").unwrap()[0].published);
    lib.unpublish("ok").unwrap();
    assert_eq!(lib.flow("ok").unwrap().published_version, None);
}

#[test]
fn runs_and_settings_are_stored() {
    let t = TempLib::new();
    let mut lib = t.open();
    lib.create_flow_from(&small_flow("f", "F")).unwrap();
    let run = lib.record_run("f", None, "happy path", &serde_json::json!({"steps": [1, 2, 3]})).unwrap();
    assert_eq!(lib.list_runs("f").unwrap(), std::slice::from_ref(&run));
    assert_eq!(lib.open_run(run.id).unwrap(), serde_json::json!({"steps": [1, 2, 3]}));
    lib.delete_run(run.id).unwrap();
    assert!(lib.list_runs("f").unwrap().is_empty());
    lib.set_setting("ui.theme", &serde_json::json!("dark")).unwrap();
    drop(lib);
    let lib = t.open();
    assert_eq!(lib.setting("ui.theme").unwrap(), Some(serde_json::json!("dark")));
}

#[test]
fn a_document_with_another_id_is_refused() {
    let t = TempLib::new();
    let mut lib = t.open();
    lib.create_flow_from(&small_flow("a", "A")).unwrap();
    let err = lib.save_draft("a", &small_flow("b", "B")).unwrap_err();
    assert!(matches!(err, StoreError::FlowIdChanged { .. }), "{err}");
}

#[test]
fn list_shows_latest_version_and_draft_state() {
    let t = TempLib::new();
    let mut lib = t.open();
    for i in 0..5 {
        let doc = small_flow(&format!("f{i}"), &format!("Flow {i}"));
        lib.create_flow_from(&doc).unwrap();
        for v in 0..i {
            let mut d = doc.clone();
            d.flow.name = format!("Flow {i} v{v}");
            lib.save_version(&d.flow.id, &d, &format!("v{v}")).unwrap();
        }
    }
    let list = lib.list_flows(&FlowQuery::default()).unwrap();
    assert_eq!(list.len(), 5);
    for (i, f) in list.iter().enumerate() {
        assert_eq!(f.latest_version.as_ref().map(|v| v.number), (i > 0).then_some(i as u32));
        assert_eq!(f.draft_changed, i == 0);
    }
}

#[test]
fn a_library_can_move_between_threads() {
    fn assert_send<T: Send>() {}
    assert_send::<Library>();
}

#[test]
fn repeated_diffs_give_the_same_result_as_fresh_ones() {
    let t = TempLib::new();
    let mut lib = t.open();
    let doc = small_flow("f", "F");
    lib.create_flow_from(&doc).unwrap();
    lib.save_version("f", &doc, "v1").unwrap();
    let mut next = doc.clone();
    next.flow.name = "G".into();
    lib.save_version("f", &next, "v2").unwrap();
    let first = lib.diff("f", DocRef::Version(1), DocRef::Version(2)).unwrap();
    let again = lib.diff("f", DocRef::Version(1), DocRef::Version(2)).unwrap();
    assert_eq!(first, again);
    // The draft changes under the same name: the diff follows the content, not a stale cache.
    let mut draft = next.clone();
    draft.flow.name = "H".into();
    lib.save_draft("f", &draft).unwrap();
    let d = lib.diff("f", DocRef::Version(2), DocRef::Draft).unwrap();
    assert_eq!(d.settings[0].after, Some(serde_json::json!("H")));
    let fresh = t.open().diff("f", DocRef::Version(2), DocRef::Draft).unwrap();
    assert_eq!(d, fresh);
}
