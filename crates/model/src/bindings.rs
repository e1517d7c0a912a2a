//! TypeScript bindings for the UI, generated with ts-rs into `ui/src/bindings/`.
//!
//! The files are generated, never edited by hand. `make bindings` (which runs this module's test
//! with `UPDATE_BINDINGS=1`) rewrites them; without it the test fails when they are stale, so CI
//! catches a type change whose bindings were not regenerated.

use std::path::{Path, PathBuf};

/// Every `.ts` file below `dir` as (path relative to `dir`, text), sorted: what the bindings
/// freshness tests of every crate compare.
pub fn typescript_files(dir: &Path) -> Vec<(PathBuf, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "ts")
                && let (Ok(text), Ok(relative)) = (std::fs::read_to_string(&path), path.strip_prefix(root))
            {
                out.push((relative.to_path_buf(), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use ts_rs::TS;

    use crate::*;

    const BINDINGS_DIR: &str = "ui/src/bindings";

    /// Exports every root type (ts-rs follows their dependencies) into `dir`.
    fn export_all(dir: &Path) {
        let cfg = ts_rs::Config::new().with_out_dir(dir);
        FlowFile::export_all(&cfg).unwrap();
        CatalogEntry::export_all(&cfg).unwrap();
        ReadError::export_all(&cfg).unwrap();
        ComponentConfig::export_all(&cfg).unwrap();
        Environment::export_all(&cfg).unwrap();
        TestCall::export_all(&cfg).unwrap();
    }

    fn files(dir: &Path) -> Vec<(PathBuf, String)> {
        super::typescript_files(dir)
    }

    #[test]
    fn typescript_bindings_are_up_to_date() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let shipped_dir = root.join(BINDINGS_DIR);
        let fresh_dir = std::env::temp_dir().join(format!("callflow-bindings-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&fresh_dir);
        export_all(&fresh_dir);
        let fresh = files(&fresh_dir);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            for (name, _) in files(&shipped_dir) {
                std::fs::remove_file(shipped_dir.join(name)).unwrap();
            }
            std::fs::create_dir_all(&shipped_dir).unwrap();
            for (name, text) in &fresh {
                let path = shipped_dir.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
        }
        let _ = std::fs::remove_dir_all(&fresh_dir);
        let shipped = files(&shipped_dir);
        let names = |v: &[(PathBuf, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&shipped), names(&fresh), "{BINDINGS_DIR} is stale: run `make bindings`");
        for ((name, a), (_, b)) in shipped.iter().zip(&fresh) {
            assert!(a == b, "{BINDINGS_DIR}/{} is stale: run `make bindings`", name.display());
        }
    }
}
