//! Reading and writing flow files for the commands, and finding the other flows (modules,
//! reusable queue flows) that a flow calls.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use callflow_check::FlowResolver;
use callflow_model::{Flow, FlowFile, ReadError};

/// Reads `path` as a flow file, returning its text too (for canonical-format checks and
/// locating diagnostics).
pub fn read(path: &Path) -> Result<(String, FlowFile), ReadError> {
    let file = callflow_model::read_path(path)?;
    // read_path has validated the size and UTF-8; reading again is cheap and keeps the text.
    let text = std::fs::read_to_string(path).unwrap_or_default();
    Ok((text, file))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// crash never leaves a half-written file in place of a good one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The flows a command can see: every readable flow file among the given files and in their
/// folders, by flow id. Unreadable neighbours are skipped (the given files report their own
/// errors).
#[derive(Debug, Default)]
pub struct Library {
    flows: BTreeMap<String, Flow>,
}

impl Library {
    pub fn around(files: &[PathBuf]) -> Library {
        let mut paths: Vec<PathBuf> = files.to_vec();
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .map(|f| f.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf())
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.to_string_lossy().ends_with(callflow_model::file::FILE_EXTENSION)
                    && !paths.contains(&path)
                {
                    paths.push(path);
                }
            }
        }
        let mut flows = BTreeMap::new();
        for path in paths {
            if let Ok(file) = callflow_model::read_path(&path) {
                flows.entry(file.flow.id.clone()).or_insert(file.flow);
            }
        }
        Library { flows }
    }
}

impl FlowResolver for Library {
    fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.get(id)
    }
}
