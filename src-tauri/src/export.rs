//! The app's export: one dialog for this flow or several library flows, with or without layout,
//! saved test calls and environment, into a folder the user picks; then the same verification
//! as `callflow verify` (`callflow_export::export_verified`). Also the picture of the canvas
//! (SVG drawn by `callflow_export::svg`, PNG rasterised by the UI from that SVG), written here
//! atomically to a path the user picked before it was drawn. And Amazon Connect flows in and out
//! (`callflow-interchange`), with the list of what did not map.
//!
//! Existing files are never replaced silently: the first attempt reports them
//! ([`ExportOutcome::WouldOverwrite`]); the UI asks, and [`export_flows_to`] writes into the same
//! folder (which must have been picked in this session) with overwriting allowed.

use std::path::{Path, PathBuf};

use callflow_export::{ExportOptions, Source};
use callflow_model::FlowFile;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::AppState;
use crate::dialogs::{self, Purpose};
use crate::library::LibraryState;
use crate::types::{AppError, FileAction};

/// Which flows to export.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExportFlows {
    /// The flow open in the editor, as edited.
    Current { file: Box<FlowFile> },
    /// Library flows by id, as their drafts.
    Library { ids: Vec<String> },
}

/// The export dialog's choices.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ExportRequest {
    pub flows: ExportFlows,
    pub layout: bool,
    pub tests: bool,
    pub environment: bool,
}

/// How an export attempt ended.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ExportOutcome {
    /// The user closed the folder dialog.
    Cancelled,
    /// Nothing was written: these files exist. Ask, then call `export_flows_to` with `force`.
    WouldOverwrite { folder: String, existing: Vec<String> },
    /// Written and verified.
    Done { summary: ExportSummary },
}

/// What was written and what the verification found.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportSummary {
    pub folder: String,
    /// The files written, in flow id order.
    pub files: Vec<String>,
    /// Files that replaced an existing one.
    pub replaced: u32,
    /// Saved test calls replayed on the written files.
    pub tests_replayed: u32,
    /// Every file re-reads as written and every replayed call took its recorded path.
    pub verified: bool,
    /// One line per file that did not verify: which file and why (which test differs).
    pub problems: Vec<String>,
}

/// Asks for a folder, then exports into it (refusing to overwrite: see [`ExportOutcome`]).
#[tauri::command(async)]
pub fn export_flows<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    library: State<'_, LibraryState>,
    request: ExportRequest,
) -> Result<ExportOutcome, AppError> {
    let Some(folder) = dialogs::pick(&app, Purpose::Folder, "").map_err(io)? else {
        return Ok(ExportOutcome::Cancelled);
    };
    if let Ok(mut picked) = state.picked_paths.lock() {
        picked.push(folder.clone());
    }
    run(&folder, &request, &library, false)
}

/// Exports again into a folder picked earlier in this session, replacing existing files when
/// `force` (the user said yes to the overwrite question).
#[tauri::command(async)]
pub fn export_flows_to(
    state: State<'_, AppState>,
    library: State<'_, LibraryState>,
    folder: String,
    request: ExportRequest,
    force: bool,
) -> Result<ExportOutcome, AppError> {
    let folder = PathBuf::from(folder);
    let allowed = state.picked_paths.lock().map(|p| p.contains(&folder)).unwrap_or(false);
    if !allowed {
        return Err(AppError::Invalid {
            message: format!("{} was not chosen in the export dialog", folder.display()),
        });
    }
    run(&folder, &request, &library, force)
}

fn sources(request: &ExportRequest, library: &LibraryState) -> Result<Vec<Source>, AppError> {
    match &request.flows {
        ExportFlows::Current { file } => {
            Ok(vec![Source { origin: "the open flow".into(), document: (**file).clone() }])
        }
        ExportFlows::Library { ids } => {
            if ids.is_empty() {
                return Err(AppError::Invalid {
                    message: "choose at least one library flow to export".into(),
                });
            }
            library.with(|lib| Ok(callflow_export::from_library(lib, ids)))?.map_err(AppError::from)
        }
    }
}

/// Plans, refuses or writes, then verifies: the logic of both commands, without Tauri.
pub fn run(
    folder: &Path,
    request: &ExportRequest,
    library: &LibraryState,
    force: bool,
) -> Result<ExportOutcome, AppError> {
    let sources = sources(request, library)?;
    let options =
        ExportOptions { layout: request.layout, tests: request.tests, environment: request.environment };
    export_sources(folder, &sources, options, force)
}

/// [`run`] for sources already read (tests call it directly).
pub fn export_sources(
    folder: &Path,
    sources: &[Source],
    options: ExportOptions,
    force: bool,
) -> Result<ExportOutcome, AppError> {
    let planned = callflow_export::plan(sources, folder, options).map_err(AppError::from)?;
    let existing: Vec<String> =
        planned.iter().filter(|p| p.path.exists()).map(|p| p.path.display().to_string()).collect();
    if !force && !existing.is_empty() {
        return Ok(ExportOutcome::WouldOverwrite { folder: folder.display().to_string(), existing });
    }
    let (written, reports) =
        callflow_export::export_verified(sources, folder, options, force).map_err(AppError::from)?;
    let problems: Vec<String> = reports
        .iter()
        .filter(|r| !r.ok())
        .map(|r| {
            let why = match (&r.problem, r.canonical) {
                (Some(p), _) => p.clone(),
                (None, false) => "not in canonical form".into(),
                (None, true) => {
                    let names: Vec<&str> =
                        r.tests.iter().filter(|t| !t.ok()).map(|t| t.name.as_str()).collect();
                    format!("test calls that took another path: {}", names.join(", "))
                }
            };
            format!("{}: {why}", file_name(&r.path))
        })
        .collect();
    Ok(ExportOutcome::Done {
        summary: ExportSummary {
            folder: folder.display().to_string(),
            files: written.iter().map(|w| w.path.display().to_string()).collect(),
            replaced: written.iter().filter(|w| w.replaced).count() as u32,
            tests_replayed: reports.iter().map(|r| r.tests.len() as u32).sum(),
            verified: problems.is_empty(),
            problems,
        },
    })
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.to_owned())
}

/// The picture of a flow, as SVG text.
#[tauri::command(async)]
pub fn flow_svg(file: FlowFile) -> String {
    callflow_export::flow_svg(&file)
}

/// Which picture to save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PictureFormat {
    Svg,
    Png,
}

impl PictureFormat {
    /// The file name extension (lower case).
    fn extension(self) -> &'static str {
        match self {
            PictureFormat::Svg => "svg",
            PictureFormat::Png => "png",
        }
    }

    fn of(path: &Path) -> Option<PictureFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        [PictureFormat::Svg, PictureFormat::Png].into_iter().find(|f| f.extension() == extension)
    }

    /// Whether `bytes` start like a picture of this format.
    fn matches(self, bytes: &[u8]) -> bool {
        match self {
            PictureFormat::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            PictureFormat::Svg => {
                let text = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
                let text = text.trim_start();
                text.starts_with("<svg") || text.starts_with("<?xml")
            }
        }
    }
}

/// The header of [`save_picture`] that names the file (percent-encoded, as `encodeURIComponent`
/// writes it: a header is ASCII and a path need not be).
pub const PICTURE_PATH_HEADER: &str = "x-callflow-path";

/// Asks where to save a picture of the flow, before it is drawn (a large flow's PNG takes
/// seconds); `None` on cancel. Only a path picked here may be written by [`save_picture`].
#[tauri::command(async)]
pub fn pick_picture_path<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: PictureFormat,
    suggested_name: String,
) -> Result<Option<String>, AppError> {
    let purpose = if format == PictureFormat::Svg { Purpose::SaveSvg } else { Purpose::SavePng };
    let Some(path) = dialogs::pick(&app, purpose, &suggested_name).map_err(io)? else {
        return Ok(None);
    };
    let path = with_extension(path, format)?;
    if let Ok(mut picked) = state.picked_paths.lock() {
        picked.push(path.clone());
    }
    Ok(Some(path.display().to_string()))
}

/// The picked path, with the format's extension added when the name was typed without it (the
/// dialog's filter does not add it). The dialog asked about replacing the name typed, not the
/// one with the extension, so an existing file of that name is refused rather than replaced.
fn with_extension(mut path: PathBuf, format: PictureFormat) -> Result<PathBuf, AppError> {
    if PictureFormat::of(&path) == Some(format) {
        return Ok(path);
    }
    path.as_mut_os_string().push(format!(".{}", format.extension()));
    if path.exists() {
        return Err(AppError::Invalid {
            message: format!(
                "{} exists: choose it in the dialog to replace it, or give another name",
                path.display()
            ),
        });
    }
    Ok(path)
}

/// Writes a picture of the flow atomically to a path picked with [`pick_picture_path`]. The
/// request's body is the picture itself (raw bytes: a PNG of a large flow is megabytes, which as
/// a JSON array of numbers took a second to encode and parse); its format follows the file's
/// extension. The UI draws both: the SVG comes from [`flow_svg`], the PNG is rasterised from it.
#[tauri::command(async)]
pub fn save_picture(
    state: State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> Result<String, AppError> {
    let path = request
        .headers()
        .get(PICTURE_PATH_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(|value| percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned())
        .ok_or_else(|| AppError::Invalid {
            message: format!("no {PICTURE_PATH_HEADER} header naming the file"),
        })?;
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::Invalid { message: "the picture must be sent as bytes".into() });
    };
    let path = PathBuf::from(path);
    let picked = state.picked_paths.lock().map(|p| p.contains(&path)).unwrap_or(false);
    check_picture(&path, picked, bytes)?;
    // The save dialog already asked about replacing an existing file.
    callflow_export::write_file(&path, bytes, true).map_err(AppError::from)?;
    Ok(path.display().to_string())
}

/// Whether `bytes` may be written to `path`: a path picked in the dialog, and a picture of the
/// format its extension names.
fn check_picture(path: &Path, picked: bool, bytes: &[u8]) -> Result<(), AppError> {
    if !picked {
        return Err(AppError::Invalid {
            message: format!("{} was not chosen in the save dialog", path.display()),
        });
    }
    let Some(format) = PictureFormat::of(path) else {
        return Err(AppError::Invalid {
            message: format!("{}: a picture is saved as .svg or .png", path.display()),
        });
    };
    if !format.matches(bytes) {
        let what = if format == PictureFormat::Svg { "an SVG" } else { "a PNG" };
        return Err(AppError::Invalid {
            message: format!("{}: the picture sent is not {what}", path.display()),
        });
    }
    Ok(())
}

/// One part of an Amazon Connect flow that was not imported, or of a flow that was not exported.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConnectGap {
    /// The Connect action identifier (import) or the component id (export).
    pub id: String,
    /// The Connect action type (import) or the component kind (export).
    pub what: String,
    /// The part left out, when not the whole action or component.
    pub part: Option<String>,
    pub reason: String,
}

/// An Amazon Connect flow read into a flow document, with what did not map.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConnectImport {
    pub path: String,
    pub file: FlowFile,
    pub actions: u32,
    pub components: u32,
    pub unmapped: Vec<ConnectGap>,
    /// "component: note" lines for values carried over with a different meaning.
    pub approximations: Vec<String>,
}

/// An Amazon Connect flow written from the open flow, with what has no Connect equivalent.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConnectExport {
    pub path: String,
    pub components: u32,
    pub unmapped: Vec<ConnectGap>,
}

/// Asks for an Amazon Connect flow (JSON) and imports it; `None` on cancel.
#[tauri::command(async)]
pub fn import_connect<R: Runtime>(app: AppHandle<R>) -> Result<Option<ConnectImport>, AppError> {
    let Some(path) = dialogs::pick(&app, Purpose::OpenConnect, "").map_err(io)? else {
        return Ok(None);
    };
    read_connect(&path).map(Some)
}

/// [`import_connect`] without the dialog.
pub fn read_connect(path: &Path) -> Result<ConnectImport, AppError> {
    let text = std::fs::read_to_string(path).map_err(|e| AppError::file(FileAction::Read, path, &e))?;
    let stem = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let id: String = stem
        .split('.')
        .next()
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    let id = if id.is_empty() { "imported".to_string() } else { id };
    let imported = callflow_interchange::import_connect(&text, &id).map_err(|error| AppError::Connect {
        message: format!("{}: {error}", path.display()),
        path: path.display().to_string(),
        error: Box::new(error),
    })?;
    let report = imported.report;
    Ok(ConnectImport {
        path: path.display().to_string(),
        file: imported.file,
        actions: report.actions as u32,
        components: report.components as u32,
        unmapped: report
            .unmapped
            .into_iter()
            .map(|u| ConnectGap { id: u.action, what: u.action_type, part: u.part, reason: u.reason })
            .collect(),
        approximations: report
            .approximations
            .into_iter()
            .map(|a| format!("{}: {}", a.component, a.note))
            .collect(),
    })
}

/// Asks where to save the open flow as Amazon Connect JSON and writes it; `None` on cancel.
#[tauri::command(async)]
pub fn export_connect<R: Runtime>(
    app: AppHandle<R>,
    file: FlowFile,
    suggested_name: String,
) -> Result<Option<ConnectExport>, AppError> {
    let exported = callflow_interchange::export_connect(&file);
    let Some(path) = dialogs::pick(&app, Purpose::SaveConnect, &suggested_name).map_err(io)? else {
        return Ok(None);
    };
    callflow_export::write_file(&path, exported.json.as_bytes(), true).map_err(AppError::from)?;
    Ok(Some(ConnectExport {
        path: path.display().to_string(),
        components: exported.report.components as u32,
        unmapped: exported
            .report
            .unmapped
            .into_iter()
            .map(|u| ConnectGap {
                id: u.component,
                what: u.kind.id().to_owned(),
                part: u.part,
                reason: u.reason,
            })
            .collect(),
    }))
}

fn io(message: String) -> AppError {
    AppError::Io { message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_sources() -> Vec<Source> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../flows");
        callflow_export::read_paths(&[dir]).unwrap()
    }

    fn all() -> ExportOptions {
        ExportOptions { layout: true, tests: true, environment: true }
    }

    #[test]
    fn export_asks_before_overwriting_then_verifies() {
        let tmp = tempfile::tempdir().unwrap();
        let sources = sample_sources();
        let ExportOutcome::Done { summary } = export_sources(tmp.path(), &sources, all(), false).unwrap()
        else {
            panic!("a fresh folder is written")
        };
        assert_eq!(summary.files.len(), sources.len());
        assert!(summary.verified, "{:?}", summary.problems);
        let saved: usize = sources.iter().map(|s| s.document.tests.len()).sum();
        assert_eq!(summary.tests_replayed as usize, saved);
        assert_eq!(summary.replaced, 0);

        let ExportOutcome::WouldOverwrite { existing, .. } =
            export_sources(tmp.path(), &sources, all(), false).unwrap()
        else {
            panic!("existing files are not replaced without asking")
        };
        assert_eq!(existing.len(), sources.len());
        let ExportOutcome::Done { summary } = export_sources(tmp.path(), &sources, all(), true).unwrap()
        else {
            panic!("forced")
        };
        assert_eq!(summary.replaced as usize, sources.len());
    }

    #[test]
    fn a_picture_is_written_only_where_picked_and_in_the_format_of_its_name() {
        let png = b"\x89PNG\r\n\x1a\nrest";
        let svg = b"\n  <svg xmlns='http://www.w3.org/2000/svg'/>";
        assert!(check_picture(Path::new("/tmp/a.png"), true, png).is_ok());
        assert!(check_picture(Path::new("/tmp/a.PNG"), true, png).is_ok());
        assert!(check_picture(Path::new("/tmp/a.svg"), true, svg).is_ok());
        let refused = |path: &str, picked: bool, bytes: &[u8]| {
            check_picture(Path::new(path), picked, bytes).unwrap_err().to_string()
        };
        assert!(refused("/tmp/a.png", false, png).contains("not chosen in the save dialog"));
        assert!(refused("/tmp/a.png", true, svg).contains("not a PNG"));
        assert!(refused("/tmp/a.svg", true, png).contains("not an SVG"));
        assert!(refused("/tmp/a.txt", true, png).contains(".svg or .png"));
    }

    #[test]
    fn a_name_typed_without_extension_gets_one_but_never_replaces_a_file_unasked() {
        let dir = tempfile::tempdir().unwrap();
        let png = dir.path().join("flow.png");
        assert_eq!(with_extension(png.clone(), PictureFormat::Png).unwrap(), png);
        assert_eq!(with_extension(dir.path().join("flow"), PictureFormat::Png).unwrap(), png);
        assert_eq!(
            with_extension(dir.path().join("flow.svg"), PictureFormat::Png).unwrap(),
            dir.path().join("flow.svg.png")
        );
        std::fs::write(&png, b"mine").unwrap();
        // Picked as it is: the dialog asked about replacing it.
        assert_eq!(with_extension(png.clone(), PictureFormat::Png).unwrap(), png);
        let refused = with_extension(dir.path().join("flow"), PictureFormat::Png).unwrap_err().to_string();
        assert!(refused.contains("flow.png exists"), "{refused}");
        assert_eq!(std::fs::read(&png).unwrap(), b"mine");
    }

    #[test]
    fn a_public_connect_flow_imports_with_its_report() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/interchange/tests/fixtures/bankid_auth.json");
        let imported = read_connect(&fixture).unwrap();
        assert_eq!(imported.file.flow.id, "bankid_auth");
        assert_eq!((imported.actions, imported.components), (14, 9));
        assert!(imported.unmapped.iter().any(|g| g.what == "InvokeLambdaFunction"));
        let bad = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(bad.path(), "[]").unwrap();
        let err = read_connect(bad.path()).unwrap_err();
        let AppError::Connect { message, path, error } = &err else { panic!("{err:?}") };
        assert_eq!(path, &bad.path().display().to_string());
        assert_eq!(**error, callflow_interchange::InterchangeError::NotAnObject);
        assert_eq!(message, &format!("{}: {error}", bad.path().display()));
    }

    #[test]
    fn several_library_flows_are_exported_as_their_drafts() {
        let data = tempfile::tempdir().unwrap();
        let library = LibraryState::open_in(Some(data.path().to_path_buf()));
        library.seed();
        let flows = library.with(|l| l.list_flows(&callflow_store::FlowQuery::default())).unwrap();
        assert!(flows.len() >= 2, "a fresh library holds the samples");
        let ids: Vec<String> = flows.iter().take(2).map(|f| f.id.clone()).collect();
        let out = tempfile::tempdir().unwrap();
        let request = ExportRequest {
            flows: ExportFlows::Library { ids: ids.clone() },
            layout: false,
            tests: true,
            environment: true,
        };
        let ExportOutcome::Done { summary } = run(out.path(), &request, &library, false).unwrap() else {
            panic!("written")
        };
        assert_eq!(summary.files.len(), 2);
        for file in &summary.files {
            let written = callflow_model::read_path(Path::new(file)).unwrap();
            assert!(written.layout.is_empty(), "layout left out as asked");
            assert!(ids.contains(&written.flow.id));
        }
        let empty = ExportRequest { flows: ExportFlows::Library { ids: vec![] }, ..request };
        assert!(run(out.path(), &empty, &library, true).is_err(), "nothing chosen is refused");
    }

    #[test]
    fn a_changed_path_is_named_with_its_file_and_test() {
        let tmp = tempfile::tempdir().unwrap();
        let mut sources = sample_sources();
        let source = sources.iter_mut().find(|s| !s.document.tests.is_empty()).unwrap();
        let test = &mut source.document.tests[0];
        let name = test.name.clone();
        assert!(test.expect.path.pop().is_some(), "the sample test records a path");
        let ExportOutcome::Done { summary } = export_sources(tmp.path(), &sources, all(), false).unwrap()
        else {
            panic!("written")
        };
        assert!(!summary.verified);
        assert!(summary.problems.iter().any(|p| p.contains(&name)), "{:?}", summary.problems);
    }
}
