//! Simulator subcommands: `run`, `test`, `paths`, `campaign`, `debug` (DOMAIN.md §4; the engine
//! is `callflow-engine`).

use std::io::{BufRead, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use callflow_engine::debug::{Breakpoint, DebugSession, DebugView};
use callflow_engine::testing::{PathLimitHit, PathLimits, explore_paths, run_file_tests, summary};
use callflow_engine::trace::format_event;
use callflow_engine::{EngineError, Loaded, Options, Sim};
use callflow_model::{CallSetup, Environment, ScriptEvent};
use clap::{Subcommand, ValueEnum};
use serde::Deserialize;

use crate::exit;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate one call and print its trace.
    Run {
        flow: PathBuf,
        /// Caller script: a JSON array of `{at, event}` (or an object with `call` and `script`).
        #[arg(long)]
        script: Option<PathBuf>,
        /// Environment (agents, queues, destinations...) as JSON; default: the file's own.
        #[arg(long)]
        env: Option<PathBuf>,
        /// Run the saved test call of this name instead of a script.
        #[arg(long, conflicts_with = "script")]
        test: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Run saved test calls of flow files (a file or every `*.callflow.json` in a folder).
    Test {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also fail when a file's tests do not take every exit of every component.
        #[arg(long)]
        require_coverage: bool,
    },
    /// Enumerate the distinct paths of a flow as generated test calls.
    Paths {
        flow: PathBuf,
        /// Add the generated test calls to the file (replacing earlier generated ones).
        #[arg(long)]
        write: bool,
        #[arg(long, default_value_t = 64)]
        max: usize,
        /// Keep only the paths needed to take every exit the enumeration reaches.
        #[arg(long)]
        minimal: bool,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Run an outbound dialer campaign over records (CSV) and write the attempts report (CSV).
    Campaign {
        flow: PathBuf,
        /// CSV with header `id,phone,start_minute,agent,customer`; `input:<component>` columns
        /// say what the customer does at that prompt (`123456;hangup;silence;$key`), other columns
        /// are record keys (`expected_<component>`: the answer typed by default). Default: the
        /// records saved in the flow file (`campaign`, written by the app's campaign view).
        #[arg(long)]
        records: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        env: Option<PathBuf>,
    },
    /// Step through a call in the terminal (commands on stdin; `help` lists them).
    Debug {
        flow: PathBuf,
        #[arg(long)]
        script: Option<PathBuf>,
        #[arg(long)]
        env: Option<PathBuf>,
        /// Stop where the script does not decide, and offer the legal choices.
        #[arg(long)]
        interactive: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn run(command: Command) -> u8 {
    let r = match command {
        Command::Run { flow, script, env, test, format } => {
            run_cmd(&flow, script.as_deref(), env.as_deref(), test.as_deref(), format)
        }
        Command::Test { paths, require_coverage } => test_cmd(&paths, require_coverage),
        Command::Paths { flow, write, max, minimal, format } => paths_cmd(&flow, write, max, minimal, format),
        Command::Campaign { flow, records, out, env } => {
            campaign_cmd(&flow, records.as_deref(), out.as_deref(), env.as_deref())
        }
        Command::Debug { flow, script, env, interactive } => {
            debug_cmd(&flow, script.as_deref(), env.as_deref(), interactive)
        }
    };
    match r {
        Ok(code) => code,
        Err((code, message)) => {
            eprintln!("error: {message}");
            code
        }
    }
}

type CmdResult = Result<u8, (u8, String)>;

fn unreadable(e: impl std::fmt::Display) -> (u8, String) {
    (exit::UNREADABLE, e.to_string())
}

/// Check errors and bad scripts are problems with the input (exit 1); the rest is unreadable.
fn engine_err(e: EngineError) -> (u8, String) {
    match e {
        EngineError::CheckErrors(_) | EngineError::Script { .. } => (exit::PROBLEMS, e.to_string()),
        other => (exit::UNREADABLE, other.to_string()),
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ScriptFile {
    Events(Vec<ScriptEvent>),
    WithCall {
        #[serde(default)]
        call: CallSetup,
        script: Vec<ScriptEvent>,
    },
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T, (u8, String)> {
    let text = std::fs::read_to_string(path).map_err(|e| unreadable(format!("{}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| unreadable(format!("{} is not a valid {what}: {e}", path.display())))
}

fn load(flow: &Path, env: Option<&Path>) -> Result<(Loaded, Arc<Environment>), (u8, String)> {
    let loaded = Loaded::read(flow).map_err(unreadable)?;
    let env = match env {
        Some(p) => read_json::<Environment>(p, "environment")?,
        None => loaded.environment(),
    };
    Ok((loaded, Arc::new(env)))
}

fn script_and_call(
    loaded: &Loaded,
    script: Option<&Path>,
    test: Option<&str>,
) -> Result<(CallSetup, Vec<ScriptEvent>), (u8, String)> {
    if let Some(name) = test {
        let t = loaded.file.tests.iter().find(|t| t.name == name).ok_or_else(|| {
            let names: Vec<&str> = loaded.file.tests.iter().map(|t| t.name.as_str()).collect();
            unreadable(format!(
                "no saved test call named `{name}` (tests: {})",
                if names.is_empty() { "none".into() } else { names.join(", ") }
            ))
        })?;
        return Ok((t.call.clone(), t.script.clone()));
    }
    match script {
        None => Ok((
            CallSetup { ani: "+15550100001".into(), dnis: "+15550100000".into(), ..CallSetup::default() },
            Vec::new(),
        )),
        Some(p) => Ok(match read_json::<ScriptFile>(p, "script")? {
            ScriptFile::Events(events) => (
                CallSetup { ani: "+15550100001".into(), dnis: "+15550100000".into(), ..CallSetup::default() },
                events,
            ),
            ScriptFile::WithCall { call, script } => (call, script),
        }),
    }
}

fn run_cmd(
    flow: &Path,
    script: Option<&Path>,
    env: Option<&Path>,
    test: Option<&str>,
    format: Format,
) -> CmdResult {
    let explicit_env = env.is_some();
    let (loaded, env) = load(flow, env)?;
    let (call, events) = script_and_call(&loaded, script, test)?;
    // A saved test call with its own environment runs in it (unless --env says otherwise).
    let env = match test
        .and_then(|name| loaded.file.tests.iter().find(|t| t.name == name))
        .and_then(|t| t.environment.clone())
    {
        Some(own) if !explicit_env => Arc::new(own),
        _ => env,
    };
    let prog = loaded.program().map_err(engine_err)?;
    let result = Sim::new(prog, env, call, &events, Options::default()).map_err(engine_err)?.run();
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&result).map_err(unreadable)?),
        Format::Human => {
            print!("{}", result.trace_text());
            println!("end: {}", result.end.as_deref().unwrap_or("-"));
            let vars: Vec<String> = result.variables.iter().map(|(k, v)| format!("{k}={v}")).collect();
            if !vars.is_empty() {
                println!("variables: {}", vars.join(" "));
            }
        }
    }
    Ok(exit::OK)
}

fn flow_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, (u8, String)> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| unreadable(format!("{}: {e}", p.display())))?
                .flatten()
                .map(|e| e.path())
                .filter(|f| f.to_string_lossy().ends_with(callflow_model::file::FILE_EXTENSION))
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn test_cmd(paths: &[PathBuf], require_coverage: bool) -> CmdResult {
    let files = flow_files(paths)?;
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut uncovered = 0;
    for f in &files {
        let (loaded, env) = match load(f, None) {
            Ok(x) => x,
            Err((_, msg)) => {
                println!("{}: cannot read: {msg}", f.display());
                failed += 1;
                continue;
            }
        };
        let tests = &loaded.file.tests;
        if tests.is_empty() {
            println!("{}: no saved test calls", f.display());
            continue;
        }
        let prog = match loaded.program() {
            Ok(p) => p,
            Err(e) => {
                println!("{}: cannot run: {e}", f.display());
                failed += tests.len();
                continue;
            }
        };
        let (outcomes, cov) = run_file_tests(&prog, &env, &loaded.file.flow, tests);
        println!("{}", f.display());
        for o in &outcomes {
            match o {
                Ok(t) if t.passed => println!("  ok    {}", t.name),
                Ok(t) => println!(
                    "  FAIL  {}: {}",
                    t.name,
                    t.difference.as_ref().map(ToString::to_string).unwrap_or_default()
                ),
                Err(e) => println!("  FAIL  {e}"),
            }
        }
        let (p, n) = summary(&outcomes);
        passed += p;
        failed += n;
        println!(
            "  coverage: {}/{} components, {}/{} exits{}",
            cov.components_covered,
            cov.components_total,
            cov.exits_covered,
            cov.exits_total,
            if cov.keys.is_empty() { String::new() } else { format!(", keys {}", cov.keys.join(" ")) }
        );
        if !cov.missing_exits.is_empty() {
            uncovered += 1;
            println!("  exits never taken: {}", cov.missing_exits.join(", "));
        }
        // Alternative keys are reported apart from the exits (they do not fail --require-coverage).
        if !cov.missing_keys.is_empty() {
            println!("  keys never pressed: {}", cov.missing_keys.join(", "));
        }
    }
    let fail_cov = require_coverage && uncovered > 0;
    println!("{passed} passed, {failed} failed");
    Ok(if failed > 0 || fail_cov { exit::PROBLEMS } else { exit::OK })
}

const GENERATED: &str = "path ";

fn paths_cmd(flow: &Path, write: bool, max: usize, minimal: bool, format: Format) -> CmdResult {
    let (loaded, env) = load(flow, None)?;
    let prog = loaded.program().map_err(engine_err)?;
    // The first saved test call sets the call (and environment) the paths start from.
    let env = match loaded.file.tests.first().and_then(|t| t.environment.clone()) {
        Some(own) => Arc::new(own),
        None => env,
    };
    let setup = loaded.file.tests.first().map(|t| t.call.clone()).unwrap_or(CallSetup {
        ani: "+15550100001".into(),
        dnis: "+15550100000".into(),
        ..CallSetup::default()
    });
    let generated =
        explore_paths(&prog, &env, &setup, PathLimits { max_paths: max, ..PathLimits::default() })
            .map_err(engine_err)?;
    let cut_short: Vec<String> = generated.cut_short.iter().map(limit_hit).collect();
    let tests = generated.tests;
    let tests = if minimal {
        let mut results = Vec::new();
        for t in &tests {
            results.push(callflow_engine::testing::run_test(&prog, &env, t).map_err(engine_err)?.1);
        }
        let mut kept = callflow_engine::testing::minimal_cover(tests, &results);
        for (i, t) in kept.iter_mut().enumerate() {
            t.name = format!("{GENERATED}{}: ends {}", i + 1, t.expect.end.as_deref().unwrap_or("-"));
        }
        kept
    } else {
        tests
    };
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&tests).map_err(unreadable)?),
        Format::Human => {
            for t in &tests {
                let path: Vec<String> = t
                    .expect
                    .path
                    .iter()
                    .map(|p| match &p.exit {
                        Some(e) => format!("{}[{e}]", p.component),
                        None => p.component.clone(),
                    })
                    .collect();
                println!("{}: {}", t.name, path.join(" -> "));
            }
            println!("{} path(s)", tests.len());
            if !cut_short.is_empty() {
                println!("more paths exist: {}", cut_short.join("; "));
            }
        }
    }
    // JSON keeps stdout a plain array of test calls: the note goes to stderr.
    if format == Format::Json && !cut_short.is_empty() {
        eprintln!("more paths exist: {}", cut_short.join("; "));
    }
    if write {
        let mut file = loaded.file.clone();
        file.tests.retain(|t| !t.name.starts_with(GENERATED));
        file.tests.extend(tests);
        std::fs::write(flow, file.to_json()).map_err(|e| unreadable(format!("{}: {e}", flow.display())))?;
        eprintln!("wrote {} test call(s) to {}", file.tests.len(), flow.display());
    }
    Ok(exit::OK)
}

/// A bound that cut the path enumeration short, in words (with the option that raises it).
fn limit_hit(hit: &PathLimitHit) -> String {
    match hit {
        PathLimitHit::MaxPaths { max } => format!("only the first {max} are listed (--max {max})"),
        PathLimitHit::MaxRuns { max } => {
            format!("the exploration stopped after {max} simulated calls with choices left")
        }
        PathLimitHit::MaxDecisions { max } => {
            format!("calls that met {max} decisions took only the time-outs after them")
        }
    }
}

fn campaign_cmd(flow: &Path, records: Option<&Path>, out: Option<&Path>, env: Option<&Path>) -> CmdResult {
    let (loaded, env) = load(flow, env)?;
    let prog = loaded.program().map_err(engine_err)?;
    let recs = match records {
        Some(records) => {
            let text = std::fs::read_to_string(records)
                .map_err(|e| unreadable(format!("{}: {e}", records.display())))?;
            callflow_engine::dialer::parse_records(&text)
                .map_err(|e| unreadable(format!("{}: {e}", records.display())))?
        }
        None if loaded.file.campaign.is_empty() => {
            return Err(unreadable(format!(
                "{} has no saved campaign records: give them with --records FILE.csv",
                flow.display()
            )));
        }
        None => {
            // Saved records are checked like the CSV's: a bad answer names its record.
            for r in &loaded.file.campaign {
                callflow_engine::dialer::prompt_inputs(r).map_err(|e| {
                    (exit::PROBLEMS, format!("{}: campaign record `{}`: {e}", flow.display(), r.id))
                })?;
            }
            loaded.file.campaign.clone()
        }
    };
    let rows = callflow_engine::dialer::run_campaign(&prog, &env, &recs).map_err(engine_err)?;
    let mut csv = String::from(callflow_engine::dialer::REPORT_HEADER);
    csv.push('\n');
    for r in &rows {
        csv.push_str(&r.csv());
        csv.push('\n');
    }
    match out {
        Some(p) => {
            std::fs::write(p, &csv).map_err(|e| unreadable(format!("{}: {e}", p.display())))?;
            eprintln!("{} record(s), {} attempt(s) -> {}", recs.len(), rows.len(), p.display());
        }
        None => print!("{csv}"),
    }
    Ok(exit::OK)
}

const DEBUG_HELP: &str = "commands: step (s) | continue (c) | back (b) | break COMPONENT | break COMPONENT.EXIT | break if EXPR | delete N | breakpoints | choose N | vars | agents | queues | timers | trace | script | restart | help | quit";

fn debug_cmd(flow: &Path, script: Option<&Path>, env: Option<&Path>, interactive: bool) -> CmdResult {
    let (loaded, env) = load(flow, env)?;
    let (call, events) = script_and_call(&loaded, script, None)?;
    let prog = loaded.program().map_err(engine_err)?;
    let sim = Sim::new(prog, env, call, &events, Options::default()).map_err(engine_err)?;
    let mut s = DebugSession::new(sim, interactive);
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    let v = s.view();
    show(&v, true);
    println!("{DEBUG_HELP}");
    for line in stdin.lock().lines() {
        let line = line.map_err(unreadable)?;
        let line = line.trim();
        let (cmd, arg) = line.split_once(' ').map(|(c, a)| (c, a.trim())).unwrap_or((line, ""));
        match cmd {
            "" => continue,
            "s" | "step" => show(&s.step(), true),
            "c" | "continue" => show(&s.continue_(), true),
            "b" | "back" => show(&s.step_back(), false),
            "restart" => show(&s.restart(), true),
            "break" => {
                let bp = if let Some(expr) = arg.strip_prefix("if ") {
                    Breakpoint::Condition { expression: expr.to_string() }
                } else if let Some((c, e)) = arg.split_once('.') {
                    Breakpoint::Exit { component: c.to_string(), exit: e.to_string() }
                } else {
                    Breakpoint::Component { component: arg.to_string() }
                };
                match s.add_breakpoint(bp) {
                    Ok(i) => println!("breakpoint {i} set"),
                    Err(e) => println!("cannot set breakpoint: {e}"),
                }
            }
            "delete" => match arg.parse::<usize>() {
                Ok(i) if s.remove_breakpoint(i) => println!("breakpoint {i} deleted"),
                _ => println!("no breakpoint `{arg}`"),
            },
            "breakpoints" => {
                for (i, b) in s.breakpoints().iter().enumerate() {
                    println!("{i}: {}", serde_json::to_string(b).unwrap_or_default());
                }
            }
            "choose" => match arg.parse::<usize>() {
                Ok(i) => match s.choose(i) {
                    Ok(v) => show(&v, true),
                    Err(e) => println!("{e}"),
                },
                Err(_) => println!("choose takes the number of a choice"),
            },
            "vars" => {
                for c in &s.view().calls {
                    println!("call {} ({}):", c.call, c.state);
                    for (k, v) in c.variables.iter().chain(c.syskeys.iter()) {
                        println!("  {k} = {v}");
                    }
                }
            }
            "agents" => {
                for a in &s.view().agents {
                    println!(
                        "  {} {:?}{} idle {}s",
                        a.id,
                        a.status,
                        if a.engaged { " (engaged)" } else { "" },
                        a.idle_sec
                    );
                }
            }
            "queues" => {
                for q in &s.view().queues {
                    println!(
                        "  {} {} priority {} since t={}{} ringing [{}]",
                        q.queue,
                        q.item,
                        q.priority,
                        q.enqueued_at,
                        if q.paused { " (paused)" } else { "" },
                        q.ringing.join(", ")
                    );
                }
            }
            "timers" => {
                for t in &s.view().timers {
                    println!("  t={} {}", t.at, t.what);
                }
            }
            "trace" => {
                for e in s.trace() {
                    println!("{}", format_event(e));
                }
            }
            "script" => {
                println!("{}", serde_json::to_string_pretty(&s.recorded_script()).unwrap_or_default())
            }
            "help" => println!("{DEBUG_HELP}"),
            "q" | "quit" | "exit" => break,
            other => println!("unknown command `{other}`; {DEBUG_HELP}"),
        }
        let _ = out.flush();
    }
    Ok(exit::OK)
}

fn show(v: &DebugView, events: bool) {
    if events {
        for e in &v.new_events {
            println!("{}", format_event(e));
        }
    }
    for c in &v.calls {
        println!("[t={} call {}] {} {}", v.at, c.call, c.component.as_deref().unwrap_or("-"), c.state);
    }
    if let Some(d) = &v.pending {
        println!("decision needed: {}", d.waiting);
        for (i, c) in d.choices.iter().enumerate() {
            println!("  {i}: {}", c.label);
        }
    }
    if v.finished {
        println!("(finished)");
    }
}
