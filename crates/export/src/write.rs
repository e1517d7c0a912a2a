//! Writing an export: plan every file first (names, canonical text, collisions), then write.
//!
//! Refused before anything is written: two sources with the same flow id, and (unless `force`)
//! any target file that already exists; the error lists every such file. Each file is written
//! to a temporary file in the target folder, flushed to disk and renamed over the target, so a
//! crash or a full disk never leaves half a file in place of a good one.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{ExportError, Result};

use crate::options::ExportOptions;
use crate::sources::Source;

/// One file of a planned export.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub flow_id: String,
    pub origin: String,
    pub path: PathBuf,
    /// The canonical file text ([`callflow_model::FlowFile::to_json`]).
    pub text: String,
}

/// One file written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub flow_id: String,
    pub path: PathBuf,
    /// A file was there before and was replaced (`force`).
    pub replaced: bool,
}

/// The files an export of `sources` into `dir` would write, sorted by flow id.
pub fn plan(sources: &[Source], dir: &Path, options: ExportOptions) -> Result<Vec<Planned>> {
    let mut by_id: BTreeMap<&str, &Source> = BTreeMap::new();
    for source in sources {
        if let Some(first) = by_id.insert(&source.document.flow.id, source) {
            return Err(ExportError::DuplicateFlow {
                id: source.document.flow.id.clone(),
                first: first.origin.clone(),
                second: source.origin.clone(),
            });
        }
    }
    if by_id.is_empty() {
        return Err(ExportError::Nothing("no flows were given".into()));
    }
    // Called flows keep the file names their callers' environments give them (see
    // `callflow_store::names`).
    let names = callflow_store::names::file_names_for_documents(by_id.values().map(|s| &s.document));
    Ok(by_id
        .into_iter()
        .map(|(id, source)| Planned {
            flow_id: id.to_string(),
            origin: source.origin.clone(),
            path: dir.join(&names[id]),
            text: options.apply(&source.document).to_json(),
        })
        .collect())
}

/// Writes a planned export (creating the folder). Without `force`, refuses if any target
/// exists, before writing anything.
pub fn write_planned(planned: &[Planned], force: bool) -> Result<Vec<Written>> {
    if !force {
        let existing: Vec<PathBuf> =
            planned.iter().filter(|p| p.path.symlink_metadata().is_ok()).map(|p| p.path.clone()).collect();
        if !existing.is_empty() {
            return Err(ExportError::WouldOverwrite { paths: existing });
        }
    }
    let mut out = Vec::with_capacity(planned.len());
    for p in planned {
        if let Some(dir) = p.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
                action: "create the folder",
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let replaced = p.path.exists();
        write_atomically(&p.path, p.text.as_bytes())?;
        out.push(Written { flow_id: p.flow_id.clone(), path: p.path.clone(), replaced });
    }
    Ok(out)
}

/// Plans and writes an export of `sources` into `dir`.
pub fn export(sources: &[Source], dir: &Path, options: ExportOptions, force: bool) -> Result<Vec<Written>> {
    write_planned(&plan(sources, dir, options)?, force)
}

/// Plans, writes and then verifies an export (what the app's export does): each written file is
/// re-read and its saved test calls replayed ([`crate::verify::verify_file`]), so the caller can
/// say whether the files say exactly what was tested.
pub fn export_verified(
    sources: &[Source],
    dir: &Path,
    options: ExportOptions,
    force: bool,
) -> Result<(Vec<Written>, Vec<crate::verify::FileReport>)> {
    let written = export(sources, dir, options, force)?;
    let reports = written.iter().map(|w| crate::verify::verify_file(&w.path)).collect();
    Ok((written, reports))
}

/// Writes one file (a report, say) the way exports are written: refused if `path` exists unless
/// `force`, then through a temporary file renamed into place.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    if !force && path.symlink_metadata().is_ok() {
        return Err(ExportError::WouldOverwrite { paths: vec![path.to_path_buf()] });
    }
    write_atomically(path, bytes)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed and renamed
/// into place (then the folder is flushed too, so the rename survives a power cut).
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io =
        |action: &'static str| move |source| ExportError::Io { action, path: path.to_path_buf(), source };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp).map_err(io("create a temporary file for"))?;
        file.write_all(bytes).map_err(io("write"))?;
        file.sync_all().map_err(io("flush"))?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(io("replace"))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str) -> Source {
        let mut document = callflow_model::synth::realistic_file(5);
        document.flow.id = id.into();
        Source { origin: format!("test:{id}"), document }
    }

    #[test]
    fn existing_files_are_not_overwritten_without_force_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let sources = [source("b"), source("a")];
        std::fs::write(dir.path().join("b.callflow.json"), "keep me").unwrap();
        let err = export(&sources, dir.path(), ExportOptions::default(), false).unwrap_err();
        assert!(matches!(&err, ExportError::WouldOverwrite { paths } if paths.len() == 1), "{err}");
        assert!(err.to_string().contains("b.callflow.json") && err.to_string().contains("--force"), "{err}");
        assert!(!dir.path().join("a.callflow.json").exists(), "nothing is written when refused");
        assert_eq!(std::fs::read_to_string(dir.path().join("b.callflow.json")).unwrap(), "keep me");

        let written = export(&sources, dir.path(), ExportOptions::default(), true).unwrap();
        assert_eq!(
            written.iter().map(|w| (w.flow_id.as_str(), w.replaced)).collect::<Vec<_>>(),
            [("a", false), ("b", true)]
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.callflow.json")).unwrap(),
            sources[0].document.to_json()
        );
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn two_sources_of_one_flow_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err =
            export(&[source("a"), source("a")], dir.path(), ExportOptions::default(), false).unwrap_err();
        assert!(matches!(err, ExportError::DuplicateFlow { .. }), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.callflow.json");
        // A folder where the file should go: the rename fails.
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("inside"), "x").unwrap();
        let err = export(&[source("a")], dir.path(), ExportOptions::default(), true).unwrap_err();
        assert!(matches!(err, ExportError::Io { action: "replace", .. }), "{err}");
        assert!(target.join("inside").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "the temporary file was removed");
    }
}
