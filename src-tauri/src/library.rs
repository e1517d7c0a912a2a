//! The flow library commands: a thin layer over `callflow_store::Library`, which lives in the
//! OS app-data directory. A fresh library receives the sample flows on its first start.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use callflow_model::{FlowFile, FlowType};
use callflow_store::{
    DocRef, Draft, DraftSaved, FlowDiff, FlowQuery, FlowSummary, Library, Published, Restored, SavedVersion,
    VersionInfo,
};
use tauri::{AppHandle, Runtime, State};

use crate::AppState;
use crate::dialogs::{self, Purpose};
use crate::types::{AppError, LibraryStatus};

/// The setting that records that the samples were offered to this library once.
const SEEDED_SETTING: &str = "app.samples_seeded";

/// The open library, or why it could not be opened.
#[derive(Debug)]
pub struct LibraryState {
    library: Mutex<Option<Library>>,
    status: LibraryStatus,
}

impl LibraryState {
    /// Opens (or creates) `<dir>/library.sqlite3` and seeds a fresh one with the samples.
    pub fn open_in(dir: Option<PathBuf>) -> LibraryState {
        let Some(dir) = dir else {
            return LibraryState::failed(None, "the OS reports no app-data directory".into());
        };
        let path = dir.join(callflow_store::LIBRARY_FILE);
        if let Err(e) = std::fs::create_dir_all(&dir) {
            return LibraryState::failed(Some(path), format!("cannot create {}: {e}", dir.display()));
        }
        match Library::open(&path) {
            Ok(mut library) => {
                let seeded = seed_samples(&mut library).unwrap_or(0);
                LibraryState {
                    library: Mutex::new(Some(library)),
                    status: LibraryStatus { path: Some(path.display().to_string()), error: None, seeded },
                }
            }
            Err(e) => LibraryState {
                library: Mutex::new(None),
                status: LibraryStatus {
                    path: Some(path.display().to_string()),
                    error: Some(e.report()),
                    seeded: 0,
                },
            },
        }
    }

    fn failed(path: Option<PathBuf>, message: String) -> LibraryState {
        let error = callflow_store::StoreError::InvalidInput(message).report();
        LibraryState {
            library: Mutex::new(None),
            status: LibraryStatus {
                path: path.map(|p| p.display().to_string()),
                error: Some(error),
                seeded: 0,
            },
        }
    }

    fn lock(&self) -> Result<MutexGuard<'_, Option<Library>>, AppError> {
        self.library.lock().map_err(|_| AppError::Invalid { message: "the library lock is poisoned".into() })
    }

    /// Runs `f` on the open library.
    pub fn with<T>(&self, f: impl FnOnce(&mut Library) -> callflow_store::Result<T>) -> Result<T, AppError> {
        let mut guard = self.lock()?;
        let library = guard.as_mut().ok_or_else(|| AppError::Invalid {
            message: self
                .status
                .error
                .as_ref()
                .map(|e| format!("the flow library is not available: {}", e.message))
                .unwrap_or_else(|| "the flow library is not available".into()),
        })?;
        f(library).map_err(AppError::from)
    }
}

/// Imports the embedded samples once, into a library that has never had them.
fn seed_samples(library: &mut Library) -> callflow_store::Result<u32> {
    if library.setting(SEEDED_SETTING)?.is_some() {
        return Ok(0);
    }
    let docs: Vec<(String, FlowFile)> = crate::samples::SAMPLES
        .iter()
        .filter_map(|(name, text)| {
            callflow_model::read_str(name, text).ok().map(|f| (format!("sample {name}"), f))
        })
        .collect();
    let count = docs.len() as u32;
    if library.list_flows(&FlowQuery::default())?.is_empty() && !docs.is_empty() {
        library.import_documents(docs)?;
    }
    library.set_setting(SEEDED_SETTING, &serde_json::Value::Bool(true))?;
    Ok(count)
}

#[tauri::command]
pub fn library_status(state: State<'_, LibraryState>) -> LibraryStatus {
    state.status.clone()
}

#[tauri::command]
pub fn library_list(state: State<'_, LibraryState>, query: FlowQuery) -> Result<Vec<FlowSummary>, AppError> {
    state.with(|l| l.list_flows(&query))
}

#[tauri::command]
pub fn library_create(
    state: State<'_, LibraryState>,
    name: String,
    flow_type: FlowType,
) -> Result<FlowSummary, AppError> {
    state.with(|l| l.create_flow(&name, flow_type))
}

#[tauri::command]
pub fn library_rename(
    state: State<'_, LibraryState>,
    id: String,
    name: String,
) -> Result<FlowSummary, AppError> {
    state.with(|l| l.rename_flow(&id, &name))
}

#[tauri::command]
pub fn library_duplicate(state: State<'_, LibraryState>, id: String) -> Result<FlowSummary, AppError> {
    state.with(|l| l.duplicate_flow(&id, None))
}

/// Moves a flow to the trash (it can be restored from there).
#[tauri::command]
pub fn library_delete(state: State<'_, LibraryState>, id: String) -> Result<(), AppError> {
    state.with(|l| l.delete_flow(&id))
}

/// The flow's draft: what the editor shows and autosaves.
#[tauri::command]
pub fn library_open(state: State<'_, LibraryState>, id: String) -> Result<Draft, AppError> {
    state.with(|l| l.open_draft(&id))
}

/// Asks for a `*.callflow.json` file, imports it into the library and opens its draft;
/// `None` when the user cancels.
#[tauri::command(async)]
pub fn library_import<R: Runtime>(
    app: AppHandle<R>,
    app_state: State<'_, AppState>,
    state: State<'_, LibraryState>,
) -> Result<Option<Draft>, AppError> {
    let Some(path) = dialogs::pick(&app, Purpose::Open, "").map_err(|message| AppError::Io { message })?
    else {
        return Ok(None);
    };
    let file = callflow_model::read_path(&path)?;
    if let Ok(mut paths) = app_state.picked_paths.lock() {
        paths.push(path.clone());
    }
    let id = file.flow.id.clone();
    state
        .with(|l| {
            l.import_documents(vec![(path.display().to_string(), file)])?;
            l.open_draft(&id)
        })
        .map(Some)
}

#[tauri::command]
pub fn library_save_draft(
    state: State<'_, LibraryState>,
    id: String,
    file: FlowFile,
) -> Result<DraftSaved, AppError> {
    state.with(|l| l.save_draft(&id, &file))
}

#[tauri::command]
pub fn library_save_version(
    state: State<'_, LibraryState>,
    id: String,
    file: FlowFile,
    message: String,
) -> Result<SavedVersion, AppError> {
    state.with(|l| l.save_version(&id, &file, &message))
}

#[tauri::command]
pub fn library_versions(state: State<'_, LibraryState>, id: String) -> Result<Vec<VersionInfo>, AppError> {
    state.with(|l| l.list_versions(&id))
}

#[tauri::command]
pub fn library_open_version(
    state: State<'_, LibraryState>,
    id: String,
    number: u32,
) -> Result<FlowFile, AppError> {
    state.with(|l| l.open_version(&id, number))
}

/// Makes version `number` the draft (the current draft is kept as a version if it differs).
#[tauri::command]
pub fn library_restore(
    state: State<'_, LibraryState>,
    id: String,
    number: u32,
) -> Result<Restored, AppError> {
    state.with(|l| l.restore_version(&id, number))
}

#[tauri::command]
pub fn library_diff(
    state: State<'_, LibraryState>,
    id: String,
    from: DocRef,
    to: DocRef,
) -> Result<FlowDiff, AppError> {
    state.with(|l| l.diff(&id, from, to))
}

/// Publishes version `number` (the latest when absent); refused with the errors when it has any.
#[tauri::command]
pub fn library_publish(
    state: State<'_, LibraryState>,
    id: String,
    number: Option<u32>,
) -> Result<Published, AppError> {
    state.with(|l| l.publish(&id, number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_library_gets_the_samples_once() {
        let dir = tempfile::tempdir().unwrap();
        let state = LibraryState::open_in(Some(dir.path().to_path_buf()));
        assert!(state.status.error.is_none(), "{:?}", state.status.error);
        let expected = crate::samples::SAMPLES.len();
        assert_eq!(state.status.seeded as usize, expected);
        let flows = state.with(|l| l.list_flows(&FlowQuery::default())).unwrap();
        assert_eq!(flows.len(), expected);
        // The user deletes one; the next start does not bring it back.
        state.with(|l| l.delete_flow(&flows[0].id)).unwrap();
        drop(state);
        let again = LibraryState::open_in(Some(dir.path().to_path_buf()));
        assert_eq!(again.status.seeded, 0);
        assert_eq!(again.with(|l| l.list_flows(&FlowQuery::default())).unwrap().len(), expected - 1);
    }

    #[test]
    fn publish_is_refused_with_the_errors() {
        let dir = tempfile::tempdir().unwrap();
        let state = LibraryState::open_in(Some(dir.path().to_path_buf()));
        let flow = state.with(|l| l.create_flow("Broken", FlowType::Inbound)).unwrap();
        let draft = state.with(|l| l.open_draft(&flow.id)).unwrap();
        state.with(|l| l.save_version(&flow.id, &draft.document, "first")).unwrap();
        let err = state.with(|l| l.publish(&flow.id, None)).unwrap_err();
        let AppError::Store { report } = err else { panic!("not a store error: {err:?}") };
        assert!(!report.diagnostics.is_empty(), "the refusal lists the errors: {report:?}");
    }
}
