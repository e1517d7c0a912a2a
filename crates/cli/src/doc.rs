//! Subcommands that work on flow files: `validate`, `fmt`, `schema`, `catalog`, `graph`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use callflow_check::{Diagnostic, Severity};
use callflow_model::{DefaultErrorBehavior, ErrorHandling, Flow, FlowFile, ReadError};
use clap::{Subcommand, ValueEnum};
use serde::Serialize;

use crate::exit;
use crate::locate::SourceMap;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check flow files and report problems like a compiler (exit 0 clean, 1 errors, 2 unreadable).
    Validate {
        /// Flow files (`*.callflow.json`). Modules they call are looked up among these files and
        /// the other flow files in the same folders.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Also fail (exit 1) on warnings.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Rewrite flow files in the canonical format (sorted keys, 2-space indent).
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 if any file is not canonical.
        #[arg(long)]
        check: bool,
    },
    /// Print the JSON Schema of `*.callflow.json`.
    Schema,
    /// List every component kind with its exits, keys and error handling.
    Catalog {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Draw a flow as a Graphviz DOT or Mermaid diagram, or as an SVG picture of the canvas.
    Graph {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    /// The whole canvas at its saved positions, as the app's Export as SVG draws it.
    Svg,
}

pub fn run(command: Command) -> u8 {
    match command {
        Command::Validate { files, format, deny_warnings } => validate(&files, format, deny_warnings),
        Command::Fmt { files, check } => fmt(&files, check),
        Command::Schema => {
            print!("{}", callflow_model::schema::flow_file_schema());
            exit::OK
        }
        Command::Catalog { format } => {
            print_catalog(format);
            exit::OK
        }
        Command::Graph { file, format } => graph(&file, format),
    }
}

// ---------------------------------------------------------------------------------------------
// validate
// ---------------------------------------------------------------------------------------------

/// One file's outcome, as `--format json` prints it.
#[derive(Serialize)]
struct FileReport {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ReadError>,
    diagnostics: Vec<LocatedDiagnostic>,
}

#[derive(Serialize)]
struct LocatedDiagnostic {
    #[serde(flatten)]
    diagnostic: Diagnostic,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

#[derive(Serialize, Default)]
struct Summary {
    files: usize,
    unreadable: usize,
    errors: usize,
    warnings: usize,
}

fn validate(files: &[PathBuf], format: Format, deny_warnings: bool) -> u8 {
    let library = crate::files::Library::around(files);
    let mut reports = Vec::new();
    let mut summary = Summary { files: files.len(), ..Summary::default() };
    for path in files {
        let name = path.display().to_string();
        let (text, file) = match crate::files::read(path) {
            Ok(read) => read,
            Err(error) => {
                summary.unreadable += 1;
                reports.push(FileReport { file: name, error: Some(error), diagnostics: Vec::new() });
                continue;
            }
        };
        let source = SourceMap::new(&text);
        let mut diagnostics = callflow_check::check_source(&text, &file.flow, &library);
        if let Some(environment) = &file.environment {
            diagnostics.extend(callflow_check::check_environment(environment));
        }
        let diagnostics = diagnostics
            .into_iter()
            .map(|diagnostic| {
                let path = diagnostic_path(&diagnostic);
                let (line, column) = path.and_then(|p| source.position(&p)).unzip();
                LocatedDiagnostic { diagnostic, line, column }
            })
            .collect::<Vec<_>>();
        for d in &diagnostics {
            match d.diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => {}
            }
        }
        reports.push(FileReport { file: name, error: None, diagnostics });
    }

    match format {
        Format::Json => {
            let out = serde_json::json!({ "files": reports, "summary": summary });
            println!("{}", serde_json::to_string_pretty(&out).expect("reports serialize"));
        }
        Format::Human => print_human(&reports, &summary),
    }

    if summary.unreadable > 0 {
        exit::UNREADABLE
    } else if summary.errors > 0 || (deny_warnings && summary.warnings > 0) {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}

/// Where in the file a diagnostic points: its own path, else its exit, else its component.
fn diagnostic_path(d: &Diagnostic) -> Option<String> {
    if let Some(path) = &d.path {
        return Some(path.clone());
    }
    let component = d.component.as_ref()?;
    Some(match &d.exit {
        Some(exit) => format!("flow.components.{component}.exits.{exit}"),
        None => format!("flow.components.{component}"),
    })
}

fn print_human(reports: &[FileReport], summary: &Summary) {
    let mut out = String::new();
    for report in reports {
        if let Some(error) = &report.error {
            let _ = writeln!(out, "error: cannot read {error}\n");
            continue;
        }
        for located in &report.diagnostics {
            let d = &located.diagnostic;
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let _ = writeln!(out, "{severity}[{}]: {}", d.code, d.message);
            let position = match (located.line, located.column) {
                (Some(line), Some(column)) => format!("{}:{line}:{column}", report.file),
                _ => report.file.clone(),
            };
            let mut at = vec![];
            if let Some(component) = &d.component {
                at.push(format!("component `{component}`"));
            }
            if let Some(exit) = &d.exit {
                at.push(format!("exit `{exit}`"));
            }
            let at = if at.is_empty() { String::new() } else { format!(" ({})", at.join(", ")) };
            let _ = writeln!(out, "  --> {position}{at}");
            if !d.hint.is_empty() {
                let _ = writeln!(out, "   = hint: {}", d.hint);
            }
            out.push('\n');
        }
    }
    let clean = summary.files - summary.unreadable;
    let _ = writeln!(
        out,
        "{} file{} checked: {} error{}, {} warning{}{}",
        summary.files,
        plural(summary.files),
        summary.errors,
        plural(summary.errors),
        summary.warnings,
        plural(summary.warnings),
        if summary.unreadable > 0 {
            format!(", {} unreadable ({clean} read)", summary.unreadable)
        } else {
            String::new()
        }
    );
    print!("{out}");
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

// ---------------------------------------------------------------------------------------------
// fmt
// ---------------------------------------------------------------------------------------------

fn fmt(files: &[PathBuf], check: bool) -> u8 {
    let mut code = exit::OK;
    for path in files {
        let (text, file) = match crate::files::read(path) {
            Ok(read) => read,
            Err(error) => {
                eprintln!("error: cannot read {error}");
                code = exit::UNREADABLE;
                continue;
            }
        };
        let canonical = file.to_json();
        if canonical == text {
            continue;
        }
        if check {
            println!("{}: not in canonical format (run `callflow fmt {}`)", path.display(), path.display());
            if code == exit::OK {
                code = exit::PROBLEMS;
            }
        } else if let Err(err) = crate::files::write_atomically(path, canonical.as_bytes()) {
            eprintln!("error: cannot write {}: {err}", path.display());
            code = exit::UNREADABLE;
        } else {
            println!("formatted {}", path.display());
        }
    }
    code
}

// ---------------------------------------------------------------------------------------------
// catalog
// ---------------------------------------------------------------------------------------------

fn print_catalog(format: Format) {
    let entries = callflow_model::catalog();
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&entries).expect("the catalog serializes"));
        return;
    }
    let mut out = String::new();
    let mut group = None;
    for entry in &entries {
        if group != Some(entry.group) {
            group = Some(entry.group);
            let _ = writeln!(out, "\n== {} ==", serde_json::to_value(entry.group).unwrap().as_str().unwrap());
        }
        let mut exits: Vec<String> = Vec::new();
        match entry.dynamic_exits {
            callflow_model::DynamicExits::None => {}
            callflow_model::DynamicExits::MenuOptions => exits.push("key_<k>* per option".into()),
            callflow_model::DynamicExits::Branches => exits.push("<branch>* per branch".into()),
            callflow_model::DynamicExits::ModuleExits => exits.push("<module exit>* per module exit".into()),
        }
        for exit in &entry.exits {
            let mark = if !exit.connectable {
                " (system)".to_string()
            } else if exit.required {
                "*".to_string()
            } else if let Some(fallback) = &exit.fallback {
                format!(" (falls back to {fallback})")
            } else {
                String::new()
            };
            exits.push(format!("{}{mark}", exit.name));
        }
        let error = match entry.error_handling {
            DefaultErrorBehavior::Unsupported => "no error handling".to_string(),
            DefaultErrorBehavior::EndFlow => "error: end flow".to_string(),
            DefaultErrorBehavior::FollowExit { exit } => format!("error: follow {exit}"),
            DefaultErrorBehavior::PlayErrorMessageThenHangUp => {
                "error: play error message, hang up".to_string()
            }
        };
        let mut traits = vec![error];
        if entry.voice {
            traits.insert(0, "voice".into());
        }
        if entry.alternative_keys {
            traits.insert(0, "keys 0-9 * #".into());
        }
        let _ = writeln!(out, "{:<32} {}", entry.kind.id(), entry.label);
        let _ = writeln!(
            out,
            "{:<32} exits: {}",
            "",
            if exits.is_empty() { "none".into() } else { exits.join(", ") }
        );
        let _ = writeln!(out, "{:<32} {}", "", traits.join("; "));
    }
    let _ = writeln!(out, "\n* mandatory exit");
    print!("{out}");
}

// ---------------------------------------------------------------------------------------------
// graph
// ---------------------------------------------------------------------------------------------

/// An edge of the diagram: from, to, label, and whether it is an error route.
struct Edge<'f> {
    from: &'f str,
    to: &'f str,
    label: String,
    error: bool,
}

fn edges(flow: &Flow) -> Vec<Edge<'_>> {
    let mut edges = Vec::new();
    for (id, component) in &flow.components {
        for (exit, target) in &component.exits {
            if let Some(target) = target {
                edges.push(Edge { from: id, to: target, label: exit.clone(), error: false });
            }
        }
        for (key, target) in &component.alternative_keys {
            edges.push(Edge { from: id, to: target, label: format!("key {key}"), error: false });
        }
        if let ErrorHandling::Custom { target } = &component.error_handling {
            edges.push(Edge { from: id, to: target, label: "error".into(), error: true });
        }
    }
    edges
}

fn graph(path: &Path, format: GraphFormat) -> u8 {
    let file: FlowFile = match crate::files::read(path) {
        Ok((_, file)) => file,
        Err(error) => {
            eprintln!("error: cannot read {error}");
            return exit::UNREADABLE;
        }
    };
    let text = match format {
        GraphFormat::Dot => dot(&file.flow),
        GraphFormat::Mermaid => mermaid(&file.flow),
        GraphFormat::Svg => callflow_export::flow_svg(&file),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    exit::OK
}

fn dot(flow: &Flow) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out =
        format!("digraph {} {{\n  rankdir=LR;\n  node [shape=box, style=rounded];\n", quote(&flow.name));
    for (id, component) in &flow.components {
        let shape = if id == &flow.entry { ", shape=oval" } else { "" };
        let label = format!("{}\n({})", component.name, component.kind.spec().label);
        let _ = writeln!(out, "  {} [label={}{shape}];", quote(id), quote(&label));
    }
    for edge in edges(flow) {
        let style = if edge.error { ", style=dashed, color=red" } else { "" };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            quote(edge.from),
            quote(edge.to),
            quote(&edge.label)
        );
    }
    out.push_str("}\n");
    out
}

fn mermaid(flow: &Flow) -> String {
    // Mermaid ids must be simple; map component ids to n0, n1, ... in id order.
    let index: BTreeMap<&str, usize> =
        flow.components.keys().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let text = |s: &str| s.replace('"', "#quot;");
    let mut out = String::from("flowchart LR\n");
    for (id, component) in &flow.components {
        let label = format!("{}<br/><small>{}</small>", text(&component.name), component.kind.spec().label);
        let (open, close) = if id == &flow.entry { ("([", "])") } else { ("[", "]") };
        let _ = writeln!(out, "  n{}{open}\"{label}\"{close}", index[id.as_str()]);
    }
    for edge in edges(flow) {
        let (Some(from), Some(to)) = (index.get(edge.from), index.get(edge.to)) else { continue };
        let arrow = if edge.error { "-.->" } else { "-->" };
        let _ = writeln!(out, "  n{from} {arrow}|\"{}\"| n{to}", text(&edge.label));
    }
    out
}
