// Prevents an extra console window on Windows in release.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// The system allocator, unlike the command line's mimalloc: see memory.rs.

fn main() {
    callflow_app::run();
}
