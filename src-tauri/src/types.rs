//! What the commands take and return. `cargo test -p callflow-app bindings` keeps the TypeScript
//! copies in `ui/src/gen/` up to date (`make bindings-app` rewrites them).

use std::collections::BTreeMap;

use callflow_check::Diagnostic;
use callflow_model::{Component, ExitInfo, Flow, FlowFile, ReadError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The most findings sent to the UI per analysis: a badly broken large flow can have tens of
/// thousands, which would cost more to ship and draw than they tell.
pub const MAX_DIAGNOSTICS: usize = 1000;

/// What the UI needs to draw and check a flow after an edit.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Analysis {
    /// Exits of the components whose exits differ from their kind's catalog exits (those derived
    /// from the config: menu keys, conditional branches, module exits), in order. A component
    /// left out has exactly its kind's catalog exits: sending only the differences keeps the
    /// round trip of a large flow small.
    pub exits: BTreeMap<String, Vec<ExitInfo>>,
    /// Findings of the checks, errors first; at most [`MAX_DIAGNOSTICS`] of them.
    pub diagnostics: Vec<Diagnostic>,
    /// All errors found (also those left out of `diagnostics`).
    pub error_count: u32,
    /// All warnings found (also those left out of `diagnostics`).
    pub warning_count: u32,
    /// How many findings were left out of `diagnostics`.
    pub omitted: u32,
    /// How long the analysis took on the Rust side, in microseconds.
    pub micros: u32,
    /// The app keeps the flow analysed under this number: the next analysis may send only the
    /// changes since (see [`FlowChanges`]).
    pub revision: u32,
}

/// What changed in a flow since the one analysed as `base`: an edit of one box in a large flow
/// sends that component, not all of them.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct FlowChanges {
    /// The `revision` of the analysis these changes follow.
    pub base: u32,
    /// The flow's own fields (name, type, entry, variables, notes); its `components` are ignored.
    pub flow: Flow,
    /// Components added or changed since `base`, by id.
    pub set: BTreeMap<String, Component>,
    /// Components removed since `base`.
    pub remove: Vec<String>,
}

/// A flow file read from disk.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OpenedFile {
    /// Where it was read from (the user picked it).
    pub path: String,
    pub file: FlowFile,
}

/// A sample flow shipped with the app.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SampleFlow {
    /// File name in `flows/`.
    pub name: String,
    pub file: FlowFile,
}

/// Why a command failed.
#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AppError {
    /// A flow file could not be read: file, JSON path, line:column and what was expected.
    #[error("{error}")]
    Read { error: ReadError },
    /// A file or folder the user chose could not be read or written: what the app was doing,
    /// where, and the system's reason (its kind for the UI to word, its text as the system wrote
    /// it).
    #[error("{message}")]
    File { message: String, action: FileAction, path: String, problem: FileProblem, details: String },
    /// An Amazon Connect flow to import cannot be read: the file and what is wrong.
    #[error("{message}")]
    Connect { message: String, path: String, error: Box<callflow_interchange::InterchangeError> },
    /// Something else of the system's failed (a file dialog, the window).
    #[error("{message}")]
    Io { message: String },
    /// The request itself was wrong (e.g. a path the user never picked).
    #[error("{message}")]
    Invalid { message: String },
    /// The flow library refused or failed (publish blocked by errors, damaged database...).
    #[error("{}", report.message)]
    Store { report: Box<callflow_store::ErrorReport> },
    /// The checks report errors in the flow, so the engine will not run it (debugger, test
    /// calls, campaigns); the UI lists and words them as the problems panel does.
    #[error("{message}")]
    CannotRun { message: String, diagnostics: Vec<Diagnostic> },
    /// Campaign records that cannot be read or run: which record or CSV line, and what is wrong.
    #[error("{message}")]
    Records { message: String, error: Box<callflow_engine::dialer::RecordsError> },
}

/// What the app was doing with a file when the system refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileAction {
    Read,
    Write,
    CreateFolder,
    ListFolder,
}

impl FileAction {
    fn words(self) -> &'static str {
        match self {
            FileAction::Read => "read",
            FileAction::Write => "write",
            FileAction::CreateFolder => "create the folder",
            FileAction::ListFolder => "list the folder",
        }
    }
}

/// Why the system refused, in the kinds a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileProblem {
    PermissionDenied,
    NotFound,
    DiskFull,
    ReadOnly,
    IsAFolder,
    Other,
}

impl From<std::io::ErrorKind> for FileProblem {
    fn from(kind: std::io::ErrorKind) -> FileProblem {
        use std::io::ErrorKind as K;
        match kind {
            K::PermissionDenied => FileProblem::PermissionDenied,
            K::NotFound => FileProblem::NotFound,
            K::StorageFull | K::QuotaExceeded => FileProblem::DiskFull,
            K::ReadOnlyFilesystem => FileProblem::ReadOnly,
            K::IsADirectory => FileProblem::IsAFolder,
            _ => FileProblem::Other,
        }
    }
}

impl AppError {
    /// `action` on `path` failed with `error`.
    pub fn file(action: FileAction, path: &std::path::Path, error: &std::io::Error) -> AppError {
        AppError::file_with(action, path, error, None)
    }

    /// [`AppError::file`] keeping a message already written (the export crate's, say).
    fn file_with(
        action: FileAction,
        path: &std::path::Path,
        error: &std::io::Error,
        message: Option<String>,
    ) -> AppError {
        let path_text = path.display().to_string();
        AppError::File {
            message: message.unwrap_or_else(|| format!("cannot {} {path_text}: {error}", action.words())),
            action,
            path: path_text,
            problem: error.kind().into(),
            details: error.to_string(),
        }
    }
}

impl From<callflow_export::ExportError> for AppError {
    fn from(error: callflow_export::ExportError) -> AppError {
        use callflow_export::ExportError as E;
        match error {
            E::Unreadable(e) => AppError::Read { error: *e },
            E::Store(e) => AppError::from(e),
            E::Io { action, ref path, ref source } => {
                let action = match action {
                    "create the folder" => FileAction::CreateFolder,
                    "list the folder" => FileAction::ListFolder,
                    // Creating, writing, flushing or renaming the file into place.
                    _ => FileAction::Write,
                };
                AppError::file_with(action, path, source, Some(error.to_string()))
            }
            other => AppError::Io { message: other.to_string() },
        }
    }
}

impl From<callflow_engine::dialer::RecordsError> for AppError {
    fn from(error: callflow_engine::dialer::RecordsError) -> AppError {
        AppError::Records { message: error.to_string(), error: Box::new(error) }
    }
}

impl From<callflow_engine::EngineError> for AppError {
    fn from(error: callflow_engine::EngineError) -> AppError {
        let message = error.to_string();
        match error {
            callflow_engine::EngineError::CheckErrors(diagnostics) => {
                AppError::CannotRun { message, diagnostics }
            }
            callflow_engine::EngineError::Records(error) => {
                AppError::Records { message, error: Box::new(error) }
            }
            _ => AppError::Invalid { message },
        }
    }
}

impl From<callflow_store::StoreError> for AppError {
    fn from(error: callflow_store::StoreError) -> AppError {
        AppError::Store { report: Box::new(error.report()) }
    }
}

/// Where the library is and whether it opened.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LibraryStatus {
    /// The database file, in the OS app-data directory.
    pub path: Option<String>,
    /// Why the library could not be opened (the app then works on files only).
    pub error: Option<callflow_store::ErrorReport>,
    /// Sample flows imported into a fresh library at this start.
    pub seeded: u32,
    /// The flow to show first: the welcome sample when the samples were imported at this start
    /// (otherwise the UI opens the most recently changed flow).
    pub first_flow: Option<String>,
}

impl From<ReadError> for AppError {
    fn from(error: ReadError) -> AppError {
        AppError::Read { error }
    }
}

#[cfg(test)]
mod tests {
    use callflow_model::bindings::BindingsFolder;

    use super::*;

    /// Only the shell's own types land in `ui/src/gen/`; model and store types are imported from
    /// their crates' folders.
    #[test]
    fn bindings_are_up_to_date() {
        let folder = BindingsFolder {
            dir: "ui/src/gen",
            links: &["ui/src/bindings", "ui/src/store-bindings", "ui/src/engine-bindings"],
            regenerate: "make bindings-app",
        };
        let result = folder.sync(|cfg| {
            Analysis::export_all(cfg)?;
            FlowChanges::export_all(cfg)?;
            OpenedFile::export_all(cfg)?;
            SampleFlow::export_all(cfg)?;
            AppError::export_all(cfg)?;
            crate::export::ExportRequest::export_all(cfg)?;
            crate::export::ExportOutcome::export_all(cfg)?;
            crate::export::PictureFormat::export_all(cfg)?;
            crate::export::ConnectImport::export_all(cfg)?;
            crate::export::ConnectExport::export_all(cfg)?;
            LibraryStatus::export_all(cfg)
        });
        if let Err(message) = result {
            panic!("{message}");
        }
    }
}

#[cfg(test)]
mod file_errors {
    use super::*;

    fn fields(err: &AppError) -> (FileAction, FileProblem, &str, &str) {
        match err {
            AppError::File { action, problem, path, message, .. } => (*action, *problem, path, message),
            other => panic!("not a file error: {other:?}"),
        }
    }

    /// Writing where the system refuses names the file, what was done and the kind of refusal.
    #[test]
    fn a_refused_write_says_which_file_and_why() {
        let dir = tempfile::tempdir().unwrap();
        let file = callflow_model::synth::realistic_file(2);
        let missing = dir.path().join("no-such-folder").join("flow.callflow.json");
        let err = crate::commands::write_file(&missing, &file).unwrap_err();
        let (action, problem, path, message) = fields(&err);
        assert_eq!((action, problem), (FileAction::Write, FileProblem::NotFound));
        assert_eq!(path, missing.display().to_string());
        assert!(message.starts_with(&format!("cannot write {}: ", missing.display())), "{message}");
        // A folder where the file should go: the rename over it is refused.
        let folder = dir.path().join("taken");
        std::fs::create_dir(&folder).unwrap();
        let err = crate::commands::write_file(&folder, &file).unwrap_err();
        assert_eq!(fields(&err).1, FileProblem::IsAFolder);
        let err = crate::export::read_connect(&dir.path().join("absent.json")).unwrap_err();
        assert_eq!(fields(&err).0, FileAction::Read);
    }

    /// The export crate's refusals keep its message and become the same kind of error.
    #[test]
    fn export_refusals_are_file_errors() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("a-file");
        std::fs::write(&blocker, "x").unwrap();
        let export_err = callflow_export::write_file(&blocker.join("out.json"), b"{}", true).unwrap_err();
        let english = export_err.to_string();
        let err = AppError::from(export_err);
        let (action, problem, path, message) = fields(&err);
        assert_eq!((action, problem), (FileAction::Write, FileProblem::Other));
        assert_eq!(path, blocker.join("out.json").display().to_string());
        assert_eq!(message, english);
        let AppError::File { details, .. } = &err else { unreachable!() };
        assert!(english.ends_with(details.as_str()), "{english} / {details}");
    }
}
