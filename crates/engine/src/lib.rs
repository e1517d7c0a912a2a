//! The call simulator and step debugger of Callflow Studio (DOMAIN.md §4).
//!
//! - [`compile`]: a flow and the modules it calls, compiled once to an index-based graph;
//! - [`sim`]: the discrete-event simulation on a virtual clock ([`Sim`]);
//! - [`trace`]: the typed trace, report rows and statistics it produces;
//! - [`debug`]: a stepping session over a simulation (breakpoints, step back, decisions);
//! - [`testing`]: saved test calls, coverage and path enumeration;
//! - [`dialer`]: outbound dialer campaigns over many records;
//! - [`expr`]: CEL conditions and assignments; [`schedule`]: business-hours calendars.
//!
//! The decisions this crate makes where the domain specification is silent are listed in
//! `crates/engine/README.md`.

pub mod compile;
pub mod debug;
pub mod dialer;
pub mod expr;
pub mod schedule;
pub mod sim;
pub mod testing;
pub mod trace;
pub mod validate;

mod bindings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use compile::{EngineError, Program};
pub use sim::{Choice, Options, PendingDecision, Progress, Sim};
pub use trace::{RunResult, TraceEvent, TraceKind};

use callflow_model::{CallSetup, Environment, Flow, FlowFile, ScriptEvent};

/// Runs one call of `flow` to the end.
pub fn simulate(
    flow: &Flow,
    flows: &dyn callflow_check::FlowResolver,
    env: &Environment,
    setup: &CallSetup,
    script: &[ScriptEvent],
) -> Result<RunResult, EngineError> {
    let prog = Arc::new(Program::compile(flow, flows)?);
    Ok(Sim::new(prog, Arc::new(env.clone()), setup.clone(), script, Options::default())?.run())
}

/// A flow file with the flows it refers to, loaded from disk.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub file: FlowFile,
    /// Modules and queue flows by id.
    pub flows: BTreeMap<String, Flow>,
}

impl Loaded {
    /// Reads `path` and the flows named in its environment's `flows` (relative to it), and also
    /// any other `*.callflow.json` in the same folder whose flow is a module or queue flow.
    pub fn read(path: &Path) -> Result<Loaded, String> {
        let file = callflow_model::read_path(path).map_err(|e| e.to_string())?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut flows = BTreeMap::new();
        if let Some(env) = &file.environment {
            for (id, rel) in &env.flows {
                let p = dir.join(rel);
                let sub = callflow_model::read_path(&p).map_err(|e| format!("module `{id}`: {e}"))?;
                flows.insert(id.clone(), sub.flow);
            }
        }
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for p in paths {
                if p == path || !p.to_string_lossy().ends_with(callflow_model::file::FILE_EXTENSION) {
                    continue;
                }
                if let Ok(sub) = callflow_model::read_path(&p)
                    && sub.flow.flow_type.is_subflow()
                {
                    flows.entry(sub.flow.id.clone()).or_insert(sub.flow);
                }
            }
        }
        Ok(Loaded { path: path.to_path_buf(), file, flows })
    }

    /// Compiles the flow (running the designer checks first).
    pub fn program(&self) -> Result<Arc<Program>, EngineError> {
        Ok(Arc::new(Program::compile(&self.file.flow, &self.flows)?))
    }

    pub fn environment(&self) -> Environment {
        self.file.environment.clone().unwrap_or_default()
    }
}
