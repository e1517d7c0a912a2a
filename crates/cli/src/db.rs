//! Flow-library subcommands (`callflow db ...`): arrive with the store.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {}

pub fn run(command: Command) -> u8 {
    match command {}
}
