//! What can go wrong in the library, said so that the user knows what happened, where, and what
//! to do about it.
//!
//! Every [`StoreError`] leaves the database as it was before the action that failed: each user
//! action is one transaction, rolled back on any error. [`StoreError::report`] turns an error
//! into [`ErrorReport`], plain data the app sends to the UI.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use callflow_check::Diagnostic;
use callflow_model::ReadError;
use rusqlite::ErrorCode;
use serde::Serialize;
use ts_rs::TS;

/// Result of a library operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A library operation that failed. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not an SQLite database at all.
    #[error(
        "{path} is not a Callflow Studio library (it is not an SQLite database). Nothing was changed; \
         choose another file, or move this one away to start a new library there"
    )]
    NotADatabase { path: PathBuf },

    /// An SQLite database that belongs to some other program.
    #[error(
        "{path} is an SQLite database but not a Callflow Studio library (it has tables {tables}). \
         Nothing was changed; choose another file"
    )]
    ForeignDatabase { path: PathBuf, tables: String },

    /// Written by a newer build whose schema this build does not know.
    #[error(
        "{path} was written by a newer version of Callflow Studio (library schema {found}; this build \
         knows schema versions up to {supported}). Nothing was changed; update Callflow Studio to open it"
    )]
    NewerSchema { path: PathBuf, found: i64, supported: usize },

    /// `integrity_check` found damage, or SQLite reported corruption.
    #[error("{path} is damaged: {details}. Nothing was changed. {}", backup_advice(path, backups))]
    Damaged { path: PathBuf, details: String, backups: Vec<PathBuf> },

    /// The database file (or its folder) cannot be written.
    #[error(
        "{path} is read-only: {details}. Nothing was changed; make the file and its folder writable \
         (or copy the library somewhere writable and open it there)"
    )]
    ReadOnly { path: PathBuf, details: String },

    /// Another process holds the write lock longer than the busy timeout.
    #[error(
        "the library {path} is busy: another Callflow Studio window or `callflow db` command is writing \
         to it. Nothing was changed; try again when it has finished"
    )]
    Busy { path: PathBuf },

    /// The disk (or the configured size limit) is full.
    #[error(
        "the disk holding {path} is full (while trying to {action}). Nothing was changed and your existing \
         flows are intact; free some disk space and try again"
    )]
    DiskFull { path: PathBuf, action: String },

    /// The schema upgrade failed; the database is as it was before.
    #[error(
        "cannot upgrade the library {path} to the current schema: {details}. The upgrade was rolled back \
         and nothing was changed{}",
        backup.as_ref().map(|b| format!("; a backup taken before the upgrade is at {}", b.display())).unwrap_or_default()
    )]
    Migration { path: PathBuf, details: String, backup: Option<PathBuf> },

    /// The backup before a schema upgrade could not be written, so the upgrade was not started.
    #[error(
        "cannot back up {path} to {backup} before upgrading its schema: {details}. Nothing was changed; \
         free some disk space and open the library again"
    )]
    Backup { path: PathBuf, backup: PathBuf, details: String },

    #[error("there is no flow `{id}` in the library (see `callflow db list`)")]
    FlowNotFound { id: String },

    #[error("the flow `{id}` is in the trash; restore it from the trash first (or purge it to reuse its id)")]
    FlowInTrash { id: String },

    #[error("the flow `{id}` is not in the trash; delete it first, then purge it")]
    FlowNotInTrash { id: String },

    #[error("the flow `{id}` has no version {number} (see `callflow db versions {id}`)")]
    VersionNotFound { id: String, number: u32 },

    #[error("the flow `{id}` has no saved version yet; save a version before publishing it")]
    NoVersion { id: String },

    /// Publishing refused: the version has validation errors.
    #[error(
        "cannot publish version {version} of `{id}`: it has {} validation error{}: {}. Fix them, save a new version and publish that",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        summarize(errors)
    )]
    PublishRefused { id: String, version: u32, errors: Vec<Diagnostic> },

    /// A file to import could not be read. Nothing was imported.
    #[error("cannot import {0}. Nothing was imported")]
    Unreadable(Box<ReadError>),

    /// Several files of one import hold the same flow.
    #[error(
        "{first} and {second} both hold the flow `{id}`; import them one at a time. Nothing was imported"
    )]
    DuplicateInImport { id: String, first: String, second: String },

    /// A document stored in the library cannot be read back.
    #[error(
        "the stored {what} of `{id}` cannot be read: {error}. Run `callflow db check`; restore another version"
    )]
    StoredDocument { id: String, what: Stored, error: Box<ReadError> },

    #[error(
        "a flow with id `{id}` is already in the library (or its trash); import the file to update it, or change the id"
    )]
    FlowIdTaken { id: String },

    #[error(
        "the document is flow `{found}`, not `{id}`; a flow's id cannot change (duplicate the flow instead)"
    )]
    FlowIdChanged { id: String, found: String },

    #[error("`{id}` cannot be a flow id: ids are 1 to {MAX_LEN} characters without control characters")]
    BadFlowId { id: String },

    #[error("a flow needs a name")]
    EmptyName,

    #[error("flow names are limited to {MAX_LEN} characters")]
    NameTooLong,

    #[error("there is no recorded run {run}")]
    RunNotFound { run: i64 },

    #[error("recorded run {run} is not valid JSON: {details}")]
    RunUnreadable { run: i64, details: String },

    /// The caller passed something the library cannot accept (the command line's arguments).
    #[error("{0}")]
    InvalidInput(String),

    /// Reading or writing a file outside the library (export, backup listing).
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Any other SQLite failure.
    #[error("database error in {path} while trying to {action}: {source}. Nothing was changed")]
    Sqlite {
        path: PathBuf,
        action: String,
        #[source]
        source: rusqlite::Error,
    },
}

/// The longest flow id or name, in characters.
pub const MAX_LEN: usize = 200;

/// Which stored document of a flow could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Draft,
    Version(u32),
    /// A module the flow calls, read to check the call.
    Module,
}

impl std::fmt::Display for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stored::Draft => f.write_str("draft"),
            Stored::Version(n) => write!(f, "version {n}"),
            Stored::Module => f.write_str("module"),
        }
    }
}

impl From<crate::DocRef> for Stored {
    fn from(which: crate::DocRef) -> Stored {
        match which {
            crate::DocRef::Draft => Stored::Draft,
            crate::DocRef::Version(n) => Stored::Version(n),
        }
    }
}

fn backup_advice(path: &Path, backups: &[PathBuf]) -> String {
    match backups.last() {
        Some(latest) => format!(
            "The most recent backup is {}: close Callflow Studio, move {} aside and copy the backup in its place",
            latest.display(),
            path.display()
        ),
        None => format!(
            "No backup was found next to it; move {} aside to start a new library and re-import your exported flows",
            path.display()
        ),
    }
}

fn summarize(errors: &[Diagnostic]) -> String {
    let mut parts: Vec<String> = errors
        .iter()
        .take(3)
        // The checks' messages end with a full stop; the list has its own punctuation.
        .map(|d| (d, d.message.trim_end_matches('.')))
        .map(|(d, message)| match &d.component {
            Some(c) => format!("{} `{c}`: {message}", d.code),
            None => format!("{}: {message}", d.code),
        })
        .collect();
    if errors.len() > 3 {
        parts.push(format!("and {} more", errors.len() - 3));
    }
    parts.join("; ")
}

/// A stable machine-readable name of each kind of [`StoreError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    NotADatabase,
    ForeignDatabase,
    NewerSchema,
    Damaged,
    ReadOnly,
    Busy,
    DiskFull,
    Migration,
    Backup,
    FlowNotFound,
    FlowInTrash,
    FlowNotInTrash,
    VersionNotFound,
    NoVersion,
    PublishRefused,
    Unreadable,
    DuplicateInImport,
    StoredDocument,
    FlowIdTaken,
    FlowIdChanged,
    BadFlowId,
    EmptyName,
    NameTooLong,
    RunNotFound,
    RunUnreadable,
    InvalidInput,
    Io,
    Database,
}

/// A [`StoreError`] as data for the UI: the kind, the full message, and the structured details
/// where there are any.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ErrorReport {
    pub kind: ErrorKind,
    /// The whole message in English, with what to do (what the command line prints).
    pub message: String,
    /// The values the message is made of, by name (`path`, `id`, `version`, …), so that the UI
    /// can word the message in its own language. Texts from the system (an OS or SQLite error,
    /// a JSON parser's complaint) come as `details`, as the system wrote them.
    #[ts(type = "Record<string, string>")]
    pub args: BTreeMap<&'static str, String>,
    /// The validation errors that stopped a publish.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<Diagnostic>>")]
    pub diagnostics: Vec<Diagnostic>,
    /// Why a file could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub read_error: Option<ReadError>,
    /// Backups the user may restore from (damaged or failed upgrade).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub backups: Vec<String>,
}

impl StoreError {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::NotADatabase { .. } => ErrorKind::NotADatabase,
            StoreError::ForeignDatabase { .. } => ErrorKind::ForeignDatabase,
            StoreError::NewerSchema { .. } => ErrorKind::NewerSchema,
            StoreError::Damaged { .. } => ErrorKind::Damaged,
            StoreError::ReadOnly { .. } => ErrorKind::ReadOnly,
            StoreError::Busy { .. } => ErrorKind::Busy,
            StoreError::DiskFull { .. } => ErrorKind::DiskFull,
            StoreError::Migration { .. } => ErrorKind::Migration,
            StoreError::Backup { .. } => ErrorKind::Backup,
            StoreError::FlowNotFound { .. } => ErrorKind::FlowNotFound,
            StoreError::FlowInTrash { .. } => ErrorKind::FlowInTrash,
            StoreError::FlowNotInTrash { .. } => ErrorKind::FlowNotInTrash,
            StoreError::VersionNotFound { .. } => ErrorKind::VersionNotFound,
            StoreError::NoVersion { .. } => ErrorKind::NoVersion,
            StoreError::PublishRefused { .. } => ErrorKind::PublishRefused,
            StoreError::Unreadable(_) => ErrorKind::Unreadable,
            StoreError::DuplicateInImport { .. } => ErrorKind::DuplicateInImport,
            StoreError::StoredDocument { .. } => ErrorKind::StoredDocument,
            StoreError::FlowIdTaken { .. } => ErrorKind::FlowIdTaken,
            StoreError::FlowIdChanged { .. } => ErrorKind::FlowIdChanged,
            StoreError::BadFlowId { .. } => ErrorKind::BadFlowId,
            StoreError::EmptyName => ErrorKind::EmptyName,
            StoreError::NameTooLong => ErrorKind::NameTooLong,
            StoreError::RunNotFound { .. } => ErrorKind::RunNotFound,
            StoreError::RunUnreadable { .. } => ErrorKind::RunUnreadable,
            StoreError::InvalidInput(_) => ErrorKind::InvalidInput,
            StoreError::Io { .. } => ErrorKind::Io,
            StoreError::Sqlite { .. } => ErrorKind::Database,
        }
    }

    /// This error as data for the UI.
    pub fn report(&self) -> ErrorReport {
        let (diagnostics, read_error, backups) = match self {
            StoreError::PublishRefused { errors, .. } => (errors.clone(), None, Vec::new()),
            StoreError::Unreadable(e) | StoreError::StoredDocument { error: e, .. } => {
                (Vec::new(), Some((**e).clone()), Vec::new())
            }
            StoreError::Damaged { backups, .. } => (Vec::new(), None, backups.clone()),
            StoreError::Migration { backup: Some(b), .. } => (Vec::new(), None, vec![b.clone()]),
            _ => (Vec::new(), None, Vec::new()),
        };
        ErrorReport {
            kind: self.kind(),
            message: self.to_string(),
            args: self.args(),
            diagnostics,
            read_error,
            backups: backups.iter().map(|p| p.display().to_string()).collect(),
        }
    }

    /// The values this error's message is made of, by name.
    fn args(&self) -> BTreeMap<&'static str, String> {
        let show = |p: &Path| p.display().to_string();
        let mut args: Vec<(&'static str, String)> = match self {
            StoreError::NotADatabase { path } | StoreError::Busy { path } => vec![("path", show(path))],
            StoreError::ForeignDatabase { path, tables } => {
                vec![("path", show(path)), ("tables", tables.clone())]
            }
            StoreError::NewerSchema { path, found, supported } => {
                vec![("path", show(path)), ("found", found.to_string()), ("supported", supported.to_string())]
            }
            StoreError::Damaged { path, details, backups } => {
                let mut args = vec![("path", show(path)), ("details", details.clone())];
                args.extend(backups.last().map(|b| ("backup", show(b))));
                args
            }
            StoreError::ReadOnly { path, details } => {
                vec![("path", show(path)), ("details", details.clone())]
            }
            StoreError::DiskFull { path, action } => vec![("path", show(path)), ("action", action.clone())],
            StoreError::Migration { path, details, backup } => {
                let mut args = vec![("path", show(path)), ("details", details.clone())];
                args.extend(backup.as_deref().map(|b| ("backup", show(b))));
                args
            }
            StoreError::Backup { path, backup, details } => {
                vec![("path", show(path)), ("backup", show(backup)), ("details", details.clone())]
            }
            StoreError::FlowNotFound { id }
            | StoreError::FlowInTrash { id }
            | StoreError::FlowNotInTrash { id }
            | StoreError::NoVersion { id }
            | StoreError::FlowIdTaken { id } => vec![("id", id.clone())],
            StoreError::BadFlowId { id } => vec![("id", id.clone()), ("max", MAX_LEN.to_string())],
            StoreError::VersionNotFound { id, number } => {
                vec![("id", id.clone()), ("version", number.to_string())]
            }
            StoreError::PublishRefused { id, version, errors } => {
                vec![
                    ("id", id.clone()),
                    ("version", version.to_string()),
                    ("errors", errors.len().to_string()),
                ]
            }
            StoreError::Unreadable(e) => vec![("file", e.file.clone()), ("details", e.message.clone())],
            StoreError::DuplicateInImport { id, first, second } => {
                vec![("id", id.clone()), ("first", first.clone()), ("second", second.clone())]
            }
            StoreError::StoredDocument { id, what, error } => {
                let (document, version) = match what {
                    Stored::Draft => ("draft", None),
                    Stored::Version(n) => ("version", Some(n)),
                    Stored::Module => ("module", None),
                };
                let mut args = vec![
                    ("id", id.clone()),
                    ("document", document.into()),
                    ("details", error.message.clone()),
                ];
                args.extend(version.map(|n| ("version", n.to_string())));
                args
            }
            StoreError::FlowIdChanged { id, found } => vec![("id", id.clone()), ("found", found.clone())],
            StoreError::EmptyName => vec![],
            StoreError::NameTooLong => vec![("max", MAX_LEN.to_string())],
            StoreError::RunNotFound { run } => vec![("run", run.to_string())],
            StoreError::RunUnreadable { run, details } => {
                vec![("run", run.to_string()), ("details", details.clone())]
            }
            StoreError::InvalidInput(message) => vec![("details", message.clone())],
            StoreError::Io { action, path, source } => {
                vec![("action", (*action).into()), ("path", show(path)), ("details", source.to_string())]
            }
            StoreError::Sqlite { path, action, source } => {
                vec![("path", show(path)), ("action", action.clone()), ("details", source.to_string())]
            }
        };
        // A library opened from memory or not yet placed has no path to show.
        args.retain(|(name, value)| *name != "path" || !value.is_empty());
        args.into_iter().collect()
    }

    /// Classifies an SQLite error raised while doing `action` on the library at `path`.
    pub(crate) fn sqlite(path: &Path, action: impl Into<String>, source: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        let code = source.sqlite_error_code();
        match code {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path, action: action.into() },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path, details: source.to_string() },
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
            Some(ErrorCode::DatabaseCorrupt) => {
                let backups = crate::open::list_backups(&path);
                StoreError::Damaged { path, details: source.to_string(), backups }
            }
            _ => StoreError::Sqlite { path, action: action.into(), source },
        }
    }
}
