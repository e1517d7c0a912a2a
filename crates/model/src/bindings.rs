//! TypeScript bindings for the UI, generated with ts-rs, and the one mechanism every crate uses
//! to keep its generated folder fresh.
//!
//! Each crate that hands types to the UI owns one folder under `ui/src/` (the model:
//! `ui/src/bindings/`; the store, the engine and the app shell their own). The files are
//! generated, never edited by hand. A crate's freshness test calls [`BindingsFolder::sync`]: it
//! exports the crate's root types into a scratch folder and compares with the shipped folder, so
//! CI fails on a type change whose bindings were not regenerated; with `UPDATE_BINDINGS=1` it
//! rewrites the folder instead (`make bindings` runs every crate's test that way).
//!
//! ts-rs writes every dependency of a root type too, so a store type that mentions `FlowFile`
//! would bring a second copy of the whole model. A folder therefore *links* the folders of the
//! crates it builds on: a generated file that already exists, identical, in a linked folder is
//! left out and imported from there. Each type thus exists once in the UI. The same name with a
//! different definition in two crates is an error, because the UI could not tell them apart.

use std::path::{Component, Path, PathBuf};

/// Every `.ts` file below `dir` as (path relative to `dir`, text), sorted.
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

/// One crate's folder of generated TypeScript, relative to the repository root.
#[derive(Debug, Clone, Copy)]
pub struct BindingsFolder<'a> {
    /// Where this crate's types go, e.g. `ui/src/store-bindings`.
    pub dir: &'a str,
    /// Folders of the crates this one builds on, searched in order for types already generated.
    pub links: &'a [&'a str],
    /// The command that regenerates the folder, named in the error when it is stale.
    pub regenerate: &'a str,
}

impl BindingsFolder<'_> {
    /// Exports with `export` (which calls `T::export_all` for each root type), drops what the
    /// linked folders already hold, and then either rewrites the shipped folder (with
    /// `UPDATE_BINDINGS` set) or compares it with the fresh files. The error says which file is
    /// stale and how to regenerate it.
    pub fn sync(
        &self,
        export: impl FnOnce(&ts_rs::Config) -> Result<(), ts_rs::ExportError>,
    ) -> Result<(), String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let shipped_dir = root.join(self.dir);
        let scratch = std::env::temp_dir().join(format!(
            "callflow-bindings-{}-{}",
            self.dir.replace('/', "-"),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&scratch);
        let exported = export(&ts_rs::Config::new().with_out_dir(&scratch));
        let generated = typescript_files(&scratch);
        let _ = std::fs::remove_dir_all(&scratch);
        exported.map_err(|e| format!("exporting the TypeScript bindings of {} failed: {e}", self.dir))?;
        let fresh = self.without_linked(&root, generated)?;

        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            let _ = std::fs::remove_dir_all(&shipped_dir);
            for (name, text) in &fresh {
                let path = shipped_dir.join(name);
                std::fs::create_dir_all(path.parent().unwrap_or(&shipped_dir))
                    .and_then(|()| std::fs::write(&path, text))
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
        }
        let shipped = typescript_files(&shipped_dir);
        let stale = |what: String| format!("{}: {what} is stale; run `{}`", self.dir, self.regenerate);
        let names = |files: &[(PathBuf, String)]| files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        if names(&shipped) != names(&fresh) {
            return Err(stale(format!(
                "the list of files ({:?} shipped, {:?} generated)",
                names(&shipped),
                names(&fresh)
            )));
        }
        match shipped.iter().zip(&fresh).find(|((_, a), (_, b))| a != b) {
            Some(((name, _), _)) => Err(stale(name.display().to_string())),
            None => Ok(()),
        }
    }

    /// Leaves out the files a linked folder already holds and points the imports of the rest at
    /// them.
    fn without_linked(
        &self,
        root: &Path,
        generated: Vec<(PathBuf, String)>,
    ) -> Result<Vec<(PathBuf, String)>, String> {
        let mut linked = std::collections::BTreeMap::new(); // module path without `.ts` -> folder
        for (name, text) in &generated {
            for link in self.links {
                match std::fs::read_to_string(root.join(link).join(name)) {
                    Ok(theirs) if same_definition(&theirs, text) => {
                        linked.insert(name.with_extension(""), *link);
                        break;
                    }
                    Ok(_) => {
                        return Err(format!(
                            "{} and {link} both define `{}` differently; rename one (`#[ts(rename = ...)]`) \
                             or regenerate {link} first",
                            self.dir,
                            name.display()
                        ));
                    }
                    Err(_) => {}
                }
            }
        }
        Ok(generated
            .into_iter()
            .filter(|(name, _)| !linked.contains_key(&name.with_extension("")))
            .map(|(name, text)| {
                let text =
                    text.lines().map(|line| self.relink_import(line, &name, &linked)).collect::<Vec<_>>();
                (name, format!("{}\n", text.join("\n")))
            })
            .collect())
    }

    /// Rewrites `import type { T } from "./T";` in the file `name` to point at the linked
    /// folder's copy when `T` lives there; other lines are returned unchanged.
    fn relink_import(
        &self,
        line: &str,
        name: &Path,
        linked: &std::collections::BTreeMap<PathBuf, &str>,
    ) -> String {
        let parts = line
            .strip_prefix("import")
            .and_then(|l| l.split_once(" from \""))
            .and_then(|(imported, rest)| rest.strip_suffix("\";").map(|module| (imported, module)));
        let Some((imported, module)) = parts else { return line.to_string() };
        let file_dir = name.parent().unwrap_or(Path::new(""));
        let target = normalize(&file_dir.join(module));
        match linked.get(&target) {
            Some(link) => {
                let from = Path::new(self.dir).join(file_dir);
                let to = Path::new(link).join(&target);
                format!("import{imported} from \"{}\";", relative_path(&from, &to))
            }
            None => line.to_string(),
        }
    }
}

/// Whether two generated files define the same type: equal but for where their imports come
/// from (a linked folder's copy has its own imports pointed at its own links).
fn same_definition(a: &str, b: &str) -> bool {
    let imports_by_name = |text: &str| -> Vec<String> {
        let without_path = |line: &str| match line.split_once(" from \"") {
            Some((imported, _)) if line.starts_with("import") => imported.to_string(),
            _ => line.to_string(),
        };
        text.lines().map(without_path).collect()
    };
    imports_by_name(a) == imports_by_name(b)
}

/// `a/./b/../c` -> `a/c`, lexically (the paths here are generated, never symlinks).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The import specifier that leads from the folder `from` to the module `to` (both relative to
/// the repository root), in the `./x` / `../x` form TypeScript expects.
fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = normalize(from).components().map(|c| c.as_os_str().to_owned()).collect();
    let to: Vec<_> = normalize(to).components().map(|c| c.as_os_str().to_owned()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = from.len() - common;
    let down = to[common..].iter().map(|c| c.to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
    if ups == 0 { format!("./{down}") } else { format!("{}{down}", "../".repeat(ups)) }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use ts_rs::TS;

    use super::{BindingsFolder, normalize, relative_path};
    use crate::*;

    #[test]
    fn typescript_bindings_are_up_to_date() {
        let folder = BindingsFolder { dir: "ui/src/bindings", links: &[], regenerate: "make bindings" };
        let result = folder.sync(|cfg| {
            FlowFile::export_all(cfg)?;
            CatalogEntry::export_all(cfg)?;
            ReadError::export_all(cfg)?;
            ComponentConfig::export_all(cfg)?;
            Environment::export_all(cfg)?;
            TestCall::export_all(cfg)
        });
        if let Err(message) = result {
            panic!("{message}");
        }
    }

    #[test]
    fn import_paths_lead_from_one_folder_to_another() {
        let rel = |from: &str, to: &str| relative_path(Path::new(from), Path::new(to));
        assert_eq!(rel("ui/src/store-bindings", "ui/src/bindings/Flow"), "../bindings/Flow");
        assert_eq!(
            rel("ui/src/gen", "ui/src/bindings/serde_json/JsonValue"),
            "../bindings/serde_json/JsonValue"
        );
        assert_eq!(rel("ui/src/gen/sub", "ui/src/store-bindings/Draft"), "../../store-bindings/Draft");
        assert_eq!(rel("ui/src/bindings", "ui/src/bindings/Flow"), "./Flow");
        assert_eq!(normalize(Path::new("a/./b/../c")), Path::new("a/c"));
    }

    #[test]
    fn an_import_of_a_linked_type_is_pointed_at_its_folder() {
        let folder =
            BindingsFolder { dir: "ui/src/engine-bindings", links: &["ui/src/bindings"], regenerate: "" };
        let linked = [(Path::new("ComponentKind").to_path_buf(), "ui/src/bindings")].into_iter().collect();
        let line = "import type { ComponentKind } from \"./ComponentKind\";";
        assert_eq!(
            folder.relink_import(line, Path::new("TraceEvent.ts"), &linked),
            "import type { ComponentKind } from \"../bindings/ComponentKind\";"
        );
        let own = "import type { Stats } from \"./Stats\";";
        assert_eq!(folder.relink_import(own, Path::new("TraceEvent.ts"), &linked), own);
    }
}
