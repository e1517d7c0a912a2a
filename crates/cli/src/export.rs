//! `callflow export`: flows to a folder, one canonical `*.callflow.json` per flow, named after
//! the flow id; from flow files and folders, or from a library (`--db PATH`, or `--library` for
//! the app's; drafts by default, `--version N` or `--published`). Layout, saved test calls and
//! environment can be left out. Existing files are replaced only with `--force`; each file is
//! written to a temporary file and renamed. `--verify` then checks the written files as
//! `callflow verify` does. `--to connect` writes Amazon Connect flow language instead
//! ([`crate::interchange`]).
//!
//! The logic is in `callflow-export`, shared with the app.

use std::path::PathBuf;

use callflow_export::{ExportError, ExportOptions, Pick, Source};
use callflow_store::{Library, OpenOptions};
use clap::{Args, Subcommand};

use crate::exit;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Export flows to a folder, one `<flow id>.callflow.json` per flow (deterministic names).
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Flow files and folders of them; with `--db`/`--library`, flow ids (none: every flow).
    #[arg(value_name = "FILE|DIR|FLOW")]
    sources: Vec<String>,
    /// Export from this library file (the drafts of the flows).
    #[arg(long, value_name = "PATH", conflicts_with = "library")]
    db: Option<PathBuf>,
    /// Export from the app's library.
    #[arg(long)]
    library: bool,
    /// With a library: export this saved version (of one flow) instead of the draft.
    #[arg(long, value_name = "N", conflicts_with = "published")]
    version: Option<u32>,
    /// With a library: export each flow's published version instead of its draft.
    #[arg(long)]
    published: bool,
    /// The folder to write to (created if missing).
    #[arg(short, long, value_name = "DIR")]
    out: PathBuf,
    /// Leave out the layout (box positions).
    #[arg(long)]
    no_layout: bool,
    /// Leave out the saved test calls.
    #[arg(long)]
    no_tests: bool,
    /// Leave out the simulation environment.
    #[arg(long)]
    no_environment: bool,
    /// Replace files that already exist.
    #[arg(long)]
    force: bool,
    /// Then verify the written files as `callflow verify` does (exit 1 if one fails).
    #[arg(long, conflicts_with = "to")]
    verify: bool,
    /// Write another platform's format instead: `connect` (Amazon Connect flow language; OUT is
    /// the file for one flow named `*.json`, else a folder of `<id>.connect.json`).
    #[arg(long, value_enum, value_name = "FORMAT")]
    to: Option<crate::interchange::Foreign>,
}

pub fn run(Command::Export(args): Command) -> u8 {
    match execute(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            exit::UNREADABLE
        }
    }
}

fn execute(args: &ExportArgs) -> Result<u8, String> {
    let sources = sources(args)?;
    if let Some(crate::interchange::Foreign::Connect) = args.to {
        // Connect flows hold positions (ActionMetadata) but no test calls or environment.
        let mut sources = sources;
        if args.no_layout {
            sources.iter_mut().for_each(|s| s.document.layout = callflow_model::Layout::default());
        }
        return crate::interchange::export_connect(&sources, &args.out, args.force);
    }
    let options =
        ExportOptions { layout: !args.no_layout, tests: !args.no_tests, environment: !args.no_environment };
    let (written, reports) = if args.verify {
        callflow_export::export_verified(&sources, &args.out, options, args.force)
    } else {
        callflow_export::export(&sources, &args.out, options, args.force).map(|w| (w, Vec::new()))
    }
    .map_err(|e: ExportError| e.to_string())?;
    for w in &written {
        println!(
            "{} {} (flow `{}`)",
            if w.replaced { "replaced" } else { "wrote" },
            w.path.display(),
            w.flow_id
        );
    }
    println!(
        "{} flow{} exported to {}",
        written.len(),
        if written.len() == 1 { "" } else { "s" },
        args.out.display()
    );
    if !args.verify {
        return Ok(exit::OK);
    }
    let failed: Vec<&callflow_export::FileReport> = reports.iter().filter(|r| !r.ok()).collect();
    let replayed: usize = reports.iter().map(|r| r.tests.len()).sum();
    if failed.is_empty() {
        println!(
            "verified: every file re-reads as written and its {replayed} saved test calls replay as recorded"
        );
        return Ok(exit::OK);
    }
    for r in failed {
        let why = match (&r.problem, r.canonical) {
            (Some(p), _) => p.clone(),
            (None, false) => "not in canonical form".into(),
            (None, true) => {
                let names: Vec<&str> = r.tests.iter().filter(|t| !t.ok()).map(|t| t.name.as_str()).collect();
                format!("saved test calls that do not replay as recorded: {}", names.join(", "))
            }
        };
        println!("NOT verified: {}: {why} (`callflow verify {}` for details)", r.path, r.path);
    }
    Ok(exit::PROBLEMS)
}

fn sources(args: &ExportArgs) -> Result<Vec<Source>, String> {
    let library = match (&args.db, args.library) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => Some(
            callflow_store::default_library_path()
                .ok_or("this system reports no data directory for the app's library; pass --db PATH")?,
        ),
        (None, false) => None,
    };
    match library {
        Some(path) => {
            if !path.exists() {
                return Err(format!("there is no library at {}", path.display()));
            }
            // Read-only: exporting never writes to the library.
            let lib = Library::open_with(&path, &OpenOptions { read_only: true, ..OpenOptions::default() })
                .map_err(|e| e.to_string())?;
            let pick = match (args.version, args.published) {
                (Some(n), _) => Pick::Version(n),
                (None, true) => Pick::Published,
                (None, false) => Pick::Draft,
            };
            callflow_export::from_library_pick(&lib, &args.sources, pick).map_err(|e| e.to_string())
        }
        None => {
            if args.version.is_some() || args.published {
                return Err(
                    "--version and --published pick a document of a library flow: add --db PATH or --library"
                        .into(),
                );
            }
            if args.sources.is_empty() {
                return Err("name the flow files or folders to export (or --db PATH / --library)".into());
            }
            let paths: Vec<PathBuf> = args.sources.iter().map(PathBuf::from).collect();
            callflow_export::read_paths(&paths).map_err(|e| e.to_string())
        }
    }
}
