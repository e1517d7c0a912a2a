//! Amazon Connect import and export, on public Connect flows (see `fixtures/README.md`) and on
//! flows written here: what maps, what the reports list, and export -> import round trips.

use std::collections::BTreeSet;

use callflow_interchange::{InterchangeError, export_connect, import_connect};
use callflow_model::{ComponentConfig, ComponentKind, ErrorHandling, FlowFile};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn kinds(file: &FlowFile) -> Vec<(String, ComponentKind)> {
    file.flow.components.iter().map(|(id, c)| (id.clone(), c.kind)).collect()
}

fn count(file: &FlowFile, kind: ComponentKind) -> usize {
    file.flow.components.values().filter(|c| c.kind == kind).count()
}

fn unmapped_actions(report: &callflow_interchange::ImportReport) -> BTreeSet<(String, String)> {
    report
        .unmapped
        .iter()
        .filter(|u| u.part.is_none())
        .map(|u| (u.action.clone(), u.action_type.clone()))
        .collect()
}

/// The only errors the checks may find in an imported flow: Assignment and dial exits that have
/// no Connect counterpart (the report says so).
fn assert_only_queue_exit_errors(file: &FlowFile, report: &callflow_interchange::ImportReport) {
    for d in callflow_check::check(&file.flow, &callflow_check::NoFlows) {
        if d.severity != callflow_check::Severity::Error {
            continue;
        }
        let component = d.component.clone().unwrap_or_default();
        assert_eq!(d.code, "CF0106", "unexpected error in the imported flow: {d:?}");
        assert_eq!(file.flow.components[&component].kind, ComponentKind::AssignmentDial, "{d:?}");
        assert!(
            report.approximations.iter().any(|a| a.component == component && a.note.contains("no_answer")),
            "the report explains the open exits of {component}"
        );
    }
}

/// Export, import the export again: the components (kinds, configs, exits, error handling),
/// variables and positions come back unchanged, and nothing more is reported missing.
fn assert_round_trip(file: &FlowFile) -> callflow_interchange::Exported {
    let exported = export_connect(file);
    assert!(exported.report.is_complete(), "export left out: {:?}", exported.report.unmapped);
    let again = import_connect(&exported.json, &file.flow.id).expect("an export imports");
    assert!(again.report.unmapped.is_empty(), "re-import left out: {:?}", again.report.unmapped);
    assert_eq!(again.file.flow.entry, file.flow.entry);
    assert_eq!(kinds(&again.file), kinds(file));
    for (id, component) in &file.flow.components {
        let back = &again.file.flow.components[id];
        let config =
            |c: &callflow_model::Component| ComponentConfig::parse(c.kind, &c.config).expect("config parses");
        assert_eq!(config(back), config(component), "config of {id}");
        assert_eq!(back.exits, component.exits, "exits of {id}");
        assert_eq!(back.error_handling, component.error_handling, "error handling of {id}");
    }
    assert_eq!(
        again.file.flow.variables.iter().map(|v| &v.name).collect::<Vec<_>>(),
        file.flow.variables.iter().map(|v| &v.name).collect::<Vec<_>>()
    );
    assert_eq!(again.file.layout.components, file.layout.components);
    exported
}

#[test]
fn bankid_sample_imports_its_voice_path_and_reports_lambda_loop_recording_and_voice() {
    let imported = import_connect(&fixture("bankid_auth"), "bankid_auth").unwrap();
    let (file, report) = (&imported.file, &imported.report);
    assert_eq!(report.actions, 14);
    assert_eq!(count(file, ComponentKind::PlayMessage), 4);
    assert_eq!(count(file, ComponentKind::CollectDigits), 1);
    assert_eq!(count(file, ComponentKind::Conditional), 1);
    assert_eq!(count(file, ComponentKind::SetVariable), 1, "the working queue is set, not yet transferred");
    assert_eq!(count(file, ComponentKind::AssignmentDial), 1);
    assert_eq!(count(file, ComponentKind::HangUp), 1);
    assert_eq!(report.components, 9);

    assert_eq!(
        unmapped_actions(report),
        BTreeSet::from([
            ("f975c9af-7dff-4e34-9eda-53ad09aecb2a".into(), "UpdateFlowLoggingBehavior".into()),
            ("5c7d63e5-db92-451e-9da1-028763ee8801".into(), "UpdateContactTextToSpeechVoice".into()),
            ("93a19012-34f4-47c6-8011-d146cded6f8a".into(), "UpdateContactRecordingBehavior".into()),
            ("2367a288-95db-4535-ad4f-7d70be3636a9".into(), "InvokeLambdaFunction".into()),
            ("595aea4e-1fa8-4a4c-a0c7-f1711d0caccf".into(), "Loop".into()),
        ])
    );
    assert!(report.unmapped.iter().any(|u| u.action == "e501e887-2f34-44dd-8aad-030ca0d96792"
        && u.part.as_deref() == Some("Errors.QueueAtCapacity")));
    // A note on the canvas for every left-out action, where it was.
    assert_eq!(file.flow.notes.len(), 5);
    assert!(file.layout.notes.contains_key("connect_2367a288-95db-4535-ad4f-7d70be3636a9"));

    let flow = &file.flow;
    // Logging and voice are passed through: the start leads to the input of the personal number.
    assert_eq!(
        flow.components["start"].target("next").map(String::as_str),
        Some("17403bfb-420b-4fa5-bb53-8a7fdf9da0e8")
    );
    let input = &flow.components["17403bfb-420b-4fa5-bb53-8a7fdf9da0e8"];
    let ComponentConfig::CollectDigits(digits) = ComponentConfig::parse(input.kind, &input.config).unwrap()
    else {
        panic!("collect digits expected")
    };
    assert_eq!((digits.max_digits, digits.first_digit_timeout_sec), (12, 10));
    assert_eq!(digits.output_variable, "stored_customer_input");
    assert_eq!(
        input.error_handling,
        ErrorHandling::Custom { target: "f225dcc9-d666-4ee4-9200-36ef87dd338f".into() }
    );
    // Compare on $.External.status: two branches, the Loop on `pending` passed on to its NextAction.
    let compare = &flow.components["6162763b-e43c-455b-8330-196642f37027"];
    assert_eq!(
        compare.target("equals_complete").map(String::as_str),
        Some("319c4da8-2d6d-4e4b-a18e-9277b13cd7f9")
    );
    assert_eq!(
        compare.target("equals_pending").map(String::as_str),
        Some("f225dcc9-d666-4ee4-9200-36ef87dd338f")
    );
    assert!(flow.variables.iter().any(|v| v.name == "external_status"));
    // The transfer rings the queue the flow set earlier.
    let transfer = &flow.components["e501e887-2f34-44dd-8aad-030ca0d96792"];
    assert!(transfer.config.to_string().contains("REPLACE_WITH_SAMPLE_BASIC_QUEUE_ARN"));
    assert_eq!(
        file.layout.components["17403bfb-420b-4fa5-bb53-8a7fdf9da0e8"],
        callflow_model::Position { x: 144.0, y: 474.0 }
    );

    assert_only_queue_exit_errors(file, report);
    assert_round_trip(file);
}

#[test]
fn wrapped_ci_export_is_read_from_its_content_string() {
    let imported = import_connect(&fixture("acme_main"), "acme_main").unwrap();
    let (file, report) = (&imported.file, &imported.report);
    assert_eq!(file.flow.name, "ACME_Main_AUTO", "the wrapper's Name names the flow");
    assert!(file.flow.notes.iter().any(|n| n.text == "Test Main Flow"));
    assert_eq!(report.actions, 13);
    assert_eq!(report.components, 5);
    assert_eq!(count(file, ComponentKind::PlayMessage), 2);
    assert_eq!(count(file, ComponentKind::SetVariable), 2);
    assert_eq!(count(file, ComponentKind::HangUp), 1);
    let types: BTreeSet<String> = unmapped_actions(report).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        types,
        BTreeSet::from(
            [
                "UpdateFlowLoggingBehavior",
                "UpdateFlowAttributes",
                "UpdateContactTextToSpeechVoice",
                "TransferToFlow",
                "InvokeFlowModule",
                "InvokeLambdaFunction",
                "UpdateContactEventHooks",
                "ConnectParticipantWithLexBot"
            ]
            .map(String::from)
        )
    );
    assert_eq!(report.unmapped.len(), 8, "every left-out action once");
    // The action named `FLOW_OBJECT_MAPS#` is reported under its own identifier.
    assert!(report.unmapped.iter().any(|u| u.action == "FLOW_OBJECT_MAPS#"));
    // Queues set from flow attributes are read from variables.
    let sales = &file.flow.components["42afdd96-1eff-4841-83b0-eb782d2d0fb9"];
    assert!(sales.config.to_string().contains("flow_attributes_sales"), "{}", sales.config);
    assert_eq!(
        file.flow.components["start"].target("next").map(String::as_str),
        Some("d72fa272-5878-49b0-8e9e-b9327f967cb9")
    );
    assert_only_queue_exit_errors(file, report);
    assert_round_trip(file);
}

#[test]
fn quick_connect_transfer_becomes_assignment_and_dial() {
    let imported = import_connect(&fixture("acme_qc_transfer_to_queue"), "qc").unwrap();
    let (file, report) = (&imported.file, &imported.report);
    assert_eq!(kinds(file).len(), 3);
    let transfer = &file.flow.components["84ceaa1a-834e-4c84-a792-e8b08d746343"];
    assert_eq!(transfer.kind, ComponentKind::AssignmentDial);
    assert_eq!(
        transfer.error_handling,
        ErrorHandling::Custom { target: "8c760cd1-ac5c-43b2-a20b-94787495b8c9".into() }
    );
    assert!(report.approximations.iter().any(|a| a.note.contains("working queue")));
    assert_eq!(unmapped_actions(report).len(), 1, "the logging action");
    assert!(report.unmapped.iter().any(|u| u.part.as_deref() == Some("Errors.QueueAtCapacity")));
    assert_only_queue_exit_errors(file, report);
    let exported = assert_round_trip(file);
    let types: Vec<&str> = exported.flow.actions.iter().map(|a| a.action_type.as_str()).collect();
    assert_eq!(types, ["UpdateContactTargetQueue", "TransferContactToQueue", "DisconnectParticipant"]);
}

/// A flow drawn here, using every kind that maps.
const IVR: &str = r##"{
  "format": "callflow", "version": 1,
  "flow": {
    "id": "ivr", "name": "IVR", "type": "inbound", "entry": "start",
    "variables": [
      { "name": "balance", "type": "string" },
      { "name": "stored_customer_input", "type": "string" },
      { "name": "tier", "type": "string" }
    ],
    "components": {
      "start": { "kind": "start", "name": "Start", "exits": { "next": "welcome" } },
      "welcome": { "kind": "play_message", "name": "Welcome",
        "config": { "prompt": { "type": "tts", "text": "Welcome" } }, "exits": { "next": "menu" } },
      "menu": { "kind": "menu", "name": "Menu",
        "config": { "prompt": { "type": "audio", "asset": "menu.wav" },
                    "options": [ { "key": "1", "label": "" }, { "key": "#", "label": "" } ],
                    "timeout_sec": 7, "max_retries": 0 },
        "exits": { "key_1": "tag", "key_#": "account", "invalid": "bye", "no_input": "bye" },
        "error_handling": { "mode": "custom", "target": "welcome" } },
      "account": { "kind": "collect_digits", "name": "Account",
        "config": { "prompt": { "type": "tts", "text": "Account?" }, "output_variable": "stored_customer_input",
                    "max_digits": 8, "max_retries": 0, "first_digit_timeout_sec": 6 },
        "exits": { "ok": "check", "invalid": "bye", "timeout": "bye" } },
      "tag": { "kind": "set_variable", "name": "Tag",
        "config": { "assignments": [ { "variable": "balance", "expression": "stored_customer_input" },
                                     { "variable": "tier", "expression": "\"gold\"" } ] },
        "exits": { "next": "check" } },
      "check": { "kind": "conditional", "name": "Check",
        "config": { "branches": [ { "name": "rich", "expression": "double(balance) >= 1000.0" },
                                  { "name": "poor", "expression": "double(balance) < 10.0" } ] },
        "exits": { "rich": "queue", "poor": "forward", "no_match": "queue" } },
      "queue": { "kind": "assignment_dial", "name": "Queue",
        "config": { "selection": { "type": "ring_groups", "ring_groups": [ "support" ] } },
        "exits": { "call_finished": null, "no_answer": null, "max_waiting_time_reached": null, "no_match_found": null },
        "error_handling": { "mode": "custom", "target": "bye" } },
      "forward": { "kind": "forward_external", "name": "Forward",
        "config": { "phone_number": { "literal": "+420123456789" }, "ring_timeout_sec": 25 },
        "exits": { "busy": null, "failed": "bye", "no_answer": "bye" } },
      "bye": { "kind": "hang_up", "name": "Bye" }
    }
  },
  "layout": { "components": { "start": { "x": 0, "y": 0 }, "menu": { "x": 300, "y": 40 } } }
}"##;

#[test]
fn every_mappable_kind_survives_export_and_import() {
    let file = callflow_model::read_str("ivr.callflow.json", IVR).unwrap();
    let exported = assert_round_trip(&file);
    let connect: serde_json::Value = serde_json::from_str(&exported.json).unwrap();
    assert_eq!(connect["Version"], "2019-10-30");
    assert_eq!(connect["StartAction"], "welcome");
    let action = |id: &str| {
        connect["Actions"].as_array().unwrap().iter().find(|a| a["Identifier"] == id).unwrap().clone()
    };
    let menu = action("menu");
    assert_eq!(menu["Type"], "GetParticipantInput");
    assert_eq!(menu["Parameters"]["PromptId"], "menu.wav");
    assert_eq!(menu["Transitions"]["Conditions"][1]["Condition"]["Operands"][0], "#");
    assert_eq!(connect["Metadata"]["ActionMetadata"]["menu"]["position"]["x"], 300.0);
    assert_eq!(action("queue")["Type"], "UpdateContactTargetQueue");
    assert_eq!(action("queue")["Transitions"]["NextAction"], "queue__transfer");
    assert_eq!(action("queue__transfer")["Type"], "TransferContactToQueue");
    assert_eq!(
        action("check")["Transitions"]["Conditions"][0]["Condition"]["Operator"],
        "NumberGreaterOrEqualTo"
    );
    assert_eq!(action("tag")["Parameters"]["Attributes"]["balance"], "$.StoredCustomerInput");
    assert_eq!(action("forward")["Type"], "TransferParticipantToThirdParty");
}

#[test]
fn export_lists_components_and_settings_connect_cannot_express() {
    let mut file = callflow_model::read_str("ivr.callflow.json", IVR).unwrap();
    let menu = file.flow.components.get_mut("menu").unwrap();
    menu.config["max_retries"] = 2.into();
    menu.exits.insert("key_1".into(), Some("mail".into()));
    let mut mail = callflow_model::Component::new(ComponentKind::Voicemail, "Mail");
    mail.config = serde_json::json!({ "greeting": { "type": "tts", "text": "Leave a message" },
        "assign_to": { "type": "ring_group", "ring_group": "support" } });
    file.flow.components.insert("mail".into(), mail);
    let tag = file.flow.components.get_mut("tag").unwrap();
    tag.config["assignments"][1]["expression"] = "tier + \"!\"".into();

    let exported = export_connect(&file);
    let parts: BTreeSet<(String, Option<String>)> =
        exported.report.unmapped.iter().map(|u| (u.component.clone(), u.part.clone())).collect();
    assert!(parts.contains(&("mail".into(), None)), "{parts:?}");
    assert!(parts.contains(&("menu".into(), Some("config.max_retries".into()))));
    assert!(parts.contains(&("tag".into(), Some("config.assignments[1]".into()))));
    // The transition into the left-out voicemail is dropped, not pointed anywhere else.
    let menu = exported.flow.actions.iter().find(|a| a.identifier == "menu").unwrap();
    assert!(menu.transitions.conditions.iter().all(|c| c.next_action != "mail"));
    assert!(exported.flow.actions.iter().all(|a| a.identifier != "mail"));
}

#[test]
fn unreadable_input_says_what_is_wrong() {
    let err = import_connect("{ \"Version\": ", "x").unwrap_err();
    assert!(matches!(err, InterchangeError::Syntax { line: 1, .. }), "{err}");
    let err = import_connect("[1]", "x").unwrap_err();
    assert_eq!(err, InterchangeError::NotAnObject);
    assert_eq!(err.to_string(), "not an Amazon Connect flow: the top level is not a JSON object");
    let err = import_connect(r#"{"Content": "{\"Actions\": "}"#, "x").unwrap_err();
    assert!(matches!(err, InterchangeError::Syntax { in_content: true, .. }), "{err}");
    assert!(err.to_string().starts_with("not JSON in `Content`: "), "{err}");
    assert_eq!(import_connect(r#"{"Name": "x"}"#, "x").unwrap_err(), InterchangeError::NoFlow);
    let err = import_connect(r#"{"Version":"2020-01-01","StartAction":"a","Actions":[]}"#, "x").unwrap_err();
    assert_eq!(err, InterchangeError::Version { found: "2020-01-01".into() });
    assert!(err.to_string().contains("2020-01-01"), "{err}");
    let err = import_connect(r#"{"Version":"2019-10-30","StartAction":"b","Actions":[{"Identifier":"a","Type":"DisconnectParticipant"}]}"#, "x")
        .unwrap_err();
    assert_eq!(err, InterchangeError::UnknownStart { id: "b".into() });
    let twice = r#"{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"DisconnectParticipant"},{"Identifier":"a","Type":"DisconnectParticipant"}]}"#;
    assert_eq!(
        import_connect(twice, "x").unwrap_err(),
        InterchangeError::DuplicateIdentifier { id: "a".into() }
    );
    let err = import_connect(
        r#"{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":7}]}"#,
        "x",
    )
    .unwrap_err();
    assert!(err.to_string().contains("Actions[0] (`a`)"), "{err}");
}

#[test]
fn menu_conditions_that_are_not_keys_are_reported_and_loops_of_left_out_actions_end() {
    let text = r#"{"Version":"2019-10-30","StartAction":"menu","Actions":[
      {"Identifier":"menu","Type":"GetParticipantInput","Parameters":{"Text":"Press 1","InputTimeLimitSeconds":"4"},
       "Transitions":{"NextAction":"bye","Conditions":[
         {"NextAction":"bye","Condition":{"Operator":"Equals","Operands":["1"]}},
         {"NextAction":"bye","Condition":{"Operator":"Equals","Operands":["12"]}}],
         "Errors":[{"NextAction":"l1","ErrorType":"InputTimeLimitExceeded"}]}},
      {"Identifier":"l1","Type":"Loop","Parameters":{"LoopCount":"2"},"Transitions":{"NextAction":"l2"}},
      {"Identifier":"l2","Type":"Loop","Parameters":{"LoopCount":"2"},"Transitions":{"NextAction":"l1"}},
      {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}"#;
    let imported = import_connect(text, "m").unwrap();
    let menu = &imported.file.flow.components["menu"];
    assert_eq!(menu.target("key_1").map(String::as_str), Some("bye"));
    assert_eq!(menu.target("no_input"), None, "a loop of left-out actions leads nowhere");
    assert!(
        imported
            .report
            .unmapped
            .iter()
            .any(|u| u.action == "menu" && u.part.as_deref() == Some("Conditions[1]"))
    );
}
