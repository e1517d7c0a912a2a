//! `callflow report`: the test-run report (`report tests FILE|DIR...`: which saved test calls
//! passed, the path each took, coverage) and the dialer campaign report (`report campaign FLOW
//! RECORDS`), as CSV or as a readable HTML page, printed or written to `-o FILE` (an existing
//! file is replaced only with `--force`).
//!
//! Exit codes: 0 written; 1 written, but some test failed or could not run; 2 nothing written.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use callflow_export::report;
use clap::{Args, Subcommand, ValueEnum};

use crate::exit;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reports as CSV or HTML: saved test runs with paths and coverage, or a dialer campaign.
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    what: What,
    #[arg(long, value_enum, default_value_t = Format::Html, global = true)]
    format: Format,
    /// Write the report to this file instead of printing it.
    #[arg(short, long, value_name = "FILE", global = true)]
    output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long, global = true)]
    force: bool,
}

#[derive(Debug, Subcommand)]
enum What {
    /// Run the saved test calls of flow files (or of every flow file in folders) and report them.
    Tests {
        #[arg(required = true, value_name = "FILE|DIR")]
        paths: Vec<PathBuf>,
    },
    /// Run a dialer campaign over records (CSV: id,phone,start_minute,agent,customer) and report
    /// every attempt.
    Campaign { flow: PathBuf, records: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Csv,
    Html,
}

pub fn run(Command::Report(args): Command) -> u8 {
    match execute(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            exit::UNREADABLE
        }
    }
}

fn execute(args: &ReportArgs) -> Result<u8, String> {
    let (text, code) = match &args.what {
        What::Tests { paths } => {
            let mut files = Vec::new();
            for p in paths {
                if p.is_dir() {
                    let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                        .map_err(|e| format!("{}: {e}", p.display()))?
                        .flatten()
                        .map(|e| e.path())
                        .filter(|f| f.to_string_lossy().ends_with(callflow_model::file::FILE_EXTENSION))
                        .collect();
                    found.sort();
                    files.extend(found);
                } else {
                    files.push(p.clone());
                }
            }
            let results: Vec<report::FileTests> = files.iter().map(|f| report::run_tests(f)).collect();
            let all_passed = results.iter().all(|f| f.problem.is_none() && f.passed() == f.tests.len());
            let text = match args.format {
                Format::Csv => report::tests_csv(&results),
                Format::Html => report::tests_html(&results),
            };
            (text, if all_passed { exit::OK } else { exit::PROBLEMS })
        }
        What::Campaign { flow, records } => (campaign(flow, records, args.format)?, exit::OK),
    };
    match &args.output {
        Some(path) => {
            callflow_export::write_file(path, text.as_bytes(), args.force).map_err(|e| e.to_string())?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(code)
}

fn campaign(flow: &Path, records: &Path, format: Format) -> Result<String, String> {
    let loaded = callflow_engine::Loaded::read(flow)?;
    let program = loaded.program().map_err(|e| format!("{}: {e}", flow.display()))?;
    let text = std::fs::read_to_string(records).map_err(|e| format!("{}: {e}", records.display()))?;
    let records_read =
        callflow_engine::dialer::parse_records(&text).map_err(|e| format!("{}: {e}", records.display()))?;
    let env = Arc::new(loaded.environment());
    let rows = callflow_engine::dialer::run_campaign(&program, &env, &records_read)
        .map_err(|e| format!("{}: {e}", flow.display()))?;
    Ok(match format {
        Format::Csv => report::campaign_csv(&rows),
        Format::Html => report::campaign_html(&loaded.file.flow.name, &rows),
    })
}
