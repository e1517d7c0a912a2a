//! `callflow`: the command line of Callflow Studio.
//!
//! Each group of subcommands lives in its own module with its own clap enum, flattened here:
//! [`doc`] works on flow files (validate, fmt, schema, catalog, graph), [`sim`] runs the
//! simulator, [`db`] works on the flow library.

mod db;
mod doc;
mod export;
mod files;
mod interchange;
mod locate;
mod report;
mod sim;
mod verify;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a flow document is many small allocations, and
/// reading, checking and dropping a large one ran about a third faster (BENCHMARKS.md, Foundation).
/// The app uses it too (`src-tauri/src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "callflow", version, about = "Design, check, simulate and export contact-centre call flows")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    #[command(flatten)]
    Doc(doc::Command),
    #[command(flatten)]
    Sim(sim::Command),
    #[command(flatten)]
    Db(db::Command),
    #[command(flatten)]
    Export(export::Command),
    #[command(flatten)]
    Verify(verify::Command),
    #[command(flatten)]
    Import(interchange::Command),
    #[command(flatten)]
    Report(report::Command),
}

/// Exit codes shared by every subcommand.
pub mod exit {
    /// Everything is fine.
    pub const OK: u8 = 0;
    /// The input was read but has problems (validation errors, failed tests, files to format).
    pub const PROBLEMS: u8 = 1;
    /// The input could not be read or the command could not run.
    pub const UNREADABLE: u8 = 2;
}

fn main() -> ExitCode {
    sigpipe::reset();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Doc(cmd) => doc::run(cmd),
        Command::Sim(cmd) => sim::run(cmd),
        Command::Db(cmd) => db::run(cmd),
        Command::Export(cmd) => export::run(cmd),
        Command::Verify(cmd) => verify::run(cmd),
        Command::Import(cmd) => interchange::run(cmd),
        Command::Report(cmd) => report::run(cmd),
    };
    ExitCode::from(code)
}
