//! Simulator subcommands (`run`, `test`, `paths`, `campaign`, `debug`): arrive with the engine.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {}

pub fn run(command: Command) -> u8 {
    match command {}
}
