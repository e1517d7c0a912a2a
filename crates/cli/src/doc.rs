//! Subcommands that work on flow files: `validate`, `fmt`, `schema`, `catalog`, `graph`.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the JSON Schema of `*.callflow.json`.
    Schema,
}

pub fn run(command: Command) -> u8 {
    match command {
        Command::Schema => {
            print!("{}", callflow_model::schema::flow_file_schema());
            crate::exit::OK
        }
    }
}
