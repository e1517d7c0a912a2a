//! Import and export between the library and `*.callflow.json` files.
//!
//! - **Import** reads every file first. If any cannot be read, the import is refused with the
//!   reader's error and nothing is written. Then all files are written in one transaction. A
//!   valid document becomes a new version ("Imported from <file>") and the draft; a document with
//!   validation errors becomes the draft only, marked invalid with its errors, never dropped.
//!   Importing over an existing flow first keeps that flow's unsaved draft as a version.
//!   Modules called by an imported flow are resolved among the imported files, then the library.
//! - **Export** writes a flow's draft (or a chosen version) in canonical form, atomically (a
//!   temporary file renamed into place). Exporting the whole library writes one file per live
//!   flow, named after its id (see [`crate::names`]); importing that folder gives back identical
//!   documents.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use callflow_model::FlowFile;
use callflow_model::file::FILE_EXTENSION;

use crate::error::{Result, StoreError};
use crate::library::*;
use crate::notes::VersionNote;
use crate::types::*;

impl Library {
    /// Imports files and folders (the `*.callflow.json` files directly inside each folder).
    pub fn import_paths(&mut self, paths: &[PathBuf]) -> Result<ImportReport> {
        let mut files = Vec::new();
        for path in paths {
            if path.is_dir() {
                files.extend(flow_files_in(path)?);
            } else {
                files.push(path.clone());
            }
        }
        let mut docs = Vec::with_capacity(files.len());
        for file in &files {
            let doc = callflow_model::read_path(file).map_err(|e| StoreError::Unreadable(Box::new(e)))?;
            docs.push((file.display().to_string(), doc));
        }
        self.import_documents(docs)
    }

    /// Imports documents that were already read; `source` names each in the report and in the
    /// version message.
    pub fn import_documents(&mut self, docs: Vec<(String, FlowFile)>) -> Result<ImportReport> {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (source, doc) in &docs {
            checked_id(&doc.flow.id)?;
            if let Some(first) = seen.insert(&doc.flow.id, source) {
                return Err(StoreError::DuplicateInImport {
                    id: doc.flow.id.clone(),
                    first: first.to_string(),
                    second: source.clone(),
                });
            }
        }
        let batch: BTreeMap<String, callflow_model::Flow> =
            docs.iter().map(|(_, d)| (d.flow.id.clone(), d.flow.clone())).collect();
        let prepared: Vec<Prepared> = docs.iter().map(|(_, d)| Prepared::new(d)).collect();
        let author = self.author()?;
        let path = self.path.clone();
        let result = self.write("import flows", |tx, hook| {
            let mut report = ImportReport { flows: Vec::with_capacity(docs.len()) };
            for (index, ((source, doc), p)) in docs.iter().zip(&prepared).enumerate() {
                let id = doc.flow.id.as_str();
                let resolver = resolver_for(tx, &doc.flow, &batch)?;
                let errors = errors_of(callflow_check::check(&doc.flow, &resolver));
                let invalid = !errors.is_empty();
                let problems =
                    invalid.then(|| serde_json::to_string(&errors).unwrap_or_else(|_| "[]".into()));
                let message = VersionNote::Imported { file: file_name(source) }.message();
                let err = sql_err("import flows");
                let mut item = ImportedFlow {
                    source: source.clone(),
                    flow_id: id.to_string(),
                    name: doc.flow.name.clone(),
                    action: ImportAction::Created,
                    version: None,
                    kept_draft_as: None,
                    invalid,
                    errors,
                };
                match flow_state(tx, id).map_err(&err)? {
                    Some(true) => return Err(StoreError::FlowInTrash { id: id.into() }),
                    None => {
                        insert_flow(tx, doc, p, problems.as_deref()).map_err(&err)?;
                        if !invalid {
                            let n = insert_version(tx, id, p, &message, &author).map_err(&err)?;
                            set_draft_to_version(tx, id, n, p).map_err(&err)?;
                            item.version = Some(n);
                        }
                    }
                    Some(false) => {
                        let draft_hash: String = tx
                            .query_row("SELECT hash FROM drafts WHERE flow_id = ?1", [id], |r| r.get(0))
                            .map_err(&err)?;
                        let latest = latest_version(tx, id).map_err(&err)?;
                        let versioned = latest.as_ref().is_some_and(|(_, h)| *h == p.hash);
                        if draft_hash == p.hash && (invalid || versioned) {
                            item.action = ImportAction::Unchanged;
                            item.version = latest.filter(|_| versioned).map(|(n, _)| n);
                        } else {
                            item.action = ImportAction::Updated;
                            if draft_hash != p.hash {
                                item.kept_draft_as = keep_unsaved_draft(
                                    tx,
                                    id,
                                    &author,
                                    &VersionNote::KeptBeforeImport { file: file_name(source) }.message(),
                                )
                                .map_err(&err)?;
                            }
                            if invalid {
                                set_draft_text(tx, id, p, problems.as_deref()).map_err(&err)?;
                            } else {
                                let n = match latest {
                                    Some((n, h)) if h == p.hash => n,
                                    _ => insert_version(tx, id, p, &message, &author).map_err(&err)?,
                                };
                                set_draft_to_version(tx, id, n, p).map_err(&err)?;
                                item.version = Some(n);
                            }
                            touch_flow(tx, id, &doc.flow, p).map_err(&err)?;
                        }
                    }
                }
                hook(WritePoint::Imported(index));
                report.flows.push(item);
            }
            Ok(report)
        });
        result.map_err(|e| match e {
            StoreError::Sqlite { path: p, action, source } if p.as_os_str().is_empty() => {
                StoreError::Sqlite { path: path.clone(), action, source }
            }
            StoreError::DiskFull { path: p, action } if p.as_os_str().is_empty() => {
                StoreError::DiskFull { path: path.clone(), action }
            }
            StoreError::Busy { path: p } if p.as_os_str().is_empty() => {
                StoreError::Busy { path: path.clone() }
            }
            other => other,
        })
    }

    /// Writes the draft (or a version) of flow `id` to `path`, in canonical form.
    pub fn export_flow(&self, id: &str, which: DocRef, path: &Path) -> Result<ExportedFlow> {
        let doc = self.open_document(id, which)?;
        write_atomically(path, doc.to_json().as_bytes())?;
        Ok(ExportedFlow { flow_id: id.into(), path: path.display().to_string(), source: which })
    }

    /// Writes the draft of every live flow into `dir` (created if missing) as
    /// `<id>.callflow.json`. Other files in `dir` are left alone.
    pub fn export_all(&self, dir: &Path) -> Result<Vec<ExportedFlow>> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
            action: "create the folder",
            path: dir.into(),
            source,
        })?;
        let flows = self.list_flows(&FlowQuery::default())?;
        let mut docs = Vec::with_capacity(flows.len());
        for flow in &flows {
            docs.push(self.open_document(&flow.id, DocRef::Draft)?);
        }
        let names = crate::names::file_names_for_documents(&docs);
        let mut out = Vec::with_capacity(docs.len());
        for doc in &docs {
            let id = &doc.flow.id;
            let path = dir.join(&names[id]);
            write_atomically(&path, doc.to_json().as_bytes())?;
            out.push(ExportedFlow {
                flow_id: id.clone(),
                path: path.display().to_string(),
                source: DocRef::Draft,
            });
        }
        Ok(out)
    }
}

/// The `*.callflow.json` files directly inside `dir`, sorted by name.
fn flow_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| StoreError::Io {
        action: "list the folder",
        path: dir.into(),
        source,
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|source| StoreError::Io { action: "list the folder", path: dir.into(), source })?;
        let path = entry.path();
        if path.is_file() && path.file_name().is_some_and(|n| n.to_string_lossy().ends_with(FILE_EXTENSION)) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn file_name(source: &str) -> String {
    Path::new(source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.to_string())
}

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed to disk and
/// renamed into place, so that `path` never holds half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |action: &'static str| move |source| StoreError::Io { action, path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp).map_err(io("create"))?;
        file.write_all(bytes).map_err(io("write"))?;
        file.sync_all().map_err(io("flush"))?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(io("write"))?;
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
