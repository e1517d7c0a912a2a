//! `callflow verify FILE...`: the round-trip guarantee of exported files. Each file must read,
//! be in canonical form (writing it back changes no byte), and replay each of its saved test
//! calls with the engine on exactly the recorded path. Folders stand for the
//! `*.callflow.json` files directly inside them.
//!
//! Exit codes: 0 every file verified; 1 some test or canonical-form check failed; 2 some file
//! could not be read or its flow cannot run.

use std::path::PathBuf;

use callflow_export::{Verdict, verify_file};
use clap::{Args, Subcommand};

use crate::exit;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check exported files: canonical form, and saved test calls replay on their recorded paths.
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[arg(required = true, value_name = "FILE|DIR")]
    paths: Vec<PathBuf>,
}

pub fn run(Command::Verify(args): Command) -> u8 {
    let mut files = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|entries| entries.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            found.retain(|p| p.to_string_lossy().ends_with(callflow_model::file::FILE_EXTENSION));
            found.sort();
            if found.is_empty() {
                println!("{}: no {} files", path.display(), callflow_model::file::FILE_EXTENSION);
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let (mut unreadable, mut failed, mut verified) = (0, 0, 0);
    for file in &files {
        let report = verify_file(file);
        if let Some(problem) = &report.problem {
            println!("{}: cannot verify: {problem}", report.path);
            unreadable += 1;
            continue;
        }
        let same = report.tests.iter().filter(|t| t.verdict == Verdict::SamePath).count();
        println!(
            "{}: {} ({} of {} saved test calls replayed on their recorded paths)",
            report.path,
            if report.ok() { "ok" } else { "FAILED" },
            same,
            report.tests.len()
        );
        if !report.canonical {
            println!("  not in canonical form: writing it back would change it (`callflow fmt` rewrites it)");
        }
        for test in &report.tests {
            match &test.verdict {
                Verdict::SamePath => {}
                Verdict::NoRecordedPath => {
                    println!("  note  {}: no recorded path (other expectations met)", test.name)
                }
                Verdict::Different(d) => println!("  FAIL  {}: {d}", test.name),
                Verdict::CannotRun(e) => println!("  FAIL  {}: cannot run: {e}", test.name),
            }
        }
        if report.ok() {
            verified += 1;
        } else {
            failed += 1;
        }
    }
    println!("{verified} verified, {failed} failed, {unreadable} unreadable");
    if unreadable > 0 {
        exit::UNREADABLE
    } else if failed > 0 {
        exit::PROBLEMS
    } else {
        exit::OK
    }
}
