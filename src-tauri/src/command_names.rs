// The one list of IPC commands. Shared by build.rs (app manifest / ACL), the handler
// registration test and the check against the UI's typed invoke map
// (`ui/src/lib/ipc/commands.ts`) and the capability file (`capabilities/default.json`).
pub const COMMANDS: &[&str] = &[
    "catalog",
    "analyze_flow",
    "new_flow",
    "sample_flows",
    "import_flow",
    "export_flow",
    "save_flow",
    "set_title",
];
