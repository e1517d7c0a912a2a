//! The IPC commands. Each is thin: it calls the crates and returns typed results.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

use callflow_model::{CatalogEntry, ComponentKind, ExitInfo, Flow, FlowFile, FlowType, exits_of};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::AppState;
use crate::dialogs::{self, Purpose};
use crate::types::{Analysis, AppError, MAX_DIAGNOSTICS, OpenedFile, SampleFlow};
use callflow_check::Severity;

/// Every component kind, with its exits and config schema: the palette and forms come from it.
#[tauri::command]
pub fn catalog() -> Vec<CatalogEntry> {
    callflow_model::catalog()
}

/// Exits of every component and the diagnostics of the checks, for one state of the document.
/// The modules and reusable queue flows it calls are looked up in the library (when it is open),
/// so a flow calling a module is checked against that module, transitively. Runs off the main
/// thread (async command), so a large flow never blocks the window.
#[tauri::command(async)]
pub fn analyze_flow(library: State<'_, crate::library::LibraryState>, flow: Flow) -> Analysis {
    match library.resolver(&flow) {
        Some(resolver) => analyze_with(&flow, &resolver),
        None => analyze(&flow),
    }
}

/// The analysis behind [`analyze_flow`] without a library (tests, benchmarks, file-only use).
pub fn analyze(flow: &Flow) -> Analysis {
    analyze_with(flow, &callflow_check::NoFlows)
}

/// Each kind's exits as the catalog lists them (what the UI falls back to).
fn catalog_exits() -> &'static HashMap<ComponentKind, Vec<ExitInfo>> {
    static EXITS: OnceLock<HashMap<ComponentKind, Vec<ExitInfo>>> = OnceLock::new();
    EXITS.get_or_init(|| callflow_model::catalog().into_iter().map(|e| (e.kind, e.exits)).collect())
}

/// The analysis with the called flows from `resolver`.
pub fn analyze_with(flow: &Flow, resolver: &dyn callflow_check::FlowResolver) -> Analysis {
    let started = Instant::now();
    let catalog = catalog_exits();
    let exits: BTreeMap<String, _> = flow
        .components
        .iter()
        .filter_map(|(id, c)| {
            let exits = exits_of(c);
            (catalog.get(&c.kind) != Some(&exits)).then(|| (id.clone(), exits))
        })
        .collect();
    let mut diagnostics = callflow_check::check(flow, resolver);
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count() as u32;
    let (error_count, warning_count) = (count(Severity::Error), count(Severity::Warning));
    let omitted = diagnostics.len().saturating_sub(MAX_DIAGNOSTICS) as u32;
    diagnostics.truncate(MAX_DIAGNOSTICS);
    let micros = u32::try_from(started.elapsed().as_micros()).unwrap_or(u32::MAX);
    Analysis { exits, diagnostics, error_count, warning_count, omitted, micros }
}

/// A new flow holding only its entry component.
#[tauri::command]
pub fn new_flow(id: String, name: String, flow_type: FlowType) -> FlowFile {
    FlowFile::new(Flow::new(id, name, flow_type))
}

/// The sample flows shipped with the app (those that read cleanly).
#[tauri::command]
pub fn sample_flows() -> Vec<SampleFlow> {
    crate::samples::SAMPLES
        .iter()
        .filter_map(|(name, text)| {
            callflow_model::read_str(name, text)
                .ok()
                .map(|file| SampleFlow { name: (*name).to_string(), file })
        })
        .collect()
}

/// Asks for a `*.callflow.json` file and reads it; `None` when the user cancels.
#[tauri::command(async)]
pub fn import_flow<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<OpenedFile>, AppError> {
    let Some(path) = dialogs::pick(&app, Purpose::Open, "").map_err(io)? else {
        return Ok(None);
    };
    let file = callflow_model::read_path(&path)?;
    remember(&state, &path);
    Ok(Some(OpenedFile { path: path.display().to_string(), file }))
}

/// Asks where to export the flow and writes it with the deterministic writer; `None` on cancel.
#[tauri::command(async)]
pub fn export_flow<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    file: FlowFile,
    suggested_name: String,
) -> Result<Option<String>, AppError> {
    let Some(path) = dialogs::pick(&app, Purpose::Save, &suggested_name).map_err(io)? else {
        return Ok(None);
    };
    write_file(&path, &file)?;
    remember(&state, &path);
    Ok(Some(path.display().to_string()))
}

/// Writes the flow back to a file the user picked earlier in this session.
#[tauri::command]
pub fn save_flow(state: State<'_, AppState>, file: FlowFile, path: String) -> Result<(), AppError> {
    let path = PathBuf::from(path);
    let allowed = state.picked_paths.lock().map(|p| p.contains(&path)).unwrap_or(false);
    if !allowed {
        return Err(AppError::Invalid {
            message: format!("{} was not chosen in a file dialog; use Export", path.display()),
        });
    }
    write_file(&path, &file)
}

/// Sets the native window title (flow name and unsaved marker).
#[tauri::command]
pub fn set_title<R: Runtime>(app: AppHandle<R>, title: String) -> Result<(), AppError> {
    if let Some(window) = app.get_webview_window("main") {
        window.set_title(&title).map_err(|e| io(e.to_string()))?;
    }
    Ok(())
}

fn io(message: String) -> AppError {
    AppError::Io { message }
}

fn remember(state: &State<'_, AppState>, path: &std::path::Path) {
    if let Ok(mut paths) = state.picked_paths.lock()
        && !paths.iter().any(|p| p == path)
    {
        paths.push(path.to_path_buf());
    }
}

/// Writes atomically: a temporary file next to the target, then a rename, so a crash never
/// leaves half a flow on disk.
pub fn write_file(path: &std::path::Path, file: &FlowFile) -> Result<(), AppError> {
    let text = file.to_json();
    let tmp = path.with_extension("json.tmp");
    let fail = |e: std::io::Error| io(format!("cannot write {}: {e}", path.display()));
    std::fs::write(&tmp, text.as_bytes()).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes synthetic flows for the app benchmarks when `CALLFLOW_SYNTH_DIR` is set
    /// (`make bench-app` does): `synthetic-1000.callflow.json`, `synthetic-5000.callflow.json`.
    #[test]
    fn write_synthetic_flows_for_benchmarks() {
        let Some(dir) = std::env::var_os("CALLFLOW_SYNTH_DIR") else { return };
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        for n in [1000, 5000] {
            let mut file = callflow_model::synth::realistic_file(n);
            file.flow.id = format!("synthetic-{n}");
            write_file(&dir.join(format!("synthetic-{n}.callflow.json")), &file).unwrap();
        }
    }

    #[test]
    fn analysis_of_a_thousand_components() {
        let file = callflow_model::synth::realistic_file(1000);
        let started = Instant::now();
        let analysis = analyze(&file.flow);
        let elapsed = started.elapsed();
        // Only the components whose exits differ from their kind's catalog exits are listed.
        let catalog = catalog_exits();
        for (id, c) in &file.flow.components {
            let listed = analysis.exits.get(id).or_else(|| catalog.get(&c.kind)).expect("exits");
            assert_eq!(listed, &exits_of(c), "{id}");
        }
        assert!(analysis.exits.len() < file.flow.components.len());
        // The budget (50 ms for the whole UI round trip) is for release builds; debug builds
        // are several times slower, so this only guards against a blow-up.
        assert!(elapsed.as_millis() < 2000, "analysis took {elapsed:?}");
        eprintln!("analysis of {} components: {elapsed:?}", file.flow.components.len());
    }
}
