//! TypeScript bindings of the engine's IPC types, generated with ts-rs into `ui/src/bindings/`
//! (same scheme as `callflow_model::bindings`): `UPDATE_BINDINGS=1 cargo test -p
//! callflow-engine --lib bindings` rewrites them; without it the test fails when they are stale.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use ts_rs::TS;

    const BINDINGS_DIR: &str = "ui/src/engine-bindings";

    fn export_all(dir: &Path) {
        let cfg = ts_rs::Config::new().with_out_dir(dir);
        crate::trace::RunResult::export_all(&cfg).unwrap();
        crate::sim::PendingDecision::export_all(&cfg).unwrap();
        crate::sim::Options::export_all(&cfg).unwrap();
        crate::debug::DebugView::export_all(&cfg).unwrap();
        crate::debug::Breakpoint::export_all(&cfg).unwrap();
        crate::debug::StopReason::export_all(&cfg).unwrap();
        crate::testing::TestOutcome::export_all(&cfg).unwrap();
        crate::testing::Coverage::export_all(&cfg).unwrap();
    }

    fn files(dir: &Path) -> Vec<(PathBuf, String)> {
        let mut out = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "ts") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    out.push((path.strip_prefix(dir).unwrap().to_path_buf(), text));
                }
            }
        }
        out.sort();
        out
    }

    /// Only the files the engine exports are compared (the model exports the rest).
    #[test]
    fn typescript_bindings_are_up_to_date() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let shipped_dir = root.join(BINDINGS_DIR);
        let fresh_dir = std::env::temp_dir().join(format!("callflow-engine-bindings-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&fresh_dir);
        export_all(&fresh_dir);
        let fresh = files(&fresh_dir);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(&shipped_dir).unwrap();
            for (name, text) in &fresh {
                std::fs::write(shipped_dir.join(name), text).unwrap();
            }
        }
        let _ = std::fs::remove_dir_all(&fresh_dir);
        for (name, text) in &fresh {
            let shipped = std::fs::read_to_string(shipped_dir.join(name)).unwrap_or_default();
            assert!(shipped == *text, "{BINDINGS_DIR}/{} is stale: run `make bindings`", name.display());
        }
    }
}
