//! The local flow library of Callflow Studio: every flow a designer keeps, its autosaved draft,
//! its immutable history of versions and which version is published, in one SQLite file.
//!
//! - [`Library`] (in [`library`]): open, list and search, create, rename, duplicate, trash,
//!   drafts, versions, publish, diff, debug runs, settings, database checks;
//! - [`transfer`]: import from and export to `*.callflow.json` files and folders;
//! - [`diff`]: the comparison of two documents, logic apart from layout;
//! - [`open`](OpenOptions): how a file is opened: integrity check, refusal of foreign and newer
//!   files, backup before a schema upgrade, WAL and `synchronous=FULL`;
//! - [`notes`]: the version messages the library writes itself, as data the app words;
//! - [`types`]: the data handed out (serde + ts-rs, exported to `ui/src/bindings`);
//! - [`error`]: [`StoreError`], each saying what failed, where, and what to do.
//!
//! Saved test calls and environments are stored inside each flow's document (the file format
//! carries them), so they are versioned, diffed ([`FlowDiff::environment`], [`FlowDiff::tests`]),
//! exported and imported with the flow; recorded debug runs are kept apart, per flow, as opaque
//! JSON ([`Library::record_run`]).
//!
//! Durability rules: one `BEGIN IMMEDIATE` transaction per user action, one writer, WAL with
//! `synchronous=FULL`, foreign keys on. `tests/crash.rs` kills a writer at several points and
//! proves the committed history intact; `tests/bad_input.rs` covers foreign, newer, read-only,
//! full and busy databases.

pub mod bindings;
pub mod diff;
pub mod error;
pub mod library;
pub mod names;
pub mod notes;
mod open;
mod parts;
mod raw;
mod terms;
pub mod transfer;
pub mod types;

use std::path::PathBuf;

pub use diff::{
    Change, ComponentChange, ExitChange, ExitEnd, FieldChange, FlowDiff, Moved, NoteChange, TestChange,
    VariableChange,
};
pub use error::{ErrorKind, ErrorReport, MAX_LEN, Result, StoreError, Stored};
pub use library::{AUTHOR_SETTING, Library, WritePoint, content_hash, stored_text, wal_path};
pub use notes::VersionNote;
pub use open::{IntegrityCheck, OpenOptions, SCHEMA_VERSION, list_backups};
pub use transfer::write_atomically;
pub use types::*;

/// The application id: the name of the app's folder in the OS data directory.
pub const APP_ID: &str = "studio.callflow.app";

/// The file name of the library inside the app's data folder.
pub const LIBRARY_FILE: &str = "library.sqlite3";

/// Where the app keeps its library: `<OS data dir>/studio.callflow.app/library.sqlite3`
/// (`~/.local/share/...` on Linux, `~/Library/Application Support/...` on macOS, `%APPDATA%\...`
/// on Windows), the same folder Tauri's `app_data_dir` gives the desktop app. `None` when the
/// OS reports no data directory (no home directory).
pub fn default_library_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_ID).join(LIBRARY_FILE))
}
