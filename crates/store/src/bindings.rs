//! TypeScript bindings of the library's data for the UI, generated with ts-rs into
//! `ui/src/store-bindings/` (its own folder, as the engine's: `ui/src/bindings/` belongs to the
//! model's test, which owns every file there). The folder is self-contained: the model types the
//! library's data refers to (`FlowFile`, `Diagnostic`, ...) are generated into it too.
//!
//! Generated, never edited by hand: `UPDATE_BINDINGS=1 cargo test -p callflow-store --lib bindings`
//! rewrites the folder; without it the test fails when a file is stale, missing or left over.

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use ts_rs::TS;

    use crate::*;

    const BINDINGS_DIR: &str = "ui/src/store-bindings";

    /// Exports every root type of this crate (ts-rs follows their dependencies) into `dir`.
    fn export_all(dir: &Path) {
        let cfg = ts_rs::Config::new().with_out_dir(dir);
        FlowSummary::export_all(&cfg).unwrap();
        VersionInfo::export_all(&cfg).unwrap();
        Draft::export_all(&cfg).unwrap();
        DraftSaved::export_all(&cfg).unwrap();
        SavedVersion::export_all(&cfg).unwrap();
        Restored::export_all(&cfg).unwrap();
        Published::export_all(&cfg).unwrap();
        FlowQuery::export_all(&cfg).unwrap();
        ImportReport::export_all(&cfg).unwrap();
        ExportedFlow::export_all(&cfg).unwrap();
        RunInfo::export_all(&cfg).unwrap();
        DatabaseCheck::export_all(&cfg).unwrap();
        FlowDiff::export_all(&cfg).unwrap();
        ErrorReport::export_all(&cfg).unwrap();
    }

    fn files(dir: &Path) -> Vec<(PathBuf, String)> {
        callflow_model::bindings::typescript_files(dir)
    }

    #[test]
    fn typescript_bindings_are_up_to_date() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let shipped_dir = root.join(BINDINGS_DIR);
        let fresh_dir = std::env::temp_dir().join(format!("callflow-store-bindings-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&fresh_dir);
        export_all(&fresh_dir);
        let fresh = files(&fresh_dir);
        let _ = std::fs::remove_dir_all(&fresh_dir);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            for (name, _) in files(&shipped_dir) {
                std::fs::remove_file(shipped_dir.join(name)).unwrap();
            }
            for (name, text) in &fresh {
                let path = shipped_dir.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
        }
        let shipped = files(&shipped_dir);
        let names = |v: &[(PathBuf, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        let hint = "run `UPDATE_BINDINGS=1 cargo test -p callflow-store --lib bindings`";
        assert_eq!(names(&shipped), names(&fresh), "{BINDINGS_DIR} is stale: {hint}");
        for ((name, a), (_, b)) in shipped.iter().zip(&fresh) {
            assert!(a == b, "{BINDINGS_DIR}/{} is stale: {hint}", name.display());
        }
    }
}
