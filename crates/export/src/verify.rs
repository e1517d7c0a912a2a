//! The round-trip guarantee, checked on files: `callflow verify` and the app's export.
//!
//! A file passes when (1) it reads, (2) it is in canonical form, so reading and writing it back
//! gives the same bytes and re-importing it changes nothing, and (3) every saved test call,
//! replayed with the engine, meets its expectations, in particular takes exactly the recorded
//! path (component by component, with the exit taken). Called modules and queue flows are found
//! as the engine finds them (the environment's `flows`, then the file's folder).

use std::path::Path;
use std::sync::Arc;

use callflow_engine::testing::run_test;
use callflow_model::PathStep;

/// What became of one saved test call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It met every expectation, and took exactly the recorded path.
    SamePath,
    /// It met every expectation, but records no path to compare (only its other expectations
    /// were checked).
    NoRecordedPath,
    /// It did not do what was recorded; the first difference, in words.
    Different(String),
    /// It could not run (the engine refused the call setup or script).
    CannotRun(String),
}

/// One saved test call replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestReport {
    pub name: String,
    pub verdict: Verdict,
    /// The path the replayed call took.
    pub path: Vec<PathStep>,
}

impl TestReport {
    pub fn ok(&self) -> bool {
        matches!(self.verdict, Verdict::SamePath | Verdict::NoRecordedPath)
    }
}

/// One file checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub path: String,
    pub flow_id: Option<String>,
    /// Why the file could not be checked at all (unreadable, or its flow cannot run).
    pub problem: Option<String>,
    /// Writing the document back gives the file's exact bytes.
    pub canonical: bool,
    pub tests: Vec<TestReport>,
}

impl FileReport {
    /// Readable, canonical, and every test replayed as recorded.
    pub fn ok(&self) -> bool {
        self.problem.is_none() && self.canonical && self.tests.iter().all(TestReport::ok)
    }
}

/// Reads `path` and the flows it calls, as the engine does (the environment's `flows`, then
/// every module or queue flow in the same folder), except that a flow the environment names by
/// a file that is not there is also looked up by id among the folder's files: exports name files
/// after flow ids, which need not be the names the environment was written with.
pub(crate) fn load(path: &Path) -> Result<callflow_engine::Loaded, String> {
    if let Ok(loaded) = callflow_engine::Loaded::read(path) {
        return Ok(loaded);
    }
    let file = callflow_model::read_path(path).map_err(|e| e.to_string())?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut by_id = std::collections::BTreeMap::new();
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    for p in names {
        if p != path
            && p.to_string_lossy().ends_with(callflow_model::file::FILE_EXTENSION)
            && let Ok(other) = callflow_model::read_path(&p)
        {
            by_id.entry(other.flow.id.clone()).or_insert(other.flow);
        }
    }
    let mut flows = std::collections::BTreeMap::new();
    if let Some(env) = &file.environment {
        for (id, rel) in &env.flows {
            let flow = match callflow_model::read_path(&dir.join(rel)) {
                Ok(sub) => sub.flow,
                Err(e) => by_id.get(id).cloned().ok_or_else(|| format!("module `{id}`: {e}"))?,
            };
            flows.insert(id.clone(), flow);
        }
    }
    for (id, flow) in by_id {
        if flow.flow_type.is_subflow() {
            flows.entry(id).or_insert(flow);
        }
    }
    Ok(callflow_engine::Loaded { path: path.to_path_buf(), file, flows })
}

/// Checks one file.
pub fn verify_file(path: &Path) -> FileReport {
    let mut report = FileReport {
        path: path.display().to_string(),
        flow_id: None,
        problem: None,
        canonical: false,
        tests: Vec::new(),
    };
    let loaded = match load(path) {
        Ok(loaded) => loaded,
        Err(e) => {
            report.problem = Some(e);
            return report;
        }
    };
    report.flow_id = Some(loaded.file.flow.id.clone());
    report.canonical = std::fs::read(path).is_ok_and(|bytes| bytes == loaded.file.to_json().as_bytes());
    if loaded.file.tests.is_empty() {
        return report;
    }
    let program = match loaded.program() {
        Ok(p) => p,
        Err(e) => {
            report.problem = Some(format!(
                "its flow cannot run, so its {} test calls cannot be replayed: {e}",
                loaded.file.tests.len()
            ));
            return report;
        }
    };
    let env = Arc::new(loaded.environment());
    for test in &loaded.file.tests {
        let (verdict, path) = match run_test(&program, &env, test) {
            Err(e) => (Verdict::CannotRun(e.to_string()), Vec::new()),
            Ok((outcome, _)) => {
                let verdict = match outcome.difference {
                    Some(d) => Verdict::Different(d.to_string()),
                    None if test.expect.path.is_empty() => Verdict::NoRecordedPath,
                    None => Verdict::SamePath,
                };
                (verdict, outcome.path)
            }
        };
        report.tests.push(TestReport { name: test.name.clone(), verdict, path });
    }
    report
}
