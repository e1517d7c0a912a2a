//! Exporting flows to files and checking the files that were exported: the logic shared by
//! `callflow export`, `callflow verify` and (later) the app's export dialog.
//!
//! - [`options`]: what goes into an exported file (layout, saved test calls, environment);
//! - file names: [`callflow_store::names`] (deterministic, from flow ids; shared with the
//!   library's own export);
//! - [`sources`]: the documents to export, from files and folders or from a library;
//! - [`write`]: planning and writing an export: refuses to overwrite unless forced, writes each
//!   file to a temporary file that is flushed and renamed into place;
//! - [`verify`]: the round-trip guarantee: a file re-reads as itself (canonical form) and its
//!   saved test calls, replayed with the engine, take exactly the recorded paths;
//! - [`report`]: the test-run report and the campaign report, as CSV and as HTML pages;
//! - [`svg`]: the whole flow as an SVG picture (every box, not only those on screen), with
//!   [`summary`]: the one-line summary of a configuration each box shows;
//! - [`error`]: [`ExportError`], each saying what failed and where.

pub mod error;
pub mod options;
pub mod report;
pub mod sources;
pub mod summary;
pub mod svg;
pub mod verify;
pub mod write;

pub use callflow_store::names::{file_names, file_names_for_documents, file_names_preferring, file_stem_for};
pub use error::ExportError;
pub use options::ExportOptions;
pub use sources::{Pick, Source, from_library, from_library_pick, read_paths};
pub use svg::flow_svg;
pub use verify::{FileReport, TestReport, Verdict, verify_file};
pub use write::{Planned, Written, export, export_verified, plan, write_file, write_planned};
