//! [`ExportError`]: why an export could not be done, with the file or flow concerned.

use std::path::PathBuf;

/// Why an export was refused or failed. When an export is refused, nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A source file could not be read (the reader's error: file, JSON path, line and column).
    #[error("{0}")]
    Unreadable(Box<callflow_model::ReadError>),
    /// Files the export would replace already exist, and overwriting was not allowed.
    #[error(
        "refusing to overwrite {} existing file{}: {} (export again with --force to replace {})",
        .paths.len(),
        if .paths.len() == 1 { "" } else { "s" },
        .paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
        if .paths.len() == 1 { "it" } else { "them" }
    )]
    WouldOverwrite { paths: Vec<PathBuf> },
    /// Two sources hold the same flow id; their files would collide.
    #[error("flow `{id}` is in both {first} and {second}; export one of them")]
    DuplicateFlow { id: String, first: String, second: String },
    /// Nothing matched what was asked for.
    #[error("nothing to export: {0}")]
    Nothing(String),
    /// The file system refused.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The library refused (not found, damaged, busy, ...).
    #[error(transparent)]
    Store(#[from] callflow_store::StoreError),
}

pub type Result<T> = std::result::Result<T, ExportError>;
