//! Callflow Studio's desktop shell: a thin adapter between the UI and the crates.
//!
//! - [`commands`]: every IPC command (their names are listed once in `command_names.rs`);
//! - [`debug`]: the step debugger (one simulated call held in app state);
//! - [`types`]: the request/response types the UI sees (TypeScript generated with ts-rs);
//! - [`dialogs`]: the file dialogs, with a scripted stand-in for the end-to-end tests;
//! - [`library`]: the flow library (SQLite, in the OS app-data directory);
//! - [`samples`]: the sample flows embedded at build time;
//! - [`rendering`]: how WebKit paints (no compositing without a GPU);
//! - [`memory`]: how the app process allocates (glibc, two arenas, freed pages given back);
//! - [`web_engine`]: the web process's JavaScript engine options (no FTL tier);
//! - [`testing`]: the test runner (saved test calls, coverage, generated paths) and campaigns;
//! - [`timings`]: start-up timings printed for the benchmarks (`CALLFLOW_TIMINGS=1`).

pub mod commands;
pub mod debug;
pub mod dialogs;
pub mod export;
pub mod library;
pub mod memory;
pub mod rendering;
pub mod samples;
pub mod testing;
pub mod timings;
pub mod types;
pub mod web_engine;

include!("command_names.rs");

use std::sync::Mutex;

/// State shared by the commands.
#[derive(Debug, Default)]
pub struct AppState {
    /// Files the user picked in a dialog this session: the only paths `save_flow` may write.
    pub picked_paths: Mutex<Vec<std::path::PathBuf>>,
}

/// The builder with every command and plugin registered; `run` and the tests start from it.
pub fn builder<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::default())
        .manage(commands::Analysed::default())
        .manage(debug::DebugState::default())
        .invoke_handler(tauri::generate_handler![
            commands::catalog,
            commands::analyze_flow,
            commands::analyze_changes,
            commands::new_flow,
            commands::sample_flows,
            commands::import_flow,
            commands::export_flow,
            commands::save_flow,
            commands::set_title,
            timings::timing_mark,
            library::library_status,
            library::library_list,
            library::library_create,
            library::library_rename,
            library::library_duplicate,
            library::library_delete,
            library::library_open,
            library::library_import,
            library::library_save_draft,
            library::library_save_version,
            library::library_versions,
            library::library_open_version,
            library::library_restore,
            library::library_diff,
            library::library_publish,
            debug::debug_start,
            debug::debug_act,
            debug::debug_pause,
            debug::debug_stop,
            debug::debug_test_call,
            testing::run_tests,
            testing::generate_tests,
            testing::parse_campaign_records,
            testing::run_campaign,
            testing::export_campaign_csv,
            export::export_flows,
            export::export_flows_to,
            export::flow_svg,
            export::pick_picture_path,
            export::save_picture,
            export::import_connect,
            export::export_connect,
        ])
        .setup(|app| {
            use tauri::Manager;
            // The library lives in the OS app-data directory (`~/.local/share/studio.callflow.app`).
            let state = library::LibraryState::open_in(app.path().app_data_dir().ok());
            app.manage(state);
            library::seed_in_background(app.handle());
            if let Some(window) = app.get_webview_window("main") {
                rendering::apply(&window);
            }
            timings::report(format_args!("set up"));
            Ok(())
        })
        .on_page_load(|_, payload| {
            timings::report(format_args!("page load {:?}", payload.event()));
        })
}

/// Starts the app.
pub fn run() {
    web_engine::configure();
    memory::tune();
    memory::return_freed_memory();
    timings::start();
    builder(tauri::Builder::default())
        .run(tauri::generate_context!())
        .expect("error while running Callflow Studio");
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::COMMANDS;

    fn root() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
    }

    /// The UI's typed invoke map lists exactly the registered commands.
    #[test]
    fn ui_command_map_matches_the_registered_commands() {
        let text = std::fs::read_to_string(root().join("../ui/src/lib/ipc/commands.ts")).unwrap();
        let list = text
            .split("export const COMMAND_NAMES = [")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .expect("COMMAND_NAMES in commands.ts");
        let ui: BTreeSet<&str> =
            list.split(',').map(|s| s.trim().trim_matches('"')).filter(|s| !s.is_empty()).collect();
        let rust: BTreeSet<&str> = COMMANDS.iter().copied().collect();
        assert_eq!(ui, rust, "ui/src/lib/ipc/commands.ts and src/command_names.rs disagree");
        for name in COMMANDS {
            assert!(
                text.contains(&format!("  {name}: {{ args:")),
                "no argument/result types for `{name}` in commands.ts"
            );
        }
    }

    /// The capability file grants each command, and nothing but the core defaults besides.
    #[test]
    fn capability_grants_every_command() {
        let text = std::fs::read_to_string(root().join("capabilities/default.json")).unwrap();
        let cap: serde_json::Value = serde_json::from_str(&text).unwrap();
        let granted: BTreeSet<String> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| *p != "core:default")
            .map(str::to_string)
            .collect();
        let expected: BTreeSet<String> =
            COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
        assert_eq!(granted, expected);
    }

    /// The handler registers every command of the list (the macro list is checked by name).
    #[test]
    fn handler_registers_every_command() {
        let text = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
        let handler = text.split("generate_handler![").nth(1).and_then(|r| r.split(']').next()).unwrap();
        let registered: BTreeSet<&str> = handler
            .split(',')
            .map(|s| {
                s.trim()
                    .trim_start_matches("commands::")
                    .trim_start_matches("library::")
                    .trim_start_matches("debug::")
                    .trim_start_matches("testing::")
                    .trim_start_matches("export::")
                    .trim_start_matches("timings::")
            })
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(registered, COMMANDS.iter().copied().collect::<BTreeSet<_>>());
    }

    #[test]
    fn samples_are_embedded_and_read() {
        let samples = crate::commands::sample_flows();
        assert_eq!(samples.len(), crate::samples::SAMPLES.len(), "every embedded sample reads cleanly");
    }

    #[test]
    fn analysis_lists_the_exits_that_differ_from_the_catalog() {
        let file = crate::commands::new_flow("f".into(), "F".into(), callflow_model::FlowType::Inbound);
        let mut file = file;
        file.flow.components.insert(
            "menu".into(),
            serde_json::from_value(serde_json::json!({
                "kind": "menu", "name": "Menu",
                "config": {
                    "prompt": { "type": "tts", "text": "Press 1" },
                    "options": [{ "key": "1", "label": "Sales" }]
                }
            }))
            .unwrap(),
        );
        let analysis = crate::commands::analyze(&file.flow);
        // The start component has its kind's exits: left out; the menu's come from its options.
        assert_eq!(analysis.exits.keys().collect::<Vec<_>>(), ["menu"]);
        assert!(analysis.exits["menu"].iter().any(|e| e.name == "key_1"), "{:?}", analysis.exits["menu"]);
    }

    #[test]
    fn written_files_are_canonical_and_atomic() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.callflow.json");
        let file = crate::commands::new_flow("f".into(), "F".into(), callflow_model::FlowType::Inbound);
        crate::commands::write_file(&path, &file).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, file.to_json());
        assert!(!dir.path().join("x.callflow.json.tmp").exists());
    }
}
