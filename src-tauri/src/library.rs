//! The flow library commands: a thin layer over `callflow_store::Library`, which lives in the
//! OS app-data directory. A fresh library receives the sample flows on its first start.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

use callflow_check::FlowResolver;
use callflow_model::{ComponentKind, Flow, FlowFile, FlowType};
use callflow_store::{
    DocRef, Draft, DraftSaved, FlowDiff, FlowQuery, FlowSummary, Library, Published, Restored, SavedVersion,
    StoreError, VersionInfo,
};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::dialogs::{self, Purpose};
use crate::types::{AppError, LibraryStatus};
use crate::{AppState, timings};

/// The setting that records that the samples were offered to this library once.
const SEEDED_SETTING: &str = "app.samples_seeded";

/// The sample a fresh library opens with: the flagship inbound flow the README's tour shows (the
/// samples are stored within the same milliseconds, so "the most recently changed" would pick
/// one of them at random, sometimes a module).
const WELCOME_SAMPLE: &str = "inbound-support.callflow.json";

/// The open library, or why it could not be opened.
#[derive(Debug)]
pub struct LibraryState {
    library: Mutex<Option<Library>>,
    /// Where the library is and why it could not be opened; `library_status` fills in `seeded`.
    status: LibraryStatus,
    /// Sample flows imported at this start (see [`LibraryState::seed`]).
    seeded: AtomicU32,
    /// The flow id of [`WELCOME_SAMPLE`] when the samples were imported at this start.
    welcome: std::sync::OnceLock<String>,
    /// Called flows parsed for the live checks (see [`LibraryState::resolver`]).
    resolved: Mutex<ResolverCache>,
}

impl LibraryState {
    /// Opens (or creates) `<dir>/library.sqlite3`. A fresh library gets the samples from
    /// [`LibraryState::seed`] or [`seed_in_background`].
    pub fn open_in(dir: Option<PathBuf>) -> LibraryState {
        let Some(dir) = dir else {
            let error = StoreError::InvalidInput("the OS reports no app-data directory".into());
            return LibraryState::failed(None, error);
        };
        let path = dir.join(callflow_store::LIBRARY_FILE);
        if let Err(source) = std::fs::create_dir_all(&dir) {
            let error = StoreError::Io { action: "create the folder", path: dir, source };
            return LibraryState::failed(Some(path), error);
        }
        let started = std::time::Instant::now();
        let (library, error) = match Library::open(&path) {
            Ok(library) => (Some(library), None),
            Err(e) => (None, Some(e.report())),
        };
        timings::report(format_args!("library opened in {:.1} ms", started.elapsed().as_secs_f64() * 1e3));
        LibraryState {
            library: Mutex::new(library),
            status: LibraryStatus {
                path: Some(path.display().to_string()),
                error,
                seeded: 0,
                first_flow: None,
            },
            seeded: AtomicU32::new(0),
            welcome: std::sync::OnceLock::new(),
            resolved: Mutex::default(),
        }
    }

    /// Offers the sample flows to a library that never had them (see `SEEDED_SETTING`),
    /// holding the library meanwhile.
    pub fn seed(&self) {
        if let Ok(mut guard) = self.lock() {
            self.seed_held(&mut guard);
        }
    }

    fn seed_held(&self, guard: &mut MutexGuard<'_, Option<Library>>) {
        let Some(library) = guard.as_mut() else { return };
        let started = std::time::Instant::now();
        let (seeded, welcome) = seed_samples(library).unwrap_or((0, None));
        if let Some(id) = welcome {
            let _ = self.welcome.set(id);
        }
        self.seeded.store(seeded, Ordering::Release);
        timings::report(format_args!(
            "{seeded} samples seeded in {:.1} ms",
            started.elapsed().as_secs_f64() * 1e3
        ));
    }

    /// Where the library is, whether it opened, and what this start seeded.
    pub fn status(&self) -> LibraryStatus {
        LibraryStatus {
            seeded: self.seeded.load(Ordering::Acquire),
            first_flow: self.welcome.get().cloned(),
            ..self.status.clone()
        }
    }

    fn failed(path: Option<PathBuf>, error: StoreError) -> LibraryState {
        LibraryState {
            library: Mutex::new(None),
            status: LibraryStatus {
                path: path.map(|p| p.display().to_string()),
                error: Some(error.report()),
                seeded: 0,
                first_flow: None,
            },
            seeded: AtomicU32::new(0),
            welcome: std::sync::OnceLock::new(),
            resolved: Mutex::default(),
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

/// The flows a flow calls, as the library holds them: the newest saved version of each, or the
/// draft of a flow that has none (the rule `callflow_store` uses when publishing). Flows in the
/// trash are not resolved. `knows_flows` is true: the library is the whole world of flows, so a
/// call to a flow it does not hold is reported (CF0904).
#[derive(Debug, Default)]
pub struct LibraryFlows {
    flows: BTreeMap<String, Flow>,
}

impl FlowResolver for LibraryFlows {
    fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.get(id)
    }
}

/// Parsed called flows, keyed by id, reused while the flow's `updated_at` is unchanged.
type ResolverCache = HashMap<String, (String, Option<Flow>)>;

/// The ids of the flows `flow` calls directly (modules, reusable queue flows).
pub fn called_flows(flow: &Flow) -> Vec<String> {
    let mut out = Vec::new();
    for c in flow.components.values() {
        let field = match c.kind {
            ComponentKind::RunModule => "module",
            ComponentKind::QueueWithFlow => "queue_flow",
            _ => continue,
        };
        if let Some(id) = c.config.get(field).and_then(|v| v.as_str()).filter(|s| !s.is_empty()) {
            out.push(id.to_string());
        }
    }
    out
}

/// The flows `flow` calls, directly or not, as `lookup` finds them by id (ids it does not find
/// are skipped; `flow` itself is never in the result, even when a called flow calls it back).
pub fn called_closure(flow: &Flow, mut lookup: impl FnMut(&str) -> Option<Flow>) -> BTreeMap<String, Flow> {
    let mut found = BTreeMap::new();
    let mut queue: VecDeque<String> = called_flows(flow).into();
    let mut seen = BTreeSet::new();
    while let Some(id) = queue.pop_front() {
        if id == flow.id || !seen.insert(id.clone()) {
            continue;
        }
        if let Some(called) = lookup(&id) {
            queue.extend(called_flows(&called));
            found.insert(id, called);
        }
    }
    found
}

impl LibraryState {
    /// The library's flows that `flow` calls, directly or not; `None` when the library is not
    /// open (the checks then skip what needs the called flows).
    pub fn resolver(&self, flow: &Flow) -> Option<LibraryFlows> {
        let guard = self.lock().ok()?;
        let library = guard.as_ref()?;
        let mut cache = self.resolved.lock().ok()?;
        let found = called_closure(flow, |id| load_called(library, &mut cache, id));
        Some(LibraryFlows { flows: found })
    }
}

/// One called flow from the library (see [`LibraryFlows`]), parsed once per change.
fn load_called(library: &Library, cache: &mut ResolverCache, id: &str) -> Option<Flow> {
    let summary = library.flow(id).ok()?;
    if summary.deleted_at.is_some() {
        return None;
    }
    if let Some((stamp, flow)) = cache.get(id)
        && *stamp == summary.updated_at
    {
        return flow.clone();
    }
    let which = summary.latest_version.as_ref().map(|v| DocRef::Version(v.number)).unwrap_or(DocRef::Draft);
    let flow = library.open_document(id, which).ok().map(|doc| doc.flow);
    cache.insert(id.to_string(), (summary.updated_at, flow.clone()));
    flow
}

/// Imports the samples into a library that never had them: how many, and the flow id of
/// [`WELCOME_SAMPLE`] when it was among them.
fn seed_samples(library: &mut Library) -> callflow_store::Result<(u32, Option<String>)> {
    if library.setting(SEEDED_SETTING)?.is_some() {
        return Ok((0, None));
    }
    let docs: Vec<(String, FlowFile)> = crate::samples::SAMPLES
        .iter()
        .filter_map(|(name, text)| {
            // The source names the version: "Imported from sample <name>" (a `VersionNote`).
            callflow_model::read_str(name, text).ok().map(|f| (format!("sample {name}"), f))
        })
        .collect();
    let count = docs.len() as u32;
    let welcome = docs
        .iter()
        .find(|(source, _)| source.ends_with(WELCOME_SAMPLE))
        .map(|(_, file)| file.flow.id.clone());
    let imported = library.list_flows(&FlowQuery::default())?.is_empty() && !docs.is_empty();
    if imported {
        library.import_documents(docs)?;
    }
    library.set_setting(SEEDED_SETTING, &serde_json::Value::Bool(true))?;
    Ok((count, welcome.filter(|_| imported)))
}

/// Seeds the samples (see [`LibraryState::seed`]) on a thread of its own while the window
/// loads: on a first start that took the main thread ~100 ms before the page could load.
/// Returns once the thread holds the library, so every command waits for the samples.
pub fn seed_in_background<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let (holding, held) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new().name("seed-samples".into()).spawn(move || {
        let state = handle.state::<LibraryState>();
        let Ok(mut guard) = state.lock() else { return };
        let _ = holding.send(());
        state.seed_held(&mut guard);
    });
    match spawned {
        // `recv` fails only when the thread ended without taking the lock (it was poisoned).
        Ok(_) => {
            let _ = held.recv();
        }
        // No thread: seed here, as before.
        Err(_) => app.state::<LibraryState>().seed(),
    }
}

#[tauri::command]
pub fn library_status(state: State<'_, LibraryState>) -> LibraryStatus {
    // Waits for a seeding under way: it holds the library.
    drop(state.lock());
    state.status()
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
    let started = std::time::Instant::now();
    let file = callflow_model::read_path(&path)?;
    let read = started.elapsed();
    if let Ok(mut paths) = app_state.picked_paths.lock() {
        paths.push(path.clone());
    }
    let id = file.flow.id.clone();
    let mut imported = read;
    let draft = state.with(|l| {
        l.import_documents(vec![(path.display().to_string(), file)])?;
        imported = started.elapsed();
        l.open_draft(&id)
    })?;
    timings::report(format_args!(
        "library_import: read {:.1} ms, import {:.1} ms, open draft {:.1} ms",
        read.as_secs_f64() * 1e3,
        (imported - read).as_secs_f64() * 1e3,
        (started.elapsed() - imported).as_secs_f64() * 1e3
    ));
    Ok(Some(draft))
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

    fn opened_and_seeded(dir: &std::path::Path) -> LibraryState {
        let state = LibraryState::open_in(Some(dir.to_path_buf()));
        state.seed();
        state
    }

    #[test]
    fn a_fresh_library_gets_the_samples_once() {
        let dir = tempfile::tempdir().unwrap();
        let state = opened_and_seeded(dir.path());
        assert!(state.status.error.is_none(), "{:?}", state.status.error);
        let expected = crate::samples::SAMPLES.len();
        assert_eq!(state.seeded.load(Ordering::Acquire) as usize, expected);
        let flows = state.with(|l| l.list_flows(&FlowQuery::default())).unwrap();
        assert_eq!(flows.len(), expected);
        // It opens with the flagship sample, whatever the order the samples were stored in.
        let status = state.status();
        let first = status.first_flow.expect("a welcome flow on the first start");
        assert_eq!(state.with(|l| l.open_draft(&first)).unwrap().document.flow.name, "Inbound support line");
        // The user deletes one; the next start does not bring it back.
        state.with(|l| l.delete_flow(&flows[0].id)).unwrap();
        drop(state);
        let again = opened_and_seeded(dir.path());
        assert_eq!(again.seeded.load(Ordering::Acquire), 0);
        assert_eq!(again.status().first_flow, None, "later starts open the latest flow");
        assert_eq!(again.with(|l| l.list_flows(&FlowQuery::default())).unwrap().len(), expected - 1);
    }

    /// The live checks see the modules a flow runs, from the library: a module of the wrong
    /// type is an error (CF0905), an unknown one a warning (CF0904); with no library neither.
    #[test]
    fn live_checks_resolve_called_flows_from_the_library() {
        let dir = tempfile::tempdir().unwrap();
        let state = opened_and_seeded(dir.path());
        let missed = state.with(|l| l.open_draft("missed_call_handling")).unwrap().document.flow;
        let resolver = state.resolver(&missed).expect("the library is open");
        assert!(resolver.flow("post_call_survey").is_some(), "the module it runs is resolved");
        let codes =
            |a: &crate::types::Analysis| a.diagnostics.iter().map(|d| d.code.clone()).collect::<Vec<_>>();
        let clean = crate::commands::analyze_with(&missed, &resolver);
        assert!(!codes(&clean).iter().any(|c| c.starts_with("CF090")), "{:?}", codes(&clean));

        // Point the module call at an inbound flow, then at a flow the library does not have.
        let mut wrong = missed.clone();
        let (id, call) = wrong
            .components
            .iter_mut()
            .find(|(_, c)| c.kind == ComponentKind::RunModule)
            .expect("the sample runs a module");
        let id = id.clone();
        call.config["module"] = serde_json::json!("inbound_support");
        let analysis = crate::commands::analyze_with(&wrong, &state.resolver(&wrong).unwrap());
        assert!(
            analysis
                .diagnostics
                .iter()
                .any(|d| d.code == "CF0905" && d.component.as_deref() == Some(id.as_str())),
            "{:?}",
            codes(&analysis)
        );
        wrong.components.get_mut(&id).unwrap().config["module"] = serde_json::json!("no_such_module");
        let analysis = crate::commands::analyze_with(&wrong, &state.resolver(&wrong).unwrap());
        assert!(analysis.diagnostics.iter().any(|d| d.code == "CF0904"), "{:?}", codes(&analysis));
        let alone = crate::commands::analyze(&wrong);
        assert!(!codes(&alone).iter().any(|c| c == "CF0904"), "without a library nothing is known");

        // A module moved to the trash is no longer resolved.
        state.with(|l| l.delete_flow("post_call_survey")).unwrap();
        assert!(state.resolver(&missed).unwrap().flow("post_call_survey").is_none());
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
