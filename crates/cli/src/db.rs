//! Flow-library subcommands: `callflow db [--db PATH] [--json] <command>`.
//!
//! They work on the app's library (`<OS data dir>/studio.callflow.app/library.sqlite3`, see
//! [`callflow_store::default_library_path`]) unless `--db` names another file. Only `import`
//! creates a library that does not exist yet; the other commands refuse a missing one.
//!
//! Exit codes: 0 done; 1 done but with problems (publish refused, `check` found damage, an
//! import kept invalid drafts); 2 the command could not run (unreadable file, busy, ...).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use callflow_check::{Diagnostic, Severity};
use callflow_model::ComponentKind;
use callflow_store::{
    Change, DocRef, ExitEnd, FieldChange, FlowDiff, FlowQuery, ImportAction, Library, StoreError,
};
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::exit;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Work on the flow library (drafts, versions, publish, import and export).
    Db(DbArgs),
}

#[derive(Debug, Args)]
pub struct DbArgs {
    /// The library file (default: the app's library in the OS data directory).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Print results as JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: DbCommand,
}

#[derive(Debug, Subcommand)]
enum DbCommand {
    /// Print the path of the library file.
    Path,
    /// List the flows, or search them.
    List {
        /// Part of a name or id, or of a phone number or queue a flow uses.
        text: Option<String>,
        /// Only flows using this kind of component (e.g. `assignment_dial`).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// Only flows using this phone number (digits compared).
        #[arg(long, value_name = "NUMBER")]
        phone: Option<String>,
        /// Only flows routing to this queue, ring group or agent group.
        #[arg(long, value_name = "QUEUE")]
        queue: Option<String>,
        /// List the trash instead.
        #[arg(long)]
        trash: bool,
    },
    /// Import `*.callflow.json` files, or every such file in folders (all or nothing).
    Import {
        #[arg(required = true, value_name = "FILE|DIR")]
        paths: Vec<PathBuf>,
    },
    /// Export a flow's draft (or a version) to a file, or every flow with `--all DIR`.
    Export {
        /// The flow id.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        flow: Option<String>,
        /// Export every live flow's draft into this folder as `<id>.callflow.json`.
        #[arg(long, value_name = "DIR")]
        all: Option<PathBuf>,
        /// Export this version instead of the draft.
        #[arg(long, value_name = "N", conflicts_with = "all")]
        version: Option<u32>,
        /// The file to write (default `<id>.callflow.json` here; `-` for standard output).
        #[arg(short, long, value_name = "FILE", conflicts_with = "all")]
        output: Option<PathBuf>,
    },
    /// List the saved versions of a flow, newest first.
    Versions { flow: String },
    /// Show what changed between two versions (numbers, or `draft`).
    Diff { flow: String, from: DocRef, to: DocRef },
    /// Publish a flow's newest version (or `--version N`); refused if it has validation errors.
    Publish {
        flow: String,
        #[arg(long, value_name = "N")]
        version: Option<u32>,
    },
    /// Check the library: integrity, quick and foreign-key checks, and every stored document.
    Check,
}

pub fn run(command: Command) -> u8 {
    let Command::Db(args) = command;
    let path = match args.db.clone().or_else(callflow_store::default_library_path) {
        Some(p) => p,
        None => {
            eprintln!("error: this system reports no data directory for the app's library; pass --db PATH");
            return exit::UNREADABLE;
        }
    };
    match execute(&args, &path) {
        Ok(code) => code,
        Err(err) => {
            if args.json {
                println!("{}", to_json(&err.report()));
            } else {
                eprintln!("error: {err}");
                if let StoreError::PublishRefused { errors, .. } = &err {
                    eprint!("{}", diagnostics_text(errors));
                }
            }
            match err {
                StoreError::PublishRefused { .. } | StoreError::Damaged { .. } => exit::PROBLEMS,
                _ => exit::UNREADABLE,
            }
        }
    }
}

fn open(path: &Path, create: bool) -> Result<Library, StoreError> {
    if !create && !path.exists() {
        return Err(StoreError::InvalidInput(format!(
            "there is no library at {} yet; import flows with `callflow db import FILE|DIR`{}",
            path.display(),
            " (or pass --db PATH to use another library)"
        )));
    }
    Library::open(path)
}

fn execute(args: &DbArgs, path: &Path) -> Result<u8, StoreError> {
    let json = args.json;
    match &args.command {
        DbCommand::Path => {
            if json {
                println!("{}", to_json(&serde_json::json!({ "path": path, "exists": path.exists() })));
            } else {
                println!("{}", path.display());
            }
            Ok(exit::OK)
        }
        DbCommand::List { text, kind, phone, queue, trash } => {
            let kind = match kind {
                Some(k) => Some(ComponentKind::from_id(k).ok_or_else(|| {
                    StoreError::InvalidInput(format!(
                        "`{k}` is not a component kind; see `callflow catalog` (e.g. `assignment_dial`)"
                    ))
                })?),
                None => None,
            };
            let lib = open(path, false)?;
            let query = FlowQuery {
                text: text.clone(),
                kind,
                phone: phone.clone(),
                queue: queue.clone(),
                trash: *trash,
            };
            let flows = lib.list_flows(&query)?;
            if json {
                println!("{}", to_json(&flows));
                return Ok(exit::OK);
            }
            if flows.is_empty() {
                println!("no flows{}", if *trash { " in the trash" } else { "" });
                return Ok(exit::OK);
            }
            let mut rows = vec![["ID", "NAME", "TYPE", "LATEST", "PUBLISHED", "DRAFT"].map(String::from)];
            for f in &flows {
                let draft = match (f.draft_invalid, f.draft_changed) {
                    (true, _) => "invalid",
                    (false, true) => "changed",
                    (false, false) => "saved",
                };
                rows.push([
                    f.id.clone(),
                    f.name.clone(),
                    serde_json::to_value(f.flow_type)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from))
                        .unwrap_or_default(),
                    f.latest_version.as_ref().map_or("-".into(), |v| format!("v{}", v.number)),
                    f.published_version.map_or("-".into(), |v| format!("v{v}")),
                    draft.into(),
                ]);
            }
            print!("{}", table(&rows));
            Ok(exit::OK)
        }
        DbCommand::Import { paths } => {
            let mut lib = open(path, true)?;
            let report = lib.import_paths(paths)?;
            let invalid = report.flows.iter().filter(|f| f.invalid).count();
            if json {
                println!("{}", to_json(&report));
            } else {
                for f in &report.flows {
                    let action = match f.action {
                        ImportAction::Created => "created",
                        ImportAction::Updated => "updated",
                        ImportAction::Unchanged => "unchanged",
                    };
                    let what = match (f.invalid, f.version) {
                        (true, _) => format!(
                            "as a draft marked invalid ({} error{})",
                            f.errors.len(),
                            if f.errors.len() == 1 { "" } else { "s" }
                        ),
                        (false, Some(v)) => format!("version {v}"),
                        (false, None) => "draft".into(),
                    };
                    let kept = f
                        .kept_draft_as
                        .map(|v| format!("; unsaved draft kept as version {v}"))
                        .unwrap_or_default();
                    println!("{action} `{}` from {}: {what}{kept}", f.flow_id, f.source);
                    if f.invalid {
                        print!("{}", diagnostics_text(&f.errors));
                    }
                }
                println!(
                    "{} file{} imported into {}{}",
                    report.flows.len(),
                    if report.flows.len() == 1 { "" } else { "s" },
                    path.display(),
                    if invalid > 0 {
                        format!("; {invalid} with validation errors (kept as drafts)")
                    } else {
                        String::new()
                    }
                );
            }
            Ok(if invalid > 0 { exit::PROBLEMS } else { exit::OK })
        }
        DbCommand::Export { flow, all, version, output } => {
            let lib = open(path, false)?;
            if let Some(dir) = all {
                let exported = lib.export_all(dir)?;
                if json {
                    println!("{}", to_json(&exported));
                } else {
                    for e in &exported {
                        println!("wrote {}", e.path);
                    }
                    println!(
                        "{} flow{} exported to {}",
                        exported.len(),
                        plural(exported.len()),
                        dir.display()
                    );
                }
                return Ok(exit::OK);
            }
            let Some(flow) = flow else {
                return Err(StoreError::InvalidInput("name a flow to export, or pass --all DIR".into()));
            };
            let which = version.map_or(DocRef::Draft, DocRef::Version);
            match output.as_deref() {
                Some(p) if p == Path::new("-") => {
                    print!("{}", lib.open_document(flow, which)?.to_json());
                }
                _ => {
                    let target =
                        output.clone().unwrap_or_else(|| PathBuf::from(format!("{flow}.callflow.json")));
                    let exported = lib.export_flow(flow, which, &target)?;
                    if json {
                        println!("{}", to_json(&exported));
                    } else {
                        println!("wrote {} ({which} of `{flow}`)", exported.path);
                    }
                }
            }
            Ok(exit::OK)
        }
        DbCommand::Versions { flow } => {
            let lib = open(path, false)?;
            let versions = lib.list_versions(flow)?;
            if json {
                println!("{}", to_json(&versions));
                return Ok(exit::OK);
            }
            if versions.is_empty() {
                println!("`{flow}` has no saved versions yet (only its draft)");
                return Ok(exit::OK);
            }
            let mut rows = vec![["VERSION", "SAVED", "AUTHOR", "COMPONENTS", "MESSAGE"].map(String::from)];
            for v in &versions {
                rows.push([
                    format!("v{}{}", v.number, if v.published { " (published)" } else { "" }),
                    v.created_at.clone(),
                    if v.author.is_empty() { "-".into() } else { v.author.clone() },
                    v.component_count.to_string(),
                    v.message.clone(),
                ]);
            }
            print!("{}", table(&rows));
            Ok(exit::OK)
        }
        DbCommand::Diff { flow, from, to } => {
            let lib = open(path, false)?;
            let diff = lib.diff(flow, *from, *to)?;
            if json {
                println!("{}", to_json(&diff));
            } else {
                print!("{}", diff_text(&diff));
            }
            Ok(exit::OK)
        }
        DbCommand::Publish { flow, version } => {
            let mut lib = open(path, false)?;
            let published = lib.publish(flow, *version)?;
            if json {
                println!("{}", to_json(&published));
            } else {
                println!("published version {} of `{flow}`", published.version);
                if !published.warnings.is_empty() {
                    print!("{}", diagnostics_text(&published.warnings));
                }
                if published.draft_differs {
                    println!("note: the draft has changes that are not in version {}", published.version);
                }
            }
            Ok(exit::OK)
        }
        DbCommand::Check => {
            let lib = open(path, false)?;
            let check = lib.check_database()?;
            if json {
                println!("{}", to_json(&serde_json::json!({ "ok": check.ok(), "check": check })));
            } else {
                let status = |problems: &[String]| {
                    if problems.is_empty() { "ok".to_string() } else { problems.join("\n    ") }
                };
                println!("library {}", check.path);
                println!(
                    "  schema version {}, {} flows, {} versions, {} bytes",
                    check.schema_version, check.flows, check.versions, check.size_bytes
                );
                println!("  integrity_check: {}", status(&check.integrity));
                println!("  quick_check: {}", status(&check.quick));
                println!("  foreign_key_check: {}", status(&check.foreign_keys));
                println!("  stored documents: {}", status(&check.documents));
            }
            Ok(if check.ok() { exit::OK } else { exit::PROBLEMS })
        }
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot print the result: {e}\"}}"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Left-aligned columns, two spaces apart.
fn table<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == N {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<width$}  ", width = widths[i]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn diagnostics_text(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let at = d.component.as_ref().map(|c| format!(" (component `{c}`)")).unwrap_or_default();
        let _ = writeln!(out, "  {severity}[{}]{at}: {}", d.code, d.message);
    }
    out
}

fn value_text(value: &Option<serde_json::Value>) -> String {
    match value {
        None => "(none)".into(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 80 {
                format!("{}...", text.chars().take(77).collect::<String>())
            } else {
                text
            }
        }
    }
}

fn field_lines(out: &mut String, indent: &str, fields: &[FieldChange]) {
    for f in fields {
        let _ = writeln!(out, "{indent}{}: {} -> {}", f.path, value_text(&f.before), value_text(&f.after));
    }
}

fn end_text(end: &ExitEnd) -> String {
    match end {
        ExitEnd::Absent => "(no such exit)".into(),
        ExitEnd::Unconnected => "(unconnected)".into(),
        ExitEnd::Connected { target } => target.clone(),
    }
}

fn mark(change: Change) -> char {
    match change {
        Change::Added => '+',
        Change::Removed => '-',
        Change::Changed => '~',
    }
}

/// The diff as text: one section per kind of change, `+` added, `-` removed, `~` changed.
pub fn diff_text(d: &FlowDiff) -> String {
    let mut out = format!("`{}`: {} -> {}\n", d.flow_id, d.from, d.to);
    if d.is_empty() {
        out.push_str("no differences\n");
        return out;
    }
    if !d.settings.is_empty() {
        out.push_str("settings:\n");
        field_lines(&mut out, "  ", &d.settings);
    }
    if !d.variables.is_empty() {
        out.push_str("variables:\n");
        for v in &d.variables {
            let _ = writeln!(out, "  {} {}", mark(v.change), v.name);
            field_lines(&mut out, "      ", &v.fields);
        }
    }
    if !d.components.is_empty() {
        out.push_str("components:\n");
        for c in &d.components {
            let _ = writeln!(out, "  {} {} ({} \"{}\")", mark(c.change), c.id, c.kind.id(), c.name);
            field_lines(&mut out, "      ", &c.fields);
        }
    }
    if !d.exits.is_empty() {
        out.push_str("exits:\n");
        for e in &d.exits {
            let name = if e.alternative_key { format!("key {}", e.exit) } else { e.exit.clone() };
            let _ =
                writeln!(out, "  {}.{name}: {} -> {}", e.component, end_text(&e.before), end_text(&e.after));
        }
    }
    if !d.notes.is_empty() {
        out.push_str("notes:\n");
        for n in &d.notes {
            let _ = writeln!(out, "  {} {}", mark(n.change), n.id);
            field_lines(&mut out, "      ", &n.fields);
        }
    }
    if d.environment.is_some() {
        out.push_str("environment: changed\n");
    }
    if !d.tests.is_empty() {
        out.push_str("saved test calls:\n");
        for t in &d.tests {
            let _ = writeln!(out, "  {} {}", mark(t.change), t.name);
        }
    }
    if !d.moved.is_empty() || !d.notes_moved.is_empty() {
        let moved: Vec<&str> = d
            .moved
            .iter()
            .map(|m| m.component.as_str())
            .chain(d.notes_moved.iter().map(String::as_str))
            .collect();
        let _ = writeln!(out, "moved (layout only): {}", moved.join(", "));
    }
    out
}
