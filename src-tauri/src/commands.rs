//! The IPC commands. Each is thin: it calls the crates and returns typed results.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use callflow_model::{CatalogEntry, ComponentKind, ExitInfo, Flow, FlowFile, FlowType, exits_of};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::AppState;
use crate::dialogs::{self, Purpose};
use crate::types::{Analysis, AppError, FileAction, FlowChanges, MAX_DIAGNOSTICS, OpenedFile, SampleFlow};
use callflow_check::Severity;

/// Every component kind, with its exits and config schema: the palette and forms come from it.
#[tauri::command]
pub fn catalog() -> Vec<CatalogEntry> {
    callflow_model::catalog()
}

/// The flow last analysed and its revision (see [`analyze_changes`]).
#[derive(Debug, Default)]
pub struct Analysed {
    last: Mutex<Option<(u32, Flow)>>,
    next: AtomicU32,
}

impl Analysed {
    /// Analyses `flow` and keeps it as the base of the next changes.
    fn analyze(&self, library: &crate::library::LibraryState, flow: Flow) -> Analysis {
        let mut analysis = match library.resolver(&flow) {
            Some(resolver) => analyze_with(&flow, &resolver),
            None => analyze(&flow),
        };
        let revision = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        analysis.revision = revision;
        if let Ok(mut last) = self.last.lock() {
            *last = Some((revision, flow));
        }
        analysis
    }
}

/// Exits of every component and the diagnostics of the checks, for one state of the document.
/// The modules and reusable queue flows it calls are looked up in the library (when it is open),
/// so a flow calling a module is checked against that module, transitively. Runs off the main
/// thread (async command), so a large flow never blocks the window.
#[tauri::command(async)]
pub fn analyze_flow(
    library: State<'_, crate::library::LibraryState>,
    analysed: State<'_, Analysed>,
    flow: Flow,
) -> Analysis {
    analysed.analyze(&library, flow)
}

/// [`analyze_flow`] of the last analysed flow with `changes` applied; `None` when the app no
/// longer has the flow of `changes.base` (the UI then sends the whole flow).
#[tauri::command(async)]
pub fn analyze_changes(
    library: State<'_, crate::library::LibraryState>,
    analysed: State<'_, Analysed>,
    changes: FlowChanges,
) -> Option<Analysis> {
    let flow = apply_changes(&analysed, changes)?;
    Some(analysed.analyze(&library, flow))
}

/// The last analysed flow with `changes` applied, when it is their base.
fn apply_changes(analysed: &Analysed, changes: FlowChanges) -> Option<Flow> {
    let (revision, base) = analysed.last.lock().ok()?.take()?;
    if revision != changes.base || base.id != changes.flow.id {
        return None;
    }
    let mut flow = changes.flow;
    flow.components = base.components;
    for id in &changes.remove {
        flow.components.remove(id);
    }
    flow.components.extend(changes.set);
    Some(flow)
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
    Analysis { exits, diagnostics, error_count, warning_count, omitted, micros, revision: 0 }
}

/// A new flow holding only its entry component, placed on the canvas.
#[tauri::command]
pub fn new_flow(id: String, name: String, flow_type: FlowType) -> FlowFile {
    FlowFile::starter(Flow::new(id, name, flow_type))
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
    let fail = |e: std::io::Error| AppError::file(FileAction::Write, path, &e);
    std::fs::write(&tmp, text.as_bytes()).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Changes applied to the last analysed flow give the same analysis as the whole flow; a
    /// stale base is refused (the UI then sends the whole flow).
    #[test]
    fn changes_apply_to_the_last_analysed_flow() {
        let analysed = Analysed::default();
        let mut file = callflow_model::synth::realistic_file(50);
        analysed.last.lock().unwrap().replace((7, file.flow.clone()));
        let (first, second) = {
            let mut ids = file.flow.components.keys().filter(|id| **id != file.flow.entry);
            (ids.next().unwrap().clone(), ids.next().unwrap().clone())
        };
        let mut renamed = file.flow.components[&first].clone();
        renamed.name = "Renamed".into();
        let mut header = file.flow.clone();
        header.name = "New name".into();
        header.components.clear();
        let changes = FlowChanges {
            base: 7,
            flow: header,
            set: [(first.clone(), renamed.clone())].into(),
            remove: vec![second.clone()],
        };
        let applied = apply_changes(&analysed, changes.clone()).expect("the base matches");
        file.flow.name = "New name".into();
        file.flow.components.insert(first, renamed);
        file.flow.components.remove(&second);
        assert_eq!(applied, file.flow);
        assert_eq!(analyze(&applied).diagnostics, analyze(&file.flow).diagnostics);
        // The base was taken: the same changes again are stale.
        assert!(apply_changes(&analysed, changes).is_none());
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
