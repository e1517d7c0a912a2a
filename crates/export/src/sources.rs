//! The documents to export: read from files and folders, or taken from a flow library.
//!
//! Every source is read before anything is written: one unreadable file refuses the whole
//! export with the reader's error.

use std::path::{Path, PathBuf};

use callflow_model::FlowFile;
use callflow_model::file::FILE_EXTENSION;
use callflow_store::{DocRef, FlowQuery, Library};

use crate::error::{ExportError, Result};

/// A document to export and where it came from (a file path, or `library:<id>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub origin: String,
    pub document: FlowFile,
}

/// Reads files, and the `*.callflow.json` files directly inside folders (sorted by name).
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(flow_files_in(path)?);
        } else {
            files.push(path.clone());
        }
    }
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let document = callflow_model::read_path(&file).map_err(|e| ExportError::Unreadable(Box::new(e)))?;
        out.push(Source { origin: file.display().to_string(), document });
    }
    Ok(out)
}

fn flow_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |source| ExportError::Io { action: "list the folder", path: dir.to_path_buf(), source };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_file() && path.file_name().is_some_and(|n| n.to_string_lossy().ends_with(FILE_EXTENSION)) {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(ExportError::Nothing(format!("no {FILE_EXTENSION} files in {}", dir.display())));
    }
    Ok(files)
}

/// Which document of a library flow to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pick {
    /// The draft (working copy).
    #[default]
    Draft,
    /// A saved version (for one flow).
    Version(u32),
    /// The published version; a flow with none is refused.
    Published,
}

/// The drafts (working copies) of flows `ids` of `library`, or of every live flow when `ids`
/// is empty.
pub fn from_library(library: &Library, ids: &[String]) -> Result<Vec<Source>> {
    from_library_pick(library, ids, Pick::Draft)
}

/// The `pick` document of flows `ids` of `library` (every live flow when `ids` is empty). With
/// [`Pick::Published`], flows without a published version are all named in the error.
pub fn from_library_pick(library: &Library, ids: &[String], pick: Pick) -> Result<Vec<Source>> {
    let ids: Vec<String> = if ids.is_empty() {
        library.list_flows(&FlowQuery::default())?.into_iter().map(|f| f.id).collect()
    } else {
        ids.to_vec()
    };
    if ids.is_empty() {
        return Err(ExportError::Nothing(format!("the library {} holds no flows", library.path().display())));
    }
    if let Pick::Version(n) = pick
        && ids.len() != 1
    {
        return Err(ExportError::Nothing(format!(
            "version {n} of {} flows: a version number names the version of one flow",
            ids.len()
        )));
    }
    let mut which = Vec::with_capacity(ids.len());
    let mut unpublished = Vec::new();
    for id in &ids {
        match pick {
            Pick::Draft => which.push((id, DocRef::Draft)),
            Pick::Version(n) => which.push((id, DocRef::Version(n))),
            Pick::Published => match library.published(id)? {
                Some(p) => which.push((id, DocRef::Version(p.version))),
                None => unpublished.push(format!("`{id}`")),
            },
        }
    }
    if !unpublished.is_empty() {
        return Err(ExportError::Nothing(format!("no published version of {}", unpublished.join(", "))));
    }
    which
        .into_iter()
        .map(|(id, doc)| {
            let origin = match doc {
                DocRef::Draft => format!("library:{id}"),
                DocRef::Version(n) => format!("library:{id}@v{n}"),
            };
            Ok(Source { origin, document: library.open_document(id, doc)? })
        })
        .collect()
}
