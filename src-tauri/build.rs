use std::fmt::Write as _;
use std::path::Path;

include!("src/command_names.rs");

fn main() {
    // `frontendDist` must exist at compile time, even for `cargo check` / `cargo test`.
    let dist = Path::new("../ui/dist");
    if !dist.exists() {
        std::fs::create_dir_all(dist).expect("create ui/dist");
    }
    if !dist.join("index.html").exists() {
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>Callflow Studio</title><p>The UI is not built: run <code>make ui</code>.</p>\n",
        )
        .expect("write placeholder ui/dist/index.html");
    }
    embed_samples();
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build");
}

/// Embeds every `flows/*.callflow.json` so a fresh library can be seeded with the samples.
fn embed_samples() {
    let flows = Path::new("../flows");
    println!("cargo:rerun-if-changed=../flows");
    let mut files: Vec<_> = std::fs::read_dir(flows)
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".callflow.json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("pub const SAMPLES: &[(&str, &str)] = &[\n");
    for path in files {
        let abs = path.canonicalize().expect("canonical sample path");
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        println!("cargo:rerun-if-changed={}", abs.display());
        writeln!(out, "    ({name:?}, include_str!({:?})),", abs.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out_dir).join("samples.rs"), out).unwrap();
}
