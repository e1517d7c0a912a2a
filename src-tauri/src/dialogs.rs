//! File dialogs. The app reads and writes flow files only where the user chose in one.
//!
//! For the end-to-end tests, which cannot drive a native dialog, the environment variable
//! `CALLFLOW_TEST_DIALOG_ANSWERS` may name a text file: each dialog then takes the first line
//! of that file as the user's answer (an empty line is "Cancel") and removes it.

use std::path::PathBuf;

use tauri_plugin_dialog::DialogExt;

const ANSWERS_ENV: &str = "CALLFLOW_TEST_DIALOG_ANSWERS";

/// What a dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Open,
    Save,
    /// A CSV report (the campaign's attempts table).
    SaveCsv,
    /// The folder an export writes into.
    Folder,
    /// A picture of the flow.
    SaveSvg,
    SavePng,
    /// An Amazon Connect flow (JSON) to import, or to write.
    OpenConnect,
    SaveConnect,
}

/// Asks the user for a flow file to open or save; `None` when they cancel.
pub fn pick<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    purpose: Purpose,
    suggested_name: &str,
) -> Result<Option<PathBuf>, String> {
    if let Some(answers) = std::env::var_os(ANSWERS_ENV) {
        return scripted_answer(&PathBuf::from(answers));
    }
    let (filter, extensions): (&str, &[&str]) = match purpose {
        Purpose::SaveCsv => ("CSV", &["csv"]),
        Purpose::SaveSvg => ("SVG image", &["svg"]),
        Purpose::SavePng => ("PNG image", &["png"]),
        Purpose::OpenConnect | Purpose::SaveConnect => ("Amazon Connect flow", &["json"]),
        _ => ("Call flow", &["json"]),
    };
    let dialog = app.dialog().file().add_filter(filter, extensions).set_title(match purpose {
        Purpose::Open => "Import a call flow",
        Purpose::Save => "Export the call flow",
        Purpose::SaveCsv => "Export the attempts table",
        Purpose::Folder => "Export into a folder",
        Purpose::SaveSvg | Purpose::SavePng => "Save a picture of the flow",
        Purpose::OpenConnect => "Import an Amazon Connect flow",
        Purpose::SaveConnect => "Export as an Amazon Connect flow",
    });
    let picked = match purpose {
        Purpose::Open | Purpose::OpenConnect => dialog.blocking_pick_file(),
        Purpose::Folder => dialog.blocking_pick_folder(),
        Purpose::Save | Purpose::SaveCsv | Purpose::SaveSvg | Purpose::SavePng | Purpose::SaveConnect => {
            dialog.set_file_name(suggested_name).blocking_save_file()
        }
    };
    picked.map(|p| p.into_path().map_err(|e| e.to_string())).transpose()
}

fn scripted_answer(file: &std::path::Path) -> Result<Option<PathBuf>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut lines = text.lines();
    let answer = lines.next().unwrap_or("").trim().to_string();
    let rest: Vec<&str> = lines.collect();
    std::fs::write(file, rest.join("\n")).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok((!answer.is_empty()).then(|| PathBuf::from(answer)))
}
