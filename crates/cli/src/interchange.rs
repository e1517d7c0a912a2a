//! `callflow import --from connect FILE -o OUT` and the Connect side of `callflow export --to
//! connect`: Amazon Connect flow language in and out, through `callflow-interchange`. Both print
//! every part that did not map (action or component, and why); the files are written atomically
//! and existing ones only with `--force`.

use std::path::{Path, PathBuf};

use callflow_export::Source;
use clap::{Args, Subcommand, ValueEnum};

use crate::exit;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import a flow from another platform's format (Amazon Connect flow language) as a
    /// `*.callflow.json` file, listing every part that does not map.
    Import(ImportArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Foreign {
    /// Amazon Connect flow language (`Version: "2019-10-30"`), bare or wrapped in `Content`.
    Connect,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format of FILE.
    #[arg(long, value_enum)]
    from: Foreign,
    /// The file to import.
    file: PathBuf,
    /// The flow file to write (a folder: `<id>.callflow.json` inside it).
    #[arg(short, long, value_name = "OUT")]
    out: PathBuf,
    /// The new flow's id (default: the file name without extension).
    #[arg(long)]
    id: Option<String>,
    /// Replace OUT if it exists.
    #[arg(long)]
    force: bool,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(Command::Import(args): Command) -> u8 {
    match import(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            exit::UNREADABLE
        }
    }
}

fn stem(path: &Path) -> String {
    let name =
        path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "imported".into());
    let stem = name.split('.').next().unwrap_or("imported");
    let id: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    if id.is_empty() { "imported".into() } else { id }
}

fn import(args: &ImportArgs) -> Result<u8, String> {
    let Foreign::Connect = args.from;
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let id = args.id.clone().unwrap_or_else(|| stem(&args.file));
    let imported = callflow_interchange::import_connect(&text, &id)
        .map_err(|e| format!("{}: {e}", args.file.display()))?;
    let out = if args.out.is_dir() { args.out.join(format!("{id}.callflow.json")) } else { args.out.clone() };
    callflow_export::write_file(&out, imported.file.to_json().as_bytes(), args.force)
        .map_err(|e| e.to_string())?;
    let report = &imported.report;
    if args.json {
        let value = serde_json::json!({ "file": out.display().to_string(), "report": report });
        println!("{}", serde_json::to_string_pretty(&value).expect("reports serialize"));
        return Ok(exit::OK);
    }
    println!(
        "wrote {} (flow `{id}`): {} of {} Amazon Connect actions imported as components",
        out.display(),
        report.components,
        report.actions
    );
    if report.unmapped.is_empty() {
        println!("every action mapped");
    } else {
        println!("not imported ({}):", report.unmapped.len());
        for u in &report.unmapped {
            let part = u.part.as_deref().map(|p| format!(" {p}")).unwrap_or_default();
            println!("  {} `{}`{part}: {}", u.action_type, u.action, u.reason);
        }
    }
    if !report.approximations.is_empty() {
        println!("approximated ({}):", report.approximations.len());
        for a in &report.approximations {
            println!("  `{}`: {}", a.component, a.note);
        }
    }
    Ok(exit::OK)
}

/// `callflow export --to connect`: each source as Amazon Connect JSON; `out` is the file when
/// there is one source and it ends in `.json`, else a folder of `<flow id>.connect.json`.
pub fn export_connect(sources: &[Source], out: &Path, force: bool) -> Result<u8, String> {
    let single_file = sources.len() == 1 && out.extension().is_some_and(|e| e == "json") && !out.is_dir();
    if !single_file {
        std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    }
    let mut planned = Vec::new();
    for source in sources {
        let path = if single_file {
            out.to_path_buf()
        } else {
            out.join(format!("{}.connect.json", callflow_export::file_stem_for(&source.document.flow.id)))
        };
        planned.push((path, source, callflow_interchange::export_connect(&source.document)));
    }
    if !force {
        let existing: Vec<String> =
            planned.iter().filter(|(p, ..)| p.exists()).map(|(p, ..)| p.display().to_string()).collect();
        if !existing.is_empty() {
            return Err(format!("refusing to overwrite {} (export again with --force)", existing.join(", ")));
        }
    }
    for (path, source, exported) in &planned {
        callflow_export::write_file(path, exported.json.as_bytes(), true).map_err(|e| e.to_string())?;
        println!(
            "wrote {} (flow `{}`): {} components as Amazon Connect actions",
            path.display(),
            source.document.flow.id,
            exported.report.components
        );
        for u in &exported.report.unmapped {
            let part = u.part.as_deref().map(|p| format!(" {p}")).unwrap_or_default();
            println!("  not exported: {} `{}`{part}: {}", u.kind, u.component, u.reason);
        }
    }
    Ok(exit::OK)
}
